#include "jobs/retry_schedule.h"

#include <gtest/gtest.h>

namespace octgate::jobs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(RetrySchedule, ParsesTheSvixDefault) {
  auto schedule = parse_retry_schedule(kDefaultWebhookSchedule);
  ASSERT_TRUE(schedule);
  EXPECT_EQ(*schedule, (std::vector<Millis>{Millis(0), seconds(5), minutes(5), minutes(30), hours(2), hours(5),
                                            hours(10), hours(10)}));
}

TEST(RetrySchedule, RejectsDurationsWithoutUnitsOrNegative) {
  EXPECT_FALSE(parse_retry_schedule(""));
  EXPECT_FALSE(parse_retry_schedule("5"));
  EXPECT_FALSE(parse_retry_schedule("0,-5s"));
  EXPECT_FALSE(parse_retry_schedule("0,5 parsecs"));
  EXPECT_EQ(*parse_duration("250ms"), Millis(250));
  EXPECT_EQ(*parse_duration(" 1.5s "), Millis(1500));
}

TEST(RetrySchedule, JitterStaysWithinTwentyPercent) {
  for (int i = 0; i < 200; ++i) {
    auto d = with_jitter(seconds(10));
    EXPECT_GE(d, Millis(8000));
    EXPECT_LE(d, Millis(12000));
  }
  EXPECT_EQ(with_jitter(Millis(0)), Millis(0));
}

TEST(RetryAfter, ReadsSecondsAndHttpDates) {
  EXPECT_EQ(parse_retry_after("120"), Millis(120000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Millis(0));  // in the past
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("soon"));
}

}  // namespace
}  // namespace octgate::jobs
