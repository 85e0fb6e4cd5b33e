// Ipv4Index and Ipv6Index against std::upper_bound on random sorted starts of many sizes (one
// interval to 100,000; clustered and spread), at every start, its neighbours and the extremes.
#include "lookup/internal/interval_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "lookup/internal/interval_test_keys.h"

namespace vnet::lookup::internal {
namespace {

template <class T>
size_t Reference(const std::vector<T>& starts, const T& key) {
  return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), key) - starts.begin()) -
         1;
}

TEST(Ipv4IndexTest, AgreesWithUpperBound) {
  std::mt19937_64 rng(301);
  for (size_t n : {1, 2, 3, 15, 16, 17, 100, 1000, 4097, 100000}) {
    for (uint32_t mask : {0xFFFFFFFFu, 0x0A0000FFu, 0xFFF00000u, 0x000000FFu}) {
      std::vector<uint32_t> starts = RandomStarts(rng, n, mask);
      Ipv4Index index(starts);
      ASSERT_EQ(index.size(), starts.size());
      for (uint32_t k : ProbeKeys(rng, starts, mask))
        ASSERT_EQ(index.Find(k), Reference(starts, k)) << "n=" << n << " key=" << k;
    }
  }
  EXPECT_EQ(Ipv4Index().Find(0), 0u);
  EXPECT_EQ(Ipv4Index().Find(0xFFFFFFFFu), 0u);
}

TEST(Ipv6IndexTest, AgreesWithUpperBound) {
  std::mt19937_64 rng(302);
  for (size_t n : {1, 2, 5, 64, 1000, 20000}) {
    // Few distinct high halves, so that many intervals begin inside the same /64.
    for (uint64_t his : {uint64_t{1}, uint64_t{3}, uint64_t{50}, uint64_t{1} << 40}) {
      std::set<Key> set{Key{}};
      while (set.size() < n) {
        uint64_t hi = rng() % his * 0x0001000000000000ULL;
        set.insert(Key{hi, rng() % 4 ? rng() : (rng() & 0xFF)});
      }
      if (rng() % 2) set.insert(Key{~uint64_t{0}, ~uint64_t{0}});
      std::vector<Key> starts(set.begin(), set.end());
      Ipv6Index index(starts);
      ASSERT_EQ(index.size(), starts.size());
      std::vector<Key> keys = {Key{}, Key{0, 1}, Key{~uint64_t{0}, ~uint64_t{0}},
                               Key{~uint64_t{0}, 0}};
      for (const Key& s : starts) {
        keys.push_back(s);
        keys.push_back(Next(s));
        keys.push_back(s.lo ? Key{s.hi, s.lo - 1} : Key{s.hi - 1, ~uint64_t{0}});
      }
      for (int q = 0; q < 2000; ++q)
        keys.push_back(Key{rng() % (his + 1) * 0x0001000000000000ULL, rng()});
      for (const Key& k : keys) {
        ASSERT_EQ(index.Find(k.hi, k.lo), Reference(starts, k))
            << "n=" << n << " key=" << k.hi << ":" << k.lo;
      }
    }
  }
}

TEST(FlattenTest, NestedRangesBecomeDisjointIntervals) {
  auto range = [](uint64_t first, uint64_t last, uint32_t value, int len, size_t order) {
    return Range{Key{0, first}, Key{0, last}, value, len, order};
  };
  // [0, 255] = 1 holding [16, 31] = 2 holding [20, 20] = 3; [16, 31] again (= 9, later: loses);
  // [200, 255] = 1 (same value as its parent: no new interval).
  Intervals got =
      Flatten({range(16, 31, 9, 28, 3), range(0, 255, 1, 24, 0), range(20, 20, 3, 32, 2),
               range(16, 31, 2, 28, 1), range(200, 255, 1, 26, 4)},
              7, Key{0, 0xFFFFFFFFu});
  std::vector<Key> starts = {Key{0, 0},  Key{0, 16}, Key{0, 20},
                             Key{0, 21}, Key{0, 32}, Key{0, 256}};
  EXPECT_EQ(got.starts, starts);
  EXPECT_EQ(got.values, (std::vector<uint32_t>{1, 2, 3, 2, 1, 7}));
  Intervals none = Flatten({}, 7, Key{0, 0xFFFFFFFFu});
  EXPECT_EQ(none.starts, std::vector<Key>{Key{}});
  EXPECT_EQ(none.values, std::vector<uint32_t>{7});
  Intervals all = Flatten({range(0, 0xFFFFFFFFu, 5, 0, 0)}, 7, Key{0, 0xFFFFFFFFu});
  EXPECT_EQ(all.values, std::vector<uint32_t>{5});
}

}  // namespace
}  // namespace vnet::lookup::internal
