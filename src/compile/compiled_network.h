// CompiledNetwork: what compile publishes for one revision of the model: the typed topology,
// each subnet's effective routes and each NIC's effective security. Immutable; readers share
// it as shared_ptr<const CompiledNetwork> and never lock. Its collections share storage with the
// network it was updated from (shared_vector.h), so an update pays only for what it changed.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "compile/effective_routes.h"
#include "compile/effective_rules.h"
#include "compile/service_tags.h"
#include "compile/shared_vector.h"
#include "compile/topology.h"

namespace vnet::compile {

// (NSG, VNet) -> that NSG expanded for that VNet's NICs.
using ExpandedNsgCache = std::map<std::pair<Index, Index>, std::shared_ptr<const ExpandedNsg>>;

struct CompiledNetwork {
  int64_t revision = 0;
  std::shared_ptr<const ServiceTagCatalogue> tags;
  std::shared_ptr<const Topology> topology;
  SharedVector<std::shared_ptr<const SubnetRoutes>> routes;  // by subnet index
  SharedVector<NicSecurity> security;                        // by NIC index
  SharedVector<std::vector<net::Cidr>> virtual_network_tag;  // by VNet index
  SharedVector<std::vector<net::Cidr>> asg_members;          // by ASG index
  SharedVector<std::vector<Index>> nics_by_subnet;           // primary subnet -> NICs
  std::shared_ptr<const ExpandedNsgCache> expanded;
  // What the last update recompiled (all of it for a full compile).
  size_t recompiled_subnets = 0, recompiled_nics = 0;
  bool incremental = false;

  const Topology& t() const { return *topology; }
};

}  // namespace vnet::compile
