// Flow and Verdict: what the evaluator is asked (a source, a destination address, protocol and
// ports) and what it answers (allowed, denied, or unknown where vnetd does not model what
// decides), with a trace that names every step: route, NSG rules, the address and identity the
// destination sees, the firewall rule or default that decided; and what would have to change.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compile/topology.h"
#include "net/flow.h"
#include "net/ip_address.h"

namespace vnet::eval {

using compile::Index;
using compile::kNoIndex;

struct FlowSource {
  enum class Kind : uint8_t { kNic, kInternet, kOnPrem } kind = Kind::kNic;
  Index nic = kNoIndex;    // kNic
  net::IpAddress address;  // kInternet / kOnPrem: the sender's address
  Index site = kNoIndex;   // kOnPrem: the local network gateway it sits behind
  // kOnPrem: the public (NAT) address its traffic to public endpoints leaves from; unset = the
  // address itself when public, else unknown.
  bool has_nat_address = false;
  net::IpAddress nat_address;
};

struct Flow {
  FlowSource source;
  net::IpAddress destination;
  net::Protocol protocol = net::Protocol::kTcp;
  uint16_t source_port = 49152;
  uint16_t destination_port = 443;
};

enum class Outcome : uint8_t { kAllowed, kDenied, kUnknown };
const char* OutcomeName(Outcome o);  // "Allowed", "Denied", "Unknown"

struct TraceStep {
  std::string step;     // "nsg", "route", "nexthop", "privateEndpoint", "firewall", ...
  std::string summary;  // one line a person reads
  std::vector<std::pair<std::string, std::string>> fields;  // what a program reads
};

struct Verdict {
  Outcome outcome = Outcome::kUnknown;
  // Why, as a code: "Allowed", "NetworkSecurityRule", "NextHopNone", "NoRoute", "NoDestination",
  // "ApplianceNotForwarding", "ConnectionNotApproved", "SubResourceMismatch",
  // "ServiceEndpointPolicy", "PublicNetworkAccessDisabled", "FirewallDenied", "NotModelled".
  std::string_view reason;  // a literal
  std::vector<TraceStep> trace;
  std::vector<std::string> remedies;  // what would have to change for the flow to pass

  // The facts the decision rests on, compared by the differential test.
  std::string route;           // "10.0.0.0/16 VnetLocal Default" of the last route taken
  std::string deciding_rules;  // NSG rules that decided, "nsgId:securityRules/x" joined by ','
  std::string seen_source;     // the source address the destination saw
  std::string seen_subnet;     // the subnet identity a service saw (through an endpoint)
  std::string firewall_rule;   // the firewall rule or default that decided
  std::string destination;     // the NIC, private endpoint or service reached

  // All of the above in one comparable string.
  std::string Signature() const;
};

// A verdict's outcome and reason alone: what FastEvaluator::DecideBatch writes per flow.
struct Decision {
  Outcome outcome = Outcome::kUnknown;
  std::string_view reason;  // a literal, as Verdict::reason
  friend bool operator==(const Decision&, const Decision&) = default;
};

}  // namespace vnet::eval
