// GET /ping: 200 when the inference backend can serve now, else 400 (as the reference).
#include "api/router.h"

namespace octgate::api {

void handle_ping(const ApiContext& ctx, http::HttpRequest, http::Responder respond) {
  ctx.backend.probe_ready([respond = std::move(respond)](bool ready) {
    respond(http::HttpResponse{ready ? 200 : 400, "", "", {}});
  });
}

}  // namespace octgate::api
