#include "http/multipart.h"

#include <gtest/gtest.h>

namespace octgate::http {
namespace {

TEST(MultipartBoundary, ReadsPlainAndQuotedBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b c\""), "a;b c");
  EXPECT_FALSE(multipart_boundary("application/json"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
}

TEST(ParseMultipart, ViewsEveryPartInPlace) {
  std::string body =
      "preamble\r\n--XX\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--XX\r\n"
      "content-disposition: form-data; name=\"image\"; filename=\"a b;c.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n--X not a boundary\r\n"
      "--XX--\r\n";
  auto parts = parse_multipart(body, "XX");
  ASSERT_TRUE(parts) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "note");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[0].data, "hello");
  EXPECT_EQ((*parts)[1].name, "image");
  EXPECT_EQ(*(*parts)[1].filename, "a b;c.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].data, "\x89PNG\r\n--X not a boundary");
  // A view, not a copy.
  EXPECT_GE((*parts)[1].data.data(), body.data());
  EXPECT_LT((*parts)[1].data.data(), body.data() + body.size());
}

std::optional<std::string> filename_of(const std::string& disposition) {
  std::string body = "--XX\r\nContent-Disposition: " + disposition + "\r\n\r\nx\r\n--XX--";
  auto parts = parse_multipart(body, "XX");
  EXPECT_TRUE(parts) << disposition << ": " << parts.status().message();
  if (!parts || parts->empty()) return std::nullopt;
  return (*parts)[0].filename;
}

TEST(ParseMultipart, UnescapesQuotedFilenames) {
  EXPECT_EQ(filename_of(R"(form-data; name="image"; filename="a\"b.png")"), "a\"b.png");
  EXPECT_EQ(filename_of(R"(form-data; name="image"; filename="back\\slash.png")"), "back\\slash.png");
  EXPECT_EQ(filename_of(R"(form-data; name="image"; filename="C:\scans\a.png")"), R"(C:\scans\a.png)");
  EXPECT_EQ(filename_of(R"(form-data; name="image"; filename=plain.png)"), "plain.png");
  EXPECT_EQ(filename_of(R"(form-data; name="image"; filename="")"), "");
}

TEST(ParseMultipart, ReadsExtendedFilenamesAloneOrOverThePlainOne) {
  EXPECT_EQ(filename_of("form-data; name=\"image\"; filename*=UTF-8''scan%20%C3%A9.png"), "scan \xC3\xA9.png");
  EXPECT_EQ(filename_of("form-data; name=\"image\"; filename=\"fallback.png\"; filename*=utf-8''real.png"), "real.png");
  EXPECT_EQ(filename_of("form-data; name=\"image\"; filename*=iso-8859-1'en'%E9.png"), "\xC3\xA9.png");
  // An unreadable extended value leaves the plain one.
  EXPECT_EQ(filename_of("form-data; name=\"image\"; filename=\"a.png\"; filename*=koi8-r''x.png"), "a.png");
  EXPECT_EQ(filename_of("form-data; name=\"image\"; filename=\"a.png\"; filename*=UTF-8''bad%G1"), "a.png");
  EXPECT_FALSE(filename_of("form-data; name=\"image\"; filename*=UTF-8''%zz"));
}

TEST(ParseMultipart, RejectsMalformedBodiesWithAReason) {
  struct Case {
    std::string body, reason;
  };
  for (const auto& c : std::vector<Case>{
           {"no boundary here", "no boundary"},
           {"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ntruncated", "truncated"},
           {"--XX\r\nContent-Disposition: form-data; name=\"a\"", "not terminated"},
           {"--XX\r\nContent-Type: text/plain\r\n\r\nx\r\n--XX--", "Content-Disposition"},
           {"--XX\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XX--", "not form-data"},
           {"--XX\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XX--", "no name"},
           {"--XXjunk", "malformed"}}) {
    auto parts = parse_multipart(c.body, "XX");
    ASSERT_FALSE(parts) << c.body;
    EXPECT_NE(parts.status().message().find(c.reason), std::string::npos) << parts.status().message();
  }
}

TEST(MediaType, DropsParametersAndCase) {
  EXPECT_EQ(media_type(" Image/PNG ; q=1"), "image/png");
  EXPECT_EQ(media_type(""), "");
}

}  // namespace
TEST(ParseMultipart, RefusesMorePartsThanTheLimitNamingIt) {
  std::string body;
  for (std::size_t i = 0; i <= kMaxMultipartParts; ++i)
    body += "--b\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\nx\r\n";
  body += "--b--\r\n";
  auto parts = parse_multipart(body, "b");
  ASSERT_FALSE(parts);
  EXPECT_NE(parts.status().message().find(std::to_string(kMaxMultipartParts) + " parts"), std::string::npos);

  std::string at_limit;
  for (std::size_t i = 0; i < kMaxMultipartParts; ++i)
    at_limit += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  at_limit += "--b--\r\n";
  auto fine = parse_multipart(at_limit, "b");
  ASSERT_TRUE(fine) << fine.status().message();
  EXPECT_EQ(fine->size(), kMaxMultipartParts);
}

TEST(ParseMultipart, RefusesPartHeadersOverTheLimitNamingIt) {
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" +
                     std::string(kMaxPartHeaderBytes, 'a') + ".png\"\r\n\r\nx\r\n--b--\r\n";
  auto parts = parse_multipart(body, "b");
  ASSERT_FALSE(parts);
  EXPECT_NE(parts.status().message().find("longer than"), std::string::npos) << parts.status().message();
}

}  // namespace octgate::http
