#include "app/model_server_command.h"

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include <boost/json/value_from.hpp>

#include "app/listen_address.h"
#include "common/log.h"
#include "modelserver/model_server.h"

namespace octgate::app {
namespace {

struct ModelServerFlags {
  std::string listen = "127.0.0.1:8001";
  std::string port_file;
  std::string log_level = "info";
  unsigned threads = 0;
  std::uint64_t max_image_pixels = 64ull * 1000 * 1000;
  std::string model_name = "ilm";
  std::vector<std::string> outputs = modelserver::kDefaultOutputs;
};

int fail(const std::string& message) {
  log::error({{"status", "ERROR"}, {"error", message}});
  std::cerr << "octgate model-server: " << message << "\n";
  return 2;
}

int run_model_server(const ModelServerFlags& flags) {
  log::Level level;
  if (!log::parse_level(flags.log_level, level))
    return fail("--log-level must be one of debug, info, warn, error; got '" + flags.log_level + "'");
  log::set_level(level);
  auto endpoint = parse_listen_address(flags.listen);
  if (!endpoint) return fail("--listen: " + endpoint.status().message());
  if (flags.max_image_pixels == 0) return fail("--max-image-pixels must be positive");

  // Signals are taken by sigwait below: block them before gRPC starts its threads.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  modelserver::ModelServerOptions options;
  const auto address = endpoint->address();
  options.listen = (address.is_v6() ? "[" + address.to_string() + "]" : address.to_string()) + ":" +
                   std::to_string(endpoint->port());
  options.threads = flags.threads;
  options.model.name = flags.model_name;
  options.model.max_image_pixels = flags.max_image_pixels;
  options.outputs = flags.outputs;
  auto server = modelserver::ModelServer::start(options);
  if (!server) return fail(server.status().message());

  int port = (*server)->port();
  if (!flags.port_file.empty()) {
    std::string tmp = flags.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), flags.port_file.c_str());
  }
  log::info({{"status", "LISTENING"},
             {"address", address.to_string() + ":" + std::to_string(port)},
             {"protocol", "kserve-v2-grpc"},
             {"model", options.model.name},
             {"version", options.model.version},
             {"outputs", boost::json::value_from(options.outputs)}});

  int signal = 0;
  sigwait(&signals, &signal);
  log::info({{"status", "STOPPING"}, {"signal", signal}});
  (*server)->stop();
  log::info({{"status", "STOPPED"}, {"model", options.model.name}, {"inferences", (*server)->inferences()}});
  return 0;
}

}  // namespace

void add_model_server_command(CLI::App& app) {
  auto flags = std::make_shared<ModelServerFlags>();
  CLI::App* cmd = app.add_subcommand(
      "model-server", "Serve the embedded ILM engine over KServe v2 gRPC (Triton's protocol), as model ilm version 1");
  cmd->add_option("--listen", flags->listen, "Address to listen on, host:port (port 0: any free port)")
      ->envname("OCTGATE_MODEL_SERVER_LISTEN")->capture_default_str();
  cmd->add_option("--port-file", flags->port_file, "Write the bound port here once listening (use with port 0)")
      ->envname("OCTGATE_PORT_FILE");
  cmd->add_option("--threads", flags->threads, "Segmentation workers (0 = one per core)")
      ->envname("OCTGATE_THREADS")->capture_default_str();
  cmd->add_option("--log-level", flags->log_level, "debug, info, warn or error")
      ->envname("OCTGATE_LOG_LEVEL")->capture_default_str();
  cmd->add_option("--max-image-pixels", flags->max_image_pixels, "Largest IMAGE (H x W) accepted")
      ->envname("OCTGATE_MAX_IMAGE_PIXELS")->capture_default_str();
  cmd->add_option("--model-name", flags->model_name, "The name the model is served under")
      ->capture_default_str();
  cmd->add_option("--outputs", flags->outputs, "Outputs the model declares: POINTS, CONFIDENCE, ROW, MASK")
      ->delimiter(',')->capture_default_str();
  cmd->callback([flags] { std::exit(run_model_server(*flags)); });
}

}  // namespace octgate::app
