// Tests for private endpoints: the NIC and addresses they get, the connection workflow on both
// sides (Pending, Approved, Rejected, Disconnected, and the refused transitions), DNS zone
// groups writing and removing A records, and private link services. Each rule is a row
// (request, expected ARM code) with the store unchanged after every refusal.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kSubnet = kVnet + "/subnets/pe";
const std::string kNatSubnet = kVnet + "/subnets/nat";
const std::string kAccount = Env::Id("Microsoft.Storage/storageAccounts/acct");
const std::string kZone =
    Env::Id("Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net");
const std::string kPe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
const std::string kPls = Env::Id("Microsoft.Network/privateLinkServices/svc");
const std::string kFrontend =
    Env::Id("Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe");
// A second subscription, for private link service approval.
const std::string kRg2 = "/subscriptions/sub2/resourceGroups/rg2";
const std::string kVnet2 = kRg2 + "/providers/Microsoft.Network/virtualNetworks/v2";

Json BodyOf(const Reply& reply) {
  if (reply.text) return Json::parse(*reply.text);
  return reply.body;
}

Json GetBody(Env& env, const std::string& id) {
  Result<Reply> r = env.Get(id);
  return r.ok() ? BodyOf(*r) : Json();
}

Json Subnet(const std::string& name, const std::string& prefix, Json extra = Json::object()) {
  extra["addressPrefix"] = prefix;
  return Json{{"name", name}, {"properties", extra}};
}

Json Vnet(const std::string& space, Json subnets, const std::string& location = "eastus") {
  return Json{
      {"location", location},
      {"properties", {{"addressSpace", {{"addressPrefixes", {space}}}}, {"subnets", subnets}}}};
}

void AddNetworkAndTargets(Env& env) {
  Json delegation = Json::array(
      {{{"name", "d"}, {"properties", {{"serviceName", "Microsoft.Web/serverFarms"}}}}});
  ASSERT_OK(env.Put(
      kVnet, Vnet("10.0.0.0/16", {Subnet("pe", "10.0.0.0/24"),
                                  Subnet("delegated", "10.0.1.0/24", {{"delegations", delegation}}),
                                  Subnet("nat", "10.0.2.0/24",
                                         {{"privateLinkServiceNetworkPolicies", "Disabled"}}),
                                  Subnet("natpolicies", "10.0.3.0/24")})));
  ASSERT_OK(env.Put(
      kAccount,
      Json{{"location", "eastus"}, {"kind", "StorageV2"}, {"sku", {{"name", "Standard_LRS"}}}}));
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
}

Json Connection(const std::string& target, const std::string& group,
                const std::string& message = "please") {
  Json props{{"privateLinkServiceId", target}, {"requestMessage", message}};
  if (!group.empty()) props["groupIds"] = {group};
  return Json{{"name", "c"}, {"properties", props}};
}

Json Pe(bool manual, const std::string& target = kAccount, const std::string& group = "blob",
        const std::string& subnet = kSubnet, const std::string& location = "eastus") {
  return Json{{"location", location},
              {"properties",
               {{"subnet", {{"id", subnet}}},
                {manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections",
                 {Connection(target, group)}}}}};
}

// `base` with properties[key] = value.
Json With(Json base, const std::string& key, Json value) {
  base["properties"][key] = std::move(value);
  return base;
}

Json ConsumerConnection(Env& env, const std::string& pe) {
  Json props = GetBody(env, pe)["properties"];
  const Json& list = props["manualPrivateLinkServiceConnections"].empty()
                         ? props["privateLinkServiceConnections"]
                         : props["manualPrivateLinkServiceConnections"];
  return list[0];
}

Json ConsumerState(Env& env, const std::string& pe) {
  return ConsumerConnection(env, pe)["properties"]["privateLinkServiceConnectionState"];
}

Json ProviderConnections(Env& env, const std::string& target = kAccount) {
  return GetBody(env, target)["properties"]["privateEndpointConnections"];
}

std::string NicIp(Env& env, const std::string& pe, size_t i = 0) {
  Json nic = GetBody(env, GetBody(env, pe)["properties"]["networkInterfaces"][0]["id"]);
  return nic["properties"]["ipConfigurations"][i]["properties"]["privateIPAddress"];
}

// Expects `code` from PUT `id` `body`, and neither the revision nor `watch` to change.
void ExpectRefused(Env& env, const std::string& id, const Json& body, const std::string& code,
                   const std::string& watch = kAccount) {
  int64_t before = env.rm().revision();
  Json watched = GetBody(env, watch);
  EXPECT_EQ(env.PutError(id, body), code);
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, watch), watched);
}

