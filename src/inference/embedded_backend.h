#pragma once
// Runs the ILM engine in process, on a worker pool sized to the cores.
#include <boost/asio/thread_pool.hpp>

#include "ilm/ilm_segmenter.h"
#include "inference/inference_backend.h"

namespace octgate::inference {

class EmbeddedBackend final : public InferenceBackend {
 public:
  explicit EmbeddedBackend(boost::asio::thread_pool& workers);

  std::string model_name() const override { return "ilm"; }
  void infer(InferenceRequest request, InferenceCallback done) override;
  void probe_ready(std::function<void(bool)> done) override { done(true); }

 private:
  boost::asio::thread_pool& workers_;
  ilm::IlmSegmenter segmenter_;
};

}  // namespace octgate::inference
