#pragma once
// ObjectStore: the one interface the bucket routes and the result writer use to reach a
// bucket (GCS), a container (Azure Blob) or a local folder. Implementations are thread-safe
// and blocking: call them from a storage or worker pool, never from an I/O thread.
//
// Errors are Status values that name the bucket and the cause:
//   kNotFound          the bucket/container or object does not exist
//   kPermissionDenied  the store refused the credentials (401/403)
//   kUnavailable       the store could not be reached or answered 5xx
//   kInvalidArgument   a bucket or object name the store cannot accept
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::storage {

struct ObjectInfo {
  std::string name;
  std::uint64_t size = 0;
};

struct ListPage {
  std::vector<ObjectInfo> objects;  // in the store's order (lexicographic by name for all three)
  std::string next_page_token;      // empty on the last page; opaque otherwise
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // "gcs", "azure" or "local": for logs and error messages.
  virtual std::string_view kind() const = 0;
  // One page of the objects whose names start with prefix; page_token is empty for the first.
  virtual Result<ListPage> list_page(const std::string& bucket, const std::string& prefix,
                                     const std::string& page_token) = 0;
  virtual Result<std::string> read(const std::string& bucket, const std::string& name) = 0;
  // Creates or replaces the object.
  virtual Status write(const std::string& bucket, const std::string& name, std::string_view bytes,
                       const std::string& content_type) = 0;
};

// Every object under prefix, following the pages. Stops at the first failing page.
Result<std::vector<ObjectInfo>> list_all(ObjectStore& store, const std::string& bucket, const std::string& prefix);

}  // namespace octgate::storage
