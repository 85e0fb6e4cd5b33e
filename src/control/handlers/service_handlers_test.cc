// Tests for the service-resource firewall rules (SEMANTICS.md sections 5.5 and 6): each rule as
// a row (request, expected ARM code) with the store unchanged after every refusal; the defaults
// and read-only fields read back as the recordings show them; rule states after a subnet goes.
#include <gtest/gtest.h>

#include "base/strings.h"
#include "base/testing.h"
#include "control/handlers/service_rules.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kSa = Env::Id("Microsoft.Storage/storageAccounts/sa1");
const std::string kSql = Env::Id("Microsoft.Sql/servers/sql1");
const std::string kSqlOff = Env::Id("Microsoft.Sql/servers/sqloff");
const std::string kKv = Env::Id("Microsoft.KeyVault/vaults/kv1");
const std::string kCosmos = Env::Id("Microsoft.DocumentDB/databaseAccounts/cosmos1");
const std::string kEh = Env::Id("Microsoft.EventHub/namespaces/ehnamespace1");
const std::string kSb = Env::Id("Microsoft.ServiceBus/namespaces/sbnamespace1");
const std::string kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

std::string Subnet(const std::string& vnet, const std::string& subnet) {
  return Env::Id("Microsoft.Network/virtualNetworks/" + vnet + "/subnets/" + subnet);
}
// ve (eastus): "all" has every service's endpoint, "none" none, "glob" Microsoft.Storage.Global.
// vw (westus): "all" with Microsoft.Storage and Microsoft.Sql. vc (centralus): Microsoft.Storage.
const std::string kAll = Subnet("ve", "all");
const std::string kNone = Subnet("ve", "none");
const std::string kGlob = Subnet("ve", "glob");
const std::string kWest = Subnet("vw", "all");
const std::string kCentral = Subnet("vc", "st");
const std::string kGone = Subnet("nosuchvnet", "s");

Json BodyOf(const Reply& reply) { return reply.text ? Json::parse(*reply.text) : reply.body; }

Json GetBody(Env& env, const std::string& id) {
  Result<Reply> r = env.Get(id);
  return r.ok() ? BodyOf(*r) : Json();
}

Json SubnetDoc(const std::string& name, const std::string& prefix,
               std::initializer_list<const char*> services) {
  Json endpoints = Json::array();
  for (const char* s : services) endpoints.push_back({{"service", s}});
  return {{"name", name},
          {"properties", {{"addressPrefix", prefix}, {"serviceEndpoints", endpoints}}}};
}

Json Vnet(const std::string& location, const std::string& space, Json subnets) {
  return {{"location", location},
          {"properties",
           {{"addressSpace", {{"addressPrefixes", {space}}}}, {"subnets", std::move(subnets)}}}};
}

void PutVnets(Env& env) {
  Json east = Json::array(
      {SubnetDoc("all", "10.0.0.0/24",
                 {"Microsoft.Storage", "Microsoft.Sql", "Microsoft.KeyVault",
                  "Microsoft.AzureCosmosDB", "Microsoft.EventHub", "Microsoft.ServiceBus"}),
       SubnetDoc("none", "10.0.1.0/24", {}),
       SubnetDoc("glob", "10.0.2.0/24", {"Microsoft.Storage.Global"})});
  ASSERT_OK(env.Put(Env::Id("Microsoft.Network/virtualNetworks/ve"),
                    Vnet("eastus", "10.0.0.0/16", east)));
  ASSERT_OK(
      env.Put(Env::Id("Microsoft.Network/virtualNetworks/vw"),
              Vnet("westus", "10.1.0.0/16",
                   {SubnetDoc("all", "10.1.0.0/24", {"Microsoft.Storage", "Microsoft.Sql"})})));
  ASSERT_OK(env.Put(
      Env::Id("Microsoft.Network/virtualNetworks/vc"),
      Vnet("centralus", "10.2.0.0/16", {SubnetDoc("st", "10.2.0.0/24", {"Microsoft.Storage"})})));
}

