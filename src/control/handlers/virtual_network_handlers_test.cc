// Tests for the virtual network rules: each rule of SEMANTICS.md sections 1, 5, 11 and 12 as a
// row (request, expected ARM code), and the store unchanged after every refusal.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kVnet2 = Env::Id("Microsoft.Network/virtualNetworks/v2");

Json Vnet(std::vector<std::string> prefixes, Json subnets = Json::array(),
          std::string location = "eastus") {
  return Json{
      {"location", location},
      {"properties", {{"addressSpace", {{"addressPrefixes", prefixes}}}, {"subnets", subnets}}}};
}

Json Subnet(const std::string& name, const std::string& prefix, Json extra = Json::object()) {
  Json props = extra;
  props["addressPrefix"] = prefix;
  return Json{{"name", name}, {"properties", props}};
}

TEST(VirtualNetworkHandlersTest, RefusesInvalidNetworks) {
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const std::string nsg_missing = Env::Id("Microsoft.Network/networkSecurityGroups/none");
  const Case kCases[] = {
      {"no address space", Json{{"location", "eastus"}, {"properties", Json::object()}},
       "InvalidAddressSpace"},
      {"unparsable prefix", Vnet({"10.0.0.0/160"}), "InvalidAddressPrefixFormat"},
      {"host bits", Vnet({"10.0.0.1/16"}), "InvalidCIDRNotation"},
      {"multicast", Vnet({"224.0.0.0/8"}), "NetcfgInvalidIPAddressPrefix"},
      {"loopback", Vnet({"127.0.0.0/16"}), "NetcfgInvalidIPAddressPrefix"},
      {"link local", Vnet({"169.254.0.0/16"}), "NetcfgInvalidIPAddressPrefix"},
      {"platform vip", Vnet({"168.63.0.0/16"}), "NetcfgInvalidIPAddressPrefix"},
      {"overlapping ranges", Vnet({"10.0.0.0/16", "10.0.1.0/24"}),
       "NetcfgInvalidVirtualNetworkSite"},
      {"subnet outside", Vnet({"10.0.0.0/16"}, {Subnet("a", "10.1.0.0/24")}),
       "NetcfgSubnetRangeOutsideVnet"},
      {"subnets overlap",
       Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24"), Subnet("b", "10.0.0.128/25")}),
       "NetcfgSubnetRangesOverlap"},
      {"subnet /30", Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/30")}), "NetcfgInvalidSubnet"},
      {"subnet /32", Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.5/32")}), "NetcfgInvalidSubnet"},
      {"ipv6 subnet not /64", Vnet({"10.0.0.0/16", "fd00::/48"}, {Subnet("a", "fd00::/80")}),
       "NetcfgInvalidSubnet"},
      {"subnet bad cidr", Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24x")}),
       "InvalidAddressPrefixFormat"},
      {"subnet without prefix",
       Vnet({"10.0.0.0/16"}, {Json{{"name", "a"}, {"properties", Json::object()}}}),
       "NoAddressPrefixOrPoolProvided"},
      {"duplicate subnet names",
       Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24"), Subnet("A", "10.0.1.0/24")}),
       "DuplicateResourceName"},
      {"unknown endpoint",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24",
                    {{"serviceEndpoints", {{{"service", "Microsoft.Bananas"}}}}})}),
       "SubnetHasServiceEndpointWithInvalidServiceName"},
      {"sql endpoint in another region",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24",
                    {{"serviceEndpoints",
                      {{{"service", "Microsoft.Sql"}, {"locations", {"westus"}}}}}})}),
       "ServiceEndpointLocationNotSupported"},
      {"storage endpoint outside the pair",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24",
                    {{"serviceEndpoints",
                      {{{"service", "Microsoft.Storage"}, {"locations", {"japaneast"}}}}}})}),
       "ServiceEndpointLocationNotSupported"},
      {"storage and storage.global",
       Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24",
                                     {{"serviceEndpoints",
                                       {{{"service", "Microsoft.Storage"}},
                                        {{"service", "Microsoft.Storage.Global"}}}}})}),
       "ConflictingServiceEndpointsOnSubnet"},
      {"missing nsg",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24", {{"networkSecurityGroup", {{"id", nsg_missing}}}})}),
       "InvalidResourceReference"},
      {"malformed reference",
       Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24", {{"routeTable", {{"id", "not-an-id"}}}})}),
       "LinkedInvalidPropertyId"},
      {"two delegations",
       Vnet({"10.0.0.0/16"},
            {Subnet(
                "a", "10.0.0.0/24",
                {{"delegations",
                  {{{"name", "d1"}, {"properties", {{"serviceName", "Microsoft.Web/serverFarms"}}}},
                   {{"name", "d2"},
                    {"properties", {{"serviceName", "Microsoft.Sql/managedInstances"}}}}}}})}),
       "SubnetCannotHaveMultipleDelegations"},
      {"unknown delegation",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24",
                    {{"delegations",
                      {{{"name", "d1"},
                        {"properties", {{"serviceName", "Microsoft.Nope/things"}}}}}}})}),
       "InvalidServiceNameOnDelegation"},
      {"bad pe policy",
       Vnet({"10.0.0.0/16"},
            {Subnet("a", "10.0.0.0/24", {{"privateEndpointNetworkPolicies", "Sometimes"}})}),
       "InvalidRequestFormat"},
      {"too many dns servers",
       Json{{"location", "eastus"},
            {"properties",
             {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
              {"dhcpOptions", {{"dnsServers", std::vector<std::string>(21, "10.0.0.4")}}}}}},
       "DnsServerCountLimitReached"},
      {"bad dns server",
       Json{{"location", "eastus"},
            {"properties",
             {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
              {"dhcpOptions", {{"dnsServers", {"10.0.0"}}}}}}},
       "InvalidDnsServerIpAddress"},
      {"flow timeout",
       Json{{"location", "eastus"},
            {"properties",
             {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
              {"flowTimeoutInMinutes", 31}}}},
       "InvalidFlowTimeoutInMinutes"},
      {"no location",
       Json{{"properties", {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}}}}},
       "LocationRequired"},
  };
  Env env;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(kVnet, c.body), c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
  EXPECT_EQ(env.Get(kVnet).status().reason(), "ResourceNotFound");
}

