#include "app/storage_setup.h"

#include <cstdlib>
#include <filesystem>

#include "common/private_directory.h"
#include "storage/azure_blob_object_store.h"
#include "storage/gcs_object_store.h"
#include "storage/local_object_store.h"

namespace octgate::app {
namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

std::chrono::milliseconds timeout_of(const ServeConfig& config) {
  return std::chrono::milliseconds(static_cast<long>(config.storage_timeout_s * 1000));
}

}  // namespace

Result<Stores> make_stores(const ServeConfig& config) {
  Stores stores;
  std::string gcs_kind = config.gcs_store, azure_kind = config.azure_store;
  if (gcs_kind == "auto") gcs_kind = env_set("STORAGE_EMULATOR_HOST") || env_set("GOOGLE_APPLICATION_CREDENTIALS") ? "gcs" : "local";
  if (azure_kind == "auto") azure_kind = storage::AzureBlobObjectStore::configured_in_environment() ? "azure" : "local";
  if (gcs_kind != "gcs" && gcs_kind != "local")
    return invalid_argument("--gcs-store must be auto, gcs or local; got '" + config.gcs_store + "'");
  if (azure_kind != "azure" && azure_kind != "local")
    return invalid_argument("--azure-store must be auto, azure or local; got '" + config.azure_store + "'");

  std::filesystem::path local_root = config.local_storage.empty()
                                         ? std::filesystem::path(config.data_dir) / "storage"
                                         : std::filesystem::path(config.local_storage);
  auto make_local = [&]() -> Result<std::unique_ptr<storage::ObjectStore>> {
    if (std::error_code ec = create_private_directories(local_root))
      return invalid_argument("--local-storage: cannot create " + local_root.string() + ": " + ec.message());
    return std::unique_ptr<storage::ObjectStore>(std::make_unique<storage::LocalObjectStore>(local_root, config.storage_page_size));
  };

  if (gcs_kind == "gcs") {
    storage::GcsOptions options;
    options.page_size = config.storage_page_size;
    options.max_object_bytes = config.max_body_bytes;
    options.timeout = timeout_of(config);
    bool explicit_endpoint = !config.gcs_endpoint.empty();
    if (explicit_endpoint) options.endpoint = config.gcs_endpoint;
    auto gcs = storage::GcsObjectStore::from_environment(options, explicit_endpoint);
    if (!gcs) return Status(gcs.status().code(), "GCS store: " + gcs.status().message());
    stores.gcs_description = "gcs " + (*gcs)->options().endpoint + " (credentials: " + (*gcs)->describe_credentials() + ")";
    stores.gcs = std::move(*gcs);
  } else {
    auto local = make_local();
    if (!local) return local.status();
    stores.gcs = std::move(*local);
    stores.gcs_description = "local " + local_root.string();
  }

  if (azure_kind == "azure") {
    storage::AzureBlobOptions options;
    options.page_size = config.storage_page_size;
    options.max_object_bytes = config.max_body_bytes;
    options.timeout = timeout_of(config);
    auto azure = storage::AzureBlobObjectStore::from_environment(options);
    if (!azure) return Status(azure.status().code(), "Azure store: " + azure.status().message());
    stores.azure_description = "azure " + (*azure)->account().blob_endpoint + " (" +
                               ((*azure)->account().account_key.empty() ? "SAS" : "SharedKey") + ")";
    stores.azure = std::move(*azure);
  } else {
    auto local = make_local();
    if (!local) return local.status();
    stores.azure = std::move(*local);
    stores.azure_description = "local " + local_root.string();
  }
  return stores;
}

}  // namespace octgate::app
