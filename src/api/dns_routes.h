// vnetd's DNS operations over HTTP: resolveDnsName at a VNet (as its VMs resolve) and at
// subscription scope (as the internet resolves). Shapes in docs/dns.md.
#pragma once
#include <memory>

#include "api/diagnostics_state.h"
#include "api/route_extension.h"

namespace vnet::api {
std::shared_ptr<const RouteExtension> MakeDnsRoutes(std::shared_ptr<const DiagnosticsState> state);
}  // namespace vnet::api
