// LpmTable and PrefixSet against a linear scan, on hand-written cases and on random tables from
// a fixed seed (IPv4 and IPv6, /0 to host prefixes, duplicates, empty tables).
#include "lookup/lpm_table.h"

#include <gtest/gtest.h>

#include <random>

#include "lookup/prefix_set.h"

namespace vnet::lookup {
namespace {

uint32_t Linear(const std::vector<LpmTable::Entry>& entries, const net::IpAddress& a) {
  int best = -1;
  uint32_t value = kNoMatch;
  for (const auto& e : entries) {
    if (e.prefix.Contains(a) && e.prefix.prefix_len() > best) {
      best = e.prefix.prefix_len();
      value = e.value;
    }
  }
  return value;
}

net::Cidr C(const char* t) { return net::Cidr::Parse(t).value(); }
net::IpAddress A(const char* t) { return net::IpAddress::Parse(t).value(); }

TEST(LpmTableTest, HandWrittenCases) {
  std::vector<LpmTable::Entry> e = {{C("0.0.0.0/0"), 1},   {C("10.0.0.0/8"), 2},
                                    {C("10.0.0.0/16"), 3}, {C("10.0.1.4/32"), 4},
                                    {C("10.0.0.0/16"), 9},  // duplicate: the first wins
                                    {C("fd00::/8"), 5},    {C("255.255.255.255/32"), 6}};
  LpmTable t = LpmTable::Build(e);
  struct Case {
    const char* ip;
    uint32_t value;
  } cases[] = {{"8.8.8.8", 1},  {"10.1.0.1", 2},          {"10.0.200.1", 3},      {"10.0.1.4", 4},
               {"10.0.1.5", 3}, {"255.255.255.255", 6},   {"255.255.255.254", 1}, {"0.0.0.0", 1},
               {"fd12::1", 5},  {"2001:db8::1", kNoMatch}};
  for (const Case& c : cases) EXPECT_EQ(t.Lookup(A(c.ip)), c.value) << c.ip;
  LpmTable empty = LpmTable::Build({});
  EXPECT_EQ(empty.Lookup(A("1.2.3.4")), kNoMatch);
  EXPECT_EQ(LpmTable().Lookup(A("::1")), kNoMatch);
  LpmTable all6 = LpmTable::Build({{C("::/0"), 7}});
  EXPECT_EQ(all6.Lookup(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")), 7u);
  EXPECT_EQ(all6.Lookup(A("1.2.3.4")), kNoMatch);
}

TEST(LpmTableTest, AgreesWithALinearScanOnRandomTables) {
  std::mt19937_64 rng(20261122);
  for (int round = 0; round < 200; ++round) {
    std::vector<LpmTable::Entry> entries;
    int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      int len = static_cast<int>(rng() % 33);
      uint32_t base = static_cast<uint32_t>(rng()) & (round % 2 ? 0x0AFF00FFu : 0xFFFFFFFFu);
      if (rng() % 8 == 0) {
        entries.push_back({net::Cidr::Of(net::IpAddress::V6(rng() & 0xFD00FFFF00000000ULL, rng()),
                                         static_cast<int>(rng() % 129)),
                           static_cast<uint32_t>(i)});
      } else {
        entries.push_back({net::Cidr::Of(net::IpAddress::V4(base), len), static_cast<uint32_t>(i)});
      }
    }
    LpmTable t = LpmTable::Build(entries);
    for (int q = 0; q < 2000; ++q) {
      net::IpAddress a;
      if (!entries.empty() && q % 2) {
        const auto& e = entries[rng() % entries.size()];
        a = e.prefix.address().Plus(rng() % std::max<uint64_t>(1, e.prefix.Size()));
        if (q % 3 == 0) a = e.prefix.last();
      } else {
        a = rng() % 8 ? net::IpAddress::V4(static_cast<uint32_t>(rng()))
                      : net::IpAddress::V6(rng() & 0xFD00FFFF00000000ULL, rng());
      }
      ASSERT_EQ(t.Lookup(a), Linear(entries, a)) << a.ToString() << " round " << round;
    }
  }
}

TEST(PrefixSetTest, Membership) {
  PrefixSet s =
      PrefixSet::Build({C("20.0.0.0/8"), C("20.1.0.0/16"), C("52.0.0.0/24"), C("2603::/16")});
  EXPECT_TRUE(s.Contains(A("20.200.1.1")));
  EXPECT_TRUE(s.Contains(A("52.0.0.255")));
  EXPECT_FALSE(s.Contains(A("52.0.1.0")));
  EXPECT_TRUE(s.Contains(A("2603:1::1")));
  EXPECT_FALSE(s.Contains(A("2604::1")));
  EXPECT_TRUE(PrefixSet().empty());
  EXPECT_FALSE(PrefixSet().Contains(A("1.1.1.1")));
}

}  // namespace
}  // namespace vnet::lookup
