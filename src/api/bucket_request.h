#pragma once
// The header rules of the bucket routes, as pure functions (unit-tested without a server).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::api {

// Write-To-GCS as FastAPI parses a bool header: true/false, 1/0, yes/no, on/off, t/f, y/n in any
// case; absent = false; anything else is an error naming the header.
Result<bool> parse_write_to_gcs(std::optional<std::string_view> header);

// The listing prefixes: {input_location} alone without slice_idx, else one
// "{input_location}/file.{NNN}" per index, NNN zero-padded to three digits (45 -> 045, 1234 -> 1234).
std::vector<std::string> volume_prefixes(std::string_view input_location, const std::optional<std::vector<int>>& slice_idx);

// "{output_folder}/{request_uuid}.json"
std::string result_path(std::string_view output_folder, std::string_view request_uuid);

}  // namespace octgate::api
