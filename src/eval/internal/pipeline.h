// The flow pipeline, written once over a Lookups policy that answers the questions of each step
// (which route, which NSG rule, which NIC / private endpoint / service holds an address). The
// fast evaluator plugs in LPM tables, classifiers and hash maps; the reference evaluator plugs
// in linear scans over the topology with the rules' own meaning (tags and ASGs matched
// semantically, no expansion), so the differential test compares the two ways of answering.
#pragma once
#include <string>

#include "compile/compiled_network.h"
#include "eval/firewall.h"
#include "eval/verdict.h"

namespace vnet::eval::internal {

using compile::CompiledNetwork;
using compile::Direction;
using compile::NextHopType;

std::string RouteText(const compile::EffectiveRoute& r, const net::Cidr& prefix);
std::string RuleName(
    const compile::SecurityRule& r);  // "securityRules/x" / "defaultSecurityRules/x"
void Step(Verdict& v, std::string step, std::string summary,
          std::vector<std::pair<std::string, std::string>> fields = {});
void Finish(Verdict& v, Outcome outcome, std::string_view reason);

// The longest prefix of `r` holding `dst` (the route's matched prefix, for the trace).
net::Cidr MatchedPrefix(const compile::EffectiveRoute& r, const net::IpAddress& dst);

// A NIC's two NSG layers (NicSecurity::subnet_nsg, NicSecurity::nic_nsg).
enum class Layer : uint8_t { kSubnet = 0, kNic = 1 };

// What the pipeline reads of a NIC on most flows, in one small record: the fast lookups keep one
// per NIC in a flat array (the topology's Nic is large and full of strings), the reference
// derives it from the topology each time (NicFactsOf).
struct NicFacts {
  compile::Index nic = kNoIndex;
  compile::Index subnet = kNoIndex;            // NicSecurity::subnet (the primary's subnet)
  compile::Index private_endpoint = kNoIndex;  // Nic::private_endpoint
  bool has_ip = false;                         // Nic::Primary() is not null
  bool ip_forwarding = false;
  bool has_nsg[2] = {false, false};  // by Layer: that layer's NSG applies
  net::IpAddress ip;                 // the primary IP configuration's private address
};
NicFacts NicFactsOf(const CompiledNetwork& net, compile::Index nic);
const compile::ExpandedNsg* NsgOf(const compile::NicSecurity& sec, Layer layer);
// The address a NIC's traffic to public endpoints leaves from: its primary IP configuration's
// public IP, else its default outbound address.
net::IpAddress PublicSourceOf(const compile::Topology& t, compile::Index nic);

// What the pipeline reads of the route a packet takes on most flows; the rest (names, appliance
// addresses, gateways) it reads from net.routes[subnet]->routes[index].
struct RouteFacts {
  compile::Index index = kNoIndex;  // kNoIndex: no route holds the destination
  NextHopType next_hop = NextHopType::kNone;
  compile::Index peer_vnet = kNoIndex;  // EffectiveRoute::peer_vnet
};
RouteFacts RouteFactsOf(const compile::SubnetRoutes& routes, compile::Index index);

// The first rule of an NSG layer matching a flow (nullptr when none does: the layer denies), and
// whether it allows.
struct RuleHit {
  const compile::SecurityRule* rule = nullptr;
  bool allow = false;
};
inline RuleHit HitOf(const compile::SecurityRule* rule) {
  return {rule, rule && rule->access == compile::Access::kAllow};
}

// Lookups answers: RouteTo(subnet, dst, tcp) (the RouteFacts of the route taken), VnetOfSubnet,
// Nic(nic) (a NicFacts, or a type derived from it), PublicSource(nic), Rule(facts, layer,
// direction, tuple, any_source_port) (the RuleHit of that NIC's layer), Allows(same) (its allow
// alone, for verdicts without trace),
// PrivateEndpointAt, NicByIp, ServiceByIp, NicByPublicIp, InAzure, InternetAddress.
template <class Lookups>
class Pipeline {
 public:
  // Writes the verdict of `f` into `*out` (a default-constructed Verdict) when run. With `trace`
  // false only the outcome and reason are filled (no strings are built).
  Pipeline(const CompiledNetwork& net, const Lookups& l, const Flow& f, Verdict* out,
           bool trace = true)
      : net_(net), t_(net.t()), l_(l), f_(f), trace_(trace), v_(*out) {}

