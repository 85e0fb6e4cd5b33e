// Shared pieces of the diagnostics handlers: body properties, the VM / NIC / watcher a request
// names (with the errors Azure answers when they are missing), destination addresses and
// names, and how effective security rules spell names and protocols.
#include <algorithm>
#include <cctype>

#include "api/diagnostics_internal.h"
#include "api/dns_json.h"
#include "base/strings.h"

namespace vnet::api::diag {

namespace {

std::string Region(std::string_view location) {
  std::string out;
  for (char c : location) {
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

Status BadRequest(std::string message) {
  return Status::InvalidArgument("InvalidRequestFormat", std::move(message));
}

const model::Doc* FindDoc(const DiagnosticsView& view, std::string_view id) {
  Result<arm::ResourceId> parsed = arm::ResourceId::Parse(id);
  if (!parsed.ok() || !view.snapshot.docs) return nullptr;
  auto it = view.snapshot.docs->find(parsed->Key());
  return it == view.snapshot.docs->end() ? nullptr : it->second.get();
}

Result<std::string> RequiredString(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return BadRequest(std::string("The request is missing the required property '") + name + "'.");
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    return BadRequest(std::string("The property '") + name + "' must be a non-empty string.");
  }
  return it->get<std::string>();
}

std::string OptionalString(const Json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

Result<net::IpAddress> Ipv4Property(const Json& body, const char* name) {
  VNET_ASSIGN_OR_RETURN(std::string text, RequiredString(body, name));
  Result<net::IpAddress> ip = net::IpAddress::Parse(text);
  if (!ip.ok() || !ip->is_v4()) {
    return BadRequest(std::string("The value '") + text + "' of '" + name +
                      "' is not a valid IPv4 address.");
  }
  return *ip;
}

Result<std::optional<uint16_t>> PortProperty(const Json& body, const char* name, bool allow_any) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return BadRequest(std::string("The request is missing the required property '") + name + "'.");
  }
  std::string text = it->is_number_integer() ? std::to_string(it->get<int64_t>())
                     : it->is_string()       ? it->get<std::string>()
                                             : "";
  if (allow_any && text == "*") return std::optional<uint16_t>();
  bool digits = !text.empty() && text.size() <= 5;
  for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits || std::stoi(text) > 65535) {
    return BadRequest(std::string("The value '") + text + "' of '" + name +
                      "' is not a valid port (a single number from 0 to 65535" +
                      (allow_any ? " or '*')." : ")."));
  }
  return std::optional<uint16_t>(static_cast<uint16_t>(std::stoi(text)));
}

Result<Index> FindVm(const Call& call, const std::string& vm_id) {
  Index vm = FindIn(call.t(), call.t().vms, vm_id);
  if (vm == kNoIndex) return Status::NotFound("NotFound", "Resource " + vm_id + " not found.");
  return vm;
}

Result<Index> NicOfVm(const Call& call, Index vm, const std::string& nic_id,
                      const net::IpAddress* ip) {
  const compile::Topology& t = call.t();
  const std::vector<Index>& nics = t.vms[vm].nics;
  if (!nic_id.empty()) {
    Index nic = FindIn(t, t.nics, nic_id);
    if (nic == kNoIndex) return Status::NotFound("NotFound", "Resource " + nic_id + " not found.");
    if (std::find(nics.begin(), nics.end(), nic) == nics.end()) {
      return BadRequest("The network interface " + nic_id +
                        " is not attached to the virtual "
                        "machine " +
                        t.vms[vm].id + ".");
    }
    return nic;
  }
  if (nics.empty()) return BadRequest("The virtual machine " + t.vms[vm].id + " has no NIC.");
  if (ip) {
    for (Index n : nics) {
      for (const compile::IpConfig& c : t.nics[n].ip_configs) {
        if (c.private_ip == *ip) return n;
      }
    }
  }
  return nics.front();
}

std::string RegionOf(const Call& call, std::string_view id) {
  const model::Doc* doc = FindDoc(*call.view, id);
  if (!doc || !doc->body.is_object()) return "";
  return Region(doc->body.value("location", ""));
}

Status CheckWatcher(const Call& call, std::string_view region) {
  const model::Doc* doc = FindDoc(*call.view, call.target_id);
  if (!doc) {
    Result<arm::ResourceId> id = arm::ResourceId::Parse(call.target_id);
    return Status::NotFound("ResourceNotFound",
                            "The Resource 'Microsoft.Network/networkWatchers/" +
                                (id.ok() ? id->name() : "") + "' under resource group '" +
                                (id.ok() ? id->resource_group() : "") + "' was not found.");
  }
  std::string watcher_region = Region(doc->body.value("location", ""));
  if (!region.empty() && watcher_region != region) {
    return Status::InvalidArgument("InvalidTargetResourceLocation",
                                   "The target resource is in region '" + std::string(region) +
                                       "' but network watcher " + call.target_id +
                                       " is in region '" + watcher_region +
                                       "'. Use the network watcher of the target's region.");
  }
  return Status();
}

Destination ResolveDestination(const Call& call, std::string_view name, Index source_nic) {
  Destination d;
  d.name = std::string(name);
  if (Result<net::IpAddress> ip = net::IpAddress::Parse(name); ip.ok()) {
    d.ip = *ip;
    return d;
  }
  const compile::Topology& t = call.t();
  if (source_nic != kNoIndex) {
    const compile::IpConfig* ip = t.nics[source_nic].Primary();
    if (ip && ip->subnet != kNoIndex) {
      d.from = dns::Viewpoint::Nic(t.subnets[ip->subnet].vnet, source_nic);
    }
  }
  d.resolution = dns::Resolve(*call.view->dns, d.from, name, compile::RrType::kA);
  if (d.resolution->rcode == dns::Rcode::kNoError) {
    // A client connects to the first address of the answer.
    std::vector<net::IpAddress> addresses = d.resolution->Addresses();
    if (!addresses.empty()) d.ip = addresses.front();
  }
  return d;
}

eval::TraceStep DnsStep(const Call& call, const Destination& d) {
  const dns::Resolution& r = *d.resolution;
  eval::TraceStep step;
  step.step = "dns";
  step.summary = ResolutionSummary(r, *call.view->dns, d.from, d.name);
  std::string records;
  for (const std::string& line : r.Lines()) records += (records.empty() ? "" : "; ") + line;
  step.fields = {{"name", d.name},
                 {"view", ViewpointName(*call.view->dns, d.from)},
                 {"resolver", r.hops.empty() ? "" : r.hops.front().resolver},
                 {"responseCode", dns::RcodeName(r.rcode)},
                 {"records", records},
                 {"address", d.ip ? d.ip->ToString() : ""}};
  for (const dns::Hop& h : r.hops) {
    if (!h.zone_id.empty()) step.fields.emplace_back("privateDnsZone", h.zone_id);
    if (!h.link_id.empty()) step.fields.emplace_back("virtualNetworkLink", h.link_id);
  }
  return step;
}

eval::Verdict UnresolvedVerdict(const Call& call, const Destination& d) {
  eval::Verdict v;
  v.outcome = eval::Outcome::kDenied;
  v.reason = "DnsResolution";
  v.trace.push_back(DnsStep(call, d));
  const dns::Resolution& r = *d.resolution;
  if (r.rcode == dns::Rcode::kNxDomain && !r.hops.empty() &&
      r.hops.back().source == "privateDnsZone") {
    v.remedies.push_back("add a record for " + r.hops.back().name + " to private DNS zone " +
                         r.hops.back().zone_id +
                         " (a private endpoint with a DNS zone group adds it), or set the "
                         "link's resolutionPolicy to NxDomainRedirect");
  } else if (r.rcode == dns::Rcode::kServFail) {
    v.remedies.push_back("resolve an IP address instead: " + r.error);
  } else {
    v.remedies.push_back("create the resource " + d.name + " names");
  }
  return v;
}

std::optional<net::IpAddress> AddressOfResource(const Call& call, std::string_view resource_id) {
  const compile::Topology& t = call.t();
  Index nic = FindIn(t, t.nics, resource_id);
  if (Index vm = FindIn(t, t.vms, resource_id); vm != kNoIndex && !t.vms[vm].nics.empty()) {
    nic = t.vms[vm].nics.front();
  }
  if (nic != kNoIndex) {
    const compile::IpConfig* ip = t.nics[nic].Primary();
    if (ip) return ip->private_ip;
    return std::nullopt;
  }
  if (Index pe = FindIn(t, t.private_endpoints, resource_id);
      pe != kNoIndex && !t.private_endpoints[pe].addresses.empty()) {
    return t.private_endpoints[pe].addresses.front().ip;
  }
  if (Index s = FindIn(t, t.services, resource_id); s != kNoIndex && t.services[s].has_public_ip) {
    return t.services[s].public_ip;
  }
  return std::nullopt;
}

std::string EffectiveProtocol(const compile::SecurityRule& r) {
  if (r.protocols == 0x1F || r.protocol_text == "*") return "All";
  return std::string(net::ProtocolName(static_cast<net::Protocol>(__builtin_ctz(r.protocols))));
}

std::string RuleName(const compile::SecurityRule& r) {
  return (r.is_default ? "defaultSecurityRules/" : "securityRules/") + r.name;
}

}  // namespace vnet::api::diag
