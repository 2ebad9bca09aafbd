#pragma once
// Azure Storage request signing (Blob service, x-ms-version 2015-02-21 and later), pure functions:
//  - SharedKey: the string-to-sign of a REST request and its Authorization header.
//  - Service SAS (sv 2020-12-06 and later): the string-to-sign and the query string of a
//    container- or blob-scoped token.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace octgate::storage {

struct SignableRequest {
  std::string method;  // GET, PUT, ...
  // The URL path exactly as sent (still percent-encoded), e.g. "/devstoreaccount1/images/a%20b".
  std::string path;
  // Query parameters, names and values decoded.
  std::vector<std::pair<std::string, std::string>> query;
  // Every header that will be sent (names in any case). Content-Length is the body size as sent.
  std::vector<std::pair<std::string, std::string>> headers;
};

// VERB, the eleven standard headers (Content-Length empty when 0), the canonicalized x-ms-*
// headers and the canonicalized resource "/" + account + path, then "\nname:value" per query
// parameter sorted by lower-cased name (repeated names joined with ",").
std::string shared_key_string_to_sign(std::string_view account, const SignableRequest& request);
// "SharedKey account:base64(HMAC-SHA256(base64decode(account_key), string_to_sign))"
Result<std::string> shared_key_authorization(std::string_view account, std::string_view account_key_base64,
                                             std::string_view string_to_sign);

struct ServiceSasSpec {
  std::string permissions;     // sp, e.g. "racwl"
  std::string start;           // st, optional, e.g. "2026-01-01T00:00:00Z"
  std::string expiry;          // se, e.g. "2030-01-01T00:00:00Z"
  std::string account;
  std::string container;
  std::string blob;            // empty for a container SAS (sr=c), else sr=b
  std::string identifier;      // si
  std::string ip;              // sip
  std::string protocol;        // spr, e.g. "https" or "https,http"
  std::string version = "2021-08-06";  // sv
};

// The 16 fields joined by "\n"; the canonical resource is "/blob/account/container[/blob]".
std::string service_sas_string_to_sign(const ServiceSasSpec& spec);
// "sv=...&sr=...&sp=...[&st=...]&se=...[&sip=...][&spr=...][&si=...]&sig=..." (values encoded).
Result<std::string> service_sas_query(const ServiceSasSpec& spec, std::string_view account_key_base64);

}  // namespace octgate::storage
