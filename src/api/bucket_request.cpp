#include "api/bucket_request.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace octgate::api {

Result<bool> parse_write_to_gcs(std::optional<std::string_view> header) {
  if (!header) return false;
  std::string value(*header);
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* yes : {"true", "1", "yes", "on", "t", "y"})
    if (value == yes) return true;
  for (const char* no : {"false", "0", "no", "off", "f", "n"})
    if (value == no) return false;
  return invalid_argument("Write-To-GCS must be true or false, got '" + std::string(*header) + "'");
}

std::vector<std::string> volume_prefixes(std::string_view input_location, const std::optional<std::vector<int>>& slice_idx) {
  if (!slice_idx) return {std::string(input_location)};
  std::vector<std::string> prefixes;
  prefixes.reserve(slice_idx->size());
  for (int idx : *slice_idx) prefixes.push_back(fmt::format("{}/file.{:03d}", input_location, idx));
  return prefixes;
}

std::string result_path(std::string_view output_folder, std::string_view request_uuid) {
  return std::string(output_folder) + "/" + std::string(request_uuid) + ".json";
}

}  // namespace octgate::api
