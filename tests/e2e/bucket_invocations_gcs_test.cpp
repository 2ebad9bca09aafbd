// POST /bucket_invocations against the Cloud Storage emulator (GCS JSON API v1), found by octgate
// through STORAGE_EMULATOR_HOST exactly as Google's client libraries find it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "storage/gcs_object_store.h"
#include "support/bucket_client.h"
#include "support/bucket_volume.h"
#include "support/emulator_process.h"
#include "support/oauth_token_endpoint.h"
#include "support/service_process.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class GcsBuckets : public ::testing::Test {
 protected:
  void SetUp() override {
    OCTGATE_REQUIRE_EMULATORS();
    emulator_ = EmulatorProcess::start(EmulatorProcess::Kind::kGcs);
    ASSERT_TRUE(emulator_->started()) << emulator_->error();
    storage::GcsOptions options;
    options.endpoint = emulator_->base_url();
    store_ = std::make_unique<storage::GcsObjectStore>(options, storage::no_credentials("test"));
    volume_ = synthetic_volume("exam/", 7);
    upload(*store_, "oct-input", volume_);
    upload(*store_, "oct-input", {{"exam2/file.000", "another exam", 0, 0}});
  }
  void start_service(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"serve", "--gcs-store", "auto", "--azure-store", "local",
                                  "--input-bucket", "oct-input", "--storage-page-size", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    service_ = std::make_unique<ServiceProcess>(args, std::vector<std::string>{"STORAGE_EMULATOR_HOST=" + emulator_->base_url()});
    ASSERT_TRUE(service_->started()) << service_->log();
  }
  httplib::Headers headers(const std::string& input_location) {
    return {{"Webhook-Url", receiver_.url()}, {"Examination-ID", "exam-gcs"}, {"Input-Location", input_location}};
  }

  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<storage::GcsObjectStore> store_;
  std::vector<VolumeObject> volume_;
  WebhookReceiver receiver_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(GcsBuckets, VolumeSpanningPagesIsSentAndResultsAreWrittenWhereResultPathSays) {
  start_service({"--output-bucket", "oct-output", "--output-folder", "ilm-results"});
  auto h = headers("exam/");
  h.emplace("Write-To-GCS", "true");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto images = images_of(volume_);  // 8 objects listed 2 per page; 6 decode
  expect_sent(answer.json, images, "exam-gcs", "ilm-results");
  auto hooks = expect_webhooks(receiver_, answer.json, images);

  auto written = storage::list_all(*store_, "oct-output", "ilm-results/");
  ASSERT_TRUE(written) << written.status().message();
  EXPECT_EQ(written->size(), images.size());
  for (const auto& path : answer.json.at("result_path").as_array()) {
    auto stored = store_->read("oct-output", std::string(path.as_string()));
    ASSERT_TRUE(stored) << stored.status().message();
    std::string uuid(path.as_string().subview(std::string("ilm-results/").size(), 36));
    EXPECT_EQ(json::parse(*stored), hooks[uuid].at("output").at("instances").at(0).at("points"));
  }
}

TEST_F(GcsBuckets, SliceIdxSelectsSlicesAndSkipsTheOneThatDoesNotDecode) {
  start_service();
  auto h = headers("exam");
  h.emplace("Inference-Parameters", "{'slice_idx': [6, 3, 0]}");
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", h);
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::vector<VolumeObject> expected{volume_[6], volume_[0]};
  expect_sent(answer.json, expected, "exam-gcs");
  expect_webhooks(receiver_, answer.json, expected);
  EXPECT_NE(service_->log().find("Failed to read image exam/file.003 from GCS bucket 'oct-input'"), std::string::npos);
}

