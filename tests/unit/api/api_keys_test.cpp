#include "api/api_keys.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/authentication.h"
#include "common/crypto.h"

namespace octgate::api {
namespace {

std::string hash_of(std::string_view key) { return "sha256:" + crypto::hex_encode(crypto::sha256(key)); }

TEST(ParseApiKeys, ReadsPlainAndHashedKeysWithOptionalNamesAndComments) {
  auto keys = parse_api_keys("# operators\n\nalpha-key  clinic-a\n" + hash_of("beta-key") +
                             "\tpacs bridge # rotated monthly\n  gamma-key\r\n");
  ASSERT_TRUE(keys) << keys.status().message();
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[0].digest, crypto::sha256("alpha-key"));
  EXPECT_EQ((*keys)[0].name, "clinic-a");
  EXPECT_EQ((*keys)[1].digest, crypto::sha256("beta-key"));
  EXPECT_EQ((*keys)[1].name, "pacs bridge");
  EXPECT_EQ((*keys)[2].digest, crypto::sha256("gamma-key"));
  EXPECT_EQ((*keys)[2].name, crypto::hex_encode(crypto::sha256("gamma-key")).substr(0, 8));
}

TEST(ParseApiKeys, ABadHashNamesItsLineAndAnEmptyFileIsAnError) {
  auto bad = parse_api_keys("good-key\nsha256:abcd\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(parse_api_keys("sha256:" + std::string(64, 'g')));
  auto empty = parse_api_keys("# nothing yet\n\n");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.status().message().find("no API key"), std::string::npos);
}

class ApiKeyRingTest : public ::testing::Test {
 protected:
  void write(const std::string& text) { std::ofstream(path_, std::ios::trunc) << text; }
  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("octgate-keys-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                 "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  void TearDown() override { std::filesystem::remove(path_); }
};

TEST_F(ApiKeyRingTest, FindsKeysByValueAndKeepsTheOldOnesWhenAReloadFails) {
  write("first-key one\n");
  auto ring = ApiKeyRing::load(path_.string());
  ASSERT_TRUE(ring) << ring.status().message();
  EXPECT_EQ((*ring)->find("first-key"), "one");
  EXPECT_FALSE((*ring)->find("first-ke"));
  EXPECT_FALSE((*ring)->find(""));

  write("sha256:nothex\n");
  EXPECT_FALSE((*ring)->reload().is_ok());
  EXPECT_EQ((*ring)->find("first-key"), "one");

  write("second-key two\n");
  ASSERT_TRUE((*ring)->reload().is_ok());
  EXPECT_FALSE((*ring)->find("first-key"));
  EXPECT_EQ((*ring)->find("second-key"), "two");
}

TEST_F(ApiKeyRingTest, AMissingFileIsAnErrorNamingIt) {
  auto ring = ApiKeyRing::load(path_.string());
  ASSERT_FALSE(ring);
  EXPECT_NE(ring.status().message().find(path_.string()), std::string::npos);
}

http::HttpRequest request_with(std::vector<std::pair<std::string, std::string>> headers) {
  http::HttpRequest::Message message{boost::beast::http::verb::get, "/results/x", 11};
  for (auto& [name, value] : headers) message.set(name, value);
  return http::HttpRequest(std::move(message));
}

TEST_F(ApiKeyRingTest, AuthenticateAnswers401WithoutAKey403WithAWrongOneAndTheNameWithARightOne) {
  write("right-key reader\n");
  auto ring = ApiKeyRing::load(path_.string());
  ASSERT_TRUE(ring);
  auto none = authenticate(request_with({}), **ring);
  ASSERT_TRUE(std::holds_alternative<http::HttpResponse>(none));
  EXPECT_EQ(std::get<http::HttpResponse>(none).status, 401);
  EXPECT_EQ(std::get<http::HttpResponse>(none).headers.at(0).first, "WWW-Authenticate");

  auto basic = authenticate(request_with({{"Authorization", "Basic cmlnaHQta2V5"}}), **ring);
  EXPECT_EQ(std::get<http::HttpResponse>(basic).status, 401);

  auto wrong = authenticate(request_with({{"X-API-Key", "wrong-key"}}), **ring);
  EXPECT_EQ(std::get<http::HttpResponse>(wrong).status, 403);
  EXPECT_EQ(std::get<http::HttpResponse>(wrong).body.find("wrong-key"), std::string::npos);

  for (auto headers : {std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer right-key"}},
                       {{"authorization", "bearer  right-key "}},
                       {{"X-API-Key", "right-key"}}}) {
    auto right = authenticate(request_with(headers), **ring);
    ASSERT_TRUE(std::holds_alternative<std::string>(right)) << headers[0].first;
    EXPECT_EQ(std::get<std::string>(right), "reader");
  }
}

}  // namespace
}  // namespace octgate::api