TEST(PrivateEndpointHandlersTest, AutomaticConnectionIsApprovedAndGetsANic) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(kPe, Pe(false)));
  const Json& props = r.body["properties"];
  EXPECT_EQ(ConsumerState(env, kPe), (Json{{"status", "Approved"},
                                           {"description", "Auto-Approved"},
                                           {"actionsRequired", "None"}}));
  Json conn = ConsumerConnection(env, kPe);
  EXPECT_EQ(conn["id"], kPe + "/privateLinkServiceConnections/c");
  EXPECT_EQ(conn["type"], "Microsoft.Network/privateEndpoints/privateLinkServiceConnections");
  EXPECT_EQ(props["manualPrivateLinkServiceConnections"], Json::array());
  EXPECT_EQ(props["customNetworkInterfaceName"], "");
  EXPECT_TRUE(props["resourceGuid"].is_string());
  std::string nic_id = props["networkInterfaces"][0]["id"];
  EXPECT_EQ(nic_id.rfind(Env::Id("Microsoft.Network/networkInterfaces/pe1.nic."), 0), 0u);
  ASSERT_OK_AND_ASSIGN(Reply nic, env.Get(nic_id));
  Json nic_body = BodyOf(nic);
  const Json& ip = nic_body["properties"]["ipConfigurations"][0]["properties"];
  EXPECT_EQ(ip["privateIPAddress"], "10.0.0.4");
  EXPECT_EQ(ip["privateIPAllocationMethod"], "Dynamic");
  EXPECT_EQ(ip["subnet"]["id"], kSubnet);
  EXPECT_EQ(ip["primary"], true);
  EXPECT_EQ(ip["privateLinkConnectionProperties"],
            (Json{{"groupId", "blob"},
                  {"requiredMemberName", "blob"},
                  {"fqdns", {"acct.blob.core.windows.net"}}}));
  EXPECT_EQ(nic_body["properties"]["privateEndpoint"]["id"], kPe);
  EXPECT_EQ(nic_body["location"], "eastus");
  EXPECT_EQ(
      props["customDnsConfigs"],
      (Json::array({{{"fqdn", "acct.blob.core.windows.net"}, {"ipAddresses", {"10.0.0.4"}}}})));
  Json pc = ProviderConnections(env)[0];
  std::string name = pc["name"];
  EXPECT_EQ(name.rfind("pe1.", 0), 0u);
  EXPECT_EQ(pc["id"], kAccount + "/privateEndpointConnections/" + name);
  EXPECT_EQ(pc["type"], "Microsoft.Storage/storageAccounts/privateEndpointConnections");
  EXPECT_EQ(
      pc["properties"]["privateLinkServiceConnectionState"],
      (Json{{"status", "Approved"}, {"description", "Auto-Approved"}, {"actionRequired", "None"}}));
  EXPECT_EQ(pc["properties"]["privateEndpoint"]["id"], kPe);
  EXPECT_EQ(pc["properties"]["groupIds"], Json::array({"blob"}));
  // A second endpoint takes the next address.
  const std::string pe2 = Env::Id("Microsoft.Network/privateEndpoints/pe2");
  ASSERT_OK(env.Put(pe2, Pe(false)));
  EXPECT_EQ(NicIp(env, pe2), "10.0.0.5");
  EXPECT_EQ(ProviderConnections(env).size(), 2u);
  // The NIC belongs to the endpoint.
  EXPECT_EQ(env.DeleteError(nic_id), "CannotDeleteNicAttachedToPrivateEndpoint");
  // Deleting the endpoint takes back the NIC and the provider's connection, only its own.
  ASSERT_OK(env.Delete(kPe));
  EXPECT_EQ(env.Get(nic_id).status().reason(), "ResourceNotFound");
  ASSERT_EQ(ProviderConnections(env).size(), 1u);
  EXPECT_EQ(ProviderConnections(env)[0]["properties"]["privateEndpoint"]["id"], pe2);
  ASSERT_OK(env.Delete(pe2));
  EXPECT_EQ(ProviderConnections(env), Json::array());
}

TEST(PrivateEndpointHandlersTest, ManualConnectionWorkflow) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK(env.Put(kPe, Pe(true)));
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Pending");
  EXPECT_EQ(ConsumerState(env, kPe)["description"], "please");
  Json pc = ProviderConnections(env)[0];
  EXPECT_EQ(pc["properties"]["privateLinkServiceConnectionState"],
            (Json{{"status", "Pending"}, {"description", "please"}, {"actionRequired", "None"}}));
  const std::string conn = pc["id"];
  auto set = [&](const std::string& status) {
    return env.Put(conn, Json{{"properties",
                               {{"privateLinkServiceConnectionState",
                                 {{"status", status}, {"description", "by owner"}}}}}});
  };
  ASSERT_OK_AND_ASSIGN(Reply approved, set("Approved"));
  EXPECT_EQ(
      approved.body["properties"]["privateLinkServiceConnectionState"],
      (Json{{"status", "Approved"}, {"description", "by owner"}, {"actionRequired", "None"}}));
  EXPECT_EQ(approved.body["properties"]["privateEndpoint"]["id"], kPe);
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Approved");
  EXPECT_EQ(ConsumerState(env, kPe)["description"], "by owner");
  // Storage refuses approving an approved connection (recorded).
  ExpectRefused(
      env, conn,
      Json{{"properties", {{"privateLinkServiceConnectionState", {{"status", "Approved"}}}}}},
      "InvalidValuesForRequestParameters", kPe);
  ASSERT_OK(set("Rejected"));
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Rejected");
  struct Case {
    std::string what;
    Json state;
    std::string code;
  };
  const Case kCases[] = {
      {"rejected to approved", {{"status", "Approved"}}, "InvalidValuesForRequestParameters"},
      {"back to pending", {{"status", "Pending"}}, "InvalidValuesForRequestParameters"},
      {"disconnected by PUT", {{"status", "Disconnected"}}, "InvalidValuesForRequestParameters"},
      {"unknown status", {{"status", "Maybe"}}, "InvalidValuesForRequestParameters"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, conn, Json{{"properties", {{"privateLinkServiceConnectionState", c.state}}}},
                  c.code, kPe);
  }
  // A connection no endpoint made cannot be PUT.
  Result<Reply> made_up = env.Put(
      kAccount + "/privateEndpointConnections/made-up",
      Json{{"properties", {{"privateLinkServiceConnectionState", {{"status", "Approved"}}}}}});
  EXPECT_EQ(made_up.status().reason(), "PrivateEndpointConnectionNotFound");
  EXPECT_EQ(made_up.status().code(), StatusCode::kNotFound);
  // The owner deletes the connection: the endpoint shows Disconnected.
  ASSERT_OK(env.Delete(conn));
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Disconnected");
  EXPECT_EQ(ProviderConnections(env), Json::array());
  // A PUT of the account itself cannot write connections.
  ASSERT_OK(
      env.Put(kAccount, Json{{"location", "eastus"},
                             {"kind", "StorageV2"},
                             {"sku", {{"name", "Standard_LRS"}}},
                             {"properties", {{"privateEndpointConnections", {{{"name", "x"}}}}}}}));
  EXPECT_EQ(ProviderConnections(env), Json::array());
  // The disconnected endpoint can still be updated and deleted.
  ASSERT_OK(env.Put(kPe, With(Pe(true), "applicationSecurityGroups", Json::array())));
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Disconnected");
  ASSERT_OK(env.Delete(kPe));
}

