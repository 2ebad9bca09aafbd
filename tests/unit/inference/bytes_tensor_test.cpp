// BYTES tensors travel as 4-byte little-endian length prefixes followed by the payload.
#include "inference/bytes_tensor.h"

#include <gtest/gtest.h>

namespace octgate::inference {
namespace {

TEST(BytesTensor, TheReferenceParametersTravelAs23BytesWithALittleEndianPrefix) {
  std::string raw = serialize_bytes_tensor({R"({"threshold": 0.25})"});
  ASSERT_EQ(raw.size(), 23u);
  EXPECT_EQ(raw.substr(0, 4), std::string("\x13\x00\x00\x00", 4));
  EXPECT_EQ(raw.substr(4), R"({"threshold": 0.25})");
}

TEST(BytesTensor, SeveralElementsRoundTripIncludingEmptyAndBinaryOnes) {
  std::string binary("a\0b", 3);
  std::string big(300, 'x');  // length needs two bytes: 2c 01 00 00
  std::string raw = serialize_bytes_tensor({"one", "", binary, big});
  EXPECT_EQ(raw.substr(4 + 3 + 4 + 4 + 3, 4), std::string("\x2c\x01\x00\x00", 4));
  auto elements = deserialize_bytes_tensor(raw, "T");
  ASSERT_TRUE(elements) << elements.status().message();
  ASSERT_EQ(elements->size(), 4u);
  EXPECT_EQ((*elements)[0], "one");
  EXPECT_EQ((*elements)[1], "");
  EXPECT_EQ((*elements)[2], binary);
  EXPECT_EQ((*elements)[3], big);
}

TEST(BytesTensor, AnEmptyBufferHoldsNoElements) {
  auto elements = deserialize_bytes_tensor("", "T");
  ASSERT_TRUE(elements);
  EXPECT_TRUE(elements->empty());
}

TEST(BytesTensor, ATruncatedPrefixIsAnErrorNamingTheTensor) {
  std::string raw = serialize_bytes_tensor({"abc"}) + std::string("\x01\x00", 2);
  auto elements = deserialize_bytes_tensor(raw, "INPUT_JSON_PARAMS");
  ASSERT_FALSE(elements);
  EXPECT_NE(elements.status().message().find("incomplete string length indicator"), std::string::npos);
  EXPECT_NE(elements.status().message().find("INPUT_JSON_PARAMS"), std::string::npos);
}

TEST(BytesTensor, APayloadShorterThanItsPrefixIsAnError) {
  std::string raw("\x0a\x00\x00\x00" "abc", 7);
  auto elements = deserialize_bytes_tensor(raw, "P");
  ASSERT_FALSE(elements);
  EXPECT_NE(elements.status().message().find("declares 10 bytes, 3 remain"), std::string::npos)
      << elements.status().message();
}

}  // namespace
}  // namespace octgate::inference
