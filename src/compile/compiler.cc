// Compiles the topology, the routes of every subnet and the security of every NIC.
#include "compile/compiler.h"

#include <map>

#include "compile/topology_builder.h"

namespace vnet::compile {

std::shared_ptr<const CompiledNetwork> Compiler::CompileDocs(
    const model::DocMap& docs, std::shared_ptr<const ServiceTagCatalogue> tags, int64_t revision) {
  auto out = std::make_shared<CompiledNetwork>();
  out->revision = revision;
  out->tags = tags;
  auto topology = std::make_shared<Topology>(BuildTopology(docs, *tags));
  out->topology = topology;
  const Topology& t = *topology;
  out->routes.reserve(t.subnets.size());
  for (Index s = 0; s < t.subnets.size(); ++s) {
    out->routes.push_back(std::make_shared<SubnetRoutes>(ComputeSubnetRoutes(t, *tags, s)));
  }
  TagExpander expander(t, *tags);
  for (Index v = 0; v < t.vnets.size(); ++v)
    out->virtual_network_tag.push_back(expander.VirtualNetwork(v));
  std::map<std::pair<Index, Index>, std::shared_ptr<const ExpandedNsg>> expanded;
  auto expand = [&](Index nsg, Index vnet) -> std::shared_ptr<const ExpandedNsg> {
    if (nsg == kNoIndex) return nullptr;
    auto& slot = expanded[{nsg, vnet}];
    if (!slot) slot = std::make_shared<ExpandedNsg>(ExpandNsg(t, expander, nsg, vnet));
    return slot;
  };
  out->security.resize(t.nics.size());
  for (Index n = 0; n < t.nics.size(); ++n) {
    const Nic& nic = t.nics[n];
    NicSecurity& sec = out->security[n];
    sec.nic = n;
    const IpConfig* primary = nic.Primary();
    if (!primary || primary->subnet == kNoIndex) continue;
    sec.subnet = primary->subnet;
    const Subnet& subnet = t.subnets[sec.subnet];
    sec.private_endpoint = nic.private_endpoint != kNoIndex;
    // 3.6: on a private endpoint's NIC the subnet NSG applies only with NSG policies enabled.
    bool subnet_nsg_applies = !sec.private_endpoint ||
                              subnet.pe_policies == PeNetworkPolicies::kNsg ||
                              subnet.pe_policies == PeNetworkPolicies::kEnabled;
    if (subnet_nsg_applies) sec.subnet_nsg = expand(subnet.nsg, subnet.vnet);
    sec.nic_nsg = expand(nic.nsg, subnet.vnet);
  }
  return out;
}

std::shared_ptr<const CompiledNetwork> Compiler::Compile(const model::DocSnapshot& snapshot) {
  {
    std::lock_guard lock(mutex_);
    if (last_ && last_->revision == snapshot.revision) return last_;
  }
  auto compiled = CompileDocs(*snapshot.docs, tags_, snapshot.revision);
  std::lock_guard lock(mutex_);
  if (!last_ || last_->revision <= compiled->revision) last_ = compiled;
  return compiled;
}

}  // namespace vnet::compile