TEST_F(GcsBuckets, ObjectNamesThatNeedUrlEncodingRoundTrip) {
  auto odd = synthetic_volume("odd names/", 3);
  std::vector<VolumeObject> objects{odd[0], odd[1]};
  objects[0].name = "odd names/a b+c.png";
  objects[1].name = "odd names/50% #1?&=.png";
  upload(*store_, "oct-input", objects);
  start_service();
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("odd names/"));
  ASSERT_EQ(answer.status, 200) << answer.body;
  std::vector<VolumeObject> expected{objects[1], objects[0]};  // listed in byte order: '5' < 'a'
  expect_sent(answer.json, expected, "exam-gcs");
  expect_webhooks(receiver_, answer.json, expected);
}

TEST_F(GcsBuckets, UnreachableStorageIs503NamingTheBucketAndCause) {
  int closed_port = free_loopback_port();
  service_ = std::make_unique<ServiceProcess>(
      std::vector<std::string>{"serve", "--gcs-store", "gcs", "--input-bucket", "oct-input"},
      std::vector<std::string>{"STORAGE_EMULATOR_HOST=127.0.0.1:" + std::to_string(closed_port)});
  ASSERT_TRUE(service_->started()) << service_->log();
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("exam/"));
  ASSERT_EQ(answer.status, 503) << answer.body;
  std::string error(answer.json.at("error").as_string());
  EXPECT_NE(error.find("GCS bucket 'oct-input'"), std::string::npos) << error;
  EXPECT_NE(error.find("unreachable"), std::string::npos) << error;
  EXPECT_EQ(answer.json.at("examination_id").as_string(), "exam-gcs");
  EXPECT_TRUE(receiver_.received().empty());
}

// Service-account credentials end to end: octgate signs a JWT with the key file named by
// GOOGLE_APPLICATION_CREDENTIALS, exchanges it at the key's token_uri (a real loopback OAuth
// endpoint that verifies the signature) and sends the token to the store (the emulator accepts
// any token; --gcs-endpoint points at it without STORAGE_EMULATOR_HOST, which would disable auth).
class GcsServiceAccount : public GcsBuckets {
 protected:
  void start_with_key_file() {
    key_file_ = fs::temp_directory_path() / ("octgate-sa-" + std::to_string(getpid()) + ".json");
    std::ofstream(key_file_) << service_account_key_file(keys_.private_pem, token_endpoint_.url());
    service_ = std::make_unique<ServiceProcess>(
        std::vector<std::string>{"serve", "--gcs-store", "gcs", "--gcs-endpoint", emulator_->base_url(),
                                 "--input-bucket", "oct-input"},
        std::vector<std::string>{"GOOGLE_APPLICATION_CREDENTIALS=" + key_file_.string()});
    ASSERT_TRUE(service_->started()) << service_->log();
  }
  void TearDown() override {
    service_.reset();
    if (!key_file_.empty()) fs::remove(key_file_);
  }

  RsaKeyPair keys_ = generate_rsa_key_pair();
  OAuthTokenEndpoint token_endpoint_{keys_.public_pem, 3600};
  fs::path key_file_;
};

TEST_F(GcsServiceAccount, SignedJwtIsExchangedOnceAndTheVolumeIsSent) {
  start_with_key_file();
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("exam/"));
  ASSERT_EQ(answer.status, 200) << answer.body << service_->log();
  auto images = images_of(volume_);
  expect_sent(answer.json, images, "exam-gcs");
  expect_webhooks(receiver_, answer.json, images);
  EXPECT_EQ(token_endpoint_.exchanges(), 1);  // one token for the listing and all downloads
}

TEST_F(GcsServiceAccount, RefusedCredentialsAre403NamingTheBucketAndTheTokenEndpointsReason) {
  token_endpoint_.refuse_all(true);
  start_with_key_file();
  auto answer = post_bucket_route(service_->port(), "/bucket_invocations", headers("exam/"));
  ASSERT_EQ(answer.status, 403) << answer.body;
  std::string error(answer.json.at("error").as_string());
  EXPECT_NE(error.find("GCS bucket 'oct-input'"), std::string::npos) << error;
  EXPECT_NE(error.find("invalid_grant"), std::string::npos) << error;
  EXPECT_TRUE(receiver_.received().empty());
}

}  // namespace
}  // namespace octgate::testing
