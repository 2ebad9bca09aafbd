// Image header sniffing and decoding with limits, as an upload is decoded. Input: the file.
// The limit is lower than the service's default so that each run stays fast; what is checked is
// that nothing over it is decoded, and that a decoded image is never larger than its header said
// (else the check before decoding could be bypassed).
#include <cstddef>
#include <cstdint>
#include <span>

#include "check.h"
#include "imaging/decode.h"
#include "imaging/image_header.h"
#include "imaging/png_gray.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace octgate::imaging;
  const std::span<const std::uint8_t> bytes(data, size);
  const ImageLimits limits{.max_pixels = 4ull * 1000 * 1000};

  auto header = read_image_header(bytes);
  if (header && header->format == ImageFormat::kUnknown) FUZZ_CHECK(header->width == 0 && header->height == 0);
  const std::uint64_t header_pixels = header ? std::uint64_t{header->width} * header->height : 0;

  auto gray = decode_grayscale(bytes, limits);
  if (!gray) return 0;
  FUZZ_CHECK(header);
  FUZZ_CHECK(gray->type() == CV_8UC1 && !gray->empty());
  FUZZ_CHECK(gray->total() <= limits.max_pixels);
  if (header->format != ImageFormat::kUnknown) FUZZ_CHECK(gray->total() <= header_pixels);
  if (header->format == ImageFormat::kPng) {
    // The fast path, when it takes an image, agrees with the header.
    if (auto fast = decode_plain_gray_png(bytes)) {
      FUZZ_CHECK(fast->cols == static_cast<int>(header->width) && fast->rows == static_cast<int>(header->height));
    }
  }
  return 0;
}
