// The reference evaluator's lookups: linear scans over the topology, and each rule matched by
// what it means (a tag by its catalogue prefixes or VirtualNetwork's definition, an ASG by its
// members' IP configurations), never through the compiled expansions or lookup structures.
#include <algorithm>

#include "base/strings.h"
#include "eval/evaluator.h"
#include "eval/internal/pipeline.h"

namespace vnet::eval {

namespace {

using compile::AddressMatch;
using compile::Topology;

bool ReservedV4(const net::IpAddress& ip) {
  static const char* const kReserved[] = {"0.0.0.0/8",      "10.0.0.0/8",     "100.64.0.0/10",
                                          "127.0.0.0/8",    "169.254.0.0/16", "172.16.0.0/12",
                                          "192.168.0.0/16", "224.0.0.0/3"};
  for (const char* r : kReserved) {
    if (net::Cidr::Parse(r).value().Contains(ip)) return true;
  }
  return false;
}

class ReferenceLookups {
 public:
  explicit ReferenceLookups(const compile::CompiledNetwork& net) : net_(net), t_(net.t()) {}

  Index Route(Index subnet, const net::IpAddress& dst, bool tcp) const {
    const auto& routes = net_.routes[subnet]->routes;
    Index best = kNoIndex;
    int best_len = -1;
    for (Index i = 0; i < routes.size(); ++i) {
      if (!routes[i].active || routes[i].shadowed) continue;
      if (!tcp && routes[i].next_hop == compile::NextHopType::kServiceEndpoint) continue;
      for (const net::Cidr& c : routes[i].prefixes) {
        if (c.Contains(dst) && c.prefix_len() > best_len) {
          best = i;
          best_len = c.prefix_len();
        }
      }
    }
    return best;
  }

  internal::RouteFacts RouteTo(Index subnet, const net::IpAddress& dst, bool tcp) const {
    return internal::RouteFactsOf(*net_.routes[subnet], Route(subnet, dst, tcp));
  }

  Index VnetOfSubnet(Index subnet) const { return t_.subnets[subnet].vnet; }

  internal::NicFacts Nic(Index nic) const { return internal::NicFactsOf(net_, nic); }
  net::IpAddress PublicSource(Index nic) const { return internal::PublicSourceOf(t_, nic); }

  internal::RuleHit Rule(const internal::NicFacts& at, internal::Layer layer, compile::Direction d,
                         const net::FiveTuple& tuple, bool any_source_port) const {
    return internal::HitOf(
        Rule(*internal::NsgOf(net_.security[at.nic], layer), d, tuple, any_source_port));
  }

  bool Allows(const internal::NicFacts& at, internal::Layer layer, compile::Direction d,
              const net::FiveTuple& tuple, bool any_source_port) const {
    return Rule(at, layer, d, tuple, any_source_port).allow;
  }

  const compile::SecurityRule* Rule(const compile::ExpandedNsg& e, compile::Direction d,
                                    const net::FiveTuple& tuple, bool any_source_port) const {
    for (const compile::SecurityRule& r : t_.nsgs[e.nsg].rules) {
      if (r.direction != d) continue;
      if (!(r.protocols & (1u << static_cast<int>(tuple.protocol)))) continue;
      if (net::HasPorts(tuple.protocol)) {
        auto in = [](const std::vector<net::PortRange>& ranges, uint16_t port) {
          return std::any_of(ranges.begin(), ranges.end(),
                             [&](const net::PortRange& p) { return p.Contains(port); });
        };
        if (!any_source_port && !in(r.source_ports, tuple.source_port)) continue;
        if (!in(r.destination_ports, tuple.destination_port)) continue;
      }
      if (!Matches(r.sources, tuple.source, e.vnet)) continue;
      if (!Matches(r.destinations, tuple.destination, e.vnet)) continue;
      return &r;
    }
    return nullptr;
  }

  Index NicByIp(Index vnet, const net::IpAddress& ip) const { return t_.NicByIp(vnet, ip); }

  Index PrivateEndpointAt(Index vnet, const net::IpAddress& ip,
                          const compile::PeAddress** addr) const {
    for (Index p = 0; p < t_.private_endpoints.size(); ++p) {
      const compile::PrivateEndpoint& pe = t_.private_endpoints[p];
      if (pe.subnet == kNoIndex || t_.subnets[pe.subnet].vnet != vnet) continue;
      for (const compile::PeAddress& a : pe.addresses) {
        if (a.ip == ip) {
          *addr = &a;
          return p;
        }
      }
    }
    return kNoIndex;
  }

