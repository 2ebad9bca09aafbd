#include "jobs/job_state.h"

namespace octgate::jobs {

const char* state_name(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDelivering: return "delivering";
    case JobState::kCompleted: return "completed";
    case JobState::kFailed: return "failed";
    case JobState::kDead: return "dead";
  }
  return "queued";
}

std::optional<JobState> parse_state(std::string_view name) {
  for (JobState s : {JobState::kQueued, JobState::kRunning, JobState::kDelivering, JobState::kCompleted,
                     JobState::kFailed, JobState::kDead})
    if (name == state_name(s)) return s;
  return std::nullopt;
}

}  // namespace octgate::jobs
