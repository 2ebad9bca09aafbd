// The Azure Blob service's List Blobs and error documents, and XML text decoding. Input: the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "storage/azure_list_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto page = octgate::storage::parse_azure_list_blobs(xml);
  if (page) {
    for (const auto& object : page->objects) (void)object.name.size();
  }
  auto error = octgate::storage::parse_azure_error(xml);
  FUZZ_CHECK(error.message.find('\n') == std::string::npos);
  std::string decoded = octgate::storage::decode_xml_text(xml);
  // A reference is never longer than what it stands for ("&#1114111;" is 10 bytes, its UTF-8 4).
  FUZZ_CHECK(decoded.size() <= xml.size());
  return 0;
}
