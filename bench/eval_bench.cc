// Compile and flow-verdict benchmarks on the limit topology (topology_generator.h): a cold
// compile of the whole topology (with the fast evaluator's index), verdicts per second of the
// fast evaluator with and without trace, and in batches (DecideBatch), against the reference
// evaluator on the same flows (on the topology at 5% scale and at full scale), and the cost of
// toggling one subnet's service endpoint. Prints one JSON object per figure at the end (name,
// value, unit, peer, peer_value, ratio).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compile/compiler.h"
#include "compile/service_tags.h"
#include "eval/evaluator.h"
#include "topology_generator.h"

namespace {

using vnet::compile::CompiledNetwork;
using vnet::compile::Compiler;

std::shared_ptr<const vnet::compile::ServiceTagCatalogue> Tags() {
  static auto tags = vnet::compile::ServiceTagCatalogue::Default().value();
  return tags;
}

const vnet::model::DocMap& Docs(double scale) {
  static std::map<double, vnet::model::DocMap> cache;
  auto it = cache.find(scale);
  if (it == cache.end())
    it = cache.emplace(scale, vnet::bench::LimitTopology(vnet::bench::Scaled(scale))).first;
  return it->second;
}

// Pseudo-random flows (xorshift, fixed seed): from a NIC (any, but not a private endpoint's) to
// an address drawn uniformly from every NIC's primary address, the storage front ends and
// 8.8.8.8; TCP to port 443 or 22. Most land in a VNet the source does not peer with (next hop
// None): the more VNets, the larger that share.
std::vector<vnet::eval::Flow> Flows(const CompiledNetwork& net, size_t count) {
  const auto& t = net.t();
  std::vector<vnet::net::IpAddress> targets;
  for (const auto& nic : t.nics) {
    if (!nic.ip_configs.empty()) targets.push_back(nic.ip_configs[0].private_ip);
  }
  for (const auto& s : t.services) targets.push_back(s.public_ip);
  targets.push_back(vnet::net::IpAddress::Parse("8.8.8.8").value());
  std::vector<vnet::eval::Flow> flows;
  uint64_t x = 88172645463325252ULL;
  for (size_t i = 0; i < count; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    vnet::eval::Flow f;
    f.source.nic = static_cast<vnet::compile::Index>(x % t.nics.size());
    if (t.nics[f.source.nic].private_endpoint != vnet::compile::kNoIndex) f.source.nic = 0;
    f.destination = targets[(x >> 20) % targets.size()];
    f.destination_port = (x >> 40) % 2 ? 443 : 22;
    flows.push_back(f);
  }
  return flows;
}

// The compiled network at `scale` and its fast evaluator, built once per process (Google
// Benchmark calls each benchmark function several times while it sizes the iteration count).
std::shared_ptr<const CompiledNetwork> Net(double scale) {
  static std::map<double, std::shared_ptr<const CompiledNetwork>> cache;
  auto it = cache.find(scale);
  if (it == cache.end())
    it = cache.emplace(scale, Compiler::CompileDocs(Docs(scale), Tags())).first;
  return it->second;
}

const vnet::eval::FastEvaluator& Fast(double scale) {
  static std::map<double, std::unique_ptr<vnet::eval::FastEvaluator>> cache;
  auto it = cache.find(scale);
  if (it == cache.end())
    it = cache.emplace(scale, std::make_unique<vnet::eval::FastEvaluator>(Net(scale))).first;
  return *it->second;
}

void BM_ColdCompileLimitTopology(benchmark::State& state) {
  const auto& docs = Docs(1.0);
  for (auto _ : state) {
    auto net = Compiler::CompileDocs(docs, Tags());
    vnet::eval::FastEvaluator fast(net);
    benchmark::DoNotOptimize(fast.network().routes.size());
    state.counters["nics"] = static_cast<double>(net->t().nics.size());
    state.counters["vnets"] = static_cast<double>(net->t().vnets.size());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_ColdCompileLimitTopology)->Unit(benchmark::kMillisecond)->Iterations(1);

constexpr double kVerdictScale = 0.05;  // the reference scans the topology per flow
constexpr double kLimitScale = 1.0;
constexpr int kReferenceLimitFlows = 20000;

template <bool kTrace>
void FastVerdicts(benchmark::State& state, double scale) {
  auto net = Net(scale);
  const vnet::eval::FastEvaluator& fast = Fast(scale);
  auto flows = Flows(*net, 1 << 16);
  size_t i = 0, allowed = 0;
  for (auto _ : state) {
    const auto& f = flows[i++ & (flows.size() - 1)];
    vnet::eval::Verdict v = kTrace ? fast.Evaluate(f) : fast.Decide(f);
    allowed += v.outcome == vnet::eval::Outcome::kAllowed;
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["allowed_share"] =
      static_cast<double>(allowed) / static_cast<double>(state.iterations());
}
void BM_FastDecide(benchmark::State& state) { FastVerdicts<false>(state, kVerdictScale); }
void BM_FastEvaluateWithTrace(benchmark::State& state) { FastVerdicts<true>(state, kVerdictScale); }
BENCHMARK(BM_FastDecide);
BENCHMARK(BM_FastEvaluateWithTrace);

// The same flows, decided by DecideBatch in bursts of kBatch (one iteration: one burst).
constexpr size_t kBatch = 256;
void FastBatchVerdicts(benchmark::State& state, double scale) {
  auto net = Net(scale);
  const vnet::eval::FastEvaluator& fast = Fast(scale);
  auto flows = Flows(*net, 1 << 16);
  static_assert((1 << 16) % kBatch == 0);
  std::vector<vnet::eval::Decision> out(kBatch);
  size_t i = 0, allowed = 0;
  for (auto _ : state) {
    fast.DecideBatch(std::span(flows).subspan(i, kBatch), out);
    i = (i + kBatch) & (flows.size() - 1);
    for (const vnet::eval::Decision& d : out) allowed += d.outcome == vnet::eval::Outcome::kAllowed;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const auto verdicts = static_cast<int64_t>(state.iterations() * kBatch);
  state.SetItemsProcessed(verdicts);
  state.counters["allowed_share"] = static_cast<double>(allowed) / static_cast<double>(verdicts);
}
void BM_FastDecideBatch(benchmark::State& state) { FastBatchVerdicts(state, kVerdictScale); }
BENCHMARK(BM_FastDecideBatch);

void ReferenceVerdicts(benchmark::State& state, double scale) {
  auto net = Net(scale);
  vnet::eval::ReferenceEvaluator reference(net);
  auto flows = Flows(*net, 1 << 16);
  size_t i = 0, allowed = 0;
  for (auto _ : state) {
    vnet::eval::Verdict v = reference.Evaluate(flows[i++ & (flows.size() - 1)]);
    allowed += v.outcome == vnet::eval::Outcome::kAllowed;
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["allowed_share"] =
      static_cast<double>(allowed) / static_cast<double>(state.iterations());
}
void BM_ReferenceVerdicts(benchmark::State& state) { ReferenceVerdicts(state, kVerdictScale); }
BENCHMARK(BM_ReferenceVerdicts)->MinTime(1.0);

// The same verdicts on the full limit topology (65,536 NICs, 1,000 VNets). The reference is given
// a fixed number of flows (the first of the same sequence) so that the run stays short.
void BM_FastDecideLimitTopology(benchmark::State& state) {
  FastVerdicts<false>(state, kLimitScale);
}
void BM_ReferenceVerdictsLimitTopology(benchmark::State& state) {
  ReferenceVerdicts(state, kLimitScale);
}
void BM_FastDecideBatchLimitTopology(benchmark::State& state) {
  FastBatchVerdicts(state, kLimitScale);
}
BENCHMARK(BM_FastDecideLimitTopology);
BENCHMARK(BM_FastDecideBatchLimitTopology);
BENCHMARK(BM_ReferenceVerdictsLimitTopology)->Iterations(kReferenceLimitFlows);

// The batch-to-reference ratio measured in pairs: kPairs times, DecideBatch over all 65,536 flows
// in bursts of kBatch, then the reference over the next `pair_flows` of the same sequence (each
// side about 10-20 ms, after an untimed pass of its own to warm the caches the other side
// evicted), each pair's ratio from its own two rates. On this shared machine the memory's speed
// swings by a third within seconds; a pair sees one speed, so the median of the pairs' ratios is
// steadier than the ratio of the separate benchmarks above, measured seconds apart.
constexpr int kPairs = 25;
double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
void PairedBatchRatio(benchmark::State& state, double scale, size_t pair_flows) {
  auto net = Net(scale);
  const vnet::eval::FastEvaluator& fast = Fast(scale);
  vnet::eval::ReferenceEvaluator reference(net);
  auto flows = Flows(*net, 1 << 16);
  std::vector<vnet::eval::Decision> out(kBatch);
  std::vector<double> fast_rates, reference_rates, ratios;
  size_t next = 0;
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  for (auto _ : state) {
    for (int p = 0; p < kPairs; ++p) {
      auto batches = [&] {
        for (size_t i = 0; i < flows.size(); i += kBatch) {
          fast.DecideBatch(std::span(flows).subspan(i, kBatch), out);
          benchmark::DoNotOptimize(out.data());
        }
      };
      auto references = [&](size_t count) {
        for (size_t i = 0; i < count; ++i)
          benchmark::DoNotOptimize(reference.Evaluate(flows[next++ & (flows.size() - 1)]));
      };
      batches();
      auto t0 = Clock::now();
      batches();
      auto t1 = Clock::now();
      references(pair_flows / 8);
      auto t2 = Clock::now();
      references(pair_flows);
      auto t3 = Clock::now();
      fast_rates.push_back(static_cast<double>(flows.size()) / seconds(t0, t1));
      reference_rates.push_back(static_cast<double>(pair_flows) / seconds(t2, t3));
      ratios.push_back(fast_rates.back() / reference_rates.back());
    }
  }
  state.counters["fast_per_s"] = Median(fast_rates);
  state.counters["reference_per_s"] = Median(reference_rates);
  state.counters["ratio"] = Median(ratios);
}
void BM_PairedBatchRatio(benchmark::State& state) { PairedBatchRatio(state, kVerdictScale, 2048); }
void BM_PairedBatchRatioLimitTopology(benchmark::State& state) {
  PairedBatchRatio(state, kLimitScale, 1024);
}
BENCHMARK(BM_PairedBatchRatio)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PairedBatchRatioLimitTopology)->Iterations(1)->Unit(benchmark::kMillisecond);

// One subnet's Microsoft.Storage endpoint toggled on the whole limit topology: the compiled
// network updated (Compiler::Update: that VNet's and its peers' routes) and the evaluator's index
// rebuilt reusing every untouched part; then one verdict from the changed subnet. Excludes the
// control plane's snapshot of the documents (see docs/benchmarks.md).
void BM_EndpointToggle(benchmark::State& state) {
  const auto& docs = Docs(1.0);
  std::string vnet_key;
  for (const auto& [key, doc] : docs) {
    if (doc->id.FullType() == "Microsoft.Network/virtualNetworks" && doc->id.name() == "vnet7") {
      vnet_key = key;
      break;
    }
  }
  auto net = Net(1.0);
  auto evaluator = std::make_shared<vnet::eval::FastEvaluator>(net);
  vnet::model::DocMap current{{vnet_key, docs.at(vnet_key)}};
  vnet::eval::Flow flow;
  flow.source.nic = net->t().nics.size() / 2;
  flow.destination = net->t().services[0].public_ip;
  bool on = false;
  size_t recompiled_subnets = 0;
  double update_us = 0, index_us = 0;  // the two parts, summed over iterations
  for (auto _ : state) {
    state.PauseTiming();
    auto doc = std::make_shared<vnet::model::Doc>(*current.at(vnet_key));
    auto& se = doc->body["properties"]["subnets"][1]["properties"]["serviceEndpoints"];
    se = on ? nlohmann::json::array()
            : nlohmann::json::array({{{"service", "Microsoft.Storage"}, {"locations", {"*"}}}});
    on = !on;
    vnet::model::DocMap next{{vnet_key, doc}};
    state.ResumeTiming();
    auto t0 = std::chrono::steady_clock::now();
    auto updated = Compiler::Update(*net, current, next, {vnet_key}, net->revision + 1);
    auto t1 = std::chrono::steady_clock::now();
    auto next_evaluator = std::make_shared<vnet::eval::FastEvaluator>(updated, evaluator.get());
    benchmark::DoNotOptimize(next_evaluator->Decide(flow));
    auto t2 = std::chrono::steady_clock::now();
    state.PauseTiming();
    update_us += std::chrono::duration<double, std::micro>(t1 - t0).count();
    index_us += std::chrono::duration<double, std::micro>(t2 - t1).count();
    recompiled_subnets = updated->recompiled_subnets;
    net = updated;
    evaluator = next_evaluator;
    current = std::move(next);
    state.ResumeTiming();
  }
  state.counters["recompiled_subnets"] = static_cast<double>(recompiled_subnets);
  const auto n = static_cast<double>(state.iterations());
  state.counters["update_us"] = update_us / n;
  state.counters["index_us"] = index_us / n;
}
BENCHMARK(BM_EndpointToggle)->Unit(benchmark::kMicrosecond)->Iterations(200);

// Collects each run for the JSON lines.
class Collector : public benchmark::ConsoleReporter {
 public:
  // No colour codes when piped: they would glue onto the JSON lines' first one.
  Collector() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) results[r.benchmark_name()] = r;
  }
  std::map<std::string, Run> results;
};

// `ratio`: value / peer_value unless given (the paired figures' median of the pairs' ratios).
void PrintJson(const char* name, double value, const char* unit, const char* peer = nullptr,
               double peer_value = 0, double ratio = 0) {
  std::printf("{\"name\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"", name, value, unit);
  if (ratio == 0 && peer_value > 0) ratio = value / peer_value;
  if (peer)
    std::printf(",\"peer\":\"%s\",\"peer_value\":%.6g,\"ratio\":%.4g", peer, peer_value, ratio);
  std::printf("}\n");
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  // The median of --benchmark_repetitions when there are several, else the one run.
  auto find = [&](const std::string& name) {
    auto it = collector.results.find(name + "_median");
    return it != collector.results.end() ? it : collector.results.find(name);
  };
  auto rate = [&](const std::string& name) {
    auto it = find(name);
    if (it == collector.results.end()) return 0.0;
    auto c = it->second.counters.find("items_per_second");
    return c == it->second.counters.end() ? 0.0 : static_cast<double>(c->second);
  };
  auto ms = [&](const std::string& name) {
    auto it = find(name);
    return it == collector.results.end() ? 0.0 : it->second.GetAdjustedRealTime();
  };
  double reference = rate("BM_ReferenceVerdicts/min_time:1.000");
  if (double fast = rate("BM_FastDecide"); fast > 0)
    PrintJson("verdicts_per_second_fast", fast, "1/s", "reference evaluator", reference);
  if (double traced = rate("BM_FastEvaluateWithTrace"); traced > 0)
    PrintJson("verdicts_per_second_fast_with_trace", traced, "1/s", "reference evaluator",
              reference);
  if (double batch = rate("BM_FastDecideBatch"); batch > 0)
    PrintJson("verdicts_per_second_fast_batch", batch, "1/s", "reference evaluator", reference);
  double reference_limit =
      rate("BM_ReferenceVerdictsLimitTopology/iterations:" + std::to_string(kReferenceLimitFlows));
  if (double fast = rate("BM_FastDecideLimitTopology"); fast > 0)
    PrintJson("verdicts_per_second_fast_limit_topology", fast, "1/s",
              "reference evaluator (limit topology)", reference_limit);
  if (double batch = rate("BM_FastDecideBatchLimitTopology"); batch > 0)
    PrintJson("verdicts_per_second_fast_batch_limit_topology", batch, "1/s",
              "reference evaluator (limit topology)", reference_limit);
  auto paired = [&](const char* name, const std::string& benchmark, const char* peer) {
    auto it = find(benchmark + "/iterations:1");
    if (it == collector.results.end()) return;
    const auto& c = it->second.counters;
    PrintJson(name, c.at("fast_per_s"), "1/s", peer, c.at("reference_per_s"), c.at("ratio"));
  };
  paired("verdicts_per_second_fast_batch_paired", "BM_PairedBatchRatio",
         "reference evaluator (paired, median of 25 pairs)");
  paired("verdicts_per_second_fast_batch_limit_topology_paired", "BM_PairedBatchRatioLimitTopology",
         "reference evaluator (limit topology, paired, median of 25 pairs)");
  if (double cold = ms("BM_ColdCompileLimitTopology/iterations:1"); cold > 0)
    PrintJson("cold_compile_limit_topology_ms", cold, "ms");
  if (double toggle = ms("BM_EndpointToggle/iterations:200"); toggle > 0)
    PrintJson("endpoint_toggle_us_limit_topology", toggle, "us");
  benchmark::Shutdown();
  return 0;
}
