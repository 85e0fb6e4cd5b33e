// Effective routes of a subnet (every NIC in it shares them), exactly as SEMANTICS.md section 2
// gives them: default system routes with the reserved-prefix rewrites, peering, gateway (BGP and
// local network gateway) routes unless propagation is disabled, service endpoint routes,
// private endpoint /32s, user routes; then the state of each (Active / Invalid) by the
// equal-prefix precedence, and the selection rule a lookup applies.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "compile/service_tags.h"
#include "compile/topology.h"

namespace vnet::compile {

struct EffectiveRoute {
  std::string name;  // the user route's name; "" for system routes
  RouteSource source = RouteSource::kDefault;
  bool active = true;
  std::vector<net::Cidr> prefixes;  // one prefix, except a service endpoint's list
  NextHopType next_hop = NextHopType::kNone;
  std::vector<net::IpAddress> next_hop_ips;
  std::string tag;                    // a user route's service tag, if it named one
  std::string service;                // service endpoint routes: "Microsoft.Storage"
  Index peer_vnet = kNoIndex;         // peering routes: the remote VNet
  Index private_endpoint = kNoIndex;  // InterfaceEndpoint routes
  Index route_table = kNoIndex;       // user routes: their table
  Index gateway = kNoIndex;           // gateway routes: the gateway
  bool disable_bgp_propagation = false;
  // Excluded from lookups although Active: a gateway route inside a VnetLocal, peering or
  // service endpoint route, which those win even when less specific (section 2.6, step 3).
  bool shadowed = false;
  friend bool operator==(const EffectiveRoute&, const EffectiveRoute&) = default;
};

struct SubnetRoutes {
  Index subnet = kNoIndex;
  std::vector<EffectiveRoute> routes;  // in the order Azure lists them: default, then user
  friend bool operator==(const SubnetRoutes&, const SubnetRoutes&) = default;
};

// The service tag prefixes (IPv4) an endpoint for `service` on a subnet in `vnet_region`
// reaches, for the endpoint's `locations` (decision 6b: Microsoft.Storage covers the VNet's
// region and its pair; ".Global" and endpoint policies make it every region).
std::vector<net::Cidr> ServiceEndpointPrefixes(const ServiceTagCatalogue& tags,
                                               const ServiceEndpoint& endpoint,
                                               std::string_view vnet_region,
                                               bool storage_policy_attached);

// Cost: linear in the routes of the subnet plus the private endpoints of its VNet and peers.
SubnetRoutes ComputeSubnetRoutes(const Topology& t, const ServiceTagCatalogue& tags, Index subnet);

}  // namespace vnet::compile
