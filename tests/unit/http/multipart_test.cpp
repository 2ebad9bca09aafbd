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
}  // namespace octgate::http
