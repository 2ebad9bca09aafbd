#pragma once
// Builds the inference backend `octgate serve --backend` names.
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>

#include "app/triton_options.h"
#include "common/status.h"
#include "inference/inference_backend.h"

namespace octgate::app {

// "embedded" or "triton". For triton, fetches and checks the model config first: an unknown
// model or one whose inputs do not fit is an error; unreachable servers are retried in the background.
Result<std::unique_ptr<inference::InferenceBackend>> make_backend(const std::string& name, const TritonFlags& triton,
                                                                  boost::asio::thread_pool& workers);

}  // namespace octgate::app
