#include "http/multipart.h"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <cctype>
#include <string>

#include "common/text.h"

namespace octgate::http {
namespace {

// Finds `key=value` or `key="value"` among `;`-separated parameters. Quoted values may contain ';'.
std::optional<std::string_view> header_parameter(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    std::size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view name = trim(header.substr(i, eq - i));
    std::size_t v = eq + 1;
    std::string_view value;
    std::size_t next;
    if (v < header.size() && header[v] == '"') {
      std::size_t end = header.find('"', v + 1);
      if (end == std::string_view::npos) return std::nullopt;
      value = header.substr(v + 1, end - v - 1);
      next = header.find(';', end);
    } else {
      next = header.find(';', v);
      value = trim(header.substr(v, next == std::string_view::npos ? std::string_view::npos : next - v));
    }
    if (boost::iequals(name, key)) return value;
    i = next;
  }
  return std::nullopt;
}

}  // namespace

std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string_view> multipart_boundary(std::string_view content_type) {
  if (media_type(content_type) != "multipart/form-data") return std::nullopt;
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
  return boundary;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<MultipartPart> parts;

  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return invalid_argument("multipart body has no boundary line");
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return invalid_argument("multipart boundary line is malformed");
    pos += 2;

    std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return invalid_argument("multipart part headers are not terminated");
    MultipartPart part;
    bool has_disposition = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      std::size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return invalid_argument("multipart part header has no ':'");
      std::string_view name = trim(line.substr(0, colon));
      std::string_view value = trim(line.substr(colon + 1));
      if (boost::iequals(name, "content-disposition")) {
        if (!boost::iequals(trim(value.substr(0, value.find(';'))), "form-data"))
          return invalid_argument("multipart part is not form-data");
        auto field = header_parameter(value, "name");
        if (!field) return invalid_argument("multipart part has no name");
        part.name = *field;
        part.filename = header_parameter(value, "filename");
        has_disposition = true;
      } else if (boost::iequals(name, "content-type")) {
        part.content_type = value;
      }
    }
    if (!has_disposition) return invalid_argument("multipart part has no Content-Disposition header");

    std::size_t data_begin = headers_end + 4;
    std::size_t data_end = body.find("\r\n" + delimiter, data_begin);
    if (data_end == std::string_view::npos)
      return invalid_argument("multipart body is truncated: part '" + std::string(part.name) + "' has no closing boundary");
    part.data = body.substr(data_begin, data_end - data_begin);
    parts.push_back(part);
    pos = data_end + 2 + delimiter.size();
  }
}

}  // namespace octgate::http
