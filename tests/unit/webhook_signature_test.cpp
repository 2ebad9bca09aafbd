#include "jobs/webhook_signature.h"

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace octgate::jobs {
namespace {

TEST(Base64, RoundTripsEveryPaddingLength) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto decoded = crypto::base64_decode(crypto::base64_encode(s));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(crypto::base64_encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(crypto::base64_decode("abc"));
  EXPECT_FALSE(crypto::base64_decode("ab!="));
}

// RFC 4231 test case 2: 5bdcc146...64ec3843 in hex.
TEST(HmacSha256, MatchesRfc4231TestCase2) {
  std::string mac = crypto::hmac_sha256("Jefe", "what do ya want for nothing?");
  EXPECT_EQ(crypto::base64_encode(mac), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST(WebhookSignature, SignsIdTimestampAndBody) {
  auto key = decode_webhook_secret("whsec_aGVsbG8=");
  ASSERT_TRUE(key);
  EXPECT_EQ(*key, "hello");
  std::string expected = "v1," + crypto::base64_encode(crypto::hmac_sha256("hello", "msg_1.1700000000.{\"a\":1}"));
  EXPECT_EQ(webhook_signature(*key, "msg_1", "1700000000", "{\"a\":1}"), expected);
  EXPECT_NE(webhook_signature(*key, "msg_2", "1700000000", "{\"a\":1}"), expected);
  EXPECT_FALSE(decode_webhook_secret("whsec_"));
  EXPECT_FALSE(decode_webhook_secret("whsec_not base64"));
}

}  // namespace
}  // namespace octgate::jobs