TEST(PrivateEndpointHandlersTest, ProviderPutKeepsReadOnlyFields) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK(env.Put(kPe, Pe(true)));
  const std::string conn = ProviderConnections(env)[0]["id"];
  ASSERT_OK_AND_ASSIGN(
      Reply r,
      env.Put(conn,
              Json{{"properties",
                    {{"privateEndpoint", {{"id", Env::Id("Microsoft.Network/privateEndpoints/x")}}},
                     {"groupIds", {"file"}},
                     {"privateLinkServiceConnectionState",
                      {{"status", "Rejected"}, {"description", "no"}}}}}}));
  EXPECT_EQ(r.body["properties"]["privateEndpoint"]["id"], kPe);
  EXPECT_EQ(r.body["properties"]["groupIds"], Json::array({"blob"}));
  EXPECT_EQ(ConsumerState(env, kPe),
            (Json{{"status", "Rejected"}, {"description", "no"}, {"actionsRequired", "None"}}));
}

TEST(PrivateEndpointHandlersTest, RefusesInvalidEndpoints) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK(env.Put(Env::Id("Microsoft.Network/privateEndpoints/holder"), Pe(false)));  // 10.0.0.4
  auto conn_props = [](Json body, const std::string& key, Json value) {
    Json& list = body["properties"].contains("privateLinkServiceConnections")
                     ? body["properties"]["privateLinkServiceConnections"]
                     : body["properties"]["manualPrivateLinkServiceConnections"];
    if (value.is_null()) {
      list[0]["properties"].erase(key);
    } else {
      list[0]["properties"][key] = std::move(value);
    }
    return body;
  };
  Json none = Pe(false);
  none["properties"].erase("privateLinkServiceConnections");
  Json both = With(Pe(false), "manualPrivateLinkServiceConnections",
                   Json::array({Connection(kAccount, "blob")}));
  Json no_subnet = Pe(false);
  no_subnet["properties"].erase("subnet");
  auto static_ip = [](const std::string& ip) {
    return With(
        Pe(false), "ipConfigurations",
        Json::array({{{"name", "s"},
                      {"properties",
                       {{"groupId", "blob"}, {"memberName", "blob"}, {"privateIPAddress", ip}}}}}));
  };
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"other region", Pe(false, kAccount, "blob", kSubnet, "westus"), "InvalidResourceReference"},
      {"delegated subnet", Pe(false, kAccount, "blob", kVnet + "/subnets/delegated"),
       "PrivateEndpointCannotBeCreatedInDelegatedSubnet"},
      {"no subnet", no_subnet, "MissingRequiredParameter"},
      {"missing subnet", Pe(false, kAccount, "blob", kVnet + "/subnets/zz"),
       "InvalidResourceReference"},
      {"missing target", Pe(false, Env::Id("Microsoft.Storage/storageAccounts/none")),
       "InvalidResourceReference"},
      {"malformed target", Pe(false, "acct"), "LinkedInvalidPropertyId"},
      {"no target", conn_props(Pe(false), "privateLinkServiceId", nullptr),
       "MissingRequiredParameter"},
      {"unknown group", Pe(false, kAccount, "sqlServer"), "InvalidValuesForRequestParameters"},
      {"two groups", conn_props(Pe(false), "groupIds", {"blob", "file"}),
       "OnlyOneGroupIdPermitted"},
      {"no group", Pe(false, kAccount, ""), "OnlyOneGroupIdPermitted"},
      {"no connection", none, "PrivateEndpointMustHaveOneConnection"},
      {"two connections", both, "PrivateEndpointMustHaveOneConnection"},
      {"target without private link", Pe(false, kZone), "PrivateLinkServiceIdNotSupported"},
      {"request message too long", conn_props(Pe(true), "requestMessage", std::string(141, 'x')),
       "InvalidRequestFormat"},
      {"static ip outside the subnet", static_ip("10.0.1.10"), "PrivateIPAddressNotInSubnet"},
      {"static ip reserved", static_ip("10.0.0.1"), "PrivateIPAddressInReservedRange"},
      {"static ip broadcast", static_ip("10.0.0.255"), "PrivateIPAddressInReservedRange"},
      {"static ip in use", static_ip("10.0.0.4"), "PrivateIPAddressIsAllocated"},
      {"static ip unparsable", static_ip("10.0.0.x"), "PrivateIPAddressInvalid"},
      {"bad nic name", With(Pe(false), "customNetworkInterfaceName", "-nic"),
       "InvalidResourceName"},
      {"alias not found", Pe(true, "svc.0000.eastus.azure.privatelinkservice", ""),
       "InvalidResourceReference"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, Env::Id("Microsoft.Network/privateEndpoints/bad"), c.body, c.code);
  }
}

