#pragma once
// The JSON bodies the reference service answers with, and the one place where a StatusCode
// becomes an HTTP status.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "http/http_message.h"

namespace octgate::api {

int http_status_for(StatusCode code);

http::HttpResponse json_response(int status, const boost::json::object& body);
// {"error": message, "examination_id": id} (bucket routes, webhook check)
http::HttpResponse error_response(const Status& status, std::optional<std::string_view> examination_id);
// {"message": message, "status": "error", "examination_id": id} (/invocations)
http::HttpResponse message_error_response(const Status& status, std::optional<std::string_view> examination_id);

// 429 with Retry-After: too many unfinished jobs.
http::HttpResponse too_many_jobs_response(std::optional<std::string_view> examination_id);

boost::json::value nullable(std::optional<std::string_view> s);

}  // namespace octgate::api
