// LpmTable and PrefixSet against a linear scan, on hand-written cases and on random tables from
// fixed seeds: IPv4 and IPv6 mixed, /0 to host prefixes, duplicates, dense nests, large tables,
// many prefixes longer than /64 in one /64, empty tables; queries at every prefix's edges.
#include "lookup/lpm_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "lookup/prefix_set.h"

namespace vnet::lookup {
namespace {

uint32_t Linear(const std::vector<LpmTable::Entry>& entries, const net::IpAddress& a) {
  int best = -1;
  uint32_t value = kNoMatch;
  for (const auto& e : entries) {
    if (e.prefix.Contains(a) && e.prefix.prefix_len() > best) {  // '>': the first of equals
      best = e.prefix.prefix_len();
      value = e.value;
    }
  }
  return value;
}

net::Cidr C(const char* t) { return net::Cidr::Parse(t).value(); }
net::IpAddress A(const char* t) { return net::IpAddress::Parse(t).value(); }

TEST(LpmTableTest, HandWrittenCases) {
  std::vector<LpmTable::Entry> e = {
      {C("0.0.0.0/0"), 1},    {C("10.0.0.0/8"), 2},         {C("10.0.0.0/16"), 3},
      {C("10.0.1.4/32"), 4},  {C("10.0.0.0/16"), 9},  // duplicate: the first wins
      {C("fd00::/8"), 5},     {C("255.255.255.255/32"), 6}, {C("0.0.0.0/32"), 8},
      {C("fd00::1/128"), 10}, {C("fd00::/64"), 11},         {C("fd00:0:0:1::/64"), 12}};
  LpmTable t = LpmTable::Build(e);
  EXPECT_EQ(t.size(), e.size());
  struct Case {
    const char* ip;
    uint32_t value;
  } cases[] = {
      {"8.8.8.8", 1},
      {"10.1.0.1", 2},
      {"10.0.200.1", 3},
      {"10.0.1.4", 4},
      {"10.0.1.3", 3},
      {"10.0.1.5", 3},
      {"10.255.255.255", 2},
      {"11.0.0.0", 1},
      {"255.255.255.255", 6},
      {"255.255.255.254", 1},
      {"0.0.0.0", 8},
      {"0.0.0.1", 1},
      {"fd12::1", 5},
      {"fd00::", 11},
      {"fd00::1", 10},
      {"fd00::2", 11},
      {"fd00::ffff:ffff:ffff:ffff", 11},
      {"fd00:0:0:1::", 12},
      {"fd00:0:0:2::", 5},
      {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 5},
      {"fe00::", kNoMatch},
      {"2001:db8::1", kNoMatch},
      {"::", kNoMatch},
  };
  for (const Case& c : cases) EXPECT_EQ(t.Lookup(A(c.ip)), c.value) << c.ip;
  EXPECT_EQ(t.LookupV4(0x0A000104u), 4u);
  LpmTable empty = LpmTable::Build({});
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.Lookup(A("1.2.3.4")), kNoMatch);
  EXPECT_EQ(empty.Lookup(A("::1")), kNoMatch);
  EXPECT_EQ(LpmTable().Lookup(A("::1")), kNoMatch);
  EXPECT_EQ(LpmTable().LookupV4(0xFFFFFFFFu), kNoMatch);
  LpmTable all6 = LpmTable::Build({{C("::/0"), 7}});
  EXPECT_EQ(all6.Lookup(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), 7u);
  EXPECT_EQ(all6.Lookup(A("::")), 7u);
  EXPECT_EQ(all6.Lookup(A("1.2.3.4")), kNoMatch);
  LpmTable all4 = LpmTable::Build({{C("0.0.0.0/0"), 3}, {C("0.0.0.0/0"), 4}});
  EXPECT_EQ(all4.Lookup(A("255.255.255.255")), 3u);
  EXPECT_EQ(all4.Lookup(A("::")), kNoMatch);
  EXPECT_GT(t.memory_bytes(), 0u);
}

// Random tables of one shape, checked on random addresses and on the first and last address of
// each prefix (of 300 at most) and their neighbours.
void CheckRandomTables(uint64_t seed, int rounds, int max_entries,
                       const std::function<net::Cidr(std::mt19937_64&)>& prefix) {
  std::mt19937_64 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    std::vector<LpmTable::Entry> entries;
    int n = static_cast<int>(rng() % (max_entries + 1));
    for (int i = 0; i < n; ++i) {
      net::Cidr c = prefix(rng);
      // Some duplicates of earlier prefixes with other values.
      if (i > 0 && rng() % 10 == 0) c = entries[rng() % entries.size()].prefix;
      entries.push_back({c, static_cast<uint32_t>(i)});
    }
    LpmTable t = LpmTable::Build(entries);
    std::vector<net::IpAddress> queries;
    for (size_t k = 0; k < std::min<size_t>(entries.size(), 300); ++k) {
      const auto& e = entries.size() <= 300 ? entries[k] : entries[rng() % entries.size()];
      for (net::IpAddress a : {e.prefix.address(), e.prefix.last()}) {
        queries.push_back(a);
        queries.push_back(a.Plus(1));
        queries.push_back(a.Plus(~uint64_t{0}));  // a - 1, wrapping inside the family
      }
    }
    for (int q = 0; q < 500; ++q) {
      if (!entries.empty() && q % 2) {
        const auto& e = entries[rng() % entries.size()];
        queries.push_back(e.prefix.address().Plus(rng() % std::max<uint64_t>(1, e.prefix.Size())));
      } else {
        queries.push_back(prefix(rng).address().Plus(rng()));
      }
    }
    for (const net::IpAddress& a : queries)
      ASSERT_EQ(t.Lookup(a), Linear(entries, a)) << a.ToString() << " round " << round;
  }
}

