#include "api/router.h"

#include "api/responses.h"

namespace octgate::api {

Router::Router(ApiContext context) : context_(context) {}

void Router::add(std::string method, std::string path, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(path), handler, false});
}

void Router::add_prefix(std::string method, std::string prefix, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(prefix), handler, true});
}

void Router::handle(http::HttpRequest request, http::Responder respond) const {
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
  router.add("GET", "/ping", handle_ping);
  router.add("POST", "/invocations", handle_invocations);
  router.add("POST", "/bucket_invocations", handle_bucket_invocations);
  router.add("POST", "/bucket_invocations_azure_uae", handle_bucket_invocations_azure);
  router.add_prefix("GET", "/results/", handle_result);
  router.add_prefix("GET", "/examinations/", handle_examination);
  return router;
}

}  // namespace octgate::api
