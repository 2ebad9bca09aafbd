#pragma once
// What the route handlers share: the backend, the job flow, the worker pool and the limits.
#include <boost/asio/thread_pool.hpp>

#include "api/bucket_routes.h"
#include "imaging/image_limits.h"
#include "inference/inference_backend.h"
#include "jobs/job_dispatcher.h"
#include "jobs/job_store.h"

namespace octgate::api {

struct ApiContext {
  inference::InferenceBackend& backend;
  jobs::JobDispatcher& dispatcher;
  jobs::JobStore& store;
  boost::asio::thread_pool& workers;  // decode runs here, never on an I/O thread
  imaging::ImageLimits image_limits;
  const BucketRoutes* buckets = nullptr;  // the bucket routes answer 503 without it
  bool block_private_webhooks = false;    // --webhook-block-private
};

}  // namespace octgate::api
