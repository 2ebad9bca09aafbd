#pragma once
// A real OAuth 2.0 token endpoint on a free loopback port for the JWT-bearer flow that Google
// service accounts use: it checks the assertion's RS256 signature with a public key and its
// audience, then answers {"access_token": "token-N", "expires_in", "token_type"} or, when told to
// refuse, 400 invalid_grant as Google's endpoint does.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace octgate::testing {

struct RsaKeyPair {
  std::string private_pem;  // PKCS#8
  std::string public_pem;   // SubjectPublicKeyInfo
};
// A fresh RSA-2048 key (OpenSSL).
RsaKeyPair generate_rsa_key_pair();

class OAuthTokenEndpoint {
 public:
  OAuthTokenEndpoint(std::string public_pem, int expires_in);
  ~OAuthTokenEndpoint();

  std::string url() const;  // the token_uri, ".../token"
  int exchanges() const { return exchanges_; }
  void refuse_all(bool refuse) { refuse_ = refuse; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::string public_pem_;
  int expires_in_;
  std::atomic<int> exchanges_{0};
  std::atomic<bool> refuse_{false};
};

// The JSON of a service-account key file whose token_uri is the given endpoint.
std::string service_account_key_file(const std::string& private_pem, const std::string& token_uri);

}  // namespace octgate::testing
