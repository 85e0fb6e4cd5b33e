// Tests for service resource firewalls: storage networkAcls (defaults, IP rules, VNet rules that
// need the Microsoft.Storage endpoint in the right region), SQL virtual network and firewall
// rules, Key Vault, Cosmos DB and Event Hubs rule sets, and rules whose subnet is deleted.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kWest = Env::Id("Microsoft.Network/virtualNetworks/west");
const std::string kAccount = Env::Id("Microsoft.Storage/storageAccounts/acct");

Json Endpoints(std::vector<std::string> services) {
  Json e = Json::array();
  for (const std::string& s : services) e.push_back(Json{{"service", s}});
  return e;
}

void AddNetworks(Env& env) {
  auto subnet = [](const std::string& name, const std::string& prefix, Json endpoints) {
    return Json{{"name", name},
                {"properties", {{"addressPrefix", prefix}, {"serviceEndpoints", endpoints}}}};
  };
  ASSERT_OK(env.Put(
      kVnet, Json{{"location", "eastus"},
                  {"properties",
                   {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                    {"subnets",
                     {subnet("none", "10.0.0.0/24", Json::array()),
                      subnet("storage", "10.0.1.0/24", Endpoints({"Microsoft.Storage"})),
                      subnet("all", "10.0.2.0/24",
                             Endpoints({"Microsoft.Sql", "Microsoft.KeyVault",
                                        "Microsoft.AzureCosmosDB", "Microsoft.EventHub"}))}}}}}));
  ASSERT_OK(
      env.Put(kWest, Json{{"location", "westus"},
                          {"properties",
                           {{"addressSpace", {{"addressPrefixes", {"10.1.0.0/16"}}}},
                            {"subnets",
                             {subnet("storage", "10.1.1.0/24",
                                     Endpoints({"Microsoft.Storage", "Microsoft.Sql"}))}}}}}));
}

Json Account(Json acls, std::string location = "eastus", std::string sku = "Standard_LRS") {
  return Json{
      {"location", location}, {"sku", {{"name", sku}}}, {"properties", {{"networkAcls", acls}}}};
}

TEST(ServiceHandlersTest, StorageDefaultsAsAzureShowsThem) {
  Env env;
  ASSERT_OK_AND_ASSIGN(
      Reply r,
      env.Put(kAccount,
              Json{{"location", "eastus"},
                   {"properties",
                    {{"networkAcls", {{"defaultAction", "Deny"}, {"bypass", "metrics"}}}}}}));
  EXPECT_EQ(r.body["properties"]["networkAcls"], (Json{{"bypass", "Metrics"},
                                                       {"defaultAction", "Deny"},
                                                       {"ipRules", Json::array()},
                                                       {"virtualNetworkRules", Json::array()},
                                                       {"ipv6Rules", Json::array()}}));
  EXPECT_EQ(r.body["kind"], "StorageV2");
  EXPECT_EQ(r.body["properties"]["primaryEndpoints"]["blob"],
            "https://acct.blob.core.windows.net/");
  EXPECT_FALSE(r.body["properties"].contains("secondaryLocation"));
  ASSERT_OK_AND_ASSIGN(Reply grs,
                       env.Put(kAccount, Account(Json::object(), "eastus", "Standard_RAGRS")));
  EXPECT_EQ(grs.body["properties"]["secondaryLocation"], "westus");
  EXPECT_EQ(grs.body["properties"]["creationTime"], r.body["properties"]["creationTime"]);
}

