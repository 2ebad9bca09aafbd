// GET /results/{request_uuid} and GET /examinations/{examination_id}: where each job stands.
// Both read the job store on the worker pool, never on an I/O thread.
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/decode_view.hpp>
#include <map>

#include "api/responses.h"
#include "api/router.h"

namespace octgate::api {
namespace {

std::string last_path_segment(const http::HttpRequest& request, std::string_view prefix) {
  std::string_view encoded = request.path().substr(prefix.size());
  std::string decoded;
  for (char c : boost::urls::decode_view(encoded)) decoded.push_back(c);
  return decoded;
}

boost::json::object job_summary(const jobs::JobRecord& r) {
  return {{"request_uuid", r.job.id},
          {"filename", r.job.filename},
          {"state", jobs::state_name(r.state)},
          {"attempts", r.delivery_attempts},
          {"inference_attempts", r.inference_attempts},
          {"last_error", r.last_error ? boost::json::value(*r.last_error) : boost::json::value(nullptr)},
          {"created_at_ms", r.created_at_ms},
          {"updated_at_ms", r.updated_at_ms}};
}

}  // namespace

void handle_result(const ApiContext& ctx, http::HttpRequest request, http::Responder respond) {
  std::string id = last_path_segment(request, "/results/");
  boost::asio::post(ctx.workers, [store = &ctx.store, id, respond = std::move(respond)] {
    auto record = store->find(id);
    if (!record) return respond(json_response(404, {{"error", "no job with request_uuid '" + id + "'"}}));
    auto body = job_summary(*record);
    body["examination_id"] = record->job.examination_id.empty() ? boost::json::value(nullptr)
                                                                : boost::json::value(record->job.examination_id);
    boost::system::error_code ec;
    body["webhook"] = record->document ? boost::json::parse(*record->document, ec) : boost::json::value(nullptr);
    respond(json_response(200, body));
  });
}

void handle_examination(const ApiContext& ctx, http::HttpRequest request, http::Responder respond) {
  std::string examination_id = last_path_segment(request, "/examinations/");
  boost::asio::post(ctx.workers, [store = &ctx.store, examination_id, respond = std::move(respond)] {
    auto records = store->find_examination(examination_id);
    if (records.empty())
      return respond(json_response(404, {{"error", "no jobs for examination_id '" + examination_id + "'"}}));
    boost::json::object counts;
    for (jobs::JobState s : {jobs::JobState::kQueued, jobs::JobState::kRunning, jobs::JobState::kDelivering,
                             jobs::JobState::kCompleted, jobs::JobState::kFailed, jobs::JobState::kDead})
      counts[jobs::state_name(s)] = 0;
    boost::json::array list;
    for (const auto& r : records) {
      counts[jobs::state_name(r.state)] = counts[jobs::state_name(r.state)].as_int64() + 1;
      list.push_back(job_summary(r));
    }
    respond(json_response(200, {{"examination_id", examination_id},
                                {"total", records.size()},
                                {"counts", counts},
                                {"jobs", list}}));
  });
}

}  // namespace octgate::api
