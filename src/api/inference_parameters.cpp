#include "api/inference_parameters.h"

#include <algorithm>
#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <string>

namespace octgate::api {

Result<InferenceParameters> parse_inference_parameters(std::optional<std::string_view> header) {
  if (header && header->size() > kMaxParametersBytes)
    return invalid_argument("Inference-Parameters is " + std::to_string(header->size()) + " bytes; at most " +
                            std::to_string(kMaxParametersBytes) + " are accepted");
  InferenceParameters params;
  params.json = header ? std::string(*header) : std::string(kDefaultParametersJson);
  std::replace(params.json.begin(), params.json.end(), '\'', '"');

  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = kMaxParametersDepth;
  boost::json::value parsed = boost::json::parse(params.json, ec, {}, options);
  if (ec == boost::json::error::too_deep)
    return invalid_argument("Inference-Parameters nests deeper than " + std::to_string(kMaxParametersDepth) + " levels");
  if (ec) return invalid_argument("Inference-Parameters is not valid JSON: " + ec.message());
  if (!parsed.is_object()) return invalid_argument("Inference-Parameters must be a JSON object, e.g. {\"threshold\": 0.25}");
  const auto& object = parsed.as_object();

  if (auto* t = object.if_contains("threshold")) {
    if (!t->is_number()) return invalid_argument("Inference-Parameters: threshold must be a number");
    double threshold = t->to_number<double>();
    if (!std::isfinite(threshold) || threshold < 0.0 || threshold > 1.0)
      return invalid_argument("Inference-Parameters: threshold must be between 0 and 1, got " + boost::json::serialize(*t));
    params.threshold = static_cast<float>(threshold);
  }
  if (auto* s = object.if_contains("slice_idx")) {
    if (!s->is_array()) return invalid_argument("Inference-Parameters: slice_idx must be a list of integers");
    if (s->as_array().size() > kMaxSliceIndices)
      return invalid_argument("Inference-Parameters: slice_idx has " + std::to_string(s->as_array().size()) +
                              " entries; at most " + std::to_string(kMaxSliceIndices) + " are accepted");
    std::vector<int> slices;
    for (const auto& v : s->as_array()) {
      bool integral = v.is_int64() || v.is_uint64() || (v.is_double() && std::floor(v.as_double()) == v.as_double());
      if (!integral) return invalid_argument("Inference-Parameters: slice_idx must be a list of integers, got " + boost::json::serialize(v));
      double idx = v.to_number<double>();
      if (idx < 0 || idx > 999999) return invalid_argument("Inference-Parameters: slice_idx values must be between 0 and 999999");
      slices.push_back(static_cast<int>(idx));
    }
    params.slice_idx = std::move(slices);
  }
  return params;
}

}  // namespace octgate::api
