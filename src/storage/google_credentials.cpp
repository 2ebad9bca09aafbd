#include "storage/google_credentials.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "http/http_client.h"
#include "common/crypto.h"
#include "storage/url_encoding.h"

namespace octgate::storage {
namespace {

namespace json = boost::json;

std::string string_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// POSTs a form to a token endpoint and parses the answer.
Result<AccessToken> exchange_for_token(const std::string& token_uri, const std::string& form, std::string_view who) {
  http::OutboundRequest request;
  request.method = "POST";
  request.url = token_uri;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = form;
  request.total_timeout = std::chrono::seconds(20);
  auto response = http::send_request(request);
  if (!response)
    return Status(StatusCode::kUnavailable, "Google credentials (" + std::string(who) + "): the token endpoint " +
                                                token_uri + " could not be reached: " + response.status().message());
  if (response->status != 200) {
    std::string detail = response->body.substr(0, 300);
    StatusCode code = response->status >= 500 ? StatusCode::kUnavailable : StatusCode::kPermissionDenied;
    return Status(code, "Google credentials (" + std::string(who) + "): the token endpoint refused the exchange (HTTP " +
                            std::to_string(response->status) + "): " + detail);
  }
  return parse_token_response(response->body);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument("cannot read the Google credentials file '" + path + "'");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<ServiceAccountKey> parse_service_account_key(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return invalid_argument("the service-account key is not a JSON object");
  const auto& o = parsed.as_object();
  ServiceAccountKey key;
  key.client_email = string_field(o, "client_email");
  key.private_key = string_field(o, "private_key");
  key.private_key_id = string_field(o, "private_key_id");
  key.token_uri = string_field(o, "token_uri");
  if (key.token_uri.empty()) key.token_uri = std::string(kDefaultTokenUri);
  if (key.client_email.empty() || key.private_key.empty())
    return invalid_argument("the service-account key has no client_email or private_key");
  return key;
}

Result<std::string> make_service_account_jwt(const ServiceAccountKey& key, std::string_view scope,
                                             std::chrono::system_clock::time_point now, std::chrono::seconds lifetime) {
  json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  json::object claims{{"iss", key.client_email},
                      {"scope", scope},
                      {"aud", key.token_uri},
                      {"iat", iat},
                      {"exp", iat + lifetime.count()}};
  std::string signing_input = crypto::base64url_encode(json::serialize(header)) + "." + crypto::base64url_encode(json::serialize(claims));
  auto signature = crypto::rs256_sign(key.private_key, signing_input);
  if (!signature) return Status(signature.status().code(), "service account " + key.client_email + ": " + signature.status().message());
  return signing_input + "." + crypto::base64url_encode(*signature);
}

Result<AccessToken> parse_token_response(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return Status(StatusCode::kUnavailable, "the token endpoint did not answer with JSON");
  const auto& o = parsed.as_object();
  AccessToken token;
  token.value = string_field(o, "access_token");
  if (token.value.empty()) return Status(StatusCode::kUnavailable, "the token endpoint answered without an access_token");
  if (auto* e = o.if_contains("expires_in"); e && e->is_number()) {
    token.expires_in = std::chrono::seconds(static_cast<long long>(e->to_number<double>()));
  } else {
    token.expires_in = std::chrono::seconds(3600);
  }
  return token;
}

CachedTokenSource::CachedTokenSource(Fetch fetch, std::string description)
    : fetch_(std::move(fetch)), description_(std::move(description)) {}

Result<std::string> CachedTokenSource::authorization() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (token_.empty() || now >= refresh_at_) {
    auto fetched = fetch_();
    if (!fetched) return fetched.status();
    token_ = fetched->value;
    auto margin = std::min<std::chrono::steady_clock::duration>(std::chrono::minutes(5), fetched->expires_in / 2);
    refresh_at_ = now + fetched->expires_in - margin;
  }
  return "Bearer " + token_;
}

namespace {

class NoCredentials : public AccessTokenSource {
 public:
  explicit NoCredentials(std::string description) : description_(std::move(description)) {}
  Result<std::string> authorization() override { return std::string(); }
  std::string describe() const override { return description_; }

