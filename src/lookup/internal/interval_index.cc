// Building the interval indexes.
#include "lookup/internal/interval_index.h"

#include <algorithm>
#include <bit>

namespace vnet::lookup::internal {

Ipv4Index::Ipv4Index(std::vector<uint32_t> starts) : starts_(starts.begin(), starts.end()) {
  // One to two buckets per interval, between 16 and 65,536 (256 KiB): on tables of 1,000 to
  // 5,000 prefixes (bench/lookup_bench.cc) a search then takes zero to two steps, and the index
  // costs about what the intervals do. Twice as many buckets measured no faster.
  int bits = std::clamp(static_cast<int>(std::bit_width(starts_.size())), 4, 16);
  shift_ = 32 - bits;
  size_t buckets = size_t{1} << bits;
  bucket_.resize(buckets + 1);
  size_t i = 0;
  for (size_t b = 0; b < buckets; ++b) {
    uint64_t first = uint64_t{b} << shift_;
    while (i + 1 < starts_.size() && starts_[i + 1] <= first) ++i;
    bucket_[b] = static_cast<uint32_t>(i);
  }
  bucket_[buckets] = static_cast<uint32_t>(starts_.size() - 1);
}

Ipv6Index::Ipv6Index(const std::vector<Key>& starts) {
  hi_.reserve(starts.size());
  lo_.reserve(starts.size());
  for (const Key& k : starts) {
    hi_.push_back(k.hi);
    lo_.push_back(k.lo);
  }
}

size_t Ipv6Index::FindInRun(size_t last, uint64_t hi, uint64_t lo) const {
  // starts[first..last] share `hi`; the answer is the last of them with lo_ <= lo, or the
  // interval before the run (whose start is smaller in hi).
  size_t first = static_cast<size_t>(std::lower_bound(hi_.begin(), hi_.end(), hi) - hi_.begin());
  auto end = lo_.begin() + static_cast<std::ptrdiff_t>(last + 1);
  auto it = std::upper_bound(lo_.begin() + static_cast<std::ptrdiff_t>(first), end, lo);
  return static_cast<size_t>(it - lo_.begin()) - 1;
}

}  // namespace vnet::lookup::internal
