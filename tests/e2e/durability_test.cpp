// Nothing accepted is ever lost: job store, retries, dead letters, signatures, backpressure,
// crashes and restarts, against real octgate processes and a real webhook receiver.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "support/service_process.h"
#include "support/test_scans.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string& small_png() {
  static const std::string png = encode_image(simple_bscan(96, 64), ".png");
  return png;
}

// Uploads one scan; returns the answer (status, body).
std::pair<int, std::string> upload(int port, const std::string& webhook, const std::string& exam = "exam-d",
                                   httplib::Headers* answer_headers = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);
  httplib::MultipartFormDataItems items{{"image", small_png(), "slice.png", "image/png"}};
  auto res = client.Post("/invocations", {{"Webhook-Url", webhook}, {"Examination-ID", exam}}, items);
  if (!res) return {0, ""};
  if (answer_headers) *answer_headers = res->headers;
  return {res->status, res->body};
}

std::string uuid_of(const std::string& answer) { return std::string(json::parse(answer).at("request_uuid").as_string()); }

json::value get_json(int port, const std::string& path, int* status = nullptr) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get(path.c_str());
  if (status) *status = res ? res->status : 0;
  return res && !res->body.empty() ? json::parse(res->body) : json::value();
}

std::string hook_id(const ReceivedWebhook& h) { return std::string(json::parse(h.body).at("id").as_string()); }

bool delivered(const std::vector<ReceivedWebhook>& hooks, const std::string& uuid) {
  for (const auto& h : hooks)
    if (h.answered == 200 && hook_id(h) == uuid) return true;
  return false;
}

