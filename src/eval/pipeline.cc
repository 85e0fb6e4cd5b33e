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
