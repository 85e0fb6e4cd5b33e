// The per-type rule sets. Each family file adds its handlers to the list; handler_registry.cc
// looks them up by type.
#pragma once
#include <string_view>
#include <vector>

#include "control/handler.h"

namespace vnet::control::handlers {

struct Registration {
  std::string_view type;  // canonical full type
  const Handler* handler;
};

std::vector<Registration> AllHandlers();

// One per family file.
void AddVirtualNetworkHandlers(std::vector<Registration>& out);   // vnets, subnets, peerings
void AddSecurityHandlers(std::vector<Registration>& out);         // NSGs, ASGs, route tables
void AddInterfaceHandlers(std::vector<Registration>& out);        // NICs, VMs, public IPs, NAT
void AddGatewayHandlers(std::vector<Registration>& out);          // gateways, connections
void AddPrivateEndpointHandlers(std::vector<Registration>& out);  // PEs, PLS, zone groups
void AddPrivateDnsHandlers(std::vector<Registration>& out);       // zones, record sets, links
void AddServiceHandlers(std::vector<Registration>& out);  // storage, sql, kv, cosmos, eh, sb
void AddPolicyHandlers(std::vector<Registration>& out);   // service endpoint policies

}  // namespace vnet::control::handlers
