#include "app/serve_command.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "api/api_keys.h"
#include "api/router.h"
#include "app/backend_factory.h"
#include "app/listen_address.h"
#include "app/open_files_limit.h"
#include "app/serve_config.h"
#include "app/storage_setup.h"
#include "common/log.h"
#include "http/http_server.h"
#include "jobs/job_dispatcher.h"
#include "jobs/job_store.h"
#include "jobs/retry_schedule.h"
#include "jobs/webhook_signature.h"

namespace octgate::app {
namespace {

[[noreturn]] void fail_startup(const std::string& message) {
  log::error({{"status", "ERROR"}, {"error", message}});
  std::cerr << "octgate serve: " << message << "\n";
  std::exit(2);
}

// Keys are required everywhere but on loopback; on any other address octgate refuses to start
// without them, unless told to serve strangers.
std::unique_ptr<api::ApiKeyRing> load_api_keys(const ServeConfig& config, const boost::asio::ip::address& address) {
  if (config.api_keys_file.empty()) {
    if (!address.is_loopback() && !config.allow_unauthenticated)
      fail_startup("listening on " + address.to_string() +
                   " (not loopback) needs API keys: give --api-keys-file FILE, or --allow-unauthenticated to serve "
                   "anyone who can reach the port");
    if (config.allow_unauthenticated && !address.is_loopback())
      log::warn({{"status", "UNAUTHENTICATED"},
                 {"error", "--allow-unauthenticated: anyone who can reach " + address.to_string() +
                               " may upload and read results"}});
    return nullptr;
  }
  auto ring = api::ApiKeyRing::load(config.api_keys_file);
  if (!ring) fail_startup("--api-keys-file: " + ring.status().message());
  return std::move(*ring);
}

// SIGHUP: read the keys file again; when it cannot be read or parsed the old keys stay.
void reload_api_keys(api::ApiKeyRing* keys) {
  if (!keys) return log::info({{"status", "RELOAD"}, {"error", "SIGHUP ignored: no --api-keys-file"}});
  if (auto status = keys->reload(); !status.is_ok())
    return log::error({{"status", "ERROR"}, {"error", "API keys not reloaded, the old keys stay: " + status.message()}});
  log::info({{"status", "RELOADED"}, {"api_keys", keys->size()}});
}

int run_serve(const ServeConfig& config, const TritonFlags& triton) {
  log::Level level;
  if (!log::parse_level(config.log_level, level))
    fail_startup("--log-level must be one of debug, info, warn, error; got '" + config.log_level + "'");
  log::set_level(level);
  const std::uint64_t open_files = raise_open_files_limit();

  auto endpoint = parse_listen_address(config.listen);
  if (!endpoint) fail_startup("--listen: " + endpoint.status().message());
  if (config.max_body_bytes == 0) fail_startup("--max-body-bytes must be positive");
  if (config.max_image_pixels == 0) fail_startup("--max-image-pixels must be positive");
  if (config.webhook_timeout_s <= 0) fail_startup("--webhook-timeout must be positive");

  auto webhook_schedule = jobs::parse_retry_schedule(config.webhook_retry_schedule);
  if (!webhook_schedule) fail_startup("--webhook-retry-schedule: " + webhook_schedule.status().message());
  auto inference_schedule = jobs::parse_retry_schedule(config.inference_retry_schedule);
  if (!inference_schedule) fail_startup("--inference-retry-schedule: " + inference_schedule.status().message());
  auto retention = jobs::parse_duration(config.retention);
  if (!retention || retention->count() == 0) fail_startup("--retention must be a positive duration like 168h");
  auto grace = jobs::parse_duration(config.shutdown_grace);
  if (!grace) fail_startup("--shutdown-grace: " + grace.status().message());
  if (config.max_unfinished_jobs == 0) fail_startup("--max-unfinished-jobs must be positive");
  std::string signing_key;
  if (!config.webhook_secret.empty()) {
    auto key = jobs::decode_webhook_secret(config.webhook_secret);
    if (!key) fail_startup("--webhook-secret: " + key.status().message());
    signing_key = *key;
  }

  // Backstop for formats whose header we do not read ourselves: OpenCV refuses larger images.
  setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(config.max_image_pixels).c_str(), 1);

  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = config.threads ? config.threads : cores;
  boost::asio::io_context io(static_cast<int>(threads));
  boost::asio::thread_pool workers(threads);
  boost::asio::thread_pool delivery_pool(std::max(1u, config.delivery_threads));

