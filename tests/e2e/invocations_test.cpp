// POST /invocations and GET /ping against a real `octgate serve` on the embedded engine.
#include <gtest/gtest.h>
#include <httplib.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "support/service_process.h"
#include "support/test_scans.h"
#include "support/webhook_receiver.h"

namespace octgate::testing {
namespace {

namespace json = boost::json;

class Invocations : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(service_.started()) << service_.log(); }

  httplib::Result upload(const std::string& bytes, const std::string& content_type, httplib::Headers headers,
                         const std::string& filename = "scan.png") {
    httplib::Client client("127.0.0.1", service_.port());
    client.set_read_timeout(30);
    httplib::MultipartFormDataItems items{{"image", bytes, filename, content_type}};
    return client.Post("/invocations", headers, items);
  }
  httplib::Headers webhook_headers() { return {{"Webhook-Url", receiver_.url()}, {"Examination-ID", "exam-7"}}; }
  // After a refusal: the service still serves the next good request.
  void expect_a_good_upload_is_served() {
    auto served = upload(encode_image(simple_bscan(64, 48), ".png"), "image/png", webhook_headers());
    ASSERT_TRUE(served);
    EXPECT_EQ(served->status, 200) << served->body;
  }

  WebhookReceiver receiver_;
  ServiceProcess service_{{"serve"}};
};

bool is_uuid_v4(const std::string& s) {
  if (s.size() != 36 || s[14] != '4' || std::string("89ab").find(s[19]) == std::string::npos) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

json::object parse_object(const std::string& body) { return json::parse(body).as_object(); }

TEST_F(Invocations, PingAnswers200WhenTheEngineIsLoaded) {
  httplib::Client client("127.0.0.1", service_.port());
  auto res = client.Get("/ping");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

void expect_completed_webhook(const ReceivedWebhook& hook, const std::string& uuid, const std::string& filename,
                              int width, int height) {
  auto doc = parse_object(hook.body);
  EXPECT_EQ(doc.at("id").as_string(), uuid);
  EXPECT_EQ(doc.at("status").as_string(), "COMPLETED");
  EXPECT_EQ(doc.at("filename").as_string(), filename);
  const auto& output = doc.at("output").as_object();
  EXPECT_EQ(output.at("metadata").at("height").as_int64(), height);
  EXPECT_EQ(output.at("metadata").at("width").as_int64(), width);
  const auto& instances = output.at("instances").as_array();
  ASSERT_EQ(instances.size(), 1u);
  const auto& polyline = instances[0].as_object();
  EXPECT_EQ(polyline.at("type").as_string(), "polyline");
  EXPECT_EQ(polyline.at("className").as_string(), "ilm");
  EXPECT_EQ(polyline.at("classId").as_int64(), 14);
  EXPECT_EQ(polyline.at("probability").as_int64(), 100);
  EXPECT_TRUE(polyline.at("attributes").as_array().empty());
  const auto& points = polyline.at("points").as_array();
  ASSERT_EQ(points.size() % 2, 0u);
  // The simple scan has a clear edge in every column: one point per column.
  EXPECT_EQ(points.size(), 2u * width);
  double previous_x = -1;
  for (std::size_t i = 0; i < points.size(); i += 2) {
    double x = points[i].to_number<double>(), y = points[i + 1].to_number<double>();
    EXPECT_GE(x, 0);
    EXPECT_LT(x, width);
    EXPECT_GE(y, 0);
    EXPECT_LT(y, height);
    EXPECT_GT(x, previous_x);
    previous_x = x;
  }
}

struct FormatCase {
  const char* ext;
  const char* content_type;
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.content_type; }

class InvocationsFormats : public Invocations, public ::testing::WithParamInterface<FormatCase> {};

TEST_P(InvocationsFormats, UploadIsSentAndTheWebhookCarriesTheIlmPolyline) {
  const int width = 512, height = 496;
  std::string filename = std::string("bscan") + GetParam().ext;
  auto res = upload(encode_image(simple_bscan(width, height), GetParam().ext), GetParam().content_type,
                    webhook_headers(), filename);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  auto answer = parse_object(res->body);
  EXPECT_EQ(answer.at("filename").as_string(), filename);
  EXPECT_EQ(answer.at("status").as_string(), "sent");
  EXPECT_EQ(answer.at("examination_id").as_string(), "exam-7");
  std::string uuid(answer.at("request_uuid").as_string());
  EXPECT_TRUE(is_uuid_v4(uuid)) << uuid;

  auto hooks = receiver_.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].path, "/hook");
  EXPECT_EQ(hooks[0].header("Content-Type"), "application/json");
  expect_completed_webhook(hooks[0], uuid, filename, width, height);
}

