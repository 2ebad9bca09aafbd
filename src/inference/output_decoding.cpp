#include "inference/output_decoding.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>

namespace octgate::inference {
namespace {

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));  // little-endian host (x86-64, aarch64), as the protocol
  return v;
}

bool is_integer_type(std::string_view dt) {
  return dt == "BOOL" || dt.starts_with("UINT") || dt.starts_with("INT");
}

bool name_says_confidence(const std::string& name) {
  std::string upper(name);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("CONF") != std::string::npos;
}

bool name_says_points(const std::string& name) {
  std::string upper(name);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("POINT") != std::string::npos;
}

}  // namespace

float half_to_float(std::uint16_t h) {
  std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exponent = (h >> 10) & 0x1fu;
  std::uint32_t mantissa = h & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;  // signed zero
    } else {        // subnormal: value = mantissa * 2^-24
      float v = std::ldexp(static_cast<float>(mantissa), -24);
      return sign ? -v : v;
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // inf / NaN
  } else {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::size_t element_size(std::string_view dt) {
  if (dt == "BOOL" || dt == "UINT8" || dt == "INT8") return 1;
  if (dt == "UINT16" || dt == "INT16" || dt == "FP16" || dt == "BF16") return 2;
  if (dt == "UINT32" || dt == "INT32" || dt == "FP32") return 4;
  if (dt == "UINT64" || dt == "INT64" || dt == "FP64") return 8;
  return 0;
}

std::string shape_to_string(const std::vector<std::int64_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

Result<std::vector<float>> tensor_to_floats(const OutputTensor& t) {
  std::size_t size = element_size(t.datatype);
  if (size == 0)
    return invalid_argument("model output '" + t.name + "' has datatype '" + t.datatype +
                            "', which octgate cannot read as numbers");
  std::int64_t count = 1;
  for (auto d : t.shape) {
    if (d < 0) return invalid_argument("model output '" + t.name + "' has a negative dimension " + shape_to_string(t.shape));
    count *= d;
  }
  if (static_cast<std::uint64_t>(count) * size != t.data.size())
    return invalid_argument("model output '" + t.name + "' " + t.datatype + " " + shape_to_string(t.shape) +
                            " should hold " + std::to_string(count * size) + " bytes, got " +
                            std::to_string(t.data.size()));
  std::vector<float> out(static_cast<std::size_t>(count));
  const char* p = t.data.data();
  const std::string& dt = t.datatype;
  for (std::size_t i = 0; i < out.size(); ++i, p += size) {
    float v;
    if (dt == "FP32") v = load<float>(p);
    else if (dt == "FP16") v = half_to_float(load<std::uint16_t>(p));
    else if (dt == "BF16") {
      std::uint32_t bits = static_cast<std::uint32_t>(load<std::uint16_t>(p)) << 16;
      std::memcpy(&v, &bits, sizeof v);
    }
    else if (dt == "FP64") v = static_cast<float>(load<double>(p));
    else if (dt == "UINT8") v = load<std::uint8_t>(p);
    else if (dt == "BOOL") v = load<std::uint8_t>(p) ? 1.0f : 0.0f;
    else if (dt == "INT8") v = load<std::int8_t>(p);
    else if (dt == "UINT16") v = load<std::uint16_t>(p);
    else if (dt == "INT16") v = load<std::int16_t>(p);
    else if (dt == "UINT32") v = static_cast<float>(load<std::uint32_t>(p));
    else if (dt == "INT32") v = static_cast<float>(load<std::int32_t>(p));
    else if (dt == "UINT64") v = static_cast<float>(load<std::uint64_t>(p));
    else v = static_cast<float>(load<std::int64_t>(p));  // INT64
    out[i] = v;
  }
  return out;
}

OutputForm classify_output(const OutputTensor& t, int width, int height) {
  const auto& s = t.shape;
  std::int64_t w = width, h = height;
  bool map2 = s.size() == 2 && s[0] == h && s[1] == w;
  bool points2 = s.size() == 2 && s[1] == 2;
  if (map2 && points2) return name_says_points(t.name) ? OutputForm::kPoints : OutputForm::kMap;
  if (map2) return OutputForm::kMap;
  if (s.size() == 3 && s[0] == 1 && s[1] == h && s[2] == w) return OutputForm::kMap;
  if (s.size() == 4 && s[0] == 1 && s[1] == 1 && s[2] == h && s[3] == w) return OutputForm::kMap;
  if (points2 || (s.size() == 3 && s[0] == 1 && s[2] == 2)) return OutputForm::kPoints;
  if ((s.size() == 1 && s[0] == w) || (s.size() == 2 && s[0] == 1 && s[1] == w))
    return name_says_confidence(t.name) ? OutputForm::kConfidence : OutputForm::kRow;
  return OutputForm::kUnknown;
}

std::vector<float> points_from_pairs(const std::vector<float>& pairs) {
  std::vector<float> points;
  points.reserve(pairs.size());
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    if (!std::isfinite(pairs[i]) || !std::isfinite(pairs[i + 1])) continue;
    points.push_back(pairs[i]);
    points.push_back(pairs[i + 1]);
  }
  return points;
}

std::vector<float> points_from_rows(const std::vector<float>& rows, const std::vector<float>& confidence,
                                    float threshold) {
  std::vector<float> points;
  points.reserve(rows.size() * 2);
  for (std::size_t x = 0; x < rows.size(); ++x) {
    if (!std::isfinite(rows[x]) || rows[x] < 0) continue;
    if (!confidence.empty() && !(confidence[x] >= threshold)) continue;
    points.push_back(static_cast<float>(x));
    points.push_back(rows[x]);
  }
  return points;
}

std::vector<float> points_from_map(const std::vector<float>& map, int width, int height, float threshold,
                                   bool is_mask) {
  std::vector<float> points;
  points.reserve(static_cast<std::size_t>(width) * 2);
  for (int x = 0; x < width; ++x) {
    for (int y = 0; y < height; ++y) {
      float p = map[static_cast<std::size_t>(y) * width + x];
      bool foreground = is_mask ? p != 0.0f : p >= threshold;
      if (!foreground) continue;
      float row = static_cast<float>(y);
      if (!is_mask && y > 0) {
        float above = map[static_cast<std::size_t>(y - 1) * width + x];
        if (std::isfinite(above) && p > above) row = static_cast<float>(y - 1) + (threshold - above) / (p - above);
      }
      points.push_back(static_cast<float>(x));
      points.push_back(row);
      break;
    }
  }
  return points;
}

Result<std::vector<float>> decode_ilm_points(const std::vector<OutputTensor>& outputs, int width, int height,
                                             float threshold) {
  const OutputTensor *points = nullptr, *map = nullptr, *row = nullptr, *confidence = nullptr;
  for (const auto& t : outputs) {
    switch (classify_output(t, width, height)) {
      case OutputForm::kPoints: if (!points) points = &t; break;
      case OutputForm::kMap: if (!map) map = &t; break;
      case OutputForm::kRow: if (!row) row = &t; break;
      case OutputForm::kConfidence: if (!confidence) confidence = &t; break;
      case OutputForm::kUnknown: break;
    }
  }
  if (points) {
    auto values = tensor_to_floats(*points);
    if (!values) return values.status();
    return points_from_pairs(*values);
  }
  if (map) {
    auto values = tensor_to_floats(*map);
    if (!values) return values.status();
    return points_from_map(*values, width, height, threshold, is_integer_type(map->datatype));
  }
  if (row) {
    auto rows = tensor_to_floats(*row);
    if (!rows) return rows.status();
    std::vector<float> conf;
    if (confidence) {
      auto c = tensor_to_floats(*confidence);
      if (!c) return c.status();
      conf = std::move(*c);
    }
    return points_from_rows(*rows, conf, threshold);
  }
  std::string seen;
  for (const auto& t : outputs) seen += (seen.empty() ? "" : ", ") + ("'" + t.name + "' " + t.datatype + " " + shape_to_string(t.shape));
  return invalid_argument("no model output has an ILM form for a " + std::to_string(height) + "x" +
                          std::to_string(width) + " image (points [N,2], map [H,W]/[1,H,W]/[1,1,H,W] or row [W]); got " +
                          (seen.empty() ? std::string("no outputs") : seen));
}

}  // namespace octgate::inference