  // For a flow from a NIC that can originate it (an IP configuration in a subnet, not a private
  // endpoint's), given whether its outbound NSG layers allow it and, if they do, the route it
  // takes (RouteTo with tcp as Route asks): finishes the verdict where those end the flow, as
  // Run() would (denied by an NSG, a platform address, no route, next hop None), and returns
  // false where the flow goes further (then Run()). FastEvaluator::DecideBatch computes those
  // answers for a group of flows at a time.
  bool FinishEarly(bool outbound_allowed, const RouteFacts& hop) {
    if (!outbound_allowed) {
      Finish(v_, Outcome::kDenied, "NetworkSecurityRule");
    } else if (f_.destination == kHostVip || f_.destination == kImds) {
      Finish(v_, Outcome::kAllowed, "Allowed");
    } else if (hop.index == kNoIndex) {
      Finish(v_, Outcome::kDenied, "NoRoute");
    } else if (hop.next_hop == NextHopType::kNone) {
      Finish(v_, Outcome::kDenied, "NextHopNone");
    } else {
      return false;
    }
    return true;
  }

  // After FinishEarly returned false: the rest of Run() from the route the flow takes, from the
  // source NIC's `subnet` and address `src` (what FromNic would pass), with no lookup repeated.
  void ContinueEarly(compile::Index subnet, const net::IpAddress& src, const RouteFacts& hop) {
    TakeRoute(f_.source.nic, subnet, src, hop, 0);
  }

  void Run() {
    switch (f_.source.kind) {
      case FlowSource::Kind::kNic:
        FromNic();
        break;
      case FlowSource::Kind::kInternet:
        FromInternet();
        break;
      case FlowSource::Kind::kOnPrem:
        FromOnPrem();
        break;
    }
  }

 private:
  net::FiveTuple Tuple(const net::IpAddress& src) const {
    return {src, f_.destination, f_.source_port, f_.destination_port, f_.protocol};
  }

  // One NSG layer of a NIC; false (and the verdict finished) when it denies.
  template <class Facts>
  bool NsgLayer(const Facts& at, Layer layer, Direction d, const net::IpAddress& src,
                bool any_source_port) {
    if (!at.has_nsg[static_cast<int>(layer)]) return true;
    if (!trace_) {
      if (l_.Allows(at, layer, d, Tuple(src), any_source_port)) return true;
      Finish(v_, Outcome::kDenied, "NetworkSecurityRule");
      return false;
    }
    const RuleHit hit = l_.Rule(at, layer, d, Tuple(src), any_source_port);
    const compile::SecurityRule* rule = hit.rule;
    const bool allow = hit.allow;
    const compile::ExpandedNsg* nsg = NsgOf(net_.security[at.nic], layer);
    const char* applied_to = layer == Layer::kSubnet ? "subnet" : "networkInterface";
    const std::string& nsg_id = t_.nsgs[nsg->nsg].id;
    std::string name = rule ? RuleName(*rule) : "(no rule)";
    if (!v_.deciding_rules.empty()) v_.deciding_rules += ",";
    if (trace_) v_.deciding_rules += nsg_id + ":" + name;
    if (trace_)
      Step(v_, "nsg",
           std::string(d == Direction::kInbound ? "inbound" : "outbound") + " NSG " +
               t_.nsgs[nsg->nsg].name + " (" + applied_to + "): " + name + " " +
               (allow ? "allows" : "denies"),
           {{"networkSecurityGroup", nsg_id},
            {"appliedTo", applied_to},
            {"direction", d == Direction::kInbound ? "Inbound" : "Outbound"},
            {"rule", name},
            {"access", allow ? "Allow" : "Deny"}});
    if (!allow) {
      Finish(v_, Outcome::kDenied, "NetworkSecurityRule");
      if (trace_)
        v_.remedies.push_back("add a rule to NSG " + t_.nsgs[nsg->nsg].name + " that allows " +
                              std::string(net::ProtocolName(f_.protocol)) + " to port " +
                              std::to_string(f_.destination_port) + " with a priority below " +
                              std::to_string(rule ? rule->priority : 0) + " (" + name + ")");
    }
    return allow;
  }

