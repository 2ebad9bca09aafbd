#include "app/triton_options.h"

#include <charconv>
#include <cmath>

namespace octgate::app {

void add_triton_options(CLI::App& serve, TritonFlags& flags) {
  serve.add_option("--triton-url", flags.urls,
                   "With --backend triton: KServe v2 gRPC servers, host:port[,host:port...] (round-robin)")
      ->envname("OCTGATE_TRITON_URL");
  serve.add_option("--model-name", flags.model_name, "With --backend triton: the model to call")
      ->envname("OCTGATE_MODEL_NAME")->capture_default_str();
  serve.add_option("--model-version", flags.model_version, "With --backend triton: model version (empty: server's choice)")
      ->envname("OCTGATE_MODEL_VERSION");
  serve.add_option("--infer-timeout", flags.infer_timeout_s, "With --backend triton: deadline of one inference call, seconds")
      ->envname("OCTGATE_INFER_TIMEOUT")->capture_default_str();
}

Result<std::vector<std::string>> parse_triton_urls(std::string_view text) {
  std::vector<std::string> urls;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view item = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) {
      if (text.find_first_not_of(" \t,") == std::string_view::npos) break;
      return invalid_argument("--triton-url '" + std::string(text) + "' has an empty entry");
    }
    std::string entry(item);
    if (item.find("://") != std::string_view::npos)
      return invalid_argument("--triton-url entry '" + entry + "' must be host:port, without a scheme");
    auto colon = item.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
      return invalid_argument("--triton-url entry '" + entry + "' must be host:port");
    std::string_view host = item.substr(0, colon), port_text = item.substr(colon + 1);
    if (host.find(':') != std::string_view::npos && !(host.front() == '[' && host.back() == ']'))
      return invalid_argument("--triton-url entry '" + entry + "': write an IPv6 address in brackets, [addr]:port");
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return invalid_argument("--triton-url entry '" + entry + "' has an invalid port");
    urls.push_back(entry);
  }
  if (urls.empty()) return invalid_argument("--triton-url is required with --backend triton (host:port[,host:port...])");
  return urls;
}

Result<inference::TritonOptions> to_triton_options(const TritonFlags& flags) {
  auto urls = parse_triton_urls(flags.urls);
  if (!urls) return urls.status();
  if (flags.model_name.empty()) return invalid_argument("--model-name must not be empty");
  if (!(flags.infer_timeout_s > 0) || !std::isfinite(flags.infer_timeout_s))
    return invalid_argument("--infer-timeout must be a positive number of seconds");
  inference::TritonOptions options;
  options.urls = std::move(*urls);
  options.model_name = flags.model_name;
  options.model_version = flags.model_version;
  options.infer_timeout = std::chrono::milliseconds(std::max<long>(1, std::lround(flags.infer_timeout_s * 1000)));
  return options;
}

}  // namespace octgate::app
