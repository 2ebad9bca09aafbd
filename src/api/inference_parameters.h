#pragma once
// The Inference-Parameters header: JSON (single quotes accepted, as the reference replaces
// every ' with "), an object whose optional "threshold" is a number in [0, 1] and whose optional
// "slice_idx" is a list of non-negative integers. Other keys are passed to the model untouched.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::api {

inline constexpr std::string_view kDefaultParametersJson = R"({"threshold": 0.25})";
// Limits, each a 400 naming it. The header is stored with every job and sent to the model, and real
// parameters are a few dozen bytes. An OCT volume has at most a few hundred B-scans (512 on the
// densest common protocols), so 4096 slice indices leave room without letting one header name a million.
inline constexpr std::size_t kMaxParametersBytes = 16 * 1024;
inline constexpr std::size_t kMaxParametersDepth = 16;
inline constexpr std::size_t kMaxSliceIndices = 4096;

struct InferenceParameters {
  std::string json;  // the text sent to the model (quotes normalised)
  float threshold = 0.25f;
  std::optional<std::vector<int>> slice_idx;
};

// header: nullopt when the request has none (then the default applies).
Result<InferenceParameters> parse_inference_parameters(std::optional<std::string_view> header);

}  // namespace octgate::api
