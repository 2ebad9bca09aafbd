#include "app/listen_address.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace octgate::app {

Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid_argument("listen address '" + std::string(text) + "' has no :port");
  std::string_view host = text.substr(0, colon), port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";

  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    return invalid_argument("listen address '" + std::string(text) + "' has an invalid port");

  boost::system::error_code aec;
  auto address = boost::asio::ip::make_address(std::string(host), aec);
  if (aec) return invalid_argument("listen address '" + std::string(text) + "': '" + std::string(host) + "' is not an IP address");
  return boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace octgate::app
