// The isolation scenarios of issue 3, each built through the control plane and checked as a
// table of flows (fast and reference evaluators must agree on every one): storage lock-down,
// forced tunnelling, SQL's same-region rule and Storage's paired regions, endpoint policies,
// NSG tags, private endpoint states, peered and on-premises access, exfiltration, and a UDR
// for a private endpoint's /32.
#include <gtest/gtest.h>

#include "network_fixture.h"

namespace vnet::testing {
namespace {

using eval::Outcome;

class ScenarioTest : public NetworkFixture {
 protected:
  // VNet vnet1 10.0.0.0/16 in eastus: subnet app 10.0.0.0/24 (NIC vm1), data 10.0.1.0/24.
  void Basic() {
    Vnet("vnet1", "eastus", {"10.0.0.0/16"}, {{"app", "10.0.0.0/24"}, {"data", "10.0.1.0/24"}});
    vm_ip = Nic("vm1", SubnetId("vnet1", "app"));
  }
  std::string vm_ip;
  const std::string vm = NicId("vm1");
};

#define EXPECT_VERDICT(v, outcome_, reason_)    \
  EXPECT_EQ((v).outcome, outcome_) << Trace(v); \
  EXPECT_EQ((v).reason, reason_) << Trace(v)

TEST_F(ScenarioTest, StorageLockDownWalkThrough) {
  Basic();
  Storage("acct1", "eastus");
  std::string acct = PublicIp(StorageId("acct1"));
  // Public: every network.
  eval::Verdict v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.firewall_rule, "defaultAction: Allow");
  EXPECT_EQ(v.route, "0.0.0.0/0 Internet Default");
  // Locked to selected networks, no rules yet: the VM and the internet are refused.
  Storage("acct1", "eastus", Json{{"defaultAction", "Deny"}});
  v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  ASSERT_FALSE(v.remedies.empty());
  EXPECT_NE(v.remedies[0].find("enable Microsoft.Storage on subnet app"), std::string::npos)
      << Trace(v);
  v = FromInternet("203.0.113.7", acct);
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  EXPECT_EQ(v.trace.back().fields.back(),
            (std::pair<std::string, std::string>{"errorCode", "AuthorizationFailure"}));
  // The endpoint on the subnet, then the VNet rule: the VM passes, with its subnet identity.
  Subnet("vnet1", "app", "10.0.0.0/24",
         Json{{"serviceEndpoints", {{{"service", "Microsoft.Storage"}}}}});
  v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  EXPECT_EQ(v.seen_subnet, SubnetId("vnet1", "app"));
  Storage("acct1", "eastus",
          Json{{"defaultAction", "Deny"},
               {"virtualNetworkRules", {{{"id", SubnetId("vnet1", "app")}, {"action", "Allow"}}}}});
  v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.firewall_rule, "virtualNetworkRules: " + SubnetId("vnet1", "app"));
  EXPECT_EQ(v.seen_source, vm_ip);
  EXPECT_NE(v.route.find("VirtualNetworkServiceEndpoint"), std::string::npos);
  v = FromInternet("203.0.113.7", acct);
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  // An IP rule admits the internet client.
  Storage("acct1", "eastus",
          Json{{"defaultAction", "Deny"},
               {"ipRules", {{{"value", "203.0.113.0/24"}, {"action", "Allow"}}}},
               {"virtualNetworkRules", {{{"id", SubnetId("vnet1", "app")}, {"action", "Allow"}}}}});
  v = FromInternet("203.0.113.7", acct);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.firewall_rule, "ipRules: 203.0.113.0/24");
}

