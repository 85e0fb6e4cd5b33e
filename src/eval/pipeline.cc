// The pipeline's trace helpers, and Verdict's formatting.
#include "eval/internal/pipeline.h"

namespace vnet::eval {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kAllowed:
      return "Allowed";
    case Outcome::kDenied:
      return "Denied";
    case Outcome::kUnknown:
      return "Unknown";
  }
  return "Unknown";
}

std::string Verdict::Signature() const {
  return std::string(OutcomeName(outcome)) + "|" + std::string(reason) + "|" + route + "|" +
         deciding_rules + "|" + seen_source + "|" + seen_subnet + "|" + firewall_rule + "|" +
         destination;
}

namespace internal {

std::string RouteText(const compile::EffectiveRoute& r, const net::Cidr& prefix) {
  return prefix.ToString() + " " + compile::NextHopTypeName(r.next_hop) + " " +
         compile::RouteSourceName(r.source) + (r.name.empty() ? "" : " " + r.name);
}

std::string RuleName(const compile::SecurityRule& r) {
  return (r.is_default ? "defaultSecurityRules/" : "securityRules/") + r.name;
}

void Step(Verdict& v, std::string step, std::string summary,
          std::vector<std::pair<std::string, std::string>> fields) {
  v.trace.push_back({std::move(step), std::move(summary), std::move(fields)});
}

void Finish(Verdict& v, Outcome outcome, std::string_view reason) {
  v.outcome = outcome;
  v.reason = reason;
}

NicFacts NicFactsOf(const CompiledNetwork& net, compile::Index n) {
  const compile::Nic& nic = net.t().nics[n];
  const compile::NicSecurity& sec = net.security[n];
  const compile::IpConfig* ip = nic.Primary();
  NicFacts f;
  f.nic = n;
  f.subnet = sec.subnet;
  f.private_endpoint = nic.private_endpoint;
  f.has_ip = ip != nullptr;
  f.ip_forwarding = nic.ip_forwarding;
  f.has_nsg[static_cast<int>(Layer::kSubnet)] = sec.subnet_nsg != nullptr;
  f.has_nsg[static_cast<int>(Layer::kNic)] = sec.nic_nsg != nullptr;
  if (ip) f.ip = ip->private_ip;
  return f;
}

net::IpAddress PublicSourceOf(const compile::Topology& t, compile::Index n) {
  const compile::IpConfig* ip = t.nics[n].Primary();
  return ip && ip->has_public_ip ? ip->public_ip : t.nics[n].default_outbound_ip;
}

RouteFacts RouteFactsOf(const compile::SubnetRoutes& routes, compile::Index index) {
  if (index == kNoIndex) return {};
  const compile::EffectiveRoute& r = routes.routes[index];
  return {index, r.next_hop, r.peer_vnet};
}

const compile::ExpandedNsg* NsgOf(const compile::NicSecurity& sec, Layer layer) {
  return layer == Layer::kSubnet ? sec.subnet_nsg.get() : sec.nic_nsg.get();
}

net::Cidr MatchedPrefix(const compile::EffectiveRoute& r, const net::IpAddress& dst) {
  net::Cidr best;
  bool found = false;
  for (const net::Cidr& c : r.prefixes) {
    if (c.Contains(dst) && (!found || c.prefix_len() > best.prefix_len())) {
      best = c;
      found = true;
    }
  }
  return found ? best : r.prefixes.front();
}

}  // namespace internal
}  // namespace vnet::eval
