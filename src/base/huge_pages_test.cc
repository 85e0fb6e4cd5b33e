// HugePageAllocator: blocks of every size class, pooled and mapped alone, come back aligned as
// asked, hold what is written to them while others are live, and are reused after being freed.
#include "base/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace vnet::base {
namespace {

TEST(HugePagesTest, BlocksAreAlignedAndHoldTheirContents) {
  std::pmr::memory_resource* m = HugePageMemory();
  std::mt19937_64 rng(7);
  struct Block {
    void* p;
    size_t bytes, align;
    uint8_t fill;
  };
  std::vector<Block> live;
  for (int i = 0; i < 3000; ++i) {
    size_t bytes = i % 100 == 0 ? (size_t{1} << 20) * (1 + rng() % 5) : 1 + rng() % 70000;
    size_t align = size_t{1} << (rng() % 7);  // 1 to 64
    void* p = m->allocate(bytes, align);
    ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u) << bytes << " " << align;
    auto fill = static_cast<uint8_t>(i);
    std::memset(p, fill, bytes);
    live.push_back({p, bytes, align, fill});
    if (rng() % 3 == 0) {  // free one at random
      size_t k = rng() % live.size();
      Block b = live[k];
      const auto* bytes_of = static_cast<const uint8_t*>(b.p);
      ASSERT_EQ(bytes_of[0], b.fill);
      ASSERT_EQ(bytes_of[b.bytes - 1], b.fill);
      m->deallocate(b.p, b.bytes, b.align);
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
  for (const Block& b : live) {
    const auto* bytes_of = static_cast<const uint8_t*>(b.p);
    for (size_t j = 0; j < b.bytes; j += 97) ASSERT_EQ(bytes_of[j], b.fill);
    m->deallocate(b.p, b.bytes, b.align);
  }
}

TEST(HugePagesTest, VectorsUseIt) {
  HugePageVector<uint64_t> v(100000, 5);
  v.push_back(6);
  HugePageVector<uint64_t> w = v;  // copies stay on the same memory: the allocator is stateless
  EXPECT_EQ(w.size(), 100001u);
  EXPECT_EQ(w.back(), 6u);
  EXPECT_TRUE(v.get_allocator() == w.get_allocator());
}

}  // namespace
}  // namespace vnet::base
