#pragma once
// Errors cross module boundaries as values: a code a caller can map to a protocol status,
// and a message a user can act on. The HTTP mapping lives in api/http_status.cpp alone.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace octgate {

enum class StatusCode {
  kOk,
  kInvalidArgument,       // bad header, parameter or image
  kUnsupportedMediaType,  // content type not accepted
  kUnprocessable,         // a required field is missing (the reference framework's 422)
  kPayloadTooLarge,
  kNotFound,
  kResourceExhausted,     // too many unfinished jobs
  kUnavailable,           // a dependency (model server, storage, webhook) cannot be reached
  kDeadlineExceeded,
  kPermissionDenied,
  kInternal,
};

const char* status_code_name(StatusCode code);

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status internal_error(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }

// A value or the Status that explains why there is none (std::expected arrives in C++23).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace octgate