TEST(PrivateEndpointHandlersTest, UpdatesKeepWhatWasMade) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(kPe, Pe(true)));
  const std::string conn = ProviderConnections(env)[0]["id"];
  ASSERT_OK(env.Put(conn, Json{{"properties",
                                {{"privateLinkServiceConnectionState",
                                  {{"status", "Approved"}, {"description", "ok"}}}}}}));
  // A re-PUT (as az does) keeps the NIC, the address, the state; it may not move the endpoint.
  Json again = Pe(true);
  again["properties"]["ipConfigurations"] =
      Json::array({{{"name", "late"},
                    {"properties", {{"memberName", "blob"}, {"privateIPAddress", "10.0.0.9"}}}}});
  again["tags"] = {{"k", "v"}};
  ASSERT_OK_AND_ASSIGN(Reply updated, env.Put(kPe, again));
  EXPECT_EQ(updated.body["properties"]["networkInterfaces"],
            created.body["properties"]["networkInterfaces"]);
  EXPECT_EQ(updated.body["properties"]["ipConfigurations"], Json::array());
  EXPECT_EQ(updated.body["properties"]["customDnsConfigs"],
            created.body["properties"]["customDnsConfigs"]);
  EXPECT_EQ(NicIp(env, kPe), "10.0.0.4");
  EXPECT_EQ(ConsumerState(env, kPe)["status"], "Approved");
  EXPECT_EQ(ProviderConnections(env).size(), 1u);
  ASSERT_OK(env.Put(
      Env::Id("Microsoft.Storage/storageAccounts/acct2"),
      Json{{"location", "eastus"}, {"kind", "StorageV2"}, {"sku", {{"name", "Standard_LRS"}}}}));
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"other group", Pe(true, kAccount, "file"), "PrivateEndpointConnectionCannotBeChanged"},
      {"other target", Pe(true, Env::Id("Microsoft.Storage/storageAccounts/acct2")),
       "PrivateEndpointConnectionCannotBeChanged"},
      {"other approval path", Pe(false), "PrivateEndpointConnectionCannotBeChanged"},
      {"other subnet", Pe(true, kAccount, "blob", kNatSubnet),
       "PrivateEndpointSubnetCannotBeChanged"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, kPe, c.body, c.code, kPe);
  }
}

TEST(PrivateEndpointHandlersTest, StaticAddressesAndCustomNicName) {
  Env env;
  AddNetworkAndTargets(env);
  Json body = With(
      Pe(false), "ipConfigurations",
      Json::array(
          {{{"name", "static"},
            {"properties",
             {{"groupId", "blob"}, {"memberName", "blob"}, {"privateIPAddress", "10.0.0.10"}}}},
           {{"name", "ignored"}, {"properties", {{"privateIPAddress", "10.0.0.6"}}}}}));
  body["properties"]["customNetworkInterfaceName"] = "pe1-nic";
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(kPe, body));
  EXPECT_EQ(r.body["properties"]["networkInterfaces"][0]["id"],
            Env::Id("Microsoft.Network/networkInterfaces/pe1-nic"));
  EXPECT_EQ(r.body["properties"]["ipConfigurations"][0]["id"], kPe + "/ipConfigurations/static");
  EXPECT_EQ(r.body["properties"]["ipConfigurations"][0]["type"],
            "Microsoft.Network/privateEndpoints/ipConfigurations");
  Json nic = GetBody(env, Env::Id("Microsoft.Network/networkInterfaces/pe1-nic"));
  EXPECT_EQ(nic["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"],
            "10.0.0.10");
  EXPECT_EQ(nic["properties"]["ipConfigurations"][0]["properties"]["privateIPAllocationMethod"],
            "Static");
  EXPECT_EQ(r.body["properties"]["customDnsConfigs"][0]["ipAddresses"], Json::array({"10.0.0.10"}));
  // The next dynamic address skips nothing but what is taken.
  const std::string pe2 = Env::Id("Microsoft.Network/privateEndpoints/pe2");
  ASSERT_OK(env.Put(pe2, Pe(false)));
  EXPECT_EQ(NicIp(env, pe2), "10.0.0.4");
  ExpectRefused(
      env, Env::Id("Microsoft.Network/privateEndpoints/pe3"),
      With(Pe(false), "ipConfigurations",
           Json::array(
               {{{"name", "s"},
                 {"properties", {{"memberName", "blob"}, {"privateIPAddress", "10.0.0.10"}}}}})),
      "PrivateIPAddressIsAllocated");
}

