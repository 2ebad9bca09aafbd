#include "inference/triton_backend.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <boost/asio/post.hpp>
#include <boost/json/value_from.hpp>
#include <climits>
#include <cstring>
#include <optional>

#include "common/log.h"
#include "inference/bytes_tensor.h"
#include "inference/grpc_status_text.h"
#include "inference/model_contract.h"
#include "inference/output_decoding.h"

namespace octgate::inference {

namespace kserve = ::inference;
using Clock = std::chrono::steady_clock;

struct TritonBackend::Endpoint {
  std::string url;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<kserve::GRPCInferenceService::Stub> stub;
  std::atomic<Clock::rep> failed_until{0};  // skipped by round-robin until then
};

struct TritonBackend::InferCall {
  InferenceRequest request;
  InferenceCallback done;
  Endpoint* endpoint = nullptr;
  int attempts = 0;
  kserve::ModelInferRequest proto;
  kserve::ModelInferResponse response;
  std::unique_ptr<grpc::ClientContext> context;
};

struct TritonBackend::ProbeRound {
  struct Check {
    std::unique_ptr<grpc::ClientContext> live_ctx, ready_ctx, model_ctx;
    kserve::ServerLiveRequest live_req;
    kserve::ServerLiveResponse live_resp;
    kserve::ServerReadyRequest ready_req;
    kserve::ServerReadyResponse ready_resp;
    kserve::ModelReadyRequest model_req;
    kserve::ModelReadyResponse model_resp;
    std::atomic<int> passed{0};
  };
  std::vector<Check> checks;
  std::atomic<int> pending{0};
  explicit ProbeRound(std::size_t n) : checks(n) {}
};

namespace {

std::shared_ptr<grpc::Channel> make_channel(const std::string& url) {
  grpc::ChannelArguments args;
  // Scans are large: no message size limit short of protobuf's own (as tritonclient sets).
  args.SetMaxReceiveMessageSize(INT_MAX);
  args.SetMaxSendMessageSize(INT_MAX);
  // A name may resolve to several servers (as the reference's channel option).
  args.SetLoadBalancingPolicyName("round_robin");
  // Notice a restarted server within about a second.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return grpc::CreateCustomChannel(url, grpc::InsecureChannelCredentials(), args);
}

bool says_unknown_model(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::NOT_FOUND ||
         (s.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
          s.error_message().find("unknown model") != std::string::npos);
}

// Typed contents (servers other than Triton may answer with them) as raw little-endian bytes.
std::string typed_to_raw(const kserve::InferTensorContents& c, const std::string& datatype) {
  std::string raw;
  auto put = [&raw](const auto& values, auto as) {
    for (auto v : values) {
      auto x = static_cast<decltype(as)>(v);
      raw.append(reinterpret_cast<const char*>(&x), sizeof x);
    }
  };
  if (datatype == "FP32") put(c.fp32_contents(), float{});
  else if (datatype == "FP64") put(c.fp64_contents(), double{});
  else if (datatype == "INT64") put(c.int64_contents(), std::int64_t{});
  else if (datatype == "INT32") put(c.int_contents(), std::int32_t{});
  else if (datatype == "INT16") put(c.int_contents(), std::int16_t{});
  else if (datatype == "INT8") put(c.int_contents(), std::int8_t{});
  else if (datatype == "UINT64") put(c.uint64_contents(), std::uint64_t{});
  else if (datatype == "UINT32") put(c.uint_contents(), std::uint32_t{});
  else if (datatype == "UINT16") put(c.uint_contents(), std::uint16_t{});
  else if (datatype == "UINT8") put(c.uint_contents(), std::uint8_t{});
  else if (datatype == "BOOL") put(c.bool_contents(), std::uint8_t{});
  return raw;
}

Result<std::vector<float>> decode_response(const kserve::ModelInferResponse& response, const InferenceRequest& request) {
  std::vector<std::string> converted(response.outputs_size());
  std::vector<OutputTensor> tensors;
  for (int i = 0; i < response.outputs_size(); ++i) {
    const auto& out = response.outputs(i);
    OutputTensor t{out.name(), out.datatype(), {out.shape().begin(), out.shape().end()}, {}};
    if (i < response.raw_output_contents_size()) {
      t.data = response.raw_output_contents(i);
    } else {
      converted[i] = typed_to_raw(out.contents(), out.datatype());
      t.data = converted[i];
    }
    tensors.push_back(std::move(t));
  }
  return decode_ilm_points(tensors, request.image.cols, request.image.rows, request.threshold);
}

}  // namespace

TritonBackend::TritonBackend(TritonOptions options, boost::asio::thread_pool& workers)
    : options_(std::move(options)), workers_(workers) {
  for (const auto& url : options_.urls) {
    auto endpoint = std::make_unique<Endpoint>();
    endpoint->url = url;
    endpoint->channel = make_channel(url);
    endpoint->stub = kserve::GRPCInferenceService::NewStub(endpoint->channel);
    endpoints_.push_back(std::move(endpoint));
  }
}

TritonBackend::~TritonBackend() {
  {
    std::lock_guard lock(calls_mutex_);
    stopping_ = true;
    for (auto* context : calls_) context->TryCancel();
  }
  stop_signal_.notify_all();
  if (config_thread_.joinable()) config_thread_.join();
  std::unique_lock lock(calls_mutex_);
  calls_done_.wait(lock, [this] { return calls_.empty(); });
}

std::unique_ptr<grpc::ClientContext> TritonBackend::new_context(std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  if (!track(context.get())) return nullptr;
  return context;
}

bool TritonBackend::track(grpc::ClientContext* context) {
  std::lock_guard lock(calls_mutex_);
  if (stopping_) return false;
  calls_.insert(context);
  return true;
}

void TritonBackend::release(std::unique_ptr<grpc::ClientContext>& context) {
  std::lock_guard lock(calls_mutex_);
  calls_.erase(context.get());
  // Destroyed here, not by whoever holds it later: the destructor waits for this, so no gRPC call
  // outlives the channels (one that did raced gRPC's own shutdown into a double free).
  context.reset();
  if (calls_.empty()) calls_done_.notify_all();  // under the lock: the destructor may be waiting
}

bool TritonBackend::has_model_config() const {
  std::lock_guard lock(config_mutex_);
  return config_ != nullptr;
}

// ---- start-up and the model config ----

Result<TritonBackend::ConfigPtr> TritonBackend::accept_config(const kserve::ModelConfigResponse& response) {
  Status contract = check_model_contract(response.config());
  std::lock_guard lock(config_mutex_);
  if (!contract.is_ok()) {
    if (contract.message() != config_problem_) {
      config_problem_ = contract.message();
      log::error({{"status", "ERROR"}, {"model", options_.model_name}, {"error", contract.message()}});
    }
    return contract;
  }
  config_ = std::make_shared<const kserve::ModelConfig>(response.config());
  config_problem_.clear();
  return config_;
}

grpc::Status TritonBackend::fetch_model_config(Endpoint& endpoint, kserve::ModelConfigResponse& response) {
  auto context = new_context(options_.startup_timeout);
  if (!context) return grpc::Status(grpc::StatusCode::CANCELLED, "stopping");
  kserve::ModelConfigRequest request;
  request.set_name(options_.model_name);
  request.set_version(options_.model_version);
  grpc::Status status = endpoint.stub->ModelConfig(context.get(), request, &response);
  release(context);
  return status;
}

Status TritonBackend::start() {
  if (endpoints_.empty()) return invalid_argument("no Triton endpoint given (--triton-url host:port[,host:port...])");
  std::string model = "model '" + options_.model_name + "'" +
                      (options_.model_version.empty() ? "" : " version '" + options_.model_version + "'");
  for (auto& endpoint : endpoints_) {
    kserve::ModelConfigResponse response;
    grpc::Status status = fetch_model_config(*endpoint, response);
    if (status.error_code() == grpc::StatusCode::CANCELLED) return unavailable("stopping");
    if (status.ok()) {
      auto accepted = accept_config(response);
      if (!accepted)
        return invalid_argument("Triton at " + endpoint->url + " serves " + model +
                                ", but it does not fit octgate's contract: " + accepted.status().message());
      log::info({{"status", "MODEL_CONFIG"}, {"model", options_.model_name}, {"url", endpoint->url},
                 {"outputs", boost::json::value_from(output_names(*accepted.value()))}});
    } else if (says_unknown_model(status)) {
      return invalid_argument("Triton at " + endpoint->url + " does not know " + model + ": " +
                              grpc_error_text(status));
    } else {
      log::warn({{"status", "TRITON_UNREACHABLE"}, {"url", endpoint->url}, {"error", grpc_error_text(status)}});
    }
  }
  if (!has_model_config())
    log::warn({{"status", "WAITING_FOR_TRITON"}, {"model", options_.model_name},
               {"error", "no Triton server answered; retrying in the background, /ping answers 400 until one does"}});
  config_thread_ = std::thread([this] { config_retry_loop(); });
  return Status::ok();
}

void TritonBackend::config_retry_loop() {
  std::string last_error;
  for (;;) {
    {
      std::unique_lock lock(calls_mutex_);
      if (stop_signal_.wait_for(lock, options_.config_retry, [this] { return stopping_; })) return;
    }
    if (has_model_config()) continue;
    for (auto& endpoint : endpoints_) {
      kserve::ModelConfigResponse response;
      grpc::Status status = fetch_model_config(*endpoint, response);
      if (status.error_code() == grpc::StatusCode::CANCELLED) return;
      if (status.ok()) {
        if (accept_config(response)) {
          log::info({{"status", "MODEL_CONFIG"}, {"model", options_.model_name}, {"url", endpoint->url}});
          last_error.clear();
          break;
        }
      } else if (std::string error = endpoint->url + ": " + grpc_error_text(status); error != last_error) {
        last_error = error;
        (says_unknown_model(status) ? log::error : log::warn)(
            {{"status", "MODEL_CONFIG_UNAVAILABLE"}, {"model", options_.model_name}, {"error", error}});
      }
    }
  }
}

void TritonBackend::with_config(Endpoint& endpoint, std::function<void(Result<ConfigPtr>)> then) {
  {
    std::unique_lock lock(config_mutex_);
    if (config_) {
      ConfigPtr config = config_;
      lock.unlock();
      then(std::move(config));
      return;
    }
  }
  struct ConfigCall {
    std::unique_ptr<grpc::ClientContext> context;
    kserve::ModelConfigRequest request;
    kserve::ModelConfigResponse response;
  };
  auto call = std::make_shared<ConfigCall>();
  call->context = new_context(options_.infer_timeout);
  if (!call->context) {
    then(unavailable("[StatusCode.CANCELLED] octgate is stopping"));
    return;
  }
  call->request.set_name(options_.model_name);
  call->request.set_version(options_.model_version);
  endpoint.stub->async()->ModelConfig(call->context.get(), &call->request, &call->response,
                                      [this, call, &endpoint, then = std::move(then)](grpc::Status status) {
                                        if (status.error_code() == grpc::StatusCode::UNAVAILABLE) mark_failed(endpoint);
                                        then(status.ok() ? accept_config(call->response) : Result<ConfigPtr>(from_grpc(status)));
                                        release(call->context);
                                      });
}

// ---- choosing an endpoint ----

bool TritonBackend::healthy(Endpoint& endpoint) {
  if (Clock::now().time_since_epoch().count() < endpoint.failed_until.load()) return false;
  return endpoint.channel->GetState(true) != GRPC_CHANNEL_TRANSIENT_FAILURE;
}

void TritonBackend::mark_failed(Endpoint& endpoint) {
  endpoint.failed_until = (Clock::now() + std::chrono::seconds(1)).time_since_epoch().count();
}

TritonBackend::Endpoint* TritonBackend::pick_endpoint(const Endpoint* avoid) {
  std::size_t n = endpoints_.size();
  std::size_t start = next_.fetch_add(1);
  for (std::size_t i = 0; i < n; ++i) {
    Endpoint* e = endpoints_[(start + i) % n].get();
    if (e != avoid && healthy(*e)) return e;
  }
  // None looks healthy: a first attempt still goes out (and fails fast with the real reason).
  return avoid ? nullptr : endpoints_[start % n].get();
}

// ---- inference ----

void TritonBackend::fail(InferCall& call, Status status) {
  {
    // Calls cancelled by the destructor are not reported: whoever gave them may be gone already
    // (the job stays unfinished, as with any other interrupted job).
    std::lock_guard lock(calls_mutex_);
    if (stopping_) return;
  }
  call.done(std::move(status));
}

void TritonBackend::infer(InferenceRequest request, InferenceCallback done) {
  auto call = std::make_shared<InferCall>();
  call->request = std::move(request);
  call->done = std::move(done);
  call->endpoint = pick_endpoint(nullptr);
  with_config(*call->endpoint, [this, call](Result<ConfigPtr> config) {
    if (!config) {
      fail(*call, config.status());
      return;
    }
    const cv::Mat& image = call->request.image;
    auto& proto = call->proto;
    proto.set_model_name(options_.model_name);
    proto.set_model_version(options_.model_version);
    proto.set_id(call->request.id);
    auto* image_input = proto.add_inputs();
    image_input->set_name(kImageInput);
    image_input->set_datatype("UINT8");
    for (std::int64_t d : {1, image.rows, image.cols}) image_input->add_shape(d);
    auto* params_input = proto.add_inputs();
    params_input->set_name(kParamsInput);
    params_input->set_datatype("BYTES");
    params_input->add_shape(1);
    params_input->add_shape(1);
    std::string* pixels = proto.add_raw_input_contents();
    pixels->resize(static_cast<std::size_t>(image.rows) * image.cols);
    for (int y = 0; y < image.rows; ++y)
      std::memcpy(pixels->data() + static_cast<std::size_t>(y) * image.cols, image.ptr(y), image.cols);
    append_bytes_element(*proto.add_raw_input_contents(), call->request.parameters_json);
    for (const auto& name : output_names(**config)) proto.add_outputs()->set_name(name);
    send_infer(call);
  });
}

void TritonBackend::send_infer(std::shared_ptr<InferCall> call) {
  ++call->attempts;
  call->response.Clear();
  call->context = new_context(options_.infer_timeout);
  if (!call->context) {
    fail(*call, unavailable("[StatusCode.CANCELLED] octgate is stopping"));
    return;
  }
  call->endpoint->stub->async()->ModelInfer(call->context.get(), &call->proto, &call->response,
                                            [this, call](grpc::Status status) { on_infer_done(call, status); });
}

void TritonBackend::on_infer_done(std::shared_ptr<InferCall> call, const grpc::Status& status) {
  std::unique_ptr<grpc::ClientContext> finished = std::move(call->context);
  if (status.ok()) {
    call->endpoint->failed_until = 0;
    boost::asio::post(workers_, [call] {
      auto points = decode_response(call->response, call->request);
      call->done(points ? Result<InferenceResult>(InferenceResult{std::move(*points)})
                        : Result<InferenceResult>(points.status()));
    });
  } else {
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) mark_failed(*call->endpoint);
    if (says_unknown_model(status)) {
      std::lock_guard lock(config_mutex_);
      config_.reset();  // the model changed or vanished: fetch its config again next time
    }
    Endpoint* other = status.error_code() == grpc::StatusCode::UNAVAILABLE && call->attempts == 1
                          ? pick_endpoint(call->endpoint)
                          : nullptr;
    if (other) {  // inference is idempotent: one more try on another healthy server
      log::warn({{"status", "RETRYING"}, {"request_uuid", call->request.id}, {"url", call->endpoint->url},
                 {"error", grpc_error_text(status)}, {"retry_url", other->url}});
      call->endpoint = other;
      send_infer(call);
    } else {
      fail(*call, from_grpc(status));
    }
  }
  release(finished);  // last: `this` may be destroyed once no call is tracked
}