  Index ServiceByIp(const net::IpAddress& ip) const { return t_.ServiceByIp(ip); }

  Index NicByPublicIp(const net::IpAddress& ip) const {
    for (Index n = 0; n < t_.nics.size(); ++n) {
      for (const compile::IpConfig& c : t_.nics[n].ip_configs) {
        if (c.has_public_ip && c.public_ip == ip) return n;
      }
    }
    return kNoIndex;
  }

  bool InAzure(const net::IpAddress& ip) const {
    const compile::ServiceTag* cloud = net_.tags->Find("AzureCloud");
    return cloud && std::any_of(cloud->prefixes.begin(), cloud->prefixes.end(),
                                [&](const net::Cidr& c) { return c.Contains(ip); });
  }

  bool InternetAddress(const net::IpAddress& ip) const { return ip.is_v4() && !ReservedV4(ip); }

 private:
  bool Matches(const std::vector<AddressMatch>& matches, const net::IpAddress& ip,
               Index vnet) const {
    for (const AddressMatch& m : matches) {
      switch (m.kind) {
        case AddressMatch::Kind::kAny:
          return true;
        case AddressMatch::Kind::kPrefix:
          if (m.prefix.Contains(ip)) return true;
          break;
        case AddressMatch::Kind::kTag:
          if (InTag(m.tag, ip, vnet)) return true;
          break;
        case AddressMatch::Kind::kAsg:
          if (InAsg(m.asg, ip)) return true;
          break;
      }
    }
    return false;
  }

  bool InAsg(Index asg, const net::IpAddress& ip) const {
    if (asg == kNoIndex) return false;
    for (const compile::Nic& nic : t_.nics) {
      for (const compile::IpConfig& c : nic.ip_configs) {
        if (c.private_ip == ip && std::find(c.asgs.begin(), c.asgs.end(), asg) != c.asgs.end())
          return true;
      }
    }
    return false;
  }

  bool InTag(const std::string& tag, const net::IpAddress& ip, Index vnet) const {
    if (EqualsIgnoreCase(tag, "VirtualNetwork") || EqualsIgnoreCase(tag, "VIRTUAL_NETWORK"))
      return InVirtualNetwork(ip, vnet);
    if (EqualsIgnoreCase(tag, "Internet")) return InternetAddress(ip);
    if (EqualsIgnoreCase(tag, "AzureLoadBalancer") || EqualsIgnoreCase(tag, "AZURE_LOADBALANCER"))
      return ip == net::IpAddress::Parse("168.63.129.16").value();
    const compile::ServiceTag* st = net_.tags->Find(tag);
    return st && std::any_of(st->prefixes.begin(), st->prefixes.end(),
                             [&](const net::Cidr& c) { return c.Contains(ip); });
  }

  // SEMANTICS.md 4.1, read literally.
  bool InVirtualNetwork(const net::IpAddress& ip, Index vnet) const {
    if (vnet == kNoIndex) return false;
    if (ip == net::IpAddress::Parse("168.63.129.16").value()) return true;
    auto in = [&](const std::vector<net::Cidr>& list) {
      return std::any_of(list.begin(), list.end(),
                         [&](const net::Cidr& c) { return c.Contains(ip); });
    };
    const compile::Vnet& v = t_.vnets[vnet];
    if (in(v.address_space)) return true;
    if (v.gateway != kNoIndex && in(t_.gateways[v.gateway].onprem_prefixes)) return true;
    for (const compile::PeeringLink& p : v.peerings) {
      if (!p.connected) continue;
      const compile::Vnet& remote = t_.vnets[p.remote_vnet];
      if (in(remote.address_space)) return true;
      if (p.use_remote_gateways && remote.gateway != kNoIndex &&
          in(t_.gateways[remote.gateway].onprem_prefixes))
        return true;
    }
    for (Index s : v.subnets) {
      Index rt = t_.subnets[s].route_table;
      if (rt == kNoIndex) continue;
      for (const compile::UserRoute& r : t_.route_tables[rt].routes) {
        if (r.tag.empty() && in(r.prefixes)) return true;
      }
    }
    return false;
  }

  const compile::CompiledNetwork& net_;
  const Topology& t_;
};

}  // namespace

Verdict ReferenceEvaluator::Evaluate(const Flow& flow) const {
  ReferenceLookups lookups(*net_);
  Verdict v;
  internal::Pipeline<ReferenceLookups>(*net_, lookups, flow, &v).Run();
  return v;
}

}  // namespace vnet::eval
