#include "imaging/png_gray.h"

#include <gtest/gtest.h>
#include <libdeflate.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/paths.h"
#include "support/test_scans.h"
#include "synth/oct_generator.h"

namespace octgate::imaging {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put_chunk(Bytes& out, const std::string& type, const Bytes& body) {
  put32(out, static_cast<std::uint32_t>(body.size()));
  Bytes typed(type.begin(), type.end());
  typed.insert(typed.end(), body.begin(), body.end());
  out.insert(out.end(), typed.begin(), typed.end());
  put32(out, libdeflate_crc32(0, typed.data(), typed.size()));
}

std::uint8_t paeth_reference(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return static_cast<std::uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

// Filters row y of an 8-bit gray image with the given PNG filter type (the encoder's side).
Bytes filter_row(const cv::Mat& img, int y, int filter) {
  Bytes row{static_cast<std::uint8_t>(filter)};
  for (int x = 0; x < img.cols; ++x) {
    int a = x > 0 ? img.at<std::uint8_t>(y, x - 1) : 0;
    int b = y > 0 ? img.at<std::uint8_t>(y - 1, x) : 0;
    int c = x > 0 && y > 0 ? img.at<std::uint8_t>(y - 1, x - 1) : 0;
    int predictor[] = {0, a, b, (a + b) / 2, paeth_reference(a, b, c)};
    row.push_back(static_cast<std::uint8_t>(img.at<std::uint8_t>(y, x) - predictor[filter]));
  }
  return row;
}

struct PngOptions {
  std::uint8_t bit_depth = 8, colour_type = 0, interlace = 0;
  std::size_t idat_pieces = 3;
  std::vector<std::pair<std::string, Bytes>> extra_chunks = {};  // written before the IDATs
  int extra_rows = 0;                                       // filtered rows beyond the height
  int first_filter_byte = -1;                               // overrides row 0's filter type byte
};

// A PNG written by hand, so that every filter type (row y uses filter y % 5) is exercised.
Bytes write_png(const cv::Mat& img, const PngOptions& options = {}) {
  Bytes out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  Bytes ihdr;
  put32(ihdr, static_cast<std::uint32_t>(img.cols));
  put32(ihdr, static_cast<std::uint32_t>(img.rows));
  ihdr.insert(ihdr.end(), {options.bit_depth, options.colour_type, 0, 0, options.interlace});
  put_chunk(out, "IHDR", ihdr);
  for (const auto& [type, body] : options.extra_chunks) put_chunk(out, type, body);
  Bytes filtered;
  for (int y = 0; y < img.rows + options.extra_rows; ++y) {
    Bytes row = filter_row(img, y % img.rows, y % 5);
    if (y == 0 && options.first_filter_byte >= 0) row[0] = static_cast<std::uint8_t>(options.first_filter_byte);
    filtered.insert(filtered.end(), row.begin(), row.end());
  }
  auto* compressor = libdeflate_alloc_compressor(6);
  Bytes zlib(libdeflate_zlib_compress_bound(compressor, filtered.size()));
  zlib.resize(libdeflate_zlib_compress(compressor, filtered.data(), filtered.size(), zlib.data(), zlib.size()));
  libdeflate_free_compressor(compressor);
  std::size_t piece = zlib.size() / options.idat_pieces + 1;
  for (std::size_t at = 0; at < zlib.size(); at += piece) {
    put_chunk(out, "IDAT", Bytes(zlib.begin() + at, zlib.begin() + std::min(zlib.size(), at + piece)));
  }
  put_chunk(out, "IEND", {});
  return out;
}

cv::Mat random_gray(int w, int h) {
  cv::Mat img(h, w, CV_8UC1);
  cv::randu(img, 0, 256);
  return img;
}

cv::Mat opencv_gray(const Bytes& png) { return cv::imdecode(png, cv::IMREAD_GRAYSCALE); }

void expect_identical_to_opencv(const Bytes& png, const std::string& what) {
  auto ours = decode_plain_gray_png(png);
  ASSERT_TRUE(ours) << what << ": the fast path declined a plain 8-bit gray PNG";
  cv::Mat reference = opencv_gray(png);
  ASSERT_EQ(ours->size(), reference.size()) << what;
  EXPECT_EQ(cv::norm(*ours, reference, cv::NORM_INF), 0.0) << what;
}

TEST(PlainGrayPng, EveryFilterTypeAndSplitIdatDecodeExactlyAsOpenCv) {
  cv::Mat img = random_gray(97, 41);
  expect_identical_to_opencv(write_png(img), "random 97x41, 3 IDATs");
  expect_identical_to_opencv(write_png(img, {.idat_pieces = 1}), "one IDAT");
  expect_identical_to_opencv(write_png(img, {.extra_chunks = {{"tEXt", Bytes{'a', 0, 'b'}}}}), "with tEXt");
  expect_identical_to_opencv(write_png(random_gray(1, 1)), "1x1");
}

TEST(PlainGrayPng, OpenCvEncodedScansDecodeExactlyAsOpenCv) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto scan = synth::generate_scan({.width = 512, .height = 496, .seed = seed});
    std::string encoded = testing::encode_image(scan.image, ".png");
    expect_identical_to_opencv(Bytes(encoded.begin(), encoded.end()), "synthetic seed " + std::to_string(seed));
  }
}

