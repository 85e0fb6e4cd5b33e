// CompiledNetwork: what compile publishes for one revision of the model: the typed topology,
// each subnet's effective routes and each NIC's effective security. Immutable; readers share
// it as shared_ptr<const CompiledNetwork> and never lock.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "compile/effective_routes.h"
#include "compile/effective_rules.h"
#include "compile/service_tags.h"
#include "compile/topology.h"

namespace vnet::compile {

struct CompiledNetwork {
  int64_t revision = 0;
  std::shared_ptr<const ServiceTagCatalogue> tags;
  std::shared_ptr<const Topology> topology;
  std::vector<std::shared_ptr<const SubnetRoutes>> routes;  // by subnet index
  std::vector<NicSecurity> security;                        // by NIC index
  std::vector<std::vector<net::Cidr>> virtual_network_tag;  // by VNet index

  const Topology& t() const { return *topology; }
};

}  // namespace vnet::compile
