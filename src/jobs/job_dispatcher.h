#pragma once
// Carries an accepted job through inference to its webhook:
//   submit -> backend.infer (async) -> result document -> webhook POST (delivery pool).
// Thread-safe.
#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>

#include "inference/inference_backend.h"
#include "jobs/job.h"
#include "jobs/webhook_delivery.h"

namespace octgate::jobs {

class JobDispatcher {
 public:
  JobDispatcher(inference::InferenceBackend& backend, boost::asio::thread_pool& delivery_pool,
                WebhookDelivery delivery);

  void submit(Job job);
  std::uint64_t unfinished() const { return unfinished_.load(); }

 private:
  void deliver(const Job& job, bool completed, std::string document, const std::string& error);

  inference::InferenceBackend& backend_;
  boost::asio::thread_pool& delivery_pool_;
  WebhookDelivery delivery_;
  std::atomic<std::uint64_t> unfinished_{0};
};

}  // namespace octgate::jobs