TEST(VirtualNetworkHandlersTest, FillsDefaultsAndEndpointLocations) {
  Env env;
  ASSERT_OK_AND_ASSIGN(
      Reply r,
      env.Put(kVnet, Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24",
                                                   {{"serviceEndpoints",
                                                     {{{"service", "microsoft.storage"}},
                                                      {{"service", "Microsoft.Sql"}}}}})})));
  EXPECT_EQ(r.http_status, 201);
  const Json& subnet = r.body["properties"]["subnets"][0];
  EXPECT_EQ(subnet["id"], kVnet + "/subnets/a");
  EXPECT_EQ(subnet["type"], "Microsoft.Network/virtualNetworks/subnets");
  EXPECT_EQ(subnet["etag"], r.body["etag"]);
  const Json& endpoints = subnet["properties"]["serviceEndpoints"];
  EXPECT_EQ(endpoints[0], (Json{{"service", "Microsoft.Storage"},
                                {"locations", {"*"}},
                                {"provisioningState", "Succeeded"}}));
  EXPECT_EQ(endpoints[1]["locations"], Json({"eastus"}));
  EXPECT_EQ(subnet["properties"]["privateEndpointNetworkPolicies"], "Disabled");
  EXPECT_EQ(subnet["properties"]["privateLinkServiceNetworkPolicies"], "Enabled");
  EXPECT_EQ(r.body["properties"]["provisioningState"], "Succeeded");
}

