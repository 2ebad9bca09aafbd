#pragma once
// The request and response values route handlers work with. Handlers never touch sockets.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace octgate::http {

class HttpRequest {
 public:
  using Message = boost::beast::http::request<boost::beast::http::string_body>;

  explicit HttpRequest(Message message) : message_(std::move(message)) {}

  std::string_view method() const { return message_.method_string(); }
  std::string_view target() const { return message_.target(); }
  std::string_view path() const;  // target without the query
  // Header names are case-insensitive. nullopt when the header is absent.
  std::optional<std::string_view> header(std::string_view name) const;
  std::string_view body() const { return message_.body(); }
  // Who sent it: the name of the API key it presented; empty when keys are not required.
  const std::string& client() const { return client_; }
  void set_client(std::string name) { client_ = std::move(name); }

 private:
  Message message_;
  std::string client_;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace octgate::http
