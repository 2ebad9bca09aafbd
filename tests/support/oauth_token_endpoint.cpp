#include "support/oauth_token_endpoint.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "storage/url_encoding.h"

namespace octgate::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0, at;
  while ((at = s.find(sep, start)) != std::string::npos) {
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, n);
}

}  // namespace

RsaKeyPair generate_rsa_key_pair() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  RsaKeyPair pair{bio_text(priv), bio_text(pub)};
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return pair;
}

OAuthTokenEndpoint::OAuthTokenEndpoint(std::string public_pem, int expires_in)
    : server_(std::make_unique<httplib::Server>()), public_pem_(std::move(public_pem)), expires_in_(expires_in) {
  server_->Post("/token", [this](const httplib::Request& req, httplib::Response& res) {
    ++exchanges_;
    std::string grant, assertion;
    for (const auto& pair : split(req.body, '&')) {
      auto eq = pair.find('=');
      if (eq == std::string::npos) continue;
      std::string name = pair.substr(0, eq), value = storage::percent_decode(pair.substr(eq + 1), true);
      if (name == "grant_type") grant = value;
      if (name == "assertion") assertion = value;
    }
    auto parts = split(assertion, '.');
    bool valid = !refuse_ && grant == "urn:ietf:params:oauth:grant-type:jwt-bearer" && parts.size() == 3;
    if (valid) {
      auto signature = crypto::base64url_decode(parts[2]);
      auto claims_text = crypto::base64url_decode(parts[1]);
      auto verified = signature ? crypto::rs256_verify(public_pem_, parts[0] + "." + parts[1], *signature)
                                : Result<bool>(false);
      boost::system::error_code ec;
      auto claims = claims_text ? json::parse(*claims_text, ec) : json::value();
      valid = verified && *verified && !ec && claims.is_object() && claims.as_object().contains("aud") &&
              claims.at("aud") == json::value(url());
    }
    if (!valid) {
      res.status = 400;
      res.set_content(R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})", "application/json");
      return;
    }
    json::object token{{"access_token", "token-" + std::to_string(exchanges_.load())},
                       {"expires_in", expires_in_},
                       {"token_type", "Bearer"}};
    res.set_content(json::serialize(token), "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

OAuthTokenEndpoint::~OAuthTokenEndpoint() {
  server_->stop();
  thread_.join();
}

std::string OAuthTokenEndpoint::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/token"; }

std::string service_account_key_file(const std::string& private_pem, const std::string& token_uri) {
  return json::serialize(json::object{{"type", "service_account"},
                                      {"project_id", "octgate-test"},
                                      {"private_key_id", "test-key-1"},
                                      {"private_key", private_pem},
                                      {"client_email", "octgate-test@octgate-test.iam.gserviceaccount.com"},
                                      {"token_uri", token_uri}});
}

}  // namespace octgate::testing