TEST(ServiceHandlersTest, StorageRules) {
  Env env;
  AddNetworks(env);
  struct Case {
    std::string what;
    Json body;
    std::string code;  // "" = accepted
  };
  auto vnet_rule = [](const std::string& subnet) {
    return Json{{"defaultAction", "Deny"}, {"virtualNetworkRules", {{{"id", subnet}}}}};
  };
  auto ip_rule = [](const std::string& value) {
    return Json{{"defaultAction", "Deny"}, {"ipRules", {{{"value", value}}}}};
  };
  const Case kCases[] = {
      {"subnet without endpoint", Account(vnet_rule(kVnet + "/subnets/none")),
       "NetworkAclsValidationFailure"},
      {"subnet with endpoint", Account(vnet_rule(kVnet + "/subnets/storage")), ""},
      {"paired region (westus pairs eastus)", Account(vnet_rule(kWest + "/subnets/storage")), ""},
      {"outside the pair", Account(vnet_rule(kVnet + "/subnets/storage"), "westeurope"),
       "NetworkAclsValidationFailure"},
      {"missing subnet", Account(vnet_rule(kVnet + "/subnets/zz")), "NetworkAclsValidationFailure"},
      {"not a subnet id", Account(vnet_rule(kVnet)), "InvalidValuesForRequestParameters"},
      {"private ip", Account(ip_rule("10.1.2.3")), "InvalidValuesForRequestParameters"},
      {"cgnat ip", Account(ip_rule("100.64.1.1")), "InvalidValuesForRequestParameters"},
      {"/32 form", Account(ip_rule("25.1.2.3/32")), "InvalidValuesForRequestParameters"},
      {"/31 form", Account(ip_rule("25.1.2.2/31")), "InvalidValuesForRequestParameters"},
      {"bare address", Account(ip_rule("25.1.2.3")), ""},
      {"public range", Account(ip_rule("25.2.0.0/24")), ""},
      {"not an address", Account(ip_rule("banana")), "InvalidValuesForRequestParameters"},
      {"default action", Account(Json{{"defaultAction", "Maybe"}}),
       "InvalidValuesForRequestParameters"},
      {"bypass", Account(Json{{"bypass", "Everyone"}}), "InvalidValuesForRequestParameters"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(kAccount, c.body), c.code);
    if (!c.code.empty()) {
      EXPECT_EQ(env.rm().revision(), before);
    }
  }
  EXPECT_EQ(
      env.PutError(Env::Id("Microsoft.Storage/storageAccounts/Bad_Name"), Account(Json::object())),
      "AccountNameInvalid");
}

TEST(ServiceHandlersTest, DeletedSubnetLeavesRuleNetworkSourceDeleted) {
  Env env;
  AddNetworks(env);
  ASSERT_OK(env.Put(
      kAccount, Account(Json{{"defaultAction", "Deny"},
                             {"virtualNetworkRules", {{{"id", kVnet + "/subnets/storage"}}}}})));
  ASSERT_OK(env.Delete(kVnet + "/subnets/storage"));
  Json rule = env.Get(kAccount).value().body["properties"]["networkAcls"]["virtualNetworkRules"][0];
  EXPECT_EQ(rule["state"], "NetworkSourceDeleted");
  // Recreating the subnet does not restore the rule, and the account can still be updated.
  EXPECT_OK(env.Put(kAccount, env.Get(kAccount).value().body));
}

