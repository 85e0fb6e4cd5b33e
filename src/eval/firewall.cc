// Service firewalls: the generic order of 6.1 with each service's denial (6.2-6.5).
#include "eval/firewall.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace vnet::eval {

namespace {

using compile::Firewall;
using compile::ServiceKind;

void Deny(const compile::ServiceResource& s, const PublicRequest& r, bool has_vnet_identity,
          Admission* a) {
  std::string src = r.source_known ? r.source.ToString() : "(unknown)";
  switch (s.kind) {
    case ServiceKind::kStorage:
      a->code = "AuthorizationFailure";
      a->message = "This request is not authorized to perform this operation.";
      break;
    case ServiceKind::kSql:
      if (has_vnet_identity) {
        a->code = "40914";
        a->message = "Cannot open server '" + s.name +
                     "' requested by the login. Client is not allowed to access the server.";
      } else {
        a->code = "40615";
        a->message = "Cannot open server '" + s.name +
                     "' requested by the login. Client with IP address '" + src +
                     "' is not allowed to access the server.";
      }
      break;
    case ServiceKind::kKeyVault:
      a->code = "ForbiddenByFirewall";
      a->message = "Client address is not authorized and caller is not a trusted service.";
      break;
    case ServiceKind::kCosmosDb:
      a->code = "Forbidden";
      a->message = "Request originated from IP " + src +
                   " through public internet. This is blocked by your Cosmos DB account "
                   "firewall settings.";
      break;
    case ServiceKind::kEventHub:
    case ServiceKind::kServiceBus:
      a->code = "Unauthorized";
      a->message = "Ip has been prevented to connect to the endpoint.";
      break;
  }
}

// scope == "/subscriptions/" + s.subscription [+ "/resourcegroups/" + s.resource_group], or
// scope == the lower-cased s.id: EndpointPoliciesAllow's comparisons without building strings.
bool ScopeHolds(std::string_view scope, const compile::ServiceResource& s) {
  if (scope.size() == s.id.size() &&
      std::equal(scope.begin(), scope.end(), s.id.begin(), [](char a, char b) {
        return a == static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
      }))
    return true;
  constexpr std::string_view kSubscriptions = "/subscriptions/";
  constexpr std::string_view kResourceGroups = "/resourcegroups/";
  if (!scope.starts_with(kSubscriptions)) return false;
  scope.remove_prefix(kSubscriptions.size());
  if (!scope.starts_with(s.subscription)) return false;
  scope.remove_prefix(s.subscription.size());
  if (scope.empty()) return true;
  if (!scope.starts_with(kResourceGroups)) return false;
  scope.remove_prefix(kResourceGroups.size());
  return scope == s.resource_group;
}

bool InRange(const compile::IpRule& rule, const net::IpAddress& ip) {
  return !rule.azure_services && ip.family() == rule.first.family() && rule.first <= ip &&
         ip <= rule.last;
}

}  // namespace

FirewallDecision DecidePublic(const compile::ServiceResource& s, const PublicRequest& r) {
  using K = FirewallDecision::Kind;
  const Firewall& fw = s.firewall;
  if (fw.public_access == Firewall::PublicAccess::kDisabled) return {K::kPublicAccessDisabled};
  if (fw.public_access == Firewall::PublicAccess::kSecuredByPerimeter) return {K::kPerimeter};
  if (fw.default_allow) return {K::kDefaultAllow};
  if (r.via_service_endpoint && r.subnet != compile::kNoIndex) {
    for (size_t i = 0; i < fw.vnet_rules.size(); ++i) {
      if (fw.vnet_rules[i].subnet != compile::kNoIndex && fw.vnet_rules[i].subnet == r.subnet)
        return {K::kVnetRule, i};
    }
  } else if (r.source_known && !(s.kind == ServiceKind::kStorage && r.same_region_vm)) {
    for (size_t i = 0; i < fw.ip_rules.size(); ++i) {
      if (InRange(fw.ip_rules[i], r.source)) return {K::kIpRule, i};
    }
  }
  if (r.source_in_azure) {
    for (size_t i = 0; i < fw.ip_rules.size(); ++i) {
      if (fw.ip_rules[i].azure_services) return {K::kAzureServicesRule, i};
    }
  }
  if (!r.source_known) return {K::kUnknownSource};
  return {K::kNoRuleMatched};
}