TEST_F(ScenarioTest, ForcedTunnellingWithAndWithoutTheStorageEndpoint) {
  Vnet("vnet1", "eastus", {"10.0.0.0/16"}, {{"app", "10.0.0.0/24"}, {"nva", "10.0.2.0/24"}});
  std::string nva_ip = Nic("nva1", SubnetId("vnet1", "nva"), /*forwarding=*/true, "10.0.2.4");
  Put(Id("Microsoft.Network/routeTables/rt1"),
      Json{{"location", "eastus"},
           {"properties",
            {{"routes",
              {{{"name", "default-to-nva"},
                {"properties",
                 {{"addressPrefix", "0.0.0.0/0"},
                  {"nextHopType", "VirtualAppliance"},
                  {"nextHopIpAddress", "10.0.2.4"}}}}}}}}});
  Subnet("vnet1", "app", "10.0.0.0/24",
         Json{{"routeTable", {{"id", Id("Microsoft.Network/routeTables/rt1")}}}});
  Nic("vm1", SubnetId("vnet1", "app"));
  Storage("acct1", "eastus");
  std::string acct = PublicIp(StorageId("acct1"));
  eval::Verdict v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  bool via_nva = false;
  for (const auto& s : v.trace)
    via_nva |= s.summary.find("virtual appliance nva1") != std::string::npos;
  EXPECT_TRUE(via_nva) << Trace(v);
  EXPECT_EQ(v.route, "0.0.0.0/0 Internet Default");  // the appliance's own subnet sends it out
  // To the internet, the appliance's address leaves, not the VM's.
  auto net = Compile();
  EXPECT_EQ(v.seen_source,
            net->t().nics[net->t().Find(NicId("nva1"))].default_outbound_ip.ToString());
  // With the endpoint, storage traffic skips the appliance (the endpoint prefixes are longer).
  Subnet("vnet1", "app", "10.0.0.0/24",
         Json{{"routeTable", {{"id", Id("Microsoft.Network/routeTables/rt1")}}},
              {"serviceEndpoints", {{{"service", "Microsoft.Storage"}}}}});
  v = FromNic(vm, acct);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_NE(v.route.find("VirtualNetworkServiceEndpoint"), std::string::npos) << Trace(v);
  // Other internet traffic still goes to the appliance; with forwarding off it is dropped.
  Nic("nva1", SubnetId("vnet1", "nva"), /*forwarding=*/false, "10.0.2.4");
  v = FromNic(vm, "8.8.8.8");
  EXPECT_VERDICT(v, Outcome::kDenied, "ApplianceNotForwarding");
  (void)nva_ip;
}

TEST_F(ScenarioTest, SqlSameRegionRuleAndStoragePairedRegions) {
  Basic();
  Subnet("vnet1", "app", "10.0.0.0/24",
         Json{{"serviceEndpoints",
               {{{"service", "Microsoft.Storage"}}, {{"service", "Microsoft.Sql"}}}}});
  // SQL in the VNet's region, with a VNet rule: admitted through the endpoint.
  std::string sql_east = Id("Microsoft.Sql/servers/sqleast");
  Put(sql_east,
      Json{{"location", "eastus"},
           {"properties",
            {{"administratorLogin", "a"}, {"administratorLoginPassword", "P@ssw0rd-123"}}}});
  Put(sql_east + "/virtualNetworkRules/r1",
      Json{{"properties", {{"virtualNetworkSubnetId", SubnetId("vnet1", "app")}}}});
  eval::Verdict v = FromNic(vm, PublicIp(sql_east), 1433);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.firewall_rule, "virtualNetworkRules: r1");
  // SQL in another region: the endpoint does not cover it, so it sees the public address.
  std::string sql_west = Id("Microsoft.Sql/servers/sqlwest");
  Put(sql_west,
      Json{{"location", "westus"},
           {"properties",
            {{"administratorLogin", "a"}, {"administratorLoginPassword", "P@ssw0rd-123"}}}});
  v = FromNic(vm, PublicIp(sql_west), 1433);
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  EXPECT_EQ(v.route, "0.0.0.0/0 Internet Default");
  EXPECT_EQ(v.seen_subnet, "");
  // Storage in the paired region (westus) is reached through the endpoint; centralus is not.
  Storage("acctwest", "westus",
          Json{{"defaultAction", "Deny"},
               {"virtualNetworkRules", {{{"id", SubnetId("vnet1", "app")}, {"action", "Allow"}}}}});
  v = FromNic(vm, PublicIp(StorageId("acctwest")));
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  // (A VNet rule for the subnet is refused there: the endpoint does not cover centralus.)
  EXPECT_EQ(
      env.PutError(StorageId("acctcentral"),
                   Json{{"location", "centralus"},
                        {"kind", "StorageV2"},
                        {"sku", {{"name", "Standard_LRS"}}},
                        {"properties",
                         {{"networkAcls",
                           {{"defaultAction", "Deny"},
                            {"virtualNetworkRules", {{{"id", SubnetId("vnet1", "app")}}}}}}}}}),
      "NetworkAclsValidationFailure");
  Storage("acctcentral", "centralus", Json{{"defaultAction", "Deny"}});
  v = FromNic(vm, PublicIp(StorageId("acctcentral")));
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  EXPECT_EQ(v.route, "0.0.0.0/0 Internet Default");
}

