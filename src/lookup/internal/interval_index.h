// Search structures over sorted interval starts: which interval holds a key. Ipv4Index puts a
// bucket table on the top bits in front of a binary search; Ipv6Index searches the high 64 bits
// without branches and settles ties on the low 64. Immutable; thread-safe to read.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/huge_pages.h"
#include "lookup/internal/interval_map.h"

namespace vnet::lookup::internal {

// The last index i with starts[i] <= key, by a binary search whose only branch is the loop
// (a conditional move per step). starts[0] must be <= key.
template <class T>
inline size_t LastAtMost(const T* starts, size_t n, T key) {
  const T* base = starts;
  while (n > 1) {
    size_t half = n / 2;
    base = key < base[half] ? base : base + half;
    n -= half;
  }
  return static_cast<size_t>(base - starts);
}

class Ipv4Index {
 public:
  Ipv4Index() : Ipv4Index(std::vector<uint32_t>{0}) {}
  // `starts`: strictly increasing, starts[0] == 0.
  explicit Ipv4Index(std::vector<uint32_t> starts);
  // The interval holding `key`. The bucket of the key's top bits bounds the search to the
  // intervals that begin inside it (usually zero to a few).
  size_t Find(uint32_t key) const {
    const uint32_t* b = bucket_.data() + (key >> shift_);
    return b[0] + LastAtMost(starts_.data() + b[0], b[1] - b[0] + 1, key);
  }
  size_t size() const { return starts_.size(); }
  size_t memory_bytes() const { return (starts_.capacity() + bucket_.capacity()) * 4; }

 private:
  int shift_ = 31;
  base::HugePageVector<uint32_t> starts_;
  // Per bucket, the interval holding its first address; one entry more.
  base::HugePageVector<uint32_t> bucket_;
};

class Ipv6Index {
 public:
  Ipv6Index() : Ipv6Index(std::vector<Key>{Key{}}) {}
  // `starts`: strictly increasing, starts[0] == 0.
  explicit Ipv6Index(const std::vector<Key>& starts);
  size_t Find(uint64_t hi, uint64_t lo) const {
    size_t i = LastAtMost(hi_.data(), hi_.size(), hi);
    // Intervals that begin inside the same /64 as the key: rare (prefixes longer than /64).
    if (hi_[i] == hi && lo_[i] > lo) return FindInRun(i, hi, lo);
    return i;
  }
  size_t size() const { return hi_.size(); }
  size_t memory_bytes() const { return (hi_.capacity() + lo_.capacity()) * 8; }

 private:
  size_t FindInRun(size_t last, uint64_t hi, uint64_t lo) const;
  base::HugePageVector<uint64_t> hi_, lo_;
};

}  // namespace vnet::lookup::internal
