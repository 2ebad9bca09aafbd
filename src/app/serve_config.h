#pragma once
// Settings of `octgate serve`: every one is a flag and an OCTGATE_* environment variable.
#include <cstdint>
#include <string>

namespace octgate::app {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  std::string backend = "embedded";
  std::string data_dir = "./octgate-data";
  std::string log_level = "info";
  std::uint64_t max_body_bytes = 64ull << 20;
  std::uint64_t max_image_pixels = 64ull * 1000 * 1000;
  unsigned threads = 0;            // 0 = one per core
  unsigned delivery_threads = 8;   // webhook POSTs in flight at once
  double webhook_timeout_s = 15.0;
  std::string webhook_secret;      // whsec_<base64>; empty = deliveries are not signed
  std::string webhook_retry_schedule = "0,5s,5m,30m,2h,5h,10h,10h";
  std::string inference_retry_schedule = "0,1s,5s,30s,2m";
  std::uint64_t max_unfinished_jobs = 10000;
  std::string retention = "168h";  // finished jobs are pruned after this
  std::string shutdown_grace = "10s";
  std::string port_file;           // where the bound port is written (for supervisors and tests)
};

}  // namespace octgate::app