TEST(PrivateEndpointHandlersTest, MembersAndNamesPerTargetType) {
  Env env;
  AddNetworkAndTargets(env);
  const std::string sql = Env::Id("Microsoft.Sql/servers/sql1");
  const std::string kv = Env::Id("Microsoft.KeyVault/vaults/kv1");
  const std::string cosmos = Env::Id("Microsoft.DocumentDB/databaseAccounts/cosmos1");
  const std::string eh = Env::Id("Microsoft.EventHub/namespaces/ehspace1");
  ASSERT_OK(env.Put(sql, Json{{"location", "eastus"},
                              {"properties",
                               {{"administratorLogin", "admin1"},
                                {"administratorLoginPassword", "P@ssw0rd-123456"}}}}));
  ASSERT_OK(env.Put(kv, Json{{"location", "eastus"},
                             {"properties",
                              {{"tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
                               {"sku", {{"family", "A"}, {"name", "standard"}}}}}}));
  ASSERT_OK(env.Put(cosmos, Json{{"location", "eastus"},
                                 {"kind", "GlobalDocumentDB"},
                                 {"properties", {{"databaseAccountOfferType", "Standard"}}}}));
  ASSERT_OK(env.Put(eh, Json{{"location", "eastus"}, {"sku", {{"name", "Standard"}}}}));
  struct Case {
    std::string target, group;
    std::vector<std::string> members, fqdns;
  };
  const Case kCases[] = {
      {kAccount, "blob_secondary", {"blob_secondary"}, {"acct-secondary.blob.core.windows.net"}},
      {kAccount, "DFS", {"dfs"}, {"acct.dfs.core.windows.net"}},
      {sql, "sqlServer", {"sqlServer"}, {"sql1.database.windows.net"}},
      {kv, "vault", {"default"}, {"kv1.vault.azure.net"}},
      {cosmos,
       "Sql",
       {"cosmos1", "cosmos1-eastus"},
       {"cosmos1.documents.azure.com", "cosmos1-eastus.documents.azure.com"}},
      {cosmos,
       "MongoDB",
       {"cosmos1", "cosmos1-eastus"},
       {"cosmos1.mongo.cosmos.azure.com", "cosmos1-eastus.mongo.cosmos.azure.com"}},
      {eh, "namespace", {"namespace"}, {"ehspace1.servicebus.windows.net"}},
  };
  int n = 0;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.target + " " + c.group);
    std::string pe = Env::Id("Microsoft.Network/privateEndpoints/m" + std::to_string(n++));
    ASSERT_OK_AND_ASSIGN(Reply r, env.Put(pe, Pe(false, c.target, c.group)));
    Json nic = GetBody(env, r.body["properties"]["networkInterfaces"][0]["id"]);
    const Json& configs = nic["properties"]["ipConfigurations"];
    const Json& dns = r.body["properties"]["customDnsConfigs"];
    ASSERT_EQ(configs.size(), c.members.size());
    ASSERT_EQ(dns.size(), c.fqdns.size());
    for (size_t i = 0; i < c.members.size(); ++i) {
      const Json& link = configs[i]["properties"]["privateLinkConnectionProperties"];
      EXPECT_EQ(link["requiredMemberName"], c.members[i]);
      EXPECT_EQ(link["groupId"], c.group);
      EXPECT_EQ(dns[i]["fqdn"], c.fqdns[i]);
      EXPECT_EQ(dns[i]["ipAddresses"][0], configs[i]["properties"]["privateIPAddress"]);
    }
    EXPECT_EQ(ProviderConnections(env, c.target).back()["properties"]["privateEndpoint"]["id"], pe);
  }
  // Cosmos: one address per member, taken in order.
  Json cosmos_pe = GetBody(env, Env::Id("Microsoft.Network/privateEndpoints/m4"));
  EXPECT_NE(cosmos_pe["properties"]["customDnsConfigs"][0]["ipAddresses"],
            cosmos_pe["properties"]["customDnsConfigs"][1]["ipAddresses"]);
  // Key Vault spells the state field actionsRequired.
  EXPECT_EQ(ProviderConnections(
                env, kv)[0]["properties"]["privateLinkServiceConnectionState"]["actionsRequired"],
            "None");
}

Json ZoneGroup(std::vector<std::string> zones) {
  Json configs = Json::array();
  int i = 0;
  for (const std::string& z : zones) {
    configs.push_back(
        {{"name", "z" + std::to_string(i++)}, {"properties", {{"privateDnsZoneId", z}}}});
  }
  return Json{{"properties", {{"privateDnsZoneConfigs", configs}}}};
}

