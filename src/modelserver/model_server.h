#pragma once
// A running KServe v2 gRPC server for the embedded ILM engine, plus grpc.health.v1 (gRPC's
// built-in health service: "" and "inference.GRPCInferenceService" SERVING while up).
// Used by `octgate model-server` and, in process, by the tests.
#include <grpcpp/server.h>

#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "modelserver/ilm_model_service.h"

namespace octgate::modelserver {

struct ModelServerOptions {
  std::string listen = "127.0.0.1:8001";  // host:port; port 0 picks a free one
  unsigned threads = 0;                   // segmentation workers; 0 = one per core
  ServedModel model;
  std::vector<std::string> outputs = kDefaultOutputs;
};

class ModelServer {
 public:
  static Result<std::unique_ptr<ModelServer>> start(const ModelServerOptions& options);
  ~ModelServer();

  int port() const { return port_; }
  std::uint64_t inferences() const { return service_->inferences(); }
  // Stops accepting calls, lets those in flight finish (up to grace), then stops the workers.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  ModelServer() = default;

  std::unique_ptr<boost::asio::thread_pool> workers_;
  std::unique_ptr<IlmModelService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace octgate::modelserver
