// DNS answers per second: vnetd's DNS server against Unbound (Debian's, as a child process) serving
// the same records as local data, both on loopback, both with one thread, driven by dnsperf
// (Debian's) in the same run. The model: 1,000 storage accounts, each with a private endpoint
// and its A record in privatelink.blob.core.windows.net, linked to the VNet whose view vnetd
// answers. Two query sets: the privatelink names (one A record each: the same answer from both),
// and the accounts' names (vnetd follows the CNAME to the private address; Unbound's local data
// answers the CNAME alone, so vnetd does more work per query there). Repetitions alternate the
// two servers. Prints one JSON object per figure at the end.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "compile/dns_view.h"
#include "compile/topology_builder.h"
#include "dns/server.h"
#include "topology_generator.h"

namespace {

using Json = nlohmann::json;
constexpr int kAccounts = 1000;
const std::string kRg = "/subscriptions/s/resourceGroups/rg/providers/";

std::string Address(int i) {
  return "10.1." + std::to_string(i / 250) + "." + std::to_string(4 + i % 250);
}
std::string Account(int i) { return "bench" + std::to_string(i); }

void Add(vnet::model::DocMap& docs, const std::string& suffix, Json body) {
  auto doc = std::make_shared<vnet::model::Doc>();
  doc->id = vnet::arm::ResourceId::Parse(kRg + suffix).value();
  doc->type = vnet::model::FindResourceType(doc->id.FullType());
  body["id"] = doc->id.ToString();
  doc->body = std::move(body);
  docs[doc->key()] = doc;
}

std::shared_ptr<const vnet::compile::DnsView> BuildView() {
  vnet::model::DocMap docs;
  const std::string vnet = kRg + "Microsoft.Network/virtualNetworks/a";
  Json subnet = {{"name", "pe"},
                 {"id", vnet + "/subnets/pe"},
                 {"properties", {{"addressPrefix", "10.1.0.0/20"}}}};
  Add(docs, "Microsoft.Network/virtualNetworks/a",
      {{"location", "eastus"},
       {"properties",
        {{"addressSpace", {{"addressPrefixes", {"10.1.0.0/16"}}}},
         {"subnets", Json::array({subnet})}}}});
  const std::string zone = "Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net";
  Add(docs, zone, {{"location", "global"}});
  Add(docs, zone + "/virtualNetworkLinks/a",
      {{"location", "global"}, {"properties", {{"virtualNetwork", {{"id", vnet}}}}}});
  for (int i = 0; i < kAccounts; ++i) {
    const std::string account = "Microsoft.Storage/storageAccounts/" + Account(i);
    Add(docs, account, {{"location", "eastus"}, {"properties", Json::object()}});
    Add(docs, "Microsoft.Network/privateEndpoints/pe" + std::to_string(i),
        {{"location", "eastus"},
         {"properties",
          {{"subnet", {{"id", vnet + "/subnets/pe"}}},
           {"privateLinkServiceConnections",
            {{{"name", "c"},
              {"properties",
               {{"privateLinkServiceId", kRg + account},
                {"groupIds", {"blob"}},
                {"privateLinkServiceConnectionState", {{"status", "Approved"}}}}}}}}}}});
    Add(docs, zone + "/A/" + Account(i),
        {{"properties", {{"ttl", 10}, {"aRecords", {{{"ipv4Address", Address(i)}}}}}}});
  }
  auto tags = vnet::compile::ServiceTagCatalogue::Default().value();
  auto t = std::make_shared<vnet::compile::Topology>(vnet::compile::BuildTopology(docs, *tags));
  return vnet::compile::BuildDnsView(docs, t, 1);
}

std::string TempDir() {
  static const std::string dir = [] {
    char tmpl[] = "/tmp/vnetd-dns-bench-XXXXXX";
    return std::string(mkdtemp(tmpl));
  }();
  return dir;
}

std::string WriteQueries(const char* file, bool privatelink) {
  std::string path = TempDir() + "/" + file;
  std::ofstream out(path);
  for (int i = 0; i < kAccounts; ++i) {
    out << Account(i) << (privatelink ? ".privatelink" : "") << ".blob.core.windows.net A\n";
  }
  return path;
}

int FreePort() {
  static int next = 20000 + static_cast<int>(getpid() % 20000);
  return next++;
}

// Unbound on loopback with the same records as local data, for the life of the process.
class Unbound {
 public:
  Unbound() {
    port_ = FreePort();
    std::string conf = TempDir() + "/unbound.conf";
    std::ofstream c(conf);
    c << "server:\n  interface: 127.0.0.1\n  port: " << port_
      << "\n  do-daemonize: no\n  username: \"\"\n  chroot: \"\"\n  directory: \"" << TempDir()
      << "\"\n  pidfile: \"\"\n  num-threads: 1\n  do-ip6: no\n  use-syslog: no\n"
         "  logfile: \"\"\n  verbosity: 0\n  access-control: 127.0.0.0/8 allow\n"
         "  local-zone: \"blob.core.windows.net.\" static\n"
         "  local-zone: \"privatelink.blob.core.windows.net.\" static\n";
    for (int i = 0; i < kAccounts; ++i) {
      c << "  local-data: \"" << Account(i) << ".blob.core.windows.net. 60 IN CNAME " << Account(i)
        << ".privatelink.blob.core.windows.net.\"\n";
      c << "  local-data: \"" << Account(i) << ".privatelink.blob.core.windows.net. 10 IN A "
        << Address(i) << "\"\n";
    }
    c.close();
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/sbin/unbound", "unbound", "-d", "-c", conf.c_str(), nullptr);
      _exit(127);
    }
    // Ready when it answers.
    for (int i = 0; i < 100; ++i) {
      std::string cmd = "dig @127.0.0.1 -p " + std::to_string(port_) +
                        " bench0.privatelink.blob.core.windows.net +short +tries=1 +time=1 "
                        ">/dev/null 2>&1";
      if (std::system(cmd.c_str()) == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~Unbound() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

// vnetd's DNS server in this process, answering for VNet a.
class Vnetd {
 public:
  Vnetd() : view_(BuildView()), server_([this] { return view_; }, 1) {
    port_ = server_.Listen({"127.0.0.1", 0, kRg + "Microsoft.Network/virtualNetworks/a"}).value();
    server_.Start();
  }
  int port() const { return port_; }

 private:
  std::shared_ptr<const vnet::compile::DnsView> view_;
  vnet::dns::DnsServer server_;
  int port_ = 0;
};

Unbound& UnboundServer() {
  static Unbound u;
  return u;
}
Vnetd& VnetdServer() {
  static Vnetd v;
  return v;
}

// dnsperf for `seconds` against the port; queries per second, and the share answered NOERROR.
std::pair<double, double> Dnsperf(int port, const std::string& queries, double seconds) {
  std::string cmd = "dnsperf -s 127.0.0.1 -p " + std::to_string(port) + " -d " + queries + " -l " +
                    std::to_string(seconds) + " -c 1 -T 1 -q 64 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {0, 0};
  char line[512];
  double qps = 0, completed = 0, noerror = 0;
  while (fgets(line, sizeof line, p)) {
    std::string s = line;
    if (auto at = s.find("Queries per second:"); at != std::string::npos) {
      qps = std::stod(s.substr(at + 19));
    } else if (auto c = s.find("Queries completed:"); c != std::string::npos) {
      completed = std::stod(s.substr(c + 18));
    } else if (auto n = s.find("NOERROR "); n != std::string::npos) {
      noerror = std::stod(s.substr(n + 8));
    }
  }
  pclose(p);
  return {qps, completed > 0 ? noerror / completed : 0};
}

double Seconds() {
  const char* s = std::getenv("VNET_DNS_BENCH_SECONDS");
  return s ? std::atof(s) : 5.0;
}

template <bool kVnetd, bool kPrivatelink>
void BM_Dnsperf(benchmark::State& state) {
  static const std::string queries =
      WriteQueries(kPrivatelink ? "privatelink.txt" : "accounts.txt", kPrivatelink);
  const int port = kVnetd ? VnetdServer().port() : UnboundServer().port();
  for (auto _ : state) {
    auto [qps, noerror] = Dnsperf(port, queries, Seconds());
    state.SetIterationTime(Seconds());
    state.counters["qps"] = qps;
    state.counters["noerror_share"] = noerror;
    if (noerror < 0.999) state.SkipWithError("not every query answered NOERROR");
  }
}
BENCHMARK(BM_Dnsperf<true, true>)->Name("BM_VnetdPrivatelinkNames")->Iterations(1)->UseManualTime();
BENCHMARK(BM_Dnsperf<false, true>)
    ->Name("BM_UnboundPrivatelinkNames")
    ->Iterations(1)
    ->UseManualTime();
BENCHMARK(BM_Dnsperf<true, false>)->Name("BM_VnetdAccountNames")->Iterations(1)->UseManualTime();
BENCHMARK(BM_Dnsperf<false, false>)->Name("BM_UnboundAccountNames")->Iterations(1)->UseManualTime();

// The DNS view of the limit topology (bench/topology_generator.h: 70,000 documents, 1,000 private
// endpoints, 1,000 storage accounts), built as every revision builds it, from the documents and
// the compiled topology.
void BM_BuildDnsViewLimitTopology(benchmark::State& state) {
  static const vnet::model::DocMap docs = vnet::bench::LimitTopology(vnet::bench::Scaled(1.0));
  auto tags = vnet::compile::ServiceTagCatalogue::Default().value();
  auto topology =
      std::make_shared<const vnet::compile::Topology>(vnet::compile::BuildTopology(docs, *tags));
  size_t names = 0;
  for (auto _ : state) {
    auto view = vnet::compile::BuildDnsView(docs, topology, 1);
    names = 0;
    for (const auto& z : view->zones) names += z.names.size();
    benchmark::DoNotOptimize(view);
  }
  state.counters["names"] = static_cast<double>(names);
  state.counters["documents"] = static_cast<double>(docs.size());
}
BENCHMARK(BM_BuildDnsViewLimitTopology)->Unit(benchmark::kMillisecond)->Iterations(3);

class Collector : public benchmark::ConsoleReporter {
 public:
  Collector() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.error_occurred) continue;
      if (r.run_name.function_name == "BM_BuildDnsViewLimitTopology") {
        build_ms.push_back(r.GetAdjustedRealTime());
      }
      auto q = r.counters.find("qps");
      if (q != r.counters.end()) qps[r.run_name.function_name].push_back(q->second.value);
    }
  }
  double Median(const std::string& name) {
    std::vector<double> v = qps[name];
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  std::map<std::string, std::vector<double>> qps;
  std::vector<double> build_ms;
};

void Print(const char* name, double value, double peer) {
  if (value <= 0) return;
  std::printf(
      "{\"name\":\"%s\",\"value\":%.0f,\"unit\":\"queries/s\",\"peer\":\"unbound\","
      "\"peer_value\":%.0f,\"ratio\":%.3f}\n",
      name, value, peer, peer > 0 ? value / peer : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  // Three repetitions by default, interleaved so that both servers see the same machine load.
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
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  Print("dns_qps_privatelink_names", collector.Median("BM_VnetdPrivatelinkNames"),
        collector.Median("BM_UnboundPrivatelinkNames"));
  Print("dns_qps_account_names_cname_chain", collector.Median("BM_VnetdAccountNames"),
        collector.Median("BM_UnboundAccountNames"));
  if (!collector.build_ms.empty()) {
    std::sort(collector.build_ms.begin(), collector.build_ms.end());
    std::printf("{\"name\":\"dns_view_build_limit_topology_ms\",\"value\":%.1f,\"unit\":\"ms\"}\n",
                collector.build_ms[collector.build_ms.size() / 2]);
  }
  benchmark::Shutdown();
  return 0;
}
