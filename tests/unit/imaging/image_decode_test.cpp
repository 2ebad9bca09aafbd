#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "imaging/decode.h"
#include "imaging/image_header.h"
#include "support/test_scans.h"

namespace octgate::imaging {
namespace {

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(ImageHeader, ReadsDimensionsOfEveryAcceptedFormat) {
  cv::Mat scan = testing::simple_bscan(320, 200);
  for (auto [ext, format] : std::vector<std::pair<std::string, ImageFormat>>{
           {".png", ImageFormat::kPng}, {".jpg", ImageFormat::kJpeg}, {".bmp", ImageFormat::kBmp}, {".tif", ImageFormat::kTiff}}) {
    std::string encoded = testing::encode_image(scan, ext);
    auto header = read_image_header(bytes_of(encoded));
    ASSERT_TRUE(header) << ext << ": " << header.status().message();
    EXPECT_EQ(header->format, format) << ext;
    EXPECT_EQ(header->width, 320u) << ext;
    EXPECT_EQ(header->height, 200u) << ext;
  }
}

TEST(ImageHeader, TruncatedHeadersAreErrorsAndUnknownFormatsAreNot) {
  std::string png = testing::encode_image(testing::simple_bscan(32, 20), ".png");
  EXPECT_FALSE(read_image_header(bytes_of(png.substr(0, 12))));
  std::string jpeg = testing::encode_image(testing::simple_bscan(32, 20), ".jpg");
  EXPECT_FALSE(read_image_header(bytes_of(jpeg.substr(0, 30))));
  auto unknown = read_image_header(bytes_of("GIF89a...."));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->format, ImageFormat::kUnknown);
}

TEST(DecodeGrayscale, GivesExactlyTheImdecodeGrayscalePixels) {
  cv::Mat color(60, 80, CV_8UC3);
  cv::randu(color, 0, 255);
  std::string png = testing::encode_image(color, ".png");
  auto gray = decode_grayscale(bytes_of(png), {});
  ASSERT_TRUE(gray);
  cv::Mat expected = cv::imdecode(std::vector<std::uint8_t>(png.begin(), png.end()), cv::IMREAD_GRAYSCALE);
  ASSERT_EQ(gray->type(), CV_8UC1);
  EXPECT_EQ(cv::norm(*gray, expected, cv::NORM_INF), 0.0);
}

TEST(DecodeGrayscale, RefusesOversizedImagesBeforeDecoding) {
  std::string png = testing::encode_image(testing::simple_bscan(512, 496), ".png");
  auto result = decode_grayscale(bytes_of(png), ImageLimits{1000});
  ASSERT_FALSE(result);
  EXPECT_NE(result.status().message().find("512x496"), std::string::npos) << result.status().message();
}

TEST(DecodeGrayscale, EmptyTruncatedAndGarbageAreInvalidArguments) {
  std::string jpeg = testing::encode_image(testing::simple_bscan(64, 64), ".jpg");
  for (const std::string& data : {std::string(), std::string("garbage bytes"), jpeg.substr(0, jpeg.size() - 100)}) {
    auto result = decode_grayscale(bytes_of(data), {});
    ASSERT_FALSE(result) << data.size();
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(DecodeGrayscale, AcceptsAJpegWithDataAfterItsEndMarker) {
  std::string jpeg = testing::encode_image(testing::simple_bscan(64, 64), ".jpg");
  auto plain = decode_grayscale(bytes_of(jpeg), {});
  ASSERT_TRUE(plain) << plain.status().message();
  std::string trailing(4096, '\0');
  for (std::size_t i = 0; i < trailing.size(); ++i) trailing[i] = static_cast<char>((i * 7919) % 251);
  auto appended = decode_grayscale(bytes_of(jpeg + trailing), {});
  ASSERT_TRUE(appended) << appended.status().message();
  EXPECT_EQ(cv::norm(*plain, *appended, cv::NORM_INF), 0.0);
}

TEST(DecodeGrayscale, AThumbnailsEndMarkerDoesNotHideATruncatedScan) {
  std::string jpeg = testing::encode_image(testing::simple_bscan(64, 64), ".jpg");
  // An APP1 segment right after SOI holding a thumbnail-like FF D8 ... FF D9, as EXIF does.
  std::string thumbnail = "Exif\0\0\xFF\xD8\xFF\xDA\x00\x02\x12\x34\xFF\xD9";
  std::string app1 = "\xFF\xE1";
  app1 += static_cast<char>((thumbnail.size() + 2) >> 8);
  app1 += static_cast<char>((thumbnail.size() + 2) & 0xFF);
  app1 += thumbnail;
  std::string with_exif = jpeg.substr(0, 2) + app1 + jpeg.substr(2);
  ASSERT_TRUE(decode_grayscale(bytes_of(with_exif), {}));
  auto truncated = decode_grayscale(bytes_of(with_exif.substr(0, with_exif.size() - 200)), {});
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos) << truncated.status().message();
}

// Found by fuzz/image_decode: libpng allocated a chunk's declared length (up to 2 GiB; 64 MiB here,
// to keep the test fast) for an upload of a few hundred bytes. Such a PNG is now refused before
// OpenCV sees it, which refuses it too.
TEST(DecodeGrayscale, RefusesAPngChunkLongerThanTheDataBeforeDecoding) {
  std::string png = testing::encode_image(testing::simple_bscan(32, 20), ".png");
  const std::size_t after_ihdr = 8 + 12 + 13;
  std::string huge_text = std::string("\x04\x00\x00\x00", 4) + "tEXtSoftware";
  std::string bad = png.substr(0, after_ihdr) + huge_text + png.substr(after_ihdr);
  auto result = decode_grayscale(bytes_of(bad), {});
  ASSERT_FALSE(result);
  EXPECT_NE(result.status().message().find("PNG chunk runs past the end"), std::string::npos) << result.status().message();
  EXPECT_TRUE(cv::imdecode(std::vector<std::uint8_t>(bad.begin(), bad.end()), cv::IMREAD_GRAYSCALE).empty());
}

TEST(DecodeGrayscale, DataAfterAPngsEndChunkIsIgnored) {
  std::string png = testing::encode_image(testing::simple_bscan(32, 20), ".png");
  std::string trailer = std::string("\xFF\xFF\xFF\xFF", 4) + "junk";
  auto result = decode_grayscale(bytes_of(png + trailer), {});
  ASSERT_TRUE(result) << result.status().message();
  EXPECT_EQ(result->cols, 32);
}

}  // namespace
}  // namespace octgate::imaging
