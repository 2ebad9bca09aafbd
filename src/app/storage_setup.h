#pragma once
// Builds the object stores the bucket routes use, from the serve settings and the environment.
#include <memory>

#include "app/serve_config.h"
#include "common/status.h"
#include "storage/object_store.h"

namespace octgate::app {

struct Stores {
  std::unique_ptr<storage::ObjectStore> gcs;    // /bucket_invocations and result writes
  std::unique_ptr<storage::ObjectStore> azure;  // /bucket_invocations_azure_uae
  std::string gcs_description, azure_description;  // for the startup log
};

// --gcs-store auto picks gcs when STORAGE_EMULATOR_HOST or GOOGLE_APPLICATION_CREDENTIALS is set,
// else local; --azure-store auto picks azure when AZURE_STORAGE_CONNECTION_STRING or
// AZURE_STORAGE_ACCOUNT is set, else local. An explicit choice whose settings are missing or
// wrong is an error at startup, not at the first request.
Result<Stores> make_stores(const ServeConfig& config);

}  // namespace octgate::app