TEST(PrivateEndpointHandlersTest, ZoneGroupWritesAndRemovesRecords) {
  Env env;
  AddNetworkAndTargets(env);
  ASSERT_OK(env.Put(kPe, Pe(false)));
  const std::string group = kPe + "/privateDnsZoneGroups/default";
  ASSERT_OK_AND_ASSIGN(Reply g, env.Put(group, ZoneGroup({kZone})));
  const Json& config = g.body["properties"]["privateDnsZoneConfigs"][0];
  EXPECT_EQ(config["id"], group + "/privateDnsZoneConfigs/z0");
  EXPECT_EQ(config["type"],
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/privateDnsZoneConfigs");
  EXPECT_EQ(config["properties"]["recordSets"],
            (Json::array({{{"recordType", "A"},
                           {"recordSetName", "acct"},
                           {"fqdn", "acct.privatelink.blob.core.windows.net"},
                           {"ttl", 10},
                           {"ipAddresses", {"10.0.0.4"}},
                           {"provisioningState", "Succeeded"}}})));
  Json record = GetBody(env, kZone + "/A/acct");
  EXPECT_EQ(record["properties"]["aRecords"], Json::array({{{"ipv4Address", "10.0.0.4"}}}));
  EXPECT_EQ(record["properties"]["ttl"], 10);
  EXPECT_EQ(record["properties"]["fqdn"], "acct.privatelink.blob.core.windows.net.");
  EXPECT_FALSE(record["properties"].contains("metadata"));
  const std::string other_zone = Env::Id("Microsoft.Network/privateDnsZones/corp.example.com");
  ASSERT_OK(env.Put(other_zone, Json{{"location", "global"}}));
  struct Case {
    std::string what, id;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"second group", kPe + "/privateDnsZoneGroups/second", ZoneGroup({kZone}),
       "OnlyOnePrivateDnsZoneGroupPerPrivateEndpoint"},
      {"no zones", group, ZoneGroup({}), "InvalidPrivateDnsZoneConfigs"},
      {"six zones", group, ZoneGroup({kZone, kZone, kZone, kZone, kZone, kZone}),
       "InvalidPrivateDnsZoneConfigs"},
      {"missing zone", group,
       ZoneGroup({Env::Id("Microsoft.Network/privateDnsZones/none.example.com")}),
       "InvalidResourceReference"},
      {"not a zone", group, ZoneGroup({kVnet}), "InvalidResourceReference"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, c.id, c.body, c.code, kZone + "/A/acct");
  }
  // Replacing the group with a zone that holds no name of the endpoint removes the record.
  ASSERT_OK_AND_ASSIGN(Reply moved, env.Put(group, ZoneGroup({other_zone})));
  EXPECT_EQ(moved.body["properties"]["privateDnsZoneConfigs"][0]["properties"]["recordSets"],
            Json::array());
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  ASSERT_OK(env.Put(group, ZoneGroup({kZone})));
  ASSERT_OK(env.Delete(group));
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  // A record someone else changed since is not the group's to remove.
  ASSERT_OK(env.Put(group, ZoneGroup({kZone})));
  ASSERT_OK(
      env.Put(kZone + "/A/acct",
              Json{{"properties", {{"ttl", 10}, {"aRecords", {{{"ipv4Address", "10.9.9.9"}}}}}}}));
  ASSERT_OK(env.Delete(group));
  EXPECT_OK(env.Get(kZone + "/A/acct"));
  ASSERT_OK(env.Delete(kZone + "/A/acct"));
  // The group goes with its endpoint, and the record with the group.
  ASSERT_OK(env.Put(group, ZoneGroup({kZone})));
  ASSERT_OK(env.Delete(kPe));
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  EXPECT_EQ(env.Get(group).status().reason(), "ResourceNotFound");
}

TEST(PrivateEndpointHandlersTest, ZoneGroupRecordsForKeyVaultAndCosmos) {
  Env env;
  AddNetworkAndTargets(env);
  const std::string kv = Env::Id("Microsoft.KeyVault/vaults/kv1");
  const std::string cosmos = Env::Id("Microsoft.DocumentDB/databaseAccounts/cosmos1");
  ASSERT_OK(env.Put(kv, Json{{"location", "eastus"},
                             {"properties",
                              {{"tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47"},
                               {"sku", {{"family", "A"}, {"name", "standard"}}}}}}));
  ASSERT_OK(env.Put(cosmos, Json{{"location", "eastus"},
                                 {"kind", "GlobalDocumentDB"},
                                 {"properties", {{"databaseAccountOfferType", "Standard"}}}}));
  const std::string kv_zone =
      Env::Id("Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net");
  const std::string cosmos_zone =
      Env::Id("Microsoft.Network/privateDnsZones/privatelink.documents.azure.com");
  ASSERT_OK(env.Put(kv_zone, Json{{"location", "global"}}));
  ASSERT_OK(env.Put(cosmos_zone, Json{{"location", "global"}}));
  const std::string pe_kv = Env::Id("Microsoft.Network/privateEndpoints/pekv");
  const std::string pe_cosmos = Env::Id("Microsoft.Network/privateEndpoints/pecosmos");
  ASSERT_OK(env.Put(pe_kv, Pe(false, kv, "vault")));
  ASSERT_OK(env.Put(pe_cosmos, Pe(false, cosmos, "Sql")));
  ASSERT_OK(env.Put(pe_kv + "/privateDnsZoneGroups/g", ZoneGroup({kv_zone})));
  ASSERT_OK(env.Put(pe_cosmos + "/privateDnsZoneGroups/g", ZoneGroup({cosmos_zone})));
  EXPECT_EQ(GetBody(env, kv_zone + "/A/kv1")["properties"]["aRecords"][0]["ipv4Address"],
            "10.0.0.4");
  EXPECT_EQ(GetBody(env, cosmos_zone + "/A/cosmos1")["properties"]["aRecords"][0]["ipv4Address"],
            "10.0.0.5");
  EXPECT_EQ(
      GetBody(env, cosmos_zone + "/A/cosmos1-eastus")["properties"]["aRecords"][0]["ipv4Address"],
      "10.0.0.6");
}

void AddPls(Env& env, Json extra = Json::object()) {
  Json props{{"loadBalancerFrontendIpConfigurations", {{{"id", kFrontend}}}},
             {"ipConfigurations",
              {{{"name", "nat"}, {"properties", {{"subnet", {{"id", kNatSubnet}}}}}}}}};
  for (auto& [k, v] : extra.items()) props[k] = v;
  ASSERT_OK(env.Put(kPls, Json{{"location", "eastus"}, {"properties", props}}));
}

