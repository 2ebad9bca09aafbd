#pragma once
// Routes a request to its handler: GET /ping, POST /invocations, POST /bucket_invocations,
// POST /bucket_invocations_azure_uae, and whatever else is added.
#include <string>
#include <vector>

#include "api/api_context.h"
#include "api/api_keys.h"
#include "http/http_server.h"

namespace octgate::api {

using RouteHandler = void (*)(const ApiContext&, http::HttpRequest, http::Responder);

class Router {
 public:
  explicit Router(ApiContext context);
  void add(std::string method, std::string path, RouteHandler handler);
  // Matches every path that starts with prefix (the handler reads the rest).
  void add_prefix(std::string method, std::string prefix, RouteHandler handler);
  // A route anyone may call, with or without an API key (/ping and the health probes).
  void add_open(std::string method, std::string path, RouteHandler handler);
  // From now on every other path, known or not, needs one of these keys (nullptr: none needed).
  void require_api_keys(const ApiKeyRing* keys) { keys_ = keys; }
  // Unknown path -> 404, known path with another method -> 405, as FastAPI answers.
  void handle(http::HttpRequest request, http::Responder respond) const;

 private:
  struct Route {
    std::string method, path;
    RouteHandler handler;
    bool prefix = false;
    bool open = false;
  };
  bool is_open(std::string_view path) const;

  ApiContext context_;
  const ApiKeyRing* keys_ = nullptr;
  std::vector<Route> routes_;
};

// The reference service's routes.
Router make_router(ApiContext context);

void handle_ping(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);
void handle_result(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);
void handle_examination(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);
void handle_invocations(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);
void handle_bucket_invocations(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);
void handle_bucket_invocations_azure(const ApiContext& ctx, http::HttpRequest request, http::Responder respond);

}  // namespace octgate::api
