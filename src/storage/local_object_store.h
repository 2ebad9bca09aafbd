#pragma once
// A folder that stands in for a bucket store: <root>/<bucket>/<object name>, where the '/' in
// object names are subfolders. Lets the bucket routes run with no cloud at all (`--local-storage`).
// Listing walks the bucket folder and returns names in lexicographic (byte) order, page_size at a
// time; the page token is the name the next page starts at. Writes are atomic (temp file + rename).
// A bucket that is not a folder is kNotFound. Names with "." or ".." segments, empty segments or
// a leading '/' are refused, so nothing outside the root is reachable. Thread-safe.
#include <filesystem>
#include <string>

#include "storage/object_store.h"

namespace octgate::storage {

class LocalObjectStore : public ObjectStore {
 public:
  // page_size 0 = 1000.
  LocalObjectStore(std::filesystem::path root, unsigned page_size = 0);

  std::string_view kind() const override { return "local"; }
  Result<ListPage> list_page(const std::string& bucket, const std::string& prefix, const std::string& page_token) override;
  Result<std::string> read(const std::string& bucket, const std::string& name) override;
  Status write(const std::string& bucket, const std::string& name, std::string_view bytes,
               const std::string& content_type) override;

  const std::filesystem::path& root() const { return root_; }

 private:
  Result<std::filesystem::path> bucket_dir(const std::string& bucket) const;

  std::filesystem::path root_;
  unsigned page_size_;
};

}  // namespace octgate::storage
