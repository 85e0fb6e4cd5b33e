// POST .../networkWatchers/{nw}/ipFlowVerify, /nextHop and /connectivityCheck (networkWatcher.json
// VerificationIPFlowParameters, NextHopParameters, ConnectivityParameters), and vnetd's own
// evaluateFlow for sources Network Watcher cannot express (the internet, on-premises).
#include "api/diagnostics_internal.h"
#include "api/dns_json.h"
#include "base/strings.h"

namespace vnet::api::diag {

namespace {

// Network Watcher's spelling of a next hop (nextHop answers its own enum; decision 3 keeps
// InterfaceEndpoint, which that enum does not have).
const char* WatcherNextHop(compile::NextHopType t) {
  switch (t) {
    case compile::NextHopType::kVnetPeering:
    case compile::NextHopType::kVnetGlobalPeering:
      return "VirtualNetworkPeering";
    default:
      return compile::NextHopTypeName(t);
  }
}

// The NIC a source resourceId (a VM or a NIC) names.
Result<Index> SourceNic(const Call& call, const std::string& id) {
  const compile::Topology& t = call.t();
  if (Index nic = FindIn(t, t.nics, id); nic != kNoIndex) return nic;
  if (FindIn(t, t.vms, id) != kNoIndex) {
    VNET_ASSIGN_OR_RETURN(Index vm, FindVm(call, id));
    return NicOfVm(call, vm, "", nullptr);
  }
  return Status::NotFound("NotFound", "Resource " + id + " not found.");
}

Result<net::Protocol> FlowProtocol(const std::string& text) {
  if (EqualsIgnoreCase(text, "Tcp") || EqualsIgnoreCase(text, "Http") ||
      EqualsIgnoreCase(text, "Https") || text.empty())
    return net::Protocol::kTcp;
  if (EqualsIgnoreCase(text, "Icmp")) return net::Protocol::kIcmp;
  if (EqualsIgnoreCase(text, "Udp")) return net::Protocol::kUdp;
  return BadRequest("The protocol '" + text + "' is not one of Tcp, Http, Https, Icmp.");
}

// The destination of a connectivityCheck / evaluateFlow body: a resource's address, or an IP or
// a name (resolved as the source would).
Result<Destination> DestinationOf(const Call& call, const Json& dest, Index source_nic) {
  std::string resource = OptionalString(dest, "resourceId");
  std::string address = OptionalString(dest, "address");
  if (!resource.empty()) {
    std::optional<net::IpAddress> ip = AddressOfResource(call, resource);
    if (!ip) {
      return Status::NotFound(
          "NotFound", "Resource " + resource + " not found, or it has no address to connect to.");
    }
    Destination d;
    d.name = resource;
    d.ip = *ip;
    return d;
  }
  if (address.empty()) {
    return BadRequest("The destination must have a resourceId or an address.");
  }
  Destination d = ResolveDestination(call, address, source_nic);
  if (d.resolution && d.resolution->rcode == dns::Rcode::kFormErr) {
    return BadRequest("The destination address '" + address +
                      "' is neither an IP address nor a valid DNS name.");
  }
  return d;
}

// The verdict of `flow` to `d`: the evaluator's, with the name's resolution as its first step;
// or, when the name did not resolve, a denial by DNS.
eval::Verdict Decide(const Call& call, eval::Flow flow, const Destination& d) {
  if (!d.ip) return UnresolvedVerdict(call, d);
  flow.destination = *d.ip;
  eval::Verdict v = call.view->evaluator->Evaluate(flow);
  if (d.resolution) v.trace.insert(v.trace.begin(), DnsStep(call, d));
  return v;
}

std::optional<uint16_t> OptionalPort(const Json& obj, const char* name) {
  if (!obj.contains(name) || obj[name].is_null()) return std::nullopt;
  Result<std::optional<uint16_t>> p = PortProperty(obj, name, false);
  return p.ok() ? *p : std::nullopt;
}

}  // namespace

Result<Json> IpFlowVerify(const Call& call) {
  const Json& b = call.body;
  VNET_ASSIGN_OR_RETURN(std::string vm_id, RequiredString(b, "targetResourceId"));
  VNET_ASSIGN_OR_RETURN(std::string direction, RequiredString(b, "direction"));
  VNET_ASSIGN_OR_RETURN(std::string protocol, RequiredString(b, "protocol"));
  VNET_ASSIGN_OR_RETURN(net::IpAddress local, Ipv4Property(b, "localIPAddress"));
  const bool inbound = EqualsIgnoreCase(direction, "Inbound");
  // Outbound, vnetd also takes a name as the remote address, resolved as the VM's VNet does.
  const std::string remote_text = OptionalString(b, "remoteIPAddress");
  const bool remote_is_name = !inbound && !remote_text.empty() &&
                              !net::IpAddress::Parse(remote_text).ok() &&
                              remote_text.find_first_not_of("0123456789.") != std::string::npos;
  net::IpAddress remote;
  if (!remote_is_name) {
    VNET_ASSIGN_OR_RETURN(remote, Ipv4Property(b, "remoteIPAddress"));
  }
  if (!inbound && !EqualsIgnoreCase(direction, "Outbound")) {
    return BadRequest("The direction '" + direction + "' is not one of Inbound, Outbound.");
  }
  net::Protocol proto = net::Protocol::kTcp;
  if (EqualsIgnoreCase(protocol, "UDP")) {
    proto = net::Protocol::kUdp;
  } else if (!EqualsIgnoreCase(protocol, "TCP")) {
    return BadRequest("The protocol '" + protocol + "' is not one of TCP, UDP.");
  }
  // The source side may be '*': Outbound it is the local port, Inbound the remote one.
  VNET_ASSIGN_OR_RETURN(auto local_port, PortProperty(b, "localPort", !inbound));
  VNET_ASSIGN_OR_RETURN(auto remote_port, PortProperty(b, "remotePort", inbound));
  VNET_ASSIGN_OR_RETURN(Index vm, FindVm(call, vm_id));
  VNET_ASSIGN_OR_RETURN(Index nic,
                        NicOfVm(call, vm, OptionalString(b, "targetNicResourceId"), &local));
  VNET_RETURN_IF_ERROR(CheckWatcher(call, RegionOf(call, vm_id)));
  const compile::Nic& n = call.t().nics[nic];
  bool on_nic = false;
  for (const compile::IpConfig& c : n.ip_configs) on_nic = on_nic || c.private_ip == local;
  if (!on_nic) {
    return BadRequest("The local IP address " + local.ToString() +
                      " is not an address of network interface " + n.id + ".");
  }
  std::optional<Json> resolution;
  if (remote_is_name) {
    Destination dst = ResolveDestination(call, remote_text, nic);
    resolution = ResolutionJson(*dst.resolution, *call.view->dns, dst.from, remote_text,
                                compile::RrType::kA);
    if (!dst.ip || !dst.ip->is_v4()) {
      return BadRequest("The remote address '" + remote_text +
                        "' did not resolve to an IPv4 "
                        "address from the VM's virtual network: " +
                        ResolutionSummary(*dst.resolution, *call.view->dns, dst.from, remote_text));
    }
    remote = *dst.ip;
  }
  net::FiveTuple tuple;
  tuple.protocol = proto;
  tuple.source = inbound ? remote : local;
  tuple.destination = inbound ? local : remote;
  // '*' source ports are matched as port 0 (rules naming source ports are rare).
  tuple.source_port = (inbound ? remote_port : local_port).value_or(0);
  tuple.destination_port = (inbound ? local_port : remote_port).value_or(0);
  const compile::NicSecurity& sec = call.view->net->security[nic];
  const compile::ExpandedNsg* layers[2] = {sec.nic_nsg.get(), sec.subnet_nsg.get()};
  if (inbound) std::swap(layers[0], layers[1]);
  const compile::Direction d =
      inbound ? compile::Direction::kInbound : compile::Direction::kOutbound;
  std::string last;
  Json answer;
  for (const compile::ExpandedNsg* nsg : layers) {
    if (!nsg) continue;
    const compile::SecurityRule* rule = call.view->evaluator->Classify(*nsg, d, tuple);
    if (!rule || rule->access == compile::Access::kDeny) {
      answer = Json{{"access", "Deny"}, {"ruleName", rule ? RuleName(*rule) : ""}};
      break;
    }
    last = RuleName(*rule);
  }
  if (answer.is_null()) answer = Json{{"access", "Allow"}, {"ruleName", last}};
  if (resolution) answer["vnetdResolution"] = *resolution;
  return answer;
}

Result<Json> NextHop(const Call& call) {
  const Json& b = call.body;
  VNET_ASSIGN_OR_RETURN(std::string vm_id, RequiredString(b, "targetResourceId"));
  VNET_ASSIGN_OR_RETURN(net::IpAddress src, Ipv4Property(b, "sourceIPAddress"));
  VNET_ASSIGN_OR_RETURN(net::IpAddress dst, Ipv4Property(b, "destinationIPAddress"));
  VNET_ASSIGN_OR_RETURN(Index vm, FindVm(call, vm_id));
  VNET_ASSIGN_OR_RETURN(Index nic,
                        NicOfVm(call, vm, OptionalString(b, "targetNicResourceId"), &src));
  VNET_RETURN_IF_ERROR(CheckWatcher(call, RegionOf(call, vm_id)));
  const compile::Nic& n = call.t().nics[nic];
  Index subnet = kNoIndex;
  for (const compile::IpConfig& c : n.ip_configs) {
    if (c.private_ip == src) subnet = c.subnet;
  }
  if (subnet == kNoIndex) {
    return BadRequest("The source IP address " + src.ToString() +
                      " is not an address of network interface " + n.id + ".");
  }
  Index ri = call.view->evaluator->RouteIndex(subnet, dst);
  if (ri == kNoIndex) return Json{{"nextHopType", "None"}, {"routeTableId", "System Route"}};
  const compile::EffectiveRoute& r = call.view->net->routes[subnet]->routes[ri];
  Json out{{"nextHopType", WatcherNextHop(r.next_hop)}};
  if (!r.next_hop_ips.empty()) out["nextHopIpAddress"] = r.next_hop_ips.front().ToString();
  out["routeTableId"] =
      r.route_table != kNoIndex ? call.t().route_tables[r.route_table].id : "System Route";
  return out;
}

Result<Json> ConnectivityCheck(const Call& call) {
  const Json& b = call.body;
  if (!b.contains("source") || !b["source"].is_object()) {
    return BadRequest("The request is missing the required property 'source'.");
  }
  if (!b.contains("destination") || !b["destination"].is_object()) {
    return BadRequest("The request is missing the required property 'destination'.");
  }
  const Json& src = b["source"];
  const Json& dest = b["destination"];
  VNET_ASSIGN_OR_RETURN(std::string source_id, RequiredString(src, "resourceId"));
  std::string protocol = OptionalString(b, "protocol");
  VNET_ASSIGN_OR_RETURN(net::Protocol proto, FlowProtocol(protocol));
  VNET_ASSIGN_OR_RETURN(Index nic, SourceNic(call, source_id));
  VNET_RETURN_IF_ERROR(CheckWatcher(call, RegionOf(call, source_id)));
  VNET_ASSIGN_OR_RETURN(Destination dst, DestinationOf(call, dest, nic));
  eval::Flow flow;
  flow.source.kind = eval::FlowSource::Kind::kNic;
  flow.source.nic = nic;
  flow.protocol = proto;
  uint16_t default_port = EqualsIgnoreCase(protocol, "Http") ? 80 : 443;
  flow.destination_port = OptionalPort(dest, "port").value_or(default_port);
  if (std::optional<uint16_t> p = OptionalPort(src, "port")) flow.source_port = *p;
  eval::Verdict v = Decide(call, flow, dst);
  return ConnectivityJson(call, v, nic, dst.ip.value_or(net::IpAddress()));
}

Result<Json> EvaluateFlow(const Call& call) {
  const Json& b = call.body;
  if (!b.contains("source") || !b["source"].is_object()) {
    return BadRequest("The request is missing the required property 'source'.");
  }
  if (!b.contains("destination") || !b["destination"].is_object()) {
    return BadRequest("The request is missing the required property 'destination'.");
  }
  const Json& src = b["source"];
  eval::Flow flow;
  Index nic = kNoIndex;
  if (std::string id = OptionalString(src, "resourceId"); !id.empty()) {
    VNET_ASSIGN_OR_RETURN(nic, SourceNic(call, id));
    flow.source.kind = eval::FlowSource::Kind::kNic;
    flow.source.nic = nic;
  } else {
    VNET_ASSIGN_OR_RETURN(flow.source.address, Ipv4Property(src, "address"));
    std::string site = OptionalString(src, "localNetworkGatewayId");
    if (!site.empty()) {
      flow.source.kind = eval::FlowSource::Kind::kOnPrem;
      flow.source.site = FindIn(call.t(), call.t().onprem_sites, site);
      if (flow.source.site == kNoIndex) {
        return Status::NotFound("NotFound", "Resource " + site + " not found.");
      }
      if (src.contains("natAddress")) {
        VNET_ASSIGN_OR_RETURN(flow.source.nat_address, Ipv4Property(src, "natAddress"));
        flow.source.has_nat_address = true;
      }
    } else if (src.value("internet", false)) {
      flow.source.kind = eval::FlowSource::Kind::kInternet;
    } else {
      return BadRequest(
          "The source must be {resourceId}, {address, internet: true} or "
          "{address, localNetworkGatewayId}.");
    }
  }
  VNET_ASSIGN_OR_RETURN(Destination dst, DestinationOf(call, b["destination"], nic));
  VNET_ASSIGN_OR_RETURN(flow.protocol, FlowProtocol(OptionalString(b, "protocol")));
  flow.source_port = OptionalPort(b, "sourcePort").value_or(flow.source_port);
  flow.destination_port = OptionalPort(b, "destinationPort").value_or(443);
  Json out = VerdictJson(Decide(call, flow, dst));
  out["flow"] = Json{{"destination", dst.ip ? dst.ip->ToString() : ""},
                     {"protocol", std::string(net::ProtocolName(flow.protocol))},
                     {"sourcePort", flow.source_port},
                     {"destinationPort", flow.destination_port}};
  return out;
}

}  // namespace vnet::api::diag
