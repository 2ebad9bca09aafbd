#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <string_view>

#include "common/status.h"

namespace octgate::app {

// "host:port", "[v6]:port" or ":port"; the host must be a numeric address or "localhost".
Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view text);

}  // namespace octgate::app
