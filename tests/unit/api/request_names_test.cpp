#include "api/request_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace octgate::api {
namespace {

TEST(CheckRequestName, AcceptsUtf8NamesUpToTheLimit) {
  EXPECT_TRUE(check_request_name("filename", "scan 01.png", kMaxFilenameBytes).is_ok());
  EXPECT_TRUE(check_request_name("filename", "\xC3\xA9tude_\xE2\x82\xAC.png", kMaxFilenameBytes).is_ok());
  EXPECT_TRUE(check_request_name("filename", std::string(kMaxFilenameBytes, 'a'), kMaxFilenameBytes).is_ok());
  EXPECT_TRUE(check_request_name("Examination-ID", "", kMaxExaminationIdBytes).is_ok());
}

TEST(CheckRequestName, RefusesLongNamesNamingTheFieldAndTheLimit) {
  Status s = check_request_name("Examination-ID", std::string(kMaxExaminationIdBytes + 1, 'x'), kMaxExaminationIdBytes);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "Examination-ID is 257 bytes long; at most 256 are accepted");
}

TEST(CheckRequestName, RefusesInvalidUtf8AndControlCharactersWithoutEchoingThem) {
  Status bad_utf8 = check_request_name("filename", "scan\xFF.png", kMaxFilenameBytes);
  EXPECT_EQ(bad_utf8.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_utf8.message(), "filename is not valid UTF-8");
  for (const std::string& control : std::vector<std::string>{"a\nb", "a\tb", std::string("a\0b", 3), "a\x7F", "a\xC2\x85"}) {
    Status s = check_request_name("filename", control, kMaxFilenameBytes);
    EXPECT_EQ(s.message(), "filename contains a control character") << control;
  }
  EXPECT_TRUE(check_request_name("filename", "\xC2\xA0nbsp", kMaxFilenameBytes).is_ok());
}

}  // namespace
}  // namespace octgate::api
