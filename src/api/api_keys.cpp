#include "api/api_keys.h"

#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "common/text.h"

namespace octgate::api {
namespace {

constexpr std::string_view kHashPrefix = "sha256:";

Result<ApiKey> parse_line(std::string_view line) {
  auto end = line.find_first_of(" \t");
  std::string_view token = line.substr(0, end);
  std::string_view name = end == std::string_view::npos ? std::string_view{} : trim(line.substr(end));
  ApiKey key;
  if (token.starts_with(kHashPrefix)) {
    auto digest = crypto::hex_decode(token.substr(kHashPrefix.size()));
    if (!digest || digest->size() != 32) return invalid_argument("sha256: must be followed by 64 hex digits");
    key.digest = *digest;
  } else {
    key.digest = crypto::sha256(token);
  }
  key.name = name.empty() ? crypto::hex_encode(key.digest).substr(0, 8) : std::string(name);
  return key;
}

}  // namespace

Result<std::vector<ApiKey>> parse_api_keys(std::string_view text) {
  std::vector<ApiKey> keys;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    auto key = parse_line(line);
    if (!key) return invalid_argument("line " + std::to_string(line_number) + ": " + key.status().message());
    keys.push_back(std::move(*key));
  }
  if (keys.empty()) return invalid_argument("no API key in the file");
  return keys;
}

Result<std::unique_ptr<ApiKeyRing>> ApiKeyRing::load(std::string path) {
  std::unique_ptr<ApiKeyRing> ring(new ApiKeyRing(std::move(path)));
  if (auto status = ring->reload(); !status.is_ok()) return status;
  return ring;
}

Status ApiKeyRing::reload() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return invalid_argument("cannot read " + path_);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return invalid_argument("cannot read " + path_);
  auto keys = parse_api_keys(text.str());
  if (!keys) return invalid_argument(path_ + ": " + keys.status().message());
  auto fresh = std::make_shared<const std::vector<ApiKey>>(std::move(*keys));
  std::lock_guard lock(mutex_);
  keys_ = std::move(fresh);
  return Status::ok();
}

std::optional<std::string> ApiKeyRing::find(std::string_view presented) const {
  std::shared_ptr<const std::vector<ApiKey>> keys;
  {
    std::lock_guard lock(mutex_);
    keys = keys_;
  }
  std::string digest = crypto::sha256(presented);
  std::optional<std::string> found;
  for (const auto& key : *keys)  // no early exit: every key is compared
    if (crypto::constant_time_equal(digest, key.digest) && !found) found = key.name;
  return found;
}

std::size_t ApiKeyRing::size() const {
  std::lock_guard lock(mutex_);
  return keys_->size();
}

}  // namespace octgate::api
