#pragma once

#include <filesystem>
#include <system_error>

namespace octgate {

// Creates `path` and any missing parents, each mode 0700 (only its owner may read it); folders that
// already exist keep their mode. For folders that hold the callers' data.
std::error_code create_private_directories(const std::filesystem::path& path);

}  // namespace octgate