  void FromNic() {
    compile::Index n = f_.source.nic;
    const auto& nic = l_.Nic(n);
    if (!nic.has_ip || nic.subnet == kNoIndex) {
      if (trace_)
        Step(v_, "source", "NIC " + t_.nics[n].name + " has no IP configuration in a subnet");
      return Finish(v_, Outcome::kDenied, "NoSource");
    }
    if (nic.private_endpoint != kNoIndex) {
      if (trace_) Step(v_, "source", "private endpoints do not originate connections");
      return Finish(v_, Outcome::kDenied, "NoSource");
    }
    if (trace_)
      Step(v_, "source",
           "from NIC " + t_.nics[n].name + " (" + nic.ip.ToString() + ") in subnet " +
               t_.subnets[nic.subnet].name,
           {{"networkInterface", t_.nics[n].id}, {"address", nic.ip.ToString()}});
    if (!NsgLayer(nic, Layer::kNic, Direction::kOutbound, nic.ip, false)) return;
    if (!NsgLayer(nic, Layer::kSubnet, Direction::kOutbound, nic.ip, false)) return;
    if (f_.destination == kHostVip || f_.destination == kImds) {
      // 168.63.129.16 and 169.254.169.254 answer every VM; no route applies (2.6, 3.3).
      if (trace_) {
        v_.destination = f_.destination.ToString();
        Step(v_, "destination",
             "Azure platform address " + f_.destination.ToString() +
                 " (DNS, DHCP, health probes, instance metadata): user routes "
                 "do not apply");
      }
      return Finish(v_, Outcome::kAllowed, "Allowed");
    }
    Route(n, nic.subnet, nic.ip, 0);
  }

  void TraceRoute(const compile::EffectiveRoute& r, compile::Index subnet) {
    net::Cidr prefix = MatchedPrefix(r, f_.destination);
    v_.route = RouteText(r, prefix);
    std::string table =
        r.route_table != kNoIndex ? t_.route_tables[r.route_table].id : "System Route";
    Step(v_, "route",
         "route " + prefix.ToString() + " -> " + compile::NextHopTypeName(r.next_hop) +
             (r.next_hop_ips.empty() ? "" : " " + r.next_hop_ips[0].ToString()) + " (" +
             compile::RouteSourceName(r.source) + (r.name.empty() ? "" : ", " + r.name) + ")",
         {{"addressPrefix", prefix.ToString()},
          {"nextHopType", compile::NextHopTypeName(r.next_hop)},
          {"nextHopIpAddress", r.next_hop_ips.empty() ? "" : r.next_hop_ips[0].ToString()},
          {"source", compile::RouteSourceName(r.source)},
          {"routeTableId", table},
          {"subnet", t_.subnets[subnet].id}});
  }

  // Routing from `subnet` (the source NIC `from_nic`, or an appliance it was forwarded to).
  void Route(compile::Index from_nic, compile::Index subnet, const net::IpAddress& src, int depth) {
    // Only TCP takes a service endpoint's path (SEMANTICS.md 5.3, point 5).
    bool tcp = f_.protocol == net::Protocol::kTcp;
    const RouteFacts hop = l_.RouteTo(subnet, f_.destination, tcp);
    if (hop.index == kNoIndex) {
      if (trace_)
        Step(v_, "route",
             "no route in subnet " + t_.subnets[subnet].name + " holds " +
                 f_.destination.ToString());
      return Finish(v_, Outcome::kDenied, "NoRoute");
    }
    TakeRoute(from_nic, subnet, src, hop, depth);
  }

