#include "app/listen_address.h"

#include <gtest/gtest.h>

namespace octgate::app {
namespace {

TEST(ListenAddress, ParsesHostPortForms) {
  auto a = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port(), 8080);
  auto b = parse_listen_address("[::1]:0");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->address().is_v6());
  auto c = parse_listen_address(":9000");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->address().to_string(), "0.0.0.0");
  EXPECT_TRUE(parse_listen_address("localhost:1"));
}

TEST(ListenAddress, RejectsWhatIsNotAnAddress) {
  EXPECT_FALSE(parse_listen_address("8080"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:99999"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:80x"));
  EXPECT_FALSE(parse_listen_address("example.org:80"));
}

}  // namespace
}  // namespace octgate::app
