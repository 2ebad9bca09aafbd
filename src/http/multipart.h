#pragma once
// multipart/form-data (RFC 7578) parsing in place: a part's data is a view into the request body,
// so an uploaded image is never copied before it is decoded.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::http {

struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;  // absent for plain form fields; filename* when given
  std::string_view content_type;             // empty when the part has none
  std::string_view data;
};

// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is not
// multipart/form-data or has no usable boundary.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// More parts, or a part whose headers are longer, is a 400 naming the limit: an upload needs a
// handful of parts, and each part costs a parse and an allocation.
inline constexpr std::size_t kMaxMultipartParts = 100;
inline constexpr std::size_t kMaxPartHeaderBytes = 16u << 10;

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary);

// The media type without parameters, lower-cased ("Image/PNG; x=y" -> "image/png").
std::string media_type(std::string_view content_type);

}  // namespace octgate::http
