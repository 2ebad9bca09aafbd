// TritonBackend against in-process model servers over real gRPC on loopback.
#include "inference/triton_backend.h"

#include <gtest/gtest.h>

#include <cmath>
#include <future>

#include "ilm/ilm_segmenter.h"
#include "modelserver/model_server.h"
#include "support/free_port.h"
#include "support/test_scans.h"

namespace octgate::inference {
namespace {

using modelserver::ModelServer;
using modelserver::ModelServerOptions;

std::unique_ptr<ModelServer> start_server(std::vector<std::string> outputs = modelserver::kDefaultOutputs,
                                          int port = 0) {
  ModelServerOptions options;
  options.listen = "127.0.0.1:" + std::to_string(port);
  options.threads = 1;
  options.outputs = std::move(outputs);
  auto started = ModelServer::start(options);
  EXPECT_TRUE(started) << started.status().message();
  return started ? std::move(*started) : nullptr;
}

std::string url_of(const ModelServer& server) { return "127.0.0.1:" + std::to_string(server.port()); }

TritonOptions options_for(std::vector<std::string> urls) {
  TritonOptions options;
  options.urls = std::move(urls);
  options.infer_timeout = std::chrono::seconds(20);
  options.probe_cache = std::chrono::milliseconds(0);
  options.config_retry = std::chrono::milliseconds(100);
  return options;
}

class TritonBackendTest : public ::testing::Test {
 protected:
  Result<InferenceResult> infer(TritonBackend& backend, const std::string& params = R"({"threshold": 0.25})",
                                float threshold = 0.25f) {
    auto promise = std::make_shared<std::promise<Result<InferenceResult>>>();
    auto future = promise->get_future();
    backend.infer(InferenceRequest{"id-1", image_, params, threshold},
                  [promise](Result<InferenceResult> r) { promise->set_value(std::move(r)); });
    if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
      return internal_error("no answer within 30 s");
    return future.get();
  }
  bool ready(TritonBackend& backend) {
    auto promise = std::make_shared<std::promise<bool>>();
    auto future = promise->get_future();
    backend.probe_ready([promise](bool r) { promise->set_value(r); });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "probe hung";
    return future.get();
  }
  template <typename Predicate>
  bool eventually(Predicate p, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (p()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return p();
  }
  std::vector<float> embedded_points(float threshold = 0.25f) {
    return ilm::to_polyline(ilm::IlmSegmenter().segment(image_), threshold);
  }

  boost::asio::thread_pool workers_{2};
  cv::Mat image_ = testing::simple_bscan(96, 64);
};

TEST_F(TritonBackendTest, InferReturnsTheEmbeddedEnginesPolylineOverGrpc) {
  auto server = start_server();
  TritonBackend backend(options_for({url_of(*server)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  EXPECT_TRUE(backend.has_model_config());
  EXPECT_TRUE(ready(backend));
  auto result = infer(backend);
  ASSERT_TRUE(result) << result.status().message();
  EXPECT_EQ(result->points, embedded_points());
  auto strict = infer(backend, R"({"threshold": 0.99})", 0.99f);
  ASSERT_TRUE(strict);
  EXPECT_EQ(strict->points, embedded_points(0.99f));
}

TEST_F(TritonBackendTest, RowAndConfidenceOutputsDecodeToTheSamePolyline) {
  auto server = start_server({"ROW", "CONFIDENCE"});
  TritonBackend backend(options_for({url_of(*server)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  auto result = infer(backend);
  ASSERT_TRUE(result) << result.status().message();
  EXPECT_EQ(result->points, embedded_points());
}

TEST_F(TritonBackendTest, AMaskOutputDecodesToTheFirstForegroundRowPerColumn) {
  auto server = start_server({"MASK"});
  TritonBackend backend(options_for({url_of(*server)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  auto result = infer(backend);
  ASSERT_TRUE(result) << result.status().message();
  auto expected = embedded_points();
  ASSERT_EQ(result->points.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); i += 2) {
    EXPECT_EQ(result->points[i], expected[i]);
    EXPECT_EQ(result->points[i + 1], std::max(0.0f, std::ceil(expected[i + 1])));
  }
}

TEST_F(TritonBackendTest, RequestsSpreadRoundRobinOverTwoServers) {
  auto a = start_server(), b = start_server();
  TritonBackend backend(options_for({url_of(*a), url_of(*b)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(infer(backend));
  EXPECT_EQ(a->inferences() + b->inferences(), 10u);
  EXPECT_GE(a->inferences(), 3u);
  EXPECT_GE(b->inferences(), 3u);
}

TEST_F(TritonBackendTest, AnUnreachableServerFailsFastWithTritonclientsErrorText) {
  TritonBackend backend(options_for({"127.0.0.1:" + std::to_string(testing::pick_free_port())}), workers_);
  ASSERT_TRUE(backend.start().is_ok());  // not fatal: retried in the background
  EXPECT_FALSE(backend.has_model_config());
  EXPECT_FALSE(ready(backend));
  auto result = infer(backend);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(result.status().message().rfind("[StatusCode.UNAVAILABLE] ", 0), 0u) << result.status().message();
}

TEST_F(TritonBackendTest, AnUnknownModelAtStartIsAnErrorNamingIt) {
  auto server = start_server();
  auto options = options_for({url_of(*server)});
  options.model_name = "retina-v9";
  TritonBackend backend(options, workers_);
  Status started = backend.start();
  ASSERT_FALSE(started.is_ok());
  EXPECT_NE(started.message().find("'retina-v9'"), std::string::npos) << started.message();
  EXPECT_NE(started.message().find("[StatusCode.INVALID_ARGUMENT]"), std::string::npos) << started.message();
}

TEST_F(TritonBackendTest, AnUnknownVersionAtStartIsAnError) {
  auto server = start_server();
  auto options = options_for({url_of(*server)});
  options.model_version = "7";
  TritonBackend backend(options, workers_);
  Status started = backend.start();
  ASSERT_FALSE(started.is_ok());
  EXPECT_NE(started.message().find("[StatusCode.NOT_FOUND]"), std::string::npos) << started.message();
}

TEST_F(TritonBackendTest, TheDeadlineEndsASlowCall) {
  auto server = start_server();
  auto options = options_for({url_of(*server)});
  options.infer_timeout = std::chrono::milliseconds(1);
  TritonBackend backend(options, workers_);
  ASSERT_TRUE(backend.start().is_ok());
  image_ = testing::simple_bscan(1500, 1000);  // far more than 1 ms of work
  auto result = infer(backend);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.status().message().rfind("[StatusCode.DEADLINE_EXCEEDED] ", 0), 0u) << result.status().message();
}

TEST_F(TritonBackendTest, ADeadServerIsSkippedAndItsCallsRetriedOnTheOther) {
  auto live = start_server();
  std::string dead = "127.0.0.1:" + std::to_string(testing::pick_free_port());
  TritonBackend backend(options_for({dead, url_of(*live)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  for (int i = 0; i < 6; ++i) {
    auto result = infer(backend);
    ASSERT_TRUE(result) << result.status().message();
  }
  EXPECT_EQ(live->inferences(), 6u);
  EXPECT_TRUE(ready(backend));  // one ready endpoint is enough
}

TEST_F(TritonBackendTest, NotReadyWhileTheServerIsDownAndServedAgainOnceItIsBack) {
  int port = testing::pick_free_port();
  auto server = start_server(modelserver::kDefaultOutputs, port);
  TritonBackend backend(options_for({"127.0.0.1:" + std::to_string(port)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  EXPECT_TRUE(ready(backend));
  server->stop();
  server.reset();
  EXPECT_TRUE(eventually([&] { return !ready(backend); }));
  auto failed = infer(backend);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.status().message().rfind("[StatusCode.UNAVAILABLE]", 0), 0u) << failed.status().message();

  server = start_server(modelserver::kDefaultOutputs, port);
  ASSERT_TRUE(server);
  EXPECT_TRUE(eventually([&] { return ready(backend); }));
  auto served = infer(backend);
  ASSERT_TRUE(served) << served.status().message();
}

TEST_F(TritonBackendTest, AServerThatComesUpLaterIsPickedUpInTheBackground) {
  int port = testing::pick_free_port();
  TritonBackend backend(options_for({"127.0.0.1:" + std::to_string(port)}), workers_);
  ASSERT_TRUE(backend.start().is_ok());
  EXPECT_FALSE(ready(backend));
  auto server = start_server(modelserver::kDefaultOutputs, port);
  ASSERT_TRUE(server);
  EXPECT_TRUE(eventually([&] { return backend.has_model_config(); }));
  EXPECT_TRUE(eventually([&] { return ready(backend); }));
  EXPECT_TRUE(infer(backend));
}

TEST_F(TritonBackendTest, DestroyingTheBackendWithCallsInFlightDoesNotHang) {
  auto server = start_server();
  auto backend = std::make_unique<TritonBackend>(options_for({url_of(*server)}), workers_);
  ASSERT_TRUE(backend->start().is_ok());
  image_ = testing::simple_bscan(1000, 800);
  std::atomic<int> answered{0};
  for (int i = 0; i < 4; ++i)
    backend->infer(InferenceRequest{"x", image_, "{}", 0.25f}, [&answered](Result<InferenceResult>) { ++answered; });
  backend.reset();  // cancels and waits for the gRPC callbacks
  workers_.join();
  SUCCEED();
}

}  // namespace
}  // namespace octgate::inference
