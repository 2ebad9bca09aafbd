#include "support/webhook_receiver.h"

#include <httplib.h>

namespace octgate::testing {

std::string ReceivedWebhook::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return {};
}

WebhookReceiver::WebhookReceiver() : server_(std::make_unique<httplib::Server>()) {
  server_->Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(mutex_);
      delay = delay_;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::lock_guard lock(mutex_);
    ReceivedWebhook hook{req.path, req.body, {}, status_};
    for (const auto& [k, v] : req.headers) hook.headers.emplace(k, v);
    received_.push_back(std::move(hook));
    res.status = status_;
    for (const auto& [k, v] : answer_headers_) res.set_header(k.c_str(), v);
    res.set_content("{}", "application/json");
    arrived_.notify_all();
  });
  // Idle keep-alive connections hold the server's threads, and stop() waits for them: keep it short.
  server_->set_keep_alive_timeout(1);
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver() {
  server_->stop();
  thread_.join();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::set_status(int status) {
  std::lock_guard lock(mutex_);
  status_ = status;
}

void WebhookReceiver::set_answer_header(const std::string& name, const std::string& value) {
  std::lock_guard lock(mutex_);
  answer_headers_[name] = value;
}

void WebhookReceiver::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  delay_ = delay;
}

bool WebhookReceiver::wait_until(const std::function<bool(const std::vector<ReceivedWebhook>&)>& pred,
                                 std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return pred(received_); });
}

std::vector<ReceivedWebhook> WebhookReceiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, timeout, [&] { return received_.size() >= n; });
  return received_;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

}  // namespace octgate::testing
