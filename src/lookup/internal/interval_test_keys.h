// Test helpers for the IPv4 interval searches (Ipv4Index, BucketIndex): random sorted starts
// under a key mask, and the keys worth probing (each start, its neighbours, the extremes, random
// keys under the mask).
#pragma once
#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

namespace vnet::lookup::internal {

// Up to `n` distinct starts (as many as `mask` allows), starts[0] == 0, sometimes 0xFFFFFFFF.
inline std::vector<uint32_t> RandomStarts(std::mt19937_64& rng, size_t n, uint32_t mask) {
  std::set<uint32_t> set{0};
  const size_t possible = size_t{1} << std::popcount(mask);  // values rng() & mask can take
  while (set.size() < std::min(n, possible)) set.insert(static_cast<uint32_t>(rng()) & mask);
  if (rng() % 2) set.insert(0xFFFFFFFFu);
  return {set.begin(), set.end()};
}

inline std::vector<uint32_t> ProbeKeys(std::mt19937_64& rng, const std::vector<uint32_t>& starts,
                                       uint32_t mask) {
  std::vector<uint32_t> keys = {0, 1, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu};
  for (uint32_t s : starts) {
    keys.push_back(s);
    keys.push_back(s - 1);
    keys.push_back(s + 1);
  }
  for (int q = 0; q < 2000; ++q) keys.push_back(static_cast<uint32_t>(rng()) & mask);
  return keys;
}

}  // namespace vnet::lookup::internal
