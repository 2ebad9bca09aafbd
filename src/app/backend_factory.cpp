#include "app/backend_factory.h"

#include "inference/embedded_backend.h"
#include "inference/triton_backend.h"

namespace octgate::app {

Result<std::unique_ptr<inference::InferenceBackend>> make_backend(const std::string& name, const TritonFlags& triton,
                                                                  boost::asio::thread_pool& workers) {
  if (name == "embedded") return std::unique_ptr<inference::InferenceBackend>(new inference::EmbeddedBackend(workers));
  if (name == "triton") {
    auto options = to_triton_options(triton);
    if (!options) return options.status();
    auto backend = std::make_unique<inference::TritonBackend>(std::move(*options), workers);
    if (Status started = backend->start(); !started.is_ok()) return started;
    return std::unique_ptr<inference::InferenceBackend>(std::move(backend));
  }
  return invalid_argument("--backend must be 'embedded' or 'triton'; got '" + name + "'");
}

}  // namespace octgate::app
