// POST /invocations: one B-scan uploaded as the multipart field "image".
// Checks run in the reference's order (missing part 422, webhook 400, content type 415,
// parameters 400); decoding runs on the worker pool, and a bad image is a 400 before "sent".
#include <boost/asio/post.hpp>
#include <memory>
#include <span>

#include "api/inference_parameters.h"
#include "api/request_id.h"
#include "api/request_names.h"
#include "api/responses.h"
#include "api/router.h"
#include "api/webhook_url.h"
#include "http/multipart.h"
#include "imaging/decode.h"

namespace octgate::api {
namespace {

constexpr const char* kAcceptedImageTypes[] = {"image/jpeg", "image/png", "image/tiff", "image/bmp", "image/jpg"};

http::HttpResponse missing_image_response() {
  // FastAPI's validation error for the missing File(...) field.
  boost::json::object detail{{"loc", boost::json::array{"body", "image"}},
                             {"msg", "field required"},
                             {"type", "value_error.missing"}};
  return json_response(422, {{"detail", boost::json::array{detail}}});
}

bool accepted_image_type(std::string_view content_type) {
  std::string type = http::media_type(content_type);
  for (const char* accepted : kAcceptedImageTypes)
    if (type == accepted) return true;
  return false;
}

}  // namespace

void handle_invocations(const ApiContext& ctx, http::HttpRequest received, http::Responder respond) {
  // The image part is a view into the request body: the request stays alive (and in place)
  // until the image is decoded on the worker pool.
  auto held = std::make_shared<const http::HttpRequest>(std::move(received));
  const http::HttpRequest& request = *held;
  auto examination_id = request.header("Examination-ID");
  // A bad Examination-ID is answered after the reference's own checks, and never echoed.
  Status examination_id_check =
      examination_id ? check_request_name("Examination-ID", *examination_id, kMaxExaminationIdBytes) : Status();
  if (!examination_id_check.is_ok()) examination_id.reset();

  std::optional<http::MultipartPart> image;
  if (auto boundary = http::multipart_boundary(request.header("Content-Type").value_or(""))) {
    auto parts = http::parse_multipart(request.body(), *boundary);
    if (!parts) return respond(message_error_response(parts.status(), examination_id));
    for (const auto& part : *parts)
      if (part.name == "image" && part.filename) image = part;
  }
  if (!image) return respond(missing_image_response());

  auto webhook_url = validate_webhook_url(request.header("Webhook-Url"), ctx.block_private_webhooks);
  if (!webhook_url) return respond(error_response(webhook_url.status(), examination_id));

  if (!accepted_image_type(image->content_type)) {
    return respond(http::HttpResponse{415, "text/plain", "Cannot decode image data. Is content_type correct?", {}});
  }

  auto params = parse_inference_parameters(request.header("Inference-Parameters"));
  if (!params) return respond(message_error_response(params.status(), examination_id));

  if (!examination_id_check.is_ok()) return respond(message_error_response(examination_id_check, std::nullopt));
  if (auto s = check_request_name("the image's filename", *image->filename, kMaxFilenameBytes); !s.is_ok())
    return respond(message_error_response(s, examination_id));

  if (!ctx.dispatcher.try_reserve(1)) return respond(too_many_jobs_response(examination_id));

  jobs::Job job;
  job.filename = std::string(*image->filename);
  job.examination_id = std::string(examination_id.value_or(""));
  job.webhook_url = std::move(*webhook_url);
  job.parameters_json = std::move(params->json);
  job.threshold = params->threshold;

  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(image->data.data()), image->data.size());
  boost::asio::post(ctx.workers, [ctx = &ctx, held, bytes, job = std::move(job), respond = std::move(respond)]() mutable {
    auto examination_id = held->header("Examination-ID");
    auto gray = imaging::decode_grayscale(bytes, ctx->image_limits);
    if (!gray) {
      ctx->dispatcher.release_reservation(1);
      return respond(message_error_response(gray.status(), examination_id));
    }
    job.image = std::move(*gray);
    job.id = new_request_uuid();
    boost::json::object answer{{"filename", job.filename},
                               {"status", "sent"},
                               {"request_uuid", job.id},
                               {"examination_id", nullable(examination_id)}};
    // "sent" only once the job is durable.
    std::optional<std::string> exam = examination_id ? std::optional<std::string>(*examination_id) : std::nullopt;
    ctx->dispatcher.submit(std::move(job), [answer = std::move(answer), exam, respond = std::move(respond)](Status s) {
      respond(s.is_ok() ? json_response(200, answer) : message_error_response(s, exam));
    });
  });
}

}  // namespace octgate::api