  // The route `hop` (found) taken from `subnet`: its next hop, and what lies behind it.
  void TakeRoute(compile::Index from_nic, compile::Index subnet, const net::IpAddress& src,
                 const RouteFacts& hop, int depth) {
    // The whole route, read only where the facts do not suffice.
    auto route = [&]() -> const compile::EffectiveRoute& {
      return net_.routes[subnet]->routes[hop.index];
    };
    if (trace_) TraceRoute(route(), subnet);
    switch (hop.next_hop) {
      case NextHopType::kNone:
        if (trace_)
          v_.remedies.push_back(route().source == compile::RouteSource::kUser
                                    ? "change user route " + route().name +
                                          " (next hop None drops it)"
                                    : "the destination is in a reserved range outside the VNet "
                                      "(next hop None)");
        return Finish(v_, Outcome::kDenied, "NextHopNone");
      case NextHopType::kVnetLocal:
        return Deliver(l_.VnetOfSubnet(subnet), src, /*peer=*/kNoIndex);
      case NextHopType::kVnetPeering:
      case NextHopType::kVnetGlobalPeering:
        return Deliver(hop.peer_vnet, src, hop.peer_vnet);
      case NextHopType::kInterfaceEndpoint:
        return Deliver(t_.subnets[t_.private_endpoints[route().private_endpoint].subnet].vnet, src,
                       kNoIndex);
      case NextHopType::kServiceEndpoint:
        return PublicService(from_nic, subnet, src, /*via_endpoint=*/true);
      case NextHopType::kInternet:
        return PublicService(from_nic, subnet, src, false);
      case NextHopType::kVirtualAppliance:
        return Appliance(route(), l_.VnetOfSubnet(subnet), src, depth);
      case NextHopType::kVirtualNetworkGateway:
        return Gateway(route(), l_.VnetOfSubnet(subnet));
    }
  }

  // Delivery to an address inside `vnet`: a private endpoint or a NIC.
  void Deliver(compile::Index vnet, const net::IpAddress& src, compile::Index) {
    const compile::PeAddress* addr = nullptr;
    compile::Index pe = l_.PrivateEndpointAt(vnet, f_.destination, &addr);
    if (pe != kNoIndex) return PrivateEndpoint(pe, *addr, src);
    compile::Index nic = l_.NicByIp(vnet, f_.destination);
    if (nic == kNoIndex) {
      if (trace_)
        Step(v_, "destination",
             "no NIC or private endpoint holds " + f_.destination.ToString() + " in VNet " +
                 t_.vnets[vnet].name);
      return Finish(v_, Outcome::kDenied, "NoDestination");
    }
    InboundNic(nic, src);
  }

  void InboundNic(compile::Index nic, const net::IpAddress& src) {
    const auto& at = l_.Nic(nic);
    if (at.private_endpoint != kNoIndex) {
      const compile::PrivateEndpoint& pe = t_.private_endpoints[at.private_endpoint];
      for (const compile::PeAddress& a : pe.addresses) {
        if (a.ip == f_.destination) return PrivateEndpoint(at.private_endpoint, a, src);
      }
    }
    if (trace_) v_.seen_source = src.ToString();
    if (!NsgLayer(at, Layer::kSubnet, Direction::kInbound, src, false)) return;
    if (!NsgLayer(at, Layer::kNic, Direction::kInbound, src, false)) return;
    if (trace_) v_.destination = t_.nics[nic].id;
    if (trace_)
      Step(v_, "destination",
           "delivered to NIC " + t_.nics[nic].name + " (" + f_.destination.ToString() +
               "), which sees source " + src.ToString(),
           {{"networkInterface", t_.nics[nic].id}, {"seenSourceAddress", src.ToString()}});
    Finish(v_, Outcome::kAllowed, "Allowed");
  }

  void PrivateEndpoint(compile::Index pi, const compile::PeAddress& addr,
                       const net::IpAddress& src) {
    const compile::PrivateEndpoint& pe = t_.private_endpoints[pi];
    if (trace_) v_.seen_source = src.ToString();
    if (trace_)
      Step(v_, "privateEndpoint",
           "private endpoint " + pe.name + " (" + addr.ip.ToString() + ", group " + addr.group_id +
               ")",
           {{"privateEndpoint", pe.id}, {"groupId", addr.group_id}});
    if (pe.nic != kNoIndex &&
        !NsgLayer(l_.Nic(pe.nic), Layer::kSubnet, Direction::kInbound, src, true))
      return;
    if (pe.connections.empty() || pe.connections[0].target == kNoIndex) {
      if (trace_) Step(v_, "privateEndpoint", "the endpoint's target resource does not exist");
      return Finish(v_, Outcome::kDenied, "NoDestination");
    }
    const compile::PeConnection& c = pe.connections[0];
    const compile::ServiceResource& s = t_.services[c.target];
    const char* state = compile::ConnectionStateName(c.state);
    if (trace_)
      Step(v_, "privateEndpointConnection",
           "connection " + c.name + " to " + s.name + " is " + state,
           {{"connection", c.name}, {"target", s.id}, {"status", state}});
    if (c.state != compile::ConnectionState::kApproved) {
      if (trace_) v_.firewall_rule = std::string("privateEndpointConnection: ") + state;
      if (trace_ && c.state == compile::ConnectionState::kPending) {
        v_.remedies.push_back("approve connection " + c.name + " on " + s.name);
      } else if (trace_) {
        v_.remedies.push_back("the connection is " + std::string(state) +
                              ": delete private endpoint " + pe.name +
                              " and create it again, then have " + s.name + " approve it");
      }
      return Finish(v_, Outcome::kDenied, "ConnectionNotApproved");
    }
    if (trace_) v_.destination = s.id + "/" + addr.group_id;
    if (trace_) v_.firewall_rule = "privateEndpointConnection: Approved (firewall not evaluated)";
    if (trace_)
      Step(v_, "service",
           s.name +
               " admits the request: it came through an approved private "
               "endpoint, so its public network rules do not apply",
           {{"resource", s.id}, {"seenSourceAddress", src.ToString()}});
    Finish(v_, Outcome::kAllowed, "Allowed");
  }

