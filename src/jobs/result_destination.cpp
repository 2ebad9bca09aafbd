#include "jobs/result_destination.h"

#include "common/log.h"
#include "jobs/job.h"
#include "storage/object_store.h"

namespace octgate::jobs {

void write_result_object(const ResultDestination& destination, const Job& job, std::string_view document) {
  Status written = destination.store->write(destination.bucket, destination.path, document, "application/json");
  boost::json::object fields{{"examination_id", job.examination_id.empty() ? boost::json::value(nullptr)
                                                                            : boost::json::value(job.examination_id)},
                             {"filename", destination.path},
                             {"request_uuid", job.id},
                             {"bucket", destination.bucket}};
  if (written.is_ok()) {
    fields["status"] = "COMPLETED";
    log::info(std::move(fields));
  } else {
    fields["status"] = "ERROR";
    fields["error"] = "Error writing the result of " + job.filename + " to " + destination.path + ": " + written.message();
    log::error(std::move(fields));
  }
}

}  // namespace octgate::jobs
