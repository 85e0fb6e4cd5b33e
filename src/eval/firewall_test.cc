// Service endpoint policies: EndpointPoliciesAdmit (the hot path's, no strings) against
// EndpointPoliciesAllow (the traced one), on a table of policy scopes.
#include "eval/firewall.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vnet::eval {
namespace {

TEST(EndpointPoliciesTest, AdmitAgreesWithAllow) {
  struct Case {
    std::vector<std::string> scopes;  // of the one storage policy; {"-"}: no storage definition
    bool allowed;
  };
  const std::string account =
      "/subscriptions/sub1/resourcegroups/rg1/providers/microsoft.storage/storageaccounts/acct1";
  const Case kCases[] = {
      {{account}, true},
      {{"/subscriptions/sub1"}, true},
      {{"/subscriptions/sub1/resourcegroups/rg1"}, true},
      {{"/subscriptions/sub1/resourcegroups/rg2"}, false},
      {{"/subscriptions/sub10"}, false},
      {{"/subscriptions/sub"}, false},
      {{"/subscriptions/sub1/"}, false},
      {{"/subscriptions/sub1/resourcegroups/rg10"}, false},
      {{"/subscriptions/sub1/resourcegroups/"}, false},
      {{account + "x"}, false},
      {{"/subscriptions/sub2", account}, true},
      {{}, false},
      {{"-"}, true},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.scopes.empty() ? "(none)" : c.scopes[0]);
    compile::Topology t;
    compile::EndpointPolicy policy;
    policy.id = "sep1";
    policy.has_storage_definition = c.scopes != std::vector<std::string>{"-"};
    if (policy.has_storage_definition) policy.scopes = c.scopes;
    t.endpoint_policies.push_back(policy);
    compile::Subnet subnet;
    subnet.endpoint_policies = {0};
    t.subnets.push_back(subnet);
    compile::ServiceResource s;
    s.kind = compile::ServiceKind::kStorage;
    s.id =
        "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct1";
    s.subscription = "sub1";
    s.resource_group = "rg1";
    std::string named;
    EXPECT_EQ(EndpointPoliciesAllow(t, 0, s, &named), c.allowed);
    EXPECT_EQ(EndpointPoliciesAdmit(t, 0, s), c.allowed);
    // Other services, and flows without a source subnet, are never filtered.
    s.kind = compile::ServiceKind::kSql;
    EXPECT_TRUE(EndpointPoliciesAdmit(t, 0, s));
    EXPECT_TRUE(EndpointPoliciesAdmit(t, compile::kNoIndex, s));
  }
}

}  // namespace
}  // namespace vnet::eval