  auto made = make_backend(config.backend, triton, workers);
  if (!made) fail_startup(made.status().message());
  inference::InferenceBackend& backend = **made;
  jobs::WebhookOptions webhook_options;
  webhook_options.attempt_timeout = std::chrono::milliseconds(static_cast<long>(config.webhook_timeout_s * 1000));
  webhook_options.signing_key = signing_key;
  webhook_options.block_private_addresses = config.webhook_block_private;
  if (config.storage_concurrency == 0) fail_startup("--storage-concurrency must be positive");
  if (config.storage_timeout_s <= 0) fail_startup("--storage-timeout must be positive");
  if (config.output_folder.empty()) fail_startup("--output-folder must not be empty");
  auto stores = make_stores(config);
  if (!stores) fail_startup(stores.status().message());
  // The data folder is touched only once every setting has been checked.
  auto store = jobs::JobStore::open(config.data_dir);
  if (!store) fail_startup("--data-dir: " + store.status().message());
  boost::asio::thread_pool storage_pool(config.storage_concurrency);

  // Bucket routes write their result objects to the GCS-side store, as the reference does.
  jobs::DispatcherOptions dispatcher_options{*webhook_schedule, *inference_schedule, config.max_unfinished_jobs,
                                             stores->gcs.get()};
  jobs::JobDispatcher dispatcher(**store, backend, delivery_pool, jobs::WebhookDelivery(webhook_options),
                                 dispatcher_options);
  dispatcher.recover();

  api::BucketRoutes buckets;
  buckets.gcs_store = stores->gcs.get();
  buckets.azure_store = stores->azure.get();
  buckets.storage_pool = &storage_pool;
  buckets.input_bucket = config.input_bucket;
  buckets.output_bucket = config.output_bucket;
  buckets.azure_input_container = config.azure_input_container;
  buckets.azure_output_bucket = config.azure_output_bucket;
  buckets.output_folder = config.output_folder;
  buckets.max_volume_objects = config.max_volume_objects;

  api::ApiContext context{backend, dispatcher, **store, workers, {config.max_image_pixels}};
  context.buckets = &buckets;
  context.block_private_webhooks = config.webhook_block_private;
  api::Router router = api::make_router(context);
  auto api_keys = load_api_keys(config, endpoint->address());
  router.require_api_keys(api_keys.get());
  http::ServerLimits limits;
  limits.max_body_bytes = config.max_body_bytes;
  auto server = http::HttpServer::create(io, *endpoint, limits, [&router](http::HttpRequest r, http::Responder respond) {
    router.handle(std::move(r), std::move(respond));
  });
  if (!server) fail_startup(server.status().message());

