// Rendering of resolutions: records in presentation form, hops with the zone and link that
// answered.
#include "api/dns_json.h"

namespace vnet::api {

namespace {

using Json = nlohmann::json;

Json RecordJson(const dns::Answer& a) {
  return Json{{"name", a.name + "."},
              {"type", compile::RrTypeName(a.type)},
              {"ttl", a.ttl},
              {"data", dns::RecordDataText(a.type, a.data)}};
}

// Where a hop's answer came from, for people.
std::string Origin(const dns::Hop& h) {
  if (h.source == "privateDnsZone") return "private DNS zone " + h.zone;
  if (h.source == "publicDns") return "public DNS, " + h.zone;
  return "no zone";
}

}  // namespace

std::string ViewpointName(const compile::DnsView& view, dns::Viewpoint from) {
  if (from.kind == dns::Viewpoint::Kind::kInternet) return "the internet";
  const compile::Topology& t = *view.topology;
  return from.vnet < t.vnets.size() ? "vnet " + t.vnets[from.vnet].name : "an unknown vnet";
}

Json ResolutionJson(const dns::Resolution& r, const compile::DnsView& view, dns::Viewpoint from,
                    std::string_view name, compile::RrType type) {
  Json records = Json::array();
  for (const dns::Answer& a : r.answers) records.push_back(RecordJson(a));
  Json addresses = Json::array();
  for (const net::IpAddress& ip : r.Addresses()) addresses.push_back(ip.ToString());
  Json steps = Json::array();
  for (const dns::Hop& h : r.hops) {
    Json step{{"name", h.name + "."},
              {"resolver", h.resolver},
              {"answeredFrom", h.source},
              {"zone", h.zone},
              {"result", h.result}};
    if (!h.zone_id.empty()) step["privateDnsZone"] = h.zone_id;
    if (!h.link_id.empty()) step["virtualNetworkLink"] = h.link_id;
    steps.push_back(std::move(step));
  }
  Json out{{"name", std::string(name)},
           {"recordType", compile::RrTypeName(type)},
           {"view", ViewpointName(view, from)},
           {"responseCode", dns::RcodeName(r.rcode)},
           {"records", records},
           {"authority", r.authority ? RecordJson(*r.authority) : Json(nullptr)},
           {"addresses", addresses},
           {"steps", steps},
           {"revision", view.revision}};
  if (from.kind == dns::Viewpoint::Kind::kVnet && from.vnet < view.topology->vnets.size()) {
    out["virtualNetwork"] = view.topology->vnets[from.vnet].id;
  }
  if (!r.error.empty()) out["error"] = r.error;
  return out;
}

std::string ResolutionSummary(const dns::Resolution& r, const compile::DnsView& view,
                              dns::Viewpoint from, std::string_view name) {
  std::string out = std::string(name) + " from " + ViewpointName(view, from) + ": ";
  for (size_t i = 0; i < r.hops.size(); ++i) {
    const dns::Hop& h = r.hops[i];
    if (i) out += ", ";
    out += h.result + " (" + Origin(h) + (h.link_id.empty() ? "" : ", linked") + ")";
  }
  if (r.rcode != dns::Rcode::kNoError) out += std::string(" -> ") + dns::RcodeName(r.rcode);
  if (!r.error.empty()) out += ": " + r.error;
  return out;
}

}  // namespace vnet::api
