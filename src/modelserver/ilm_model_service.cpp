#include "modelserver/ilm_model_service.h"

#include <boost/asio/post.hpp>
#include <cmath>
#include <cstring>
#include <thread>

#include "common/log.h"

namespace octgate::modelserver {
namespace {

namespace kserve = ::inference;

grpc::ServerUnaryReactor* finish(grpc::CallbackServerContext* context, grpc::Status status) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

struct OutputSpec {
  const char* datatype;
  kserve::DataType type;
  std::vector<std::int64_t> dims;
};

OutputSpec spec_of(const std::string& name) {
  if (name == "POINTS") return {"FP32", kserve::TYPE_FP32, {-1, 2}};
  if (name == "MASK") return {"UINT8", kserve::TYPE_UINT8, {1, -1, -1}};
  return {"FP32", kserve::TYPE_FP32, {-1}};  // CONFIDENCE, ROW
}

void append_floats(std::string& raw, const std::vector<float>& values) {
  raw.resize(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(raw.data(), values.data(), raw.size());
}

}  // namespace

IlmModelService::IlmModelService(ServedModel model, std::vector<std::string> outputs, boost::asio::thread_pool& workers)
    : model_(std::move(model)), outputs_(std::move(outputs)), workers_(workers) {}

kserve::ModelConfig IlmModelService::model_config() const {
  kserve::ModelConfig config;
  config.set_name(model_.name);
  config.set_backend("octgate");
  config.mutable_version_policy()->mutable_latest()->set_num_versions(1);
  auto* image = config.add_input();
  image->set_name("IMAGE");
  image->set_data_type(kserve::TYPE_UINT8);
  for (int i = 0; i < 3; ++i) image->add_dims(-1);
  auto* params = config.add_input();
  params->set_name("INPUT_JSON_PARAMS");
  params->set_data_type(kserve::TYPE_STRING);
  params->add_dims(1);
  params->add_dims(1);
  for (const auto& name : outputs_) {
    auto spec = spec_of(name);
    auto* output = config.add_output();
    output->set_name(name);
    output->set_data_type(spec.type);
    for (auto d : spec.dims) output->add_dims(d);
  }
  auto* group = config.add_instance_group();
  group->set_name(model_.name + "_0");
  group->set_count(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  group->set_kind(kserve::ModelInstanceGroup::KIND_CPU);
  return config;
}

grpc::ServerUnaryReactor* IlmModelService::ServerLive(grpc::CallbackServerContext* context,
                                                      const kserve::ServerLiveRequest*,
                                                      kserve::ServerLiveResponse* response) {
  response->set_live(true);
  return finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* IlmModelService::ServerReady(grpc::CallbackServerContext* context,
                                                       const kserve::ServerReadyRequest*,
                                                       kserve::ServerReadyResponse* response) {
  response->set_ready(true);
  return finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* IlmModelService::ModelReady(grpc::CallbackServerContext* context,
                                                      const kserve::ModelReadyRequest* request,
                                                      kserve::ModelReadyResponse* response) {
  grpc::Status status = check_model(model_, request->name(), request->version());
  if (status.ok()) response->set_ready(true);
  return finish(context, status);
}

grpc::ServerUnaryReactor* IlmModelService::ServerMetadata(grpc::CallbackServerContext* context,
                                                          const kserve::ServerMetadataRequest*,
                                                          kserve::ServerMetadataResponse* response) {
  response->set_name("octgate");
  response->set_version("1");
  response->add_extensions("model_configuration");
  return finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* IlmModelService::ModelMetadata(grpc::CallbackServerContext* context,
                                                         const kserve::ModelMetadataRequest* request,
                                                         kserve::ModelMetadataResponse* response) {
  grpc::Status status = check_model(model_, request->name(), request->version());
  if (status.ok()) {
    response->set_name(model_.name);
    response->add_versions(model_.version);
    response->set_platform("octgate_ilm");
    auto* image = response->add_inputs();
    image->set_name("IMAGE");
    image->set_datatype("UINT8");
    for (int i = 0; i < 3; ++i) image->add_shape(-1);
    auto* params = response->add_inputs();
    params->set_name("INPUT_JSON_PARAMS");
    params->set_datatype("BYTES");
    params->add_shape(1);
    params->add_shape(1);
    for (const auto& name : outputs_) {
      auto spec = spec_of(name);
      auto* output = response->add_outputs();
      output->set_name(name);
      output->set_datatype(spec.datatype);
      for (auto d : spec.dims) output->add_shape(d);
    }
  }
  return finish(context, status);
}

grpc::ServerUnaryReactor* IlmModelService::ModelConfig(grpc::CallbackServerContext* context,
                                                       const kserve::ModelConfigRequest* request,
                                                       kserve::ModelConfigResponse* response) {
  grpc::Status status = check_model(model_, request->name(), request->version());
  if (status.ok()) *response->mutable_config() = model_config();
  return finish(context, status);
}

grpc::ServerUnaryReactor* IlmModelService::ModelInfer(grpc::CallbackServerContext* context,
                                                      const kserve::ModelInferRequest* request,
                                                      kserve::ModelInferResponse* response) {
  auto checked = std::make_shared<CheckedInfer>();
  grpc::Status status = check_infer_request(model_, *request, outputs_, *checked);
  if (!status.ok()) return finish(context, status);
  auto* reactor = context->DefaultReactor();
  boost::asio::post(workers_, [this, reactor, request, response, checked] {
    grpc::Status result = grpc::Status::OK;
    try {
      run(*request, *checked, *response);
    } catch (const std::exception& e) {
      result = grpc::Status(grpc::StatusCode::INTERNAL, std::string("ILM engine failed: ") + e.what());
    }
    reactor->Finish(result);
  });
  return reactor;
}

void IlmModelService::run(const kserve::ModelInferRequest& request, const CheckedInfer& checked,
                          kserve::ModelInferResponse& response) {
  // The engine only reads the pixels: wrap the request's bytes without copying.
  cv::Mat image(checked.height, checked.width, CV_8UC1, const_cast<char*>(checked.pixels.data()));
  ilm::IlmBoundary boundary = segmenter_.segment(image);
  const float threshold = checked.threshold;

  response.set_model_name(model_.name);
  response.set_model_version(model_.version);
  response.set_id(request.id());
  for (const auto& name : checked.outputs) {
    auto* output = response.add_outputs();
    output->set_name(name);
    std::string* raw = response.add_raw_output_contents();
    if (name == "POINTS") {
      std::vector<float> points = ilm::to_polyline(boundary, threshold);
      output->set_datatype("FP32");
      output->add_shape(static_cast<std::int64_t>(points.size() / 2));
      output->add_shape(2);
      append_floats(*raw, points);
    } else if (name == "CONFIDENCE" || name == "ROW") {
      output->set_datatype("FP32");
      output->add_shape(boundary.width);
      append_floats(*raw, name == "ROW" ? boundary.row : boundary.confidence);
    } else if (name == "MASK") {
      output->set_datatype("UINT8");
      for (std::int64_t d : {1, boundary.height, boundary.width}) output->add_shape(d);
      raw->assign(static_cast<std::size_t>(boundary.height) * boundary.width, '\0');
      for (int x = 0; x < boundary.width; ++x) {
        if (std::isnan(boundary.row[x]) || boundary.confidence[x] < threshold) continue;
        int top = std::max(0, static_cast<int>(std::ceil(boundary.row[x])));
        for (int y = top; y < boundary.height; ++y) (*raw)[static_cast<std::size_t>(y) * boundary.width + x] = 1;
      }
    }
  }
  std::uint64_t n = ++inferences_;
  if (log::enabled(log::Level::kDebug))
    log::debug({{"status", "INFERRED"}, {"model", model_.name}, {"id", request.id()}, {"inferences", n}});
}

}  // namespace octgate::modelserver
