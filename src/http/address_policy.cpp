#include "http/address_policy.h"

#include <netdb.h>
#include <sys/socket.h>

#include <memory>

namespace octgate::http {
namespace {

bool in_v4(std::uint32_t ip, std::uint32_t network, int prefix) {
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (ip & mask) == (network & mask);
}

bool private_v4(const boost::asio::ip::address_v4& a) {
  std::uint32_t ip = a.to_uint();
  struct Range {
    std::uint32_t network;
    int prefix;
  };
  static constexpr Range kRanges[] = {
      {0x00000000, 8},   // this network
      {0x0A000000, 8},   // 10/8
      {0x64400000, 10},  // 100.64/10 CGNAT
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // 169.254/16 link-local, cloud metadata
      {0xAC100000, 12},  // 172.16/12
      {0xC0000000, 24},  // 192.0.0/24 IETF protocol assignments
      {0xC0A80000, 16},  // 192.168/16
      {0xC6120000, 15},  // 198.18/15 benchmarking
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved and broadcast
  };
  for (const auto& r : kRanges)
    if (in_v4(ip, r.network, r.prefix)) return true;
  return false;
}

}  // namespace

bool is_private_address(const boost::asio::ip::address& address) {
  if (address.is_v4()) return private_v4(address.to_v4());
  auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return private_v4(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6));
  auto bytes = v6.to_bytes();
  bool fc00 = (bytes[0] & 0xFE) == 0xFC;                      // unique local fc00::/7
  bool fe80 = bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80;  // link-local fe80::/10
  return v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || fc00 || fe80;
}

Result<boost::asio::ip::address> resolve_public_address(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0)
    return unavailable("cannot resolve " + host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
  std::optional<boost::asio::ip::address> first;
  for (addrinfo* ai = found; ai; ai = ai->ai_next) {
    boost::asio::ip::address address;
    if (ai->ai_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
      address = boost::asio::ip::address_v4(ntohl(in->sin_addr.s_addr));
    } else if (ai->ai_family == AF_INET6) {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
      boost::asio::ip::address_v6::bytes_type bytes;
      std::copy(std::begin(in6->sin6_addr.s6_addr), std::end(in6->sin6_addr.s6_addr), bytes.begin());
      address = boost::asio::ip::address_v6(bytes);
    } else {
      continue;
    }
    if (is_private_address(address))
      return Status(StatusCode::kPermissionDenied,
                    host + " resolves to " + address.to_string() + ", a private or loopback address");
    if (!first) first = address;
  }
  if (!first) return unavailable("cannot resolve " + host + ": no address");
  return *first;
}

}  // namespace octgate::http
