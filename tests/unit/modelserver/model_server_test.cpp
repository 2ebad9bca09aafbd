// `octgate model-server` in process, called by a real gRPC client: answers as Triton does.
#include "modelserver/model_server.h"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <cstring>

#include "grpc_service.grpc.pb.h"
#include "health.grpc.pb.h"
#include "ilm/ilm_segmenter.h"
#include "inference/bytes_tensor.h"
#include "inference/model_contract.h"
#include "support/test_scans.h"

namespace octgate::modelserver {
namespace {

namespace kserve = ::inference;

class ModelServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ModelServerOptions options;
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    options.outputs = {"POINTS", "CONFIDENCE", "ROW", "MASK"};
    auto started = ModelServer::start(options);
    ASSERT_TRUE(started) << started.status().message();
    server_ = std::move(*started);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials());
    stub_ = kserve::GRPCInferenceService::NewStub(channel_);
  }

  // A request exactly as the reference builds it: IMAGE UINT8 [1,H,W], INPUT_JSON_PARAMS BYTES [1,1].
  kserve::ModelInferRequest request_for(const cv::Mat& image, const std::string& params = R"({"threshold": 0.25})") {
    kserve::ModelInferRequest request;
    request.set_model_name("ilm");
    auto* in = request.add_inputs();
    in->set_name("IMAGE");
    in->set_datatype("UINT8");
    for (std::int64_t d : {1, image.rows, image.cols}) in->add_shape(d);
    request.add_raw_input_contents(std::string(reinterpret_cast<const char*>(image.data), image.total()));
    auto* p = request.add_inputs();
    p->set_name("INPUT_JSON_PARAMS");
    p->set_datatype("BYTES");
    p->add_shape(1);
    p->add_shape(1);
    request.add_raw_input_contents(inference::serialize_bytes_tensor({params}));
    return request;
  }

  grpc::Status infer(const kserve::ModelInferRequest& request, kserve::ModelInferResponse& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub_->ModelInfer(&context, request, &response);
  }

  void expect_rejected(const kserve::ModelInferRequest& request, grpc::StatusCode code, const std::string& text) {
    kserve::ModelInferResponse response;
    grpc::Status status = infer(request, response);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_NE(status.error_message().find(text), std::string::npos) << status.error_message();
  }

  std::vector<float> floats(const kserve::ModelInferResponse& response, const std::string& name) {
    for (int i = 0; i < response.outputs_size(); ++i) {
      if (response.outputs(i).name() != name) continue;
      const std::string& raw = response.raw_output_contents(i);
      std::vector<float> v(raw.size() / sizeof(float));
      std::memcpy(v.data(), raw.data(), v.size() * sizeof(float));
      return v;
    }
    ADD_FAILURE() << "no output " << name;
    return {};
  }

  std::unique_ptr<ModelServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<kserve::GRPCInferenceService::Stub> stub_;
  cv::Mat image_ = testing::simple_bscan(96, 64);
};

TEST_F(ModelServerTest, InferAnswersTheEmbeddedEnginesPolylineAndConfidence) {
  auto request = request_for(image_);
  request.set_id("req-42");
  kserve::ModelInferResponse response;
  grpc::Status status = infer(request, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.model_name(), "ilm");
  EXPECT_EQ(response.model_version(), "1");
  EXPECT_EQ(response.id(), "req-42");
  ASSERT_EQ(response.outputs_size(), 4);  // none requested: all of them
  ASSERT_EQ(response.raw_output_contents_size(), 4);

  ilm::IlmBoundary boundary = ilm::IlmSegmenter().segment(image_);
  std::vector<float> expected = ilm::to_polyline(boundary, 0.25f);
  EXPECT_EQ(response.outputs(0).name(), "POINTS");
  EXPECT_EQ(response.outputs(0).datatype(), "FP32");
  ASSERT_EQ(response.outputs(0).shape_size(), 2);
  EXPECT_EQ(response.outputs(0).shape(0), static_cast<std::int64_t>(expected.size() / 2));
  EXPECT_EQ(response.outputs(0).shape(1), 2);
  EXPECT_EQ(floats(response, "POINTS"), expected);
  EXPECT_EQ(floats(response, "CONFIDENCE"), boundary.confidence);
  EXPECT_EQ(response.outputs(3).datatype(), "UINT8");
  EXPECT_EQ(response.raw_output_contents(3).size(), image_.total());
}

TEST_F(ModelServerTest, TheThresholdComesFromInputJsonParams) {
  ilm::IlmBoundary boundary = ilm::IlmSegmenter().segment(image_);
  for (float threshold : {0.0f, 0.9f, 1.0f}) {
    auto request = request_for(image_, "{\"threshold\": " + std::to_string(threshold) + "}");
    request.add_outputs()->set_name("POINTS");
    kserve::ModelInferResponse response;
    ASSERT_TRUE(infer(request, response).ok());
    ASSERT_EQ(response.outputs_size(), 1);
    EXPECT_EQ(floats(response, "POINTS"), ilm::to_polyline(boundary, threshold)) << threshold;
  }
}

