#include "http/multipart.h"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <cctype>
#include <string>

#include "common/text.h"

namespace octgate::http {
namespace {

// The quoted string starting at header[open] ('"'), without its quotes, with \" and \\ unescaped
// (other backslashes kept: old browsers send Windows paths unescaped); sets end to the closing
// quote. nullopt when it is not closed.
std::optional<std::string> quoted_string(std::string_view header, std::size_t open, std::size_t& end) {
  std::string value;
  for (std::size_t i = open + 1; i < header.size(); ++i) {
    if (header[i] == '"') {
      end = i;
      return value;
    }
    if (header[i] == '\\' && i + 1 < header.size() && (header[i + 1] == '"' || header[i + 1] == '\\')) ++i;
    value += header[i];
  }
  return std::nullopt;
}

// Finds `key=value` or `key="value"` among `;`-separated parameters. Quoted values may contain ';'.
std::optional<std::string> header_parameter(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    std::size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view name = trim(header.substr(i, eq - i));
    std::size_t v = eq + 1;
    while (v < header.size() && (header[v] == ' ' || header[v] == '\t')) ++v;
    std::optional<std::string> value;
    std::size_t next;
    if (v < header.size() && header[v] == '"') {
      std::size_t end = 0;
      value = quoted_string(header, v, end);
      if (!value) return std::nullopt;
      next = header.find(';', end);
    } else {
      next = header.find(';', v);
      value = std::string(trim(header.substr(v, next == std::string_view::npos ? std::string_view::npos : next - v)));
    }
    if (boost::iequals(name, key)) return value;
    i = next;
  }
  return std::nullopt;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// An RFC 8187 extended value (`UTF-8''scan%20%C3%A9.png`) as UTF-8; ISO-8859-1 is converted.
// nullopt for another charset or a bad percent escape.
std::optional<std::string> extended_value(std::string_view raw) {
  std::size_t first = raw.find('\''), second = first == std::string_view::npos ? first : raw.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string charset = to_lower(raw.substr(0, first));
  const bool latin1 = charset == "iso-8859-1";
  if (charset != "utf-8" && !latin1) return std::nullopt;
  std::string value;
  for (std::size_t i = second + 1; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '%') {
      int hi = i + 2 < raw.size() ? hex_digit(raw[i + 1]) : -1, lo = hi >= 0 ? hex_digit(raw[i + 2]) : -1;
      if (lo < 0) return std::nullopt;
      c = static_cast<unsigned char>(hi * 16 + lo);
      i += 2;
    }
    if (latin1 && c >= 0x80) {
      value += static_cast<char>(0xC0 | (c >> 6));
      value += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      value += static_cast<char>(c);
    }
  }
  return value;
}

// filename* (RFC 6266) wins over filename when both are given and it can be read.
std::optional<std::string> disposition_filename(std::string_view disposition) {
  if (auto extended = header_parameter(disposition, "filename*")) {
    if (auto value = extended_value(*extended)) return value;
  }
  return header_parameter(disposition, "filename");
}

}  // namespace

std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
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

    if (parts.size() == kMaxMultipartParts)
      return invalid_argument("multipart body has more than " + std::to_string(kMaxMultipartParts) + " parts");
    std::size_t headers_end = body.substr(0, pos + kMaxPartHeaderBytes + 4).find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) {
      if (body.size() - pos > kMaxPartHeaderBytes + 4)
        return invalid_argument("multipart part headers are longer than " + std::to_string(kMaxPartHeaderBytes) +
                                " bytes");
      return invalid_argument("multipart part headers are not terminated");
    }
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
        part.name = std::move(*field);
        part.filename = disposition_filename(value);
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
