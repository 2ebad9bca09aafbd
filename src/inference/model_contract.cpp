#include "inference/model_contract.h"

namespace octgate::inference {
namespace {

namespace kserve = ::inference;

std::string dims_text(const std::vector<std::int64_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

// The tensor shape a request carries: the batch dimension (when batching is on) then dims.
std::vector<std::int64_t> full_shape(const kserve::ModelConfig& config, const kserve::ModelInput& input) {
  std::vector<std::int64_t> shape;
  if (config.max_batch_size() > 0) shape.push_back(-1);
  shape.insert(shape.end(), input.dims().begin(), input.dims().end());
  return shape;
}

// Whether a request of `want` (fixed sizes, 0 = any positive size) fits the model's shape.
bool accepts(const std::vector<std::int64_t>& model, const std::vector<std::int64_t>& want) {
  if (model.size() != want.size()) return false;
  for (std::size_t i = 0; i < model.size(); ++i) {
    if (model[i] == -1) continue;
    if (want[i] == 0 ? model[i] <= 0 : model[i] != want[i]) return false;
  }
  return true;
}

}  // namespace

Status check_model_contract(const kserve::ModelConfig& config) {
  const std::string model = "model '" + config.name() + "'";
  const kserve::ModelInput *image = nullptr, *params = nullptr;
  for (const auto& input : config.input()) {
    if (input.name() == kImageInput) image = &input;
    else if (input.name() == kParamsInput) params = &input;
    else if (!input.optional())
      return invalid_argument(model + " requires input '" + input.name() +
                              "', which octgate does not send (it sends IMAGE and INPUT_JSON_PARAMS)");
  }
  if (!image) return invalid_argument(model + " has no input 'IMAGE' (octgate sends IMAGE UINT8 [1,H,W])");
  if (!params)
    return invalid_argument(model + " has no input 'INPUT_JSON_PARAMS' (octgate sends INPUT_JSON_PARAMS BYTES [1,1])");
  if (image->data_type() != kserve::TYPE_UINT8)
    return invalid_argument(model + " input 'IMAGE' is " + kserve::DataType_Name(image->data_type()) +
                            "; octgate sends TYPE_UINT8");
  if (params->data_type() != kserve::TYPE_STRING)
    return invalid_argument(model + " input 'INPUT_JSON_PARAMS' is " + kserve::DataType_Name(params->data_type()) +
                            "; octgate sends TYPE_STRING (BYTES)");
  auto image_shape = full_shape(config, *image);
  if (!accepts(image_shape, {1, 0, 0}))
    return invalid_argument(model + " input 'IMAGE' has shape " + dims_text(image_shape) +
                            " (batch included); octgate sends [1,H,W]");
  auto params_shape = full_shape(config, *params);
  if (!accepts(params_shape, {1, 1}))
    return invalid_argument(model + " input 'INPUT_JSON_PARAMS' has shape " + dims_text(params_shape) +
                            " (batch included); octgate sends [1,1]");
  if (config.output_size() == 0) return invalid_argument(model + " lists no outputs");
  return Status::ok();
}

std::vector<std::string> output_names(const kserve::ModelConfig& config) {
  std::vector<std::string> names;
  for (const auto& output : config.output()) names.push_back(output.name());
  return names;
}

}  // namespace octgate::inference
