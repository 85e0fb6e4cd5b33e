// Tests for private endpoints: the NIC and address they get, the connection workflow on both
// sides (Pending, Approved, Rejected, Disconnected, and the refused transitions), DNS zone
// groups writing and removing A records, and private link services.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kSubnet = kVnet + "/subnets/pe";
const std::string kAccount = Env::Id("Microsoft.Storage/storageAccounts/acct");
const std::string kZone =
    Env::Id("Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net");

void AddNetworkAndTargets(Env& env) {
  ASSERT_OK(env.Put(
      kVnet,
      Json{{"location", "eastus"},
           {"properties",
            {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
             {"subnets",
              {{{"name", "pe"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}},
               {{"name", "delegated"},
                {"properties",
                 {{"addressPrefix", "10.0.1.0/24"},
                  {"delegations",
                   {{{"name", "d"},
                     {"properties", {{"serviceName", "Microsoft.Web/serverFarms"}}}}}}}}}}}}}}));
  ASSERT_OK(env.Put(kAccount, Json{{"location", "eastus"}}));
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
}

Json Pe(bool manual, const std::string& target = kAccount, const std::string& group = "blob",
        const std::string& subnet = kSubnet, const std::string& location = "eastus") {
  Json conn{
      {"name", "c"},
      {"properties",
       {{"privateLinkServiceId", target}, {"groupIds", {group}}, {"requestMessage", "please"}}}};
  return Json{{"location", location},
              {"properties",
               {{"subnet", {{"id", subnet}}},
                {manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections",
                 {conn}}}}};
}

Json ConsumerState(Env& env, const std::string& pe) {
  Reply r = env.Get(pe).value();
  const Json& props = r.body["properties"];
  const Json& list = props["manualPrivateLinkServiceConnections"].empty()
                         ? props["privateLinkServiceConnections"]
                         : props["manualPrivateLinkServiceConnections"];
  return list[0]["properties"]["privateLinkServiceConnectionState"];
}

Json ProviderConnection(Env& env) {
  Reply r = env.Get(kAccount).value();
  return r.body["properties"]["privateEndpointConnections"][0];
}

