#include "http/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "common/log.h"
#include "http/request_parser.h"

namespace octgate::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string error_body(std::string_view message) {
  return boost::json::serialize(boost::json::object{{"error", message}, {"status", "error"}});
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerLimits& limits, std::shared_ptr<const Handler> handler)
      : stream_(std::move(socket)), limits_(limits), handler_(std::move(handler)) {}

  void start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

 private:
  void read_header() {
    parser_.emplace();
    apply_limits(*parser_, limits_);
    stream_.expires_after(limits_.idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    stream_.expires_after(limits_.read_timeout);
    auto& req = parser_->get();
    if (static_cast<std::size_t>(std::distance(req.begin(), req.end())) > limits_.max_header_fields)
      return reject(431, "request has more than " + std::to_string(limits_.max_header_fields) + " header fields");
    auto length = parser_->content_length();
    if (length && *length > limits_.max_body_bytes) {
      return reject(413, "request body is " + std::to_string(*length) + " bytes, over the limit of " +
                             std::to_string(limits_.max_body_bytes) + " bytes");
    }
    if (beast::iequals(req[bhttp::field::expect], "100-continue")) {
      continue_response_.emplace(bhttp::status::continue_, req.version());
      bhttp::async_write(stream_, *continue_response_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                           if (ec) return self->close();
                           self->read_body();
                         });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::eof ||
        ec == beast::error::timeout || ec == asio::error::operation_aborted)
      return close();
    if (ec == bhttp::error::body_limit) {
      return reject(413, "request body is over the limit of " + std::to_string(limits_.max_body_bytes) + " bytes");
    }
    if (ec == bhttp::error::header_limit) return reject(431, "request headers are too large");
    reject(400, "malformed HTTP request: " + ec.message());
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    keep_alive_ = parser_->get().keep_alive();
    version_ = parser_->get().version();
    stream_.expires_never();  // the handler may take a while (decode runs on the worker pool)
    auto self = shared_from_this();
    Responder respond = [self](HttpResponse response) {
      asio::post(self->stream_.get_executor(),
                 [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    };
    try {
      (*handler_)(HttpRequest(parser_->release()), std::move(respond));
    } catch (const std::exception& e) {
      log::error({{"status", "ERROR"}, {"error", std::string("request handler threw: ") + e.what()}});
      write(HttpResponse{500, "application/json", error_body("internal error"), {}});
    }
  }

  void reject(int status, std::string message) {
    keep_alive_ = false;
    version_ = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    write(HttpResponse{status, "application/json", error_body(message), {}});
  }

  void write(HttpResponse r) {
    response_.emplace(static_cast<bhttp::status>(r.status), version_);
    response_->set(bhttp::field::server, "octgate");
    if (!r.content_type.empty()) response_->set(bhttp::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers) response_->set(name, value);
    response_->keep_alive(keep_alive_);
    response_->body() = std::move(r.body);
    response_->prepare_payload();
    stream_.expires_after(limits_.read_timeout);
    bhttp::async_write(stream_, *response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->read_header();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  const ServerLimits limits_;
  std::shared_ptr<const Handler> handler_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_response_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io, ServerLimits l, Handler h)
      : io(io), acceptor(asio::make_strand(io)), limits(l), handler(std::make_shared<const Handler>(std::move(h))) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s), self->limits, self->handler)->start();
      }
      self->accept();
    });
  }

  asio::io_context& io;
  tcp::acceptor acceptor;
  ServerLimits limits;
  std::shared_ptr<const Handler> handler;
};

Result<std::unique_ptr<HttpServer>> HttpServer::create(asio::io_context& io, const tcp::endpoint& endpoint,
                                                       ServerLimits limits, Handler handler) {
  auto impl = std::make_shared<Impl>(io, limits, std::move(handler));
  beast::error_code ec;
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return unavailable("cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) +
                       ": " + ec.message());
  }
  impl->accept();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() { stop(); }

std::uint16_t HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::stop() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
}

}  // namespace octgate::http