// ---- readiness ----

void TritonBackend::probe_ready(std::function<void(bool)> done) {
  std::optional<bool> cached;
  {
    std::lock_guard lock(probe_mutex_);
    if (probe_at_ == Clock::time_point{} || Clock::now() - probe_at_ >= options_.probe_cache) {
      probe_waiters_.push_back(std::move(done));
      if (probe_in_flight_) return;
      probe_in_flight_ = true;
    } else {
      cached = probe_ready_;
    }
  }
  if (cached) {  // a recent answer, given outside the lock
    done(*cached);
    return;
  }
  auto round = std::make_shared<ProbeRound>(endpoints_.size());
  round->pending = static_cast<int>(3 * endpoints_.size());
  if (endpoints_.empty()) finish_probe(round);
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    Endpoint& endpoint = *endpoints_[i];
    auto& check = round->checks[i];
    check.live_ctx = new_context(options_.probe_timeout);
    check.ready_ctx = new_context(options_.probe_timeout);
    check.model_ctx = new_context(options_.probe_timeout);
    check.model_req.set_name(options_.model_name);
    check.model_req.set_version(options_.model_version);
    auto finished = [this, round, &endpoint](std::unique_ptr<grpc::ClientContext>& context, const grpc::Status& status,
                                             bool passed, std::atomic<int>& passes) {
      if (passed) ++passes;
      if (status.error_code() == grpc::StatusCode::UNAVAILABLE) mark_failed(endpoint);
      if (--round->pending == 0) finish_probe(round);
      release(context);
    };
    if (!check.live_ctx || !check.ready_ctx || !check.model_ctx) {  // stopping
      for (auto* c : {&check.live_ctx, &check.ready_ctx, &check.model_ctx})
        finished(*c, grpc::Status(grpc::StatusCode::CANCELLED, "stopping"), false, check.passed);
      continue;
    }
    endpoint.stub->async()->ServerLive(check.live_ctx.get(), &check.live_req, &check.live_resp,
                                       [&check, finished](grpc::Status s) {
                                         finished(check.live_ctx, s, s.ok() && check.live_resp.live(), check.passed);
                                       });
    endpoint.stub->async()->ServerReady(check.ready_ctx.get(), &check.ready_req, &check.ready_resp,
                                        [&check, finished](grpc::Status s) {
                                          finished(check.ready_ctx, s, s.ok() && check.ready_resp.ready(), check.passed);
                                        });
    endpoint.stub->async()->ModelReady(check.model_ctx.get(), &check.model_req, &check.model_resp,
                                       [&check, finished](grpc::Status s) {
                                         finished(check.model_ctx, s, s.ok() && check.model_resp.ready(), check.passed);
                                       });
  }
}

void TritonBackend::finish_probe(std::shared_ptr<ProbeRound> round) {
  bool any_ready = false;
  for (std::size_t i = 0; i < round->checks.size(); ++i) {
    if (round->checks[i].passed.load() == 3) {
      any_ready = true;
      endpoints_[i]->failed_until = 0;
    }
  }
  bool ready = any_ready && has_model_config();
  std::vector<std::function<void(bool)>> waiters;
  {
    std::lock_guard lock(probe_mutex_);
    if (ready != probe_ready_ || probe_at_ == Clock::time_point{})
      log::info({{"status", ready ? "TRITON_READY" : "TRITON_NOT_READY"}, {"model", options_.model_name}});
    probe_ready_ = ready;
    probe_at_ = Clock::now();
    probe_in_flight_ = false;
    waiters.swap(probe_waiters_);
  }
  for (auto& waiter : waiters) waiter(ready);
}

}  // namespace octgate::inference
