#include "jobs/retry_schedule.h"

#include <curl/curl.h>

#include <charconv>
#include <ctime>
#include <string>

namespace octgate::jobs {

Result<Millis> parse_duration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 0) return invalid_argument("'" + std::string(text) + "' is not a duration like 5s");
  std::string_view unit(end, text.data() + text.size() - end);
  double ms;
  if (unit == "ms") ms = value;
  else if (unit == "s") ms = value * 1e3;
  else if (unit == "m") ms = value * 60e3;
  else if (unit == "h") ms = value * 3600e3;
  else if (unit.empty() && value == 0) ms = 0;
  else return invalid_argument("'" + std::string(text) + "' needs a unit: ms, s, m or h");
  return Millis(static_cast<std::int64_t>(ms));
}

Result<std::vector<Millis>> parse_retry_schedule(std::string_view text) {
  std::vector<Millis> delays;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto delay = parse_duration(text.substr(0, comma));
    if (!delay) return delay.status();
    delays.push_back(*delay);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (delays.empty()) return invalid_argument("a retry schedule needs at least one delay");
  return delays;
}

Millis with_jitter(Millis delay) {
  if (delay.count() == 0) return delay;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return Millis(static_cast<std::int64_t>(delay.count() * factor(rng)));
}

std::optional<Millis> parse_retry_after(std::string_view value) {
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) return Millis(seconds * 1000);
  time_t at = curl_getdate(std::string(value).c_str(), nullptr);
  if (at < 0) return std::nullopt;
  auto delta = static_cast<std::int64_t>(at) - static_cast<std::int64_t>(std::time(nullptr));
  return Millis(std::max<std::int64_t>(0, delta) * 1000);
}

}  // namespace octgate::jobs
