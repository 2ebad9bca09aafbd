#pragma once
// Posts to the bucket routes of a running octgate and parses the JSON answer.
#include <httplib.h>

#include <boost/json.hpp>
#include <string>

namespace octgate::testing {

struct BucketAnswer {
  int status = 0;
  std::string body;
  boost::json::object json;  // empty when the body is not a JSON object
};

inline BucketAnswer post_bucket_route(int port, const std::string& route, const httplib::Headers& headers) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120);
  auto res = client.Post(route, headers, "", "application/json");
  BucketAnswer answer;
  if (!res) return answer;
  answer.status = res->status;
  answer.body = res->body;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(res->body, ec);
  if (!ec && parsed.is_object()) answer.json = parsed.as_object();
  return answer;
}

}  // namespace octgate::testing
