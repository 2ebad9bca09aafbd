#include "imaging/image_header.h"

#include <cstring>

namespace octgate::imaging {
namespace {

std::uint32_t be16(const std::uint8_t* p) { return (p[0] << 8) | p[1]; }
std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}
std::uint32_t le16(const std::uint8_t* p) { return p[0] | (p[1] << 8); }
std::uint32_t le32(const std::uint8_t* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t{p[3]} << 24);
}

Status truncated(ImageFormat f) {
  return invalid_argument(std::string("image is truncated: the ") + format_name(f) +
                          " header ends before its dimensions");
}

Result<ImageHeader> read_png(std::span<const std::uint8_t> d) {
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
  if (d.size() < 24) return truncated(ImageFormat::kPng);
  if (std::memcmp(d.data() + 12, "IHDR", 4) != 0) return invalid_argument("PNG image has no IHDR chunk");
  return ImageHeader{ImageFormat::kPng, be32(d.data() + 16), be32(d.data() + 20)};
}

Result<ImageHeader> read_jpeg(std::span<const std::uint8_t> d) {
  std::size_t i = 2;
  while (i + 4 <= d.size()) {
    if (d[i] != 0xFF) return invalid_argument("JPEG image is corrupt: expected a marker");
    std::uint8_t marker = d[i + 1];
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      i += 2;
      continue;
    }
    std::uint32_t length = be16(d.data() + i + 2);
    bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (i + 9 > d.size()) return truncated(ImageFormat::kJpeg);
      return ImageHeader{ImageFormat::kJpeg, be16(d.data() + i + 7), be16(d.data() + i + 5)};
    }
    if (marker == 0xDA || marker == 0xD9) break;  // scan data or end before any frame header
    i += 2 + length;
  }
  return truncated(ImageFormat::kJpeg);
}

Result<ImageHeader> read_bmp(std::span<const std::uint8_t> d) {
  if (d.size() < 18) return truncated(ImageFormat::kBmp);
  std::uint32_t dib_size = le32(d.data() + 14);
  if (dib_size == 12) {
    if (d.size() < 22) return truncated(ImageFormat::kBmp);
    return ImageHeader{ImageFormat::kBmp, le16(d.data() + 18), le16(d.data() + 20)};
  }
  if (d.size() < 26) return truncated(ImageFormat::kBmp);
  auto w = static_cast<std::int32_t>(le32(d.data() + 18));
  auto h = static_cast<std::int32_t>(le32(d.data() + 22));  // negative: top-down rows
  if (w <= 0 || h == 0 || h == INT32_MIN) return invalid_argument("BMP image has invalid dimensions");
  return ImageHeader{ImageFormat::kBmp, static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(h < 0 ? -h : h)};
}

Result<ImageHeader> read_tiff(std::span<const std::uint8_t> d) {
  if (d.size() < 8) return truncated(ImageFormat::kTiff);
  bool little = d[0] == 'I';
  auto u16 = [&](std::size_t at) { return little ? le16(d.data() + at) : be16(d.data() + at); };
  auto u32 = [&](std::size_t at) { return little ? le32(d.data() + at) : be32(d.data() + at); };
  std::uint64_t ifd = u32(4);
  if (ifd + 2 > d.size()) return truncated(ImageFormat::kTiff);
  std::uint32_t entries = u16(ifd);
  ImageHeader h{ImageFormat::kTiff, 0, 0};
  for (std::uint32_t e = 0; e < entries; ++e) {
    std::uint64_t at = ifd + 2 + 12ull * e;
    if (at + 12 > d.size()) return truncated(ImageFormat::kTiff);
    std::uint32_t tag = u16(at), type = u16(at + 2);
    std::uint32_t value = type == 3 ? u16(at + 8) : u32(at + 8);  // SHORT or LONG
    if (tag == 256) h.width = value;
    if (tag == 257) h.height = value;
  }
  if (h.width == 0 || h.height == 0) return invalid_argument("TIFF image has no width or height tag");
  return h;
}

}  // namespace

const char* format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kTiff: return "TIFF";
    case ImageFormat::kUnknown: return "unknown";
  }
  return "unknown";
}

Result<ImageHeader> read_image_header(std::span<const std::uint8_t> d) {
  static constexpr std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (d.size() >= 8 && std::memcmp(d.data(), kPngSignature, 8) == 0) return read_png(d);
  if (d.size() >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return read_jpeg(d);
  if (d.size() >= 2 && d[0] == 'B' && d[1] == 'M') return read_bmp(d);
  if (d.size() >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0) ||
                        (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)))
    return read_tiff(d);
  return ImageHeader{};
}

}  // namespace octgate::imaging
