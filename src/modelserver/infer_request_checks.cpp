#include "modelserver/infer_request_checks.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "inference/bytes_tensor.h"
#include "inference/output_decoding.h"

namespace octgate::modelserver {
namespace {

namespace kserve = ::inference;
using inference::shape_to_string;

grpc::Status invalid(std::string message) { return {grpc::StatusCode::INVALID_ARGUMENT, std::move(message)}; }

std::string for_model(const ServedModel& model) { return " for model '" + model.name + "'"; }

}  // namespace

grpc::Status check_model(const ServedModel& model, const std::string& name, const std::string& version) {
  if (name != model.name) return invalid("Request for unknown model: '" + name + "' is not found");
  if (version.empty() || version == model.version) return grpc::Status::OK;
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), number);
  if (ec != std::errc() || end != version.data() + version.size())
    return invalid("failed to get model version from specified version string '" + version + "'" + for_model(model));
  return {grpc::StatusCode::NOT_FOUND,
          "Request for unknown model: '" + name + "' version " + version + " is not found"};
}

grpc::Status read_threshold(const ServedModel& model, std::string_view params_json, float& threshold) {
  boost::system::error_code ec;
  boost::json::value params = boost::json::parse(params_json, ec);
  if (ec) return invalid("input 'INPUT_JSON_PARAMS'" + for_model(model) + " is not valid JSON: " + ec.message());
  if (!params.is_object()) return invalid("input 'INPUT_JSON_PARAMS'" + for_model(model) + " must be a JSON object");
  threshold = 0.25f;
  if (const auto* t = params.as_object().if_contains("threshold")) {
    if (!t->is_number()) return invalid("INPUT_JSON_PARAMS threshold must be a number" + for_model(model));
    double v = t->to_number<double>();
    if (!(v >= 0.0 && v <= 1.0))
      return invalid("INPUT_JSON_PARAMS threshold must be between 0 and 1" + for_model(model) + ", got " +
                     std::to_string(v));
    threshold = static_cast<float>(v);
  }
  return grpc::Status::OK;
}

