#pragma once
// Inference on NVIDIA Triton (or any KServe v2 gRPC server), spread round-robin over the healthy
// endpoints. One long-lived channel per endpoint; every call is asynchronous (gRPC callback API),
// so infer() and probe_ready() never block their caller. The model config is fetched once and
// cached; it is dropped and fetched again when a call says the model is unknown.
// Thread-safe. The destructor cancels calls in flight and waits for their callbacks.
#include <grpcpp/channel.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "grpc_service.grpc.pb.h"
#include "inference/inference_backend.h"

namespace octgate::inference {

struct TritonOptions {
  std::vector<std::string> urls;  // host:port each
  std::string model_name = "ilm";
  std::string model_version;      // empty: the server's choice
  std::chrono::milliseconds infer_timeout{30000};
  std::chrono::milliseconds probe_timeout{1000};     // deadline of /ping's checks
  std::chrono::milliseconds probe_cache{1000};       // how long a /ping answer is reused
  std::chrono::milliseconds startup_timeout{3000};   // deadline of the start-up config fetch
  std::chrono::milliseconds config_retry{1000};      // background retry while no config is cached
};

class TritonBackend final : public InferenceBackend {
 public:
  // workers: where responses are decoded (never on gRPC's threads).
  TritonBackend(TritonOptions options, boost::asio::thread_pool& workers);
  ~TritonBackend() override;

  // Fetches and checks the model config from the endpoints (blocking; call once at start-up).
  // Fails when a server answers that the model is unknown or does not fit the contract. When no
  // server can be reached it logs that, keeps retrying in the background and returns OK.
  Status start();

  std::string model_name() const override { return options_.model_name; }
  void infer(InferenceRequest request, InferenceCallback done) override;
  // Ready when some endpoint is live, ready and has the model ready, and the config is cached.
  void probe_ready(std::function<void(bool)> done) override;

  bool has_model_config() const;

 private:
  struct Endpoint;
  struct InferCall;
  struct ProbeRound;
  using ConfigPtr = std::shared_ptr<const ::inference::ModelConfig>;

  Endpoint* pick_endpoint(const Endpoint* avoid);
  bool healthy(Endpoint& endpoint);
  void mark_failed(Endpoint& endpoint);

  // Runs `then` with the cached config, fetching it asynchronously first if needed.
  void with_config(Endpoint& endpoint, std::function<void(Result<ConfigPtr>)> then);
  Result<ConfigPtr> accept_config(const ::inference::ModelConfigResponse& response);
  // A blocking ModelConfig call (start-up and the background retry only); CANCELLED when stopping.
  grpc::Status fetch_model_config(Endpoint& endpoint, ::inference::ModelConfigResponse& response);
  void send_infer(std::shared_ptr<InferCall> call);
  void on_infer_done(std::shared_ptr<InferCall> call, const grpc::Status& status);
  void fail(InferCall& call, Status status);
  void finish_probe(std::shared_ptr<ProbeRound> round);
  void config_retry_loop();

  // Every gRPC call's context is registered while in flight, so the destructor can cancel it.
  std::unique_ptr<grpc::ClientContext> new_context(std::chrono::milliseconds timeout);
  bool track(grpc::ClientContext* context);
  // Forgets and destroys a finished call's context (null is fine).
  void release(std::unique_ptr<grpc::ClientContext>& context);

  TritonOptions options_;
  boost::asio::thread_pool& workers_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::atomic<std::uint64_t> next_{0};

  mutable std::mutex config_mutex_;
  ConfigPtr config_;
  std::string config_problem_;  // last reason the config could not be accepted (logged once)

  std::mutex probe_mutex_;
  bool probe_in_flight_ = false;
  std::vector<std::function<void(bool)>> probe_waiters_;
  std::chrono::steady_clock::time_point probe_at_{};
  bool probe_ready_ = false;

  std::mutex calls_mutex_;
  std::condition_variable calls_done_;
  std::set<grpc::ClientContext*> calls_;
  bool stopping_ = false;

  std::condition_variable stop_signal_;
  std::thread config_thread_;
};

}  // namespace octgate::inference
