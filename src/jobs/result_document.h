#pragma once
// The webhook documents, in exactly the reference service's shapes. Built once per result;
// points are written with std::to_chars (shortest form, 2 decimals).
#include <string>
#include <string_view>
#include <vector>

namespace octgate::jobs {

// The "output" object: {"metadata": {"height", "width"}, "instances": [{"type": "polyline", ...}]}.
void append_output_object(std::string& out, int height, int width, const std::vector<float>& points);
std::string output_document(int height, int width, const std::vector<float>& points);

// {"id", "status": "COMPLETED", "output", "filename"}
std::string completed_document(std::string_view id, std::string_view filename, int height, int width,
                               const std::vector<float>& points);
// {"id", "status": "FAILED", "error", "filename"}
std::string failed_document(std::string_view id, std::string_view filename, std::string_view error);

// The object a bucket route writes to {output_folder}/{request_uuid}.json, as the reference's
// json.dumps(output_data, indent=4): the points list ([x0, y0, x1, y1, ...], one number per line,
// same values as the webhook's "points"), or {"error": message} when inference failed.
std::string stored_points_document(const std::vector<float>& points);
std::string stored_error_document(std::string_view error);

}  // namespace octgate::jobs
