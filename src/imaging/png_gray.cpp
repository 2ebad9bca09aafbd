#include "imaging/png_gray.h"
#include "imaging/png_unfilter.h"

#include <libdeflate.h>

#include <array>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace octgate::imaging {
namespace {

constexpr std::array<std::uint8_t, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

std::uint32_t big_endian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

struct Chunk {
  std::string_view type;
  std::span<const std::uint8_t> body;
};

// Ancillary chunks that carry no pixel information (OpenCV ignores them too). Any other chunk,
// gAMA, sBIT or tRNS among them, sends the file to OpenCV rather than guessing what it would do.
bool is_inert_ancillary(std::string_view type) {
  return type == "pHYs" || type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "tIME";
}

// Walks the chunk list, checking every length and CRC; nullopt on anything malformed.
class ChunkReader {
 public:
  explicit ChunkReader(std::span<const std::uint8_t> data) : data_(data), at_(kSignature.size()) {}

  std::optional<Chunk> next() {
    if (data_.size() - at_ < 12) return std::nullopt;
    const std::uint32_t length = big_endian32(&data_[at_]);
    if (length > data_.size() - at_ - 12) return std::nullopt;
    const std::uint8_t* type = &data_[at_ + 4];
    const std::uint32_t stored_crc = big_endian32(type + 4 + length);
    if (libdeflate_crc32(0, type, 4 + std::size_t{length}) != stored_crc) return std::nullopt;
    at_ += 12 + std::size_t{length};
    return Chunk{{reinterpret_cast<const char*>(type), 4}, {type + 4, length}};
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t at_;
};

struct PlainGrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> joined_idat;  // used only when the stream spans several IDAT chunks
  std::span<const std::uint8_t> zlib_stream;
};

bool read_ihdr(const Chunk& chunk, PlainGrayImage& image) {
  if (chunk.type != "IHDR" || chunk.body.size() != 13) return false;
  const std::uint32_t width = big_endian32(&chunk.body[0]);
  const std::uint32_t height = big_endian32(&chunk.body[4]);
  const auto* f = &chunk.body[8];  // bit depth, colour type, compression, filter, interlace
  if (f[0] != 8 || f[1] != 0 || f[2] != 0 || f[3] != 0 || f[4] != 0) return false;
  if (width == 0 || height == 0 || width > 1u << 16 || height > 1u << 16) return false;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  return true;
}

// IHDR first, then inert chunks, one run of IDAT chunks, inert chunks and IEND.
std::optional<PlainGrayImage> read_chunks(std::span<const std::uint8_t> data) {
  ChunkReader reader(data);
  PlainGrayImage image;
  auto first = reader.next();
  if (!first || !read_ihdr(*first, image)) return std::nullopt;
  std::vector<std::span<const std::uint8_t>> idat;
  bool idat_ended = false;
  for (auto chunk = reader.next(); chunk; chunk = reader.next()) {
    if (chunk->type == "IEND") {
      if (idat.empty()) return std::nullopt;
      if (idat.size() == 1) {
        image.zlib_stream = idat.front();
        return image;
      }
      for (auto part : idat) image.joined_idat.insert(image.joined_idat.end(), part.begin(), part.end());
      image.zlib_stream = image.joined_idat;
      return image;
    }
    if (chunk->type == "IDAT") {
      if (idat_ended) return std::nullopt;
      idat.push_back(chunk->body);
    } else if (is_inert_ancillary(chunk->type)) {
      idat_ended = !idat.empty();
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;  // no IEND: truncated or trailing garbage; OpenCV decides
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

libdeflate_decompressor* thread_decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(
      libdeflate_alloc_decompressor());
  return decompressor.get();
}

}  // namespace

std::optional<cv::Mat> decode_plain_gray_png(std::span<const std::uint8_t> data) {
  if (data.size() < kSignature.size() || std::memcmp(data.data(), kSignature.data(), kSignature.size()) != 0) {
    return std::nullopt;
  }
  auto image = read_chunks(data);
  if (!image) return std::nullopt;
  const auto row_bytes = static_cast<std::size_t>(image->width) + 1;  // filter byte + pixels
  thread_local std::vector<std::uint8_t> filtered;  // reused: no page faults per image
  filtered.resize(row_bytes * static_cast<std::size_t>(image->height));
  if (libdeflate_zlib_decompress(thread_decompressor(), image->zlib_stream.data(), image->zlib_stream.size(),
                                 filtered.data(), filtered.size(), nullptr) != LIBDEFLATE_SUCCESS) {
    return std::nullopt;
  }
  cv::Mat gray(image->height, image->width, CV_8UC1);
  const std::vector<std::uint8_t> zero_row(static_cast<std::size_t>(image->width), 0);
  const std::uint8_t* prev = zero_row.data();
  for (int y = 0; y < image->height; ++y) {
    const std::uint8_t* row = &filtered[static_cast<std::size_t>(y) * row_bytes];
    std::uint8_t* out = gray.ptr<std::uint8_t>(y);
    if (!unfilter_gray_row(row[0], row + 1, prev, out, image->width)) return std::nullopt;
    prev = out;
  }
  return gray;
}

}  // namespace octgate::imaging
