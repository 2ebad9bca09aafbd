#pragma once
// Settings of `octgate serve`: every one is a flag and an OCTGATE_* environment variable.
#include <cstddef>
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
  bool webhook_block_private = false;  // refuse webhooks on private, loopback and link-local addresses
  std::string webhook_secret;      // whsec_<base64>; empty = deliveries are not signed
  std::string webhook_retry_schedule = "0,5s,5m,30m,2h,5h,10h,10h";
  std::string inference_retry_schedule = "0,1s,5s,30s,2m";
  std::uint64_t max_unfinished_jobs = 10000;
  std::string retention = "168h";  // finished jobs are pruned after this
  std::string shutdown_grace = "10s";
  std::string api_keys_file;       // empty = no keys required (only allowed on loopback, or with the flag below)
  bool allow_unauthenticated = false;
  std::string port_file;           // where the bound port is written (for supervisors and tests)

  // Bucket routes (docs/storage.md).
  std::string gcs_store = "auto";     // auto | gcs | local: serves /bucket_invocations and result writes
  std::string azure_store = "auto";   // auto | azure | local: serves /bucket_invocations_azure_uae
  std::string local_storage;          // folder of the local store; empty = <data-dir>/storage
  std::string gcs_endpoint;           // empty = STORAGE_EMULATOR_HOST, else the public endpoint
  std::string input_bucket;
  std::string output_bucket;
  std::string azure_input_container;
  std::string azure_output_bucket;
  std::string output_folder = "results";
  unsigned storage_page_size = 0;     // objects per list request; 0 = the store's default
  unsigned storage_concurrency = 16;  // storage requests in flight (listing, downloads)
  double storage_timeout_s = 60.0;    // per storage request
  std::size_t max_volume_objects = 2048;
};

}  // namespace octgate::app
