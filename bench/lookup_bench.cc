// Lookup benchmarks: vnetd's LpmTable and Classifier against DPDK's rte_lpm, rte_lpm6 and rte_acl
// (Debian libdpdk-dev, benchmark-only peers) on the same inputs, built from the shipped service
// tag file: a subnet's route table, a larger one, and a 1,000-rule NSG with tags; the same
// pseudo-random addresses and five-tuples (fixed seeds) for both sides, answers checked equal
// before timing. Prints one JSON object per figure on its own line at the end.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <pthread.h>
#include <rte_acl.h>
#include <rte_eal.h>
#include <rte_log.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "lookup/classifier.h"
#include "lookup/lpm_table.h"

namespace {

using vnet::lookup::Classifier;
using vnet::lookup::ClassifierRule;
using vnet::lookup::kNoMatch;
using vnet::lookup::LpmTable;
using vnet::net::Cidr;
using vnet::net::FiveTuple;
using vnet::net::IpAddress;
using vnet::net::PortRange;
using vnet::net::Protocol;

constexpr size_t kQueries = size_t{1} << 20;  // addresses and tuples per workload (power of 2)

// Figures the benchmarks leave for the JSON lines (memory, build times, rule counts).
std::map<std::string, double>& Extra() {
  static std::map<std::string, double> m;
  return m;
}

// --- Inputs ------------------------------------------------------------------------------------

// The prefixes of a service tag in the shipped file (Microsoft's format), in file order.
std::vector<Cidr> Tag(const std::string& name) {
  static const nlohmann::json doc = [] {
    std::ifstream in(VNET_SERVICE_TAGS);
    if (!in) {
      std::fprintf(stderr, "lookup_bench: cannot read %s\n", VNET_SERVICE_TAGS);
      std::exit(1);
    }
    return nlohmann::json::parse(in);
  }();
  std::vector<Cidr> out;
  for (const auto& v : doc.at("values")) {
    if (v.at("name") != name) continue;
    for (const auto& p : v.at("properties").at("addressPrefixes"))
      out.push_back(Cidr::Parse(p.get<std::string>()).value());
  }
  if (out.empty()) std::fprintf(stderr, "lookup_bench: no tag %s\n", name.c_str());
  return out;
}

Cidr C(const std::string& text) { return Cidr::Parse(text).value(); }
Cidr V4(uint32_t a, int len) { return Cidr::Of(IpAddress::V4(a), len); }

struct RouteWork {
  std::vector<LpmTable::Entry> entries;  // value = index of the entry
  std::vector<IpAddress> addresses;      // half inside a random prefix of the table, half uniform
};

// A subnet's effective routes: system routes, VNet and peering ranges, gateway routes, 400 user
// routes, service endpoint routes of Storage and Storage.EastUS (IPv4 and IPv6). `large` adds
// AzureCloud prefixes up to 5,000 IPv4 prefixes (a table with a broad endpoint or tag route set).
RouteWork MakeRoutes(bool large) {
  RouteWork w;
  std::mt19937_64 rng(large ? 11 : 7);
  auto add = [&](const Cidr& c) {
    w.entries.push_back({c, static_cast<uint32_t>(w.entries.size())});
  };
  for (const char* t : {"0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                        "100.64.0.0/10", "25.33.80.0/20", "25.41.3.0/25", "::/0"})
    add(C(t));
  for (int v = 0; v < 4; ++v) add(V4(0x0A010000u + (v << 16), 16));  // the VNet: 10.1-4.0.0/16
  add(C("fd00:1::/48"));
  for (int p = 0; p < 24; ++p) {  // peered VNets
    add(V4(0x0A200000u + (p << 16), 16 + p % 5));
    add(Cidr::Of(IpAddress::V6(0xFD00002000000000ULL + (uint64_t(p) << 16), 0), 48));
  }
  for (int g = 0; g < 16; ++g) add(V4(0xC0A80000u + (g << 8), 24));  // on-premises via gateway
  static const int kLens[] = {8, 12, 16, 20, 22, 24, 24, 24, 25, 26, 27, 28, 29, 30, 32, 32};
  for (int r = 0; r < 400; ++r) {  // user routes, some IPv6
    if (r % 10 == 9) {
      add(Cidr::Of(IpAddress::V6(0x2001000000000000ULL | (rng() >> 20), rng()),
                   32 + static_cast<int>(rng() % 97)));
    } else {
      add(V4(static_cast<uint32_t>(rng()), kLens[rng() % 16]));
    }
  }
  for (const char* tag : {"Storage", "Storage.EastUS"}) {
    for (const Cidr& c : Tag(tag)) add(c);  // duplicates: the first wins, as in the table
  }
  if (large) {
    size_t v4 = 0;
    for (const auto& e : w.entries) v4 += e.prefix.is_v4();
    for (const Cidr& c : Tag("AzureCloud")) {
      if (v4 >= 5000) break;
      if (c.is_v4()) {
        add(c);
        ++v4;
      }
    }
  }
  std::vector<const Cidr*> by_family[2];  // [0]: IPv4, [1]: IPv6
  for (const auto& e : w.entries) by_family[e.prefix.is_v4() ? 0 : 1].push_back(&e.prefix);
  for (size_t i = 0; i < kQueries; ++i) {
    bool v6 = i % 4 == 3;
    if (i % 8 < 4) {
      const auto& list = by_family[v6];
      const Cidr& c = *list[rng() % list.size()];
      w.addresses.push_back(c.address().Plus(rng() % c.Size()));
    } else if (v6) {
      static const uint64_t kTop[] = {0xFD00000100000000ULL, 0xFD00002000000000ULL,
                                      0x2001000000000000ULL, 0x2603100000000000ULL};
      w.addresses.push_back(IpAddress::V6(kTop[rng() % 4] | (rng() >> 28), rng()));
    } else {
      w.addresses.push_back(IpAddress::V4(static_cast<uint32_t>(rng())));
    }
  }
  return w;
}

const RouteWork& Routes(int which) {
  static const RouteWork kSubnet = MakeRoutes(false);
  static const RouteWork kLarge = MakeRoutes(true);
  return which ? kLarge : kSubnet;
}

// The value of the first /0 of a family: what a miss in the DPDK tables (no depth 0) means.
uint32_t DefaultValue(const RouteWork& w, bool v4) {
  for (const auto& e : w.entries) {
    if (e.prefix.is_v4() == v4 && e.prefix.prefix_len() == 0) return e.value;
  }
  return kNoMatch;
}

struct NsgWork {
  std::vector<ClassifierRule> rules;
  std::vector<FiveTuple> tuples;  // IPv4 (rte_acl's 5-tuple layout is IPv4)
};

uint8_t Bit(Protocol p) { return static_cast<uint8_t>(1u << static_cast<int>(p)); }

// 1,000 inbound rules in priority order, shaped like a large NSG: application rules from a few
// address ranges to subnets and well-known ports, any-source rules, port denials, ICMP rules,
// 40 rules whose address field is a service tag (Storage, AzureCloud.eastus: hundreds of
// prefixes each), then the default rules (VirtualNetwork, AzureLoadBalancer, DenyAll).
NsgWork MakeNsg() {
  NsgWork w;
  std::mt19937_64 rng(301);
  static const uint16_t kPorts[] = {22,   53,   80,   123,  389,  443,  445,  1433, 1521, 3306,
                                    3389, 5432, 5671, 5672, 6379, 8080, 8443, 9000, 9092, 27017};
  auto port = [&] { return kPorts[rng() % 20]; };
  auto subnet = [&] { return V4(0x0A010000u + (static_cast<uint32_t>(rng() % 1024) << 6), 26); };
  auto peer = [&] {
    return V4(0x0A000000u | (static_cast<uint32_t>(rng()) & 0x00FFFFFFu), 16 + rng() % 17);
  };
  auto pub = [&] { return V4(static_cast<uint32_t>(rng()), 20 + rng() % 13); };
  std::vector<Cidr> storage = Tag("Storage"), cloud = Tag("AzureCloud.eastus");
  std::vector<Cidr> vnet = {C("10.1.0.0/16"), C("10.2.0.0/16"),    C("10.3.0.0/16"),
                            C("10.4.0.0/16"), C("192.168.0.0/20"), C("fd00:1::/48")};
  for (int p = 0; p < 24; ++p) vnet.push_back(V4(0x0A200000u + (p << 16), 16 + p % 5));
  for (int i = 0; i < 997; ++i) {
    ClassifierRule r;
    int kind = static_cast<int>(rng() % 100);
    uint64_t proto = rng() % 10;
    r.protocols = proto < 7 ? Bit(Protocol::kTcp) : proto < 9 ? Bit(Protocol::kUdp) : 0x1F;
    if (i % 25 == 12) {  // a tag rule: one side is a service tag
      r.protocols = Bit(Protocol::kTcp);
      if (rng() % 2) {
        r.sources = {subnet()};
        r.destinations = rng() % 2 ? storage : cloud;
        r.destination_ports = {{443, 443}};
      } else {
        r.sources = cloud;
        r.destinations = {subnet(), subnet()};
        uint16_t p = port();
        r.destination_ports = {{p, p}, {8000, 8999}};
      }
    } else if (kind < 55) {  // application rule
      for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k)
        r.sources.push_back(rng() % 3 ? peer() : pub());
      for (int k = 1 + static_cast<int>(rng() % 2); k > 0; --k) r.destinations.push_back(subnet());
      for (int k = 1 + static_cast<int>(rng() % 3); k > 0; --k) {
        uint16_t p = port();
        r.destination_ports.push_back({p, p});
      }
      if (rng() % 8 == 0) r.destination_ports.push_back({1024, 65535});
      if (rng() % 30 == 0) r.source_ports = {{1024, 65535}};
    } else if (kind < 75) {  // any source to a subnet
      r.destinations = {subnet()};
      uint16_t p = port();
      r.destination_ports = {{p, static_cast<uint16_t>(p + rng() % 3)}};
    } else if (kind < 90) {  // port denial from anywhere to anything
      uint16_t p = port();
      r.destination_ports = {{p, p}};
      if (rng() % 4 == 0) r.destination_ports.push_back({0, 0});
      if (rng() % 4 == 0) r.destination_ports.push_back({65535, 65535});
    } else if (kind < 95) {  // ICMP from a range
      r.protocols = Bit(Protocol::kIcmp);
      r.sources = {peer()};
    } else {  // a whole range, all protocols
      r.protocols = 0x1F;
      r.sources = {pub()};
      r.destinations = {subnet()};
    }
    w.rules.push_back(std::move(r));
  }
  ClassifierRule allow_vnet, allow_lb, deny;
  allow_vnet.sources = allow_vnet.destinations = vnet;
  allow_lb.sources = {C("168.63.129.16/32")};
  w.rules.push_back(allow_vnet);
  w.rules.push_back(allow_lb);
  w.rules.push_back(deny);

  // Tuples: 60% aimed at a random rule (addresses inside its prefixes, a port in its ranges, one
  // of its protocols), 40% background traffic into the VNet.
  static const Protocol kProtos[] = {Protocol::kTcp, Protocol::kUdp, Protocol::kIcmp,
                                     Protocol::kEsp, Protocol::kAh};
  auto in = [&](const std::vector<Cidr>& list, IpAddress fallback) {
    std::vector<const Cidr*> v4;
    for (const Cidr& c : list) {
      if (c.is_v4()) v4.push_back(&c);
    }
    if (v4.empty()) return fallback;
    const Cidr& c = *v4[rng() % v4.size()];
    return c.address().Plus(rng() % c.Size());
  };
  auto in_ports = [&](const std::vector<PortRange>& list) {
    if (list.empty() || rng() % 10 == 0) return static_cast<uint16_t>(rng());
    const PortRange& p = list[rng() % list.size()];
    return static_cast<uint16_t>(p.lo + rng() % (uint32_t{p.hi} - p.lo + 1));
  };
  for (size_t i = 0; i < kQueries; ++i) {
    FiveTuple t;
    if (i % 5 < 3) {
      const ClassifierRule& r = w.rules[rng() % w.rules.size()];
      t.source = in(r.sources, IpAddress::V4(static_cast<uint32_t>(rng())));
      t.destination = in(r.destinations, IpAddress::V4(0x0A010000u | (rng() & 0xFFFF)));
      t.source_port = in_ports(r.source_ports);
      t.destination_port = in_ports(r.destination_ports);
      std::vector<Protocol> ps;
      for (Protocol p : kProtos) {
        if (r.protocols & Bit(p)) ps.push_back(p);
      }
      t.protocol = ps.empty() ? Protocol::kTcp : ps[rng() % ps.size()];
    } else {
      t.source = rng() % 2 ? IpAddress::V4(0x0A000000u | (rng() & 0xFFFFFF))
                           : IpAddress::V4(static_cast<uint32_t>(rng()));
      t.destination = IpAddress::V4(0x0A010000u | (rng() & 0xFFFF));
      static const uint16_t kEdges[] = {0, 1, 1023, 1024, 65535};
      t.source_port = rng() % 10 ? static_cast<uint16_t>(1024 + rng() % 64512) : kEdges[rng() % 5];
      t.destination_port = rng() % 2 ? port() : static_cast<uint16_t>(rng());
      uint64_t p = rng() % 20;
      t.protocol = p < 12 ? Protocol::kTcp : p < 17 ? Protocol::kUdp : kProtos[2 + p % 3];
    }
    w.tuples.push_back(t);
  }
  return w;
}

const NsgWork& Nsg() {
  static const NsgWork kWork = MakeNsg();
  return kWork;
}

// --- vnetd -------------------------------------------------------------------------------------

template <class Lookup>
void RunLookups(benchmark::State& state, const std::vector<IpAddress>& addresses, Lookup lookup) {
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) sum += lookup(addresses[i++ & (kQueries - 1)]);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// IPv4 or IPv6 queries of a workload, in the same order for both sides.
const std::vector<IpAddress>& Queries(int which, bool v4) {
  static std::map<std::pair<int, bool>, std::vector<IpAddress>> cache;
  auto& q = cache[{which, v4}];
  if (q.empty()) {
    for (const IpAddress& a : Routes(which).addresses) {
      if (a.is_v4() == v4) q.push_back(a);
    }
    for (size_t i = 0; q.size() < kQueries; ++i) q.push_back(q[i]);
  }
  return q;
}

void BM_VnetdLpm(benchmark::State& state, int which) {
  LpmTable t = LpmTable::Build(Routes(which).entries);
  Extra()[std::string("lpm_kib/") + (which ? "large" : "subnet")] = t.memory_bytes() / 1024.0;
  RunLookups(state, Queries(which, true), [&](const IpAddress& a) { return t.LookupV4(a.v4()); });
}
BENCHMARK_CAPTURE(BM_VnetdLpm, subnet, 0);
BENCHMARK_CAPTURE(BM_VnetdLpm, large, 1);

void BM_VnetdLpm6(benchmark::State& state) {
  LpmTable t = LpmTable::Build(Routes(0).entries);
  RunLookups(state, Queries(0, false), [&](const IpAddress& a) { return t.Lookup(a); });
}
BENCHMARK(BM_VnetdLpm6);

void BM_VnetdClassify(benchmark::State& state) {
  const NsgWork& w = Nsg();
  auto start = std::chrono::steady_clock::now();
  Classifier c = Classifier::Build(w.rules);
  Extra()["classifier_build_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  Extra()["classifier_mib"] = c.memory_bytes() / 1048576.0;
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) sum += c.Classify(w.tuples[i++ & (kQueries - 1)]);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_VnetdClassify);

// --- DPDK --------------------------------------------------------------------------------------

// rte_eal_init once, from main() before any benchmark so both sides run under the same CPU
// affinity: EAL pins the calling thread to lcore 0, and we give the thread its old mask back.
bool g_dpdk = false;

void InitDpdk() {
  cpu_set_t mask;
  pthread_getaffinity_np(pthread_self(), sizeof(mask), &mask);
  const char* args[] = {"lookup_bench",   "--no-huge",   "--no-pci", "-m", "512",
                        "--no-telemetry", "--no-shconf", "-l",       "0",  "--log-level=error"};
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  g_dpdk = rte_eal_init(static_cast<int>(argv.size()), argv.data()) >= 0;
  pthread_setaffinity_np(pthread_self(), sizeof(mask), &mask);
  if (!g_dpdk)
    std::fprintf(stderr, "lookup_bench: rte_eal_init failed; DPDK benchmarks will be skipped\n");
}

bool SkipWithoutDpdk(benchmark::State& state) {
  if (!g_dpdk) state.SkipWithError("DPDK unavailable (rte_eal_init failed)");
  return !g_dpdk;
}

void BM_DpdkLpm(benchmark::State& state, int which) {
  if (SkipWithoutDpdk(state)) return;
  const RouteWork& w = Routes(which);
  rte_lpm_config config{};
  config.max_rules = static_cast<uint32_t>(w.entries.size() + 16);
  config.number_tbl8s = 1 << 13;
  std::string name = "lpm" + std::to_string(which);
  rte_lpm* lpm = rte_lpm_create(name.c_str(), SOCKET_ID_ANY, &config);
  if (!lpm) return state.SkipWithError("rte_lpm_create failed");
  std::map<std::pair<uint32_t, int>, bool> seen;  // rte_lpm_add overwrites: keep the first
  for (const auto& e : w.entries) {
    if (!e.prefix.is_v4() || e.prefix.prefix_len() == 0) continue;
    if (!seen.emplace(std::make_pair(e.prefix.address().v4(), e.prefix.prefix_len()), true).second)
      continue;
    if (rte_lpm_add(lpm, e.prefix.address().v4(), static_cast<uint8_t>(e.prefix.prefix_len()),
                    e.value) != 0) {
      rte_lpm_free(lpm);
      return state.SkipWithError("rte_lpm_add failed");
    }
  }
  Extra()[std::string("rte_lpm_kib/") + (which ? "large" : "subnet")] =
      ((1u << 24) + config.number_tbl8s * 256.0) * 4 / 1024;
  uint32_t none = DefaultValue(w, true);
  auto lookup = [&](const IpAddress& a) {
    uint32_t hop = 0;
    return rte_lpm_lookup(lpm, a.v4(), &hop) == 0 ? hop : none;
  };
  LpmTable mine = LpmTable::Build(w.entries);
  for (const IpAddress& a : Queries(which, true)) {
    if (lookup(a) != mine.LookupV4(a.v4())) {
      rte_lpm_free(lpm);
      return state.SkipWithError(("rte_lpm and LpmTable disagree on " + a.ToString()).c_str());
    }
  }
  RunLookups(state, Queries(which, true), lookup);
  rte_lpm_free(lpm);
}
BENCHMARK_CAPTURE(BM_DpdkLpm, subnet, 0);
BENCHMARK_CAPTURE(BM_DpdkLpm, large, 1);

void Bytes6(const IpAddress& a, uint8_t out[16]) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<uint8_t>(a.hi() >> (56 - 8 * i));
    out[8 + i] = static_cast<uint8_t>(a.lo() >> (56 - 8 * i));
  }
}

