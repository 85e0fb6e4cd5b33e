// A network at Azure's published limits (DESIGN.md "Scale"), as stored ARM documents, from a
// fixed seed: 1,000 VNets (a peering chain), 65,536 NICs, NSGs of up to 1,000 rules with service
// tags, route tables of up to 400 routes, 1,000 private endpoints in one VNet, storage accounts
// with firewalls and endpoints on half the subnets. `scale` in (0, 1] shrinks every count.
#pragma once
#include <cstdint>
#include <string>

#include "model/doc.h"

namespace vnet::bench {

struct LimitTopologyCounts {
  int vnets = 1000;
  int subnets_per_vnet = 4;
  int nics = 65536;
  int big_nsg_rules = 1000;  // the NSGs of the first four VNets
  int small_nsg_rules = 20;  // everyone else's
  int big_route_table_routes = 400;
  int small_route_table_routes = 10;
  int private_endpoints = 1000;  // all in VNet 0
  int storage_accounts = 1000;
};

LimitTopologyCounts Scaled(double scale);

model::DocMap LimitTopology(const LimitTopologyCounts& counts, uint64_t seed = 42);

// The id of subnet `s` of VNet `v` in that topology.
std::string SubnetIdOf(int v, int s);

}  // namespace vnet::bench
