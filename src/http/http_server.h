#pragma once
// An HTTP/1.1 server on Boost.Beast: keep-alive, read/idle timeouts, a body limit (413).
// The handler runs on an I/O thread and must not block: it answers through the Responder,
// which may be called from any thread, exactly once.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "common/status.h"
#include "http/http_message.h"

namespace octgate::http {

using Responder = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest, Responder)>;

struct ServerLimits {
  std::uint64_t max_body_bytes = 64ull << 20;
  std::uint32_t max_header_bytes = 64u << 10;
  std::uint32_t max_header_fields = 100;   // more is a 431
  std::chrono::seconds read_timeout{60};   // to receive one whole request
  std::chrono::seconds idle_timeout{30};   // keep-alive connection with no request
};

class HttpServer {
 public:
  // Binds and starts accepting on the io_context; an error names the address when it cannot bind.
  static Result<std::unique_ptr<HttpServer>> create(boost::asio::io_context& io,
                                                    const boost::asio::ip::tcp::endpoint& endpoint,
                                                    ServerLimits limits, Handler handler);
  ~HttpServer();
  std::uint16_t port() const;
  void stop();  // stops accepting; open connections finish their current exchange

 private:
  struct Impl;
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace octgate::http
