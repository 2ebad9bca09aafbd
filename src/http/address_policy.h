#pragma once
// Which addresses an outbound request (a caller-supplied webhook) may reach when private
// networks are refused: not loopback, "this network", private, link-local (cloud metadata),
// CGNAT, multicast or reserved ranges, in IPv4 or IPv6.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::http {

bool is_private_address(const boost::asio::ip::address& address);

// Resolves host and returns one address to connect to, checked: an error when the host does not
// resolve or when any of its addresses is private (a mixed answer invites DNS rebinding).
Result<boost::asio::ip::address> resolve_public_address(const std::string& host);

}  // namespace octgate::http
