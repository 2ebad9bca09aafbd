#include "app/serve_command.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "api/router.h"
#include "app/backend_factory.h"
#include "app/listen_address.h"
#include "app/serve_config.h"
#include "common/log.h"
#include "http/http_server.h"
#include "jobs/job_dispatcher.h"

namespace octgate::app {
namespace {

[[noreturn]] void fail_startup(const std::string& message) {
  log::error({{"status", "ERROR"}, {"error", message}});
  std::cerr << "octgate serve: " << message << "\n";
  std::exit(2);
}

int run_serve(const ServeConfig& config, const TritonFlags& triton) {
  log::Level level;
  if (!log::parse_level(config.log_level, level))
    fail_startup("--log-level must be one of debug, info, warn, error; got '" + config.log_level + "'");
  log::set_level(level);

  auto endpoint = parse_listen_address(config.listen);
  if (!endpoint) fail_startup("--listen: " + endpoint.status().message());
  if (config.max_body_bytes == 0) fail_startup("--max-body-bytes must be positive");
  if (config.max_image_pixels == 0) fail_startup("--max-image-pixels must be positive");
  if (config.webhook_timeout_s <= 0) fail_startup("--webhook-timeout must be positive");

  // Backstop for formats whose header we do not read ourselves: OpenCV refuses larger images.
  setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(config.max_image_pixels).c_str(), 1);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = config.threads ? config.threads : cores;
  boost::asio::io_context io(static_cast<int>(threads));
  boost::asio::thread_pool workers(threads);
  boost::asio::thread_pool delivery_pool(std::max(1u, config.delivery_threads));

  auto made = make_backend(config.backend, triton, workers);
  if (!made) fail_startup(made.status().message());
  inference::InferenceBackend& backend = **made;
  jobs::WebhookOptions webhook_options;
  webhook_options.attempt_timeout = std::chrono::milliseconds(static_cast<long>(config.webhook_timeout_s * 1000));
  jobs::JobDispatcher dispatcher(backend, delivery_pool, jobs::WebhookDelivery(webhook_options));

  api::Router router = api::make_router(api::ApiContext{backend, dispatcher, workers, {config.max_image_pixels}});
  http::ServerLimits limits;
  limits.max_body_bytes = config.max_body_bytes;
  auto server = http::HttpServer::create(io, *endpoint, limits, [&router](http::HttpRequest r, http::Responder respond) {
    router.handle(std::move(r), std::move(respond));
  });
  if (!server) fail_startup(server.status().message());

  std::uint16_t port = (*server)->port();
  if (!config.port_file.empty()) {
    std::string tmp = config.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), config.port_file.c_str());
  }
  log::info({{"status", "LISTENING"},
             {"address", endpoint->address().to_string() + ":" + std::to_string(port)},
             {"backend", config.backend},
             {"model", backend.model_name()},
             {"threads", threads}});

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int signal) {
    log::info({{"status", "STOPPING"}, {"signal", signal}});
    (*server)->stop();
    io.stop();
  });

  std::vector<std::thread> io_threads;
  for (unsigned i = 1; i < threads; ++i) io_threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : io_threads) t.join();
  workers.join();
  delivery_pool.join();
  log::info({{"status", "STOPPED"}});
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto config = std::make_shared<ServeConfig>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API (drop-in for the reference service)");
  serve->add_option("--listen", config->listen, "Address to listen on, host:port")
      ->envname("OCTGATE_LISTEN")->capture_default_str();
  serve->add_option("--backend", config->backend, "Inference backend: embedded (in-process ILM engine) or triton (KServe v2 gRPC)")
      ->envname("OCTGATE_BACKEND")->capture_default_str();
  serve->add_option("--data-dir", config->data_dir, "Folder for durable state")
      ->envname("OCTGATE_DATA_DIR")->capture_default_str();
  serve->add_option("--log-level", config->log_level, "debug, info, warn or error")
      ->envname("OCTGATE_LOG_LEVEL")->capture_default_str();
  serve->add_option("--max-body-bytes", config->max_body_bytes, "Largest request body accepted (413 above)")
      ->envname("OCTGATE_MAX_BODY_BYTES")->capture_default_str();
  serve->add_option("--max-image-pixels", config->max_image_pixels, "Largest image (width x height) accepted (400 above)")
      ->envname("OCTGATE_MAX_IMAGE_PIXELS")->capture_default_str();
  serve->add_option("--threads", config->threads, "I/O and worker threads (0 = one per core)")
      ->envname("OCTGATE_THREADS")->capture_default_str();
  serve->add_option("--delivery-threads", config->delivery_threads, "Webhook deliveries in flight at once")
      ->envname("OCTGATE_DELIVERY_THREADS")->capture_default_str();
  serve->add_option("--webhook-timeout", config->webhook_timeout_s, "Seconds one webhook POST may take")
      ->envname("OCTGATE_WEBHOOK_TIMEOUT")->capture_default_str();
  serve->add_option("--port-file", config->port_file, "Write the bound port here once listening (use with port 0)")
      ->envname("OCTGATE_PORT_FILE");
  auto triton = std::make_shared<TritonFlags>();
  add_triton_options(*serve, *triton);
  serve->callback([config, triton] { std::exit(run_serve(*config, *triton)); });
}

}  // namespace octgate::app
