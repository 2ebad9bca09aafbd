#include "storage/azure_connection_string.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/crypto.h"
#include "common/text.h"

namespace octgate::storage {
namespace {

// The account an endpoint names: the first host label (acct.blob.core.windows.net), or the first
// path segment for path-style endpoints on an IP or localhost (http://127.0.0.1:10000/devstoreaccount1).
std::string account_from_endpoint(std::string_view endpoint) {
  auto scheme = endpoint.find("://");
  std::string_view rest = scheme == std::string_view::npos ? endpoint : endpoint.substr(scheme + 3);
  auto slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  bool path_style = host == "localhost" || std::all_of(host.begin(), host.end(), [](char c) {
                      return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
                    });
  if (path_style) return std::string(path.substr(0, path.find('/')));
  return std::string(host.substr(0, host.find('.')));
}

}  // namespace

Result<AzureStorageAccount> azure_account_from_parts(std::string account_name, std::string account_key,
                                                     std::string sas_token, std::string blob_endpoint) {
  AzureStorageAccount account;
  while (!blob_endpoint.empty() && blob_endpoint.back() == '/') blob_endpoint.pop_back();
  if (!sas_token.empty() && sas_token.front() == '?') sas_token.erase(0, 1);
  if (account_name.empty() && !blob_endpoint.empty()) account_name = account_from_endpoint(blob_endpoint);
  if (account_name.empty()) return invalid_argument("Azure storage: no account name and no blob endpoint");
  if (blob_endpoint.empty()) blob_endpoint = "https://" + account_name + ".blob.core.windows.net";
  if (blob_endpoint.find("://") == std::string::npos)
    return invalid_argument("Azure storage: the blob endpoint '" + blob_endpoint + "' is not an http(s) URL");
  if (account_key.empty() && sas_token.empty())
    return invalid_argument("Azure storage account '" + account_name + "': neither an account key nor a SAS token is set");
  if (!account_key.empty() && !crypto::base64_decode(account_key))
    return invalid_argument("Azure storage account '" + account_name + "': the account key is not valid Base64");
  account.account_name = std::move(account_name);
  account.blob_endpoint = std::move(blob_endpoint);
  if (!account_key.empty()) account.account_key = std::move(account_key);
  else account.sas_token = std::move(sas_token);
  return account;
}

Result<AzureStorageAccount> parse_azure_connection_string(std::string_view connection_string) {
  std::map<std::string, std::string> fields;
  std::string_view rest = connection_string;
  while (!rest.empty()) {
    auto semicolon = rest.find(';');
    std::string_view item = trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    if (item.empty()) continue;
    auto equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0)
      return invalid_argument("Azure connection string: '" + std::string(item.substr(0, 40)) + "' is not Key=Value");
    fields[to_lower(trim(item.substr(0, equals)))] = std::string(trim(item.substr(equals + 1)));
  }
  auto get = [&](const char* key) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
  };

  if (to_lower(get("usedevelopmentstorage")) == "true") {
    return azure_account_from_parts(std::string(kDevelopmentAccountName), std::string(kDevelopmentAccountKey), "",
                                    "http://127.0.0.1:10000/" + std::string(kDevelopmentAccountName));
  }
  std::string account = get("accountname");
  std::string endpoint = get("blobendpoint");
  if (endpoint.empty() && !account.empty()) {
    std::string protocol = get("defaultendpointsprotocol");
    if (protocol.empty()) protocol = "https";
    if (protocol != "https" && protocol != "http")
      return invalid_argument("Azure connection string: DefaultEndpointsProtocol must be http or https");
    std::string suffix = get("endpointsuffix");
    if (suffix.empty()) suffix = "core.windows.net";
    endpoint = protocol + "://" + account + ".blob." + suffix;
  }
  if (account.empty() && endpoint.empty())
    return invalid_argument("Azure connection string: it has neither AccountName nor BlobEndpoint");
  std::string key = get("accountkey");
  std::string sas = get("sharedaccesssignature");
  if (key.empty() && sas.empty())
    return invalid_argument("Azure connection string: it has neither AccountKey nor SharedAccessSignature");
  return azure_account_from_parts(std::move(account), std::move(key), std::move(sas), std::move(endpoint));
}

}  // namespace octgate::storage
