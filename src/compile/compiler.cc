// Full compiles, and updates of the last compiled network for changes confined to subnets'
// properties (the common edit: an endpoint, a policy, an NSG or route table association).
#include "compile/compiler.h"

#include <set>

#include "base/strings.h"
#include "compile/internal/json_read.h"
#include "compile/topology_builder.h"

namespace vnet::compile {

namespace {

// The NSGs that filter NIC `n` (3.6: on a private endpoint's NIC the subnet NSG applies only
// with NSG network policies), each expanded once per (NSG, VNet) through `cache`.
NicSecurity ComputeNicSecurity(const Topology& t, const TagExpander& expander,
                               ExpandedNsgCache& cache, Index n) {
  NicSecurity sec;
  sec.nic = n;
  const Nic& nic = t.nics[n];
  const IpConfig* primary = nic.Primary();
  if (!primary || primary->subnet == kNoIndex) return sec;
  sec.subnet = primary->subnet;
  const Subnet& subnet = t.subnets[sec.subnet];
  sec.private_endpoint = nic.private_endpoint != kNoIndex;
  auto expand = [&](Index nsg) -> std::shared_ptr<const ExpandedNsg> {
    if (nsg == kNoIndex) return nullptr;
    auto& slot = cache[{nsg, subnet.vnet}];
    if (!slot) slot = std::make_shared<ExpandedNsg>(ExpandNsg(t, expander, nsg, subnet.vnet));
    return slot;
  };
  bool subnet_nsg_applies = !sec.private_endpoint ||
                            subnet.pe_policies == PeNetworkPolicies::kNsg ||
                            subnet.pe_policies == PeNetworkPolicies::kEnabled;
  if (subnet_nsg_applies) sec.subnet_nsg = expand(subnet.nsg);
  sec.nic_nsg = expand(nic.nsg);
  return sec;
}

bool SameShape(const Json& a, const Json& b) {
  const Json& pa = Props(a);
  const Json& pb = Props(b);
  for (const char* key : {"addressSpace", "virtualNetworkPeerings", "dhcpOptions"}) {
    const Json* x = Member(pa, key);
    const Json* y = Member(pb, key);
    if ((x == nullptr) != (y == nullptr) || (x && *x != *y)) return false;
  }
  if (String(a, "location") != String(b, "location")) return false;
  const Json& sa = Array(pa, "subnets");
  const Json& sb = Array(pb, "subnets");
  if (sa.size() != sb.size()) return false;
  for (size_t i = 0; i < sa.size(); ++i) {
    if (!EqualsIgnoreCase(String(sa[i], "id"), String(sb[i], "id"))) return false;
    const Json& x = Props(sa[i]);
    const Json& y = Props(sb[i]);
    if (StringOrList(x, "addressPrefix", "addressPrefixes") !=
        StringOrList(y, "addressPrefix", "addressPrefixes"))
      return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const CompiledNetwork> Compiler::CompileDocs(
    const model::DocMap& docs, std::shared_ptr<const ServiceTagCatalogue> tags, int64_t revision) {
  auto out = std::make_shared<CompiledNetwork>();
  out->revision = revision;
  out->tags = tags;
  auto topology = std::make_shared<Topology>(BuildTopology(docs, *tags));
  out->topology = topology;
  const Topology& t = *topology;
  auto& routes = out->routes.Mut();
  routes.reserve(t.subnets.size());
  for (Index s = 0; s < t.subnets.size(); ++s)
    routes.push_back(std::make_shared<SubnetRoutes>(ComputeSubnetRoutes(t, *tags, s)));
  auto& vnet_tags = out->virtual_network_tag.Mut();
  for (Index v = 0; v < t.vnets.size(); ++v) vnet_tags.push_back(VirtualNetworkPrefixes(t, v));
  out->asg_members.Mut() = AsgMemberPrefixes(t);
  TagExpander expander(*tags, out->virtual_network_tag, out->asg_members);
  auto cache = std::make_shared<ExpandedNsgCache>();
  auto& security = out->security.Mut();
  auto& by_subnet = out->nics_by_subnet.Mut();
  by_subnet.resize(t.subnets.size());
  security.reserve(t.nics.size());
  for (Index n = 0; n < t.nics.size(); ++n) {
    security.push_back(ComputeNicSecurity(t, expander, *cache, n));
    if (security.back().subnet != kNoIndex) by_subnet[security.back().subnet].push_back(n);
  }
  out->expanded = cache;
  out->recompiled_subnets = t.subnets.size();
  out->recompiled_nics = t.nics.size();
  return out;
}

std::vector<std::string> Compiler::ChangedKeys(const model::DocMap& a, const model::DocMap& b) {
  std::vector<std::string> out;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() || j != b.end()) {
    if (j == b.end() || (i != a.end() && i->first < j->first)) {
      out.push_back((i++)->first);
    } else if (i == a.end() || j->first < i->first) {
      out.push_back((j++)->first);
    } else {
      if (i->second != j->second) out.push_back(i->first);
      ++i, ++j;
    }
  }
  return out;
}

std::shared_ptr<const CompiledNetwork> Compiler::Update(const CompiledNetwork& prev,
                                                        const model::DocMap& old_docs,
                                                        const model::DocMap& new_docs,
                                                        const std::vector<std::string>& changed,
                                                        int64_t revision) {
  // Applicable only when every change is an existing VNet keeping its shape.
  for (const std::string& key : changed) {
    auto o = old_docs.find(key);
    auto n = new_docs.find(key);
    if (o == old_docs.end() || n == new_docs.end() || !n->second->type ||
        !EqualsIgnoreCase(n->second->type->name, "Microsoft.Network/virtualNetworks") ||
        !SameShape(o->second->body, n->second->body))
      return nullptr;
  }
  auto out = std::make_shared<CompiledNetwork>(prev);  // shares every collection
  out->revision = revision;
  out->incremental = true;
  out->recompiled_subnets = 0;
  out->recompiled_nics = 0;
  Topology t = prev.t();  // shares every collection
  std::set<Index> route_vnets, peer_routes_vnets, security_vnets;
  for (const std::string& key : changed) {
    const model::Doc& doc = *new_docs.at(key);
    Index vi = t.Find(doc.id.ToString());
    if (vi == kNoIndex) return nullptr;
    for (const Json& s : Array(Props(doc.body), "subnets")) {
      Index si = t.Find(String(s, "id"));
      if (si == kNoIndex) return nullptr;
      Subnet updated = t.subnets[si];
      ReadSubnetProperties(Props(s), t, &updated);
      const Subnet& old = t.subnets[si];
      bool routes_changed = updated.route_table != old.route_table ||
                            updated.service_endpoints != old.service_endpoints ||
                            updated.endpoint_policies != old.endpoint_policies ||
                            updated.pe_policies != old.pe_policies;
      bool security_changed = updated.nsg != old.nsg || updated.route_table != old.route_table ||
                              updated.pe_policies != old.pe_policies;
      if (!routes_changed && !security_changed) continue;
      if (routes_changed) route_vnets.insert(vi);
      // A subnet's route table and private endpoint policies decide the /32s of its endpoints
      // in peered VNets too (2.8); its service endpoints and endpoint policies are its own.
      if (updated.route_table != old.route_table || updated.pe_policies != old.pe_policies) {
        peer_routes_vnets.insert(vi);
      }
      if (security_changed) security_vnets.insert(vi);
      t.subnets.At(si) = std::move(updated);
    }
  }
  std::set<Index> with_peers = route_vnets;
  for (Index v : peer_routes_vnets) {
    for (const PeeringLink& p : t.vnets[v].peerings) {
      if (p.connected) with_peers.insert(p.remote_vnet);
    }
  }
  auto topology = std::make_shared<const Topology>(std::move(t));
  out->topology = topology;
  const Topology& nt = *topology;
  for (Index v : with_peers) {
    for (Index s : nt.vnets[v].subnets) {
      SubnetRoutes routes = ComputeSubnetRoutes(nt, *prev.tags, s);
      ++out->recompiled_subnets;
      // Unchanged routes keep their object, so that what is built from them (the evaluator's
      // tables) is reused: a peer's routes rarely change with this VNet's subnets.
      if (routes == *prev.routes[s]) continue;
      out->routes.At(s) = std::make_shared<SubnetRoutes>(std::move(routes));
    }
  }
  if (!security_vnets.empty()) {
    auto cache = std::make_shared<ExpandedNsgCache>(*prev.expanded);
    for (Index v : security_vnets) {
      out->virtual_network_tag.At(v) = VirtualNetworkPrefixes(nt, v);
      for (auto it = cache->begin(); it != cache->end();) {
        it = it->first.second == v ? cache->erase(it) : std::next(it);
      }
    }
    TagExpander expander(*prev.tags, out->virtual_network_tag, out->asg_members);
    for (Index v : security_vnets) {
      for (Index s : nt.vnets[v].subnets) {
        for (Index n : out->nics_by_subnet[s]) {
          out->security.At(n) = ComputeNicSecurity(nt, expander, *cache, n);
          ++out->recompiled_nics;
        }
      }
    }
    out->expanded = cache;
  }
  return out;
}

std::shared_ptr<const CompiledNetwork> Compiler::Compile(const model::DocSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  if (last_ && last_->revision == snapshot.revision) return last_;
  std::shared_ptr<const CompiledNetwork> compiled;
  if (last_ && last_docs_ && snapshot.docs) {
    compiled = Update(*last_, *last_docs_, *snapshot.docs, ChangedKeys(*last_docs_, *snapshot.docs),
                      snapshot.revision);
  }
  if (!compiled) compiled = CompileDocs(*snapshot.docs, tags_, snapshot.revision);
  last_ = compiled;
  last_docs_ = snapshot.docs;
  return compiled;
}

}  // namespace vnet::compile
