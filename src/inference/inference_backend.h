#pragma once
// Where inference runs: in process (EmbeddedBackend) or on KServe v2 / Triton servers.
#include <functional>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace octgate::inference {

struct InferenceRequest {
  std::string id;               // the job's request_uuid
  cv::Mat image;                // CV_8UC1, shared (not copied) with the job
  std::string parameters_json;  // the Inference-Parameters JSON, as sent to the model
  float threshold = 0.25f;
};

struct InferenceResult {
  std::vector<float> points;  // flat [x0, y0, x1, y1, ...] in input pixel coordinates
};

using InferenceCallback = std::function<void(Result<InferenceResult>)>;

class InferenceBackend {
 public:
  virtual ~InferenceBackend() = default;
  // The model's name, as the reference logs it.
  virtual std::string model_name() const = 0;
  // Runs asynchronously and never blocks the caller; done is called exactly once, on any thread.
  virtual void infer(InferenceRequest request, InferenceCallback done) = 0;
  // Whether the backend can serve now (for /ping). Asynchronous, like infer.
  virtual void probe_ready(std::function<void(bool)> done) = 0;
};

}  // namespace octgate::inference
