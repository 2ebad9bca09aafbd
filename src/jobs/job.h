#pragma once
// One accepted image: everything needed to run it and deliver its result.
#include <opencv2/core/mat.hpp>
#include <optional>
#include <string>

#include "jobs/result_destination.h"

namespace octgate::jobs {

struct Job {
  std::string id;  // request_uuid, also the webhook's "id"
  std::string filename;
  std::string examination_id;
  std::string webhook_url;
  std::string parameters_json;  // sent to the model as INPUT_JSON_PARAMS
  float threshold = 0.25f;
  cv::Mat image;  // CV_8UC1
  // Bucket routes with Write-To-GCS: where the result is also written, before the webhook.
  std::optional<ResultDestination> result_destination;
};

}  // namespace octgate::jobs
