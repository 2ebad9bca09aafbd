#include "inference/embedded_backend.h"

#include <boost/asio/post.hpp>

namespace octgate::inference {

EmbeddedBackend::EmbeddedBackend(boost::asio::thread_pool& workers) : workers_(workers) {}

void EmbeddedBackend::infer(InferenceRequest request, InferenceCallback done) {
  boost::asio::post(workers_, [this, request = std::move(request), done = std::move(done)]() mutable {
    Result<InferenceResult> result = internal_error("ILM engine failed");
    try {
      ilm::IlmBoundary boundary = segmenter_.segment(request.image);
      result = InferenceResult{ilm::to_polyline(boundary, request.threshold)};
    } catch (const std::exception& e) {
      result = internal_error(std::string("ILM engine failed: ") + e.what());
    }
    done(std::move(result));
  });
}

}  // namespace octgate::inference
