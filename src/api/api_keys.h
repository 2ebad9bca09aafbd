#pragma once
// The API keys a server accepts (--api-keys-file): one key per line, "#" starts a comment, a
// line holds the key itself or "sha256:<64 hex digits>" of it, optionally followed by
// whitespace and a name. Only SHA-256 digests are kept in memory; a presented key is hashed
// and compared against each in constant time. The name (or the first 8 hex digits of the
// digest) is what logs show, never the key.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace octgate::api {

struct ApiKey {
  std::string digest;  // SHA-256 of the key, 32 bytes
  std::string name;
};

// An error names the line; a file with no key at all is an error too (it would lock everyone out).
Result<std::vector<ApiKey>> parse_api_keys(std::string_view text);

// Thread-safe: lookups run on the I/O threads while reload() swaps the whole set.
class ApiKeyRing {
 public:
  // Reads and parses the file; the keys are replaced only when both succeed.
  static Result<std::unique_ptr<ApiKeyRing>> load(std::string path);
  Status reload();
  // The key's name when it is one of ours.
  std::optional<std::string> find(std::string_view presented) const;
  std::size_t size() const;
  const std::string& path() const { return path_; }

 private:
  explicit ApiKeyRing(std::string path) : path_(std::move(path)) {}
  std::string path_;
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<ApiKey>> keys_;
};

}  // namespace octgate::api
