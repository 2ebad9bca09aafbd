// The bucket routes on the local store (--local-storage): no cloud, no emulator. Buckets and
// containers are subfolders; listing is paged (--storage-page-size 2) like the cloud stores.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/local_object_store.h"
#include "support/bucket_client.h"
#include "support/bucket_volume.h"
#include "support/service_process.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class LocalBuckets : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "octgate-local-buckets-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    store_ = std::make_unique<storage::LocalObjectStore>(root_);
    volume_ = synthetic_volume("exam/", 7);
    upload(*store_, "scans", volume_);
    upload(*store_, "scans", {{"exam2/file.000", "not this one", 0, 0}});
    fs::create_directories(root_ / "results-bucket");
    service_ = std::make_unique<ServiceProcess>(std::vector<std::string>{
        "serve", "--gcs-store", "local", "--azure-store", "local", "--local-storage", root_.string(),
        "--storage-page-size", "2", "--input-bucket", "scans", "--azure-input-container", "scans"});
    ASSERT_TRUE(service_->started()) << service_->log();
  }
  void TearDown() override {
    service_.reset();
    fs::remove_all(root_);
  }
  httplib::Headers headers(const std::string& input_location) {
    return {{"Webhook-Url", receiver_.url()}, {"Examination-ID", "exam-42"}, {"Input-Location", input_location}};
  }

  fs::path root_;
  std::unique_ptr<storage::LocalObjectStore> store_;
  std::vector<VolumeObject> volume_;
  WebhookReceiver receiver_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(LocalBuckets, WholeVolumeIsListedAcrossPagesAndEachDecodableSliceGetsOneWebhook) {
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("exam/"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto images = images_of(volume_);
  ASSERT_EQ(images.size(), 6u);  // file.003 and readme.txt do not decode
  expect_sent(answer.json, images, "exam-42");
  expect_webhooks(receiver_, answer.json, images);
  EXPECT_NE(service_->log().find("Failed to read image exam/file.003"), std::string::npos) << service_->log();
}

TEST_F(LocalBuckets, SliceIdxSelectsThreeDigitNamesInTheOrderGiven) {
  auto h = headers("exam");
  h.emplace("Inference-Parameters", "{'threshold': 0.3, 'slice_idx': [5, 1, 3]}");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::vector<VolumeObject> expected{volume_[5], volume_[1]};  // file.003 is skipped
  expect_sent(answer.json, expected, "exam-42");
  expect_webhooks(receiver_, answer.json, expected);
}

TEST_F(LocalBuckets, WriteToGcsWritesEachResultWhereResultPathSays) {
  auto h = headers("exam");
  h.emplace("Inference-Parameters", "{\"slice_idx\": [0, 2]}");
  h.emplace("Write-To-GCS", "True");
  h.emplace("Output-Bucket-Name", "results-bucket");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::vector<VolumeObject> expected{volume_[0], volume_[2]};
  expect_sent(answer.json, expected, "exam-42");
  auto hooks = expect_webhooks(receiver_, answer.json, expected);
  for (const auto& path : answer.json.at("result_path").as_array()) {
    auto stored = store_->read("results-bucket", std::string(path.as_string()));
    ASSERT_TRUE(stored) << stored.status().message();
    EXPECT_TRUE(stored->starts_with("[\n    ")) << *stored;  // indent=4, as the reference writes it
    std::string uuid(path.as_string().subview(8, 36));
    EXPECT_EQ(json::parse(*stored), hooks[uuid].at("output").at("instances").at(0).at("points"));
  }
}

TEST_F(LocalBuckets, WithoutWriteToGcsNothingIsWritten) {
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("exam/file.000"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  expect_webhooks(receiver_, answer.json, {volume_[0]});
  EXPECT_FALSE(fs::exists(root_ / "scans" / "results"));
  EXPECT_FALSE(fs::exists(root_ / "results-bucket" / "results"));
}

TEST_F(LocalBuckets, AzureRouteReadsTheContainerFolder) {
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam/file.00"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto images = images_of(volume_);  // file.000-006 but file.003
  expect_sent(answer.json, images, "exam-42");
  expect_webhooks(receiver_, answer.json, images);
}

TEST_F(LocalBuckets, UnknownBucketIs404NamingTheBucket) {
  auto h = headers("exam/");
  h.emplace("Input-Bucket-Name", "no-such-bucket");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", h);
  ASSERT_EQ(answer.status, 404) << answer.body;
  EXPECT_NE(std::string(answer.json.at("error").as_string()).find("'no-such-bucket'"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.json.at("examination_id").as_string(), "exam-42");
  EXPECT_TRUE(receiver_.received().empty());
}

TEST_F(LocalBuckets, HeaderErrorsAre400WithErrorAndExaminationId) {
  struct Case {
    httplib::Headers headers;
    const char* mentions;
  };
  std::vector<Case> cases{
      {{{"Examination-ID", "e"}, {"Input-Location", "exam/"}}, "Webhook"},
      {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", "e"}}, "Input-Location"},
      {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", "e"}, {"Input-Location", "exam/"}, {"Write-To-GCS", "perhaps"}},
       "Write-To-GCS"},
      {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", "e"}, {"Input-Location", "exam/"}, {"Inference-Parameters", "{'slice_idx': 'all'}"}},
       "slice_idx"},
      {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", "e"}, {"Input-Location", "exam/"}, {"Write-To-GCS", "true"}},
       "output bucket"},
  };
  for (const auto& c : cases) {
    auto answer = post_bucket_route(service_->port(), "/bucket_invocations", c.headers);
    EXPECT_EQ(answer.status, 400) << answer.body;
    ASSERT_TRUE(answer.json.contains("error")) << answer.body;
    EXPECT_NE(std::string(answer.json.at("error").as_string()).find(c.mentions), std::string::npos) << answer.body;
    EXPECT_EQ(answer.json.at("examination_id").as_string(), "e");
  }
}

TEST_F(LocalBuckets, LongOrInvalidExaminationIdsAre400WithANullExaminationId) {
  for (const std::string& id : {std::string(257, 'e'), std::string("exam\xff"), std::string("ex\tam")}) {
    auto h = headers("exam/");
    h.erase("Examination-ID");
    h.emplace("Examination-ID", id);
    auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", h);
    EXPECT_EQ(answer.status, 400) << answer.body;
    ASSERT_TRUE(answer.json.contains("error")) << answer.body;
    EXPECT_NE(std::string(answer.json.at("error").as_string()).find("Examination-ID"), std::string::npos) << answer.body;
    EXPECT_TRUE(answer.json.at("examination_id").is_null()) << answer.body;
  }
  auto good = post_bucket_route(service_->port(), "/bucket_invocations", headers("nothing-here/"));
  EXPECT_EQ(good.status, 200) << good.body;
}

TEST_F(LocalBuckets, EmptyPrefixIsSentWithEmptyListsOnGcsAndNoImagesFoundOnAzure) {
  auto gcs = post_bucket_route(service_->port(), "/bucket_invocations", headers("nothing-here/"));
  ASSERT_EQ(gcs.status, 200) << gcs.body;
  EXPECT_TRUE(gcs.json.at("filename").as_array().empty());
  auto azure = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("nothing-here/"));
  EXPECT_EQ(azure.status, 400);
  EXPECT_EQ(azure.json, (json::object{{"error", "No images found"}}));
  // Only objects that do not decode is the same as none.
  auto only_text = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam/readme"));
  EXPECT_EQ(only_text.status, 400) << only_text.body;
}

TEST(LocalBucketLimits, MoreObjectsThanMaxVolumeObjectsIs413AndNothingIsSent) {
  std::string pattern = (fs::temp_directory_path() / "octgate-local-limit-XXXXXX").string();
  fs::path root = mkdtemp(pattern.data());
  storage::LocalObjectStore store(root);
  upload(store, "scans", synthetic_volume("exam/", 5));
  WebhookReceiver receiver;
  {
    ServiceProcess service({"serve", "--gcs-store", "local", "--local-storage", root.string(), "--input-bucket", "scans",
                            "--max-volume-objects", "4"});
    ASSERT_TRUE(service.started()) << service.log();
    auto answer = post_bucket_route(service.port(), "/bucket_invocations",
                                    {{"Webhook-Url", receiver.url()}, {"Input-Location", "exam/"}});
    EXPECT_EQ(answer.status, 413) << answer.body;
    EXPECT_NE(answer.body.find("6 objects"), std::string::npos) << answer.body;
    EXPECT_TRUE(answer.json.at("examination_id").is_null());
  }
  EXPECT_TRUE(receiver.received().empty());
  fs::remove_all(root);
}

}  // namespace
}  // namespace octgate::testing
