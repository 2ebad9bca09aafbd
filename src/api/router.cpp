#include "api/router.h"

#include "api/authentication.h"
#include "api/responses.h"
#include "common/log.h"
#include "common/utf8.h"

namespace octgate::api {
namespace {

// One line per authenticated request: who (the key's name, never the key), which route, what answer.
http::Responder log_answer(const http::HttpRequest& request, http::Responder respond) {
  std::string method(request.method());
  std::string route = request.path().starts_with("/results/")        ? "/results/{id}"
                      : request.path().starts_with("/examinations/") ? "/examinations/{id}"
                                                                     : std::string(request.path().substr(0, 64));
  return [method, route = is_valid_utf8(route) ? route : "(not UTF-8)", client = request.client(),
          respond = std::move(respond)](http::HttpResponse response) {
    log::info({{"status", "REQUEST"}, {"method", method}, {"route", route}, {"code", response.status},
               {"client", client}});
    respond(std::move(response));
  };
}

}  // namespace

Router::Router(ApiContext context) : context_(context) {}

void Router::add(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), handler, false});
}

void Router::add_prefix(std::string method, std::string prefix, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(prefix), handler, true});
}

void Router::add_open(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), handler, false, true});
}

bool Router::is_open(std::string_view path) const {
  for (const auto& route : routes_)
    if (route.open && route.path == path) return true;
  return false;
}

void Router::handle(http::HttpRequest request, http::Responder respond) const {
  if (keys_ && !is_open(request.path())) {
    auto checked = authenticate(request, *keys_);
    if (auto* refusal = std::get_if<http::HttpResponse>(&checked)) return respond(std::move(*refusal));
    request.set_client(std::move(std::get<std::string>(checked)));
    respond = log_answer(request, std::move(respond));
  }
  bool path_known = false;
  for (const auto& route : routes_) {
    bool matches = route.prefix ? request.path().starts_with(route.path) && request.path().size() > route.path.size()
                                : route.path == request.path();
    if (!matches) continue;
    path_known = true;
    if (route.method == request.method()) return route.handler(context_, std::move(request), std::move(respond));
  }
  if (path_known) return respond(json_response(405, {{"detail", "Method Not Allowed"}}));
  respond(json_response(404, {{"detail", "Not Found"}}));
}

Router make_router(ApiContext context) {
  Router router(context);
  router.add_open("GET", "/ping", handle_ping);
  router.add("POST", "/invocations", handle_invocations);
  router.add("POST", "/bucket_invocations", handle_bucket_invocations);
  router.add("POST", "/bucket_invocations_azure_uae", handle_bucket_invocations_azure);
  router.add_prefix("GET", "/results/", handle_result);
  router.add_prefix("GET", "/examinations/", handle_examination);
  return router;
}

}  // namespace octgate::api
