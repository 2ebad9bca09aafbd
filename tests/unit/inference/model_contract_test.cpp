// The model contract octgate checks at start-up, and the --triton-url list.
#include "inference/model_contract.h"

#include <gtest/gtest.h>

#include "app/triton_options.h"
#include "inference/grpc_status_text.h"

namespace octgate::inference {
namespace {

namespace kserve = ::inference;

kserve::ModelConfig contract_model() {
  kserve::ModelConfig config;
  config.set_name("ilm");
  auto* image = config.add_input();
  image->set_name("IMAGE");
  image->set_data_type(kserve::TYPE_UINT8);
  for (int i = 0; i < 3; ++i) image->add_dims(-1);
  auto* params = config.add_input();
  params->set_name("INPUT_JSON_PARAMS");
  params->set_data_type(kserve::TYPE_STRING);
  params->add_dims(1);
  params->add_dims(1);
  auto* output = config.add_output();
  output->set_name("PROB");
  output->set_data_type(kserve::TYPE_FP16);
  return config;
}

TEST(ModelContract, TheReferenceModelConfigFits) {
  EXPECT_TRUE(check_model_contract(contract_model()).is_ok());
  EXPECT_EQ(output_names(contract_model()), std::vector<std::string>{"PROB"});
}

TEST(ModelContract, ABatchingModelCountsTheBatchDimension) {
  auto config = contract_model();
  config.set_max_batch_size(8);
  config.mutable_input(0)->clear_dims();
  config.mutable_input(0)->add_dims(-1);
  config.mutable_input(0)->add_dims(-1);  // [-1, -1] + batch = [B, H, W]
  config.mutable_input(1)->clear_dims();
  config.mutable_input(1)->add_dims(1);
  EXPECT_TRUE(check_model_contract(config).is_ok());
  config.mutable_input(0)->add_dims(-1);  // now [B, -1, -1, -1]: rank 4
  Status s = check_model_contract(config);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("input 'IMAGE' has shape [-1,-1,-1,-1]"), std::string::npos) << s.message();
}

TEST(ModelContract, MismatchesNameTheModelAndTheInput) {
  struct Case {
    std::function<void(kserve::ModelConfig&)> change;
    std::string expected;
  };
  std::vector<Case> cases{
      {[](auto& c) { c.mutable_input(0)->set_data_type(kserve::TYPE_FP32); }, "input 'IMAGE' is TYPE_FP32"},
      {[](auto& c) { c.mutable_input(1)->set_data_type(kserve::TYPE_UINT8); }, "input 'INPUT_JSON_PARAMS' is TYPE_UINT8"},
      {[](auto& c) { c.mutable_input(0)->set_name("INPUT__0"); }, "requires input 'INPUT__0'"},
      {[](auto& c) { c.mutable_input()->DeleteSubrange(1, 1); }, "no input 'INPUT_JSON_PARAMS'"},
      {[](auto& c) { c.mutable_input(0)->set_dims(0, 3); }, "input 'IMAGE' has shape [3,-1,-1]"},
      {[](auto& c) { c.mutable_input(1)->add_dims(1); }, "input 'INPUT_JSON_PARAMS' has shape [1,1,1]"},
      {[](auto& c) { c.clear_output(); }, "lists no outputs"},
  };
  for (const auto& c : cases) {
    auto config = contract_model();
    c.change(config);
    Status s = check_model_contract(config);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.message().find("model 'ilm'"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(c.expected), std::string::npos) << s.message();
  }
}

TEST(ModelContract, AnOptionalExtraInputIsFine) {
  auto config = contract_model();
  auto* extra = config.add_input();
  extra->set_name("SEED");
  extra->set_optional(true);
  EXPECT_TRUE(check_model_contract(config).is_ok());
}

TEST(GrpcErrorText, ReadsLikeTritonclientExceptions) {
  grpc::Status s(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses");
  EXPECT_EQ(grpc_error_text(s), "[StatusCode.UNAVAILABLE] failed to connect to all addresses");
  EXPECT_EQ(from_grpc(s).code(), StatusCode::kUnavailable);
  EXPECT_EQ(from_grpc(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded")).message(),
            "[StatusCode.DEADLINE_EXCEEDED] Deadline Exceeded");
}

TEST(TritonUrls, ACommaSeparatedListOfHostPorts) {
  auto urls = app::parse_triton_urls("triton-a:8001, 10.0.0.7:8001 ,[::1]:9000");
  ASSERT_TRUE(urls) << urls.status().message();
  EXPECT_EQ(*urls, (std::vector<std::string>{"triton-a:8001", "10.0.0.7:8001", "[::1]:9000"}));
}

TEST(TritonUrls, BadEntriesAreNamed) {
  for (auto [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "--triton-url is required"},
           {"grpc://a:8001", "without a scheme"},
           {"a", "'a' must be host:port"},
           {"a:0", "invalid port"},
           {"a:8001,,b:8001", "empty entry"},
           {"::1:8001", "brackets"}}) {
    auto urls = app::parse_triton_urls(text);
    ASSERT_FALSE(urls) << text;
    EXPECT_NE(urls.status().message().find(expected), std::string::npos) << urls.status().message();
  }
}

}  // namespace
}  // namespace octgate::inference
