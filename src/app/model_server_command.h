#pragma once
#include <CLI/CLI.hpp>

namespace octgate::app {

// Registers `octgate model-server`: the embedded ILM engine over KServe v2 gRPC.
void add_model_server_command(CLI::App& app);

}  // namespace octgate::app
