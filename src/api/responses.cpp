#include "api/responses.h"

#include <boost/json/serialize.hpp>

namespace octgate::api {

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kPayloadTooLarge: return 413;
    case StatusCode::kUnsupportedMediaType: return 415;
    case StatusCode::kUnprocessable: return 422;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

boost::json::value nullable(std::optional<std::string_view> s) {
  if (!s) return nullptr;
  return boost::json::string(*s);
}

http::HttpResponse json_response(int status, const boost::json::object& body) {
  return http::HttpResponse{status, "application/json", boost::json::serialize(body), {}};
}

http::HttpResponse error_response(const Status& status, std::optional<std::string_view> examination_id) {
  return json_response(http_status_for(status.code()),
                       {{"error", status.message()}, {"examination_id", nullable(examination_id)}});
}

http::HttpResponse message_error_response(const Status& status, std::optional<std::string_view> examination_id) {
  return json_response(http_status_for(status.code()), {{"message", status.message()},
                                                        {"status", "error"},
                                                        {"examination_id", nullable(examination_id)}});
}

http::HttpResponse too_many_jobs_response(std::optional<std::string_view> examination_id) {
  auto response = json_response(429, {{"message", "too many unfinished jobs; retry later"},
                                      {"status", "error"},
                                      {"examination_id", nullable(examination_id)}});
  response.headers.emplace_back("Retry-After", "5");
  return response;
}

}  // namespace octgate::api