TEST(LpmTableTest, AgreesWithALinearScanOnMixedTables) {
  CheckRandomTables(20261122, 150, 300, [](std::mt19937_64& rng) {
    if (rng() % 8 == 0) {
      return net::Cidr::Of(net::IpAddress::V6(rng() & 0xFD00FFFF00000000ULL, rng()),
                           static_cast<int>(rng() % 129));
    }
    uint32_t base = static_cast<uint32_t>(rng()) & (rng() % 2 ? 0x0AFF00FFu : 0xFFFFFFFFu);
    return net::Cidr::Of(net::IpAddress::V4(base), static_cast<int>(rng() % 33));
  });
}

TEST(LpmTableTest, AgreesWithALinearScanOnDenseNests) {
  // Everything inside 10.0.0.0/20: deep nests, many intervals per bucket of the index.
  CheckRandomTables(301, 100, 400, [](std::mt19937_64& rng) {
    int len = 12 + static_cast<int>(rng() % 21);
    return net::Cidr::Of(net::IpAddress::V4(0x0A000000u | (rng() & 0xFFF)), len);
  });
}

TEST(LpmTableTest, AgreesWithALinearScanOnLargeTables) {
  CheckRandomTables(302, 4, 6000, [](std::mt19937_64& rng) {
    static const int kLens[] = {0, 8, 12, 16, 20, 22, 24, 24, 24, 26, 28, 32};
    return net::Cidr::Of(net::IpAddress::V4(static_cast<uint32_t>(rng())), kLens[rng() % 12]);
  });
}

TEST(LpmTableTest, AgreesWithALinearScanOnLongIpv6Prefixes) {
  // Prefixes longer than /64 inside a few /64s: the index settles them on the low 64 bits.
  CheckRandomTables(303, 60, 300, [](std::mt19937_64& rng) {
    uint64_t hi = 0x20010DB800000000ULL | (rng() % 3);
    int len = rng() % 4 ? 64 + static_cast<int>(rng() % 65) : static_cast<int>(rng() % 65);
    return net::Cidr::Of(net::IpAddress::V6(hi, rng() % 2 ? rng() : (rng() & 0xFF)), len);
  });
}

TEST(PrefixSetTest, Membership) {
  PrefixSet s =
      PrefixSet::Build({C("20.0.0.0/8"), C("20.1.0.0/16"), C("52.0.0.0/24"), C("2603::/16")});
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(s.Contains(A("20.200.1.1")));
  EXPECT_TRUE(s.Contains(A("52.0.0.255")));
  EXPECT_FALSE(s.Contains(A("52.0.1.0")));
  EXPECT_FALSE(s.Contains(A("19.255.255.255")));
  EXPECT_TRUE(s.Contains(A("2603:1::1")));
  EXPECT_FALSE(s.Contains(A("2604::1")));
  EXPECT_TRUE(PrefixSet().empty());
  EXPECT_TRUE(PrefixSet::Build({}).empty());
  EXPECT_FALSE(PrefixSet().Contains(A("1.1.1.1")));
  EXPECT_TRUE(PrefixSet::Build({C("0.0.0.0/0")}).Contains(A("1.1.1.1")));
  EXPECT_FALSE(PrefixSet::Build({C("0.0.0.0/0")}).Contains(A("::1")));
}

TEST(PrefixSetTest, AgreesWithALinearScan) {
  std::mt19937_64 rng(304);
  for (int round = 0; round < 50; ++round) {
    std::vector<net::Cidr> prefixes;
    for (int i = static_cast<int>(rng() % 2000); i > 0; --i) {
      prefixes.push_back(
          rng() % 5 ? net::Cidr::Of(net::IpAddress::V4(static_cast<uint32_t>(rng())),
                                    8 + static_cast<int>(rng() % 25))
                    : net::Cidr::Of(net::IpAddress::V6(0x2603000000000000ULL | (rng() >> 24), 0),
                                    16 + static_cast<int>(rng() % 49)));
    }
    PrefixSet s = PrefixSet::Build(prefixes);
    for (int q = 0; q < 1000; ++q) {
      net::IpAddress a =
          q % 2 && !prefixes.empty()
              ? prefixes[rng() % prefixes.size()].address().Plus(rng() % 256)
              : (rng() % 5 ? net::IpAddress::V4(static_cast<uint32_t>(rng()))
                           : net::IpAddress::V6(0x2603000000000000ULL | (rng() >> 24), rng()));
      bool expected = false;
      for (const net::Cidr& c : prefixes) expected |= c.Contains(a);
      ASSERT_EQ(s.Contains(a), expected) << a.ToString();
    }
  }
}

}  // namespace
}  // namespace vnet::lookup