TEST_F(ScenarioTest, EndpointPolicyAllowsOneAccountAndDeniesAnother) {
  Basic();
  Storage("allowed1", "eastus");
  Storage("other1", "eastus");
  std::string policy = Id("Microsoft.Network/serviceEndpointPolicies/sep1");
  Put(policy, Json{{"location", "eastus"},
                   {"properties",
                    {{"serviceEndpointPolicyDefinitions",
                      {{{"name", "d1"},
                        {"properties",
                         {{"service", "Microsoft.Storage"},
                          {"serviceResources", {StorageId("allowed1")}}}}}}}}}});
  Subnet("vnet1", "app", "10.0.0.0/24",
         Json{{"serviceEndpoints", {{{"service", "Microsoft.Storage"}}}},
              {"serviceEndpointPolicies", {{{"id", policy}}}}});
  eval::Verdict v = FromNic(vm, PublicIp(StorageId("allowed1")));
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  v = FromNic(vm, PublicIp(StorageId("other1")));
  EXPECT_VERDICT(v, Outcome::kDenied, "ServiceEndpointPolicy");
}

TEST_F(ScenarioTest, NsgDeniesInternetAndAllowsTheStorageTag) {
  Basic();
  Storage("acct1", "eastus");
  std::string nsg = Id("Microsoft.Network/networkSecurityGroups/nsg1");
  auto rule = [](const char* name, int priority, const char* dst, const char* access) {
    return Json{{"name", name},
                {"properties",
                 {{"priority", priority},
                  {"direction", "Outbound"},
                  {"access", access},
                  {"protocol", "*"},
                  {"sourceAddressPrefix", "*"},
                  {"sourcePortRange", "*"},
                  {"destinationAddressPrefix", dst},
                  {"destinationPortRange", "*"}}}};
  };
  Put(nsg, Json{{"location", "eastus"},
                {"properties",
                 {{"securityRules",
                   {rule("allow-storage", 100, "Storage", "Allow"),
                    rule("deny-internet", 200, "Internet", "Deny")}}}}});
  Subnet("vnet1", "app", "10.0.0.0/24", Json{{"networkSecurityGroup", {{"id", nsg}}}});
  eval::Verdict v = FromNic(vm, PublicIp(StorageId("acct1")));
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.deciding_rules, nsg + ":securityRules/allow-storage");
  v = FromNic(vm, "8.8.8.8", 53, net::Protocol::kUdp);
  EXPECT_VERDICT(v, Outcome::kDenied, "NetworkSecurityRule");
  EXPECT_EQ(v.deciding_rules, nsg + ":securityRules/deny-internet");
  // Inside the VNet the default AllowVnetOutBound still applies.
  std::string other = Nic("vm2", SubnetId("vnet1", "data"));
  v = FromNic(vm, other, 22);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.deciding_rules, nsg + ":defaultSecurityRules/AllowVnetOutBound");
}

