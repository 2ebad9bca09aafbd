#pragma once
// The `octgate serve` flags of the Triton backend (each also an OCTGATE_* environment variable).
#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "inference/triton_backend.h"

namespace octgate::app {

struct TritonFlags {
  std::string urls;  // "host:port[,host:port...]"
  std::string model_name = "ilm";
  std::string model_version;
  double infer_timeout_s = 30.0;
};

void add_triton_options(CLI::App& serve, TritonFlags& flags);
// Comma-separated host:port list (spaces around commas allowed); host may be a name, an IPv4
// address or a [bracketed] IPv6 address.
Result<std::vector<std::string>> parse_triton_urls(std::string_view text);
Result<inference::TritonOptions> to_triton_options(const TritonFlags& flags);

}  // namespace octgate::app