  // Toward a public address: a service resource's front end, a NIC's public IP, or the internet.
  void PublicService(compile::Index from_nic, compile::Index subnet, const net::IpAddress& src,
                     bool via_endpoint) {
    compile::Index si = l_.ServiceByIp(f_.destination);
    net::IpAddress public_src = via_endpoint ? src : l_.PublicSource(from_nic);
    if (si == kNoIndex) {
      compile::Index target = l_.NicByPublicIp(f_.destination);
      if (!via_endpoint && target != kNoIndex) {
        if (trace_)
          Step(v_, "snat", "leaves Azure's edge from " + public_src.ToString(),
               {{"sourceAddress", public_src.ToString()}});
        return InboundNic(target, public_src);
      }
      if (trace_) v_.seen_source = public_src.ToString();
      if (trace_)
        Step(v_, "destination",
             "to " + f_.destination.ToString() + " on the internet, from " + public_src.ToString() +
                 " (vnetd models no resource at this address)",
             {{"seenSourceAddress", public_src.ToString()}});
      return Finish(v_, via_endpoint ? Outcome::kUnknown : Outcome::kAllowed,
                    via_endpoint ? "NotModelled" : "Allowed");
    }
    const compile::ServiceResource& s = t_.services[si];
    if (trace_) v_.destination = s.id;
    if (trace_) v_.seen_source = public_src.ToString();
    if (via_endpoint) {
      if (trace_) v_.seen_subnet = t_.subnets[subnet].id;
      bool allowed;
      if (!trace_) {
        allowed = EndpointPoliciesAdmit(t_, subnet, s);  // the same answer, without strings
      } else {
        std::string policy;
        allowed = EndpointPoliciesAllow(t_, subnet, s, &policy);
        if (!policy.empty())
          Step(v_, "serviceEndpointPolicy",
               std::string("service endpoint policies of the subnet ") +
                   (allowed ? "allow " : "do not list ") + s.name,
               {{"policies", policy}, {"access", allowed ? "Allow" : "Deny"}});
      }
      if (!allowed) {
        if (trace_) v_.firewall_rule = "serviceEndpointPolicy";
        if (trace_)
          v_.remedies.push_back("add " + s.id + " to a service endpoint policy of subnet " +
                                t_.subnets[subnet].name);
        return Finish(v_, Outcome::kDenied, "ServiceEndpointPolicy");
      }
    } else {
      if (trace_)
        Step(v_, "snat", "leaves Azure's edge from " + public_src.ToString(),
             {{"sourceAddress", public_src.ToString()}});
    }
    PublicRequest req;
    req.via_service_endpoint = via_endpoint;
    req.subnet = subnet;
    req.source = public_src;
    req.source_in_azure = true;
    req.same_region_vm = !via_endpoint && t_.nics[from_nic].location == s.location;
    Firewall(s, req);
  }

