// HttpServer: vnetd's HTTP front end (cpp-httplib): the ARM routes, /healthz, and logging of
// requests that fail with 5xx. One thread pool; blocking Listen().
#pragma once
#include <memory>
#include <string>

#include "api/diagnostics_state.h"
#include "api/route_extension.h"
#include "base/result.h"
#include "control/resource_manager.h"

namespace vnet::api {

class HttpServer {
 public:
  explicit HttpServer(control::ResourceManager& rm);
  ~HttpServer();
  // Adds routes (see route_extension.h); call before Serve().
  void AddExtension(std::shared_ptr<const RouteExtension> extension);
  // Binds host:port (port 0 picks a free one). kUnavailable if the address cannot be bound.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); call after Bind().
  Status Serve();
  void Stop();
  // The compiled state its diagnostics and DNS routes read; the DNS server reads it too.
  std::shared_ptr<const DiagnosticsState> state() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vnet::api
