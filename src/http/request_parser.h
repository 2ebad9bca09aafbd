#pragma once
// The parser the server reads each request with, and the one place its limits are applied, so the
// HTTP fuzz target (fuzz/http_request.cpp) parses exactly as the server does.
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/http_server.h"

namespace octgate::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

inline void apply_limits(RequestParser& parser, const ServerLimits& limits) {
  parser.body_limit(limits.max_body_bytes);
  parser.header_limit(limits.max_header_bytes);
}

}  // namespace octgate::http