TEST(PrivateEndpointHandlersTest, AutomaticConnectionIsApprovedAndGetsANic) {
  Env env;
  AddNetworkAndTargets(env);
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(pe, Pe(false)));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Approved");
  std::string nic_id = r.body["properties"]["networkInterfaces"][0]["id"];
  ASSERT_OK_AND_ASSIGN(Reply nic, env.Get(nic_id));
  const Json& ip = nic.body["properties"]["ipConfigurations"][0]["properties"];
  EXPECT_EQ(ip["privateIPAddress"], "10.0.0.4");
  EXPECT_EQ(ip["privateLinkConnectionProperties"]["groupId"], "blob");
  EXPECT_EQ(nic.body["properties"]["privateEndpoint"]["id"], pe);
  EXPECT_EQ(r.body["properties"]["customDnsConfigs"][0],
            (Json{{"fqdn", "acct.blob.core.windows.net"}, {"ipAddresses", {"10.0.0.4"}}}));
  Json pc = ProviderConnection(env);
  EXPECT_EQ(pc["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
  EXPECT_EQ(pc["properties"]["privateLinkServiceConnectionState"]["actionRequired"], "None");
  EXPECT_EQ(pc["properties"]["privateEndpoint"]["id"], pe);
  // The NIC belongs to the endpoint.
  EXPECT_EQ(env.DeleteError(nic_id), "CannotDeleteNicAttachedToPrivateEndpoint");
  // Deleting the endpoint takes back the NIC and the provider's connection.
  ASSERT_OK(env.Delete(pe));
  EXPECT_EQ(env.Get(nic_id).status().reason(), "ResourceNotFound");
  EXPECT_FALSE(env.Get(kAccount).value().body["properties"].contains("privateEndpointConnections"));
}

TEST(PrivateEndpointHandlersTest, ManualConnectionWorkflow) {
  Env env;
  AddNetworkAndTargets(env);
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
  ASSERT_OK(env.Put(pe, Pe(true)));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Pending");
  EXPECT_EQ(ConsumerState(env, pe)["description"], "please");
  Json pc = ProviderConnection(env);
  const std::string conn = pc["id"];
  auto set = [&](const std::string& status) {
    return env.Put(conn, Json{{"properties",
                               {{"privateLinkServiceConnectionState",
                                 {{"status", status}, {"description", "by owner"}}}}}});
  };
  ASSERT_OK(set("Approved"));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Approved");
  EXPECT_EQ(ConsumerState(env, pe)["description"], "by owner");
  // Storage refuses approving an approved connection, and approving a rejected one.
  int64_t before = env.rm().revision();
  EXPECT_EQ(set("Approved").status().reason(), "InvalidValuesForRequestParameters");
  ASSERT_OK(set("Rejected"));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Rejected");
  before = env.rm().revision();
  EXPECT_EQ(set("Approved").status().reason(), "InvalidValuesForRequestParameters");
  EXPECT_EQ(set("Pending").status().reason(), "InvalidValuesForRequestParameters");
  EXPECT_EQ(env.rm().revision(), before);
  // A connection no endpoint made cannot be PUT.
  EXPECT_EQ(env.PutError(kAccount + "/privateEndpointConnections/made-up",
                         Json{{"properties",
                               {{"privateLinkServiceConnectionState", {{"status", "Approved"}}}}}}),
            "PrivateEndpointConnectionNotFound");
  // The owner deletes the connection: the endpoint shows Disconnected.
  ASSERT_OK(env.Delete(conn));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Disconnected");
  // A PUT of the account itself cannot write connections.
  ASSERT_OK(
      env.Put(kAccount, Json{{"location", "eastus"},
                             {"properties", {{"privateEndpointConnections", {{{"name", "x"}}}}}}}));
  EXPECT_FALSE(env.Get(kAccount).value().body["properties"].contains("privateEndpointConnections"));
}

TEST(PrivateEndpointHandlersTest, RefusesInvalidEndpoints) {
  Env env;
  AddNetworkAndTargets(env);
  Json two_groups = Pe(false);
  two_groups["properties"]["privateLinkServiceConnections"][0]["properties"]["groupIds"] = {"blob",
                                                                                            "file"};
  Json none = Pe(false);
  none["properties"].erase("privateLinkServiceConnections");
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"other region", Pe(false, kAccount, "blob", kSubnet, "westus"), "InvalidResourceReference"},
      {"delegated subnet", Pe(false, kAccount, "blob", kVnet + "/subnets/delegated"),
       "PrivateEndpointCannotBeCreatedInDelegatedSubnet"},
      {"missing subnet", Pe(false, kAccount, "blob", kVnet + "/subnets/zz"),
       "InvalidResourceReference"},
      {"missing target", Pe(false, Env::Id("Microsoft.Storage/storageAccounts/none")),
       "InvalidResourceReference"},
      {"unknown group", Pe(false, kAccount, "sqlServer"), "InvalidValuesForRequestParameters"},
      {"two groups", two_groups, "OnlyOneGroupIdPermitted"},
      {"no connection", none, "PrivateEndpointMustHaveOneConnection"},
      {"target without private link", Pe(false, kZone), "PrivateLinkServiceIdNotSupported"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(Env::Id("Microsoft.Network/privateEndpoints/bad"), c.body), c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
}

TEST(PrivateEndpointHandlersTest, ZoneGroupWritesAndRemovesRecords) {
  Env env;
  AddNetworkAndTargets(env);
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
  ASSERT_OK(env.Put(pe, Pe(false)));
  const std::string group = pe + "/privateDnsZoneGroups/default";
  ASSERT_OK_AND_ASSIGN(
      Reply g,
      env.Put(group,
              Json{{"properties",
                    {{"privateDnsZoneConfigs",
                      {{{"name", "blob"}, {"properties", {{"privateDnsZoneId", kZone}}}}}}}}}));
  const Json& set = g.body["properties"]["privateDnsZoneConfigs"][0]["properties"]["recordSets"][0];
  EXPECT_EQ(set["recordSetName"], "acct");
  EXPECT_EQ(set["fqdn"], "acct.privatelink.blob.core.windows.net");
  EXPECT_EQ(set["ttl"], 10);
  ASSERT_OK_AND_ASSIGN(Reply record, env.Get(kZone + "/A/acct"));
  EXPECT_EQ(record.body["properties"]["aRecords"][0]["ipv4Address"], "10.0.0.4");
  EXPECT_EQ(record.body["properties"]["ttl"], 10);
  EXPECT_EQ(
      env.PutError(pe + "/privateDnsZoneGroups/second",
                   Json{{"properties",
                         {{"privateDnsZoneConfigs",
                           {{{"name", "blob"}, {"properties", {{"privateDnsZoneId", kZone}}}}}}}}}),
      "OnlyOnePrivateDnsZoneGroupPerPrivateEndpoint");
  ASSERT_OK(env.Delete(group));
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  ASSERT_OK(env.Put(
      group, Json{{"properties",
                   {{"privateDnsZoneConfigs",
                     {{{"name", "blob"}, {"properties", {{"privateDnsZoneId", kZone}}}}}}}}}));
  EXPECT_OK(env.Get(kZone + "/A/acct"));
  ASSERT_OK(env.Delete(pe));  // the group goes with its endpoint, and the record with the group
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  EXPECT_EQ(env.Get(group).status().reason(), "ResourceNotFound");
}

TEST(PrivateEndpointHandlersTest, PrivateLinkServiceConnections) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK(
      env.Put(kVnet + "/subnets/nat", Json{{"properties",
                                            {{"addressPrefix", "10.0.2.0/24"},
                                             {"privateLinkServiceNetworkPolicies", "Disabled"}}}}));
  const std::string pls = Env::Id("Microsoft.Network/privateLinkServices/svc");
  Json body{{"location", "eastus"},
            {"properties",
             {{"ipConfigurations",
               {{{"name", "nat"}, {"properties", {{"subnet", {{"id", kSubnet}}}}}}}}}}};
  EXPECT_EQ(env.PutError(pls, body),
            "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled");
  body["properties"]["ipConfigurations"][0]["properties"]["subnet"]["id"] = kVnet + "/subnets/nat";
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(pls, body));
  EXPECT_EQ(created.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"],
            "10.0.2.4");
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/to-pls");
  ASSERT_OK(env.Put(pe, Pe(true, pls, "")));
  Json conn = env.Get(pls).value().body["properties"]["privateEndpointConnections"][0];
  EXPECT_EQ(conn["properties"]["privateLinkServiceConnectionState"]["status"], "Pending");
  EXPECT_TRUE(conn["properties"].contains("linkIdentifier"));
  auto set = [&](const std::string& status) {
    return env.Put(
        conn["id"],
        Json{{"properties", {{"privateLinkServiceConnectionState", {{"status", status}}}}}});
  };
  ASSERT_OK(set("Rejected"));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Rejected");
  EXPECT_EQ(set("Approved").status().reason(),
            "PrivateEndpointConnectionCannotBeApprovedAfterRejection");
  EXPECT_EQ(env.DeleteError(pls), "CannotDeletePrivateLinkServiceWithPrivateEndpointConnections");
}

}  // namespace
}  // namespace vnet::control
