#pragma once
#include <optional>
#include <string_view>

namespace octgate::jobs {

// queued -> running -> delivering -> completed | failed | dead
//   completed: the COMPLETED webhook was delivered; failed: the FAILED webhook was delivered;
//   dead: the webhook could not be delivered after every attempt (dead-lettered).
enum class JobState { kQueued, kRunning, kDelivering, kCompleted, kFailed, kDead };

const char* state_name(JobState state);
std::optional<JobState> parse_state(std::string_view name);
inline bool is_finished(JobState s) { return s == JobState::kCompleted || s == JobState::kFailed || s == JobState::kDead; }

}  // namespace octgate::jobs
