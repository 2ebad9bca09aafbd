#pragma once
// The two XML documents the Blob service answers with that octgate reads, parsed for exactly the
// elements it needs (no general XML parser): List Blobs (EnumerationResults: Blob/Name,
// Blob/Properties/Content-Length, NextMarker) and errors (Error/Code, Error/Message).
// Character and entity references are decoded; names marked Encoded="true" are percent-decoded.
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/object_store.h"

namespace octgate::storage {

Result<ListPage> parse_azure_list_blobs(std::string_view xml);

struct AzureError {
  std::string code;     // e.g. "ContainerNotFound", "AuthenticationFailed"
  std::string message;  // first line of the service's message
};
// Empty fields when the body is not an Azure error document.
AzureError parse_azure_error(std::string_view xml);

// &amp; &lt; &gt; &quot; &apos; &#NNN; &#xHH; (UTF-8); unknown references are kept as they are.
std::string decode_xml_text(std::string_view text);

}  // namespace octgate::storage
