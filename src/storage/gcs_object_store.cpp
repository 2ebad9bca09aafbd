#include "storage/gcs_object_store.h"

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>

#include "storage/url_encoding.h"

namespace octgate::storage {
namespace {

namespace json = boost::json;

// The "message" of a JSON API error answer, else the start of the body.
std::string error_detail(const http::OutboundResponse& response) {
  boost::system::error_code ec;
  json::value parsed = json::parse(response.body, ec);
  if (!ec && parsed.is_object()) {
    if (auto* error = parsed.as_object().if_contains("error"); error && error->is_object()) {
      if (auto* message = error->as_object().if_contains("message"); message && message->is_string())
        return std::string(message->as_string());
    }
  }
  std::string detail = response.body.substr(0, 200);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
  return detail;
}

std::string bucket_path(const std::string& bucket) { return "/b/" + percent_encode(bucket); }

}  // namespace

Result<ListPage> parse_gcs_list_page(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return Status(StatusCode::kUnavailable, "the GCS list answer is not a JSON object");
  const auto& o = parsed.as_object();
  ListPage page;
  if (auto* items = o.if_contains("items")) {
    if (!items->is_array()) return Status(StatusCode::kUnavailable, "the GCS list answer's items is not a list");
    for (const auto& item : items->as_array()) {
      const auto* object = item.if_object();
      const auto* name = object ? object->if_contains("name") : nullptr;
      if (!name || !name->is_string()) return Status(StatusCode::kUnavailable, "a GCS list item has no name");
      ObjectInfo info;
      info.name = std::string(name->as_string());
      if (auto* size = object->if_contains("size")) {
        if (size->is_string()) {
          std::string_view digits = size->as_string();
          std::from_chars(digits.data(), digits.data() + digits.size(), info.size);
        } else if (size->is_number()) {
          info.size = size->to_number<std::uint64_t>();
        }
      }
      page.objects.push_back(std::move(info));
    }
  }
  if (auto* token = o.if_contains("nextPageToken"); token && token->is_string())
    page.next_page_token = std::string(token->as_string());
  return page;
}

GcsObjectStore::GcsObjectStore(GcsOptions options, std::unique_ptr<AccessTokenSource> credentials)
    : options_(std::move(options)), credentials_(std::move(credentials)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

Result<std::unique_ptr<GcsObjectStore>> GcsObjectStore::from_environment(GcsOptions options, bool keep_endpoint) {
  if (const char* emulator = std::getenv("STORAGE_EMULATOR_HOST"); emulator && *emulator && !keep_endpoint) {
    std::string host = emulator;
    options.endpoint = host.find("://") == std::string::npos ? "http://" + host : host;
  }
  auto credentials = google_credentials_from_environment(std::string(kStorageReadWriteScope));
  if (!credentials) return credentials.status();
  return std::make_unique<GcsObjectStore>(std::move(options), std::move(*credentials));
}

Result<http::OutboundResponse> GcsObjectStore::send(http::OutboundRequest request, const std::string& bucket,
                                                    std::string_view what) {
  std::string label = location_label(kind(), bucket);
  auto authorization = credentials_->authorization();
  if (!authorization)
    return Status(authorization.status().code(), label + ": no access token: " + authorization.status().message());
  if (!authorization->empty()) request.headers.emplace_back("Authorization", *authorization);
  request.total_timeout = options_.timeout;
  auto response = send_with_retries(request, options_.retry);
  if (!response) return unreachable_error(label, what, response.status());
  if (response->status < 200 || response->status > 299)
    return storage_error(label, what, response->status, error_detail(*response));
  return response;
}

Result<ListPage> GcsObjectStore::list_page(const std::string& bucket, const std::string& prefix,
                                           const std::string& page_token) {
  http::OutboundRequest request;
  request.url = options_.endpoint + "/storage/v1" + bucket_path(bucket) + "/o?prefix=" + percent_encode(prefix) +
                "&fields=" + percent_encode("items(name,size),nextPageToken");
  if (options_.page_size) request.url += "&maxResults=" + std::to_string(options_.page_size);
  if (!page_token.empty()) request.url += "&pageToken=" + percent_encode(page_token);
  request.max_response_bytes = 64ull << 20;
  auto response = send(std::move(request), bucket, "listing '" + prefix + "'");
  if (!response) return response.status();
  auto page = parse_gcs_list_page(response->body);
  if (!page) return Status(page.status().code(), location_label(kind(), bucket) + ": " + page.status().message());
  return page;
}

Result<std::string> GcsObjectStore::read(const std::string& bucket, const std::string& name) {
  http::OutboundRequest request;
  request.url = options_.endpoint + "/storage/v1" + bucket_path(bucket) + "/o/" + percent_encode(name) + "?alt=media";
  request.max_response_bytes = options_.max_object_bytes;
  auto response = send(std::move(request), bucket, "reading '" + name + "'");
  if (!response) return response.status();
  return std::move(response->body);
}

Status GcsObjectStore::write(const std::string& bucket, const std::string& name, std::string_view bytes,
                             const std::string& content_type) {
  http::OutboundRequest request;
  request.method = "POST";
  request.url = options_.endpoint + "/upload/storage/v1" + bucket_path(bucket) +
                "/o?uploadType=media&name=" + percent_encode(name);
  request.headers = {{"Content-Type", content_type}};
  request.body = bytes;
  auto response = send(std::move(request), bucket, "writing '" + name + "'");
  return response ? Status::ok() : response.status();
}

}  // namespace octgate::storage