  std::uint16_t port = (*server)->port();
  if (!config.port_file.empty()) {
    std::string tmp = config.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), config.port_file.c_str());
  }
  log::info({{"status", "LISTENING"},
             {"address", endpoint->address().to_string() + ":" + std::to_string(port)},
             {"backend", config.backend},
             {"model", backend.model_name()},
             {"threads", threads},
             {"open_files_limit", open_files},
             {"api_keys", api_keys ? static_cast<std::int64_t>(api_keys->size()) : 0},
             {"gcs_store", stores->gcs_description},
             {"azure_store", stores->azure_description}});

  // Retention: finished jobs older than --retention are deleted, checked every few minutes.
  auto prune_every = std::clamp(*retention / 4, jobs::Millis(200), jobs::Millis(10 * 60 * 1000));
  boost::asio::steady_timer prune_timer(io);
  std::function<void()> schedule_prune = [&] {
    prune_timer.expires_after(prune_every);
    prune_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      boost::asio::post(workers, [&] {
        auto pruned = (*store)->prune_finished_before(jobs::JobStore::now_ms() - retention->count());
        if (pruned > 0) log::info({{"status", "PRUNED"}, {"jobs", pruned}});
      });
      schedule_prune();
    });
  };
  schedule_prune();

  // SIGTERM: stop accepting, let work in flight finish (bounded), then exit. Everything
  // accepted is in the job store already; what is left resumes on the next start.
  boost::asio::signal_set hangup(io, SIGHUP);
  std::function<void()> await_hangup = [&] {
    hangup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      reload_api_keys(api_keys.get());
      await_hangup();
    });
  };
  await_hangup();

  std::thread stopper;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int signal) {
    log::info({{"status", "STOPPING"}, {"signal", signal}, {"unfinished_jobs", dispatcher.unfinished()}});
    (*server)->stop();
    prune_timer.cancel();
    hangup.cancel();
    stopper = std::thread([&] {
      dispatcher.shutdown(*grace);
      io.stop();
    });
  });

  std::vector<std::thread> io_threads;
  for (unsigned i = 1; i < threads; ++i) io_threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : io_threads) t.join();
  if (stopper.joinable()) stopper.join();
  storage_pool.join();
  workers.join();
  delivery_pool.join();
  log::info({{"status", "STOPPED"}});
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto config = std::make_shared<ServeConfig>();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API (drop-in for the reference service)");
  serve->add_option("--listen", config->listen, "Address to listen on, host:port")
      ->envname("OCTGATE_LISTEN")->capture_default_str();
  serve->add_option("--backend", config->backend, "Inference backend: embedded (in-process ILM engine) or triton (KServe v2 gRPC)")
      ->envname("OCTGATE_BACKEND")->capture_default_str()
      ->check(CLI::IsMember({"embedded", "triton"}));
  serve->add_option("--data-dir", config->data_dir, "Folder for durable state")
      ->envname("OCTGATE_DATA_DIR")->capture_default_str();
  serve->add_option("--log-level", config->log_level, "debug, info, warn or error")
      ->envname("OCTGATE_LOG_LEVEL")->capture_default_str();
  serve->add_option("--max-body-bytes", config->max_body_bytes, "Largest request body accepted (413 above)")
      ->envname("OCTGATE_MAX_BODY_BYTES")->capture_default_str();
  serve->add_option("--max-image-pixels", config->max_image_pixels, "Largest image (width x height) accepted (400 above)")
      ->envname("OCTGATE_MAX_IMAGE_PIXELS")->capture_default_str();
  serve->add_option("--threads", config->threads, "I/O and worker threads (0 = one per core)")
      ->envname("OCTGATE_THREADS")->capture_default_str();
  serve->add_option("--delivery-threads", config->delivery_threads, "Webhook deliveries in flight at once")
      ->envname("OCTGATE_DELIVERY_THREADS")->capture_default_str();
  serve->add_option("--webhook-timeout", config->webhook_timeout_s, "Seconds one webhook POST may take")
      ->envname("OCTGATE_WEBHOOK_TIMEOUT")->capture_default_str();
  serve->add_flag("--webhook-block-private", config->webhook_block_private,
                  "Refuse webhooks whose host is or resolves to a private, loopback, link-local or reserved address")
      ->envname("OCTGATE_WEBHOOK_BLOCK_PRIVATE");
  serve->add_option("--webhook-secret", config->webhook_secret,
                    "Sign deliveries (Standard Webhooks): whsec_ followed by base64")
      ->envname("OCTGATE_WEBHOOK_SECRET");
  serve->add_option("--webhook-retry-schedule", config->webhook_retry_schedule,
                    "Delays before each webhook attempt; after the last failure the job is dead")
      ->envname("OCTGATE_WEBHOOK_RETRY_SCHEDULE")->capture_default_str();
  serve->add_option("--inference-retry-schedule", config->inference_retry_schedule,
                    "Delays before each inference attempt when the backend is unavailable or times out")
      ->envname("OCTGATE_INFERENCE_RETRY_SCHEDULE")->capture_default_str();
  serve->add_option("--max-unfinished-jobs", config->max_unfinished_jobs,
                    "Jobs accepted but not yet delivered, at most; more get 429 with Retry-After")
      ->envname("OCTGATE_MAX_UNFINISHED_JOBS")->capture_default_str();
  serve->add_option("--retention", config->retention, "Finished jobs are deleted this long after they finish")
      ->envname("OCTGATE_RETENTION")->capture_default_str();
  serve->add_option("--shutdown-grace", config->shutdown_grace, "On SIGTERM, how long work in flight may take")
      ->envname("OCTGATE_SHUTDOWN_GRACE")->capture_default_str();
  serve->add_option("--api-keys-file", config->api_keys_file,
                    "API keys callers must present (one per line, or sha256:<hex>, then an optional name); "
                    "reloaded on SIGHUP")
      ->envname("OCTGATE_API_KEYS_FILE");
  serve->add_flag("--allow-unauthenticated", config->allow_unauthenticated,
                  "Serve without API keys on an address other than loopback")
      ->envname("OCTGATE_ALLOW_UNAUTHENTICATED");
  serve->add_option("--port-file", config->port_file, "Write the bound port here once listening (use with port 0)")
      ->envname("OCTGATE_PORT_FILE");
  serve->add_option("--gcs-store", config->gcs_store,
                    "Store of /bucket_invocations and of result writes: auto, gcs or local (docs/storage.md)")
      ->envname("OCTGATE_GCS_STORE")->capture_default_str();
  serve->add_option("--azure-store", config->azure_store,
                    "Store of /bucket_invocations_azure_uae: auto, azure or local (docs/storage.md)")
      ->envname("OCTGATE_AZURE_STORE")->capture_default_str();
  serve->add_option("--local-storage", config->local_storage,
                    "Folder of the local store: buckets and containers are its subfolders (default <data-dir>/storage)")
      ->envname("OCTGATE_LOCAL_STORAGE");
  serve->add_option("--gcs-endpoint", config->gcs_endpoint,
                    "GCS JSON API base URL (default: STORAGE_EMULATOR_HOST if set, else the public endpoint)")
      ->envname("OCTGATE_GCS_ENDPOINT");
  serve->add_option("--input-bucket", config->input_bucket, "Default Input-Bucket-Name of /bucket_invocations")
      ->envname("OCTGATE_INPUT_BUCKET");
  serve->add_option("--output-bucket", config->output_bucket, "Default Output-Bucket-Name of /bucket_invocations")
      ->envname("OCTGATE_OUTPUT_BUCKET");
  serve->add_option("--azure-input-container", config->azure_input_container,
                    "Default Input-Bucket-Name (container) of /bucket_invocations_azure_uae")
      ->envname("OCTGATE_AZURE_INPUT_CONTAINER");
  serve->add_option("--azure-output-bucket", config->azure_output_bucket,
                    "Default Output-Bucket-Name of /bucket_invocations_azure_uae (written through the GCS store)")
      ->envname("OCTGATE_AZURE_OUTPUT_BUCKET");
  serve->add_option("--output-folder", config->output_folder, "Folder of result objects: {output-folder}/{request_uuid}.json")
      ->envname("OCTGATE_OUTPUT_FOLDER")->capture_default_str();
  serve->add_option("--storage-page-size", config->storage_page_size,
                    "Objects per list request (0 = the store's default: 1000 GCS, 5000 Azure, 1000 local)")
      ->envname("OCTGATE_STORAGE_PAGE_SIZE")->capture_default_str();
  serve->add_option("--storage-concurrency", config->storage_concurrency,
                    "Storage requests (listings, downloads) in flight at once")
      ->envname("OCTGATE_STORAGE_CONCURRENCY")->capture_default_str();
  serve->add_option("--storage-timeout", config->storage_timeout_s, "Seconds one storage request may take")
      ->envname("OCTGATE_STORAGE_TIMEOUT")->capture_default_str();
  serve->add_option("--max-volume-objects", config->max_volume_objects,
                    "Most objects one bucket request may select (413 above)")
      ->envname("OCTGATE_MAX_VOLUME_OBJECTS")->capture_default_str();
  auto triton = std::make_shared<TritonFlags>();
  add_triton_options(*serve, *triton);
  serve->callback([config, triton] { std::exit(run_serve(*config, *triton)); });
}

}  // namespace octgate::app
