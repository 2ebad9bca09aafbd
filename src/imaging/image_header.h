#pragma once
// Reads an image's format and dimensions from its first bytes, without decoding it, so an
// enormous image is refused before any pixel buffer is allocated.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/status.h"

namespace octgate::imaging {

enum class ImageFormat { kPng, kJpeg, kBmp, kTiff, kUnknown };

struct ImageHeader {
  ImageFormat format = ImageFormat::kUnknown;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

const char* format_name(ImageFormat format);

// kUnknown with zero dimensions when the format is not one of the four we read headers of
// (OpenCV may still decode it). An error when a known format's header is truncated or invalid.
Result<ImageHeader> read_image_header(std::span<const std::uint8_t> data);

}  // namespace octgate::imaging