TEST(VirtualNetworkHandlersTest, SubnetAtItsOwnPathMatchesInline) {
  Env env;
  ASSERT_OK(env.Put(kVnet, Vnet({"10.0.0.0/16"})));
  ASSERT_OK_AND_ASSIGN(
      Reply created,
      env.Put(kVnet + "/subnets/web", Json{{"properties", {{"addressPrefix", "10.0.1.0/24"}}}}));
  EXPECT_EQ(created.http_status, 201);
  EXPECT_EQ(created.body["name"], "web");
  EXPECT_EQ(created.body["properties"]["addressPrefix"], "10.0.1.0/24");
  ASSERT_OK_AND_ASSIGN(Reply vnet, env.Get(kVnet));
  ASSERT_EQ(vnet.body["properties"]["subnets"].size(), 1u);
  EXPECT_EQ(vnet.body["properties"]["subnets"][0], created.body);
  // The same rules apply at the child path.
  EXPECT_EQ(env.PutError(kVnet + "/subnets/bad",
                         Json{{"properties", {{"addressPrefix", "10.9.0.0/24"}}}}),
            "NetcfgSubnetRangeOutsideVnet");
  EXPECT_EQ(env.PutError(kVnet + "/subnets/dup",
                         Json{{"properties", {{"addressPrefix", "10.0.1.0/25"}}}}),
            "NetcfgSubnetRangesOverlap");
  ASSERT_OK(env.Delete(kVnet + "/subnets/web"));
  ASSERT_OK_AND_ASSIGN(Reply after, env.Get(kVnet));
  EXPECT_TRUE(after.body["properties"]["subnets"].empty());
}