TEST_F(ScenarioTest, PrivateEndpointPendingApprovedRejectedDisconnected) {
  Basic();
  Storage("acct1", "eastus", Json{{"defaultAction", "Deny"}});
  std::string pe1 =
      PrivateEndpoint("pe1", SubnetId("vnet1", "data"), StorageId("acct1"), "blob", true);
  eval::Verdict v = FromNic(vm, pe1);
  EXPECT_VERDICT(v, Outcome::kDenied, "ConnectionNotApproved");
  EXPECT_EQ(v.route, pe1 + "/32 InterfaceEndpoint Default");
  ASSERT_FALSE(v.remedies.empty());
  EXPECT_EQ(v.remedies[0], "approve connection pe1-conn on acct1");
  SetConnection(StorageId("acct1"), "pe1", "Approved");
  v = FromNic(vm, pe1);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.destination, StorageId("acct1") + "/blob");
  std::string pe2 =
      PrivateEndpoint("pe2", SubnetId("vnet1", "data"), StorageId("acct1"), "blob", true);
  SetConnection(StorageId("acct1"), "pe2", "Rejected");
  v = FromNic(vm, pe2);
  EXPECT_VERDICT(v, Outcome::kDenied, "ConnectionNotApproved");
  EXPECT_EQ(v.firewall_rule, "privateEndpointConnection: Rejected");
  DeleteConnection(StorageId("acct1"), "pe1");
  v = FromNic(vm, pe1);
  EXPECT_VERDICT(v, Outcome::kDenied, "ConnectionNotApproved");
  EXPECT_EQ(v.firewall_rule, "privateEndpointConnection: Disconnected");
}

TEST_F(ScenarioTest, PrivateEndpointFromPeeredVnetAndOnPremises) {
  Vnet("hub", "eastus", {"10.0.0.0/16"},
       {{"pe", "10.0.1.0/24"}, {"GatewaySubnet", "10.0.255.0/27"}});
  Vnet("spoke", "eastus", {"10.1.0.0/16"}, {{"app", "10.1.0.0/24"}});
  Nic("vm1", SubnetId("spoke", "app"));
  Put(VnetId("hub") + "/virtualNetworkPeerings/to-spoke",
      Json{{"properties",
            {{"remoteVirtualNetwork", {{"id", VnetId("spoke")}}}, {"allowGatewayTransit", true}}}});
  Put(VnetId("spoke") + "/virtualNetworkPeerings/to-hub",
      Json{{"properties", {{"remoteVirtualNetwork", {{"id", VnetId("hub")}}}}}});
  Storage("acct1", "eastus",
          Json{{"defaultAction", "Deny"}, {"virtualNetworkRules", Json::array()}});
  std::string pe = PrivateEndpoint("pe1", SubnetId("hub", "pe"), StorageId("acct1"), "blob", false);
  eval::Verdict v = FromNic(vm, pe);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.route, pe + "/32 InterfaceEndpoint Default");
  // On-premises through the hub's gateway.
  std::string pip = Id("Microsoft.Network/publicIPAddresses/gwpip");
  Put(pip, Json{{"location", "eastus"},
                {"sku", {{"name", "Standard"}}},
                {"properties", {{"publicIPAllocationMethod", "Static"}}}});
  std::string gw = Id("Microsoft.Network/virtualNetworkGateways/gw1");
  Put(gw, Json{{"location", "eastus"},
               {"properties",
                {{"gatewayType", "Vpn"},
                 {"vpnType", "RouteBased"},
                 {"sku", {{"name", "VpnGw1"}, {"tier", "VpnGw1"}}},
                 {"ipConfigurations",
                  {{{"name", "c1"},
                    {"properties",
                     {{"subnet", {{"id", SubnetId("hub", "GatewaySubnet")}}},
                      {"publicIPAddress", {{"id", pip}}}}}}}}}}});
  std::string lng = Id("Microsoft.Network/localNetworkGateways/office");
  Put(lng, Json{{"location", "eastus"},
                {"properties",
                 {{"gatewayIpAddress", "198.51.100.10"},
                  {"localNetworkAddressSpace", {{"addressPrefixes", {"192.168.50.0/24"}}}}}}});
  Put(Id("Microsoft.Network/connections/office-conn"),
      Json{{"location", "eastus"},
           {"properties",
            {{"connectionType", "IPsec"},
             {"sharedKey", "k"},
             {"virtualNetworkGateway1", {{"id", gw}}},
             {"localNetworkGateway2", {{"id", lng}}}}}});
  v = FromOnPrem(lng, "192.168.50.10", pe);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.destination, StorageId("acct1") + "/blob");
  // The account's public endpoint refuses on-premises traffic unless its NAT address is allowed.
  std::string acct = PublicIp(StorageId("acct1"));
  v = FromOnPrem(lng, "192.168.50.10", acct, "198.51.100.77");
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  Storage("acct1", "eastus",
          Json{{"defaultAction", "Deny"},
               {"ipRules", {{{"value", "198.51.100.77"}, {"action", "Allow"}}}}});
  v = FromOnPrem(lng, "192.168.50.10", acct, "198.51.100.77");
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.firewall_rule, "ipRules: 198.51.100.77");
  // The spoke learns the on-premises prefix only if it uses the hub's gateway.
  auto net = Compile();
  compile::Index app = net->t().Find(SubnetId("spoke", "app"));
  bool learned = false;
  for (const auto& r : net->routes[app]->routes)
    learned |= r.source == compile::RouteSource::kVirtualNetworkGateway;
  EXPECT_FALSE(learned);
}

