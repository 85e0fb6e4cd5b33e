// Classifier against a linear first-match scan: hand-written NSG-like cases and random rule sets
// from a fixed seed (prefix lists, any, ports and ranges at 0 and 65535, protocols, ICMP ignoring
// ports, IPv6, rules that can match nothing), the rules' flags read back, and lookups given a
// known source or destination rule set.
#include "lookup/classifier.h"

#include <gtest/gtest.h>

#include <random>

namespace vnet::lookup {
namespace {

bool In(const std::vector<net::Cidr>& list, const net::IpAddress& a) {
  if (list.empty()) return true;
  for (const auto& c : list) {
    if (c.Contains(a)) return true;
  }
  return false;
}
bool In(const std::vector<net::PortRange>& list, uint16_t p) {
  if (list.empty()) return true;
  for (const auto& r : list) {
    if (r.Contains(p)) return true;
  }
  return false;
}

uint32_t Linear(const std::vector<ClassifierRule>& rules, const net::FiveTuple& t) {
  for (uint32_t i = 0; i < rules.size(); ++i) {
    const ClassifierRule& r = rules[i];
    if (!(r.protocols & (1u << static_cast<int>(t.protocol)))) continue;
    if (!In(r.sources, t.source) || !In(r.destinations, t.destination)) continue;
    if (net::HasPorts(t.protocol) &&
        (!In(r.source_ports, t.source_port) || !In(r.destination_ports, t.destination_port)))
      continue;
    return i;
  }
  return kNoMatch;
}

net::Cidr C(const char* t) { return net::Cidr::Parse(t).value(); }
net::IpAddress A(const char* t) { return net::IpAddress::Parse(t).value(); }

TEST(ClassifierTest, NsgLikeRules) {
  std::vector<ClassifierRule> rules(4);
  rules[0].destinations = {C("20.0.0.0/8")};  // allow-storage-ish, TCP 443
  rules[0].destination_ports = {{443, 443}};
  rules[0].protocols = 1u << static_cast<int>(net::Protocol::kTcp);
  rules[1].destinations = {C("1.0.0.0/8"), C("8.0.0.0/7")};  // deny internet-ish
  rules[2].sources = {C("10.0.0.0/16")};                     // vnet
  rules[2].destinations = {C("10.0.0.0/16")};
  // rules[3]: any (deny all)
  Classifier c = Classifier::Build(rules);
  auto tuple = [](const char* s, const char* d, uint16_t port, net::Protocol p) {
    return net::FiveTuple{A(s), A(d), 50000, port, p};
  };
  EXPECT_EQ(c.Classify(tuple("10.0.0.4", "20.1.2.3", 443, net::Protocol::kTcp)), 0u);
  EXPECT_EQ(c.Classify(tuple("10.0.0.4", "20.1.2.3", 80, net::Protocol::kTcp)), 3u);
  EXPECT_EQ(c.Classify(tuple("10.0.0.4", "8.8.8.8", 53, net::Protocol::kUdp)), 1u);
  EXPECT_EQ(c.Classify(tuple("10.0.0.4", "10.0.1.5", 22, net::Protocol::kTcp)), 2u);
  EXPECT_EQ(c.Classify(tuple("10.0.0.4", "10.0.1.5", 0, net::Protocol::kIcmp)), 2u);
  EXPECT_EQ(c.Classify(tuple("fd00::1", "fd00::2", 22, net::Protocol::kTcp)), 3u);
  EXPECT_EQ(Classifier::Build({}).Classify(tuple("1.1.1.1", "2.2.2.2", 1, net::Protocol::kTcp)),
            kNoMatch);
  EXPECT_EQ(Classifier().Classify(tuple("1.1.1.1", "2.2.2.2", 1, net::Protocol::kTcp)), kNoMatch);
}

TEST(ClassifierTest, AgreesWithALinearScanOnRandomRules) {
  std::mt19937_64 rng(42);
  auto prefix = [&]() {
    if (rng() % 10 == 0)
      return net::Cidr::Of(net::IpAddress::V6(0xFD00000000000000ULL | (rng() & 0xFF), 0),
                           static_cast<int>(rng() % 65));
    return net::Cidr::Of(net::IpAddress::V4(static_cast<uint32_t>(rng()) & 0x1F0FFF00u),
                         static_cast<int>(rng() % 33));
  };
  auto port = [&]() -> net::PortRange {
    static const uint16_t kEdges[] = {0, 1, 22, 80, 443, 1024, 65534, 65535};
    uint16_t a = rng() % 2 ? kEdges[rng() % 8] : static_cast<uint16_t>(rng());
    uint16_t b = rng() % 3 ? a : static_cast<uint16_t>(a + rng() % 2000);
    if (b < a) b = 65535;
    return {a, b};
  };
  for (int round = 0; round < 60; ++round) {
    // 63 to 65 rules first: one-word rule sets (read directly) and two-word ones.
    std::vector<ClassifierRule> rules(round < 3 ? 63 + round : 1 + rng() % 200);
    for (auto& r : rules) {
      for (int k = static_cast<int>(rng() % 4); k > 0 && rng() % 4; --k)
        r.sources.push_back(prefix());
      for (int k = static_cast<int>(rng() % 6); k > 0 && rng() % 5; --k)
        r.destinations.push_back(prefix());
      for (int k = static_cast<int>(rng() % 3); k > 0 && rng() % 3 == 0; --k)
        r.source_ports.push_back(port());
      for (int k = static_cast<int>(rng() % 3); k > 0 && rng() % 2; --k)
        r.destination_ports.push_back(port());
      r.protocols = rng() % 3 ? 0x1F : static_cast<uint8_t>(rng() % 32);
      r.flag = rng() % 2;
    }
    Classifier c = Classifier::Build(rules);
    for (uint32_t i = 0; i < rules.size(); ++i)
      ASSERT_EQ(c.Flag(i), rules[i].flag) << "round " << round << " rule " << i;
    std::vector<ClassifierRule> any_source_port = rules;  // what Classify(t, true) must answer
    for (auto& r : any_source_port) r.source_ports.clear();
    for (int q = 0; q < 3000; ++q) {
      net::FiveTuple t;
      bool v6 = rng() % 10 == 0;
      auto addr = [&]() {
        if (v6) return net::IpAddress::V6(0xFD00000000000000ULL | (rng() & 0xFF), rng() % 4);
        const auto& r = rules[rng() % rules.size()];
        if (!r.destinations.empty() && rng() % 2 && r.destinations[0].is_v4())
          return r.destinations[0].address().Plus(rng() % r.destinations[0].Size());
        return net::IpAddress::V4(static_cast<uint32_t>(rng()) & 0x1F0FFFFFu);
      };
      t.source = addr();
      t.destination = addr();
      t.source_port = port().lo;
      t.destination_port = port().hi;
      t.protocol = static_cast<net::Protocol>(rng() % net::kProtocolCount);
      ASSERT_EQ(c.Classify(t), Linear(rules, t)) << "round " << round << " query " << q;
      ASSERT_EQ(c.Classify(t, true), Linear(any_source_port, t))
          << "round " << round << " query " << q << " (source ports ignored)";
      // With the source's or the destination's set given (kNoSet past 63 rules, or IPv6).
      constexpr uint64_t kNoSet = Classifier::kNoSet;
      bool asp = q % 2;
      uint32_t want = asp ? Linear(any_source_port, t) : Linear(rules, t);
      ASSERT_EQ(c.Classify(t, asp, c.SourceSet(t.source), kNoSet), want) << round << " " << q;
      ASSERT_EQ(c.Classify(t, asp, kNoSet, c.DestinationSet(t.destination)), want)
          << round << " " << q;
      ASSERT_EQ(c.Classify(t, asp, kNoSet, kNoSet), want) << round << " " << q;
      if (rules.size() < 64 && !v6) {
        ASSERT_NE(c.SourceSet(t.source), kNoSet);
      }
      if (rules.size() >= 64) {
        ASSERT_EQ(c.DestinationSet(t.destination), kNoSet);
      }
    }
  }
}

}  // namespace
}  // namespace vnet::lookup
