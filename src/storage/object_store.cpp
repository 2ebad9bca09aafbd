#include "storage/object_store.h"

#include <unordered_set>

namespace octgate::storage {

Result<std::vector<ObjectInfo>> list_all(ObjectStore& store, const std::string& bucket, const std::string& prefix) {
  std::vector<ObjectInfo> all;
  std::string token;
  std::unordered_set<std::string> seen_tokens;  // a store that repeats a token would loop forever
  do {
    auto page = store.list_page(bucket, prefix, token);
    if (!page) return page.status();
    for (auto& object : page->objects) all.push_back(std::move(object));
    token = std::move(page->next_page_token);
    if (!token.empty() && !seen_tokens.insert(token).second) {
      return Status(StatusCode::kUnavailable, std::string(store.kind()) + " bucket '" + bucket +
                                                  "': the listing repeated page token '" + token + "'");
    }
  } while (!token.empty());
  return all;
}

}  // namespace octgate::storage