TEST_F(ModelServerTest, RequestedOutputsComeBackInTheRequestedOrder) {
  auto request = request_for(image_);
  request.add_outputs()->set_name("CONFIDENCE");
  request.add_outputs()->set_name("POINTS");
  kserve::ModelInferResponse response;
  ASSERT_TRUE(infer(request, response).ok());
  ASSERT_EQ(response.outputs_size(), 2);
  EXPECT_EQ(response.outputs(0).name(), "CONFIDENCE");
  EXPECT_EQ(response.outputs(1).name(), "POINTS");
}

TEST_F(ModelServerTest, TypedContentsWorkLikeRawOnes) {
  kserve::ModelInferRequest request;
  request.set_model_name("ilm");
  auto* in = request.add_inputs();
  in->set_name("IMAGE");
  in->set_datatype("UINT8");
  for (std::int64_t d : {1, image_.rows, image_.cols}) in->add_shape(d);
  for (std::size_t i = 0; i < image_.total(); ++i) in->mutable_contents()->add_uint_contents(image_.data[i]);
  auto* p = request.add_inputs();
  p->set_name("INPUT_JSON_PARAMS");
  p->set_datatype("BYTES");
  p->add_shape(1);
  p->add_shape(1);
  p->mutable_contents()->add_bytes_contents(R"({"threshold": 0.25})");
  request.add_outputs()->set_name("POINTS");
  kserve::ModelInferResponse response;
  grpc::Status status = infer(request, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(floats(response, "POINTS"), ilm::to_polyline(ilm::IlmSegmenter().segment(image_), 0.25f));
}

TEST_F(ModelServerTest, UnknownModelIsInvalidArgumentOnEveryModelRpc) {
  auto request = request_for(image_);
  request.set_model_name("nope");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "Request for unknown model: 'nope' is not found");

  grpc::ClientContext c1, c2, c3;
  kserve::ModelReadyRequest ready;
  ready.set_name("nope");
  kserve::ModelReadyResponse ready_response;
  EXPECT_EQ(stub_->ModelReady(&c1, ready, &ready_response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  kserve::ModelConfigRequest config;
  config.set_name("nope");
  kserve::ModelConfigResponse config_response;
  EXPECT_EQ(stub_->ModelConfig(&c2, config, &config_response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  kserve::ModelMetadataRequest metadata;
  metadata.set_name("nope");
  kserve::ModelMetadataResponse metadata_response;
  EXPECT_EQ(stub_->ModelMetadata(&c3, metadata, &metadata_response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ModelServerTest, UnknownVersionIsNotFoundAndANonNumericOneInvalid) {
  auto request = request_for(image_);
  request.set_model_version("2");
  expect_rejected(request, grpc::StatusCode::NOT_FOUND, "Request for unknown model: 'ilm' version 2 is not found");
  request.set_model_version("latest");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "failed to get model version");
  request.set_model_version("1");
  kserve::ModelInferResponse response;
  EXPECT_TRUE(infer(request, response).ok());
}

TEST_F(ModelServerTest, WrongDatatypeIsInvalidArgumentNamingTheInput) {
  auto request = request_for(image_);
  request.mutable_inputs(0)->set_datatype("FP32");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT,
                  "inference input 'IMAGE' data-type is 'FP32', but model 'ilm' expects 'UINT8'");
  request = request_for(image_);
  request.mutable_inputs(1)->set_datatype("UINT8");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "input 'INPUT_JSON_PARAMS' data-type is 'UINT8'");
}

TEST_F(ModelServerTest, WrongShapeIsInvalidArgumentNamingTheInput) {
  auto request = request_for(image_);
  request.mutable_inputs(0)->clear_shape();
  request.mutable_inputs(0)->add_shape(image_.rows);
  request.mutable_inputs(0)->add_shape(image_.cols);
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "unexpected shape for input 'IMAGE' for model 'ilm'");
  request = request_for(image_);
  request.mutable_inputs(1)->set_shape(1, 2);
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "unexpected shape for input 'INPUT_JSON_PARAMS'");
}

TEST_F(ModelServerTest, WrongByteSizeIsInvalidArgumentNamingTheInput) {
  auto request = request_for(image_);
  request.mutable_raw_input_contents(0)->pop_back();
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT,
                  "input byte size mismatch for input 'IMAGE' for model 'ilm'. Expected " +
                      std::to_string(image_.total()) + ", got " + std::to_string(image_.total() - 1));
  request = request_for(image_);
  request.mutable_raw_input_contents(1)->resize(2);
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "incomplete string length indicator");
  request = request_for(image_);
  *request.mutable_raw_input_contents(1) = inference::serialize_bytes_tensor({"{}", "{}"});
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT,
                  "unexpected number of string elements 2 for inference input 'INPUT_JSON_PARAMS'");
}

