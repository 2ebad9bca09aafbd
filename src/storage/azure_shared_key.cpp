#include "storage/azure_shared_key.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/crypto.h"
#include "common/text.h"
#include "storage/url_encoding.h"

namespace octgate::storage {

std::string shared_key_string_to_sign(std::string_view account, const SignableRequest& request) {
  std::map<std::string, std::string> standard;  // lower-cased name -> value
  std::map<std::string, std::string> ms;        // x-ms-* headers, sorted by lower-cased name
  for (const auto& [name, value] : request.headers) {
    std::string key = to_lower(name);
    if (key.starts_with("x-ms-")) {
      auto& slot = ms[key];
      slot = slot.empty() ? std::string(trim(value)) : slot + "," + std::string(trim(value));
    } else {
      standard[key] = value;
    }
  }
  auto header = [&](const char* name) {
    auto it = standard.find(name);
    return it == standard.end() ? std::string() : it->second;
  };
  std::string content_length = header("content-length");
  if (content_length == "0") content_length.clear();

  std::string s = request.method + "\n";
  s += header("content-encoding") + "\n";
  s += header("content-language") + "\n";
  s += content_length + "\n";
  s += header("content-md5") + "\n";
  s += header("content-type") + "\n";
  s += (ms.count("x-ms-date") ? std::string() : header("date")) + "\n";
  s += header("if-modified-since") + "\n";
  s += header("if-match") + "\n";
  s += header("if-none-match") + "\n";
  s += header("if-unmodified-since") + "\n";
  s += header("range") + "\n";
  for (const auto& [name, value] : ms) s += name + ":" + value + "\n";

  s += "/";
  s += account;
  s += request.path;
  std::map<std::string, std::vector<std::string>> query;
  for (const auto& [name, value] : request.query) query[to_lower(name)].push_back(value);
  for (auto& [name, values] : query) {
    std::sort(values.begin(), values.end());
    s += "\n" + name + ":";
    for (std::size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
  }
  return s;
}

Result<std::string> shared_key_authorization(std::string_view account, std::string_view account_key_base64,
                                             std::string_view string_to_sign) {
  auto key = crypto::base64_decode(account_key_base64);
  if (!key) return invalid_argument("the Azure account key is not valid Base64");
  return "SharedKey " + std::string(account) + ":" + crypto::base64_encode(crypto::hmac_sha256(*key, string_to_sign));
}

std::string service_sas_string_to_sign(const ServiceSasSpec& spec) {
  std::string resource = "/blob/" + spec.account + "/" + spec.container;
  if (!spec.blob.empty()) resource += "/" + spec.blob;
  std::string resource_type = spec.blob.empty() ? "c" : "b";
  const std::string fields[] = {spec.permissions, spec.start,   spec.expiry, resource,
                                spec.identifier,  spec.ip,      spec.protocol, spec.version,
                                resource_type,    /*snapshot*/ "", /*ses*/ "", /*rscc*/ "",
                                /*rscd*/ "",      /*rsce*/ "",  /*rscl*/ "", /*rsct*/ ""};
  std::string s;
  for (std::size_t i = 0; i < std::size(fields); ++i) s += (i ? "\n" : "") + fields[i];
  return s;
}

Result<std::string> service_sas_query(const ServiceSasSpec& spec, std::string_view account_key_base64) {
  auto key = crypto::base64_decode(account_key_base64);
  if (!key) return invalid_argument("the Azure account key is not valid Base64");
  std::string sig = crypto::base64_encode(crypto::hmac_sha256(*key, service_sas_string_to_sign(spec)));
  std::string q = "sv=" + percent_encode(spec.version) + "&sr=" + (spec.blob.empty() ? "c" : "b") +
                  "&sp=" + percent_encode(spec.permissions);
  if (!spec.start.empty()) q += "&st=" + percent_encode(spec.start);
  q += "&se=" + percent_encode(spec.expiry);
  if (!spec.ip.empty()) q += "&sip=" + percent_encode(spec.ip);
  if (!spec.protocol.empty()) q += "&spr=" + percent_encode(spec.protocol);
  if (!spec.identifier.empty()) q += "&si=" + percent_encode(spec.identifier);
  q += "&sig=" + percent_encode(sig);
  return q;
}

}  // namespace octgate::storage
