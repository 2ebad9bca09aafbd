// POST /bucket_invocations_azure_uae against Azurite: SharedKey and SAS authorisation, paged
// List Blobs, Get Blob; results go to the GCS-side store (here the local one), as the reference
// writes them to GCS.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/azure_blob_object_store.h"
#include "storage/azure_shared_key.h"
#include "storage/local_object_store.h"
#include "support/bucket_client.h"
#include "support/bucket_volume.h"
#include "support/emulator_process.h"
#include "support/service_process.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class AzureBuckets : public ::testing::Test {
 protected:
  void SetUp() override {
    OCTGATE_REQUIRE_EMULATORS();
    emulator_ = EmulatorProcess::start(EmulatorProcess::Kind::kAzurite);
    ASSERT_TRUE(emulator_->started()) << emulator_->error();
    auto account = storage::parse_azure_connection_string(emulator_->azure_connection_string());
    ASSERT_TRUE(account);
    store_ = std::make_unique<storage::AzureBlobObjectStore>(*account, storage::AzureBlobOptions{});
    ASSERT_TRUE(store_->create_container("uae-scans").is_ok());
    volume_ = synthetic_volume("exam/", 7);
    upload(*store_, "uae-scans", volume_);
    std::string pattern = (fs::temp_directory_path() / "octgate-azure-results-XXXXXX").string();
    results_root_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    service_.reset();
    if (!results_root_.empty()) fs::remove_all(results_root_);
  }
  void start_service(const std::string& connection_string) {
    service_ = std::make_unique<ServiceProcess>(
        std::vector<std::string>{"serve", "--azure-store", "azure", "--gcs-store", "local", "--local-storage",
                                 results_root_.string(), "--azure-input-container", "uae-scans",
                                 "--azure-output-bucket", "uae-results", "--storage-page-size", "2"},
        std::vector<std::string>{"AZURE_STORAGE_CONNECTION_STRING=" + connection_string});
    ASSERT_TRUE(service_->started()) << service_->log();
  }
  httplib::Headers headers(const std::string& input_location) {
    return {{"Webhook-Url", receiver_.url()}, {"Examination-ID", "exam-uae"}, {"Input-Location", input_location}};
  }

  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<storage::AzureBlobObjectStore> store_;
  std::vector<VolumeObject> volume_;
  fs::path results_root_;
  WebhookReceiver receiver_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(AzureBuckets, VolumeSpanningPagesIsSentWithSharedKeyAndResultsAreWritten) {
  start_service(emulator_->azure_connection_string());
  auto h = headers("exam/");
  h.emplace("Write-To-GCS", "1");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto images = images_of(volume_);
  expect_sent(answer.json, images, "exam-uae");
  auto hooks = expect_webhooks(receiver_, answer.json, images);
  storage::LocalObjectStore results(results_root_);
  for (const auto& path : answer.json.at("result_path").as_array()) {
    auto stored = results.read("uae-results", std::string(path.as_string()));
    ASSERT_TRUE(stored) << stored.status().message();
    std::string uuid(path.as_string().subview(8, 36));
    EXPECT_EQ(json::parse(*stored), hooks[uuid].at("output").at("instances").at(0).at("points"));
  }
}

TEST_F(AzureBuckets, SliceIdxSelectsSlices) {
  start_service(emulator_->azure_connection_string());
  auto h = headers("exam");
  h.emplace("Inference-Parameters", "{\"threshold\": 0.25, \"slice_idx\": [2, 4]}");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::vector<VolumeObject> expected{volume_[2], volume_[4]};
  expect_sent(answer.json, expected, "exam-uae");
  expect_webhooks(receiver_, answer.json, expected);
}

TEST_F(AzureBuckets, WrongAccountKeyIs403NamingTheContainer) {
  std::string wrong_key(storage::kDevelopmentAccountKey);
  wrong_key[0] = wrong_key[0] == 'A' ? 'B' : 'A';
  start_service(emulator_->azure_connection_string(wrong_key));
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam/"));
  ASSERT_EQ(answer.status, 403) << answer.body;
  std::string error(answer.json.at("error").as_string());
  EXPECT_NE(error.find("Azure container 'uae-scans'"), std::string::npos) << error;
  EXPECT_NE(error.find("access denied"), std::string::npos) << error;
  EXPECT_EQ(answer.json.at("examination_id").as_string(), "exam-uae");
  EXPECT_TRUE(receiver_.received().empty());
}

TEST_F(AzureBuckets, UnknownContainerIs404NamingIt) {
  start_service(emulator_->azure_connection_string());
  auto h = headers("exam/");
  h.emplace("Input-Bucket-Name", "no-such-container");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", h);
  ASSERT_EQ(answer.status, 404) << answer.body;
  std::string error(answer.json.at("error").as_string());
  EXPECT_NE(error.find("Azure container 'no-such-container'"), std::string::npos) << error;
  EXPECT_NE(error.find("ContainerNotFound"), std::string::npos) << error;
}

TEST_F(AzureBuckets, NoObjectsIs400NoImagesFound) {
  start_service(emulator_->azure_connection_string());
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam-that-is-not-there/"));
  EXPECT_EQ(answer.status, 400) << answer.body;
  EXPECT_EQ(answer.json, (json::object{{"error", "No images found"}}));
}

TEST_F(AzureBuckets, ContainerSasConnectionStringWorks) {
  storage::ServiceSasSpec spec;
  spec.permissions = "rl";
  spec.expiry = "2099-01-01T00:00:00Z";
  spec.account = "devstoreaccount1";
  spec.container = "uae-scans";
  auto sas = storage::service_sas_query(spec, storage::kDevelopmentAccountKey);
  ASSERT_TRUE(sas);
  start_service("BlobEndpoint=" + emulator_->base_url() + "/devstoreaccount1;SharedAccessSignature=" + *sas);
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam/file.001"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  expect_webhooks(receiver_, answer.json, {volume_[1]});
}

TEST_F(AzureBuckets, ObjectNamesThatNeedUrlEncodingRoundTrip) {
  auto odd = synthetic_volume("odd/", 2);
  odd.resize(2);
  odd[0].name = "odd/a b+c.048";
  odd[1].name = "odd/caf\xC3\xA9 & <1>.png";
  upload(*store_, "uae-scans", odd);
  start_service(emulator_->azure_connection_string());
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("odd/"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  expect_sent(answer.json, odd, "exam-uae");
  expect_webhooks(receiver_, answer.json, odd);
}

TEST_F(AzureBuckets, UnreachableStorageIs503NamingTheContainer) {
  start_service("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" +
                std::string(storage::kDevelopmentAccountKey) + ";BlobEndpoint=http://127.0.0.1:" +
                std::to_string(free_loopback_port()) + "/devstoreaccount1");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations_azure_uae", headers("exam/"));
  ASSERT_EQ(answer.status, 503) << answer.body;
  std::string error(answer.json.at("error").as_string());
  EXPECT_NE(error.find("Azure container 'uae-scans'"), std::string::npos) << error;
  EXPECT_NE(error.find("unreachable"), std::string::npos) << error;
}

}  // namespace
}  // namespace octgate::testing