  void Firewall(const compile::ServiceResource& s, const PublicRequest& req) {
    if (!trace_) {
      FirewallDecision d = DecidePublic(s, req);
      if (!d.known()) return Finish(v_, Outcome::kUnknown, "NotModelled");
      if (d.allowed()) return Finish(v_, Outcome::kAllowed, "Allowed");
      return Finish(v_, Outcome::kDenied,
                    d.kind == FirewallDecision::Kind::kPublicAccessDisabled
                        ? "PublicNetworkAccessDisabled"
                        : "FirewallDenied");
    }
    Admission a = AdmitPublic(t_, s, req);
    if (trace_) v_.firewall_rule = a.rule;
    std::vector<std::pair<std::string, std::string>> fields = {
        {"resource", s.id},
        {"seenSourceAddress", req.source_known ? req.source.ToString() : ""},
        {"seenSubnet", req.via_service_endpoint ? t_.subnets[req.subnet].id : ""},
        {"rule", a.rule},
        {"access", a.allowed ? "Allow" : (a.known ? "Deny" : "Unknown")}};
    if (!a.code.empty()) fields.push_back({"errorCode", a.code});
    if (trace_)
      Step(v_, "firewall",
           s.name +
               (a.allowed ? " admits: "
                : a.known ? " refuses: "
                          : " cannot be decided: ") +
               a.rule + (a.code.empty() ? "" : " (" + a.code + ")"),
           std::move(fields));
    if (!a.remedy.empty()) v_.remedies.push_back(a.remedy);
    if (!a.known) return Finish(v_, Outcome::kUnknown, "NotModelled");
    if (!a.allowed)
      return Finish(v_, Outcome::kDenied,
                    s.firewall.public_access == compile::Firewall::PublicAccess::kDisabled
                        ? "PublicNetworkAccessDisabled"
                        : "FirewallDenied");
    Finish(v_, Outcome::kAllowed, "Allowed");
  }

  void Appliance(const compile::EffectiveRoute& r, compile::Index vnet, const net::IpAddress& src,
                 int depth) {
    if (r.next_hop_ips.empty()) {
      if (trace_) Step(v_, "nexthop", "the route names no appliance address");
      return Finish(v_, Outcome::kDenied, "ApplianceNotForwarding");
    }
    const net::IpAddress& hop = r.next_hop_ips[0];
    compile::Index nva = l_.NicByIp(vnet, hop);
    for (const compile::PeeringLink& p : t_.vnets[vnet].peerings) {
      if (nva == kNoIndex && p.connected) nva = l_.NicByIp(p.remote_vnet, hop);
    }
    if (nva == kNoIndex || !l_.Nic(nva).ip_forwarding || depth >= 4) {
      std::string why = nva == kNoIndex ? "no NIC holds " + hop.ToString()
                        : depth >= 4    ? "the path passes more than four appliances (a loop?)"
                                        : "NIC " + t_.nics[nva].name +
                                           " does not forward (IP "
                                           "forwarding is off)";
      if (trace_) Step(v_, "nexthop", "virtual appliance " + hop.ToString() + ": " + why);
      if (trace_)
        v_.remedies.push_back(nva == kNoIndex ? "put an appliance at " + hop.ToString()
                                              : "enable IP forwarding on NIC " + t_.nics[nva].name);
      return Finish(v_, Outcome::kDenied, "ApplianceNotForwarding");
    }
    const auto& at = l_.Nic(nva);
    if (trace_)
      Step(v_, "nexthop",
           "forwarded by virtual appliance " + t_.nics[nva].name + " (" + hop.ToString() + ")",
           {{"networkInterface", t_.nics[nva].id}});
    if (!NsgLayer(at, Layer::kSubnet, Direction::kInbound, src, false)) return;
    if (!NsgLayer(at, Layer::kNic, Direction::kInbound, src, false)) return;
    if (!NsgLayer(at, Layer::kNic, Direction::kOutbound, src, false)) return;
    if (!NsgLayer(at, Layer::kSubnet, Direction::kOutbound, src, false)) return;
    Route(nva, at.subnet, src, depth + 1);
  }

  void Gateway(const compile::EffectiveRoute& r, compile::Index vnet) {
    compile::Index gi = r.gateway != kNoIndex ? r.gateway : t_.vnets[vnet].gateway;
    if (gi == kNoIndex) {
      if (trace_) Step(v_, "nexthop", "no virtual network gateway serves this VNet");
      return Finish(v_, Outcome::kDenied, "NoRoute");
    }
    for (const compile::OnPremSite& site : t_.onprem_sites) {
      if (site.gateway != gi) continue;
      for (const net::Cidr& c : site.prefixes) {
        if (c.Contains(f_.destination)) {
          if (trace_) v_.destination = site.id;
          if (trace_)
            Step(v_, "destination",
                 "to on-premises site " + site.name + " through gateway " + t_.gateways[gi].name +
                     " (on-premises filtering is not "
                     "modelled)",
                 {{"localNetworkGateway", site.id}});
          return Finish(v_, Outcome::kAllowed, "Allowed");
        }
      }
    }
    if (trace_)
      Step(v_, "destination",
           "sent on-premises through gateway " + t_.gateways[gi].name +
               "; what happens there is not modelled");
    Finish(v_, Outcome::kUnknown, "NotModelled");
  }

