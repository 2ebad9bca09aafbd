#pragma once
// Google access tokens for the GCS JSON API, found the way Google's own client libraries find
// them (Application Default Credentials):
//   1. STORAGE_EMULATOR_HOST set: no credentials (the emulator ignores them);
//   2. GOOGLE_APPLICATION_CREDENTIALS: a service-account key file (an RS256-signed JWT is
//      exchanged for an access token) or an authorized-user file (refresh token);
//   3. the well-known file $HOME/.config/gcloud/application_default_credentials.json;
//   4. the metadata server (GCE_METADATA_HOST, else metadata.google.internal).
// Tokens are cached and refreshed before they expire. Thread-safe.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::storage {

inline constexpr std::string_view kStorageReadWriteScope = "https://www.googleapis.com/auth/devstorage.read_write";
inline constexpr std::string_view kDefaultTokenUri = "https://oauth2.googleapis.com/token";

class AccessTokenSource {
 public:
  virtual ~AccessTokenSource() = default;
  // The Authorization header value ("Bearer <token>"), or empty when requests go unauthenticated.
  virtual Result<std::string> authorization() = 0;
  // For logs: "none (emulator)", "service account x@y", "metadata server".
  virtual std::string describe() const = 0;
};

struct ServiceAccountKey {
  std::string client_email;
  std::string private_key;     // PEM
  std::string private_key_id;  // the JWT "kid"; may be empty
  std::string token_uri;
};

Result<ServiceAccountKey> parse_service_account_key(std::string_view json);

// "<base64url header>.<base64url claims>.<base64url RS256 signature>" with
// header {"alg":"RS256","typ":"JWT"[,"kid"]} and claims {iss, scope, aud = token_uri, iat, exp = iat + lifetime}.
Result<std::string> make_service_account_jwt(const ServiceAccountKey& key, std::string_view scope,
                                             std::chrono::system_clock::time_point now,
                                             std::chrono::seconds lifetime = std::chrono::seconds(3600));

struct AccessToken {
  std::string value;
  std::chrono::seconds expires_in{0};
};

// Parses an OAuth 2.0 token response: {"access_token", "expires_in", "token_type"}.
Result<AccessToken> parse_token_response(std::string_view json);

// Caches what fetch returns; fetches again once less than min(5 min, half the lifetime) is left.
class CachedTokenSource : public AccessTokenSource {
 public:
  using Fetch = std::function<Result<AccessToken>()>;
  CachedTokenSource(Fetch fetch, std::string description);
  Result<std::string> authorization() override;
  std::string describe() const override { return description_; }

 private:
  Fetch fetch_;
  std::string description_;
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point refresh_at_{};
};

std::unique_ptr<AccessTokenSource> no_credentials(std::string description);
std::unique_ptr<AccessTokenSource> service_account_credentials(ServiceAccountKey key, std::string scope);
std::unique_ptr<AccessTokenSource> authorized_user_credentials(std::string client_id, std::string client_secret,
                                                               std::string refresh_token, std::string token_uri);
std::unique_ptr<AccessTokenSource> metadata_server_credentials(std::string host);

// Loads a credentials file of type "service_account" or "authorized_user".
Result<std::unique_ptr<AccessTokenSource>> credentials_from_file(const std::string& path, std::string scope);

// The lookup order above, reading the environment now.
Result<std::unique_ptr<AccessTokenSource>> google_credentials_from_environment(std::string scope);

}  // namespace octgate::storage