void BM_DpdkLpm6(benchmark::State& state) {
  if (SkipWithoutDpdk(state)) return;
  const RouteWork& w = Routes(0);
  rte_lpm6_config config{};
  config.max_rules = static_cast<uint32_t>(w.entries.size() + 16);
  config.number_tbl8s = 1 << 16;
  rte_lpm6* lpm = rte_lpm6_create("lpm6", SOCKET_ID_ANY, &config);
  if (!lpm) return state.SkipWithError("rte_lpm6_create failed");
  std::map<std::pair<IpAddress, int>, bool> seen;
  for (const auto& e : w.entries) {
    if (e.prefix.is_v4() || e.prefix.prefix_len() == 0) continue;
    if (!seen.emplace(std::make_pair(e.prefix.address(), e.prefix.prefix_len()), true).second)
      continue;
    uint8_t ip[16];
    Bytes6(e.prefix.address(), ip);
    if (rte_lpm6_add(lpm, ip, static_cast<uint8_t>(e.prefix.prefix_len()), e.value) != 0) {
      rte_lpm6_free(lpm);
      return state.SkipWithError("rte_lpm6_add failed");
    }
  }
  // rte_lpm6 takes bytes: convert the queries before timing, as a packet would carry them.
  std::vector<std::array<uint8_t, 16>> bytes(kQueries);
  for (size_t i = 0; i < kQueries; ++i) Bytes6(Queries(0, false)[i], bytes[i].data());
  uint32_t none = DefaultValue(w, false);
  auto lookup = [&](const uint8_t* ip) {
    uint32_t hop = 0;
    return rte_lpm6_lookup(lpm, ip, &hop) == 0 ? hop : none;
  };
  LpmTable mine = LpmTable::Build(w.entries);
  for (size_t i = 0; i < kQueries; ++i) {
    if (lookup(bytes[i].data()) != mine.Lookup(Queries(0, false)[i])) {
      rte_lpm6_free(lpm);
      return state.SkipWithError("rte_lpm6 and LpmTable disagree");
    }
  }
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) sum += lookup(bytes[i++ & (kQueries - 1)].data());
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  rte_lpm6_free(lpm);
}
BENCHMARK(BM_DpdkLpm6);

