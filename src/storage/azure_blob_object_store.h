#pragma once
// Azure Blob Storage over its REST API (libcurl): List Blobs (prefix, marker, maxresults),
// Get Blob and Put Blob (BlockBlob), authorised with SharedKey or a SAS token.
// Buckets are containers. Blob names are percent-encoded except '/'. Thread-safe.
#include <memory>
#include <string>

#include "storage/azure_connection_string.h"
#include "storage/object_store.h"
#include "storage/storage_http.h"

namespace octgate::storage {

struct AzureBlobOptions {
  unsigned page_size = 0;  // maxresults; 0 = the service's default (5000)
  std::uint64_t max_object_bytes = 64ull << 20;
  std::chrono::milliseconds timeout{60000};
  RetryPolicy retry;
};

inline constexpr std::string_view kAzureStorageApiVersion = "2021-08-06";

class AzureBlobObjectStore : public ObjectStore {
 public:
  AzureBlobObjectStore(AzureStorageAccount account, AzureBlobOptions options);

  // AZURE_STORAGE_CONNECTION_STRING, else AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or
  // AZURE_STORAGE_SAS_TOKEN (and optionally AZURE_STORAGE_BLOB_ENDPOINT).
  static Result<std::unique_ptr<AzureBlobObjectStore>> from_environment(AzureBlobOptions options);
  // Whether any of those variables is set.
  static bool configured_in_environment();

  std::string_view kind() const override { return "azure"; }
  Result<ListPage> list_page(const std::string& container, const std::string& prefix,
                             const std::string& page_token) override;
  Result<std::string> read(const std::string& container, const std::string& name) override;
  Status write(const std::string& container, const std::string& name, std::string_view bytes,
               const std::string& content_type) override;

  // Create Container; an existing container is not an error. (Tests and tooling.)
  Status create_container(const std::string& container);

  const AzureStorageAccount& account() const { return account_; }

 private:
  // path: after the endpoint, already encoded ("/container" or "/container/blob").
  // query: decoded name/value pairs. headers: besides x-ms-date/x-ms-version/Authorization.
  // Answers outside 2xx are errors, except also_ok.
  Result<http::OutboundResponse> send(std::string method, const std::string& path,
                                      std::vector<std::pair<std::string, std::string>> query,
                                      std::vector<std::pair<std::string, std::string>> headers, std::string_view body,
                                      std::uint64_t max_response_bytes, const std::string& container,
                                      std::string_view what, long also_ok = 0);

  AzureStorageAccount account_;
  AzureBlobOptions options_;
  std::string endpoint_path_;  // the path part of the endpoint ("/devstoreaccount1" for Azurite, else "")
};

}  // namespace octgate::storage
