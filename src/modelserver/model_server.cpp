#include "modelserver/model_server.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <climits>
#include <thread>

namespace octgate::modelserver {

Result<std::unique_ptr<ModelServer>> ModelServer::start(const ModelServerOptions& options) {
  for (const auto& name : options.outputs) {
    if (std::find(kKnownOutputs.begin(), kKnownOutputs.end(), name) == kKnownOutputs.end())
      return invalid_argument("unknown output '" + name + "'; choose from POINTS, CONFIDENCE, ROW, MASK");
  }
  if (options.outputs.empty()) return invalid_argument("the model needs at least one output");

  std::unique_ptr<ModelServer> server(new ModelServer());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  server->workers_ = std::make_unique<boost::asio::thread_pool>(threads);
  server->service_ = std::make_unique<IlmModelService>(options.model, options.outputs, *server->workers_);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &server->port_);
  builder.SetMaxReceiveMessageSize(INT_MAX);
  builder.SetMaxSendMessageSize(INT_MAX);
  builder.RegisterService(server->service_.get());
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    server->workers_->join();
    return unavailable("cannot listen on " + options.listen + " (address in use or not local?)");
  }
  if (auto* health = server->server_->GetHealthCheckService()) {
    health->SetServingStatus(true);
    health->SetServingStatus("inference.GRPCInferenceService", true);
  }
  return server;
}

void ModelServer::stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  workers_->join();
  server_->Wait();
}

ModelServer::~ModelServer() {
  if (server_) stop();
}

}  // namespace octgate::modelserver
