#pragma once
#include <CLI/CLI.hpp>

namespace octgate::app {

// Registers `octgate serve`: the HTTP API on the embedded engine or a Triton backend.
void add_serve_command(CLI::App& app);

}  // namespace octgate::app
