#include "common/crypto.h"

#include <gtest/gtest.h>

#include <vector>

namespace octgate {
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

TEST(Base64, StandardAndUrlSafeRoundTrips) {
  EXPECT_EQ(crypto::base64_encode(""), "");
  EXPECT_EQ(crypto::base64_encode("f"), "Zg==");
  EXPECT_EQ(crypto::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(crypto::base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*crypto::base64_decode("Zm9vYg=="), "foob");
  EXPECT_FALSE(crypto::base64_decode("Zm9vYg="));
  EXPECT_FALSE(crypto::base64_decode("Zm=vYg=="));
  std::string bytes("\xfb\xff\xfe\x00\x01", 5);
  EXPECT_EQ(crypto::base64_encode(bytes), "+//+AAE=");
  EXPECT_EQ(crypto::base64url_encode(bytes), "-__-AAE");
  EXPECT_EQ(*crypto::base64url_decode("-__-AAE"), bytes);
  EXPECT_FALSE(crypto::base64url_decode("+//+AAE"));
}

}  // namespace
// FIPS 180-2 appendix B.1: SHA-256("abc").
TEST(Sha256, MatchesTheFipsExampleAndHexRoundTrips) {
  EXPECT_EQ(crypto::hex_encode(crypto::sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto bytes = crypto::hex_decode("00FFa5");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, std::string("\x00\xff\xa5", 3));
  EXPECT_FALSE(crypto::hex_decode("abc"));
  EXPECT_FALSE(crypto::hex_decode("zz"));
}

TEST(ConstantTimeEqual, ComparesSizeAndEveryByte) {
  EXPECT_TRUE(crypto::constant_time_equal("secret", "secret"));
  EXPECT_FALSE(crypto::constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(crypto::constant_time_equal("secret", "secrets"));
  EXPECT_TRUE(crypto::constant_time_equal("", ""));
}

}  // namespace octgate
