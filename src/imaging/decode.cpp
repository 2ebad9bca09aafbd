#include "imaging/decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <opencv2/imgcodecs.hpp>

#include "imaging/image_header.h"
#include "imaging/png_gray.h"

namespace octgate::imaging {
namespace {

// libjpeg fills a truncated JPEG with gray and only warns; a complete one ends with EOI (FF D9),
// possibly followed by a little padding.
bool jpeg_has_end_marker(std::span<const std::uint8_t> d) {
  std::size_t from = d.size() > 64 ? d.size() - 64 : 0;
  for (std::size_t i = d.size(); i-- > from + 1;) {
    if (d[i - 1] == 0xFF && d[i] == 0xD9) return true;
  }
  return false;
}

}  // namespace

Result<cv::Mat> decode_grayscale(std::span<const std::uint8_t> data, const ImageLimits& limits) {
  if (data.empty()) return invalid_argument("image is empty (0 bytes)");
  auto header = read_image_header(data);
  if (!header) return header.status();
  std::uint64_t pixels = std::uint64_t{header->width} * header->height;
  if (pixels > limits.max_pixels) {
    return invalid_argument(fmt::format("image is {}x{} ({} pixels), over the limit of {} pixels",
                                        header->width, header->height, pixels, limits.max_pixels));
  }
  if (header->format == ImageFormat::kJpeg && !jpeg_has_end_marker(data)) {
    return invalid_argument("image is truncated: the JPEG data has no end marker");
  }
  if (header->format == ImageFormat::kPng) {
    if (auto gray = decode_plain_gray_png(data)) return std::move(*gray);
  }
  // A view of the caller's bytes: OpenCV decodes straight from them, no copy.
  cv::Mat encoded(1, static_cast<int>(data.size()), CV_8UC1, const_cast<std::uint8_t*>(data.data()));
  cv::Mat gray;
  try {
    gray = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE);
  } catch (const cv::Exception& e) {
    return invalid_argument(std::string("could not decode image: ") + e.what());
  }
  if (gray.empty()) {
    return invalid_argument(fmt::format(
        "could not decode image ({} bytes, format {}): not a supported image, or corrupt or truncated",
        data.size(), format_name(header->format)));
  }
  if (std::uint64_t(gray.total()) > limits.max_pixels) {
    return invalid_argument(fmt::format("image is {}x{}, over the limit of {} pixels", gray.cols, gray.rows,
                                        limits.max_pixels));
  }
  return gray;
}

}  // namespace octgate::imaging
