// The failure path of VNET_CHECK.
#include "base/check.h"

#include <cstdio>
#include <cstdlib>

namespace vnet::internal {
void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
  std::abort();
}
}  // namespace vnet::internal
