// Status: the error value returned across every module boundary. Errors are data: a code that maps
// to an HTTP status, the machine-readable reason Azure uses ("InUseSubnetCannotBeDeleted"), a
// message for a person, and details when one request has several problems.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vnet {

enum class StatusCode : uint8_t {
  kOk,
  kInvalidArgument,     // 400
  kNotFound,            // 404
  kAlreadyExists,       // 409
  kFailedPrecondition,  // 409: the request conflicts with the stored state
  kPreconditionFailed,  // 412: If-Match / If-None-Match did not hold
  kUnavailable,         // 503
  kInternal,            // 500
};

std::string_view StatusCodeName(StatusCode code);
int HttpStatusOf(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string reason, std::string message)
      : code_(code), reason_(std::move(reason)), message_(std::move(message)) {}

  static Status InvalidArgument(std::string reason, std::string message) {
    return {StatusCode::kInvalidArgument, std::move(reason), std::move(message)};
  }
  static Status NotFound(std::string reason, std::string message) {
    return {StatusCode::kNotFound, std::move(reason), std::move(message)};
  }
  static Status AlreadyExists(std::string reason, std::string message) {
    return {StatusCode::kAlreadyExists, std::move(reason), std::move(message)};
  }
  static Status FailedPrecondition(std::string reason, std::string message) {
    return {StatusCode::kFailedPrecondition, std::move(reason), std::move(message)};
  }
  static Status PreconditionFailed(std::string reason, std::string message) {
    return {StatusCode::kPreconditionFailed, std::move(reason), std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, "InternalServerError", std::move(message)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, "ServiceUnavailable", std::move(message)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Azure's error code (the ARM envelope's "code"); empty only when ok().
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  // Further problems found in the same request, reported together (ARM "details").
  const std::vector<Status>& details() const { return details_; }
  // The property the error is about, when there is one (ARM "target").
  const std::string& target() const { return target_; }

  Status WithContext(std::string_view where) const;  // "subnet 'web': <message>"
  Status WithTarget(std::string target) const;
  Status WithDetails(std::vector<Status> details) const;
  std::string ToString() const;  // "InvalidArgument/Reason: message"

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string reason_;
  std::string message_;
  std::string target_;
  std::vector<Status> details_;
};

}  // namespace vnet
