// IntervalMap: prefixes flattened into sorted disjoint address intervals, each mapped to a value
// (the longest prefix covering it; the first given among identical prefixes). Lookup is a binary
// search over the interval starts. Shared by LpmTable, PrefixSet and Classifier; one map per
// address family.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace vnet::lookup::internal {

// A 128-bit key (IPv6) or a 32-bit one in `lo` (IPv4).
struct Key {
  uint64_t hi = 0, lo = 0;
  friend bool operator<(const Key& a, const Key& b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
  friend bool operator==(const Key& a, const Key& b) { return a.hi == b.hi && a.lo == b.lo; }
  friend bool operator<=(const Key& a, const Key& b) { return !(b < a); }
};

// An inclusive range of keys with a value and a priority order (for equal ranges, lower first).
struct Range {
  Key first, last;
  uint32_t value;
  int len;       // prefix length: longer wins inside shorter
  size_t order;  // insertion order: the earlier of identical prefixes wins
};

// Flattens nested ranges (prefixes: any two either nest or are disjoint) into boundaries.
// `starts[i]` begins an interval of value `values[i]`; the first start is the family's 0.
// `none` marks addresses no range covers.
template <class K>
void Flatten(std::vector<Range> ranges, uint32_t none, K (*to_key)(const Key&),
             std::vector<K>* starts, std::vector<uint32_t>* values, Key max_key) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    if (!(a.first == b.first)) return a.first < b.first;
    if (a.len != b.len) return a.len < b.len;
    return a.order < b.order;
  });
  starts->clear();
  values->clear();
  auto emit = [&](const Key& from, uint32_t value) {
    if (!values->empty() && values->back() == value) return;
    starts->push_back(to_key(from));
    values->push_back(value);
  };
  auto next = [](Key k) {  // k + 1
    if (++k.lo == 0) ++k.hi;
    return k;
  };
  std::vector<const Range*> stack;
  Key cur{};
  bool done = false;  // cur passed max_key
  auto close_to = [&](const Range& top) {
    if (!done && cur <= top.last) {
      emit(cur, top.value);
      if (top.last == max_key) done = true;
      cur = next(top.last);
    }
  };
  const Range* prev = nullptr;
  for (const Range& r : ranges) {
    if (prev && prev->first == r.first && prev->len == r.len) continue;  // identical: first wins
    prev = &r;
    while (!stack.empty() && stack.back()->last < r.first) {
      close_to(*stack.back());
      stack.pop_back();
    }
    if (!done && cur < r.first) {
      emit(cur, stack.empty() ? none : stack.back()->value);
      cur = r.first;
    }
    stack.push_back(&r);
  }
  while (!stack.empty()) {
    close_to(*stack.back());
    stack.pop_back();
  }
  if (!done) emit(cur, none);
  if (starts->empty()) {
    starts->push_back(to_key(Key{}));
    values->push_back(none);
  }
}

// The index of the interval holding `k`: the last start <= k.
template <class K>
inline size_t FindInterval(const std::vector<K>& starts, const K& k) {
  // Branch-light binary search (starts[0] is the family's zero, so the answer exists).
  const K* base = starts.data();
  size_t n = starts.size();
  while (n > 1) {
    size_t half = n / 2;
    base = (k < base[half]) ? base : base + half;
    n -= half;
  }
  return static_cast<size_t>(base - starts.data());
}

// IPv4 interval starts with a 12-bit bucket index in front of the binary search: bucket b holds
// the first interval that may contain an address whose top 12 bits are b, so a search looks only
// at the intervals that start inside one /12 (a table of thousands of prefixes: a few steps).
class Starts4 {
 public:
  void Assign(std::vector<uint32_t> starts) {
    starts_ = std::move(starts);
    bucket_.assign(kBuckets + 1, 0);
    size_t i = 0;
    for (uint32_t b = 0; b <= kBuckets; ++b) {
      uint64_t bucket_start = uint64_t{b} << kShift;
      while (i < starts_.size() && starts_[i] < bucket_start) ++i;
      // The interval holding bucket_start is the last start <= it.
      bucket_[b] = static_cast<uint32_t>(
          i < starts_.size() && starts_[i] == bucket_start ? i : (i == 0 ? 0 : i - 1));
    }
  }
  size_t Find(uint32_t key) const {
    uint32_t b = key >> kShift;
    size_t lo = bucket_[b];
    size_t n = bucket_[b + 1] - lo + 1;
    if (lo + n > starts_.size()) n = starts_.size() - lo;
    const uint32_t* base = starts_.data() + lo;
    while (n > 1) {
      size_t half = n / 2;
      base = (key < base[half]) ? base : base + half;
      n -= half;
    }
    return static_cast<size_t>(base - starts_.data());
  }
  size_t size() const { return starts_.size(); }
  size_t memory_bytes() const { return starts_.capacity() * 4 + bucket_.capacity() * 4; }

 private:
  static constexpr int kShift = 20;
  static constexpr uint32_t kBuckets = 1u << (32 - kShift);
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> bucket_;
};

}  // namespace vnet::lookup::internal
