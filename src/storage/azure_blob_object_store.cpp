#include "storage/azure_blob_object_store.h"

#include <cstdlib>
#include <ctime>

#include "storage/azure_list_xml.h"
#include "storage/azure_shared_key.h"
#include "storage/url_encoding.h"

namespace octgate::storage {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string rfc1123_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string container_path(const std::string& container) { return "/" + percent_encode(container); }
std::string blob_path(const std::string& container, const std::string& name) {
  return container_path(container) + "/" + percent_encode(name, "/");
}

}  // namespace

AzureBlobObjectStore::AzureBlobObjectStore(AzureStorageAccount account, AzureBlobOptions options)
    : account_(std::move(account)), options_(options) {
  auto scheme = account_.blob_endpoint.find("://");
  auto slash = account_.blob_endpoint.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash != std::string::npos) endpoint_path_ = account_.blob_endpoint.substr(slash);
}

bool AzureBlobObjectStore::configured_in_environment() {
  return !env("AZURE_STORAGE_CONNECTION_STRING").empty() || !env("AZURE_STORAGE_ACCOUNT").empty();
}

Result<std::unique_ptr<AzureBlobObjectStore>> AzureBlobObjectStore::from_environment(AzureBlobOptions options) {
  Result<AzureStorageAccount> account = invalid_argument("");
  if (std::string cs = env("AZURE_STORAGE_CONNECTION_STRING"); !cs.empty()) {
    account = parse_azure_connection_string(cs);
  } else if (std::string name = env("AZURE_STORAGE_ACCOUNT"); !name.empty()) {
    account = azure_account_from_parts(name, env("AZURE_STORAGE_KEY"), env("AZURE_STORAGE_SAS_TOKEN"),
                                       env("AZURE_STORAGE_BLOB_ENDPOINT"));
  } else {
    return invalid_argument(
        "Azure storage is not configured: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with "
        "AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN");
  }
  if (!account) return account.status();
  return std::make_unique<AzureBlobObjectStore>(std::move(*account), options);
}

Result<http::OutboundResponse> AzureBlobObjectStore::send(std::string method, const std::string& path,
                                                          std::vector<std::pair<std::string, std::string>> query,
                                                          std::vector<std::pair<std::string, std::string>> headers,
                                                          std::string_view body, std::uint64_t max_response_bytes,
                                                          const std::string& container, std::string_view what,
                                                          long also_ok) {
  std::string label = location_label(kind(), container);
  headers.emplace_back("x-ms-date", rfc1123_now());
  headers.emplace_back("x-ms-version", std::string(kAzureStorageApiVersion));
  bool has_body = method == "PUT" || method == "POST";
  if (has_body) {
    headers.emplace_back("Content-Length", std::to_string(body.size()));
    bool typed = false;
    for (const auto& h : headers) typed = typed || h.first == "Content-Type";
    // libcurl would add a form Content-Type that the signature does not cover; send none instead.
    if (!typed) headers.emplace_back("Content-Type", "");
  }

  std::string full_path = endpoint_path_ + path;
  std::string url = account_.blob_endpoint.substr(0, account_.blob_endpoint.size() - endpoint_path_.size()) + full_path;
  std::string query_string;
  for (const auto& [name, value] : query) query_string += (query_string.empty() ? "" : "&") + name + "=" + percent_encode(value);
  if (!account_.sas_token.empty()) query_string += (query_string.empty() ? "" : "&") + account_.sas_token;
  if (!query_string.empty()) url += "?" + query_string;

  if (!account_.account_key.empty()) {
    SignableRequest signable{method, full_path, query, headers};
    auto authorization = shared_key_authorization(account_.account_name, account_.account_key,
                                                  shared_key_string_to_sign(account_.account_name, signable));
    if (!authorization) return Status(authorization.status().code(), label + ": " + authorization.status().message());
    headers.emplace_back("Authorization", std::move(*authorization));
  }

  http::OutboundRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  for (auto& h : headers)
    if (h.first != "Content-Length") request.headers.push_back(std::move(h));  // libcurl sets it from the body
  request.body = has_body && body.data() == nullptr ? std::string_view("", 0) : body;
  request.max_response_bytes = max_response_bytes;
  request.total_timeout = options_.timeout;
  auto response = send_with_retries(request, options_.retry);
  if (!response) return unreachable_error(label, what, response.status());
  if ((response->status < 200 || response->status > 299) && response->status != also_ok) {
    AzureError error = parse_azure_error(response->body);
    std::string detail = error.code.empty() ? response->body.substr(0, 200) : error.code + ": " + error.message;
    if (response->status == 403 && error.code.empty()) detail = "the request was not authorised";
    return storage_error(label, what, response->status, detail);
  }
  return response;
}

Result<ListPage> AzureBlobObjectStore::list_page(const std::string& container, const std::string& prefix,
                                                 const std::string& page_token) {
  std::vector<std::pair<std::string, std::string>> query{{"restype", "container"}, {"comp", "list"}, {"prefix", prefix}};
  if (!page_token.empty()) query.emplace_back("marker", page_token);
  if (options_.page_size) query.emplace_back("maxresults", std::to_string(options_.page_size));
  auto response = send("GET", container_path(container), std::move(query), {}, {}, 64ull << 20, container,
                       "listing '" + prefix + "'");
  if (!response) return response.status();
  auto page = parse_azure_list_blobs(response->body);
  if (!page) return Status(page.status().code(), location_label(kind(), container) + ": " + page.status().message());
  return page;
}

Result<std::string> AzureBlobObjectStore::read(const std::string& container, const std::string& name) {
  auto response = send("GET", blob_path(container, name), {}, {}, {}, options_.max_object_bytes, container,
                       "reading '" + name + "'");
  if (!response) return response.status();
  return std::move(response->body);
}

Status AzureBlobObjectStore::write(const std::string& container, const std::string& name, std::string_view bytes,
                                   const std::string& content_type) {
  auto response = send("PUT", blob_path(container, name), {},
                       {{"Content-Type", content_type}, {"x-ms-blob-type", "BlockBlob"}}, bytes, 1u << 20, container,
                       "writing '" + name + "'");
  return response ? Status::ok() : response.status();
}

Status AzureBlobObjectStore::create_container(const std::string& container) {
  auto response = send("PUT", container_path(container), {{"restype", "container"}}, {}, {}, 1u << 20, container,
                       "creating the container", /*also_ok=*/409);  // 409: it exists already
  return response ? Status::ok() : response.status();
}

}  // namespace octgate::storage
