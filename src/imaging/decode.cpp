#include "imaging/decode.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <opencv2/imgcodecs.hpp>

#include "imaging/image_header.h"
#include "imaging/png_gray.h"

namespace octgate::imaging {
namespace {

// libjpeg fills a truncated JPEG with gray and only warns, so a JPEG must show its end-of-image
// marker (FF D9) after the start of its scan data. Devices and PACS exports append data after it,
// which is fine. The marker segments before the first top-level SOS (FF DA) are skipped by their
// lengths, so that an EXIF thumbnail's own end marker is not mistaken for the image's; inside
// entropy-coded data a literal FF is always followed by 00 or a restart marker, so FF D9 there is
// a real end of image.
bool jpeg_has_end_marker(std::span<const std::uint8_t> d) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= d.size()) {
    if (d[at] != 0xFF) return false;
    const std::uint8_t marker = d[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD9) return false;  // end of image before any scan
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // markers without a length
      at += 2;
      continue;
    }
    const std::size_t length = (std::size_t{d[at + 2]} << 8) | d[at + 3];
    if (length < 2) return false;
    if (marker == 0xDA) {
      for (std::size_t i = at + 2 + length; i + 1 < d.size(); ++i)
        if (d[i] == 0xFF && d[i + 1] == 0xD9) return true;
      return false;
    }
    at += 2 + length;
  }
  return false;
}

// libpng allocates a chunk's declared length (up to 2 GiB) before reading it, so an 80-byte PNG
// could make it reserve 2 GiB. A chunk that runs past the end of the data fails to read anyway,
// so refusing it first changes no outcome. Chunks are walked by their lengths up to IEND.
bool png_chunks_fit(std::span<const std::uint8_t> d) {
  std::size_t at = 8;  // after the signature
  while (d.size() - at >= 8) {
    const std::uint32_t length = (std::uint32_t{d[at]} << 24) | (d[at + 1] << 16) | (d[at + 2] << 8) | d[at + 3];
    if (length > d.size() - at - 8 || d.size() - at - 8 - length < 4) return false;  // data, then the CRC
    if (std::memcmp(&d[at + 4], "IEND", 4) == 0) return true;
    at += 12 + std::size_t{length};
  }
  return true;  // ends between chunks: OpenCV decides
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
    if (!png_chunks_fit(data)) return invalid_argument("image is truncated: a PNG chunk runs past the end of the data");
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
