#pragma once
// When to try again: a list of delays, e.g. "0,5s,5m,30m,2h,5h,10h,10h" (Svix's webhook
// schedule): the first attempt after the first delay, each next one after the next delay.
#include <chrono>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::jobs {

using Millis = std::chrono::milliseconds;

inline constexpr std::string_view kDefaultWebhookSchedule = "0,5s,5m,30m,2h,5h,10h,10h";
inline constexpr std::string_view kDefaultInferenceSchedule = "0,1s,5s,30s,2m";

// Durations: a number with a unit ms, s, m or h ("0" alone is allowed).
Result<std::vector<Millis>> parse_retry_schedule(std::string_view text);
Result<Millis> parse_duration(std::string_view text);

// delay with +/-20 % random jitter (none for 0), so retries of many jobs spread out.
Millis with_jitter(Millis delay);

// A Retry-After header value (seconds or an HTTP date) as a delay from now.
std::optional<Millis> parse_retry_after(std::string_view value);

}  // namespace octgate::jobs
