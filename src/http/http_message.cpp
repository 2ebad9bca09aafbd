#include "http/http_message.h"

namespace octgate::http {

std::string_view HttpRequest::path() const {
  std::string_view t = target();
  auto q = t.find('?');
  return q == std::string_view::npos ? t : t.substr(0, q);
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  auto it = message_.find(boost::beast::string_view(name.data(), name.size()));
  if (it == message_.end()) return std::nullopt;
  auto v = it->value();
  return std::string_view(v.data(), v.size());
}

}  // namespace octgate::http
