// API keys against a real `octgate serve`: 401 without a key, 403 with a wrong one, both header
// forms and hashed keys accepted, rotation by SIGHUP, and the refusal to serve strangers unasked.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "common/crypto.h"
#include "support/service_process.h"
#include "support/test_scans.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

constexpr const char* kReaderKey = "k3y-for-the-reader-0123456789";
constexpr const char* kUploaderKey = "another-k3y-for-uploads-98765";

std::filesystem::path write_keys_file(const std::string& text) {
  static int counter = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("octgate-e2e-keys-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}

bool wait_for_log(const ServiceProcess& service, const std::string& text) {
  for (int i = 0; i < 500; ++i) {
    if (service.log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

class ApiKeys : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(service_.started()) << service_.log(); }
  void TearDown() override { std::filesystem::remove(keys_file_); }

  httplib::Result get(const std::string& path, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", service_.port());
    return client.Get(path, headers);
  }
  httplib::Result upload(httplib::Headers headers) {
    httplib::Client client("127.0.0.1", service_.port());
    client.set_read_timeout(30);
    headers.emplace("Webhook-Url", receiver_.url());
    httplib::MultipartFormDataItems items{{"image", encode_image(simple_bscan(64, 48), ".png"), "scan.png", "image/png"}};
    return client.Post("/invocations", headers, items);
  }

  std::filesystem::path keys_file_ = write_keys_file(std::string("# test keys\n") + kReaderKey + " reader\n" + "sha256:" +
                                                     crypto::hex_encode(crypto::sha256(kUploaderKey)) + " uploader\n");
  WebhookReceiver receiver_;
  ServiceProcess service_{{"serve", "--api-keys-file", keys_file_.string()}};
};

TEST_F(ApiKeys, WithoutAKeyEveryRouteButPingIs401WithWwwAuthenticate) {
  auto ping = get("/ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
  for (auto path : {"/results/0b9f5c8e-0000-4000-8000-000000000000", "/examinations/exam-1", "/no-such-route"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << path;
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
    EXPECT_NE(res->body.find("\"detail\""), std::string::npos) << res->body;
  }
  auto res = upload({});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_TRUE(receiver_.received().empty());
}

TEST_F(ApiKeys, AWrongKeyIs403AndTheNextRightOneIsServed) {
  auto wrong = upload({{"Authorization", "Bearer not-one-of-ours"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  auto right = upload({{"Authorization", std::string("Bearer ") + kReaderKey}});
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200) << right->body;
  EXPECT_EQ(receiver_.wait_for(1).size(), 1u);
  EXPECT_EQ(service_.log().find("not-one-of-ours"), std::string::npos);
}

TEST_F(ApiKeys, BearerXApiKeyAndHashedKeysAreAcceptedAndLoggedByNameNeverByValue) {
  auto bearer = upload({{"Authorization", std::string("Bearer ") + kReaderKey}});
  ASSERT_TRUE(bearer);
  EXPECT_EQ(bearer->status, 200) << bearer->body;
  auto hashed = upload({{"X-API-Key", kUploaderKey}});
  ASSERT_TRUE(hashed);
  EXPECT_EQ(hashed->status, 200) << hashed->body;
  auto result = get("/examinations/none", {{"X-API-Key", kReaderKey}});
  ASSERT_TRUE(result);
  EXPECT_NE(result->status, 401);
  EXPECT_NE(result->status, 403);
  EXPECT_EQ(receiver_.wait_for(2).size(), 2u);

  ASSERT_TRUE(wait_for_log(service_, R"("client":"uploader")")) << service_.log();
  std::string log = service_.log();
  EXPECT_NE(log.find(R"("client":"reader")"), std::string::npos);
  EXPECT_EQ(log.find(kReaderKey), std::string::npos);
  EXPECT_EQ(log.find(kUploaderKey), std::string::npos);
}

TEST_F(ApiKeys, SighupRotatesTheKeysAndABrokenFileKeepsTheOldOnes) {
  std::ofstream(keys_file_, std::ios::trunc) << "sha256:not-hex\n";
  ASSERT_EQ(kill(service_.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for_log(service_, "API keys not reloaded")) << service_.log();
  auto kept = get("/examinations/e", {{"X-API-Key", kReaderKey}});
  ASSERT_TRUE(kept);
  EXPECT_NE(kept->status, 403);

  std::ofstream(keys_file_, std::ios::trunc) << "rotated-key-0000000000 reader-2\n";
  ASSERT_EQ(kill(service_.pid(), SIGHUP), 0);
  ASSERT_TRUE(wait_for_log(service_, R"("status":"RELOADED")")) << service_.log();
  auto old_key = get("/examinations/e", {{"X-API-Key", kReaderKey}});
  ASSERT_TRUE(old_key);
  EXPECT_EQ(old_key->status, 403);
  auto new_key = get("/examinations/e", {{"Authorization", "Bearer rotated-key-0000000000"}});
  ASSERT_TRUE(new_key);
  EXPECT_NE(new_key->status, 401);
  EXPECT_NE(new_key->status, 403);
}

TEST(ApiKeysStartup, RefusesToListenBeyondLoopbackWithoutKeysNamingBothWaysOut) {
  ServiceProcess service({"serve", "--listen", "0.0.0.0:0"});
  ASSERT_FALSE(service.started());
  std::string log = service.log();
  EXPECT_NE(log.find("--api-keys-file"), std::string::npos) << log;
  EXPECT_NE(log.find("--allow-unauthenticated"), std::string::npos) << log;
}

TEST(ApiKeysStartup, AllowUnauthenticatedStartsBeyondLoopbackWithAWarning) {
  ServiceProcess service({"serve", "--listen", "0.0.0.0:0", "--allow-unauthenticated"});
  ASSERT_TRUE(service.started()) << service.log();
  EXPECT_NE(service.log().find("UNAUTHENTICATED"), std::string::npos);
  httplib::Client client("127.0.0.1", service.port());
  auto res = client.Get("/examinations/anyone");
  ASSERT_TRUE(res);
  EXPECT_NE(res->status, 401);
}

TEST(ApiKeysStartup, AnUnreadableKeysFileStopsTheStart) {
  ServiceProcess service({"serve", "--api-keys-file", "/nonexistent/octgate-keys"});
  ASSERT_FALSE(service.started());
  EXPECT_NE(service.log().find("/nonexistent/octgate-keys"), std::string::npos) << service.log();
}

}  // namespace
}  // namespace octgate::testing
