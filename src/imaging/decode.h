#pragma once
// Decodes an uploaded image to 8-bit grayscale exactly as cv2.imdecode(buf, IMREAD_GRAYSCALE)
// does (it is the same OpenCV call), after checking the header against the image limits.
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <span>

#include "common/status.h"
#include "imaging/image_limits.h"

namespace octgate::imaging {

// data must stay alive for the call only; the result owns its pixels.
Result<cv::Mat> decode_grayscale(std::span<const std::uint8_t> data, const ImageLimits& limits);

}  // namespace octgate::imaging