Admission AdmitPublic(const compile::Topology& t, const compile::ServiceResource& s,
                      const PublicRequest& r) {
  using K = FirewallDecision::Kind;
  FirewallDecision d = DecidePublic(s, r);
  const Firewall& fw = s.firewall;
  bool identity = r.via_service_endpoint && r.subnet != compile::kNoIndex;
  Admission a;
  a.allowed = d.allowed();
  a.known = d.known();
  switch (d.kind) {
    case K::kPublicAccessDisabled:
      a.rule = "publicNetworkAccess: Disabled";
      if (s.kind == ServiceKind::kStorage) {
        a.code = "PublicAccessNotPermitted";
        a.message = "Public access is not permitted on this storage account.";
      } else if (s.kind == ServiceKind::kSql) {
        a.code = "47073";
        a.message =
            "The public network interface on this server is not accessible. To connect to this "
            "server, use the Private Endpoint from inside your virtual network.";
      } else {
        Deny(s, r, identity, &a);
      }
      a.remedy = "reach " + s.name +
                 " through an approved private endpoint, or set "
                 "publicNetworkAccess to Enabled";
      return a;
    case K::kPerimeter:
      a.rule =
          "publicNetworkAccess: SecuredByPerimeter (network security perimeters are not "
          "modelled)";
      return a;
    case K::kDefaultAllow:
      a.rule = s.kind == ServiceKind::kCosmosDb ? "no IP or virtual network filter"
                                                : "defaultAction: Allow";
      return a;
    case K::kVnetRule: {
      const compile::VnetRule& rule = fw.vnet_rules[d.rule];
      a.rule = "virtualNetworkRules: " + (rule.name.empty() ? rule.subnet_id : rule.name);
      return a;
    }
    case K::kIpRule:
      a.rule = "ipRules: " + fw.ip_rules[d.rule].text;
      return a;
    case K::kAzureServicesRule:
      a.rule = (s.kind == ServiceKind::kSql ? "firewallRules: " : "ipRules: ") +
               fw.ip_rules[d.rule].text + " (connections from Azure)";
      return a;
    case K::kUnknownSource:
      a.rule = "the public address this source leaves from is not known";
      a.remedy = "give the on-premises NAT address, and allow it in the IP rules of " + s.name;
      return a;
    case K::kNoRuleMatched:
      break;
  }
  a.rule = "defaultAction: Deny (no rule matched)";
  Deny(s, r, identity, &a);
  std::string service = compile::EndpointServiceOf(s.kind);
  if (identity) {
    a.remedy = "add a virtual network rule for subnet " + t.subnets[r.subnet].id + " to " + s.name;
  } else if (r.subnet != compile::kNoIndex) {
    a.remedy = "enable " + service + " on subnet " + t.subnets[r.subnet].name +
               " and add a virtual network rule for it to " + s.name;
    if (s.kind == ServiceKind::kStorage && r.same_region_vm)
      a.remedy += " (IP rules do not apply to clients in the account's region)";
    else
      a.remedy += ", or allow " + r.source.ToString() + " in its IP rules";
  } else {
    a.remedy = "allow " + r.source.ToString() + " in the IP rules of " + s.name;
  }
  return a;
}

bool EndpointPoliciesAllow(const compile::Topology& t, compile::Index subnet,
                           const compile::ServiceResource& s, std::string* policy) {
  policy->clear();
  if (s.kind != ServiceKind::kStorage || subnet == compile::kNoIndex) return true;
  const compile::Subnet& sub = t.subnets[subnet];
  bool any = false;
  for (compile::Index p : sub.endpoint_policies)
    any |= t.endpoint_policies[p].has_storage_definition;
  if (!any) return true;
  std::string id = s.id;
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string sub_scope = "/subscriptions/" + s.subscription;
  std::string rg_scope = sub_scope + "/resourcegroups/" + s.resource_group;
  for (compile::Index p : sub.endpoint_policies) {
    const compile::EndpointPolicy& pol = t.endpoint_policies[p];
    if (!pol.has_storage_definition) continue;
    for (const std::string& scope : pol.scopes) {
      if (scope == id || scope == rg_scope || scope == sub_scope) {
        *policy = pol.id;
        return true;
      }
    }
  }
  for (compile::Index p : sub.endpoint_policies) {
    if (!policy->empty()) *policy += ",";
    *policy += t.endpoint_policies[p].id;
  }
  return false;
}

bool EndpointPoliciesAdmit(const compile::Topology& t, compile::Index subnet,
                           const compile::ServiceResource& s) {
  if (s.kind != ServiceKind::kStorage || subnet == compile::kNoIndex) return true;
  const compile::Subnet& sub = t.subnets[subnet];
  bool any = false;
  for (compile::Index p : sub.endpoint_policies) {
    const compile::EndpointPolicy& pol = t.endpoint_policies[p];
    if (!pol.has_storage_definition) continue;
    any = true;
    for (const std::string& scope : pol.scopes) {
      if (ScopeHolds(scope, s)) return true;
    }
  }
  return !any;
}

}  // namespace vnet::eval
