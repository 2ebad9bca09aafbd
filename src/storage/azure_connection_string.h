#pragma once
// Azure Storage account settings, from a connection string or from separate values.
//
// Connection strings are "Key=Value;Key=Value;..." (keys case-insensitive, values may contain
// '='). Understood keys: DefaultEndpointsProtocol, AccountName, AccountKey,
// SharedAccessSignature, BlobEndpoint, EndpointSuffix, UseDevelopmentStorage. Others are ignored.
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::storage {

struct AzureStorageAccount {
  std::string account_name;
  std::string account_key;    // Base64; empty when a SAS is used
  std::string sas_token;      // query string without the leading '?'; empty with an account key
  std::string blob_endpoint;  // e.g. "https://acct.blob.core.windows.net" or ".../devstoreaccount1"; no trailing '/'
};

// The well-known development account of the Azure Storage emulators.
inline constexpr std::string_view kDevelopmentAccountName = "devstoreaccount1";
inline constexpr std::string_view kDevelopmentAccountKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

Result<AzureStorageAccount> parse_azure_connection_string(std::string_view connection_string);

// From separate values (e.g. AZURE_STORAGE_ACCOUNT + AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN).
// blob_endpoint may be empty (then https://<account>.blob.core.windows.net).
Result<AzureStorageAccount> azure_account_from_parts(std::string account_name, std::string account_key,
                                                     std::string sas_token, std::string blob_endpoint);

}  // namespace octgate::storage
