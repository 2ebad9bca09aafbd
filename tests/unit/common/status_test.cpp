#include "common/status.h"

#include <gtest/gtest.h>

namespace octgate {

TEST(Result, HoldsValueOrStatus) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(*ok, 3);
  Result<int> bad = invalid_argument("threshold must be a number");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "threshold must be a number");
}

}  // namespace octgate
