// VNET_CHECK: always-on guard for internal invariants (never for user input); aborts with
// file:line.
#pragma once

namespace vnet::internal {
[[noreturn]] void CheckFailed(const char* expr, const char* file, int line);
}  // namespace vnet::internal

#define VNET_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::vnet::internal::CheckFailed(#cond, __FILE__, __LINE__))