TEST(Durability, ResultsRouteFollowsAJobToCompleted) {
  WebhookReceiver receiver;
  ServiceProcess service({"serve"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [status, body] = upload(service.port(), receiver.url(), "exam-results");
  ASSERT_EQ(status, 200) << body;
  std::string uuid = uuid_of(body);
  ASSERT_EQ(receiver.wait_for(1).size(), 1u);

  json::value job;
  for (int i = 0; i < 100; ++i) {
    job = get_json(service.port(), "/results/" + uuid);
    if (job.at("state").as_string() == "completed") break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(job.at("state").as_string(), "completed");
  EXPECT_EQ(job.at("attempts").as_int64(), 1);
  EXPECT_EQ(job.at("examination_id").as_string(), "exam-results");
  EXPECT_EQ(job.at("webhook").at("status").as_string(), "COMPLETED");
  EXPECT_EQ(job.at("webhook").at("id").as_string(), uuid);

  auto exam = get_json(service.port(), "/examinations/exam-results");
  EXPECT_EQ(exam.at("total").as_int64(), 1);
  EXPECT_EQ(exam.at("counts").at("completed").as_int64(), 1);
  EXPECT_EQ(exam.at("jobs").at(0).at("request_uuid").as_string(), uuid);

  int missing = 0;
  get_json(service.port(), "/results/no-such-job", &missing);
  EXPECT_EQ(missing, 404);
  get_json(service.port(), "/examinations/no-such-exam", &missing);
  EXPECT_EQ(missing, 404);
}

TEST(Durability, WebhookDownForAWhileThenUpGetsEverythingWithStableIds) {
  WebhookReceiver receiver;
  receiver.set_status(503);
  ServiceProcess service({"serve", "--webhook-retry-schedule", "0,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms"});
  ASSERT_TRUE(service.started()) << service.log();
  std::vector<std::string> uuids;
  for (int i = 0; i < 5; ++i) {
    auto [status, body] = upload(service.port(), receiver.url());
    ASSERT_EQ(status, 200) << body;
    uuids.push_back(uuid_of(body));
  }
  ASSERT_TRUE(receiver.wait_until([](const auto& hooks) { return hooks.size() >= 10; })) << "retries did not happen";
  receiver.set_status(200);
  ASSERT_TRUE(receiver.wait_until([&](const auto& hooks) {
    for (const auto& u : uuids)
      if (!delivered(hooks, u)) return false;
    return true;
  })) << service.log();
  for (const auto& h : receiver.received()) EXPECT_EQ(h.header("webhook-id"), hook_id(h));
}

TEST(Durability, WebhookFailingForeverIsDeadLetteredAfterTheSchedule) {
  WebhookReceiver receiver;
  receiver.set_status(500);
  ServiceProcess service({"serve", "--webhook-retry-schedule", "0,100ms,100ms"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [status, body] = upload(service.port(), receiver.url());
  ASSERT_EQ(status, 200);
  std::string uuid = uuid_of(body);
  json::value job;
  for (int i = 0; i < 200; ++i) {
    job = get_json(service.port(), "/results/" + uuid);
    if (job.at("state").as_string() == "dead") break;
    std::this_thread::sleep_for(25ms);
  }
  EXPECT_EQ(job.at("state").as_string(), "dead");
  EXPECT_EQ(job.at("attempts").as_int64(), 3);
  EXPECT_NE(std::string(job.at("last_error").as_string()).find("500"), std::string::npos);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(receiver.received().size(), 3u) << "no attempt after the last one";
}

TEST(Durability, GoneWebhookStopsAtOnceAndRetryAfterIsHonoured) {
  WebhookReceiver gone;
  gone.set_status(410);
  WebhookReceiver slow_down;
  slow_down.set_status(429);
  slow_down.set_answer_header("Retry-After", "1");
  ServiceProcess service({"serve", "--webhook-retry-schedule", "0,10ms,10ms,10ms,10ms"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [s1, b1] = upload(service.port(), gone.url());
  auto [s2, b2] = upload(service.port(), slow_down.url());
  ASSERT_EQ(s1, 200);
  ASSERT_EQ(s2, 200);
  ASSERT_TRUE(slow_down.wait_until([](const auto& h) { return h.size() >= 2; }, 10s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(gone.received().size(), 1u);
  auto job = get_json(service.port(), "/results/" + uuid_of(b1));
  EXPECT_EQ(job.at("state").as_string(), "dead");
  EXPECT_EQ(slow_down.received().size(), 2u) << "Retry-After: 1 must hold back the 10 ms schedule";
}

TEST(Durability, SignatureVerifiesWithNodesCrypto) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  WebhookReceiver receiver;
  ServiceProcess service({"serve", "--webhook-secret", secret});
  ASSERT_TRUE(service.started()) << service.log();
  auto [status, body] = upload(service.port(), receiver.url());
  ASSERT_EQ(status, 200);
  auto hooks = receiver.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  const auto& h = hooks[0];
  EXPECT_EQ(h.header("webhook-id"), uuid_of(body));
  ASSERT_FALSE(h.header("webhook-timestamp").empty());
  ASSERT_TRUE(h.header("webhook-signature").starts_with("v1,"));

  auto dir = service.dir();
  std::ofstream(dir / "body.json", std::ios::binary) << h.body;
  std::string script =
      "const c=require('crypto'),fs=require('fs');"
      "const [secret,id,ts,sig,file]=process.argv.slice(1);"
      "const key=Buffer.from(secret.slice(6),'base64');"
      "const body=fs.readFileSync(file);"
      "const mac=c.createHmac('sha256',key).update(id+'.'+ts+'.').update(body).digest('base64');"
      "process.stdout.write(sig==='v1,'+mac?'valid':'invalid '+mac);";
  std::string output;
  int rc = run_command({"/usr/bin/env", "node", "-e", script, secret, h.header("webhook-id"),
                        h.header("webhook-timestamp"), h.header("webhook-signature"), (dir / "body.json").string()},
                       output);
  ASSERT_EQ(rc, 0) << "node is needed for this check: " << output;
  EXPECT_EQ(output, "valid");
}

TEST(Durability, BackpressureAnswers429WithRetryAfterAndTheRestCompletes) {
  WebhookReceiver receiver;
  receiver.set_status(500);
  ServiceProcess service({"serve", "--max-unfinished-jobs", "3", "--webhook-retry-schedule",
                          "0,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms"});
  ASSERT_TRUE(service.started()) << service.log();
  std::vector<std::string> sent;
  for (int i = 0; i < 3; ++i) {
    auto [status, body] = upload(service.port(), receiver.url());
    ASSERT_EQ(status, 200) << body;
    sent.push_back(uuid_of(body));
  }
  for (int i = 0; i < 2; ++i) {
    httplib::Headers headers;
    auto [status, body] = upload(service.port(), receiver.url(), "exam-d", &headers);
    EXPECT_EQ(status, 429) << body;
    auto retry_after = headers.find("Retry-After");
    ASSERT_NE(retry_after, headers.end());
    EXPECT_GT(std::stoi(retry_after->second), 0);
  }
  receiver.set_status(200);
  EXPECT_TRUE(receiver.wait_until([&](const auto& hooks) {
    for (const auto& u : sent)
      if (!delivered(hooks, u)) return false;
    return true;
  }));
  // Room again once they are delivered.
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(upload(service.port(), receiver.url()).first, 200);
}

TEST(Durability, KilledMidRunAndRestartedEverySentRequestGetsItsWebhook) {
  WebhookReceiver receiver;
  receiver.set_delay(30ms);
  auto data_dir = std::filesystem::temp_directory_path() / ("octgate-crash-" + std::to_string(getpid()));
  std::filesystem::remove_all(data_dir);
  std::vector<std::string> args{"serve", "--data-dir", data_dir.string(), "--delivery-threads", "2"};
  std::mt19937 rng(12345);
  std::set<std::string> sent;
  for (int round = 0; round < 3; ++round) {
    ServiceProcess service(args);
    ASSERT_TRUE(service.started()) << service.log();
    std::mutex m;
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c) {
      clients.emplace_back([&] {
        while (!stop) {
          auto [status, body] = upload(service.port(), receiver.url());
          if (status != 200) break;  // the process is gone
          std::lock_guard lock(m);
          sent.insert(uuid_of(body));
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 400));
    service.kill_hard();
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GT(sent.size(), 10u);
  ServiceProcess survivor(args);
  ASSERT_TRUE(survivor.started()) << survivor.log();
  bool all = receiver.wait_until([&](const auto& hooks) {
    std::set<std::string> got;
    for (const auto& h : hooks) got.insert(hook_id(h));
    for (const auto& u : sent)
      if (!got.count(u)) return false;
    return true;
  }, 60s);
  std::size_t missing = 0;
  {
    std::set<std::string> got;
    for (const auto& h : receiver.received()) got.insert(hook_id(h));
    for (const auto& u : sent) missing += got.count(u) ? 0 : 1;
  }
  EXPECT_TRUE(all) << missing << " of " << sent.size() << " sent requests never got a webhook\n" << survivor.log();
  survivor.stop();
  std::filesystem::remove_all(data_dir);
}

TEST(Durability, SigtermExitsPromptlyAndPendingDeliveriesResumeOnRestart) {
  WebhookReceiver receiver;
  receiver.set_status(500);
  auto data_dir = std::filesystem::temp_directory_path() / ("octgate-term-" + std::to_string(getpid()));
  std::filesystem::remove_all(data_dir);
  std::vector<std::string> args{"serve", "--data-dir", data_dir.string(), "--webhook-retry-schedule", "0,1s,1s,1s"};
  std::string uuid;
  {
    ServiceProcess service(args);
    ASSERT_TRUE(service.started()) << service.log();
    auto [status, body] = upload(service.port(), receiver.url());
    ASSERT_EQ(status, 200);
    uuid = uuid_of(body);
    ASSERT_EQ(receiver.wait_for(1).size(), 1u);
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(service.stop(std::chrono::milliseconds(15000)), 0) << service.log();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 12s);
  }
  receiver.set_status(200);
  ServiceProcess restarted(args);
  ASSERT_TRUE(restarted.started()) << restarted.log();
  EXPECT_TRUE(receiver.wait_until([&](const auto& hooks) { return delivered(hooks, uuid); }, 20s)) << restarted.log();
  restarted.stop();
  std::filesystem::remove_all(data_dir);
}

TEST(Durability, FinishedJobsArePrunedAfterTheRetention) {
  WebhookReceiver receiver;
  ServiceProcess service({"serve", "--retention", "1s"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [status, body] = upload(service.port(), receiver.url());
  ASSERT_EQ(status, 200);
  std::string uuid = uuid_of(body);
  ASSERT_EQ(receiver.wait_for(1).size(), 1u);
  int code = 0;
  for (int i = 0; i < 100; ++i) {
    get_json(service.port(), "/results/" + uuid, &code);
    if (code == 404) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(code, 404) << "the finished job should be gone after the retention";
}

}  // namespace
}  // namespace octgate::testing

namespace octgate::testing {
namespace {

TEST(WebhookPolicy, BlockPrivateRefusesLiteralAddressesAtOnceAndDeadLettersNamesResolvingToThem) {
  WebhookReceiver receiver;
  ServiceProcess service({"serve", "--webhook-block-private"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [refused, refused_body] = upload(service.port(), receiver.url());
  EXPECT_EQ(refused, 400) << refused_body;
  EXPECT_NE(refused_body.find("private or loopback"), std::string::npos) << refused_body;

  std::string by_name = "http://localhost:" + std::to_string(receiver.port()) + "/hook";
  auto [status, body] = upload(service.port(), by_name);
  ASSERT_EQ(status, 200) << body;
  std::string uuid = uuid_of(body);
  json::value job;
  for (int i = 0; i < 100; ++i) {
    job = get_json(service.port(), "/results/" + uuid);
    if (job.at("state").as_string() == "dead") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(job.at("state").as_string(), "dead");
  EXPECT_EQ(job.at("attempts").as_int64(), 1) << "a refused address is not retried";
  EXPECT_NE(std::string(job.at("last_error").as_string()).find("private or loopback"), std::string::npos);
  EXPECT_TRUE(receiver.received().empty());
}

TEST(WebhookPolicy, WithoutTheFlagLoopbackWebhooksAreDeliveredAsByTheReference) {
  WebhookReceiver receiver;
  ServiceProcess service({"serve"});
  ASSERT_TRUE(service.started()) << service.log();
  auto [status, body] = upload(service.port(), "http://localhost:" + std::to_string(receiver.port()) + "/hook");
  ASSERT_EQ(status, 200) << body;
  EXPECT_EQ(receiver.wait_for(1).size(), 1u);
}

}  // namespace
}  // namespace octgate::testing
