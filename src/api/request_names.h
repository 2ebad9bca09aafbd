#pragma once
// Limits on the names a caller gives a job (the image's filename, the Examination-ID header).
// They are echoed into the answer, the log, the webhook and /examinations, so each must be
// short, valid UTF-8 and free of control characters; otherwise the request is a 400 naming the
// field, and nothing is stored.
#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace octgate::api {

inline constexpr std::size_t kMaxFilenameBytes = 255;       // the common file-system limit
inline constexpr std::size_t kMaxExaminationIdBytes = 256;

// OK, or invalid_argument naming `field` and what is wrong with `value` (never echoing it).
Status check_request_name(std::string_view field, std::string_view value, std::size_t max_bytes);

}  // namespace octgate::api
