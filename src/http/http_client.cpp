#include "http/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "common/text.h"

namespace octgate::http {
namespace {

struct CurlHandle {
  CurlHandle() {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle = curl_easy_init();
  }
  ~CurlHandle() { curl_easy_cleanup(handle); }
  CURL* handle;
};

struct Capture {
  OutboundResponse* response;
  std::uint64_t limit;
  bool overflow = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  size_t bytes = size * n;
  if (c->response->body.size() + bytes > c->limit) {
    c->overflow = true;
    return 0;  // aborts the transfer
  }
  c->response->body.append(data, bytes);
  return bytes;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  std::string_view line(data, size * n);
  auto colon = line.find(':');
  if (line.starts_with("HTTP/")) c->response->headers.clear();  // a new response (e.g. after 100)
  if (colon != std::string_view::npos) {
    std::string name = to_lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
    c->response->headers.emplace_back(std::move(name), std::string(value));
  }
  return size * n;
}

}  // namespace

std::string_view OutboundResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

Result<OutboundResponse> send_request(const OutboundRequest& request) {
  thread_local CurlHandle curl;
  CURL* h = curl.handle;
  if (!h) return internal_error("could not create a libcurl handle");
  curl_easy_reset(h);

  OutboundResponse response;
  Capture capture{&response, request.max_response_bytes};
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers)
    headers = curl_slist_append(headers, (value.empty() ? name + ":" : name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, curl_slist_free_all);

  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &capture);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &capture);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "octgate/0.1");
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data() ? request.body.data() : "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve_guard(nullptr, curl_slist_free_all);
  if (!request.pinned_address.empty()) {
    CURLU* url = curl_url();
    char* host = nullptr;
    char* port = nullptr;
    if (curl_url_set(url, CURLUPART_URL, request.url.c_str(), 0) == CURLUE_OK &&
        curl_url_get(url, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(url, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
      std::string address = request.pinned_address.find(':') != std::string::npos ? "[" + request.pinned_address + "]"
                                                                                  : request.pinned_address;
      std::string entry = std::string(host) + ":" + port + ":" + address;
      resolve_guard.reset(curl_slist_append(nullptr, entry.c_str()));
      curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_guard.get());
    }
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(url);
  }

  CURLcode rc = curl_easy_perform(h);
  if (capture.overflow) {
    return Status(StatusCode::kResourceExhausted,
                  request.url + ": response is over " + std::to_string(request.max_response_bytes) + " bytes");
  }
  if (rc != CURLE_OK) {
    std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
    StatusCode code = rc == CURLE_OPERATION_TIMEDOUT ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable;
    return Status(code, request.method + " " + request.url + " failed: " + detail);
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace octgate::http
