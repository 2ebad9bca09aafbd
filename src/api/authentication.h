#pragma once
// API key checks for every route but the open ones (/ping and the health probes):
// "Authorization: Bearer <key>" or "X-API-Key: <key>". No key: 401 with
// WWW-Authenticate: Bearer; a key that is not ours: 403. Bodies in FastAPI's {"detail": …} shape.
#include <string>
#include <variant>

#include "api/api_keys.h"
#include "http/http_message.h"

namespace octgate::api {

// The key's name when the request may proceed, else the answer to send.
std::variant<std::string, http::HttpResponse> authenticate(const http::HttpRequest& request, const ApiKeyRing& keys);

}  // namespace octgate::api