  void FromInternet() {
    const net::IpAddress& src = f_.source.address;
    if (trace_) Step(v_, "source", "from " + src.ToString() + " on the internet");
    compile::Index si = l_.ServiceByIp(f_.destination);
    if (si != kNoIndex) {
      PublicRequest req;
      req.source = src;
      req.source_in_azure = l_.InAzure(src);
      if (trace_) v_.destination = t_.services[si].id;
      if (trace_) v_.seen_source = src.ToString();
      return Firewall(t_.services[si], req);
    }
    compile::Index nic = l_.NicByPublicIp(f_.destination);
    if (nic == kNoIndex) {
      if (trace_)
        Step(v_, "destination",
             "no public IP or service front end at " + f_.destination.ToString());
      return Finish(v_, Outcome::kDenied, "NoDestination");
    }
    InboundNic(nic, src);
  }

  void FromOnPrem() {
    const compile::OnPremSite& site = t_.onprem_sites[f_.source.site];
    const net::IpAddress& src = f_.source.address;
    if (trace_)
      Step(v_, "source", "from " + src.ToString() + " at on-premises site " + site.name,
           {{"localNetworkGateway", site.id}});
    compile::Index si = l_.ServiceByIp(f_.destination);
    if (si != kNoIndex) {
      PublicRequest req;
      req.source_known = f_.source.has_nat_address || l_.InternetAddress(src);
      req.source = f_.source.has_nat_address ? f_.source.nat_address : src;
      if (trace_) v_.destination = t_.services[si].id;
      if (trace_) v_.seen_source = req.source_known ? req.source.ToString() : "";
      if (trace_)
        Step(v_, "path",
             "public endpoints are reached from on-premises over the internet or "
             "Microsoft peering, without a service endpoint identity");
      return Firewall(t_.services[si], req);
    }
    if (site.gateway == kNoIndex) {
      if (trace_) Step(v_, "path", "site " + site.name + " has no connection to a VNet gateway");
      return Finish(v_, Outcome::kDenied, "NoRoute");
    }
    compile::Index vnet = t_.gateways[site.gateway].vnet;
    std::vector<compile::Index> reach{vnet};
    for (const compile::PeeringLink& p : t_.vnets[vnet].peerings) {
      if (!p.connected || !p.allow_gateway_transit) continue;
      for (const compile::PeeringLink& back : t_.vnets[p.remote_vnet].peerings) {
        if (back.remote_vnet == vnet && back.connected && back.use_remote_gateways)
          reach.push_back(p.remote_vnet);
      }
    }
    for (compile::Index v : reach) {
      for (const net::Cidr& c : t_.vnets[v].address_space) {
        if (!c.Contains(f_.destination)) continue;
        if (trace_)
          v_.route = "gateway " + t_.gateways[site.gateway].name + " -> VNet " + t_.vnets[v].name;
        if (trace_)
          Step(v_, "route",
               "through gateway " + t_.gateways[site.gateway].name + " into VNet " +
                   t_.vnets[v].name,
               {{"virtualNetwork", t_.vnets[v].id}});
        return Deliver(v, src, kNoIndex);
      }
    }
    if (trace_)
      Step(v_, "destination", f_.destination.ToString() + " is in no VNet this site reaches");
    Finish(v_, Outcome::kDenied, "NoRoute");
  }

  const CompiledNetwork& net_;
  const compile::Topology& t_;
  const Lookups& l_;
  const Flow& f_;
  const bool trace_;
  Verdict& v_;
  const net::IpAddress kHostVip = net::IpAddress::V4(0xA83F8110u);  // 168.63.129.16
  const net::IpAddress kImds = net::IpAddress::V4(0xA9FEA9FEu);     // 169.254.169.254
};

}  // namespace vnet::eval::internal