// Every service resource with permissive settings, for child rows to build on.
void PutServices(Env& env) {
  ASSERT_OK(env.Put(kSql, {{"location", "eastus"},
                           {"properties",
                            {{"administratorLogin", "admin123"},
                             {"administratorLoginPassword", "SecretPassword123"}}}}));
  ASSERT_OK(env.Put(
      kSqlOff, {{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Disabled"}}}}));
  ASSERT_OK(env.Put(kEh, {{"location", "eastus"}, {"sku", {{"name", "Standard"}}}}));
  ASSERT_OK(env.Put(kSb, {{"location", "eastus"}, {"sku", {{"name", "Premium"}}}}));
}

Json Storage(Json acls, const std::string& location = "eastus") {
  return {{"location", location}, {"properties", {{"networkAcls", std::move(acls)}}}};
}
Json IpRules(std::initializer_list<const char*> values) {
  Json out = Json::array();
  for (const char* v : values) out.push_back({{"value", v}});
  return out;
}
Json StorageVnetRule(const std::string& subnet) { return {{{"id", subnet}}}; }

Json SqlVnetRule(const std::string& subnet, bool ignore) {
  return {{"properties",
           {{"virtualNetworkSubnetId", subnet}, {"ignoreMissingVnetServiceEndpoint", ignore}}}};
}
Json FirewallRule(const std::string& start, const std::string& end) {
  return {{"properties", {{"startIpAddress", start}, {"endIpAddress", end}}}};
}

Json Vault(Json props) {
  props["tenantId"] = kTenant;
  props["sku"] = {{"family", "A"}, {"name", "standard"}};
  return {{"location", "eastus"}, {"properties", std::move(props)}};
}
Json VaultAcls(Json acls) { return Vault({{"networkAcls", std::move(acls)}}); }

Json Cosmos(Json props) {
  return {{"location", "eastus"}, {"kind", "GlobalDocumentDB"}, {"properties", std::move(props)}};
}

Json RuleSet(Json props) { return {{"properties", std::move(props)}}; }
Json MessagingVnetRules(const std::string& subnet, bool ignore) {
  return {{"virtualNetworkRules",
           {{{"subnet", {{"id", subnet}}}, {"ignoreMissingVnetServiceEndpoint", ignore}}}}};
}

struct Row {
  const char* rule;
  std::string id;
  Json body;
  std::string code;
};

void ExpectRefused(Env& env, const Row& row) {
  int64_t before = env.rm().revision();
  Result<Reply> r = env.Put(row.id, row.body);
  EXPECT_EQ(r.ok() ? "" : r.status().reason(), row.code) << row.rule;
  EXPECT_EQ(env.rm().revision(), before) << row.rule << ": the store changed";
}

TEST(ServiceHandlersTest, StorageRulesRefused) {
  Env env;
  PutVnets(env);
  Json many_ips = Json::array();
  for (int i = 0; i < 401; ++i)
    many_ips.push_back(
        {{"value", "25.0." + std::to_string(i / 250) + "." + std::to_string(i % 250)}});
  const std::string invalid = "InvalidValuesForRequestParameters";
  const Row rows[] = {
      {"name too short", Env::Id("Microsoft.Storage/storageAccounts/ab"), Storage({}),
       "AccountNameInvalid"},
      {"name with upper case", Env::Id("Microsoft.Storage/storageAccounts/Upper1"), Storage({}),
       "AccountNameInvalid"},
      {"name with hyphen", Env::Id("Microsoft.Storage/storageAccounts/sa-1"), Storage({}),
       "AccountNameInvalid"},
      {"private IP 10/8", kSa, Storage({{"ipRules", IpRules({"10.1.2.3"})}}), invalid},
      {"private IP 172.16/12", kSa, Storage({{"ipRules", IpRules({"172.20.0.0/16"})}}), invalid},
      {"private IP 192.168/16", kSa, Storage({{"ipRules", IpRules({"192.168.1.0/24"})}}), invalid},
      {"/31 prefix", kSa, Storage({{"ipRules", IpRules({"25.1.2.0/31"})}}), invalid},
      {"/32 prefix", kSa, Storage({{"ipRules", IpRules({"25.1.2.3/32"})}}), invalid},
      {"IPv6 in ipRules", kSa, Storage({{"ipRules", IpRules({"2001:db8::1"})}}), invalid},
      {"not an address", kSa, Storage({{"ipRules", IpRules({"example.com"})}}), invalid},
      {"IPv4 in ipv6Rules", kSa, Storage({{"ipv6Rules", IpRules({"25.1.2.3"})}}), invalid},
      {"401 IP rules", kSa, Storage({{"ipRules", many_ips}}), invalid},
      {"ipRules not an array", kSa, Storage({{"ipRules", "25.1.2.3"}}), "InvalidRequestContent"},
      {"action other than Allow", kSa,
       Storage({{"ipRules", {{{"value", "25.1.2.3"}, {"action", "Deny"}}}}}), invalid},
      {"defaultAction", kSa, Storage({{"defaultAction", "Block"}}), invalid},
      {"bypass unknown", kSa, Storage({{"bypass", "Everything"}}), invalid},
      {"bypass None mixed", kSa, Storage({{"bypass", "None, Logging"}}), invalid},
      {"publicNetworkAccess",
       kSa,
       {{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Sometimes"}}}},
       invalid},
      {"subnet without endpoint", kSa, Storage({{"virtualNetworkRules", StorageVnetRule(kNone)}}),
       "NetworkAclsValidationFailure"},
      {"subnet not found", kSa, Storage({{"virtualNetworkRules", StorageVnetRule(kGone)}}),
       "NetworkAclsValidationFailure"},
      {"id not a subnet", kSa,
       Storage({{"virtualNetworkRules",
                 StorageVnetRule(Env::Id("Microsoft.Network/virtualNetworks/ve"))}}),
       invalid},
      {"rule not an object", kSa, Storage({{"virtualNetworkRules", {5}}}), invalid},
      {"endpoint region: account outside VNet region and pair", kSa,
       Storage({{"virtualNetworkRules", StorageVnetRule(kAll)}}, "centralus"),
       "NetworkAclsValidationFailure"},
  };
  for (const Row& row : rows) ExpectRefused(env, row);
}

TEST(ServiceHandlersTest, StorageEndpointMessageIsAzures) {
  Env env;
  PutVnets(env);
  Result<Reply> r = env.Put(kSa, Storage({{"virtualNetworkRules", StorageVnetRule(kNone)}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Validation of network acls failure: SubnetsHaveNoServiceEndpointsConfigured:Subnets "
            "none of virtual network " +
                Env::Id("Microsoft.Network/virtualNetworks/ve") +
                " do not have ServiceEndpoints for Microsoft.Storage resources configured. Add "
                "Microsoft.Storage to subnet's ServiceEndpoints collection before trying to ACL "
                "Microsoft.Storage resources to these subnets.");
}

TEST(ServiceHandlersTest, StorageDefaultsAsRecorded) {
  Env env;
  ASSERT_OK(env.Put(kSa, Storage({{"bypass", "Metrics"}, {"defaultAction", "deny"}})));
  Json sa = GetBody(env, kSa);
  EXPECT_EQ(sa["properties"]["networkAcls"], (Json{{"bypass", "Metrics"},
                                                   {"defaultAction", "Deny"},
                                                   {"ipRules", Json::array()},
                                                   {"virtualNetworkRules", Json::array()},
                                                   {"ipv6Rules", Json::array()}}));
  EXPECT_EQ(sa["kind"], "StorageV2");
  EXPECT_EQ(sa["sku"], (Json{{"name", "Standard_LRS"}, {"tier", "Standard"}}));
  EXPECT_FALSE(sa["properties"].contains("publicNetworkAccess"));
  EXPECT_EQ(sa["properties"]["primaryEndpoints"],
            (Json{{"blob", "https://sa1.blob.core.windows.net/"},
                  {"queue", "https://sa1.queue.core.windows.net/"},
                  {"table", "https://sa1.table.core.windows.net/"},
                  {"file", "https://sa1.file.core.windows.net/"},
                  {"dfs", "https://sa1.dfs.core.windows.net/"},
                  {"web", "https://sa1.z13.web.core.windows.net/"}}));
  EXPECT_EQ(sa["properties"]["primaryLocation"], "eastus");
  EXPECT_EQ(sa["properties"]["statusOfPrimary"], "available");
  EXPECT_FALSE(sa["properties"].contains("secondaryLocation"));
  EXPECT_EQ(sa["properties"]["supportsHttpsTrafficOnly"], true);
  EXPECT_EQ(sa["properties"]["keyCreationTime"]["key1"], sa["properties"]["creationTime"]);

  // publicNetworkAccess is kept when given; creationTime survives updates.
  Json update = Storage({});
  update["properties"]["publicNetworkAccess"] = "disabled";
  ASSERT_OK(env.Put(kSa, update));
  Json again = GetBody(env, kSa);
  EXPECT_EQ(again["properties"]["publicNetworkAccess"], "Disabled");
  EXPECT_EQ(again["properties"]["creationTime"], sa["properties"]["creationTime"]);
  EXPECT_EQ(again["properties"]["networkAcls"]["bypass"], "AzureServices");
  EXPECT_EQ(again["properties"]["networkAcls"]["defaultAction"], "Allow");
}

TEST(ServiceHandlersTest, StorageGeoSkuHasPairedSecondary) {
  Env env;
  Json body = Storage({}, "westus");
  body["sku"] = {{"name", "Standard_RAGRS"}};
  ASSERT_OK(env.Put(kSa, body));
  Json p = GetBody(env, kSa)["properties"];
  EXPECT_EQ(p["secondaryLocation"], "eastus");
  EXPECT_EQ(p["statusOfSecondary"], "available");
  EXPECT_EQ(p["secondaryEndpoints"],
            (Json{{"blob", "https://sa1-secondary.blob.core.windows.net/"},
                  {"queue", "https://sa1-secondary.queue.core.windows.net/"},
                  {"table", "https://sa1-secondary.table.core.windows.net/"},
                  {"dfs", "https://sa1-secondary.dfs.core.windows.net/"},
                  {"web", "https://sa1-secondary.z13.web.core.windows.net/"}}));
  body["sku"] = {{"name", "Standard_GRS"}};
  ASSERT_OK(env.Put(kSa, body));
  p = GetBody(env, kSa)["properties"];
  EXPECT_EQ(p["secondaryLocation"], "eastus");
  EXPECT_FALSE(p.contains("secondaryEndpoints"));
}

TEST(ServiceHandlersTest, StorageNetworkRulesAsRecorded) {
  Env env;
  PutVnets(env);
  ASSERT_OK(env.Put(kSa, Storage({{"defaultAction", "Deny"}, {"bypass", "Logging"}})));
  // The CLI's read-modify-write PATCH; the same IP twice leaves one, bare IPs stay bare.
  ASSERT_OK(env.Patch(kSa, {{"properties",
                             {{"networkAcls",
                               {{"ipRules", IpRules({"25.1.2.3", "25.1.2.3", "25.2.0.0/24"})},
                                {"virtualNetworkRules", StorageVnetRule(kAll)}}}}}}));
  Json acls = GetBody(env, kSa)["properties"]["networkAcls"];
  EXPECT_EQ(acls["ipRules"], (Json{{{"value", "25.1.2.3"}, {"action", "Allow"}},
                                   {{"value", "25.2.0.0/24"}, {"action", "Allow"}}}));
  EXPECT_EQ(acls["virtualNetworkRules"],
            (Json{{{"id", kAll}, {"action", "Allow"}, {"state", "Succeeded"}}}));
  EXPECT_EQ(acls["bypass"], "Logging");
  EXPECT_EQ(acls["defaultAction"], "Deny");

  // Region reach: the pair region (westus) and Microsoft.Storage.Global (any region).
  ASSERT_OK(env.Put(Env::Id("Microsoft.Storage/storageAccounts/sawest"),
                    Storage({{"virtualNetworkRules", StorageVnetRule(kAll)}}, "westus")));
  ASSERT_OK(env.Put(Env::Id("Microsoft.Storage/storageAccounts/saglobal"),
                    Storage({{"virtualNetworkRules", StorageVnetRule(kGlob)}}, "centralus")));
  ASSERT_OK(env.Put(Env::Id("Microsoft.Storage/storageAccounts/sacentral"),
                    Storage({{"virtualNetworkRules", StorageVnetRule(kCentral)}}, "centralus")));
}

TEST(ServiceHandlersTest, StorageRuleOfDeletedSubnetShowsNetworkSourceDeleted) {
  Env env;
  PutVnets(env);
  ASSERT_OK(env.Put(kSa, Storage({{"virtualNetworkRules", StorageVnetRule(kAll)}})));
  // Remove subnet "all" from ve (a VNet PUT without it).
  Json east = Json::array({SubnetDoc("none", "10.0.1.0/24", {}),
                           SubnetDoc("glob", "10.0.2.0/24", {"Microsoft.Storage.Global"})});
  ASSERT_OK(env.Put(Env::Id("Microsoft.Network/virtualNetworks/ve"),
                    Vnet("eastus", "10.0.0.0/16", east)));
  Json rule = GetBody(env, kSa)["properties"]["networkAcls"]["virtualNetworkRules"][0];
  EXPECT_EQ(rule["state"], "NetworkSourceDeleted");
  // The rule stays as it is through later updates (no check, state kept), until removed.
  ASSERT_OK(env.Patch(kSa, {{"properties", {{"networkAcls", {{"bypass", "None"}}}}}}));
  rule = GetBody(env, kSa)["properties"]["networkAcls"]["virtualNetworkRules"][0];
  EXPECT_EQ(rule["state"], "NetworkSourceDeleted");
}

// A Database holding `docs`, for calling the rule-state function directly.
Doc MakeDoc(const std::string& id_text, std::string_view type, Json body) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(id_text);
  body["id"] = id_text;
  return Doc{*id, model::FindResourceType(type), std::move(body), "", 1};
}

TEST(ServiceHandlersTest, MarkVirtualNetworkRulesSourceDeleted) {
  Database db;
  const std::string other = Subnet("ve", "none");
  db.Put(std::make_shared<Doc>(MakeDoc(kSa, "Microsoft.Storage/storageAccounts",
                                       {{"properties",
                                         {{"networkAcls",
                                           {{"virtualNetworkRules",
                                             {{{"id", other}, {"state", "Succeeded"}},
                                              {{"id", kAll}, {"state", "Succeeded"}}}}}}}}})));
  const std::string rule_id = kSql + "/virtualNetworkRules/r1";
  db.Put(std::make_shared<Doc>(MakeDoc(rule_id, "Microsoft.Sql/servers/virtualNetworkRules",
                                       {{"properties",
                                         {{"virtualNetworkSubnetId", kAll},
                                          {"ignoreMissingVnetServiceEndpoint", false},
                                          {"state", "Ready"}}}})));
  db.Put(std::make_shared<Doc>(
      MakeDoc(Env::Id("Microsoft.Sql/servers/sql1/virtualNetworkRules/r2"),
              "Microsoft.Sql/servers/virtualNetworkRules",
              {{"properties", {{"virtualNetworkSubnetId", other}, {"state", "Ready"}}}})));
  Txn txn(db);
  handlers::MarkVirtualNetworkRulesSourceDeleted(txn, arm::ResourceId::Parse(kAll)->Key());
  const Doc* sa = txn.Find(arm::ResourceId::Parse(kSa)->Key());
  ASSERT_NE(sa, nullptr);
  Json rules = sa->body["properties"]["networkAcls"]["virtualNetworkRules"];
  EXPECT_EQ(rules[0]["state"], "Succeeded");
  EXPECT_EQ(rules[1]["state"], "NetworkSourceDeleted");
  const Doc* sql_rule = txn.Find(arm::ResourceId::Parse(rule_id)->Key());
  ASSERT_NE(sql_rule, nullptr);
  EXPECT_EQ(sql_rule->body["properties"]["state"], "Deleted");
  EXPECT_EQ(txn.changes().size(), 2u);  // r2 names another subnet: untouched
}

TEST(ServiceHandlersTest, SqlRulesRefused) {
  Env env;
  PutVnets(env);
  PutServices(env);
  const std::string rule = kSql + "/virtualNetworkRules/r1";
  const std::string fw = kSql + "/firewallRules/f1";
  const Row rows[] = {
      {"server name with leading hyphen",
       Env::Id("Microsoft.Sql/servers/-sql"),
       {{"location", "eastus"}},
       "InvalidServerName"},
      {"server name with upper case",
       Env::Id("Microsoft.Sql/servers/Sql2"),
       {{"location", "eastus"}},
       "InvalidServerName"},
      {"publicNetworkAccess",
       kSql,
       {{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Maybe"}}}},
       "InvalidParameterValue"},
      {"vnet rule: no subnet id",
       rule,
       {{"properties", Json::object()}},
       "VirtualNetworkRuleBadRequest"},
      {"vnet rule: subnet without Microsoft.Sql", rule, SqlVnetRule(kNone, false),
       "VirtualNetworkRuleBadRequest"},
      {"vnet rule: subnet not found", rule, SqlVnetRule(kGone, false),
       "VirtualNetworkRuleBadRequest"},
      {"vnet rule: VNet in another region", rule, SqlVnetRule(kWest, false),
       "VirtualNetworkRuleBadRequest"},
      {"vnet rule: another region even with the ignore flag", rule, SqlVnetRule(kWest, true),
       "VirtualNetworkRuleBadRequest"},
      {"vnet rule: not a subnet id", rule, SqlVnetRule("/subscriptions/x", true),
       "VirtualNetworkRuleBadRequest"},
      {"firewall: start after end", fw, FirewallRule("25.1.2.4", "25.1.2.3"),
       "FirewallRuleInvalidRange"},
      {"firewall: not an address", fw, FirewallRule("abc", "25.1.2.3"),
       "FirewallRuleNotIPv4Address"},
      {"firewall: IPv6", fw, FirewallRule("2001:db8::1", "2001:db8::2"),
       "FirewallRuleNotIPv4Address"},
      {"firewall: missing end",
       fw,
       {{"properties", {{"startIpAddress", "25.1.2.3"}}}},
       "FirewallRuleNotIPv4Address"},
      {"firewall: public network access disabled", kSqlOff + "/firewallRules/f1",
       FirewallRule("25.1.2.3", "25.1.2.3"), "DenyPublicEndpointEnabled"},
  };
  for (const Row& row : rows) ExpectRefused(env, row);
}

TEST(ServiceHandlersTest, SqlServerAndRulesAsRecorded) {
  Env env;
  PutVnets(env);
  PutServices(env);
  Json server = GetBody(env, kSql);
  EXPECT_EQ(server["kind"], "v12.0");
  Json p = server["properties"];
  EXPECT_EQ(p["administratorLogin"], "admin123");
  EXPECT_FALSE(p.contains("administratorLoginPassword"));
  EXPECT_EQ(p["fullyQualifiedDomainName"], "sql1.database.windows.net");
  EXPECT_EQ(p["version"], "12.0");
  EXPECT_EQ(p["state"], "Ready");
  EXPECT_EQ(p["publicNetworkAccess"], "Enabled");
  EXPECT_EQ(p["minimalTlsVersion"], "None");
  EXPECT_EQ(p["restrictOutboundNetworkAccess"], "Disabled");

  // The recording's two rules: ignore=true on a subnet without the endpoint, ignore=false on one
  // with it; a subnet vnetd does not hold is fine with the flag.
  ASSERT_OK(env.Put(kSql + "/virtualNetworkRules/rule1", SqlVnetRule(kNone, true)));
  ASSERT_OK(env.Put(kSql + "/virtualNetworkRules/rule2", SqlVnetRule(kAll, false)));
  ASSERT_OK(env.Put(kSql + "/virtualNetworkRules/rule3", SqlVnetRule(kGone, true)));
  EXPECT_EQ(GetBody(env, kSql + "/virtualNetworkRules/rule2")["properties"]["state"], "Ready");
  Json rule = GetBody(env, kSql + "/virtualNetworkRules/rule1")["properties"];
  EXPECT_EQ(rule["ignoreMissingVnetServiceEndpoint"], true);
  EXPECT_EQ(rule["virtualNetworkSubnetId"], kNone);

  ASSERT_OK(
      env.Put(kSql + "/firewallRules/AllowAllWindowsAzureIps", FirewallRule("0.0.0.0", "0.0.0.0")));
  ASSERT_OK(env.Put(kSql + "/firewallRules/rule1", FirewallRule("0.0.0.0", "255.255.255.255")));
  Json fw = GetBody(env, kSql + "/firewallRules/rule1")["properties"];
  fw.erase("provisioningState");  // added by the framework to every document
  EXPECT_EQ(fw, (Json{{"startIpAddress", "0.0.0.0"}, {"endIpAddress", "255.255.255.255"}}));
}

TEST(ServiceHandlersTest, SqlRuleOfDeletedSubnetShowsDeleted) {
  Env env;
  PutVnets(env);
  PutServices(env);
  const std::string rule = kSql + "/virtualNetworkRules/r1";
  ASSERT_OK(env.Put(rule, SqlVnetRule(kAll, false)));
  ASSERT_OK(env.Delete(kAll));  // the subnet-delete path this time
  EXPECT_EQ(GetBody(env, rule)["properties"]["state"], "Deleted");
  // Re-sending the same rule keeps its state; a changed rule is checked again.
  ASSERT_OK(env.Put(rule, SqlVnetRule(kAll, false)));
  EXPECT_EQ(GetBody(env, rule)["properties"]["state"], "Deleted");
  ExpectRefused(env, {"changed rule naming a deleted subnet", rule, SqlVnetRule(kNone, false),
                      "VirtualNetworkRuleBadRequest"});
}

TEST(ServiceHandlersTest, SqlVirtualNetworkRuleLimit) {
  Env env;
  PutServices(env);
  for (int i = 0; i < 128; ++i) {
    ASSERT_OK(env.Put(kSql + "/virtualNetworkRules/r" + std::to_string(i),
                      SqlVnetRule(Subnet("elsewhere", "s" + std::to_string(i)), true)));
  }
  ExpectRefused(env,
                {"129th virtual network rule", kSql + "/virtualNetworkRules/r128",
                 SqlVnetRule(Subnet("elsewhere", "s128"), true), "VirtualNetworkRuleBadRequest"});
}

TEST(ServiceHandlersTest, SqlFirewallRuleDeleteRefusedWhilePublicAccessDisabled) {
  Env env;
  PutServices(env);
  ASSERT_OK(env.Put(kSql + "/firewallRules/f1", FirewallRule("25.1.2.3", "25.1.2.3")));
  Json off = {{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Disabled"}}}};
  ASSERT_OK(env.Put(kSql, off));
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kSql + "/firewallRules/f1"), "DenyPublicEndpointEnabled");
  EXPECT_EQ(env.rm().revision(), before);
  // Deleting the server takes its rules along.
  EXPECT_EQ(env.DeleteError(kSql), "");
}

TEST(ServiceHandlersTest, SqlFirewallRuleLimit) {
  Env env;
  PutServices(env);
  for (int i = 0; i < 128; ++i) {
    ASSERT_OK(env.Put(kSql + "/firewallRules/f" + std::to_string(i),
                      FirewallRule("25.1.2." + std::to_string(i), "25.1.2." + std::to_string(i))));
  }
  ExpectRefused(env, {"129th firewall rule", kSql + "/firewallRules/f128",
                      FirewallRule("25.1.3.1", "25.1.3.1"), "FirewallRuleCountLimitReached"});
  // Changing one of the 128 is fine.
  EXPECT_OK(env.Put(kSql + "/firewallRules/f0", FirewallRule("25.1.4.1", "25.1.4.1")));
}

TEST(ServiceHandlersTest, KeyVaultRulesRefused) {
  Env env;
  PutVnets(env);
  Json many = Json::array();
  for (int i = 0; i < 201; ++i) {
    many.push_back({{"id", Subnet("elsewhere", "s" + std::to_string(i))},
                    {"ignoreMissingVnetServiceEndpoint", true}});
  }
  Json no_tenant = Vault({});
  no_tenant["properties"].erase("tenantId");
  const Row rows[] = {
      {"name starts with a digit", Env::Id("Microsoft.KeyVault/vaults/1vault"), Vault({}),
       "VaultNameNotValid"},
      {"name with consecutive hyphens", Env::Id("Microsoft.KeyVault/vaults/a--b"), Vault({}),
       "VaultNameNotValid"},
      {"name too long", Env::Id("Microsoft.KeyVault/vaults/abcdefghijklmnopqrstuvwxy"), Vault({}),
       "VaultNameNotValid"},
      {"no tenantId", kKv, no_tenant, "MissingRequiredParameter"},
      {"private IP", kKv, VaultAcls({{"ipRules", IpRules({"192.168.1.0/24"})}}), "BadRequest"},
      {"bypass Logging", kKv, VaultAcls({{"bypass", "Logging"}}), "BadRequest"},
      {"defaultAction", kKv, VaultAcls({{"defaultAction", "Maybe"}}), "BadRequest"},
      {"publicNetworkAccess SecuredByPerimeter", kKv,
       Vault({{"publicNetworkAccess", "SecuredByPerimeter"}}), "BadRequest"},
      {"subnet without endpoint", kKv, VaultAcls({{"virtualNetworkRules", {{{"id", kNone}}}}}),
       "SubnetsHaveNoServiceEndpointsConfigured"},
      {"subnet not found", kKv, VaultAcls({{"virtualNetworkRules", {{{"id", kGone}}}}}),
       "SubnetsHaveNoServiceEndpointsConfigured"},
      {"201 VNet rules", kKv, VaultAcls({{"virtualNetworkRules", many}}), "BadRequest"},
  };
  for (const Row& row : rows) ExpectRefused(env, row);
}

TEST(ServiceHandlersTest, KeyVaultAsRecorded) {
  Env env;
  PutVnets(env);
  // The firewall's default state: no networkAcls in the response.
  ASSERT_OK(env.Put(kKv, VaultAcls({{"bypass", "AzureServices"}, {"defaultAction", "Allow"}})));
  Json p = GetBody(env, kKv)["properties"];
  EXPECT_FALSE(p.contains("networkAcls"));
  EXPECT_EQ(p["vaultUri"], "https://kv1.vault.azure.net/");
  EXPECT_EQ(p["sku"], (Json{{"family", "A"}, {"name", "standard"}}));
  EXPECT_EQ(p["publicNetworkAccess"], "Enabled");
  EXPECT_EQ(p["enabledForDeployment"], false);

  ASSERT_OK(env.Put(kKv, VaultAcls({{"defaultAction", "Deny"}})));
  EXPECT_EQ(GetBody(env, kKv)["properties"]["networkAcls"],
            (Json{{"bypass", "AzureServices"},
                  {"defaultAction", "Deny"},
                  {"ipRules", Json::array()},
                  {"virtualNetworkRules", Json::array()}}));

  // Bare addresses become /32; subnet ids are stored lower-cased; the ignore flag admits a
  // subnet without the endpoint.
  ASSERT_OK(env.Put(
      kKv, VaultAcls(
               {{"defaultAction", "Deny"},
                {"ipRules", IpRules({"124.56.78.91", "2.3.4.0/24"})},
                {"virtualNetworkRules",
                 {{{"id", kAll}}, {{"id", kNone}, {"ignoreMissingVnetServiceEndpoint", true}}}}})));
  Json acls = GetBody(env, kKv)["properties"]["networkAcls"];
  EXPECT_EQ(acls["ipRules"], (Json{{{"value", "124.56.78.91/32"}}, {{"value", "2.3.4.0/24"}}}));
  EXPECT_EQ(acls["virtualNetworkRules"],
            (Json{{{"id", AsciiLower(kAll)}},
                  {{"id", AsciiLower(kNone)}, {"ignoreMissingVnetServiceEndpoint", true}}}));
}

TEST(ServiceHandlersTest, CosmosRulesRefused) {
  Env env;
  PutVnets(env);
  const Row rows[] = {
      {"name too short", Env::Id("Microsoft.DocumentDB/databaseAccounts/ab"), Cosmos({}),
       "BadRequest"},
      {"subnet without endpoint", kCosmos, Cosmos({{"virtualNetworkRules", {{{"id", kNone}}}}}),
       "Conflict"},
      {"subnet not found", kCosmos, Cosmos({{"virtualNetworkRules", {{{"id", kGone}}}}}),
       "Conflict"},
      {"private IP", kCosmos, Cosmos({{"ipRules", {{{"ipAddressOrRange", "10.0.0.1"}}}}}),
       "BadRequest"},
      {"networkAclBypass", kCosmos, Cosmos({{"networkAclBypass", "Everything"}}), "BadRequest"},
      {"publicNetworkAccess", kCosmos, Cosmos({{"publicNetworkAccess", "Open"}}), "BadRequest"},
  };
  for (const Row& row : rows) ExpectRefused(env, row);
}

TEST(ServiceHandlersTest, CosmosAsRecorded) {
  Env env;
  PutVnets(env);
  ASSERT_OK(env.Put(
      kCosmos,
      Cosmos({{"isVirtualNetworkFilterEnabled", true},
              {"ipRules", {{{"ipAddressOrRange", "0.0.0.0"}}}},
              {"virtualNetworkRules",
               {{{"id", kAll}}, {{"id", kNone}, {"ignoreMissingVNetServiceEndpoint", true}}}}})));
  Json p = GetBody(env, kCosmos)["properties"];
  EXPECT_EQ(p["documentEndpoint"], "https://cosmos1.documents.azure.com:443/");
  EXPECT_EQ(p["publicNetworkAccess"], "Enabled");
  EXPECT_EQ(p["networkAclBypass"], "None");
  EXPECT_EQ(p["isVirtualNetworkFilterEnabled"], true);
  EXPECT_EQ(p["virtualNetworkRules"],
            (Json{{{"id", kAll}, {"ignoreMissingVNetServiceEndpoint", false}},
                  {{"id", kNone}, {"ignoreMissingVNetServiceEndpoint", true}}}));
  EXPECT_EQ(p["locations"][0]["id"], "cosmos1-eastus");
  EXPECT_EQ(p["writeLocations"][0]["documentEndpoint"],
            "https://cosmos1-eastus.documents.azure.com:443/");
}

TEST(ServiceHandlersTest, MessagingRulesRefused) {
  Env env;
  PutVnets(env);
  PutServices(env);
  const std::string eh_rs = kEh + "/networkRuleSets/default";
  const std::string sb_rs = kSb + "/networkRuleSets/default";
  const Row rows[] = {
      {"namespace name too short",
       Env::Id("Microsoft.EventHub/namespaces/short"),
       {{"location", "eastus"}},
       "BadRequest"},
      {"namespace name starts with a digit",
       Env::Id("Microsoft.ServiceBus/namespaces/1namespace"),
       {{"location", "eastus"}},
       "BadRequest"},
      {"sku", kEh, {{"location", "eastus"}, {"sku", {{"name", "Gold"}}}}, "BadRequest"},
      {"rule set not named default", kEh + "/networkRuleSets/other", RuleSet({}), "BadRequest"},
      {"EH subnet without endpoint", eh_rs, RuleSet(MessagingVnetRules(kNone, false)),
       "SubnetsHaveNoServiceEndpointsConfigured"},
      {"EH subnet not found", eh_rs, RuleSet(MessagingVnetRules(kGone, false)),
       "SubnetsHaveNoServiceEndpointsConfigured"},
      {"SB subnet without endpoint", sb_rs, RuleSet(MessagingVnetRules(kNone, false)),
       "SubnetsHaveNoServiceEndpointsConfigured"},
      {"private ipMask", eh_rs, RuleSet({{"ipRules", {{{"ipMask", "10.1.1.1"}}}}}), "BadRequest"},
      {"defaultAction", sb_rs, RuleSet({{"defaultAction", "Nope"}}), "BadRequest"},
      {"ip rule action", sb_rs,
       RuleSet({{"ipRules", {{{"ipMask", "1.1.1.1"}, {"action", "Reject"}}}}}), "BadRequest"},
  };
  for (const Row& row : rows) ExpectRefused(env, row);
}

TEST(ServiceHandlersTest, MessagingAsRecorded) {
  Env env;
  PutVnets(env);
  PutServices(env);
  Json ns = GetBody(env, kEh);
  EXPECT_EQ(ns["sku"], (Json{{"name", "Standard"}, {"tier", "Standard"}, {"capacity", 1}}));
  EXPECT_EQ(ns["properties"]["serviceBusEndpoint"],
            "https://ehnamespace1.servicebus.windows.net:443/");
  EXPECT_EQ(ns["properties"]["publicNetworkAccess"], "Enabled");
  // networkRuleSets/default exists from the start.
  Json rs = GetBody(env, kEh + "/networkRuleSets/default");
  EXPECT_EQ(rs["location"], "eastus");
  Json p = rs["properties"];
  p.erase("provisioningState");
  EXPECT_EQ(p, (Json{{"publicNetworkAccess", "Enabled"},
                     {"defaultAction", "Allow"},
                     {"virtualNetworkRules", Json::array()},
                     {"ipRules", Json::array()},
                     {"trustedServiceAccessEnabled", false}}));

  // The recording's rule set: IP rules and ignore=true rules on subnets without endpoints.
  Json body = RuleSet(MessagingVnetRules(kNone, true));
  body["properties"]["ipRules"] = {{{"ipMask", "1.1.1.1"}}, {{"ipMask", "1.1.1.1"}}};
  body["properties"]["publicNetworkAccess"] = "Disabled";
  ASSERT_OK(env.Put(kSb + "/networkRuleSets/default", body));
  p = GetBody(env, kSb + "/networkRuleSets/default")["properties"];
  EXPECT_EQ(p["ipRules"], (Json{{{"ipMask", "1.1.1.1"}, {"action", "Allow"}}}));
  EXPECT_EQ(p["virtualNetworkRules"][0]["ignoreMissingVnetServiceEndpoint"], true);
  // The namespace follows the rule set's publicNetworkAccess.
  EXPECT_EQ(GetBody(env, kSb)["properties"]["publicNetworkAccess"], "Disabled");
  ASSERT_OK(env.Put(kEh + "/networkRuleSets/default", RuleSet(MessagingVnetRules(kAll, false))));
}

TEST(ServiceHandlersTest, DeletedTargetLeavesEndpointsDisconnected) {
  testing::Env env;
  const std::string vnet = testing::Env::Id("Microsoft.Network/virtualNetworks/pe-net");
  const std::string account = testing::Env::Id("Microsoft.Storage/storageAccounts/gone");
  ASSERT_OK(env.Put(
      vnet, Json{{"location", "eastus"},
                 {"properties",
                  {{"addressSpace", {{"addressPrefixes", {"10.9.0.0/16"}}}},
                   {"subnets",
                    {{{"name", "pe"}, {"properties", {{"addressPrefix", "10.9.0.0/24"}}}}}}}}}));
  ASSERT_OK(env.Put(account, Json{{"location", "eastus"}}));
  const std::string pe = testing::Env::Id("Microsoft.Network/privateEndpoints/to-gone");
  ASSERT_OK(env.Put(
      pe,
      Json{{"location", "eastus"},
           {"properties",
            {{"subnet", {{"id", vnet + "/subnets/pe"}}},
             {"privateLinkServiceConnections",
              {{{"name", "c"},
                {"properties", {{"privateLinkServiceId", account}, {"groupIds", {"blob"}}}}}}}}}}));
  ASSERT_OK(env.Delete(account));
  Json state = env.Get(pe).value().body["properties"]["privateLinkServiceConnections"][0]
                                       ["properties"]["privateLinkServiceConnectionState"];
  EXPECT_EQ(state["status"], "Disconnected");
}

}  // namespace
}  // namespace vnet::control