TEST_F(ModelServerTest, MissingUnknownOrDoublyFilledInputsAreInvalidArgument) {
  auto request = request_for(image_);
  request.mutable_inputs()->RemoveLast();
  request.mutable_raw_input_contents()->RemoveLast();
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "missing input 'INPUT_JSON_PARAMS'");
  request = request_for(image_);
  request.mutable_inputs(1)->set_name("EXTRA");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "unexpected inference input 'EXTRA'");
  request = request_for(image_);
  request.mutable_inputs(0)->mutable_contents()->add_uint_contents(1);
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT,
                  "contents field must not be specified when using raw_input_contents for 'IMAGE'");
  request = request_for(image_);
  request.add_outputs()->set_name("LOGITS");
  expect_rejected(request, grpc::StatusCode::INVALID_ARGUMENT, "unexpected inference output 'LOGITS'");
}

TEST_F(ModelServerTest, BadParametersJsonIsInvalidArgument) {
  expect_rejected(request_for(image_, "{threshold"), grpc::StatusCode::INVALID_ARGUMENT, "is not valid JSON");
  expect_rejected(request_for(image_, R"({"threshold": 2})"), grpc::StatusCode::INVALID_ARGUMENT, "between 0 and 1");
  expect_rejected(request_for(image_, R"({"threshold": "x"})"), grpc::StatusCode::INVALID_ARGUMENT, "must be a number");
}

TEST_F(ModelServerTest, ModelConfigDescribesTheContractAsTritonWould) {
  grpc::ClientContext context;
  kserve::ModelConfigRequest request;
  request.set_name("ilm");
  kserve::ModelConfigResponse response;
  ASSERT_TRUE(stub_->ModelConfig(&context, request, &response).ok());
  const auto& config = response.config();
  EXPECT_EQ(config.name(), "ilm");
  EXPECT_TRUE(inference::check_model_contract(config).is_ok());
  ASSERT_EQ(config.input_size(), 2);
  EXPECT_EQ(config.input(0).data_type(), kserve::TYPE_UINT8);
  EXPECT_EQ(std::vector<std::int64_t>(config.input(0).dims().begin(), config.input(0).dims().end()),
            (std::vector<std::int64_t>{-1, -1, -1}));
  EXPECT_EQ(config.input(1).data_type(), kserve::TYPE_STRING);
  EXPECT_EQ(config.output(0).name(), "POINTS");
  EXPECT_EQ(config.output(0).data_type(), kserve::TYPE_FP32);
  EXPECT_EQ(config.version_policy().latest().num_versions(), 1u);
}

TEST_F(ModelServerTest, LivenessReadinessAndMetadata) {
  grpc::ClientContext c1, c2, c3, c4, c5;
  kserve::ServerLiveResponse live;
  ASSERT_TRUE(stub_->ServerLive(&c1, {}, &live).ok());
  EXPECT_TRUE(live.live());
  kserve::ServerReadyResponse ready;
  ASSERT_TRUE(stub_->ServerReady(&c2, {}, &ready).ok());
  EXPECT_TRUE(ready.ready());
  kserve::ModelReadyRequest model_ready;
  model_ready.set_name("ilm");
  model_ready.set_version("1");
  kserve::ModelReadyResponse model_ready_response;
  ASSERT_TRUE(stub_->ModelReady(&c3, model_ready, &model_ready_response).ok());
  EXPECT_TRUE(model_ready_response.ready());
  kserve::ServerMetadataResponse server_metadata;
  ASSERT_TRUE(stub_->ServerMetadata(&c4, {}, &server_metadata).ok());
  EXPECT_EQ(server_metadata.name(), "octgate");
  kserve::ModelMetadataRequest metadata;
  metadata.set_name("ilm");
  kserve::ModelMetadataResponse metadata_response;
  ASSERT_TRUE(stub_->ModelMetadata(&c5, metadata, &metadata_response).ok());
  EXPECT_EQ(metadata_response.versions(0), "1");
  EXPECT_EQ(metadata_response.inputs(1).datatype(), "BYTES");
}

TEST_F(ModelServerTest, StandardHealthCheckAnswersServing) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (std::string service : {"", "inference.GRPCInferenceService"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(ModelServerTest, ManyConcurrentRequestsAreAllAnswered) {
  auto request = request_for(image_);
  request.add_outputs()->set_name("POINTS");
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      kserve::ModelInferResponse response;
      if (infer(request, response).ok()) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(server_->inferences(), 8u);
}

TEST(ModelServerOptionsTest, UnknownOutputNamesAreRefused) {
  ModelServerOptions options;
  options.listen = "127.0.0.1:0";
  options.outputs = {"POINTS", "LOGITS"};
  auto started = ModelServer::start(options);
  ASSERT_FALSE(started);
  EXPECT_NE(started.status().message().find("unknown output 'LOGITS'"), std::string::npos);
}

}  // namespace
}  // namespace octgate::modelserver
