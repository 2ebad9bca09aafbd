#pragma once
// Checks a ModelInferRequest against the served model's inputs, answering as Triton does:
// unknown model -> INVALID_ARGUMENT, unknown version -> NOT_FOUND, wrong datatype / shape /
// byte size / element count -> INVALID_ARGUMENT with a message naming the input.
#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grpc_service.pb.h"

namespace octgate::modelserver {

struct ServedModel {
  std::string name = "ilm";
  std::string version = "1";
  std::uint64_t max_image_pixels = 64ull * 1000 * 1000;
};

// Whether (name, version) is the served model; an empty version means the served one.
grpc::Status check_model(const ServedModel& model, const std::string& name, const std::string& version);

struct CheckedInfer {
  int height = 0, width = 0;
  std::string_view pixels;  // height*width bytes, row-major (a view into the request)
  std::string owned_pixels; // when the request used typed contents
  std::string params_json;
  float threshold = 0.25f;
  std::vector<std::string> outputs;  // requested, in order (all when none were requested)
};

// known_outputs: the model's outputs, in config order.
grpc::Status check_infer_request(const ServedModel& model, const ::inference::ModelInferRequest& request,
                                 const std::vector<std::string>& known_outputs, CheckedInfer& out);

// The threshold from INPUT_JSON_PARAMS (a JSON object; "threshold" optional, in [0, 1]).
grpc::Status read_threshold(const ServedModel& model, std::string_view params_json, float& threshold);

}  // namespace octgate::modelserver
