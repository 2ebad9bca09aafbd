#pragma once
// Where a bucket-route job also writes its result (Write-To-GCS): a bucket and a path in the
// result store (the GCS-side store, as the reference writes with write_json_to_gcs).
#include <string>
#include <string_view>

namespace octgate::storage {
class ObjectStore;
}

namespace octgate::jobs {

struct ResultDestination {
  std::string bucket;
  std::string path;  // "{output_folder}/{request_uuid}.json"
};

// Writes document (application/json) to the destination; a failure is logged (status ERROR,
// naming the bucket and path) and does not stop the webhook. Blocking: call it on the delivery pool.
void write_result_object(storage::ObjectStore& store, const ResultDestination& destination,
                         std::string_view request_uuid, std::string_view examination_id, std::string_view filename,
                         std::string_view document);

}  // namespace octgate::jobs
