// The Verdict as JSON (vnetdTrace) and Network Watcher's connectivityCheck answer derived from
// it: hops (source, each virtual appliance, the destination) with the issues Azure would name on
// them (NetworkSecurityRule, UserDefinedRoute, Platform), and nominal probe figures.
#include <cstdio>

#include "api/diagnostics_internal.h"

namespace vnet::api::diag {

namespace {

// A stable GUID-shaped hop id (Azure's are GUIDs), from the hop's identity.
std::string HopId(const std::string& seed) {
  uint64_t h1 = 1469598103934665603ULL, h2 = 1099511628211ULL;
  for (char c : seed) {
    h1 = (h1 ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h2 = (h2 ^ static_cast<unsigned char>(c)) * 6364136223846793005ULL + 1;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(h1 >> 32),
                static_cast<unsigned>((h1 >> 16) & 0xFFFF), static_cast<unsigned>(h1 & 0xFFFF),
                static_cast<unsigned>(h2 >> 48),
                static_cast<unsigned long long>(h2 & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string Field(const eval::TraceStep& s, std::string_view key) {
  for (const auto& [k, v] : s.fields) {
    if (k == key) return v;
  }
  return "";
}

std::string IpConfigId(const compile::Topology& t, Index nic) {
  const compile::IpConfig* ip = t.nics[nic].Primary();
  return ip ? t.nics[nic].id + "/ipConfigurations/" + ip->name : t.nics[nic].id;
}

std::string HopTypeForRoute(const std::string& next_hop) {
  if (next_hop == "VnetLocal" || next_hop == "VNetPeering" || next_hop == "VNetGlobalPeering" ||
      next_hop == "InterfaceEndpoint")
    return "VirtualNetwork";
  if (next_hop == "Internet" || next_hop == "VirtualNetworkServiceEndpoint") return "Internet";
  if (next_hop == "VirtualNetworkGateway") return "VirtualNetworkGateway";
  return "Unknown";
}

Json Context(const eval::TraceStep& s) {
  Json context = Json::array();
  for (const auto& [k, v] : s.fields) {
    if (!v.empty()) context.push_back(Json{{k, v}});
  }
  return context;
}

Json Issue(const char* origin, const char* type, const eval::TraceStep& s) {
  return Json{{"origin", origin}, {"severity", "Error"}, {"type", type}, {"context", Context(s)}};
}

}  // namespace

Json VerdictJson(const eval::Verdict& v) {
  Json steps = Json::array();
  for (const eval::TraceStep& s : v.trace) {
    Json fields = Json::object();
    for (const auto& [k, val] : s.fields) fields[k] = val;
    steps.push_back(Json{{"step", s.step}, {"summary", s.summary}, {"fields", fields}});
  }
  return Json{{"outcome", eval::OutcomeName(v.outcome)},
              {"reason", v.reason},
              {"steps", steps},
              {"remedies", v.remedies},
              {"route", v.route},
              {"decidingRules", v.deciding_rules},
              {"seenSource", v.seen_source},
              {"seenSubnet", v.seen_subnet},
              {"firewallRule", v.firewall_rule},
              {"destination", v.destination}};
}

Json ConnectivityJson(const Call& call, const eval::Verdict& v, Index source_nic,
                      const net::IpAddress& destination) {
  const compile::Topology& t = call.t();
  Json hops = Json::array();
  auto add_hop = [&](std::string type, std::string address, std::string resource_id) {
    Json hop{{"type", std::move(type)},
             {"id", HopId(std::to_string(hops.size()) + "|" + resource_id + "|" + address)},
             {"address", std::move(address)},
             {"resourceId", std::move(resource_id)},
             {"nextHopIds", Json::array()},
             {"issues", Json::array()}};
    if (!hops.empty()) hops.back()["nextHopIds"].push_back(hop["id"]);
    hops.push_back(std::move(hop));
  };
  const compile::IpConfig* src_ip = t.nics[source_nic].Primary();
  add_hop("Source", src_ip ? src_ip->private_ip.ToString() : "", IpConfigId(t, source_nic));

  bool routed = false;
  std::string route_next_hop, route_source;
  auto destination_hop = [&] {
    routed = false;
    std::string resource = v.destination;
    if (Index nic = FindIn(t, t.nics, resource); nic != kNoIndex) resource = IpConfigId(t, nic);
    std::string type = HopTypeForRoute(route_next_hop);
    if (resource.empty() && type == "Internet") resource = "Internet";
    add_hop(type, destination.ToString(), resource);
  };
  for (const eval::TraceStep& s : v.trace) {
    if (s.step == "route") {
      routed = true;
      route_next_hop = Field(s, "nextHopType");
      route_source = Field(s, "source");
      continue;
    }
    if (s.step == "nexthop") {
      if (std::string nic_id = Field(s, "networkInterface"); !nic_id.empty()) {
        routed = false;
        Index nva = FindIn(t, t.nics, nic_id);
        const compile::IpConfig* ip = nva != kNoIndex ? t.nics[nva].Primary() : nullptr;
        add_hop("VirtualAppliance", ip ? ip->private_ip.ToString() : "",
                nva != kNoIndex ? IpConfigId(t, nva) : nic_id);
      }
      continue;
    }
    if (s.step == "source") continue;
    if (routed) destination_hop();
    if (s.step == "nsg" && Field(s, "access") == "Deny") {
      hops.back()["issues"].push_back(Issue(
          Field(s, "direction") == "Inbound" ? "Inbound" : "Outbound", "NetworkSecurityRule", s));
    }
  }
  if (v.outcome == eval::Outcome::kDenied && v.reason != "NetworkSecurityRule" &&
      !v.trace.empty()) {
    const eval::TraceStep& last = v.trace.back();
    bool at_source_side = last.step == "route" || last.step == "nexthop";
    const char* type = v.reason == "DnsResolution"                           ? "DnsResolution"
                       : v.reason == "NextHopNone" && route_source == "User" ? "UserDefinedRoute"
                                                                             : "Platform";
    const char* origin = v.reason == "DnsResolution" ? "Local"
                         : at_source_side            ? "Outbound"
                                                     : "Inbound";
    hops.back()["issues"].push_back(Issue(origin, type, last));
  }

  Json out{{"hops", hops}};
  switch (v.outcome) {
    case eval::Outcome::kAllowed:
      out["connectionStatus"] = "Connected";
      out["avgLatencyInMs"] = 1;
      out["minLatencyInMs"] = 1;
      out["maxLatencyInMs"] = 1;
      out["probesSent"] = 100;
      out["probesFailed"] = 0;
      break;
    case eval::Outcome::kDenied:
      out["connectionStatus"] = "Disconnected";
      out["probesSent"] = 100;
      out["probesFailed"] = 100;
      break;
    case eval::Outcome::kUnknown:
      out["connectionStatus"] = "Unknown";
      out["probesSent"] = 0;
      out["probesFailed"] = 0;
      break;
  }
  out["vnetdTrace"] = VerdictJson(v);
  return out;
}

}  // namespace vnet::api::diag
