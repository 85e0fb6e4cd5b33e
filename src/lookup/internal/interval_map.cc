// Flattening nested prefix ranges into disjoint intervals with a stack sweep.
#include "lookup/internal/interval_map.h"

#include <algorithm>

namespace vnet::lookup::internal {

Intervals Flatten(std::vector<Range> ranges, uint32_t none, Key max) {
  // Outer ranges before the ranges they contain; among identical ones, the first given.
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.len != b.len) return a.len < b.len;
    return a.order < b.order;
  });
  Intervals out;
  auto emit = [&](const Key& from, uint32_t value) {
    if (!out.values.empty() && out.values.back() == value) return;
    out.starts.push_back(from);
    out.values.push_back(value);
  };
  // Sweep: `cur` is the first key not yet emitted; the stack holds the ranges containing it.
  std::vector<const Range*> stack;
  Key cur{};
  bool done = false;  // cur passed max
  auto close = [&](const Range& top) {
    if (!done && cur <= top.last) {
      emit(cur, top.value);
      if (top.last == max) done = true;
      cur = Next(top.last);
    }
  };
  const Range* prev = nullptr;
  for (const Range& r : ranges) {
    if (prev && prev->first == r.first && prev->len == r.len) continue;  // identical: first wins
    prev = &r;
    while (!stack.empty() && stack.back()->last < r.first) {
      close(*stack.back());
      stack.pop_back();
    }
    if (!done && cur < r.first) {
      emit(cur, stack.empty() ? none : stack.back()->value);
      cur = r.first;
    }
    stack.push_back(&r);
  }
  while (!stack.empty()) {
    close(*stack.back());
    stack.pop_back();
  }
  if (!done) emit(cur, none);
  return out;
}

}  // namespace vnet::lookup::internal
