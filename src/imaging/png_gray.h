#pragma once
// A fast decoder for the PNGs that OCT devices and exports write: 8-bit grayscale, not interlaced,
// with no chunk that changes pixel values. It inflates the whole image at once with libdeflate and
// unfilters it in place; for these files that costs about half of cv::imdecode (bench_decode).
// Anything else (colour, palette, 16-bit, interlaced, transparency, gamma, a bad CRC, a stream that
// does not inflate to exactly the image size) returns nullopt, and the caller hands the bytes to
// OpenCV, which then decodes them, or refuses them, exactly as the reference service does.
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <span>

namespace octgate::imaging {

// The result is pixel-identical to cv::imdecode(data, IMREAD_GRAYSCALE) whenever it is returned.
std::optional<cv::Mat> decode_plain_gray_png(std::span<const std::uint8_t> data);

}  // namespace octgate::imaging