TEST(VirtualNetworkHandlersTest, InUseSubnetCannotBeDeleted) {
  Env env;
  ASSERT_OK(env.Put(kVnet, Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.0.0/24")})));
  // A NIC document in the subnet (the NIC handler's own rules are tested elsewhere).
  const std::string nic = Env::Id("Microsoft.Network/networkInterfaces/n1");
  ASSERT_OK(
      env.Put(nic, Json{{"location", "eastus"},
                        {"properties",
                         {{"ipConfigurations",
                           {{{"name", "ipconfig1"},
                             {"properties", {{"subnet", {{"id", kVnet + "/subnets/a"}}}}}}}}}}}));
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kVnet + "/subnets/a"), "InUseSubnetCannotBeDeleted");
  EXPECT_EQ(env.PutError(kVnet, Vnet({"10.0.0.0/16"})), "InUseSubnetCannotBeDeleted");
  EXPECT_EQ(env.DeleteError(kVnet), "InUseSubnetCannotBeDeleted");
  EXPECT_EQ(env.PutError(kVnet, Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.1.0/24")})),
            "InUsePrefixCannotBeDeleted");
  EXPECT_EQ(
      env.PutError(
          kVnet,
          Vnet({"10.0.0.0/16"},
               {Subnet("a", "10.0.0.0/24",
                       {{"delegations",
                         {{{"name", "d"},
                           {"properties", {{"serviceName", "Microsoft.Web/serverFarms"}}}}}}})})),
      "SubnetDelegationsCannotChangeWhenSubnetUsedByResource");
  EXPECT_EQ(env.rm().revision(), before);
  ASSERT_OK_AND_ASSIGN(Reply subnet, env.Get(kVnet + "/subnets/a"));
  ASSERT_EQ(subnet.body["properties"]["ipConfigurations"].size(), 1u);
  EXPECT_EQ(subnet.body["properties"]["ipConfigurations"][0]["id"],
            nic + "/ipConfigurations/ipconfig1");
  ASSERT_OK(env.Delete(nic));
  EXPECT_OK(env.Delete(kVnet + "/subnets/a"));
}

TEST(VirtualNetworkHandlersTest, PeeringStateMachine) {
  Env env;
  ASSERT_OK(env.Put(kVnet, Vnet({"10.0.0.0/16"})));
  ASSERT_OK(env.Put(kVnet2, Vnet({"10.1.0.0/16"})));
  const std::string overlap = Env::Id("Microsoft.Network/virtualNetworks/v3");
  ASSERT_OK(env.Put(overlap, Vnet({"10.0.0.0/24"})));
  auto peering = [](const std::string& remote) {
    return Json{{"properties", {{"remoteVirtualNetwork", {{"id", remote}}}}}};
  };
  EXPECT_EQ(env.PutError(kVnet + "/virtualNetworkPeerings/p3", peering(overlap)),
            "VnetAddressSpacesOverlap");
  EXPECT_EQ(env.PutError(kVnet + "/virtualNetworkPeerings/px",
                         peering(Env::Id("Microsoft.Network/virtualNetworks/none"))),
            "InvalidResourceReference");
  ASSERT_OK_AND_ASSIGN(Reply a_to_b,
                       env.Put(kVnet + "/virtualNetworkPeerings/ab", peering(kVnet2)));
  EXPECT_EQ(a_to_b.body["properties"]["peeringState"], "Initiated");
  EXPECT_EQ(a_to_b.body["properties"]["allowVirtualNetworkAccess"], true);
  EXPECT_EQ(a_to_b.body["properties"]["remoteAddressSpace"]["addressPrefixes"][0], "10.1.0.0/16");
  EXPECT_EQ(env.PutError(kVnet + "/virtualNetworkPeerings/ab2", peering(kVnet2)),
            "AnotherPeeringAlreadyReferencesRemoteVnet");
  ASSERT_OK_AND_ASSIGN(Reply b_to_a,
                       env.Put(kVnet2 + "/virtualNetworkPeerings/ba", peering(kVnet)));
  EXPECT_EQ(b_to_a.body["properties"]["peeringState"], "Connected");
  ASSERT_OK_AND_ASSIGN(Reply ab_now, env.Get(kVnet + "/virtualNetworkPeerings/ab"));
  EXPECT_EQ(ab_now.body["properties"]["peeringState"], "Connected");
  EXPECT_EQ(env.PutError(
                kVnet + "/virtualNetworkPeerings/ab",
                Json{{"properties",
                      {{"remoteVirtualNetwork", {{"id", kVnet2}}}, {"useRemoteGateways", true}}}}),
            "RemoteVnetHasNoGateways");
  ASSERT_OK(env.Delete(kVnet2 + "/virtualNetworkPeerings/ba"));
  ASSERT_OK_AND_ASSIGN(Reply ab_after, env.Get(kVnet + "/virtualNetworkPeerings/ab"));
  EXPECT_EQ(ab_after.body["properties"]["peeringState"], "Disconnected");
  EXPECT_EQ(env.PutError(kVnet2 + "/virtualNetworkPeerings/ba", peering(kVnet)),
            "RemotePeeringIsDisconnected");
}

TEST(VirtualNetworkHandlersTest, CheckIpAddressAvailability) {
  // As the REST example VirtualNetworkCheckIPAddressAvailability.json: 10.0.1.4 is taken, the
  // next five free addresses follow it.
  Env env;
  ASSERT_OK(env.Put(kVnet, Vnet({"10.0.0.0/16"}, {Subnet("a", "10.0.1.0/24")})));
  ASSERT_OK(env.Put(Env::Id("Microsoft.Network/networkInterfaces/n1"),
                    Json{{"location", "eastus"},
                         {"properties",
                          {{"ipConfigurations",
                            {{{"name", "c"},
                              {"properties",
                               {{"subnet", {{"id", kVnet + "/subnets/a"}}},
                                {"privateIPAddress", "10.0.1.4"}}}}}}}}}));
  arm::ResourceId vnet = arm::ResourceId::Parse(kVnet).value();
  struct Case {
    std::string ip;
    bool available;
    std::vector<std::string> next;
  };
  const Case kCases[] = {
      {"10.0.1.4", false, {"10.0.1.5", "10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9"}},
      {"10.0.1.0", false, {"10.0.1.5", "10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9"}},
      {"10.0.1.9", true, {"10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.13", "10.0.1.14"}},
      {"10.0.1.252", true, {"10.0.1.253", "10.0.1.254"}},
      {"10.0.9.9", false, {}},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.ip);
    ASSERT_OK_AND_ASSIGN(
        Reply r, env.rm().Operation(vnet, "CheckIPAddressAvailability", {{"ipAddress", c.ip}}));
    EXPECT_EQ(r.body["available"], c.available);
    EXPECT_EQ(r.body["availableIPAddresses"], Json(c.next));
  }
  EXPECT_EQ(env.rm().Operation(vnet, "CheckIPAddressAvailability", {}).status().reason(),
            "MissingParameter");
}

}  // namespace
}  // namespace vnet::control
