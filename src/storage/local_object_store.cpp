#include "storage/local_object_store.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include "storage/storage_http.h"

namespace octgate::storage {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempMarker = ".octgate-tmp-";

bool safe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

LocalObjectStore::LocalObjectStore(fs::path root, unsigned page_size)
    : root_(std::move(root)), page_size_(page_size ? page_size : 1000) {}

Result<fs::path> LocalObjectStore::bucket_dir(const std::string& bucket) const {
  std::string label = location_label(kind(), bucket);
  if (!safe_name(bucket) || bucket.find('/') != std::string::npos)
    return invalid_argument(label + ": not a valid bucket name");
  fs::path dir = root_ / bucket;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return not_found(label + ": not found: there is no folder " + dir.string());
  return dir;
}

Result<ListPage> LocalObjectStore::list_page(const std::string& bucket, const std::string& prefix,
                                             const std::string& page_token) {
  auto dir = bucket_dir(bucket);
  if (!dir) return dir.status();
  std::vector<ObjectInfo> all;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(*dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().lexically_relative(*dir).generic_string();
    if (name.find(kTempMarker) != std::string::npos) continue;
    if (!name.starts_with(prefix) || name < page_token) continue;
    all.push_back({std::move(name), static_cast<std::uint64_t>(it->file_size())});
  }
  if (ec) return Status(StatusCode::kUnavailable, location_label(kind(), bucket) + ": cannot list: " + ec.message());
  std::sort(all.begin(), all.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.name < b.name; });
  ListPage page;
  if (all.size() > page_size_) {
    page.next_page_token = all[page_size_].name;
    all.resize(page_size_);
  }
  page.objects = std::move(all);
  return page;
}

Result<std::string> LocalObjectStore::read(const std::string& bucket, const std::string& name) {
  auto dir = bucket_dir(bucket);
  if (!dir) return dir.status();
  std::string label = location_label(kind(), bucket);
  if (!safe_name(name)) return invalid_argument(label + ": '" + name + "' is not a valid object name");
  std::ifstream in(*dir / name, std::ios::binary);
  if (!in) return not_found(label + ": not found while reading '" + name + "'");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Status LocalObjectStore::write(const std::string& bucket, const std::string& name, std::string_view bytes,
                               const std::string& content_type) {
  static std::atomic<unsigned long> counter{0};
  std::string label = location_label(kind(), bucket);
  if (!safe_name(bucket) || bucket.find('/') != std::string::npos) return invalid_argument(label + ": not a valid bucket name");
  if (!safe_name(name)) return invalid_argument(label + ": '" + name + "' is not a valid object name");
  fs::path target = root_ / bucket / name;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return Status(StatusCode::kUnavailable, label + ": cannot create " + target.parent_path().string() + ": " + ec.message());
  fs::path temp = target.parent_path() / (target.filename().string() + std::string(kTempMarker) +
                                          std::to_string(getpid()) + "-" + std::to_string(counter++));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(temp, ec);
      return Status(StatusCode::kUnavailable, label + ": cannot write " + temp.string());
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Status(StatusCode::kUnavailable, label + ": cannot write " + target.string() + ": " + ec.message());
  }
  return Status::ok();
}

}  // namespace octgate::storage
