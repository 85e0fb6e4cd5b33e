// Status helpers: names, HTTP mapping and context decoration.
#include "base/status.h"

namespace vnet {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kAlreadyExists:
      return "AlreadyExists";
    case StatusCode::kFailedPrecondition:
      return "FailedPrecondition";
    case StatusCode::kPreconditionFailed:
      return "PreconditionFailed";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kPreconditionFailed:
      return 412;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Status Status::WithContext(std::string_view where) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = std::string(where) + ": " + message_;
  return s;
}

Status Status::WithTarget(std::string target) const {
  Status s = *this;
  s.target_ = std::move(target);
  return s;
}

Status Status::WithDetails(std::vector<Status> details) const {
  Status s = *this;
  s.details_ = std::move(details);
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  out += "/" + reason_ + ": " + message_;
  for (const Status& d : details_) out += "; " + d.reason_ + ": " + d.message_;
  return out;
}

}  // namespace vnet