TEST_F(ScenarioTest, PrivateEndpointToAccountAOpensNothingOnAccountB) {
  Basic();
  Storage("accta", "eastus", Json{{"defaultAction", "Deny"}});
  Storage("acctb", "eastus", Json{{"defaultAction", "Deny"}});
  std::string pe =
      PrivateEndpoint("pea", SubnetId("vnet1", "data"), StorageId("accta"), "blob", false);
  eval::Verdict v = FromNic(vm, pe);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.destination, StorageId("accta") + "/blob");
  v = FromNic(vm, PublicIp(StorageId("acctb")));
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
  EXPECT_EQ(v.destination, StorageId("acctb"));
  v = FromNic(vm, PublicIp(StorageId("accta")));
  EXPECT_VERDICT(v, Outcome::kDenied, "FirewallDenied");
}

TEST_F(ScenarioTest, UserRouteForAPrivateEndpointThroughAnAppliance) {
  Vnet("vnet1", "eastus", {"10.0.0.0/16"},
       {{"app", "10.0.0.0/24"}, {"pe", "10.0.1.0/24"}, {"nva", "10.0.2.0/24"}});
  Nic("nva1", SubnetId("vnet1", "nva"), true, "10.0.2.4");
  Nic("vm1", SubnetId("vnet1", "app"));
  Storage("acct1", "eastus");
  std::string pe =
      PrivateEndpoint("pe1", SubnetId("vnet1", "pe"), StorageId("acct1"), "blob", false);
  auto table = [&](const std::string& prefix) {
    Put(Id("Microsoft.Network/routeTables/rt1"),
        Json{{"location", "eastus"},
             {"properties",
              {{"routes",
                {{{"name", "to-nva"},
                  {"properties",
                   {{"addressPrefix", prefix},
                    {"nextHopType", "VirtualAppliance"},
                    {"nextHopIpAddress", "10.0.2.4"}}}}}}}}});
    Subnet("vnet1", "app", "10.0.0.0/24",
           Json{{"routeTable", {{"id", Id("Microsoft.Network/routeTables/rt1")}}}});
  };
  // A /32 user route equal to the endpoint's wins (User > Default) and goes through the appliance.
  table(pe + "/32");
  eval::Verdict v = FromNic(vm, pe);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
  EXPECT_EQ(v.route, pe + "/32 InterfaceEndpoint Default");  // last hop, from the appliance
  bool via_nva = false;
  for (const auto& s : v.trace) via_nva |= s.summary.find("to-nva") != std::string::npos;
  EXPECT_TRUE(via_nva) << Trace(v);
  // A /16 user route does not capture the /32 while the endpoint subnet's policies are off...
  table("10.0.0.0/16");
  v = FromNic(vm, pe);
  bool direct = !v.trace.empty();
  for (const auto& s : v.trace) direct &= s.summary.find("to-nva") == std::string::npos;
  EXPECT_TRUE(direct) << Trace(v);
  // ...and does once they are on (route table policies).
  Subnet("vnet1", "pe", "10.0.1.0/24",
         Json{{"privateEndpointNetworkPolicies", "RouteTableEnabled"}});
  v = FromNic(vm, pe);
  via_nva = false;
  for (const auto& s : v.trace) via_nva |= s.summary.find("to-nva") != std::string::npos;
  EXPECT_TRUE(via_nva) << Trace(v);
  EXPECT_VERDICT(v, Outcome::kAllowed, "Allowed");
}

}  // namespace
}  // namespace vnet::testing