TEST(PlainGrayPng, RealScansDecodeExactlyAsOpenCv) {
  int decoded = 0;
  for (const char* folder : {"data/real-oct", "data/labelled-oct"}) {
    auto dir = testing::shared_dir() / folder;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".png") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      Bytes png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      expect_identical_to_opencv(png, entry.path().filename().string());
      ++decoded;
    }
  }
  if (decoded == 0) GTEST_SKIP() << "no real scans: " << testing::shared_dir() << " is absent";
  EXPECT_GE(decoded, 20);
}

TEST(PlainGrayPng, DeclinesWhatItDoesNotHandleSoOpenCvDecides) {
  cv::Mat img = random_gray(30, 20);
  EXPECT_FALSE(decode_plain_gray_png(write_png(img, {.bit_depth = 16})));
  EXPECT_FALSE(decode_plain_gray_png(write_png(img, {.interlace = 1})));
  EXPECT_FALSE(decode_plain_gray_png(write_png(img, {.extra_chunks = {{"tRNS", Bytes{0, 7}}}})));
  EXPECT_FALSE(decode_plain_gray_png(write_png(img, {.extra_chunks = {{"gAMA", Bytes{0, 0, 0xB1, 0x8F}}}})));
  EXPECT_FALSE(decode_plain_gray_png(write_png(img, {.extra_rows = 1})));  // inflates to too much
  cv::Mat colour;
  cv::cvtColor(random_gray(30, 20), colour, cv::COLOR_GRAY2BGR);
  std::string colour_png = testing::encode_image(colour, ".png");
  EXPECT_FALSE(decode_plain_gray_png(Bytes(colour_png.begin(), colour_png.end())));
}

TEST(PlainGrayPng, DeclinesDamagedFiles) {
  Bytes png = write_png(random_gray(30, 20));
  Bytes bad_crc = png;
  bad_crc[40] ^= 0x01;  // inside the first IDAT
  EXPECT_FALSE(decode_plain_gray_png(bad_crc));
  for (std::size_t keep : {std::size_t{0}, std::size_t{8}, std::size_t{20}, png.size() / 2, png.size() - 1}) {
    EXPECT_FALSE(decode_plain_gray_png(Bytes(png.begin(), png.begin() + keep))) << "truncated to " << keep;
  }
  EXPECT_FALSE(decode_plain_gray_png(write_png(random_gray(30, 20), {.first_filter_byte = 5})));
}

}  // namespace
}  // namespace octgate::imaging
