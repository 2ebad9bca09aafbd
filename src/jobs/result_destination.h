#pragma once
// Where a bucket-route job also writes its result (Write-To-GCS): a store, a bucket and a path.
#include <string>
#include <string_view>

namespace octgate::storage {
class ObjectStore;
}

namespace octgate::jobs {

struct Job;

struct ResultDestination {
  storage::ObjectStore* store = nullptr;  // owned by the server; outlives every job
  std::string bucket;
  std::string path;  // "{output_folder}/{request_uuid}.json"
};

// Writes document (application/json) to the destination; a failure is logged (status ERROR,
// naming the bucket and path) and does not stop the webhook. Blocking: call it on the delivery pool.
void write_result_object(const ResultDestination& destination, const Job& job, std::string_view document);

}  // namespace octgate::jobs