 private:
  std::string description_;
};

}  // namespace

std::unique_ptr<AccessTokenSource> no_credentials(std::string description) {
  return std::make_unique<NoCredentials>(std::move(description));
}

std::unique_ptr<AccessTokenSource> service_account_credentials(ServiceAccountKey key, std::string scope) {
  std::string who = "service account " + key.client_email;
  auto fetch = [key = std::move(key), scope = std::move(scope), who]() -> Result<AccessToken> {
    auto jwt = make_service_account_jwt(key, scope, std::chrono::system_clock::now());
    if (!jwt) return jwt.status();
    std::string form = "grant_type=" + percent_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                       "&assertion=" + percent_encode(*jwt);
    return exchange_for_token(key.token_uri, form, who);
  };
  return std::make_unique<CachedTokenSource>(std::move(fetch), who);
}

std::unique_ptr<AccessTokenSource> authorized_user_credentials(std::string client_id, std::string client_secret,
                                                               std::string refresh_token, std::string token_uri) {
  std::string form = "grant_type=refresh_token&client_id=" + percent_encode(client_id) +
                     "&client_secret=" + percent_encode(client_secret) +
                     "&refresh_token=" + percent_encode(refresh_token);
  auto fetch = [form = std::move(form), token_uri = std::move(token_uri)]() -> Result<AccessToken> {
    return exchange_for_token(token_uri, form, "authorized user");
  };
  return std::make_unique<CachedTokenSource>(std::move(fetch), "authorized user " + client_id);
}

std::unique_ptr<AccessTokenSource> metadata_server_credentials(std::string host) {
  std::string url = "http://" + host + "/computeMetadata/v1/instance/service-accounts/default/token";
  auto fetch = [url]() -> Result<AccessToken> {
    http::OutboundRequest request;
    request.url = url;
    request.headers = {{"Metadata-Flavor", "Google"}};
    request.connect_timeout = std::chrono::seconds(2);
    request.total_timeout = std::chrono::seconds(10);
    auto response = http::send_request(request);
    if (!response)
      return Status(StatusCode::kPermissionDenied,
                    "no Google credentials: STORAGE_EMULATOR_HOST and GOOGLE_APPLICATION_CREDENTIALS are not set, "
                    "there is no application-default credentials file, and the metadata server (" + url +
                        ") cannot be reached: " + response.status().message());
    if (response->status != 200)
      return Status(StatusCode::kPermissionDenied, "the metadata server refused a token (HTTP " +
                                                       std::to_string(response->status) + "): " + response->body.substr(0, 300));
    return parse_token_response(response->body);
  };
  return std::make_unique<CachedTokenSource>(std::move(fetch), "metadata server " + host);
}

Result<std::unique_ptr<AccessTokenSource>> credentials_from_file(const std::string& path, std::string scope) {
  auto text = read_file(path);
  if (!text) return text.status();
  boost::system::error_code ec;
  json::value parsed = json::parse(*text, ec);
  if (ec || !parsed.is_object()) return invalid_argument("the Google credentials file '" + path + "' is not JSON");
  const auto& o = parsed.as_object();
  std::string type = string_field(o, "type");
  if (type == "service_account") {
    auto key = parse_service_account_key(*text);
    if (!key) return Status(key.status().code(), "'" + path + "': " + key.status().message());
    return service_account_credentials(std::move(*key), std::move(scope));
  }
  if (type == "authorized_user") {
    std::string token_uri = string_field(o, "token_uri");
    if (token_uri.empty()) token_uri = std::string(kDefaultTokenUri);
    return authorized_user_credentials(string_field(o, "client_id"), string_field(o, "client_secret"),
                                       string_field(o, "refresh_token"), token_uri);
  }
  return invalid_argument("the Google credentials file '" + path + "' has type '" + type +
                          "'; supported: service_account, authorized_user");
}

Result<std::unique_ptr<AccessTokenSource>> google_credentials_from_environment(std::string scope) {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
  };
  if (!env("STORAGE_EMULATOR_HOST").empty()) return no_credentials("none (STORAGE_EMULATOR_HOST)");
  if (std::string path = env("GOOGLE_APPLICATION_CREDENTIALS"); !path.empty()) return credentials_from_file(path, scope);
  if (std::string home = env("HOME"); !home.empty()) {
    std::string well_known = home + "/.config/gcloud/application_default_credentials.json";
    if (std::ifstream(well_known)) return credentials_from_file(well_known, scope);
  }
  std::string host = env("GCE_METADATA_HOST");
  return metadata_server_credentials(host.empty() ? "metadata.google.internal" : host);
}

}  // namespace octgate::storage