INSTANTIATE_TEST_SUITE_P(AllAcceptedFormats, InvocationsFormats,
                         ::testing::Values(FormatCase{".png", "image/png"}, FormatCase{".jpg", "image/jpeg"},
                                           FormatCase{".jpg", "image/jpg"}, FormatCase{".tif", "image/tiff"},
                                           FormatCase{".bmp", "image/bmp"}),
                         [](const auto& info) { return std::string(info.param.content_type).substr(6); });

TEST_F(Invocations, HeaderNamesAreCaseInsensitive) {
  auto res = upload(encode_image(simple_bscan(64, 48), ".png"), "image/png",
                    {{"webhook-url", receiver_.url()}, {"EXAMINATION-ID", "e1"}, {"inference-parameters", "{'threshold': 0.1}"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(parse_object(res->body).at("examination_id").as_string(), "e1");
  EXPECT_EQ(receiver_.wait_for(1).size(), 1u);
}

TEST_F(Invocations, MissingExaminationIdIsNull) {
  auto res = upload(encode_image(simple_bscan(64, 48), ".png"), "image/png", {{"Webhook-Url", receiver_.url()}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(parse_object(res->body).at("examination_id").is_null());
}

TEST_F(Invocations, MissingOrNonHttpWebhookUrlIs400NamingTheHeader) {
  std::string png = encode_image(simple_bscan(64, 48), ".png");
  for (const httplib::Headers& headers : std::vector<httplib::Headers>{
           {{"Examination-ID", "exam-7"}},
           {{"Webhook-Url", "ftp://example.org/x"}, {"Examination-ID", "exam-7"}},
           {{"Webhook-Url", "not a url"}, {"Examination-ID", "exam-7"}}}) {
    auto res = upload(png, "image/png", headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    auto body = parse_object(res->body);
    EXPECT_NE(std::string(body.at("error").as_string()).find("Webhook-Url"), std::string::npos) << res->body;
    EXPECT_EQ(body.at("examination_id").as_string(), "exam-7");
  }
}

TEST_F(Invocations, MalformedInferenceParametersAre400NamingTheProblem) {
  std::string png = encode_image(simple_bscan(64, 48), ".png");
  struct Case {
    std::string header, expected;
  };
  for (const auto& c : std::vector<Case>{{"{threshold: 0.5", "not valid JSON"},
                                         {"[0.5]", "JSON object"},
                                         {"{'threshold': 'high'}", "threshold must be a number"},
                                         {"{'threshold': 1.5}", "between 0 and 1"},
                                         {"{'threshold': -0.1}", "between 0 and 1"}}) {
    auto res = upload(png, "image/png", {{"Webhook-Url", receiver_.url()}, {"Inference-Parameters", c.header}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.header;
    auto body = parse_object(res->body);
    EXPECT_EQ(body.at("status").as_string(), "error");
    EXPECT_NE(std::string(body.at("message").as_string()).find(c.expected), std::string::npos) << res->body;
  }
}

TEST_F(Invocations, MissingImagePartIs422AsTheReferenceFrameworkAnswers) {
  httplib::Client client("127.0.0.1", service_.port());
  httplib::MultipartFormDataItems items{{"file", "abc", "scan.png", "image/png"}};
  auto res = client.Post("/invocations", webhook_headers(), items);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(json::parse(res->body).at("detail").at(0).at("loc").at(1).as_string(), "image");

  auto not_multipart = client.Post("/invocations", webhook_headers(), "{}", "application/json");
  ASSERT_TRUE(not_multipart);
  EXPECT_EQ(not_multipart->status, 422);
}

TEST_F(Invocations, UnsupportedContentTypeIs415WithTheReferenceText) {
  auto res = upload(encode_image(simple_bscan(64, 48), ".png"), "application/pdf", webhook_headers());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_EQ(res->body, "Cannot decode image data. Is content_type correct?");
}

TEST_F(Invocations, UndecodableTruncatedAndEmptyImagesAre400AndTheServiceKeepsServing) {
  std::string png = encode_image(simple_bscan(256, 200), ".png");
  std::string jpeg = encode_image(simple_bscan(256, 200), ".jpg");
  for (const auto& [bytes, type] : std::vector<std::pair<std::string, std::string>>{
           {"", "image/png"},
           {"this is not an image at all", "image/png"},
           {png.substr(0, png.size() / 2), "image/png"},
           {png.substr(0, 20), "image/png"},
           {jpeg.substr(0, jpeg.size() / 2), "image/jpeg"},
           {"BM\x01", "image/bmp"},
           {"II*\0\x08\0\0\0", "image/tiff"}}) {
    auto res = upload(bytes, type, webhook_headers());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bytes.size() << " bytes of " << type;
    EXPECT_EQ(parse_object(res->body).at("status").as_string(), "error");
  }
  auto good = upload(png, "image/png", webhook_headers());
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  EXPECT_TRUE(receiver_.received().size() <= 1u);
}

TEST_F(Invocations, LongOrInvalidNamesAre400NamingTheFieldAndAreNeverEchoed) {
  std::string png = encode_image(simple_bscan(64, 48), ".png");
  struct Case {
    httplib::Headers headers;
    std::string filename, expected;
  };
  for (const auto& c : std::vector<Case>{
           {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", std::string(257, 'e')}}, "scan.png", "Examination-ID is 257 bytes"},
           {{{"Webhook-Url", receiver_.url()}, {"Examination-ID", "exam\xff"}}, "scan.png", "Examination-ID is not valid UTF-8"},
           {webhook_headers(), std::string(256, 'f') + ".png", "filename is 260 bytes"},
           {webhook_headers(), "scan\xc3(.png", "filename is not valid UTF-8"},
           {webhook_headers(), "scan\x01.png", "filename contains a control character"}}) {
    auto res = upload(png, "image/png", c.headers, c.filename);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.expected;
    auto body = parse_object(res->body);  // parses: the bad bytes are not echoed
    EXPECT_NE(std::string(body.at("message").as_string()).find(c.expected), std::string::npos) << res->body;
    if (c.expected.starts_with("Examination-ID")) {
      EXPECT_TRUE(body.at("examination_id").is_null());
    }
  }
  auto good = upload(png, "image/png", webhook_headers(), "\xC3\xA9tude.png");
  ASSERT_TRUE(good);
  ASSERT_EQ(good->status, 200) << good->body;
  auto hooks = receiver_.wait_for(1);
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(parse_object(hooks[0].body).at("filename").as_string(), "\xC3\xA9tude.png");
}

TEST_F(Invocations, OversizedOrTooDeepInferenceParametersAre400) {
  std::string png = encode_image(simple_bscan(64, 48), ".png");
  for (const auto& [params, expected] : std::vector<std::pair<std::string, std::string>>{
           {"{'note': '" + std::string(17000, 'x') + "'}", "at most 16384"},
           {"{'n': " + std::string(40, '[') + std::string(40, ']') + "}", "nests deeper than 16"}}) {
    auto headers = webhook_headers();
    headers.emplace("Inference-Parameters", params);
    auto res = upload(png, "image/png", headers, "scan.png");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_NE(std::string(parse_object(res->body).at("message").as_string()).find(expected), std::string::npos)
        << res->body;
  }
  EXPECT_TRUE(receiver_.received().empty());
}

TEST_F(Invocations, UnknownRouteIs404AndWrongMethodIs405) {
  httplib::Client client("127.0.0.1", service_.port());
  auto missing = client.Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto wrong = client.Get("/invocations");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
}

TEST(InvocationsLimits, BodyOverTheLimitIs413) {
  ServiceProcess service({"serve", "--max-body-bytes", "50000"});
  ASSERT_TRUE(service.started()) << service.log();
  httplib::Client client("127.0.0.1", service.port());
  httplib::MultipartFormDataItems items{{"image", std::string(60000, 'x'), "big.png", "image/png"}};
  auto res = client.Post("/invocations", {{"Webhook-Url", "http://127.0.0.1:9/"}}, items);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  auto ping = client.Get("/ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
  EXPECT_EQ(service.stop(), 0) << "SIGTERM must end the service cleanly (and leak-free under ASan)\n" << service.log();
}

TEST(InvocationsLimits, ImageOverThePixelLimitIs400NamingItsSize) {
  ServiceProcess service({"serve", "--max-image-pixels", "10000"});
  ASSERT_TRUE(service.started()) << service.log();
  httplib::Client client("127.0.0.1", service.port());
  for (const char* ext : {".png", ".jpg", ".bmp", ".tif"}) {
    httplib::MultipartFormDataItems items{{"image", encode_image(simple_bscan(512, 496), ext), "big", "image/png"}};
    auto res = client.Post("/invocations", {{"Webhook-Url", "http://127.0.0.1:9/"}}, items);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << ext;
    EXPECT_NE(res->body.find("512x496"), std::string::npos) << res->body;
  }
}

TEST(InvocationsStartup, BadSettingStopsStartupWithAMessageNamingIt) {
  std::string output;
  int status = run_command({OCTGATE_BINARY, "serve", "--listen", "127.0.0.1:99999"}, output);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("--listen"), std::string::npos) << output;
  status = run_command({OCTGATE_BINARY, "serve", "--backend", "gpu-magic", "--data-dir", "/nonexistent/never-created"}, output);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("--backend"), std::string::npos) << output;
}

TEST_F(Invocations, UnreachableWebhookIsLoggedAndTheServiceKeepsServing) {
  auto res = upload(encode_image(simple_bscan(64, 48), ".png"), "image/png", {{"Webhook-Url", "http://127.0.0.1:9/gone"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  std::string uuid(parse_object(res->body).at("request_uuid").as_string());
  for (int i = 0; i < 100 && service_.log().find("Error sending webhook") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(service_.log().find(uuid), std::string::npos) << service_.log();
  httplib::Client client("127.0.0.1", service_.port());
  auto ping = client.Get("/ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
}

}  // namespace
}  // namespace octgate::testing

namespace octgate::testing {
namespace {

// Sends raw bytes and returns everything the server answers until it closes (or 2 s pass).
std::string raw_exchange(int port, const std::string& bytes) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  boost::asio::write(socket, boost::asio::buffer(bytes));
  std::string answer;
  boost::system::error_code ec;
  char buf[4096];
  timeval tv{2, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  while (true) {
    std::size_t n = socket.read_some(boost::asio::buffer(buf), ec);
    if (ec || n == 0) break;
    answer.append(buf, n);
  }
  return answer;
}

TEST(HttpProtocol, MalformedRequestsGet4xxAndTheServiceKeepsServing) {
  ServiceProcess service({"serve"});
  ASSERT_TRUE(service.started()) << service.log();
  EXPECT_TRUE(raw_exchange(service.port(), "GARBAGE\r\n\r\n").starts_with("HTTP/1.1 400")) << "bad request line";
  std::string huge_header = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'a') + "\r\n\r\n";
  EXPECT_TRUE(raw_exchange(service.port(), huge_header).starts_with("HTTP/1.1 431")) << "oversized headers";
  std::string bad_length = "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n";
  EXPECT_TRUE(raw_exchange(service.port(), bad_length).starts_with("HTTP/1.1 400")) << "bad Content-Length";
  std::string keep_alive = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::string two = raw_exchange(service.port(), keep_alive);
  EXPECT_NE(two.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(two.find("HTTP/1.1 200", two.find("HTTP/1.1 200") + 1), std::string::npos) << "two answers on one connection";
  httplib::Client client("127.0.0.1", service.port());
  auto ping = client.Get("/ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
}

TEST_F(Invocations, MoreThanAHundredHeaderFieldsIs431AndTheNextRequestIsServed) {
  httplib::Headers many = webhook_headers();
  for (int i = 0; i < 150; ++i) many.emplace("X-Filler-" + std::to_string(i), "x");
  auto refused = upload(encode_image(simple_bscan(64, 48), ".png"), "image/png", many);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 431);
  EXPECT_NE(refused->body.find("100 header fields"), std::string::npos) << refused->body;
  expect_a_good_upload_is_served();
}

TEST_F(Invocations, AMultipartBodyOfTooManyPartsIs400NamingTheLimit) {
  httplib::MultipartFormDataItems items;
  for (int i = 0; i < 200; ++i) items.push_back({"field" + std::to_string(i), "x", "", ""});
  items.push_back({"image", encode_image(simple_bscan(64, 48), ".png"), "scan.png", "image/png"});
  httplib::Client client("127.0.0.1", service_.port());
  auto refused = client.Post("/invocations", webhook_headers(), items);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("more than 100 parts"), std::string::npos) << refused->body;
  expect_a_good_upload_is_served();
}

}  // namespace
}  // namespace octgate::testing
