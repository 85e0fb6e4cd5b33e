// POST .../networkInterfaces/{nic}/effectiveRouteTable and /effectiveNetworkSecurityGroups, in
// the shapes of networkInterface.json (EffectiveRouteListResult,
// EffectiveNetworkSecurityGroupListResult) and its examples: ports as "lo-hi", '*' as 0.0.0.0/0,
// tags kept by name with their expansion alongside, one entry per applied NSG.
#include <map>

#include "api/diagnostics_internal.h"

namespace vnet::api::diag {

namespace {

// The NIC the path names: 404 ResourceNotFound when missing; 400 for a private endpoint's NIC,
// whose effective routes and rules Azure does not show.
Result<Index> PathNic(const Call& call) {
  Index nic = FindIn(call.t(), call.t().nics, call.target_id);
  if (nic == kNoIndex) {
    Result<arm::ResourceId> id = arm::ResourceId::Parse(call.target_id);
    return Status::NotFound("ResourceNotFound",
                            "The Resource 'Microsoft.Network/networkInterfaces/" +
                                (id.ok() ? id->name() : "") + "' under resource group '" +
                                (id.ok() ? id->resource_group() : "") + "' was not found.");
  }
  if (call.t().nics[nic].private_endpoint != kNoIndex) {
    return Status::InvalidArgument(
        "OperationNotSupported",
        "Effective routes and security rules are not available for network interface " +
            call.t().nics[nic].id + ": it belongs to a private endpoint.");
  }
  return nic;
}

std::string Ports(const net::PortRange& p) {
  return std::to_string(p.lo) + "-" + std::to_string(p.hi);
}

// One address field of an effective rule: "<x>AddressPrefix" (one value) or "...Prefixes"
// (several), and "expanded<X>AddressPrefix" when a tag or an ASG stood for prefixes.
void AddressField(Json& out, const char* side, const char* expanded_name,
                  const std::vector<compile::AddressMatch>& matches, bool any,
                  const std::vector<net::Cidr>& expanded) {
  Json values = Json::array();
  bool symbolic = false;
  for (const compile::AddressMatch& m : matches) {
    switch (m.kind) {
      case compile::AddressMatch::Kind::kAny:
        values.push_back("0.0.0.0/0");
        break;
      case compile::AddressMatch::Kind::kPrefix:
        values.push_back(m.prefix.ToString());
        break;
      case compile::AddressMatch::Kind::kTag:
      case compile::AddressMatch::Kind::kAsg:
        values.push_back(m.text);
        symbolic = true;
        break;
    }
  }
  if (values.empty()) values.push_back(any ? "0.0.0.0/0" : "");
  if (values.size() == 1) {
    out[std::string(side) + "AddressPrefix"] = values[0];
  } else {
    out[std::string(side) + "AddressPrefixes"] = values;
  }
  if (symbolic) {
    Json list = Json::array();
    for (const net::Cidr& c : expanded) list.push_back(c.ToString());
    out[expanded_name] = list;
  }
}

void PortField(Json& out, const char* side, const std::vector<net::PortRange>& ports) {
  if (ports.size() == 1) {
    out[std::string(side) + "PortRange"] = Ports(ports[0]);
    return;
  }
  Json list = Json::array();
  for (const net::PortRange& p : ports) list.push_back(Ports(p));
  out[std::string(side) + "PortRanges"] = list;
}

Json RuleJson(const compile::SecurityRule& r, const compile::ExpandedRule* e) {
  static const std::vector<net::Cidr> kNone;
  Json out{{"name", RuleName(r)}, {"protocol", EffectiveProtocol(r)}};
  PortField(out, "source", r.source_ports);
  PortField(out, "destination", r.destination_ports);
  AddressField(out, "source", "expandedSourceAddressPrefix", r.sources, e && e->any_source,
               e ? e->sources : kNone);
  AddressField(out, "destination", "expandedDestinationAddressPrefix", r.destinations,
               e && e->any_destination, e ? e->destinations : kNone);
  out["access"] = r.access == compile::Access::kAllow ? "Allow" : "Deny";
  out["priority"] = r.priority;
  out["direction"] = r.direction == compile::Direction::kInbound ? "Inbound" : "Outbound";
  return out;
}

Json NsgJson(const compile::Topology& t, const compile::ExpandedNsg& nsg, const char* kind,
             const std::string& associated_id) {
  std::map<const compile::SecurityRule*, const compile::ExpandedRule*> expansion;
  for (const auto* list : {&nsg.inbound, &nsg.outbound}) {
    for (const compile::ExpandedRule& e : *list) expansion[e.rule] = &e;
  }
  Json rules = Json::array();
  for (const compile::SecurityRule& r : t.nsgs[nsg.nsg].rules) {
    auto it = expansion.find(&r);
    rules.push_back(RuleJson(r, it == expansion.end() ? nullptr : it->second));
  }
  Json tag_map = Json::object();
  for (const auto& [tag, prefixes] : nsg.tag_map) {
    Json list = Json::array();
    for (const net::Cidr& c : prefixes) list.push_back(c.ToString());
    tag_map[tag] = list;
  }
  return Json{{"networkSecurityGroup", {{"id", t.nsgs[nsg.nsg].id}}},
              {"association", {{kind, {{"id", associated_id}}}}},
              {"effectiveSecurityRules", rules},
              {"tagMap", tag_map}};
}

}  // namespace

Result<Json> EffectiveRouteTable(const Call& call) {
  VNET_ASSIGN_OR_RETURN(Index nic, PathNic(call));
  const compile::Nic& n = call.t().nics[nic];
  const compile::IpConfig* ip = n.Primary();
  Json value = Json::array();
  if (!ip || ip->subnet == kNoIndex || ip->subnet >= call.view->net->routes.size()) {
    return Json{{"value", value}};
  }
  for (const compile::EffectiveRoute& r : call.view->net->routes[ip->subnet]->routes) {
    Json route = Json::object();
    if (!r.name.empty()) route["name"] = r.name;
    route["disableBgpRoutePropagation"] = r.disable_bgp_propagation;
    route["source"] = compile::RouteSourceName(r.source);
    route["state"] = r.active ? "Active" : "Invalid";
    Json prefixes = Json::array();
    for (const net::Cidr& c : r.prefixes) prefixes.push_back(c.ToString());
    route["addressPrefix"] = prefixes;
    Json hops = Json::array();
    for (const net::IpAddress& a : r.next_hop_ips) hops.push_back(a.ToString());
    route["nextHopIpAddress"] = hops;
    route["nextHopType"] = compile::NextHopTypeName(r.next_hop);
    value.push_back(std::move(route));
  }
  return Json{{"value", value}};
}

Result<Json> EffectiveNetworkSecurityGroups(const Call& call) {
  VNET_ASSIGN_OR_RETURN(Index nic, PathNic(call));
  const compile::NicSecurity& sec = call.view->net->security[nic];
  Json value = Json::array();
  if (sec.nic_nsg) {
    value.push_back(NsgJson(call.t(), *sec.nic_nsg, "networkInterface", call.t().nics[nic].id));
  }
  if (sec.subnet_nsg && sec.subnet != kNoIndex) {
    value.push_back(NsgJson(call.t(), *sec.subnet_nsg, "subnet", call.t().subnets[sec.subnet].id));
  }
  return Json{{"value", value}};
}

}  // namespace vnet::api::diag
