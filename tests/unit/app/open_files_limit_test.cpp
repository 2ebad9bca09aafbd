#include "app/open_files_limit.h"

#include <sys/resource.h>

#include <gtest/gtest.h>

#include <algorithm>

namespace octgate::app {
namespace {

TEST(OpenFilesLimit, ALowSoftLimitIsRaisedToTheHardLimit) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  const rlim_t hard = limit.rlim_max;
  if (hard <= 64) GTEST_SKIP() << "the hard limit (" << hard << ") leaves nothing to raise";
  limit.rlim_cur = 64;  // as a service started under a low `ulimit -n`
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &limit), 0);

  const std::uint64_t raised = raise_open_files_limit();
  EXPECT_EQ(raised, std::min<rlim_t>(hard, kMaxOpenFiles));
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(limit.rlim_cur, raised);
  EXPECT_EQ(limit.rlim_max, hard);  // the hard limit is never touched
  EXPECT_EQ(raise_open_files_limit(), raised);  // idempotent
}

}  // namespace
}  // namespace octgate::app
