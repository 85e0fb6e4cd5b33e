// DiagnosticsState: the compiled network, a FastEvaluator and the DNS view for the control
// plane's current revision, rebuilt lazily when the revision changes. One per server, shared by
// the diagnostics and DNS routes and the DNS server. Thread-safe: concurrent requests for a new
// revision wait for one build and share it; readers of a built revision take a shared pointer.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>

#include "base/result.h"
#include "compile/compiler.h"
#include "compile/dns_view.h"
#include "control/resource_manager.h"
#include "eval/evaluator.h"

namespace vnet::api {

// Everything one diagnostics request reads: immutable, shared.
struct DiagnosticsView {
  model::DocSnapshot snapshot;
  std::shared_ptr<const compile::CompiledNetwork> net;
  std::shared_ptr<const eval::FastEvaluator> evaluator;
  std::shared_ptr<const compile::DnsView> dns;
  const compile::Topology& t() const { return net->t(); }
};

class DiagnosticsState {
 public:
  explicit DiagnosticsState(control::ResourceManager& rm) : rm_(rm) {}
  // The view of the current revision (built now if the revision changed since the last call).
  // kInternal when the service tag catalogue cannot be loaded.
  Result<std::shared_ptr<const DiagnosticsView>> Current() const;
  // The DNS view of the newest acknowledged revision, or null when it cannot be built. When no
  // write was acknowledged since the last build, costs an atomic load and a pointer copy: the DNS
  // server calls it for every query.
  std::shared_ptr<const compile::DnsView> CurrentDns() const;

 private:
  control::ResourceManager& rm_;
  mutable std::mutex mutex_;  // held while building: concurrent callers share one build
  mutable std::unique_ptr<compile::Compiler> compiler_;
  mutable std::shared_ptr<const DiagnosticsView> last_;
  mutable std::mutex published_mutex_;  // guards last_dns_ (never held while building)
  mutable std::shared_ptr<const compile::DnsView> last_dns_;
};

}  // namespace vnet::api
