// Building a BucketIndex: the table's size, then per bucket a leaf or a run.
#include "lookup/internal/bucket_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "base/check.h"

namespace vnet::lookup::internal {

BucketIndex::BucketIndex(const std::vector<uint32_t>& starts, const std::vector<uint64_t>& values) {
  VNET_CHECK(!starts.empty() && starts.size() == values.size() && starts[0] == 0);
  for (uint64_t v : values) VNET_CHECK(!(v & kRunBit));
  if (starts.size() == 1) {
    single_ = values[0];
    return;
  }
  // Two to four buckets per interval, between 1,024 (8 KiB) and 65,536 (512 KiB): most buckets
  // then lie inside one interval and hold its value. The floor is for small tables whose few
  // intervals crowd a small part of the keys (a subnet's routes: its VNet's and its peers'
  // ranges inside 10.0.0.0/8, the rest of which is one route): with 16 or 64 buckets every
  // lookup there would search a run; with 1,024 most find their value (DecideBatch 15-25%
  // faster than with the floor of 16, docs/benchmarks.md).
  int bits = std::clamp(static_cast<int>(std::bit_width(starts.size())) + 1, kMinBits, 16);
  shift_ = static_cast<uint32_t>(32 - bits);
  size_t buckets = size_t{1} << bits;
  // Per bucket, the interval holding its first key and the end of those beginning inside it;
  // then the size of everything, so that the table is allocated once.
  std::vector<std::pair<size_t, size_t>> spans(buckets);
  size_t size = buckets;
  for (size_t b = 0, i = 0; b < buckets; ++b) {
    uint64_t first = uint64_t{b} << shift_, end = uint64_t{b + 1} << shift_;
    while (i + 1 < starts.size() && starts[i + 1] <= first) ++i;
    size_t j = i + 1;
    while (j < starts.size() && starts[j] < end) ++j;
    spans[b] = {i, j};
    if (j - i > 1) size += (j - i + 1) / 2 + (j - i);
  }
  VNET_CHECK((size >> (63 - kCountBits)) == 0);
  data_.reserve(size);
  data_.resize(buckets);
  for (size_t b = 0; b < buckets; ++b) {
    auto [i, j] = spans[b];
    size_t count = j - i;
    if (count == 1) {
      data_[b] = values[i];
      continue;
    }
    VNET_CHECK(count < (size_t{1} << kCountBits));
    size_t offset = data_.size();
    data_[b] = kRunBit | uint64_t{offset} << kCountBits | count;
    std::vector<uint32_t> run_starts(starts.begin() + static_cast<std::ptrdiff_t>(i),
                                     starts.begin() + static_cast<std::ptrdiff_t>(j));
    run_starts[0] = static_cast<uint32_t>(uint64_t{b} << shift_);
    run_starts.resize((count + 1) / 2 * 2);
    data_.resize(offset + run_starts.size() / 2);
    std::memcpy(data_.data() + offset, run_starts.data(), run_starts.size() * 4);
    data_.insert(data_.end(), values.begin() + static_cast<std::ptrdiff_t>(i),
                 values.begin() + static_cast<std::ptrdiff_t>(j));
  }
}

}  // namespace vnet::lookup::internal
