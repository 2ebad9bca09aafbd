// HTTP/1.1 request parsing with the server's parser and default limits (http/request_parser.h),
// then the header lookups handlers make. Input: the bytes a client sends; the first byte chooses
// how the rest is split into reads (1 to 256 bytes each), as a socket may deliver it.
#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.h"
#include "http/http_message.h"
#include "http/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace octgate::http;
  if (size == 0) return 0;
  const std::size_t chunk = std::size_t{data[0]} + 1;
  std::string_view wire(reinterpret_cast<const char*>(data + 1), size - 1);

  const ServerLimits limits;
  RequestParser parser;
  apply_limits(parser, limits);
  // The parser consumes what it can; the rest waits for the next read, as in a read buffer.
  std::string pending;
  boost::beast::error_code ec;
  for (std::size_t at = 0; at < wire.size() && !ec && !parser.is_done(); at += chunk) {
    pending.append(wire.substr(at, chunk));
    std::size_t used = parser.put(boost::asio::buffer(pending), ec);
    if (ec == boost::beast::http::error::need_more) ec = {};
    FUZZ_CHECK(used <= pending.size());
    pending.erase(0, used);
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;

  FUZZ_CHECK(parser.get().body().size() <= limits.max_body_bytes);
  if (auto length = parser.content_length()) FUZZ_CHECK(*length <= limits.max_body_bytes);
  HttpRequest request(parser.release());
  FUZZ_CHECK(request.target().substr(0, request.path().size()) == request.path());
  for (std::string_view name : {"Content-Type", "Webhook-Url", "Examination-ID", "Inference-Parameters", "Expect"}) {
    if (auto value = request.header(name)) (void)value->size();
  }
  return 0;
}
