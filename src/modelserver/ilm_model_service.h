#pragma once
// The embedded ILM engine served over KServe v2 gRPC as model `ilm` version `1` (what
// `octgate model-server` runs). Inputs IMAGE (TYPE_UINT8 [-1,-1,-1]) and INPUT_JSON_PARAMS
// (TYPE_STRING [1,1]); outputs, as configured:
//   POINTS      FP32 [N, 2]    the polyline, columns with confidence >= threshold (as embedded)
//   CONFIDENCE  FP32 [W]       per-column confidence
//   ROW         FP32 [W]       per-column ILM row, NaN where there is none
//   MASK        UINT8 [1,H,W]  1 from the ILM row (rounded up) down, in columns kept by the threshold
// Segmentation runs on a worker pool sized to the cores; RPC threads only check and hand over.
// Thread-safe.
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "grpc_service.grpc.pb.h"
#include "ilm/ilm_segmenter.h"
#include "modelserver/infer_request_checks.h"

namespace octgate::modelserver {

inline const std::vector<std::string> kDefaultOutputs{"POINTS", "CONFIDENCE"};
inline const std::vector<std::string> kKnownOutputs{"POINTS", "CONFIDENCE", "ROW", "MASK"};

class IlmModelService final : public ::inference::GRPCInferenceService::CallbackService {
 public:
  IlmModelService(ServedModel model, std::vector<std::string> outputs, boost::asio::thread_pool& workers);

  std::uint64_t inferences() const { return inferences_.load(); }
  ::inference::ModelConfig model_config() const;

  grpc::ServerUnaryReactor* ServerLive(grpc::CallbackServerContext*, const ::inference::ServerLiveRequest*,
                                       ::inference::ServerLiveResponse*) override;
  grpc::ServerUnaryReactor* ServerReady(grpc::CallbackServerContext*, const ::inference::ServerReadyRequest*,
                                        ::inference::ServerReadyResponse*) override;
  grpc::ServerUnaryReactor* ModelReady(grpc::CallbackServerContext*, const ::inference::ModelReadyRequest*,
                                       ::inference::ModelReadyResponse*) override;
  grpc::ServerUnaryReactor* ServerMetadata(grpc::CallbackServerContext*, const ::inference::ServerMetadataRequest*,
                                           ::inference::ServerMetadataResponse*) override;
  grpc::ServerUnaryReactor* ModelMetadata(grpc::CallbackServerContext*, const ::inference::ModelMetadataRequest*,
                                          ::inference::ModelMetadataResponse*) override;
  grpc::ServerUnaryReactor* ModelConfig(grpc::CallbackServerContext*, const ::inference::ModelConfigRequest*,
                                        ::inference::ModelConfigResponse*) override;
  grpc::ServerUnaryReactor* ModelInfer(grpc::CallbackServerContext*, const ::inference::ModelInferRequest*,
                                       ::inference::ModelInferResponse*) override;

 private:
  void run(const ::inference::ModelInferRequest& request, const CheckedInfer& checked,
           ::inference::ModelInferResponse& response);

  ServedModel model_;
  std::vector<std::string> outputs_;
  boost::asio::thread_pool& workers_;
  ilm::IlmSegmenter segmenter_;
  std::atomic<std::uint64_t> inferences_{0};
};

}  // namespace octgate::modelserver
