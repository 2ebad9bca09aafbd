#include "api/authentication.h"

#include <boost/beast/core/string.hpp>

#include "api/responses.h"
#include "common/log.h"
#include "common/text.h"

namespace octgate::api {
namespace {

http::HttpResponse unauthorized(std::string_view detail) {
  auto response = json_response(401, {{"detail", detail}});
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

// The credential a request presents: nullopt when it presents none.
std::optional<std::string_view> presented_key(const http::HttpRequest& request) {
  if (auto value = request.header("Authorization")) {
    std::string_view v = trim(*value);
    constexpr std::string_view kScheme = "bearer ";
    if (v.size() > kScheme.size() && boost::beast::iequals(v.substr(0, kScheme.size()), kScheme))
      return trim(v.substr(kScheme.size()));
    return std::string_view{};  // present, but not a bearer token
  }
  if (auto value = request.header("X-API-Key")) return trim(*value);
  return std::nullopt;
}

}  // namespace

std::variant<std::string, http::HttpResponse> authenticate(const http::HttpRequest& request, const ApiKeyRing& keys) {
  auto key = presented_key(request);
  if (!key) return unauthorized("Not authenticated: send an API key as Authorization: Bearer <key> or X-API-Key");
  if (key->empty()) return unauthorized("Not authenticated: the Authorization header must be Bearer <key>");
  if (auto name = keys.find(*key)) return *name;
  log::warn({{"status", "FORBIDDEN"}, {"error", "a request presented an unknown API key"}});
  return json_response(403, {{"detail", "Forbidden: the API key is not valid"}});
}

}  // namespace octgate::api
