#pragma once
// Turns a model's output tensors into the API's flat ILM polyline [x0, y0, x1, y1, ...].
// Pure functions, no I/O. Understood forms (see docs/triton.md):
//   points  [N, 2] or [1, N, 2]           (x, y) pairs, used as they are (NaN rows dropped)
//   map     [H, W], [1, H, W], [1, 1, H, W] per-pixel probability (float types: thresholded,
//                                          sub-pixel crossing) or mask (integer/bool: nonzero);
//                                          per column the top-most foreground row
//   row     [W] or [1, W]                  per-column boundary row (NaN or negative: none); an
//                                          output of the same shape whose name contains "CONF"
//                                          is the per-column confidence, thresholded
// Element types: BOOL, UINT8..64, INT8..64, FP16, BF16, FP32, FP64 (raw little-endian).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::inference {

struct OutputTensor {
  std::string name;
  std::string datatype;  // KServe v2 string: "FP32", "UINT8", ...
  std::vector<std::int64_t> shape;
  std::string_view data;  // raw contents, row-major little-endian
};

enum class OutputForm { kPoints, kMap, kRow, kConfidence, kUnknown };

float half_to_float(std::uint16_t bits);
// Bytes per element of a KServe v2 datatype; 0 for BYTES and unknown names.
std::size_t element_size(std::string_view datatype);
std::string shape_to_string(const std::vector<std::int64_t>& shape);

// Every element as float; fails on BYTES, an unknown type or a size that does not match the shape.
Result<std::vector<float>> tensor_to_floats(const OutputTensor& tensor);
OutputForm classify_output(const OutputTensor& tensor, int image_width, int image_height);

std::vector<float> points_from_pairs(const std::vector<float>& pairs);
// confidence may be empty (then every finite, non-negative row is kept).
std::vector<float> points_from_rows(const std::vector<float>& rows, const std::vector<float>& confidence,
                                    float threshold);
// map: height x width, row-major. is_mask: foreground = nonzero, else p >= threshold with the
// crossing interpolated linearly between the row above and the first foreground row.
std::vector<float> points_from_map(const std::vector<float>& map, int width, int height, float threshold,
                                   bool is_mask);

// Picks the most direct form present (points, then map, then row) and decodes it.
Result<std::vector<float>> decode_ilm_points(const std::vector<OutputTensor>& outputs, int image_width,
                                             int image_height, float threshold);

}  // namespace octgate::inference
