// The Webhook-Url header and the private-address policy (never a DNS lookup). Input: the URL.
// Each URL is checked with and without block_private; a literal address in it is also checked
// directly, and any 16 input bytes are read as an IPv6 address (and its first 4 as IPv4).
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "api/webhook_url.h"
#include "check.h"
#include "http/address_policy.h"

namespace ip = boost::asio::ip;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  auto open = octgate::api::validate_webhook_url(header, false);
  auto blocked = octgate::api::validate_webhook_url(header, true);
  FUZZ_CHECK(!blocked || open);  // blocking private addresses only ever refuses more
  if (open) {
    FUZZ_CHECK(*open == header);
    auto url = boost::urls::parse_absolute_uri(header);
    FUZZ_CHECK(url.has_value());
    if (blocked && url->host_type() != boost::urls::host_type::name) {
      auto address = ip::make_address(std::string(url->host_address()));
      FUZZ_CHECK(!octgate::http::is_private_address(address));
    }
  }

  if (size >= 16) {
    ip::address_v6::bytes_type bytes;
    std::memcpy(bytes.data(), data, 16);
    ip::address_v6 v6(bytes);
    bool private_v6 = octgate::http::is_private_address(ip::address(v6));
    if (v6.is_v4_mapped()) {
      auto v4 = ip::make_address_v4(ip::v4_mapped, v6);
      FUZZ_CHECK(private_v6 == octgate::http::is_private_address(ip::address(v4)));
    }
    if (v6.is_loopback() || v6.is_unspecified() || v6.is_multicast()) FUZZ_CHECK(private_v6);
  }
  if (size >= 4) {
    ip::address_v4 v4(ip::address_v4::bytes_type{data[0], data[1], data[2], data[3]});
    bool private_v4 = octgate::http::is_private_address(ip::address(v4));
    if (v4.is_loopback() || v4.is_multicast() || v4.is_unspecified()) FUZZ_CHECK(private_v4);
  }
  return 0;
}
