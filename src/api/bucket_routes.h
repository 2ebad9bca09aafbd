#pragma once
// What the bucket routes (/bucket_invocations, /bucket_invocations_azure_uae) need besides the
// ApiContext: the stores that serve them, the pool their storage calls run on, and the defaults
// for the headers a caller may leave out.
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <string>

#include "storage/object_store.h"

namespace octgate::api {

struct BucketRoutes {
  // Reads of /bucket_invocations and every Write-To-GCS result write (both routes, as the
  // reference writes results to GCS even for the Azure route).
  storage::ObjectStore* gcs_store = nullptr;
  // Reads of /bucket_invocations_azure_uae.
  storage::ObjectStore* azure_store = nullptr;
  // Listing and downloads run here; its size bounds the storage requests in flight.
  boost::asio::thread_pool* storage_pool = nullptr;

  std::string input_bucket;           // default Input-Bucket-Name of /bucket_invocations
  std::string output_bucket;          // default Output-Bucket-Name of /bucket_invocations
  std::string azure_input_container;  // default Input-Bucket-Name of /bucket_invocations_azure_uae
  std::string azure_output_bucket;    // default Output-Bucket-Name of /bucket_invocations_azure_uae
  std::string output_folder = "results";
  std::size_t max_volume_objects = 2048;  // more objects in one request is a 413
};

}  // namespace octgate::api
