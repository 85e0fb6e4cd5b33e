// AddressMap against std::map on random keys from a fixed seed: clustered IPv4 addresses in few
// scopes, IPv6 addresses with the same low bits as IPv4 ones, duplicates (the first value stays).
#include "lookup/address_map.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

namespace vnet::lookup {
namespace {

using Key = std::tuple<uint32_t, net::IpAddress>;

net::IpAddress RandomAddress(std::mt19937_64& rng) {
  uint64_t x = rng();
  switch (x % 4) {
    case 0:
      return net::IpAddress::V4(0x0A000000u | static_cast<uint32_t>(rng() % 4096));  // clustered
    case 1:
      return net::IpAddress::V4(static_cast<uint32_t>(rng()));
    case 2:
      return net::IpAddress::V6(0, rng() % 4096);  // same low bits as the clustered IPv4 ones
    default:
      return net::IpAddress::V6(rng(), rng());
  }
}

TEST(AddressMapTest, AgreesWithStdMap) {
  std::mt19937_64 rng(301);
  for (size_t n : {0, 1, 7, 8, 9, 100, 5000, 70000}) {
    AddressMap<uint32_t> map;
    std::map<Key, uint32_t> expected;
    for (size_t i = 0; i < n; ++i) {
      uint32_t scope = static_cast<uint32_t>(rng() % 5);
      net::IpAddress a = RandomAddress(rng);
      uint32_t value = static_cast<uint32_t>(i);
      auto [stored, inserted] = map.TryEmplace(scope, a, value);
      bool fresh = expected.emplace(Key{scope, a}, value).second;
      ASSERT_EQ(inserted, fresh);
      ASSERT_EQ(*stored, expected.at(Key{scope, a}));
    }
    ASSERT_EQ(map.size(), expected.size());
    for (const auto& [key, value] : expected) {
      const uint32_t* got = map.Find(std::get<0>(key), std::get<1>(key));
      ASSERT_NE(got, nullptr);
      EXPECT_EQ(*got, value);
    }
    for (int q = 0; q < 20000; ++q) {
      uint32_t scope = static_cast<uint32_t>(rng() % 6);
      net::IpAddress a = RandomAddress(rng);
      auto it = expected.find(Key{scope, a});
      const uint32_t* got = map.Find(scope, a);
      if (it == expected.end()) {
        EXPECT_EQ(got, nullptr);
      } else {
        ASSERT_NE(got, nullptr);
        EXPECT_EQ(*got, it->second);
      }
    }
  }
}

TEST(AddressMapTest, FamiliesAndScopesAreDistinct) {
  AddressMap<int> map;
  EXPECT_TRUE(map.TryEmplace(0, net::IpAddress::V4(5), 1).second);
  EXPECT_TRUE(map.TryEmplace(0, net::IpAddress::V6(0, 5), 2).second);
  EXPECT_TRUE(map.TryEmplace(1, net::IpAddress::V4(5), 3).second);
  EXPECT_FALSE(map.TryEmplace(0, net::IpAddress::V4(5), 4).second);
  EXPECT_EQ(*map.Find(0, net::IpAddress::V4(5)), 1);
  EXPECT_EQ(*map.Find(0, net::IpAddress::V6(0, 5)), 2);
  EXPECT_EQ(*map.Find(1, net::IpAddress::V4(5)), 3);
  EXPECT_EQ(map.Find(2, net::IpAddress::V4(5)), nullptr);
  // A stored value can be changed while building.
  *map.TryEmplace(1, net::IpAddress::V4(5), 0).first = 7;
  EXPECT_EQ(*map.Find(1, net::IpAddress::V4(5)), 7);
}

}  // namespace
}  // namespace vnet::lookup
