// vnetd: the server. Opens the SQLite store, loads the model and serves the ARM REST API.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "api/http_server.h"
#include "control/resource_manager.h"
#include "dns/server.h"
#include "store/store.h"

namespace {

vnet::api::HttpServer* g_server = nullptr;

void OnSignal(int) {
  if (g_server) g_server->Stop();
}

int Run(int argc, char** argv) {
  CLI::App app{"vnetd: Azure virtual network isolation, modelled. Serves the ARM REST API."};
  std::string listen = "127.0.0.1:8480";
  std::string db = "vnetd.db";
  bool no_fsync = false;
  std::vector<std::string> dns_listeners = {"127.0.0.1:8053"};
  int dns_threads = 2;
  app.add_option("--listen", listen, "host:port to serve HTTP on (port 0 picks a free one)")
      ->capture_default_str();
  app.add_option("--db", db, "SQLite database file (created if missing)")->capture_default_str();
  app.add_flag("--no-fsync", no_fsync,
               "do not fsync each commit (survives a vnetd crash, not a power loss)");
  app.add_option("--dns", dns_listeners,
                 "DNS listener host:port[=VIEW], repeatable; VIEW is 'internet' (the default) or "
                 "a virtual network's resource id, answered as 168.63.129.16 answers its VMs; "
                 "'off' serves no DNS (docs/dns.md)")
      ->capture_default_str();
  app.add_option("--dns-threads", dns_threads, "UDP threads per DNS listener")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::vector<vnet::dns::ListenerSpec> dns_specs;
  for (const std::string& text : dns_listeners) {
    if (text == "off") continue;
    auto spec = vnet::dns::DnsServer::ParseSpec(text);
    if (!spec.ok()) {
      std::fprintf(stderr, "vnetd: --dns: %s\n", spec.status().message().c_str());
      return 2;
    }
    dns_specs.push_back(*spec);
  }

  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "vnetd: --listen wants host:port, got '%s'\n", listen.c_str());
    return 2;
  }
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.c_str() + colon + 1);

  auto store = vnet::store::OpenSqliteStore({db, !no_fsync});
  if (!store.ok()) {
    std::fprintf(stderr, "vnetd: %s\n", store.status().message().c_str());
    return 1;
  }
  auto rm = vnet::control::ResourceManager::Open(std::move(store).value());
  if (!rm.ok()) {
    std::fprintf(stderr, "vnetd: %s\n", rm.status().message().c_str());
    return 1;
  }
  vnet::api::HttpServer server(**rm);
  auto bound = server.Bind(host, port);
  if (!bound.ok()) {
    std::fprintf(stderr, "vnetd: %s\n", bound.status().message().c_str());
    return 1;
  }
  auto state = server.state();
  vnet::dns::DnsServer dns([state] { return state->CurrentDns(); }, dns_threads);
  std::vector<std::string> dns_lines;
  for (const vnet::dns::ListenerSpec& spec : dns_specs) {
    auto dns_port = dns.Listen(spec);
    if (!dns_port.ok()) {
      std::fprintf(stderr, "vnetd: %s\n", dns_port.status().message().c_str());
      return 1;
    }
    dns_lines.push_back("vnetd DNS on " + spec.host + ":" + std::to_string(*dns_port) +
                        " (udp, tcp) answering for " + spec.view);
  }
  std::error_code ec;
  std::string db_path = db == ":memory:" ? db : std::filesystem::absolute(db, ec).string();
  std::printf("vnetd listening on http://%s:%d (store %s, revision %lld, %zu resources)\n",
              host.c_str(), *bound, db_path.c_str(), static_cast<long long>((*rm)->revision()),
              (*rm)->resource_count());
  for (const std::string& line : dns_lines) std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  dns.Start();
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  vnet::Status served = server.Serve();
  g_server = nullptr;
  dns.Stop();
  return served.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vnetd: fatal: %s\n", e.what());
    return 70;
  }
}
