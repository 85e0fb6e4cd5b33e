// BucketIndex against std::upper_bound on random sorted starts of many sizes (one interval to
// 100,000; clustered, spread, and dense enough for long runs), at every start, its neighbours
// and the extremes; values are distinct per interval so that a wrong interval shows.
#include "lookup/internal/bucket_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "lookup/internal/interval_test_keys.h"

namespace vnet::lookup::internal {
namespace {

TEST(BucketIndexTest, AgreesWithUpperBound) {
  std::mt19937_64 rng(303);
  for (size_t n : {1, 2, 3, 15, 16, 17, 100, 1000, 4097, 100000}) {
    // The last two masks crowd many intervals into one bucket: runs past the linear scan.
    for (uint32_t mask : {0xFFFFFFFFu, 0x0A0000FFu, 0xFFF00000u, 0x000000FFu, 0x00000FFFu}) {
      std::vector<uint32_t> starts = RandomStarts(rng, n, mask);
      std::vector<uint64_t> values;
      for (size_t i = 0; i < starts.size(); ++i) values.push_back((rng() >> 2) ^ (i * 7919));
      BucketIndex index(starts, values);
      for (uint32_t k : ProbeKeys(rng, starts, mask)) {
        size_t i = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), k) -
                                       starts.begin()) -
                   1;
        ASSERT_EQ(index.Find(k), values[i]) << "n=" << n << " mask=" << mask << " key=" << k;
      }
    }
  }
  EXPECT_EQ(BucketIndex().Find(0), 0u);
  EXPECT_EQ(BucketIndex({0}, {42}).Find(0xFFFFFFFFu), 42u);
}

TEST(BucketIndexTest, ValuesWithTheRunBitAreRefused) {
  EXPECT_DEATH(BucketIndex({0, 5}, {1, BucketIndex::kRunBit}), "");
}

}  // namespace
}  // namespace vnet::lookup::internal
