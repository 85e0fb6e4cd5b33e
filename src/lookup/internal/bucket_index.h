// BucketIndex: the value of the interval holding a 32-bit key, in one or two cache lines per
// lookup. A table on the key's top bits holds, per bucket, the value itself when one interval
// covers the whole bucket (most buckets, with two to four buckets per interval and at least
// 1,024), else where that bucket's few intervals begin in a run of starts and values stored side
// by side.
// Values must be below 2^63 (bit 63 marks a run). Immutable; thread-safe to read.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/huge_pages.h"

namespace vnet::lookup::internal {

class BucketIndex {
 public:
  static constexpr uint64_t kRunBit = uint64_t{1} << 63;

  BucketIndex() : BucketIndex({0}, {0}) {}
  // `starts`: strictly increasing, starts[0] == 0; values[i] is interval i's (< kRunBit).
  BucketIndex(const std::vector<uint32_t>& starts, const std::vector<uint64_t>& values);

  // The index's three words, for a caller that keeps them beside its own data (one load
  // fewer); valid while the index lives, unmoved.
  struct View {
    const uint64_t* data = nullptr;
    uint64_t single = 0;
    uint32_t shift = 32;  // 32: a single interval, `single`

    uint64_t Find(uint32_t key) const {
      if (shift == 32) return single;
      uint64_t e = data[key >> shift];
      if (!(e & kRunBit)) return e;
      // A run: `count` starts (two per word, the first at most the bucket's first key), then
      // `count` values.
      const uint64_t* run = data + ((e & ~kRunBit) >> kCountBits);
      size_t count = e & ((uint64_t{1} << kCountBits) - 1);
      size_t last = 0;
      if (count <= kLinearRun) {
        for (size_t i = 1; i < count; ++i) last += Start(run, i) <= key;
      } else {
        for (size_t n = count; n > 1;) {  // as LastAtMost
          size_t half = n / 2;
          last = key < Start(run, last + half) ? last : last + half;
          n -= half;
        }
      }
      return run[(count + 1) / 2 + last];
    }
  };
  View view() const { return {data_.data(), single_, shift_}; }

  uint64_t Find(uint32_t key) const { return view().Find(key); }

  size_t memory_bytes() const { return data_.capacity() * 8; }

 private:
  static uint32_t Start(const uint64_t* run, size_t i) {
    uint32_t s;
    std::memcpy(&s, reinterpret_cast<const char*>(run) + i * 4, 4);
    return s;
  }

  static constexpr int kMinBits = 10;       // the table: at least 1 << kMinBits buckets
  static constexpr int kCountBits = 24;     // a run entry: bit 63, offset, count
  static constexpr size_t kLinearRun = 16;  // longer runs: a binary search

  uint32_t shift_ = 32;  // 32: a single interval, `single_`
  uint64_t single_ = 0;
  base::HugePageVector<uint64_t> data_;  // the table (1 << (32 - shift_) entries), then the runs
};

}  // namespace vnet::lookup::internal
