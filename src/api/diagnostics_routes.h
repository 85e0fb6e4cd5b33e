// Network Watcher diagnostics over the evaluator, in Azure's shapes: NIC effectiveRouteTable and
// effectiveNetworkSecurityGroups; watcher ipFlowVerify, nextHop, connectivityCheck (with vnetd's
// trace added); and vnetd's own evaluateFlow and analyze/{whoCanReach,exfiltration} at
// subscription scope. docs/diagnostics.md describes the endpoints and their shapes.
#pragma once
#include <memory>

#include "api/diagnostics_state.h"
#include "api/route_extension.h"
#include "control/resource_manager.h"

namespace vnet::api {
// Over a state shared with other routes (the server's), or over one of its own.
std::shared_ptr<const RouteExtension> MakeDiagnosticsRoutes(
    std::shared_ptr<const DiagnosticsState> state);
std::shared_ptr<const RouteExtension> MakeDiagnosticsRoutes(control::ResourceManager& rm);
}  // namespace vnet::api
