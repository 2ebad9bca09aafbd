#include "jobs/result_destination.h"

#include "common/log.h"
#include "storage/object_store.h"

namespace octgate::jobs {

void write_result_object(storage::ObjectStore& store, const ResultDestination& destination,
                         std::string_view request_uuid, std::string_view examination_id, std::string_view filename,
                         std::string_view document) {
  Status written = store.write(destination.bucket, destination.path, document, "application/json");
  boost::json::object fields{{"examination_id", examination_id.empty() ? boost::json::value(nullptr)
                                                                        : boost::json::value(examination_id)},
                             {"filename", destination.path},
                             {"request_uuid", request_uuid},
                             {"bucket", destination.bucket}};
  if (written.is_ok()) {
    fields["status"] = "COMPLETED";
    log::info(std::move(fields));
  } else {
    fields["status"] = "ERROR";
    fields["error"] = "Error writing the result of " + std::string(filename) + " to " + destination.path + ": " +
                      written.message();
    log::error(std::move(fields));
  }
}

}  // namespace octgate::jobs
