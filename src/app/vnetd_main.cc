// vnetd: the server. Opens the SQLite store, loads the model and serves the ARM REST API.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "api/http_server.h"
#include "control/resource_manager.h"
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
  app.add_option("--listen", listen, "host:port to serve HTTP on (port 0 picks a free one)")
      ->capture_default_str();
  app.add_option("--db", db, "SQLite database file (created if missing)")->capture_default_str();
  app.add_flag("--no-fsync", no_fsync,
               "do not fsync each commit (survives a vnetd crash, not a power loss)");
  CLI11_PARSE(app, argc, argv);

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
  std::error_code ec;
  std::string db_path = db == ":memory:" ? db : std::filesystem::absolute(db, ec).string();
  std::printf("vnetd listening on http://%s:%d (store %s, revision %lld, %zu resources)\n",
              host.c_str(), *bound, db_path.c_str(), static_cast<long long>((*rm)->revision()),
              (*rm)->resource_count());
  std::fflush(stdout);
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  vnet::Status served = server.Serve();
  g_server = nullptr;
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
