// Control-plane throughput over loopback: PUT and GET rates of a real vnetd HTTP server with
// durable writes (SQLite WAL, fsync per commit, group commit), against etcd 3.4's HTTP/JSON
// gateway (also fsync per commit) as the peer, measured in the same run with the same client.
// Each benchmark reports requests/s (items_per_second) and the p99 latency in ms (the mean of
// the client threads' p99s).
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http_server.h"
#include "control/resource_manager.h"
#include "store/store.h"

namespace {

constexpr char kRg[] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench";
constexpr char kNetworkVersion[] = "?api-version=2023-09-01";

std::string TempDir(const char* tag) {
  std::string dir = std::filesystem::temp_directory_path().string() + "/vnetd-bench-" + tag + "-" +
                    std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A vnetd server in this process, on a free loopback port, with a file-backed durable store.
struct VnetdServer {
  std::unique_ptr<vnet::control::ResourceManager> rm;
  std::unique_ptr<vnet::api::HttpServer> server;
  std::thread thread;
  int port = 0;

  VnetdServer() {
    std::string dir = TempDir("vnetd");
    auto store = vnet::store::OpenSqliteStore({dir + "/vnetd.db", /*synchronous=*/true});
    rm = std::move(vnet::control::ResourceManager::Open(std::move(store).value())).value();
    server = std::make_unique<vnet::api::HttpServer>(*rm);
    port = server->Bind("127.0.0.1", 0).value();
    thread = std::thread([this] { (void)server->Serve(); });
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 100 && !c.Get("/healthz"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    c.Put(std::string(kRg) + "?api-version=2022-09-01", R"({"location":"eastus"})",
          "application/json");
    std::string subnets;
    for (int i = 0; i < 16; ++i) {
      subnets += std::string(i ? "," : "") + R"({"name":"s)" + std::to_string(i) +
                 R"(","properties":{"addressPrefix":"10.0.)" + std::to_string(i) + R"(.0/24"}})";
    }
    c.Put(
        std::string(kRg) + "/providers/Microsoft.Network/virtualNetworks/v1" + kNetworkVersion,
        R"({"location":"eastus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[)" +
            subnets + "]}}",
        "application/json");
  }
  ~VnetdServer() {
    server->Stop();
    thread.join();
  }
};

VnetdServer& Vnetd() {
  static VnetdServer* s = new VnetdServer();  // lives for the process
  return *s;
}

// etcd 3.4 as a child process on loopback, or port 0 when the etcd binary is missing.
struct EtcdServer {
  pid_t pid = -1;
  int port = 0;
  EtcdServer() {
    if (!std::filesystem::exists("/usr/bin/etcd")) return;
    std::string dir = TempDir("etcd");
    port = 23790 + getpid() % 1000;
    std::string client = "http://127.0.0.1:" + std::to_string(port);
    std::string peer = "http://127.0.0.1:" + std::to_string(port + 1);
    pid = fork();
    if (pid == 0) {
      std::freopen("/dev/null", "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      execl("/usr/bin/etcd", "etcd", "--data-dir", dir.c_str(), "--listen-client-urls",
            client.c_str(), "--advertise-client-urls", client.c_str(), "--listen-peer-urls",
            peer.c_str(), "--initial-advertise-peer-urls", peer.c_str(), "--initial-cluster",
            ("default=" + peer).c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 300; ++i) {
      if (auto r = c.Get("/health"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    port = 0;
  }
  ~EtcdServer() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

EtcdServer& Etcd() {
  static EtcdServer s;  // destroyed at exit: the etcd child is stopped with the benchmark
  return s;
}

void ReportP99(benchmark::State& state, std::vector<double>& latencies_ms) {
  if (latencies_ms.empty()) return;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  double p99 = latencies_ms[std::min(latencies_ms.size() - 1, latencies_ms.size() * 99 / 100)];
  state.counters["p99_ms"] = benchmark::Counter(p99, benchmark::Counter::kAvgThreads);
  state.SetItemsProcessed(static_cast<int64_t>(latencies_ms.size()));
}

template <typename Fn>
void Timed(benchmark::State& state, std::vector<double>& out, Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  bool ok = fn();
  auto end = std::chrono::steady_clock::now();
  if (!ok) state.SkipWithError("request failed");
  out.push_back(std::chrono::duration<double, std::milli>(end - start).count());
}

std::atomic<int64_t> g_sequence{0};

void BM_VnetdPut(benchmark::State& state) {
  httplib::Client c("127.0.0.1", Vnetd().port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  std::vector<double> lat;
  for (auto _ : state) {
    std::string path = std::string(kRg) +
                       "/providers/Microsoft.Network/applicationSecurityGroups/a" +
                       std::to_string(g_sequence++) + kNetworkVersion;
    Timed(state, lat, [&] {
      auto r = c.Put(path, R"({"location":"eastus","tags":{"bench":"put"}})", "application/json");
      return r && (r->status == 200 || r->status == 201);
    });
  }
  ReportP99(state, lat);
}

void BM_VnetdGet(benchmark::State& state) {
  httplib::Client c("127.0.0.1", Vnetd().port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  std::string path =
      std::string(kRg) + "/providers/Microsoft.Network/virtualNetworks/v1" + kNetworkVersion;
  std::vector<double> lat;
  for (auto _ : state) {
    Timed(state, lat, [&] {
      auto r = c.Get(path);
      return r && r->status == 200;
    });
  }
  ReportP99(state, lat);
}

// etcd's gateway takes base64 keys and values; a value the size of a small ARM document.
std::string Base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char ch : in) {
    val = (val << 8) + ch;
    bits += 8;
    while (bits >= 0) {
      out.push_back(k[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(k[((val << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

const std::string kEtcdValue = Base64(
    R"({"location":"eastus","tags":{"bench":"put"},"properties":{"provisioningState":"Succeeded"}})");

void BM_EtcdPut(benchmark::State& state) {
  if (Etcd().port == 0) {
    state.SkipWithError("etcd not installed (apt-get install etcd-server)");
    return;
  }
  httplib::Client c("127.0.0.1", Etcd().port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  std::vector<double> lat;
  for (auto _ : state) {
    std::string body = R"({"key":")" + Base64("asg/a" + std::to_string(g_sequence++)) +
                       R"(","value":")" + kEtcdValue + R"("})";
    Timed(state, lat, [&] {
      auto r = c.Post("/v3/kv/put", body, "application/json");
      return r && r->status == 200;
    });
  }
  ReportP99(state, lat);
}

void BM_EtcdGet(benchmark::State& state) {
  if (Etcd().port == 0) {
    state.SkipWithError("etcd not installed (apt-get install etcd-server)");
    return;
  }
  httplib::Client c("127.0.0.1", Etcd().port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  std::string key = Base64("vnet/v1");
  c.Post("/v3/kv/put", R"({"key":")" + key + R"(","value":")" + kEtcdValue + R"("})",
         "application/json");
  std::vector<double> lat;
  for (auto _ : state) {
    Timed(state, lat, [&] {
      auto r = c.Post("/v3/kv/range", R"({"key":")" + key + R"("})", "application/json");
      return r && r->status == 200;
    });
  }
  ReportP99(state, lat);
}

BENCHMARK(BM_VnetdPut)->Threads(8)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_EtcdPut)->Threads(8)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_VnetdGet)->Threads(8)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_EtcdGet)->Threads(8)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
