#pragma once
// The KServe v2 binary form of a BYTES tensor: each element is a 4-byte unsigned little-endian
// length followed by that many bytes, elements concatenated in row-major order, no padding.
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::inference {

// Appends one element to a raw BYTES tensor.
void append_bytes_element(std::string& raw, std::string_view element);
std::string serialize_bytes_tensor(const std::vector<std::string_view>& elements);
// Splits a raw BYTES tensor into its elements (views into raw). Fails on a truncated
// length prefix or payload, naming `tensor` in the message.
Result<std::vector<std::string_view>> deserialize_bytes_tensor(std::string_view raw, std::string_view tensor);

}  // namespace octgate::inference