TEST(PrivateEndpointHandlersTest, PrivateLinkServiceRules) {
  Env env;
  AddNetworkAndTargets(env);
  auto pls = [](Json changes) {
    Json props{{"loadBalancerFrontendIpConfigurations", {{{"id", kFrontend}}}},
               {"ipConfigurations",
                {{{"name", "nat"}, {"properties", {{"subnet", {{"id", kNatSubnet}}}}}}}}};
    for (auto& [k, v] : changes.items()) {
      if (v.is_null()) {
        props.erase(k);
      } else {
        props[k] = v;
      }
    }
    return Json{{"location", "eastus"}, {"properties", props}};
  };
  auto nat = [](const std::string& subnet, Json extra = Json::object()) {
    extra["subnet"] = {{"id", subnet}};
    return Json::array({{{"name", "nat"}, {"properties", extra}}});
  };
  Json nine = Json::array();
  for (int i = 0; i < 9; ++i)
    nine.push_back(
        {{"name", "n" + std::to_string(i)}, {"properties", {{"subnet", {{"id", kNatSubnet}}}}}});
  Json west = pls({});
  west["location"] = "westus";
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"no frontend", pls({{"loadBalancerFrontendIpConfigurations", nullptr}}),
       "MissingRequiredParameter"},
      {"frontend not a frontend",
       pls({{"loadBalancerFrontendIpConfigurations", {{{"id", kVnet}}}}}),
       "LinkedInvalidPropertyId"},
      {"no nat configuration", pls({{"ipConfigurations", nullptr}}), "MissingRequiredParameter"},
      {"nine nat configurations", pls({{"ipConfigurations", nine}}),
       "PrivateLinkServiceIpConfigurationCountLimitReached"},
      {"policies enabled", pls({{"ipConfigurations", nat(kVnet + "/subnets/natpolicies")}}),
       "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled"},
      {"missing subnet", pls({{"ipConfigurations", nat(kVnet + "/subnets/none")}}),
       "InvalidResourceReference"},
      {"other region", west, "InvalidResourceReference"},
      {"static outside",
       pls({{"ipConfigurations", nat(kNatSubnet, {{"privateIPAddress", "10.0.0.9"}})}}),
       "PrivateIPAddressNotInSubnet"},
      {"static reserved",
       pls({{"ipConfigurations", nat(kNatSubnet, {{"privateIPAddress", "10.0.2.3"}})}}),
       "PrivateIPAddressInReservedRange"},
      {"static without address",
       pls({{"ipConfigurations", nat(kNatSubnet, {{"privateIPAllocationMethod", "Static"}})}}),
       "MissingRequiredParameter"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, kPls, c.body, c.code);
  }
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(kPls, pls({})));
  const Json& props = created.body["properties"];
  const Json& ip = props["ipConfigurations"][0];
  EXPECT_EQ(ip["id"], kPls + "/ipConfigurations/nat");
  EXPECT_EQ(ip["type"], "Microsoft.Network/privateLinkServices/ipConfigurations");
  EXPECT_EQ(ip["properties"]["privateIPAddress"], "10.0.2.4");
  EXPECT_EQ(ip["properties"]["privateIPAllocationMethod"], "Dynamic");
  EXPECT_EQ(ip["properties"]["primary"], true);
  EXPECT_EQ(ip["properties"]["privateIPAddressVersion"], "IPv4");
  std::string alias = props["alias"];
  EXPECT_EQ(alias.rfind("svc.", 0), 0u);
  EXPECT_NE(alias.find(".eastus.azure.privatelinkservice"), std::string::npos);
  EXPECT_EQ(props["visibility"], (Json{{"subscriptions", Json::array()}}));
  EXPECT_EQ(props["autoApproval"], (Json{{"subscriptions", Json::array()}}));
  EXPECT_EQ(props["fqdns"], Json::array());
  EXPECT_EQ(props["enableProxyProtocol"], false);
  EXPECT_EQ(props["privateEndpointConnections"], Json::array());
  // An update keeps the NAT address and the alias; a static address taken by another is refused.
  ASSERT_OK_AND_ASSIGN(Reply again, env.Put(kPls, pls({{"enableProxyProtocol", true}})));
  EXPECT_EQ(again.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"],
            "10.0.2.4");
  EXPECT_EQ(again.body["properties"]["alias"], alias);
  ASSERT_OK(env.Put(
      kPls, pls({{"ipConfigurations", nat(kNatSubnet, {{"privateIPAddress", "10.0.2.4"}})}})));
  ExpectRefused(env, Env::Id("Microsoft.Network/privateLinkServices/svc2"),
                pls({{"ipConfigurations", nat(kNatSubnet, {{"privateIPAddress", "10.0.2.4"}})}}),
                "PrivateIPAddressIsAllocated");
}

