// vnetd's analyses over the evaluator: whoCanReach (every NIC, the internet and every
// on-premises site, toward a resource's addresses: its public front end and the private
// endpoints that map to it) and exfiltration (from a subnet toward every service resource,
// private endpoint and public IP vnetd models). Each row is one evaluated flow.
#include "api/diagnostics_internal.h"

namespace vnet::api::diag {

namespace {

// An arbitrary public internet address (TEST-NET-3) standing for "anyone on the internet".
const char kInternetProbe[] = "203.0.113.10";

struct Target {
  net::IpAddress address;
  std::string via;  // "public", or the private endpoint id
  std::string resource;
};

Json Row(const eval::Verdict& v, Json source, const Target& target) {
  source["destinationAddress"] = target.address.ToString();
  source["destinationResource"] = target.resource;
  source["via"] = target.via;
  source["outcome"] = eval::OutcomeName(v.outcome);
  source["reason"] = v.reason;
  source["route"] = v.route;
  source["decidingRules"] = v.deciding_rules;
  source["firewallRule"] = v.firewall_rule;
  source["remedies"] = v.remedies;
  return source;
}

Result<uint16_t> Port(const Json& body) {
  if (!body.contains("port")) return static_cast<uint16_t>(443);
  VNET_ASSIGN_OR_RETURN(std::optional<uint16_t> p, PortProperty(body, "port", false));
  return p.value_or(443);
}

Json Summary(const Json& rows) {
  int allowed = 0, denied = 0, unknown = 0;
  for (const Json& r : rows) {
    const std::string o = r["outcome"];
    (o == "Allowed" ? allowed : o == "Denied" ? denied : unknown)++;
  }
  return Json{{"allowed", allowed}, {"denied", denied}, {"unknown", unknown}};
}

}  // namespace

Result<Json> WhoCanReach(const Call& call) {
  const compile::Topology& t = call.t();
  VNET_ASSIGN_OR_RETURN(std::string id, RequiredString(call.body, "resourceId"));
  VNET_ASSIGN_OR_RETURN(uint16_t port, Port(call.body));
  std::vector<Target> targets;
  Index service = FindIn(t, t.services, id);
  if (service != kNoIndex) {
    if (t.services[service].has_public_ip) {
      targets.push_back({t.services[service].public_ip, "public", t.services[service].id});
    }
    for (const compile::PrivateEndpoint& pe : t.private_endpoints) {
      if (pe.connections.empty() || pe.connections[0].target != service) continue;
      for (const compile::PeAddress& a : pe.addresses) {
        targets.push_back({a.ip, pe.id, t.services[service].id});
      }
    }
  } else if (std::optional<net::IpAddress> ip = AddressOfResource(call, id)) {
    targets.push_back({*ip, "private", id});
  } else {
    return Status::NotFound("NotFound", "Resource " + id + " not found, or it has no address.");
  }
  Json rows = Json::array();
  for (const Target& target : targets) {
    eval::Flow flow;
    flow.destination = target.address;
    flow.destination_port = port;
    for (Index n = 0; n < t.nics.size(); ++n) {
      if (t.nics[n].private_endpoint != kNoIndex || !t.nics[n].Primary()) continue;
      flow.source = eval::FlowSource{};
      flow.source.nic = n;
      const compile::NicSecurity& sec = call.view->net->security[n];
      Json source{{"kind", "networkInterface"},
                  {"source", t.nics[n].id},
                  {"sourceAddress", t.nics[n].Primary()->private_ip.ToString()},
                  {"subnet", sec.subnet != kNoIndex ? t.subnets[sec.subnet].id : ""}};
      rows.push_back(Row(call.view->evaluator->Evaluate(flow), source, target));
    }
    flow.source = eval::FlowSource{};
    flow.source.kind = eval::FlowSource::Kind::kInternet;
    flow.source.address = *net::IpAddress::Parse(kInternetProbe);
    rows.push_back(
        Row(call.view->evaluator->Evaluate(flow),
            Json{{"kind", "internet"}, {"source", "Internet"}, {"sourceAddress", kInternetProbe}},
            target));
    for (Index s = 0; s < t.onprem_sites.size(); ++s) {
      const compile::OnPremSite& site = t.onprem_sites[s];
      if (site.prefixes.empty() || !site.prefixes[0].is_v4()) continue;
      flow.source = eval::FlowSource{};
      flow.source.kind = eval::FlowSource::Kind::kOnPrem;
      flow.source.site = s;
      flow.source.address = net::IpAddress::V4(site.prefixes[0].address().v4() + 4);
      rows.push_back(Row(call.view->evaluator->Evaluate(flow),
                         Json{{"kind", "onPremises"},
                              {"source", site.id},
                              {"sourceAddress", flow.source.address.ToString()}},
                         target));
    }
  }
  return Json{{"resourceId", id}, {"port", port}, {"summary", Summary(rows)}, {"value", rows}};
}

Result<Json> Exfiltration(const Call& call) {
  const compile::Topology& t = call.t();
  VNET_ASSIGN_OR_RETURN(std::string subnet_id, RequiredString(call.body, "subnetId"));
  VNET_ASSIGN_OR_RETURN(uint16_t port, Port(call.body));
  Index subnet = FindIn(t, t.subnets, subnet_id);
  if (subnet == kNoIndex) {
    return Status::NotFound("NotFound", "Resource " + subnet_id + " not found.");
  }
  Index source = kNoIndex;
  for (Index n = 0; n < t.nics.size() && source == kNoIndex; ++n) {
    if (t.nics[n].private_endpoint == kNoIndex && call.view->net->security[n].subnet == subnet)
      source = n;
  }
  if (source == kNoIndex) {
    return BadRequest("Subnet " + subnet_id +
                      " has no network interface to send from; attach "
                      "one (vnetd does not invent a source).");
  }
  std::vector<Target> targets;
  for (const compile::ServiceResource& s : t.services) {
    if (s.has_public_ip) targets.push_back({s.public_ip, "public", s.id});
  }
  for (const compile::PrivateEndpoint& pe : t.private_endpoints) {
    std::string resource = pe.connections.empty() ? "" : pe.connections[0].target_id;
    for (const compile::PeAddress& a : pe.addresses) targets.push_back({a.ip, pe.id, resource});
  }
  for (const compile::Nic& n : t.nics) {
    for (const compile::IpConfig& c : n.ip_configs) {
      if (c.has_public_ip) targets.push_back({c.public_ip, "publicIp", n.id});
    }
  }
  Json rows = Json::array();
  for (const Target& target : targets) {
    eval::Flow flow;
    flow.source.nic = source;
    flow.destination = target.address;
    flow.destination_port = port;
    rows.push_back(Row(call.view->evaluator->Evaluate(flow), Json::object(), target));
  }
  return Json{{"subnetId", t.subnets[subnet].id},
              {"sourceNetworkInterface", t.nics[source].id},
              {"port", port},
              {"summary", Summary(rows)},
              {"value", rows}};
}

}  // namespace vnet::api::diag
