// Admission of a request at a service resource's public endpoint (SEMANTICS.md 6.1-6.5 and 7):
// public network access, default action, virtual network rules (only through a service
// endpoint), IP rules (only against a public source), "Azure services" rules, and the
// service-specific denial each service answers with. Pure function of its inputs.
#pragma once
#include <string>

#include "compile/topology.h"

namespace vnet::eval {

struct PublicRequest {
  bool via_service_endpoint = false;
  compile::Index subnet = compile::kNoIndex;  // the source subnet (its identity with an endpoint)
  bool source_known = true;      // false when vnetd cannot know the public address (on-premises)
  net::IpAddress source;         // the address the service sees
  bool source_in_azure = false;  // a VM, or an address inside AzureCloud
  bool same_region_vm = false;   // an Azure VM in the account's region (storage IP rules ignore it)
};

struct Admission {
  bool allowed = false;
  bool known = true;    // false: the outcome depends on something vnetd does not model
  std::string rule;     // "defaultAction: Allow", "virtualNetworkRules: <subnet id>", ...
  std::string code;     // the service's denial: "AuthorizationFailure", "40615", ...
  std::string message;  // the service's denial text
  std::string remedy;   // what would admit it
};

// What decided, without any text: the hot path's answer.
struct FirewallDecision {
  enum class Kind : uint8_t {
    kPublicAccessDisabled,
    kPerimeter,
    kDefaultAllow,
    kVnetRule,
    kIpRule,
    kAzureServicesRule,
    kUnknownSource,
    kNoRuleMatched,
  } kind = Kind::kNoRuleMatched;
  size_t rule = 0;  // index into vnet_rules / ip_rules for the rule kinds
  bool allowed() const {
    return kind == Kind::kDefaultAllow || kind == Kind::kVnetRule || kind == Kind::kIpRule ||
           kind == Kind::kAzureServicesRule;
  }
  bool known() const { return kind != Kind::kPerimeter && kind != Kind::kUnknownSource; }
};

FirewallDecision DecidePublic(const compile::ServiceResource& service,
                              const PublicRequest& request);

// The decision with its texts (rule, the service's error, remedy).
Admission AdmitPublic(const compile::Topology& t, const compile::ServiceResource& service,
                      const PublicRequest& request);

// Service endpoint policies of the source subnet (section 7): whether `service` may be reached
// over the subnet's Microsoft.Storage endpoint. Non-storage services are never filtered.
// `*policy` names the policy set that decided ("" when none applies).
bool EndpointPoliciesAllow(const compile::Topology& t, compile::Index subnet,
                           const compile::ServiceResource& service, std::string* policy);
// The same answer without naming the policy: no allocation (the hot path's).
bool EndpointPoliciesAdmit(const compile::Topology& t, compile::Index subnet,
                           const compile::ServiceResource& service);

}  // namespace vnet::eval