grpc::Status check_infer_request(const ServedModel& model, const kserve::ModelInferRequest& request,
                                 const std::vector<std::string>& known_outputs, CheckedInfer& out) {
  if (auto s = check_model(model, request.model_name(), request.model_version()); !s.ok()) return s;
  const bool raw = request.raw_input_contents_size() > 0;
  if (raw && request.raw_input_contents_size() != request.inputs_size())
    return invalid("expected " + std::to_string(request.inputs_size()) + " raw_input_contents (one per input), got " +
                   std::to_string(request.raw_input_contents_size()) + for_model(model));
  const kserve::ModelInferRequest::InferInputTensor *image = nullptr, *params = nullptr;
  std::string_view image_raw, params_raw;
  for (int i = 0; i < request.inputs_size(); ++i) {
    const auto& input = request.inputs(i);
    if (raw && input.has_contents())
      return invalid("contents field must not be specified when using raw_input_contents for '" + input.name() + "'" +
                     for_model(model));
    if (input.name() == "IMAGE") {
      image = &input;
      if (raw) image_raw = request.raw_input_contents(i);
    } else if (input.name() == "INPUT_JSON_PARAMS") {
      params = &input;
      if (raw) params_raw = request.raw_input_contents(i);
    } else {
      return invalid("unexpected inference input '" + input.name() + "'" + for_model(model) +
                     "; it takes IMAGE and INPUT_JSON_PARAMS");
    }
  }
  if (!image || !params)
    return invalid("expected 2 inputs but got " + std::to_string(request.inputs_size()) + " inputs" + for_model(model) +
                   "; missing input '" + (image ? "INPUT_JSON_PARAMS" : "IMAGE") + "'");

  // IMAGE: UINT8 [1, H, W]
  if (image->datatype() != "UINT8")
    return invalid("inference input 'IMAGE' data-type is '" + image->datatype() + "', but model '" + model.name +
                   "' expects 'UINT8'");
  std::vector<std::int64_t> shape(image->shape().begin(), image->shape().end());
  if (shape.size() != 3 || shape[0] != 1 || shape[1] <= 0 || shape[2] <= 0)
    return invalid("unexpected shape for input 'IMAGE'" + for_model(model) + ". Expected [1,-1,-1], got " +
                   shape_to_string(shape));
  if (static_cast<std::uint64_t>(shape[1]) * static_cast<std::uint64_t>(shape[2]) > model.max_image_pixels)
    return invalid("input 'IMAGE'" + for_model(model) + " has " + std::to_string(shape[1] * shape[2]) +
                   " pixels; at most " + std::to_string(model.max_image_pixels) + " are accepted");
  out.height = static_cast<int>(shape[1]);
  out.width = static_cast<int>(shape[2]);
  std::uint64_t expected = static_cast<std::uint64_t>(shape[1]) * static_cast<std::uint64_t>(shape[2]);
  if (raw) {
    if (image_raw.size() != expected)
      return invalid("input byte size mismatch for input 'IMAGE'" + for_model(model) + ". Expected " +
                     std::to_string(expected) + ", got " + std::to_string(image_raw.size()));
    out.pixels = image_raw;
  } else {
    const auto& values = image->contents().uint_contents();
    if (static_cast<std::uint64_t>(values.size()) != expected)
      return invalid("unexpected number of elements for input 'IMAGE'" + for_model(model) + ". Expected " +
                     std::to_string(expected) + ", got " + std::to_string(values.size()));
    out.owned_pixels.resize(expected);
    for (std::size_t i = 0; i < expected; ++i) {
      if (values[static_cast<int>(i)] > 255)
        return invalid("input 'IMAGE'" + for_model(model) + " holds a value above 255 in uint_contents");
      out.owned_pixels[i] = static_cast<char>(values[static_cast<int>(i)]);
    }
    out.pixels = out.owned_pixels;
  }

  // INPUT_JSON_PARAMS: BYTES [1, 1]
  if (params->datatype() != "BYTES")
    return invalid("inference input 'INPUT_JSON_PARAMS' data-type is '" + params->datatype() + "', but model '" +
                   model.name + "' expects 'BYTES'");
  std::vector<std::int64_t> pshape(params->shape().begin(), params->shape().end());
  if (pshape != std::vector<std::int64_t>{1, 1})
    return invalid("unexpected shape for input 'INPUT_JSON_PARAMS'" + for_model(model) + ". Expected [1,1], got " +
                   shape_to_string(pshape));
  if (raw) {
    auto elements = inference::deserialize_bytes_tensor(params_raw, "INPUT_JSON_PARAMS");
    if (!elements) return invalid(elements.status().message() + for_model(model));
    if (elements->size() != 1)
      return invalid("unexpected number of string elements " + std::to_string(elements->size()) +
                     " for inference input 'INPUT_JSON_PARAMS'" + for_model(model) + ", expecting 1");
    out.params_json = std::string((*elements)[0]);
  } else {
    const auto& values = params->contents().bytes_contents();
    if (values.size() != 1)
      return invalid("unexpected number of string elements " + std::to_string(values.size()) +
                     " for inference input 'INPUT_JSON_PARAMS'" + for_model(model) + ", expecting 1");
    out.params_json = values[0];
  }
  if (auto s = read_threshold(model, out.params_json, out.threshold); !s.ok()) return s;

  out.outputs.clear();
  for (const auto& requested : request.outputs()) {
    bool known = false;
    for (const auto& name : known_outputs) known = known || name == requested.name();
    if (!known) return invalid("unexpected inference output '" + requested.name() + "'" + for_model(model));
    out.outputs.push_back(requested.name());
  }
  if (out.outputs.empty()) out.outputs = known_outputs;
  return grpc::Status::OK;
}

}  // namespace octgate::modelserver
