// Google service-account credentials: the JWT is assembled as the OAuth 2.0 JWT-bearer flow
// requires and verifies with the key's public half; the token exchange runs against a real
// loopback token endpoint, and the token is cached until it nears expiry.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "common/crypto.h"
#include "storage/google_credentials.h"
#include "support/emulator_process.h"
#include "support/oauth_token_endpoint.h"

namespace octgate::storage {
namespace {

namespace json = boost::json;

const testing::RsaKeyPair& key_pair() {
  static const testing::RsaKeyPair pair = testing::generate_rsa_key_pair();
  return pair;
}

std::vector<std::string> split_jwt(const std::string& jwt) {
  std::vector<std::string> parts;
  std::size_t start = 0, dot;
  while ((dot = jwt.find('.', start)) != std::string::npos) {
    parts.push_back(jwt.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(jwt.substr(start));
  return parts;
}

ServiceAccountKey test_account(std::string token_uri = "https://oauth2.example.test/token") {
  return ServiceAccountKey{"octgate@project.iam.gserviceaccount.com", key_pair().private_pem, "key-17", std::move(token_uri)};
}

TEST(ServiceAccountJwt, HeaderAndClaimsAreWhatTheJwtBearerFlowRequires) {
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  auto jwt = make_service_account_jwt(test_account(), kStorageReadWriteScope, now);
  ASSERT_TRUE(jwt) << jwt.status().message();
  auto parts = split_jwt(*jwt);
  ASSERT_EQ(parts.size(), 3u);
  for (const auto& part : parts) EXPECT_EQ(part.find_first_of("+/="), std::string::npos) << "not base64url: " << part;

  auto header = json::parse(*crypto::base64url_decode(parts[0])).as_object();
  EXPECT_EQ(header.at("alg").as_string(), "RS256");
  EXPECT_EQ(header.at("typ").as_string(), "JWT");
  EXPECT_EQ(header.at("kid").as_string(), "key-17");

  auto claims = json::parse(*crypto::base64url_decode(parts[1])).as_object();
  EXPECT_EQ(claims.at("iss").as_string(), "octgate@project.iam.gserviceaccount.com");
  EXPECT_EQ(claims.at("scope").as_string(), "https://www.googleapis.com/auth/devstorage.read_write");
  EXPECT_EQ(claims.at("aud").as_string(), "https://oauth2.example.test/token");
  EXPECT_EQ(claims.at("iat").as_int64(), 1'800'000'000);
  EXPECT_EQ(claims.at("exp").as_int64(), 1'800'003'600);
}

TEST(ServiceAccountJwt, SignatureVerifiesWithThePublicKeyAndFailsWhenTampered) {
  auto jwt = make_service_account_jwt(test_account(), kStorageReadWriteScope, std::chrono::system_clock::now());
  ASSERT_TRUE(jwt);
  auto parts = split_jwt(*jwt);
  auto signature = crypto::base64url_decode(parts[2]);
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature->size(), 256u);  // RSA-2048
  std::string signing_input = parts[0] + "." + parts[1];
  auto ok = crypto::rs256_verify(key_pair().public_pem, signing_input, *signature);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
  auto tampered = crypto::rs256_verify(key_pair().public_pem, signing_input + "x", *signature);
  ASSERT_TRUE(tampered);
  EXPECT_FALSE(*tampered);
}

TEST(ServiceAccountJwt, KeyThatIsNotPemIsAClearError) {
  ServiceAccountKey key = test_account();
  key.private_key = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n";
  auto jwt = make_service_account_jwt(key, kStorageReadWriteScope, std::chrono::system_clock::now());
  ASSERT_FALSE(jwt);
  EXPECT_NE(jwt.status().message().find("octgate@project.iam.gserviceaccount.com"), std::string::npos);
}

TEST(ServiceAccountKeyFile, ParsesTheFieldsOfAKeyFile) {
  json::object file{{"type", "service_account"},
                    {"project_id", "p"},
                    {"private_key_id", "abc"},
                    {"private_key", key_pair().private_pem},
                    {"client_email", "sa@p.iam.gserviceaccount.com"}};
  auto key = parse_service_account_key(json::serialize(file));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->client_email, "sa@p.iam.gserviceaccount.com");
  EXPECT_EQ(key->private_key_id, "abc");
  EXPECT_EQ(key->token_uri, "https://oauth2.googleapis.com/token");  // the default when absent
  EXPECT_FALSE(parse_service_account_key(R"({"type":"service_account"})"));
}

using TokenEndpoint = testing::OAuthTokenEndpoint;

TEST(ServiceAccountCredentials, ExchangesTheSignedJwtForATokenAndCachesIt) {
  TokenEndpoint endpoint(key_pair().public_pem, 3600);
  auto credentials = service_account_credentials(test_account(endpoint.url()), std::string(kStorageReadWriteScope));
  auto first = credentials->authorization();
  ASSERT_TRUE(first) << first.status().message();
  EXPECT_EQ(*first, "Bearer token-1");
  auto second = credentials->authorization();
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "Bearer token-1");
  EXPECT_EQ(endpoint.exchanges(), 1);
}

TEST(ServiceAccountCredentials, RefreshesBeforeTheTokenExpires) {
  TokenEndpoint endpoint(key_pair().public_pem, 2);  // refreshed once less than half its lifetime (1 s) is left
  auto credentials = service_account_credentials(test_account(endpoint.url()), std::string(kStorageReadWriteScope));
  ASSERT_EQ(*credentials->authorization(), "Bearer token-1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_EQ(*credentials->authorization(), "Bearer token-2");
  EXPECT_EQ(endpoint.exchanges(), 2);
}

TEST(ServiceAccountCredentials, RefusedExchangeIsPermissionDeniedWithTheEndpointsReason) {
  TokenEndpoint endpoint(key_pair().public_pem, 3600);
  ServiceAccountKey key = test_account(endpoint.url());
  key.private_key = testing::generate_rsa_key_pair().private_pem;  // not the key the endpoint knows
  auto credentials = service_account_credentials(key, std::string(kStorageReadWriteScope));
  auto header = credentials->authorization();
  ASSERT_FALSE(header);
  EXPECT_EQ(header.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(header.status().message().find("Invalid JWT Signature"), std::string::npos) << header.status().message();
}

TEST(TokenResponse, ParsesTokenAndLifetime) {
  auto token = parse_token_response(R"({"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer"})");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->value, "ya29.x");
  EXPECT_EQ(token->expires_in.count(), 3599);
  EXPECT_FALSE(parse_token_response(R"({"error":"x"})"));
}

}  // namespace
}  // namespace octgate::storage

namespace octgate::storage {
namespace {

TEST(MetadataServerCredentials, AsksTheMetadataServerWithItsFlavorHeaderAndCachesTheToken) {
  httplib::Server server;
  std::atomic<int> asked{0};
  server.Get("/computeMetadata/v1/instance/service-accounts/default/token",
             [&](const httplib::Request& req, httplib::Response& res) {
               ++asked;
               if (req.get_header_value("Metadata-Flavor") != "Google") {
                 res.status = 403;
                 return;
               }
               res.set_content(R"({"access_token":"meta-token","expires_in":3599,"token_type":"Bearer"})",
                               "application/json");
             });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  auto credentials = metadata_server_credentials("127.0.0.1:" + std::to_string(port));
  auto first = credentials->authorization();
  auto second = credentials->authorization();
  server.stop();
  thread.join();
  ASSERT_TRUE(first) << first.status().message();
  EXPECT_EQ(*first, "Bearer meta-token");
  EXPECT_EQ(*second, "Bearer meta-token");
  EXPECT_EQ(asked, 1);
}

TEST(MetadataServerCredentials, UnreachableMetadataServerIsPermissionDeniedSayingWhatWasTried) {
  auto credentials = metadata_server_credentials("127.0.0.1:" + std::to_string(testing::free_loopback_port()));
  auto header = credentials->authorization();
  ASSERT_FALSE(header);
  EXPECT_EQ(header.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(header.status().message().find("GOOGLE_APPLICATION_CREDENTIALS"), std::string::npos);
}

}  // namespace
}  // namespace octgate::storage