// rte_acl's IPv4 five-tuple, laid out as DPDK's l3fwd reads it from the IPv4 header (protocol,
// checksum, addresses, ports): one byte, then groups of four. Network byte order.
struct AclKey {
  uint8_t bytes[16];
};
RTE_ACL_RULE_DEF(AclRule, 5);

uint8_t IpProto(Protocol p) {
  static const uint8_t kNumbers[] = {6, 17, 1, 50, 51};
  return kNumbers[static_cast<int>(p)];
}

AclKey ToAclKey(const FiveTuple& t) {
  AclKey k{};
  k.bytes[0] = IpProto(t.protocol);
  uint32_t s = htonl(t.source.v4()), d = htonl(t.destination.v4());
  uint16_t sp = htons(t.source_port), dp = htons(t.destination_port);
  std::memcpy(k.bytes + 3, &s, 4);
  std::memcpy(k.bytes + 7, &d, 4);
  std::memcpy(k.bytes + 11, &sp, 2);
  std::memcpy(k.bytes + 13, &dp, 2);
  return k;
}

// The NSG as rte_acl rules: one per (protocol, source, destination, source ports, destination
// ports) of a rule, all with the rule's priority; IPv6 prefixes left out (IPv4 tuples only);
// ICMP, ESP and AH without port conditions, as the classifier ignores ports for them.
std::vector<AclRule> ToAclRules(const std::vector<ClassifierRule>& rules) {
  std::vector<AclRule> out;
  const std::vector<Cidr> any = {Cidr()};
  const std::vector<PortRange> any_port = {PortRange{}};
  for (size_t i = 0; i < rules.size(); ++i) {
    const ClassifierRule& r = rules[i];
    std::vector<std::pair<uint8_t, bool>> protos;  // (IP protocol or 0 = any, with ports)
    bool ports = !r.source_ports.empty() || !r.destination_ports.empty();
    if (r.protocols == 0x1F && !ports) {
      protos.push_back({0, false});
    } else {
      for (int p = 0; p < vnet::net::kProtocolCount; ++p) {
        Protocol proto = static_cast<Protocol>(p);
        if (r.protocols & Bit(proto)) protos.push_back({IpProto(proto), HasPorts(proto)});
      }
    }
    auto v4 = [&](const std::vector<Cidr>& list) {
      if (list.empty()) return any;
      std::vector<Cidr> out4;
      for (const Cidr& c : list) {
        if (c.is_v4()) out4.push_back(c);
      }
      return out4;
    };
    std::vector<Cidr> sources = v4(r.sources), destinations = v4(r.destinations);
    for (const auto& [proto, with_ports] : protos) {
      const auto& sps = with_ports && !r.source_ports.empty() ? r.source_ports : any_port;
      const auto& dps = with_ports && !r.destination_ports.empty() ? r.destination_ports : any_port;
      for (const Cidr& s : sources) {
        for (const Cidr& d : destinations) {
          for (const PortRange& sp : sps) {
            for (const PortRange& dp : dps) {
              AclRule a{};
              a.data.category_mask = 1;
              a.data.priority = static_cast<int32_t>(RTE_ACL_MAX_PRIORITY - i);
              a.data.userdata = static_cast<uint32_t>(i + 1);
              a.field[0].value.u8 = proto;
              a.field[0].mask_range.u8 = proto ? 0xFF : 0;
              a.field[1].value.u32 = s.address().v4();
              a.field[1].mask_range.u32 = static_cast<uint32_t>(s.prefix_len());
              a.field[2].value.u32 = d.address().v4();
              a.field[2].mask_range.u32 = static_cast<uint32_t>(d.prefix_len());
              a.field[3].value.u16 = sp.lo;
              a.field[3].mask_range.u16 = sp.hi;
              a.field[4].value.u16 = dp.lo;
              a.field[4].mask_range.u16 = dp.hi;
              out.push_back(a);
            }
          }
        }
      }
    }
  }
  return out;
}

