#include "jobs/webhook_signature.h"

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace octgate::jobs {
namespace {

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
