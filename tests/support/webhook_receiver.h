#pragma once
// A real HTTP webhook receiver on a free loopback port (cpp-httplib), recording every POST.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace octgate::testing {

struct ReceivedWebhook {
  std::string path;
  std::string body;
  std::multimap<std::string, std::string> headers;  // as httplib gives them (case-insensitive lookup)
  int answered = 200;                               // the status the receiver answered with
  std::string header(const std::string& name) const;
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();

  std::string url(const std::string& path = "/hook") const;
  int port() const { return port_; }
  // The HTTP status the receiver answers with (200 by default).
  void set_status(int status);
  // Extra headers on every answer (e.g. Retry-After) and a delay before answering.
  void set_answer_header(const std::string& name, const std::string& value);
  void set_delay(std::chrono::milliseconds delay);
  // Waits until pred(received) holds.
  bool wait_until(const std::function<bool(const std::vector<ReceivedWebhook>&)>& pred,
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Waits until at least n webhooks have arrived; returns what arrived by then.
  std::vector<ReceivedWebhook> wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<ReceivedWebhook> received() const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  int status_ = 200;
  std::chrono::milliseconds delay_{0};
  std::map<std::string, std::string> answer_headers_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedWebhook> received_;
};

}  // namespace octgate::testing
