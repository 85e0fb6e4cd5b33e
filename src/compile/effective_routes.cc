// Builds a subnet's effective route table (SEMANTICS.md 2.2-2.8) and marks states.
#include "compile/effective_routes.h"

#include <algorithm>
#include <map>

#include "base/strings.h"
#include "model/regions.h"

namespace vnet::compile {

namespace {

struct TagOfService {
  const char* service;
  const char* tag;
} const kTagOfService[] = {
    {"Microsoft.Storage", "Storage"},
    {"Microsoft.Storage.Global", "Storage"},
    {"Microsoft.Sql", "Sql"},
    {"Microsoft.AzureCosmosDB", "AzureCosmosDB"},
    {"Microsoft.KeyVault", "AzureKeyVault"},
    {"Microsoft.EventHub", "EventHub"},
    {"Microsoft.ServiceBus", "ServiceBus"},
    {"Microsoft.Web", "AppService"},
    {"Microsoft.ContainerRegistry", "AzureContainerRegistry"},
    {"Microsoft.CognitiveServices", "CognitiveServicesFrontend"},
    {"Microsoft.AzureActiveDirectory", "AzureActiveDirectory"},
};

const char* const kReserved[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"};

void AppendV4(const std::vector<net::Cidr>& from, std::vector<net::Cidr>* to) {
  for (const net::Cidr& c : from) {
    if (c.is_v4()) to->push_back(c);
  }
}

EffectiveRoute System(net::Cidr prefix, NextHopType hop) {
  EffectiveRoute r;
  r.prefixes = {prefix};
  r.next_hop = hop;
  return r;
}

// Precedence among routes with the identical prefix: higher wins (section 2.6 step 1, and
// decision 1: a service endpoint route beats user and gateway routes).
int Rank(const EffectiveRoute& r, const ServiceTagCatalogue& tags) {
  if (r.next_hop == NextHopType::kServiceEndpoint) return 100;
  if (r.source == RouteSource::kUser) {
    // Among user routes: an explicit CIDR beats tags; a regional service tag beats its global
    // tag, which beats a regional AzureCloud, which beats AzureCloud (section 2.4).
    if (r.tag.empty()) return 90;
    const ServiceTag* tag = tags.Find(r.tag);
    bool regional = tag && !tag->region.empty();
    bool cloud = StartsWithIgnoreCase(r.tag, "AzureCloud");
    if (!cloud) return regional ? 89 : 88;
    return regional ? 87 : 86;
  }
  if (r.source == RouteSource::kVirtualNetworkGateway) return 50;
  return 10;
}

bool Protected(const EffectiveRoute& r) {
  return r.source == RouteSource::kDefault &&
         (r.next_hop == NextHopType::kVnetLocal || r.next_hop == NextHopType::kVnetPeering ||
          r.next_hop == NextHopType::kVnetGlobalPeering ||
          r.next_hop == NextHopType::kServiceEndpoint);
}

// The prefix length of the address-space range of `vnet` that holds `ip` (0 when none).
int SpaceLengthOf(const Vnet& vnet, const net::IpAddress& ip) {
  for (const net::Cidr& c : vnet.address_space) {
    if (c.Contains(ip)) return c.prefix_len();
  }
  return 0;
}

}  // namespace

std::vector<net::Cidr> ServiceEndpointPrefixes(const ServiceTagCatalogue& tags,
                                               const ServiceEndpoint& endpoint,
                                               std::string_view vnet_region,
                                               bool storage_policy_attached) {
  const char* base = nullptr;
  for (const TagOfService& m : kTagOfService) {
    if (EqualsIgnoreCase(m.service, endpoint.service)) base = m.tag;
  }
  std::vector<net::Cidr> out;
  if (!base) return out;
  bool storage = EqualsIgnoreCase(endpoint.service, "Microsoft.Storage");
  bool global = EqualsIgnoreCase(endpoint.service, "Microsoft.Storage.Global") ||
                (storage && storage_policy_attached);
  std::vector<std::string> regions;
  for (const std::string& loc : endpoint.locations) {
    if (loc == "*") {
      if (!storage) global = true;
      regions.push_back(std::string(vnet_region));
      if (storage) {
        std::string_view pair = model::PairedRegion(vnet_region);
        if (!pair.empty()) regions.push_back(std::string(pair));
      }
    } else {
      regions.push_back(loc);
    }
  }
  if (endpoint.locations.empty()) regions.push_back(std::string(vnet_region));
  if (global) {
    if (const ServiceTag* tag = tags.Find(base)) AppendV4(tag->prefixes, &out);
  } else {
    for (const std::string& region : regions) {
      if (const ServiceTag* tag = tags.Regional(base, region)) AppendV4(tag->prefixes, &out);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

SubnetRoutes ComputeSubnetRoutes(const Topology& t, const ServiceTagCatalogue& tags, Index subnet) {
  SubnetRoutes out;
  out.subnet = subnet;
  const Subnet& s = t.subnets[subnet];
  const Vnet& v = t.vnets[s.vnet];
  const RouteTable* table = s.route_table != kNoIndex ? &t.route_tables[s.route_table] : nullptr;
  bool disable_bgp = table && table->disable_bgp_propagation;
  std::vector<EffectiveRoute>& routes = out.routes;

  // 2.2: the address space, then 0/0, then the reserved ranges with their rewrites.
  for (const net::Cidr& range : v.address_space) {
    routes.push_back(System(range, NextHopType::kVnetLocal));
  }
  routes.push_back(System(net::Cidr::Parse("0.0.0.0/0").value(), NextHopType::kInternet));
  for (const char* text : kReserved) {
    net::Cidr r = net::Cidr::Parse(text).value();
    bool covered = std::any_of(v.address_space.begin(), v.address_space.end(),
                               [&](const net::Cidr& range) { return range.Contains(r); });
    if (!covered) routes.push_back(System(r, NextHopType::kNone));
  }
  // 2.3: peerings (each range of each connected remote VNet).
  for (const PeeringLink& p : v.peerings) {
    if (!p.connected) continue;
    for (const net::Cidr& range : t.vnets[p.remote_vnet].address_space) {
      EffectiveRoute r =
          System(range, p.global ? NextHopType::kVnetGlobalPeering : NextHopType::kVnetPeering);
      r.peer_vnet = p.remote_vnet;
      routes.push_back(r);
    }
  }
  // 2.3 / 2.5: gateway routes, from the VNet's own gateway or a peer's through gateway transit.
  auto add_gateway = [&](Index gi) {
    const Gateway& g = t.gateways[gi];
    for (const net::Cidr& prefix : g.onprem_prefixes) {
      EffectiveRoute r = System(prefix, NextHopType::kVirtualNetworkGateway);
      r.source = RouteSource::kVirtualNetworkGateway;
      r.next_hop_ips = g.addresses;
      r.gateway = gi;
      r.disable_bgp_propagation = disable_bgp;
      routes.push_back(r);
    }
  };
  if (!disable_bgp) {
    if (v.gateway != kNoIndex) add_gateway(v.gateway);
    for (const PeeringLink& p : v.peerings) {
      if (!p.connected || !p.use_remote_gateways) continue;
      const Vnet& remote = t.vnets[p.remote_vnet];
      bool transit =
          std::any_of(remote.peerings.begin(), remote.peerings.end(), [&](const PeeringLink& back) {
            return back.remote_vnet == s.vnet && back.allow_gateway_transit;
          });
      if (transit && remote.gateway != kNoIndex) add_gateway(remote.gateway);
    }
  }
  // 2.3 / 5.3: service endpoint routes, for this subnet only.
  bool storage_policy =
      std::any_of(s.endpoint_policies.begin(), s.endpoint_policies.end(),
                  [&](Index p) { return t.endpoint_policies[p].has_storage_definition; });
  for (const ServiceEndpoint& se : s.service_endpoints) {
    std::vector<net::Cidr> prefixes = ServiceEndpointPrefixes(tags, se, v.location, storage_policy);
    if (prefixes.empty()) continue;
    EffectiveRoute r;
    r.prefixes = std::move(prefixes);
    r.next_hop = NextHopType::kServiceEndpoint;
    r.service = se.service;
    routes.push_back(std::move(r));
  }
  // 2.8: private endpoint /32s of this VNet and of directly peered VNets.
  std::vector<Index> pe_vnets{s.vnet};
  for (const PeeringLink& p : v.peerings) {
    if (p.connected) pe_vnets.push_back(p.remote_vnet);
  }
  for (Index pi = 0; pi < t.private_endpoints.size(); ++pi) {
    const PrivateEndpoint& pe = t.private_endpoints[pi];
    if (pe.subnet == kNoIndex) continue;
    if (std::find(pe_vnets.begin(), pe_vnets.end(), t.subnets[pe.subnet].vnet) == pe_vnets.end())
      continue;
    for (const PeAddress& a : pe.addresses) {
      EffectiveRoute r = System(net::Cidr::Of(a.ip, a.ip.bits()), NextHopType::kInterfaceEndpoint);
      r.private_endpoint = pi;
      routes.push_back(r);
    }
  }
  // 2.4: user routes.
  if (table) {
    for (const UserRoute& u : table->routes) {
      for (const net::Cidr& prefix : u.prefixes) {
        EffectiveRoute r = System(prefix, u.next_hop);
        r.name = u.name;
        r.source = RouteSource::kUser;
        r.tag = u.tag;
        r.route_table = s.route_table;
        if (u.has_next_hop_ip) r.next_hop_ips = {u.next_hop_ip};
        routes.push_back(r);
      }
    }
  }

  // States: among routes with the identical prefix, the highest rank stays Active.
  std::map<net::Cidr, size_t> best;  // prefix -> index of the winner so far
  for (size_t i = 0; i < routes.size(); ++i) {
    if (routes[i].prefixes.size() != 1) continue;  // service endpoint lists win their prefixes
    auto [it, fresh] = best.emplace(routes[i].prefixes[0], i);
    if (fresh) continue;
    size_t& w = it->second;
    if (Rank(routes[i], tags) > Rank(routes[w], tags)) {
      routes[w].active = false;
      w = i;
    } else {
      routes[i].active = false;
    }
  }
  for (const EffectiveRoute& se : routes) {
    if (se.next_hop != NextHopType::kServiceEndpoint) continue;
    for (const net::Cidr& prefix : se.prefixes) {
      auto it = best.find(prefix);
      if (it != best.end()) routes[it->second].active = false;
    }
  }
  // 2.8: with route-table policies on the endpoint's subnet, a user route at least as specific
  // as the endpoint VNet's address space that covers the endpoint's address invalidates the /32.
  for (EffectiveRoute& r : routes) {
    if (r.next_hop != NextHopType::kInterfaceEndpoint || !r.active) continue;
    const PrivateEndpoint& pe = t.private_endpoints[r.private_endpoint];
    PeNetworkPolicies pol = t.subnets[pe.subnet].pe_policies;
    if (pol != PeNetworkPolicies::kRouteTable && pol != PeNetworkPolicies::kEnabled) continue;
    const net::IpAddress& ip = r.prefixes[0].address();
    int space_len = SpaceLengthOf(t.vnets[t.subnets[pe.subnet].vnet], ip);
    for (const EffectiveRoute& u : routes) {
      if (u.source == RouteSource::kUser && u.active && u.prefixes[0].Contains(ip) &&
          u.prefixes[0].prefix_len() >= space_len && u.prefixes[0].prefix_len() < ip.bits()) {
        r.active = false;
        break;
      }
    }
  }
  // 2.6 step 3: a gateway route inside an Active VnetLocal / peering / endpoint route loses to it.
  for (EffectiveRoute& g : routes) {
    if (g.source != RouteSource::kVirtualNetworkGateway || !g.active) continue;
    for (const EffectiveRoute& p : routes) {
      if (!p.active || !Protected(p)) continue;
      bool inside = std::any_of(p.prefixes.begin(), p.prefixes.end(),
                                [&](const net::Cidr& c) { return c.Contains(g.prefixes[0]); });
      if (inside) {
        g.shadowed = true;
        break;
      }
    }
  }
  return out;
}

}  // namespace vnet::compile
