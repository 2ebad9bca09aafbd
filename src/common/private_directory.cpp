#include "common/private_directory.h"

namespace octgate {

std::error_code create_private_directories(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty() || fs::exists(path, ec) || ec) return ec;
  const fs::path parent = path.parent_path();
  if (parent != path) {
    if (std::error_code parent_ec = create_private_directories(parent)) return parent_ec;
  }
  if (fs::create_directory(path, ec)) fs::permissions(path, fs::perms::owner_all, ec);
  return ec;
}

}  // namespace octgate