// Builds the rte_acl context of the NSG once; nullptr (and a message) if DPDK cannot.
rte_acl_ctx* AclContext(std::string* error) {
  static std::string build_error;
  static rte_acl_ctx* ctx = [&]() -> rte_acl_ctx* {
    std::vector<AclRule> rules = ToAclRules(Nsg().rules);
    Extra()["rte_acl_rules"] = static_cast<double>(rules.size());
    rte_acl_param param{};
    param.name = "nsg";
    param.socket_id = SOCKET_ID_ANY;
    param.rule_size = RTE_ACL_RULE_SZ(5);
    param.max_rule_num = static_cast<uint32_t>(rules.size());
    rte_acl_ctx* c = rte_acl_create(&param);
    if (!c) return build_error = "rte_acl_create failed", nullptr;
    if (rte_acl_add_rules(c, reinterpret_cast<const rte_acl_rule*>(rules.data()),
                          static_cast<uint32_t>(rules.size())) != 0)
      return build_error = "rte_acl_add_rules failed", rte_acl_free(c), nullptr;
    rte_acl_config config{};
    config.num_categories = 1;
    config.num_fields = 5;
    config.defs[0] = {RTE_ACL_FIELD_TYPE_BITMASK, 1, 0, 0, 0};
    config.defs[1] = {RTE_ACL_FIELD_TYPE_MASK, 4, 1, 1, 3};
    config.defs[2] = {RTE_ACL_FIELD_TYPE_MASK, 4, 2, 2, 7};
    config.defs[3] = {RTE_ACL_FIELD_TYPE_RANGE, 2, 3, 3, 11};
    config.defs[4] = {RTE_ACL_FIELD_TYPE_RANGE, 2, 4, 3, 13};
    // Capture the build's memory report (a DEBUG log line of the ACL library).
    char* log = nullptr;
    size_t log_size = 0;
    FILE* stream = open_memstream(&log, &log_size);
    uint32_t global = rte_log_get_global_level();
    rte_openlog_stream(stream);
    rte_log_set_global_level(RTE_LOG_DEBUG);
    rte_log_set_level(RTE_LOGTYPE_ACL, RTE_LOG_DEBUG);
    auto start = std::chrono::steady_clock::now();
    int rc = rte_acl_build(c, &config);
    Extra()["rte_acl_build_ms"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    rte_log_set_global_level(global);
    rte_openlog_stream(nullptr);
    std::fclose(stream);
    if (const char* total = log ? std::strstr(log, "total: ") : nullptr)
      Extra()["rte_acl_mib"] = std::strtod(total + 7, nullptr) / 1048576.0;
    std::free(log);
    if (rc != 0) return build_error = "rte_acl_build failed", rte_acl_free(c), nullptr;
    return c;
  }();
  *error = build_error;
  return ctx;
}

const std::vector<AclKey>& AclKeys() {
  static const std::vector<AclKey> kKeys = [] {
    std::vector<AclKey> keys;
    for (const FiveTuple& t : Nsg().tuples) keys.push_back(ToAclKey(t));
    return keys;
  }();
  return kKeys;
}

void BM_DpdkAcl(benchmark::State& state, uint32_t burst) {
  if (SkipWithoutDpdk(state)) return;
  std::string error;
  rte_acl_ctx* ctx = AclContext(&error);
  if (!ctx) return state.SkipWithError(error.c_str());
  const std::vector<AclKey>& keys = AclKeys();
  std::vector<const uint8_t*> data(kQueries);
  for (size_t i = 0; i < kQueries; ++i) data[i] = keys[i].bytes;
  std::vector<uint32_t> results(kQueries);
  static bool checked = false;
  if (!checked) {  // the same answers as the classifier on every tuple, before timing
    rte_acl_classify(ctx, data.data(), results.data(), kQueries, 1);
    Classifier mine = Classifier::Build(Nsg().rules);
    for (size_t i = 0; i < kQueries; ++i) {
      uint32_t theirs = results[i] == 0 ? kNoMatch : results[i] - 1;
      if (theirs != mine.Classify(Nsg().tuples[i]))
        return state.SkipWithError(
            ("rte_acl and Classifier disagree on tuple " + std::to_string(i)).c_str());
    }
    checked = true;
  }
  size_t i = 0;
  for (auto _ : state) {
    rte_acl_classify(ctx, data.data() + i, results.data() + i, burst, 1);
    i = (i + burst) & (kQueries - 1);
  }
  benchmark::DoNotOptimize(results.data());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * burst));
}
BENCHMARK_CAPTURE(BM_DpdkAcl, burst1, 1);
BENCHMARK_CAPTURE(BM_DpdkAcl, burst64, 64);

