// Prefixes flattened into sorted disjoint address intervals, each mapped to a value (the longest
// prefix covering it; the first given among identical prefixes), and the cut points of ranges.
// Build-time helpers shared by LpmTable and Classifier; one map per address family.
#pragma once
#include <cstdint>
#include <vector>

#include "net/cidr.h"

namespace vnet::lookup::internal {

// A 128-bit key (IPv6) or a 32-bit one in `lo` (IPv4).
struct Key {
  uint64_t hi = 0, lo = 0;
  friend auto operator<=>(const Key&, const Key&) = default;
};

inline Key First(const net::Cidr& c) {
  return c.is_v4() ? Key{0, c.address().v4()} : Key{c.address().hi(), c.address().lo()};
}
inline Key Last(const net::Cidr& c) {
  net::IpAddress a = c.last();
  return c.is_v4() ? Key{0, a.v4()} : Key{a.hi(), a.lo()};
}
inline Key Next(Key k) {  // k + 1, wrapping at 2^128
  if (++k.lo == 0) ++k.hi;
  return k;
}
inline Key MaxKey(bool v4) { return v4 ? Key{0, 0xFFFFFFFFu} : Key{~uint64_t{0}, ~uint64_t{0}}; }

// An inclusive range of keys with a value and a priority order.
struct Range {
  Key first, last;
  uint32_t value;
  int len;       // prefix length: longer wins inside shorter
  size_t order;  // insertion order: the earlier of identical prefixes wins
};

// A family's keys cut into intervals: starts[i] begins interval i (starts[0] is 0, strictly
// increasing), whose value is values[i]; neighbours never share a value.
struct Intervals {
  std::vector<Key> starts;
  std::vector<uint32_t> values;
};

// Flattens prefix ranges of one family (any two either nest or are disjoint) up to `max`; `none`
// marks addresses no range covers. Cost: O(n log n).
Intervals Flatten(std::vector<Range> ranges, uint32_t none, Key max);

}  // namespace vnet::lookup::internal
