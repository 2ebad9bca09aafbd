#include "http/address_policy.h"

#include <gtest/gtest.h>

#include "api/webhook_url.h"

namespace octgate::http {
namespace {

bool is_private(const char* text) { return is_private_address(boost::asio::ip::make_address(text)); }

TEST(AddressPolicy, PrivateLoopbackLinkLocalAndReservedRangesAreRefused) {
  for (const char* a : {"127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                        "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::",
                        "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"})
    EXPECT_TRUE(is_private(a)) << a;
}

TEST(AddressPolicy, PublicAddressesAreAllowed) {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2001:4860:4860::8888",
                        "::ffff:8.8.8.8"})
    EXPECT_FALSE(is_private(a)) << a;
}

TEST(AddressPolicy, ANameResolvingToLoopbackIsRefused) {
  auto resolved = resolve_public_address("localhost");
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(resolved.status().message().find("private or loopback"), std::string::npos);
}

TEST(WebhookUrlPolicy, LiteralPrivateAddressesAreRefusedOnlyWhenAsked) {
  EXPECT_TRUE(api::validate_webhook_url("http://127.0.0.1:9/hook"));
  auto refused = api::validate_webhook_url("http://127.0.0.1:9/hook", true);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.status().message().find("private or loopback"), std::string::npos);
  EXPECT_FALSE(api::validate_webhook_url("http://[::1]/hook", true));
  EXPECT_TRUE(api::validate_webhook_url("https://8.8.8.8/hook", true));
  EXPECT_TRUE(api::validate_webhook_url("https://hooks.example.org/x", true)) << "names are checked when delivering";
}

}  // namespace
}  // namespace octgate::http