// --- Report ------------------------------------------------------------------------------------

// Keeps each benchmark's time per item (median over repetitions), for the JSON lines.
class Collector : public benchmark::ConsoleReporter {
 public:
  explicit Collector(bool color) : ConsoleReporter(color ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      // Repetitions, or only their median when aggregates alone are reported.
      bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if ((r.run_type != Run::RT_Iteration && !median) || r.error_occurred) continue;
      auto items = r.counters.find("items_per_second");
      if (items == r.counters.end() || items->second.value <= 0) continue;
      std::string name =
          r.run_name.function_name + (r.run_name.args.empty() ? "" : "/" + r.run_name.args);
      if (median)
        medians_[name] = 1e9 / items->second.value;
      else
        samples_[name].push_back(1e9 / items->second.value);
    }
  }
  double ns(const std::string& name) const {
    if (auto m = medians_.find(name); m != medians_.end()) return m->second;
    auto it = samples_.find(name);
    if (it == samples_.end()) return 0;
    std::vector<double> v = it->second;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }

 private:
  std::map<std::string, std::vector<double>> samples_;
  std::map<std::string, double> medians_;
};

void Print(const char* name, double value, const char* unit, const char* peer, double peer_value) {
  if (value <= 0) return;
  std::printf("{\"name\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"", name, value, unit);
  if (peer && peer_value > 0)
    std::printf(",\"peer\":\"%s\",\"peer_value\":%.4g,\"ratio\":%.3g", peer, peer_value,
                value / peer_value);
  std::printf("}\n");
}

double ExtraOr0(const std::string& key) {
  auto it = Extra().find(key);
  return it == Extra().end() ? 0 : it->second;
}

}  // namespace

