#pragma once
// What octgate needs of a model on a KServe v2 / Triton server: inputs IMAGE (TYPE_UINT8, full
// shape [1, H, W]) and INPUT_JSON_PARAMS (TYPE_STRING, full shape [1, 1]), no other required
// input, and at least one output. Checked once, on the cached model config.
#include <string>
#include <vector>

#include "common/status.h"
#include "model_config.pb.h"

namespace octgate::inference {

inline constexpr const char* kImageInput = "IMAGE";
inline constexpr const char* kParamsInput = "INPUT_JSON_PARAMS";

// OK, or kInvalidArgument with a message naming the model and the input at fault.
Status check_model_contract(const ::inference::ModelConfig& config);
// The names of the outputs the config lists, in config order (all of them are requested).
std::vector<std::string> output_names(const ::inference::ModelConfig& config);

}  // namespace octgate::inference
