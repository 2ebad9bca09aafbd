// `octgate serve --backend triton` in front of real `octgate model-server` processes (KServe v2
// gRPC on loopback), with a real webhook receiver: what a deployment with Triton does.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "ilm/ilm_segmenter.h"
#include "support/free_port.h"
#include "support/paths.h"
#include "support/service_process.h"
#include "support/test_scans.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace json = boost::json;

// A model server on a port chosen by the test (ServiceProcess always asks for port 0), so that it
// can be killed and started again where the gateway expects it.
class ModelServerOnPort {
 public:
  explicit ModelServerOnPort(int port) : dir_(std::filesystem::temp_directory_path() /
                                              ("octgate-ms-" + std::to_string(::getpid()) + "-" + std::to_string(port))) {
    std::filesystem::create_directories(dir_);
    std::string port_file = (dir_ / "port").string(), out = (dir_ / "output.log").string();
    std::filesystem::remove(port_file);
    std::vector<std::string> argv{octgate_binary(), "model-server", "--threads", "2", "--listen",
                                  "127.0.0.1:" + std::to_string(port), "--port-file", port_file};
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      execv(cargv[0], cargv.data());
      _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int bound = 0;
      if (std::ifstream(port_file) >> bound) {
        started_ = bound == port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ModelServerOnPort() {
    kill_hard();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool started() const { return started_; }
  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  bool started_ = false;
};

std::vector<std::string> gateway_args(const std::string& urls, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"serve", "--backend", "triton", "--triton-url", urls, "--threads", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::string grpc_url(int port) { return "127.0.0.1:" + std::to_string(port); }

int ping(const ServiceProcess& gateway) {
  httplib::Client client("127.0.0.1", gateway.port());
  client.set_read_timeout(10);
  auto res = client.Get("/ping");
  return res ? res->status : -1;
}

bool ping_becomes(const ServiceProcess& gateway, int status, std::chrono::seconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ping(gateway) == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Uploads a PNG; returns the request_uuid ("" when not accepted).
std::string upload(const ServiceProcess& gateway, const WebhookReceiver& receiver, const cv::Mat& image,
                   const std::string& filename = "scan.png", httplib::Headers extra = {}) {
  httplib::Client client("127.0.0.1", gateway.port());
  client.set_read_timeout(30);
  httplib::Headers headers{{"Webhook-Url", receiver.url()}, {"Examination-ID", "exam-t"}};
  headers.insert(extra.begin(), extra.end());
  httplib::MultipartFormDataItems items{{"image", encode_image(image, ".png"), filename, "image/png"}};
  auto res = client.Post("/invocations", headers, items);
  if (!res || res->status != 200) {
    ADD_FAILURE() << "upload answered " << (res ? std::to_string(res->status) + " " + res->body : "nothing");
    return "";
  }
  return std::string(json::parse(res->body).at("request_uuid").as_string());
}

std::vector<double> points_of(const json::object& webhook) {
  std::vector<double> points;
  for (const auto& v : webhook.at("output").at("instances").at(0).at("points").as_array())
    points.push_back(v.to_number<double>());
  return points;
}

void expect_points_near(const std::vector<double>& got, const std::vector<float>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  // Webhook documents carry 2 decimals.
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 0.0051) << "at " << i;
}

std::uint64_t inferences_logged(const std::string& log) {
  std::smatch m;
  static const std::regex stopped(R"("status":"STOPPED"[^\n]*"inferences":(\d+))");
  return std::regex_search(log, m, stopped) ? std::stoull(m[1]) : 0;
}

TEST(TritonGateway, OneModelServerServesUploadsWithTheEmbeddedEnginesPolyline) {
  ServiceProcess model({"model-server", "--threads", "2"});
  ASSERT_TRUE(model.started()) << model.log();
  ServiceProcess gateway(gateway_args(grpc_url(model.port())));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  EXPECT_TRUE(ping_becomes(gateway, 200)) << gateway.log();

  const int width = 512, height = 496;
  cv::Mat image = simple_bscan(width, height);
  std::string uuid = upload(gateway, receiver, image, "bscan.png");
  std::string strict_uuid = upload(gateway, receiver, image, "strict.png", {{"Inference-Parameters", "{'threshold': 0.99}"}});
  auto hooks = receiver.wait_for(2);
  ASSERT_EQ(hooks.size(), 2u) << gateway.log();
  ilm::IlmBoundary boundary = ilm::IlmSegmenter().segment(image);
  for (const auto& hook : hooks) {
    auto doc = json::parse(hook.body).as_object();
    ASSERT_EQ(doc.at("status").as_string(), "COMPLETED") << hook.body;
    EXPECT_EQ(doc.at("output").at("metadata").at("width").as_int64(), width);
    EXPECT_EQ(doc.at("output").at("metadata").at("height").as_int64(), height);
    EXPECT_EQ(doc.at("output").at("instances").at(0).at("className").as_string(), "ilm");
    bool strict = doc.at("id").as_string() == strict_uuid;
    EXPECT_EQ(doc.at("filename").as_string(), strict ? "strict.png" : "bscan.png");
    expect_points_near(points_of(doc), ilm::to_polyline(boundary, strict ? 0.99f : 0.25f));
  }
  EXPECT_NE(gateway.log().find("\"status\":\"MODEL_CONFIG\""), std::string::npos) << gateway.log();
}

TEST(TritonGateway, AMaskModelIsTurnedIntoThePolylineToo) {
  ServiceProcess model({"model-server", "--threads", "2", "--outputs", "MASK"});
  ASSERT_TRUE(model.started()) << model.log();
  ServiceProcess gateway(gateway_args(grpc_url(model.port())));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  cv::Mat image = simple_bscan(256, 200);
  upload(gateway, receiver, image);
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  auto doc = json::parse(hooks[0].body).as_object();
  ASSERT_EQ(doc.at("status").as_string(), "COMPLETED") << hooks[0].body;
  auto expected = ilm::to_polyline(ilm::IlmSegmenter().segment(image), 0.25f);
  for (std::size_t i = 1; i < expected.size(); i += 2) expected[i] = std::max(0.0f, std::ceil(expected[i]));
  expect_points_near(points_of(doc), expected);
}

TEST(TritonGateway, AnOutputOfNoKnownFormGivesAFailedWebhookNamingIt) {
  // A model answering only a per-column confidence: no points, map or row to read.
  ServiceProcess model({"model-server", "--threads", "1", "--outputs", "CONFIDENCE"});
  ASSERT_TRUE(model.started()) << model.log();
  ServiceProcess gateway(gateway_args(grpc_url(model.port())));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  upload(gateway, receiver, simple_bscan(128, 96));
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  auto doc = json::parse(hooks[0].body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "FAILED");
  std::string error(doc.at("error").as_string());
  EXPECT_NE(error.find("no model output has an ILM form for a 96x128 image"), std::string::npos) << error;
  EXPECT_NE(error.find("'CONFIDENCE' FP32 [128]"), std::string::npos) << error;
  // The FAILED log line carries the error, as the reference's does (it is written just after the
  // webhook is answered, so wait for it).
  auto failed_line = [&] {
    std::istringstream lines(gateway.log());
    for (std::string line; std::getline(lines, line);) {
      if (line.find(R"("status":"FAILED")") == std::string::npos) continue;
      auto entry = json::parse(line).as_object();
      if (entry.contains("error")) return std::string(entry.at("error").as_string());
    }
    return std::string();
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (failed_line().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(failed_line(), error) << gateway.log();
}

TEST(TritonGateway, TwoModelServersShareTheRequests) {
  ServiceProcess a({"model-server", "--threads", "1"}), b({"model-server", "--threads", "1"});
  ASSERT_TRUE(a.started() && b.started()) << a.log() << b.log();
  ServiceProcess gateway(gateway_args(grpc_url(a.port()) + "," + grpc_url(b.port())));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  EXPECT_TRUE(ping_becomes(gateway, 200));
  cv::Mat image = simple_bscan(256, 200);
  const int n = 12;
  for (int i = 0; i < n; ++i) upload(gateway, receiver, image, "s" + std::to_string(i) + ".png");
  auto hooks = receiver.wait_for(n);
  ASSERT_EQ(hooks.size(), static_cast<std::size_t>(n));
  for (const auto& hook : hooks) EXPECT_EQ(json::parse(hook.body).at("status").as_string(), "COMPLETED") << hook.body;

  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
  std::uint64_t on_a = inferences_logged(a.log()), on_b = inferences_logged(b.log());
  EXPECT_EQ(on_a + on_b, static_cast<std::uint64_t>(n)) << a.log() << b.log();
  EXPECT_GE(on_a, 3u);
  EXPECT_GE(on_b, 3u);
}

TEST(TritonGateway, AKilledModelServerFailsJobsAndPingWithoutAHangAndARestartServesAgain) {
  int port = pick_free_port();
  auto model = std::make_unique<ModelServerOnPort>(port);
  ASSERT_TRUE(model->started());
  // One inference attempt: an unavailable server fails the job at once (the default retries it).
  ServiceProcess gateway(gateway_args(grpc_url(port), {"--inference-retry-schedule", "0"}));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  EXPECT_TRUE(ping_becomes(gateway, 200));

  cv::Mat image = simple_bscan(512, 496);
  const int n = 16;
  for (int i = 0; i < n; ++i) {
    if (i == 4) model->kill_hard();  // mid-run: some calls are in flight
    upload(gateway, receiver, image, "k" + std::to_string(i) + ".png");
  }
  auto hooks = receiver.wait_for(n, std::chrono::seconds(60));
  ASSERT_EQ(hooks.size(), static_cast<std::size_t>(n)) << gateway.log();  // every job answered: no hang
  int failed = 0;
  for (const auto& hook : hooks) {
    auto doc = json::parse(hook.body).as_object();
    if (doc.at("status").as_string() == "FAILED") {
      ++failed;
      std::string error(doc.at("error").as_string());
      EXPECT_EQ(error.rfind("[StatusCode.UNAVAILABLE] ", 0), 0u) << error;
      EXPECT_FALSE(doc.contains("output"));
    } else {
      EXPECT_EQ(doc.at("status").as_string(), "COMPLETED");
    }
  }
  EXPECT_GE(failed, n - 4);
  EXPECT_TRUE(ping_becomes(gateway, 400));

  model = std::make_unique<ModelServerOnPort>(port);
  ASSERT_TRUE(model->started());
  EXPECT_TRUE(ping_becomes(gateway, 200)) << gateway.log();
  std::string uuid = upload(gateway, receiver, image, "after.png");
  hooks = receiver.wait_for(n + 1);
  ASSERT_EQ(hooks.size(), static_cast<std::size_t>(n + 1));
  auto last = json::parse(hooks.back().body).as_object();
  EXPECT_EQ(last.at("id").as_string(), uuid);
  EXPECT_EQ(last.at("status").as_string(), "COMPLETED") << hooks.back().body;
}

TEST(TritonGateway, JobsAcceptedWhileTheModelServerIsDownAreRetriedAndCompleteOnceItIsBack) {
  int port = pick_free_port();
  auto model = std::make_unique<ModelServerOnPort>(port);
  ASSERT_TRUE(model->started());
  ServiceProcess gateway(gateway_args(grpc_url(port), {"--inference-retry-schedule", "0,1s,1s,1s,1s,1s,1s,1s,1s,1s"}));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  EXPECT_TRUE(ping_becomes(gateway, 200));
  model->kill_hard();

  cv::Mat image = simple_bscan(256, 200);
  std::vector<std::string> uuids;
  for (int i = 0; i < 4; ++i) uuids.push_back(upload(gateway, receiver, image, "r" + std::to_string(i) + ".png"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(receiver.received().empty()) << "transient failures are retried, not reported";
  httplib::Client client("127.0.0.1", gateway.port());
  auto state = client.Get(("/results/" + uuids[0]).c_str());
  ASSERT_TRUE(state);
  auto job = json::parse(state->body);
  EXPECT_EQ(job.at("state").as_string(), "queued") << state->body;
  EXPECT_GE(job.at("inference_attempts").as_int64(), 1) << state->body;
  EXPECT_NE(std::string(job.at("last_error").as_string()).find("UNAVAILABLE"), std::string::npos) << state->body;

  model = std::make_unique<ModelServerOnPort>(port);
  ASSERT_TRUE(model->started());
  auto hooks = receiver.wait_for(4, std::chrono::seconds(30));
  ASSERT_EQ(hooks.size(), 4u) << gateway.log();
  for (const auto& hook : hooks) EXPECT_EQ(json::parse(hook.body).at("status").as_string(), "COMPLETED") << hook.body;
}

TEST(TritonGateway, UnreachableAtStartupKeepsRetryingAndServesOnceTheModelServerIsUp) {
  int port = pick_free_port();
  ServiceProcess gateway(gateway_args(grpc_url(port), {"--inference-retry-schedule", "0"}));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  EXPECT_NE(gateway.log().find("WAITING_FOR_TRITON"), std::string::npos) << gateway.log();
  WebhookReceiver receiver;
  EXPECT_EQ(ping(gateway), 400);
  cv::Mat image = simple_bscan(128, 96);
  upload(gateway, receiver, image);
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  auto doc = json::parse(hooks[0].body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "FAILED");
  EXPECT_EQ(std::string(doc.at("error").as_string()).rfind("[StatusCode.UNAVAILABLE] ", 0), 0u) << hooks[0].body;

  ModelServerOnPort model(port);
  ASSERT_TRUE(model.started());
  EXPECT_TRUE(ping_becomes(gateway, 200)) << gateway.log();
  upload(gateway, receiver, image);
  hooks = receiver.wait_for(2);
  ASSERT_EQ(hooks.size(), 2u);
  EXPECT_EQ(json::parse(hooks[1].body).at("status").as_string(), "COMPLETED") << hooks[1].body;
}

TEST(TritonGateway, ADeadlineGivesAFailedWebhookNamingIt) {
  ServiceProcess model({"model-server", "--threads", "1"});
  ASSERT_TRUE(model.started()) << model.log();
  ServiceProcess gateway(gateway_args(grpc_url(model.port()), {"--infer-timeout", "0.001", "--inference-retry-schedule", "0"}));
  ASSERT_TRUE(gateway.started()) << gateway.log();
  WebhookReceiver receiver;
  upload(gateway, receiver, simple_bscan(1500, 1000));
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  auto doc = json::parse(hooks[0].body).as_object();
  EXPECT_EQ(doc.at("status").as_string(), "FAILED");
  EXPECT_EQ(std::string(doc.at("error").as_string()).rfind("[StatusCode.DEADLINE_EXCEEDED] ", 0), 0u) << hooks[0].body;
}

TEST(TritonGateway, AnUnknownModelAtStartupExitsNonZeroNamingIt) {
  ServiceProcess model({"model-server", "--threads", "1"});
  ASSERT_TRUE(model.started()) << model.log();
  std::string output;
  int status = run_command({octgate_binary(), "serve", "--backend", "triton", "--triton-url", grpc_url(model.port()),
                            "--model-name", "retina-v9", "--listen", "127.0.0.1:0"},
                           output);
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("does not know model 'retina-v9'"), std::string::npos) << output;
  EXPECT_NE(output.find("[StatusCode.INVALID_ARGUMENT]"), std::string::npos) << output;
}

TEST(TritonGateway, BadTritonFlagsAreRefusedAtStartup) {
  std::string output;
  int status = run_command({octgate_binary(), "serve", "--backend", "triton", "--listen", "127.0.0.1:0"}, output);
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("--triton-url is required"), std::string::npos) << output;
  status = run_command({octgate_binary(), "serve", "--backend", "tensorrt", "--listen", "127.0.0.1:0"}, output);
  EXPECT_NE(status, 0) << output;
  EXPECT_NE(output.find("--backend: tensorrt not in {embedded,triton}"), std::string::npos) << output;
}

}  // namespace
}  // namespace octgate::testing