int main(int argc, char** argv) {
  // By default three repetitions, randomly interleaved, so that both sides of a ratio see the
  // same load on a shared machine; flags given on the command line win.
  std::vector<char*> args(argv, argv + argc);
  std::string reps = "--benchmark_repetitions=3",
              interleave = "--benchmark_enable_random_interleaving=true";
  bool has_reps = false;
  for (int i = 1; i < argc; ++i) has_reps |= std::strstr(argv[i], "repetitions") != nullptr;
  if (!has_reps) {
    args.insert(args.begin() + 1, reps.data());
    args.insert(args.begin() + 2, interleave.data());
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  InitDpdk();
  Collector collector(isatty(STDOUT_FILENO) != 0);
  benchmark::RunSpecifiedBenchmarks(&collector);
  auto c = [&](const char* name) { return collector.ns(name); };
  Print("lpm_lookup_ns", c("BM_VnetdLpm/subnet"), "ns", "rte_lpm", c("BM_DpdkLpm/subnet"));
  Print("lpm_lookup_5k_ns", c("BM_VnetdLpm/large"), "ns", "rte_lpm", c("BM_DpdkLpm/large"));
  Print("lpm6_lookup_ns", c("BM_VnetdLpm6"), "ns", "rte_lpm6", c("BM_DpdkLpm6"));
  Print("lpm_memory_kib", ExtraOr0("lpm_kib/subnet"), "KiB", "rte_lpm",
        ExtraOr0("rte_lpm_kib/subnet"));
  Print("classify_ns", c("BM_VnetdClassify"), "ns", "rte_acl (1 tuple per call)",
        c("BM_DpdkAcl/burst1"));
  Print("classify_ns_vs_burst", c("BM_VnetdClassify"), "ns", "rte_acl (64 tuples per call)",
        c("BM_DpdkAcl/burst64"));
  double mine = c("BM_VnetdClassify"), theirs = c("BM_DpdkAcl/burst1");
  Print("classify_decisions_per_s", mine > 0 ? 1e9 / mine : 0, "1/s", "rte_acl (1 tuple per call)",
        theirs > 0 ? 1e9 / theirs : 0);
  Print("classifier_memory_mib", ExtraOr0("classifier_mib"), "MiB", "rte_acl",
        ExtraOr0("rte_acl_mib"));
  Print("classifier_build_ms", ExtraOr0("classifier_build_ms"), "ms", "rte_acl",
        ExtraOr0("rte_acl_build_ms"));
  Print("nsg_acl_rules", ExtraOr0("rte_acl_rules"), "rules", nullptr, 0);
  benchmark::Shutdown();
  return 0;
}
