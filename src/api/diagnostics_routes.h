// Network Watcher diagnostics over the evaluator, in Azure's shapes: NIC effectiveRouteTable and
// effectiveNetworkSecurityGroups; watcher ipFlowVerify, nextHop, connectivityCheck (with vnetd's
// trace added); and vnetd's own evaluateFlow and analyze/{whoCanReach,exfiltration} at
// subscription scope. docs/diagnostics.md describes the endpoints and their shapes.
#pragma once
#include <memory>

#include "api/route_extension.h"
#include "control/resource_manager.h"

namespace vnet::api {
std::shared_ptr<const RouteExtension> MakeDiagnosticsRoutes(control::ResourceManager& rm);
}  // namespace vnet::api