TEST(PrivateEndpointHandlersTest, PrivateLinkServiceConnections) {
  Env env;
  AddNetworkAndTargets(env);
  AddPls(env, {{"fqdns", {"svc.contoso.com"}}});
  // Same subscription, automatic path: approved at once (as recorded).
  const std::string auto_pe = Env::Id("Microsoft.Network/privateEndpoints/auto");
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(auto_pe, Pe(false, kPls, "")));
  EXPECT_EQ(ConsumerState(env, auto_pe)["status"], "Approved");
  EXPECT_EQ(r.body["properties"]["customDnsConfigs"],
            (Json::array({{{"fqdn", "svc.contoso.com"}, {"ipAddresses", {"10.0.0.4"}}}})));
  Json conn = ProviderConnections(env, kPls)[0];
  EXPECT_EQ(conn["type"], "Microsoft.Network/privateLinkServices/privateEndpointConnections");
  EXPECT_TRUE(conn["properties"]["linkIdentifier"].is_string());
  EXPECT_EQ(conn["properties"]["privateEndpointLocation"], "eastus");
  EXPECT_FALSE(conn["properties"].contains("groupIds"));
  EXPECT_EQ(conn["properties"]["privateLinkServiceConnectionState"]["actionsRequired"], "None");
  // Approving an approved PLS connection is a no-op (recorded), unlike storage.
  EXPECT_OK(env.Put(conn["id"], Json{{"properties",
                                      {{"privateLinkServiceConnectionState",
                                        {{"status", "Approved"}, {"description", "Approved"}}}}}}));
  // Manual path, by alias: Pending.
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/to-pls");
  std::string alias = GetBody(env, kPls)["properties"]["alias"];
  ASSERT_OK(env.Put(pe, Pe(true, alias, "")));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Pending");
  conn = ProviderConnections(env, kPls)[1];
  EXPECT_EQ(conn["properties"]["privateEndpoint"]["id"], pe);
  EXPECT_EQ(conn["properties"]["privateLinkServiceConnectionState"]["status"], "Pending");
  auto set = [&](const std::string& status) {
    return env.Put(
        conn["id"],
        Json{{"properties", {{"privateLinkServiceConnectionState", {{"status", status}}}}}});
  };
  ASSERT_OK(set("Rejected"));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Rejected");
  ExpectRefused(
      env, conn["id"],
      Json{{"properties", {{"privateLinkServiceConnectionState", {{"status", "Approved"}}}}}},
      "PrivateEndpointConnectionCannotBeApprovedAfterRejection", kPls);
  // Delete needs every connection rejected or removed first.
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kPls), "CannotDeletePrivateLinkServiceWithPrivateEndpointConnections");
  EXPECT_EQ(env.rm().revision(), before);
  ASSERT_OK(env.Delete(ProviderConnections(env, kPls)[0]["id"]));
  EXPECT_EQ(ConsumerState(env, auto_pe)["status"], "Disconnected");
  ASSERT_OK(env.Delete(kPls));
  EXPECT_EQ(ConsumerState(env, pe)["status"], "Disconnected");
  ASSERT_OK(env.Delete(pe));
  ASSERT_OK(env.Delete(auto_pe));
}

TEST(PrivateEndpointHandlersTest, PrivateLinkServiceAutoApprovalAcrossSubscriptions) {
  Env env;
  AddNetworkAndTargets(env);
  AddPls(env);
  ASSERT_OK(env.Put(kRg2, Json{{"location", "eastus"}}));
  ASSERT_OK(env.Put(kVnet2, Vnet("10.1.0.0/16", {Subnet("pe", "10.1.0.0/24")})));
  auto pe = [](const std::string& name) {
    return kRg2 + "/providers/Microsoft.Network/privateEndpoints/" + name;
  };
  // Another subscription without auto-approval: Pending even on the automatic path.
  ASSERT_OK(env.Put(pe("a"), Pe(false, kPls, "", kVnet2 + "/subnets/pe")));
  EXPECT_EQ(ConsumerState(env, pe("a"))["status"], "Pending");
  AddPls(env, {{"visibility", {{"subscriptions", {"sub2"}}}},
               {"autoApproval", {{"subscriptions", {"sub2"}}}}});
  EXPECT_EQ(ProviderConnections(env, kPls).size(), 1u);  // kept across the PLS update
  ASSERT_OK(env.Put(pe("b"), Pe(false, kPls, "", kVnet2 + "/subnets/pe")));
  EXPECT_EQ(ConsumerState(env, pe("b"))["status"], "Approved");
  // The manual path is always Pending.
  ASSERT_OK(env.Put(pe("c"), Pe(true, kPls, "", kVnet2 + "/subnets/pe")));
  EXPECT_EQ(ConsumerState(env, pe("c"))["status"], "Pending");
  // Pending -> Approved by the owner.
  Json conn = ProviderConnections(env, kPls)[0];
  ASSERT_OK(env.Put(conn["id"], Json{{"properties",
                                      {{"privateLinkServiceConnectionState",
                                        {{"status", "Approved"}, {"description", "welcome"}}}}}}));
  EXPECT_EQ(ConsumerState(env, pe("a"))["description"], "welcome");
}

TEST(PrivateEndpointHandlersTest, ResourceGroupDeleteTakesEverything) {
  Env env;
  AddNetworkAndTargets(env);
  AddPls(env);
  ASSERT_OK(env.Put(kPe, Pe(false, kPls, "")));
  const std::string pe2 = Env::Id("Microsoft.Network/privateEndpoints/pe2");
  ASSERT_OK(env.Put(pe2, Pe(false)));
  ASSERT_OK(env.Put(pe2 + "/privateDnsZoneGroups/g", ZoneGroup({kZone})));
  ASSERT_OK(
      env.Put(kZone + "/virtualNetworkLinks/l",
              Json{{"location", "global"}, {"properties", {{"virtualNetwork", {{"id", kVnet}}}}}}));
  // Each of these alone is refused while the others exist...
  EXPECT_EQ(env.DeleteError(kPls), "CannotDeletePrivateLinkServiceWithPrivateEndpointConnections");
  EXPECT_EQ(env.DeleteError(kZone), "CannotDeleteResource");
  // ...but the resource group goes with all of it.
  ASSERT_OK(env.Delete(Env::kRg));
  EXPECT_EQ(env.rm().resource_count(), 0u);
}

}  // namespace
}  // namespace vnet::control
