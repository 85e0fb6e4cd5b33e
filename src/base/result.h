// Result<T>: a value or the Status that explains why there is none. C++20 has no std::expected.
#pragma once
#include <utility>
#include <variant>

#include "base/check.h"
#include "base/status.h"

namespace vnet {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    VNET_CHECK(!std::get<Status>(v_).ok());
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    VNET_CHECK(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    VNET_CHECK(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    VNET_CHECK(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace vnet

#define VNET_CONCAT_INNER(a, b) a##b
#define VNET_CONCAT(a, b) VNET_CONCAT_INNER(a, b)

#define VNET_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::vnet::Status vnet_status_ = (expr);        \
    if (!vnet_status_.ok()) return vnet_status_; \
  } while (false)

#define VNET_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#define VNET_ASSIGN_OR_RETURN(lhs, expr) \
  VNET_ASSIGN_OR_RETURN_IMPL(VNET_CONCAT(vnet_result_, __LINE__), lhs, expr)
