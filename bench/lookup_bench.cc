// Route lookup: vnetd's LpmTable against DPDK's rte_lpm (Debian libdpdk-dev, benchmark only) on
// the same prefixes and the same addresses: a subnet's effective table at Azure's scale (the
// system routes, 400 user routes, and the Microsoft.Storage endpoint's prefixes of eastus and
// westus from the shipped service tag file). Prints one JSON object per figure at the end.
#include <benchmark/benchmark.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lpm.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "compile/service_tags.h"
#include "lookup/lpm_table.h"

namespace {

using vnet::lookup::LpmTable;

struct Workload {
  std::vector<LpmTable::Entry> entries;  // IPv4 only; value = index
  std::vector<uint32_t> addresses;       // host order
  uint32_t default_value = vnet::lookup::kNoMatch;
};

const Workload& Work() {
  static Workload w = [] {
    Workload out;
    auto add = [&](const char* text) {
      out.entries.push_back(
          {vnet::net::Cidr::Parse(text).value(), static_cast<uint32_t>(out.entries.size())});
    };
    for (const char* t : {"0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                          "100.64.0.0/10", "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"})
      add(t);
    for (int r = 0; r < 400; ++r) {
      std::string p = "172." + std::to_string(16 + r % 16) + "." + std::to_string(r / 16) + ".0/24";
      add(p.c_str());
    }
    auto tags = vnet::compile::ServiceTagCatalogue::Default().value();
    for (const char* tag : {"Storage.EastUS", "Storage.WestUS"}) {
      for (const vnet::net::Cidr& c : tags->Find(tag)->prefixes) {
        if (c.is_v4()) out.entries.push_back({c, static_cast<uint32_t>(out.entries.size())});
      }
    }
    out.default_value = 0;
    // Addresses: half inside the table's prefixes, half uniform.
    std::mt19937_64 rng(7);
    for (int i = 0; i < (1 << 20); ++i) {
      if (i % 2) {
        const auto& e = out.entries[rng() % out.entries.size()];
        out.addresses.push_back(e.prefix.address().v4() +
                                static_cast<uint32_t>(rng() % e.prefix.Size()));
      } else {
        out.addresses.push_back(static_cast<uint32_t>(rng()));
      }
    }
    return out;
  }();
  return w;
}

void BM_VnetdLpm(benchmark::State& state) {
  const Workload& w = Work();
  LpmTable table = LpmTable::Build(w.entries);
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    sum += table.LookupV4(w.addresses[i++ & (w.addresses.size() - 1)]);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["prefixes"] = static_cast<double>(w.entries.size());
  state.counters["table_kib"] = static_cast<double>(table.memory_bytes()) / 1024.0;
}
BENCHMARK(BM_VnetdLpm);

bool InitDpdk() {
  static bool ok = [] {
    // As DESIGN.md says DPDK runs here: no hugepages, no devices, no telemetry.
    const char* args[] = {"lookup_bench", "--no-huge", "--no-pci",
                          "-m",           "512",       "--no-telemetry",
                          "-l",           "0",         "--log-level=error"};
    int argc = static_cast<int>(sizeof(args) / sizeof(args[0]));
    return rte_eal_init(argc, const_cast<char**>(args)) >= 0;
  }();
  return ok;
}

void BM_DpdkLpm(benchmark::State& state) {
  if (!InitDpdk()) {
    state.SkipWithError("rte_eal_init failed: DPDK cannot run here");
    return;
  }
  const Workload& w = Work();
  rte_lpm_config config{};
  config.max_rules = static_cast<uint32_t>(w.entries.size() + 16);
  config.number_tbl8s = 1 << 12;
  rte_lpm* lpm = rte_lpm_create("vnetd_bench", SOCKET_ID_ANY, &config);
  if (!lpm) {
    state.SkipWithError("rte_lpm_create failed");
    return;
  }
  // rte_lpm keeps the first of identical prefixes only if we skip later ones (it overwrites).
  std::map<std::pair<uint32_t, int>, uint32_t> seen;
  for (const auto& e : w.entries) {
    if (e.prefix.prefix_len() == 0) continue;  // depth 0 is not allowed: the default is a miss
    auto key = std::make_pair(e.prefix.address().v4(), e.prefix.prefix_len());
    if (!seen.emplace(key, e.value).second) continue;
    if (rte_lpm_add(lpm, key.first, static_cast<uint8_t>(key.second), e.value) != 0) {
      state.SkipWithError("rte_lpm_add failed");
      rte_lpm_free(lpm);
      return;
    }
  }
  // Both tables must answer the same before timing anything.
  LpmTable mine = LpmTable::Build(w.entries);
  for (size_t k = 0; k < 100000; ++k) {
    uint32_t hop = 0;
    uint32_t theirs = rte_lpm_lookup(lpm, w.addresses[k], &hop) == 0 ? hop : w.default_value;
    if (theirs != mine.LookupV4(w.addresses[k])) {
      state.SkipWithError("rte_lpm and LpmTable disagree");
      rte_lpm_free(lpm);
      return;
    }
  }
  size_t i = 0;
  uint64_t sum = 0;
  for (auto _ : state) {
    uint32_t hop = 0;
    sum += rte_lpm_lookup(lpm, w.addresses[i++ & (w.addresses.size() - 1)], &hop) == 0
               ? hop
               : w.default_value;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  rte_lpm_free(lpm);
}
BENCHMARK(BM_DpdkLpm);

class Collector : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) ns[r.benchmark_name()] = r.GetAdjustedRealTime();
  }
  std::map<std::string, double> ns;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  double mine = collector.ns.count("BM_VnetdLpm") ? collector.ns["BM_VnetdLpm"] : 0;
  double theirs = collector.ns.count("BM_DpdkLpm") ? collector.ns["BM_DpdkLpm"] : 0;
  if (mine > 0) {
    std::printf("{\"name\":\"lpm_lookup_ns\",\"value\":%.3g,\"unit\":\"ns\"", mine);
    if (theirs > 0)
      std::printf(",\"peer\":\"rte_lpm\",\"peer_value\":%.3g,\"ratio\":%.3g", theirs,
                  mine / theirs);
    std::printf("}\n");
  }
  benchmark::Shutdown();
  return 0;
}
