#include "jobs/result_document.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>

namespace octgate::jobs {
namespace {

void append_string(std::string& out, std::string_view s) {
  out += boost::json::serialize(boost::json::value(boost::json::string_view(s.data(), s.size())));
}

void append_number(std::string& out, float v) {
  double rounded = std::round(static_cast<double>(v) * 100.0) / 100.0;
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded);
  out.append(buf, end);
}

}  // namespace

void append_output_object(std::string& out, int height, int width, const std::vector<float>& points) {
  out += R"({"metadata":{"height":)";
  out += std::to_string(height);
  out += R"(,"width":)";
  out += std::to_string(width);
  out += R"(},"instances":[{"type":"polyline","points":[)";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i) out += ',';
    append_number(out, std::isfinite(points[i]) ? points[i] : 0.0f);
  }
  out += R"(],"className":"ilm","classId":14,"probability":100,"attributes":[]}]})";
}

std::string output_document(int height, int width, const std::vector<float>& points) {
  std::string out;
  out.reserve(160 + points.size() * 8);
  append_output_object(out, height, width, points);
  return out;
}

std::string completed_document(std::string_view id, std::string_view filename, int height, int width,
                               const std::vector<float>& points) {
  std::string out;
  out.reserve(220 + points.size() * 8 + filename.size());
  out += R"({"id":)";
  append_string(out, id);
  out += R"(,"status":"COMPLETED","output":)";
  append_output_object(out, height, width, points);
  out += R"(,"filename":)";
  append_string(out, filename);
  out += '}';
  return out;
}

std::string failed_document(std::string_view id, std::string_view filename, std::string_view error) {
  std::string out = R"({"id":)";
  append_string(out, id);
  out += R"(,"status":"FAILED","error":)";
  append_string(out, error);
  out += R"(,"filename":)";
  append_string(out, filename);
  out += '}';
  return out;
}

std::string stored_points_document(const std::vector<float>& points) {
  if (points.empty()) return "[]";
  std::string out = "[\n";
  out.reserve(4 + points.size() * 12);
  for (std::size_t i = 0; i < points.size(); ++i) {
    out += "    ";
    append_number(out, std::isfinite(points[i]) ? points[i] : 0.0f);
    out += i + 1 < points.size() ? ",\n" : "\n";
  }
  out += ']';
  return out;
}

std::string stored_error_document(std::string_view error) {
  std::string out = "{\n    \"error\": ";
  append_string(out, error);
  out += "\n}";
  return out;
}

}  // namespace octgate::jobs
