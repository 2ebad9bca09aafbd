#pragma once
// Google Cloud Storage over the JSON API v1 (libcurl): list (prefix, pageToken, maxResults),
// media download (alt=media) and media upload (uploadType=media). Object names are
// percent-encoded completely ('/' too), as the API requires. Thread-safe.
#include <memory>
#include <string>

#include "storage/google_credentials.h"
#include "storage/object_store.h"
#include "storage/storage_http.h"

namespace octgate::storage {

struct GcsOptions {
  std::string endpoint = "https://storage.googleapis.com";  // or the emulator's base URL
  unsigned page_size = 0;                    // maxResults; 0 = the service's default (1000)
  std::uint64_t max_object_bytes = 64ull << 20;
  std::chrono::milliseconds timeout{60000};  // per request
  RetryPolicy retry;
};

class GcsObjectStore : public ObjectStore {
 public:
  GcsObjectStore(GcsOptions options, std::unique_ptr<AccessTokenSource> credentials);

  // Endpoint and credentials from the environment, as Google's libraries find them:
  // STORAGE_EMULATOR_HOST ("host:port" or a URL) selects the emulator (unless keep_endpoint)
  // and no credentials.
  static Result<std::unique_ptr<GcsObjectStore>> from_environment(GcsOptions options, bool keep_endpoint = false);

  std::string_view kind() const override { return "gcs"; }
  Result<ListPage> list_page(const std::string& bucket, const std::string& prefix, const std::string& page_token) override;
  Result<std::string> read(const std::string& bucket, const std::string& name) override;
  Status write(const std::string& bucket, const std::string& name, std::string_view bytes,
               const std::string& content_type) override;

  const GcsOptions& options() const { return options_; }
  std::string describe_credentials() const { return credentials_->describe(); }

 private:
  Result<http::OutboundResponse> send(http::OutboundRequest request, const std::string& bucket, std::string_view what);

  GcsOptions options_;
  std::unique_ptr<AccessTokenSource> credentials_;
};

// Parses a storage#objects list answer: items[].name, items[].size (a decimal string), nextPageToken.
Result<ListPage> parse_gcs_list_page(std::string_view json);

}  // namespace octgate::storage
