#include "storage/azure_list_xml.h"

#include <charconv>
#include <optional>

#include "storage/url_encoding.h"

namespace octgate::storage {
namespace {

struct Element {
  std::string_view attributes;  // the text between the name and '>' of the start tag
  std::string_view content;     // raw, undecoded; empty for <Name/>
  std::size_t end = 0;          // just past the end tag
};

// The first <name ...>...</name> or <name .../> at or after from, within xml.
std::optional<Element> find_element(std::string_view xml, std::string_view name, std::size_t from = 0) {
  while (true) {
    std::size_t start = xml.find('<', from);
    if (start == std::string_view::npos) return std::nullopt;
    std::size_t after_name = start + 1 + name.size();
    if (xml.substr(start + 1, name.size()) != name || after_name >= xml.size() ||
        !(xml[after_name] == '>' || xml[after_name] == '/' || xml[after_name] == ' ' || xml[after_name] == '\t' ||
          xml[after_name] == '\r' || xml[after_name] == '\n')) {
      from = start + 1;
      continue;
    }
    std::size_t tag_end = xml.find('>', after_name);
    if (tag_end == std::string_view::npos) return std::nullopt;
    Element e;
    bool self_closing = xml[tag_end - 1] == '/';
    e.attributes = xml.substr(after_name, tag_end - after_name - (self_closing ? 1 : 0));
    if (self_closing) {
      e.end = tag_end + 1;
      return e;
    }
    std::string closing = "</" + std::string(name) + ">";
    std::size_t close = xml.find(closing, tag_end + 1);
    if (close == std::string_view::npos) return std::nullopt;
    e.content = xml.substr(tag_end + 1, close - tag_end - 1);
    e.end = close + closing.size();
    return e;
  }
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string decode_xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += text[i];
      continue;
    }
    std::string_view ref = text.substr(i + 1, semi - i - 1);
    bool known = true;
    if (ref == "amp") out += '&';
    else if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else if (ref == "quot") out += '"';
    else if (ref == "apos") out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x' || ref[1] == 'X';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      known = ec == std::errc() && end == digits.data() + digits.size() && !digits.empty() && cp <= 0x10FFFF;
      if (known) append_utf8(out, cp);
    } else {
      known = false;
    }
    if (!known) {
      out += text[i];
      continue;
    }
    i = semi;
  }
  return out;
}

Result<ListPage> parse_azure_list_blobs(std::string_view xml) {
  auto results = find_element(xml, "EnumerationResults");
  if (!results) return Status(StatusCode::kUnavailable, "the List Blobs answer is not an EnumerationResults document");
  std::string_view body = results->content;
  ListPage page;
  if (auto blobs = find_element(body, "Blobs")) {
    std::size_t from = 0;
    while (auto blob = find_element(blobs->content, "Blob", from)) {
      from = blob->end;
      auto name = find_element(blob->content, "Name");
      if (!name) return Status(StatusCode::kUnavailable, "a Blob in the List Blobs answer has no Name");
      ObjectInfo info;
      info.name = decode_xml_text(name->content);
      if (name->attributes.find("Encoded=\"true\"") != std::string_view::npos) info.name = percent_decode(info.name);
      if (auto length = find_element(blob->content, "Content-Length")) {
        std::string_view digits = length->content;
        std::from_chars(digits.data(), digits.data() + digits.size(), info.size);
      }
      page.objects.push_back(std::move(info));
    }
  }
  // NextMarker follows Blobs; search after it so a blob named "<NextMarker>" cannot confuse us.
  std::size_t after_blobs = 0;
  if (auto blobs = find_element(body, "Blobs")) after_blobs = blobs->end;
  if (auto marker = find_element(body, "NextMarker", after_blobs)) page.next_page_token = decode_xml_text(marker->content);
  return page;
}

AzureError parse_azure_error(std::string_view xml) {
  AzureError error;
  auto root = find_element(xml, "Error");
  if (!root) return error;
  if (auto code = find_element(root->content, "Code")) error.code = decode_xml_text(code->content);
  if (auto message = find_element(root->content, "Message")) {
    error.message = decode_xml_text(message->content);
    auto newline = error.message.find('\n');
    if (newline != std::string::npos) error.message.resize(newline);
    while (!error.message.empty() && (error.message.back() == '\r' || error.message.back() == ' ')) error.message.pop_back();
  }
  return error;
}

}  // namespace octgate::storage