TEST(ServiceHandlersTest, SqlRules) {
  Env env;
  AddNetworks(env);
  const std::string server = Env::Id("Microsoft.Sql/servers/sql1");
  ASSERT_OK_AND_ASSIGN(
      Reply s,
      env.Put(server,
              Json{{"location", "eastus"},
                   {"properties",
                    {{"administratorLogin", "a"}, {"administratorLoginPassword", "secret"}}}}));
  EXPECT_EQ(s.body["properties"]["fullyQualifiedDomainName"], "sql1.database.windows.net");
  EXPECT_FALSE(s.body["properties"].contains("administratorLoginPassword"));
  auto rule = [](const std::string& subnet, bool ignore) {
    return Json{
        {"properties",
         {{"virtualNetworkSubnetId", subnet}, {"ignoreMissingVnetServiceEndpoint", ignore}}}};
  };
  const std::string r = server + "/virtualNetworkRules/r";
  EXPECT_EQ(env.PutError(r, rule(kVnet + "/subnets/none", false)), "VirtualNetworkRuleBadRequest");
  EXPECT_EQ(env.PutError(r, rule(kVnet + "/subnets/none", true)), "");
  EXPECT_EQ(env.PutError(r, rule(kVnet + "/subnets/all", false)), "");
  EXPECT_EQ(env.PutError(r, rule(kWest + "/subnets/storage", false)),
            "VirtualNetworkRuleBadRequest");
  EXPECT_EQ(env.PutError(r, rule(kWest + "/subnets/storage", true)),
            "VirtualNetworkRuleBadRequest");
  const std::string fw = server + "/firewallRules/f";
  EXPECT_EQ(
      env.PutError(
          fw, Json{{"properties", {{"startIpAddress", "25.0.0.9"}, {"endIpAddress", "25.0.0.1"}}}}),
      "FirewallRuleInvalidRange");
  EXPECT_EQ(env.PutError(fw, Json{{"properties",
                                   {{"startIpAddress", "0.0.0.0"}, {"endIpAddress", "0.0.0.0"}}}}),
            "");
  ASSERT_OK(env.Put(
      server, Json{{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Disabled"}}}}));
  EXPECT_EQ(
      env.PutError(
          fw, Json{{"properties", {{"startIpAddress", "25.0.0.1"}, {"endIpAddress", "25.0.0.9"}}}}),
      "DenyPublicEndpointEnabled");
}

TEST(ServiceHandlersTest, KeyVaultCosmosAndEventHubs) {
  Env env;
  AddNetworks(env);
  const std::string vault = Env::Id("Microsoft.KeyVault/vaults/kv1");
  auto kv = [](const std::string& subnet, bool ignore) {
    return Json{{"location", "eastus"},
                {"properties",
                 {{"tenantId", "t"},
                  {"networkAcls",
                   {{"defaultAction", "Deny"},
                    {"virtualNetworkRules",
                     {{{"id", subnet}, {"ignoreMissingVnetServiceEndpoint", ignore}}}}}}}}};
  };
  EXPECT_EQ(env.PutError(vault, kv(kVnet + "/subnets/none", false)),
            "SubnetsHaveNoServiceEndpointsConfigured");
  EXPECT_EQ(env.PutError(vault, kv(kVnet + "/subnets/none", true)), "");
  EXPECT_EQ(env.PutError(vault, kv(kVnet + "/subnets/all", false)), "");
  EXPECT_EQ(env.Get(vault).value().body["properties"]["vaultUri"], "https://kv1.vault.azure.net/");
  EXPECT_EQ(env.PutError(Env::Id("Microsoft.KeyVault/vaults/k"), Json{{"location", "eastus"}}),
            "VaultNameNotValid");

  const std::string cosmos = Env::Id("Microsoft.DocumentDB/databaseAccounts/cdb1");
  auto account = [](const std::string& subnet) {
    return Json{
        {"location", "eastus"},
        {"properties",
         {{"isVirtualNetworkFilterEnabled", true}, {"virtualNetworkRules", {{{"id", subnet}}}}}}};
  };
  EXPECT_EQ(env.PutError(cosmos, account(kVnet + "/subnets/none")),
            "SubnetsHaveNoServiceEndpointsConfigured");
  EXPECT_EQ(env.PutError(cosmos, account(kVnet + "/subnets/all")), "");

  const std::string ns = Env::Id("Microsoft.EventHub/namespaces/ehns01");
  ASSERT_OK(env.Put(ns, Json{{"location", "eastus"}}));
  auto rules = [](const std::string& subnet, const std::string& ip) {
    return Json{{"properties",
                 {{"defaultAction", "Deny"},
                  {"ipRules", {{{"ipMask", ip}}}},
                  {"virtualNetworkRules", {{{"subnet", {{"id", subnet}}}}}}}}};
  };
  EXPECT_EQ(
      env.PutError(ns + "/networkRuleSets/default", rules(kVnet + "/subnets/none", "25.1.1.1")),
      "SubnetsHaveNoServiceEndpointsConfigured");
  EXPECT_EQ(
      env.PutError(ns + "/networkRuleSets/default", rules(kVnet + "/subnets/all", "10.0.0.1")),
      "InvalidValuesForRequestParameters");
  EXPECT_EQ(
      env.PutError(ns + "/networkRuleSets/default", rules(kVnet + "/subnets/all", "25.1.1.1")), "");
  EXPECT_EQ(env.PutError(ns + "/networkRuleSets/other", rules(kVnet + "/subnets/all", "25.1.1.1")),
            "InvalidRequestContent");
}

}  // namespace
}  // namespace vnet::control
