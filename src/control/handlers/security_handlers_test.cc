// Tests for the NSG, ASG, route table and service endpoint policy rules (SEMANTICS.md sections
// 1.4, 2.4, 3 and 7): each rule as a row (request, expected ARM code) with the store unchanged
// after every refusal; the generated default rules, back-references and in-use deletes.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kNsg = Env::Id("Microsoft.Network/networkSecurityGroups/nsg1");
const std::string kRt = Env::Id("Microsoft.Network/routeTables/rt1");
const std::string kSep = Env::Id("Microsoft.Network/serviceEndpointPolicies/sep1");
const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kNic = Env::Id("Microsoft.Network/networkInterfaces/nic1");

std::string Asg(int i) {
  return Env::Id("Microsoft.Network/applicationSecurityGroups/asg" + std::to_string(i));
}

// The body of a reply (GETs carry it serialized).
Json BodyOf(const Reply& reply) {
  if (reply.text) return Json::parse(*reply.text);
  return reply.body;
}

Json GetBody(Env& env, const std::string& id) {
  Result<Reply> r = env.Get(id);
  return r.ok() ? BodyOf(*r) : Json();
}

// Removes every "etag" (they differ between two stores holding the same documents).
Json WithoutEtags(Json j) {
  if (j.is_object()) {
    j.erase("etag");
    for (auto& [key, value] : j.items()) value = WithoutEtags(value);
  } else if (j.is_array()) {
    for (Json& e : j) e = WithoutEtags(e);
  }
  return j;
}

// A valid rule's properties with `changes` applied (null removes a property).
Json RuleProps(const Json& changes = Json::object()) {
  Json p = {{"protocol", "Tcp"},
            {"access", "Allow"},
            {"direction", "Inbound"},
            {"priority", 100},
            {"sourceAddressPrefix", "*"},
            {"sourcePortRange", "*"},
            {"destinationAddressPrefix", "10.0.0.0/24"},
            {"destinationPortRange", "80"}};
  for (auto& [key, value] : changes.items()) {
    if (value.is_null()) {
      p.erase(key);
    } else {
      p[key] = value;
    }
  }
  return p;
}

Json Rule(const std::string& name, const Json& props) {
  return Json{{"name", name}, {"properties", props}};
}

Json Nsg(Json rules = Json::array()) {
  return Json{{"location", "eastus"}, {"properties", {{"securityRules", rules}}}};
}

// A NIC in `subnet` with `extra` properties on the NIC and `ip_extra` on its IP configuration.
Json Nic(const std::string& subnet, Json extra = Json::object(), Json ip_extra = Json::object()) {
  Json ip = ip_extra;
  ip["subnet"] = {{"id", subnet}};
  extra["ipConfigurations"] = Json::array({{{"name", "ipconfig1"}, {"properties", ip}}});
  return Json{{"location", "eastus"}, {"properties", extra}};
}

// Env with 11 ASGs (asg0..asg10) for the ASG rows.
void AddAsgs(Env& env) {
  for (int i = 0; i <= 10; ++i) ASSERT_OK(env.Put(Asg(i), Json{{"location", "eastus"}}));
}

// Expects `code` from PUT `id` `body`, and neither the revision nor `watch` to change.
void ExpectRefused(Env& env, const std::string& id, const Json& body, const std::string& code,
                   const std::string& watch) {
  int64_t before = env.rm().revision();
  Json watched = GetBody(env, watch);
  EXPECT_EQ(env.PutError(id, body), code);
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, watch), watched);
}

TEST(SecurityHandlersTest, RefusesInvalidSecurityRules) {
  struct Case {
    std::string what;
    Json changes;
    std::string code;
    std::string name = "r1";
  };
  std::vector<std::string> many_prefixes;
  for (int i = 0; i < 4001; ++i) {
    many_prefixes.push_back("10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".1");
  }
  Json eleven_asgs = Json::array();
  for (int i = 0; i <= 10; ++i) eleven_asgs.push_back({{"id", Asg(i)}});
  const Case kCases[] = {
      {"protocol missing", {{"protocol", nullptr}}, "MissingRequiredParameter"},
      {"protocol unknown", {{"protocol", "Sctp"}}, "InvalidRequestFormat"},
      {"access missing", {{"access", nullptr}}, "MissingRequiredParameter"},
      {"access unknown", {{"access", "Permit"}}, "InvalidRequestFormat"},
      {"direction missing", {{"direction", nullptr}}, "MissingRequiredParameter"},
      {"direction unknown", {{"direction", "Sideways"}}, "InvalidRequestFormat"},
      {"priority missing", {{"priority", nullptr}}, "MissingRequiredParameter"},
      {"priority not a number", {{"priority", "high"}}, "InvalidRequestFormat"},
      {"priority below 100", {{"priority", 99}}, "SecurityRuleInvalidPriority"},
      {"priority above 4096", {{"priority", 4097}}, "SecurityRuleInvalidPriority"},
      {"port above 65535", {{"destinationPortRange", "70000"}}, "SecurityRuleInvalidPortRange"},
      {"port range reversed",
       {{"destinationPortRange", "2000-1000"}},
       "SecurityRuleInvalidPortRange"},
      {"port range half open", {{"destinationPortRange", "80-"}}, "SecurityRuleInvalidPortRange"},
      {"port by name", {{"sourcePortRange", "http"}}, "SecurityRuleInvalidPortRange"},
      {"port list with a bad entry",
       {{"destinationPortRange", nullptr}, {"destinationPortRanges", {"80", "x"}}},
       "SecurityRuleInvalidPortRange"},
      {"star in a port list",
       {{"destinationPortRange", nullptr}, {"destinationPortRanges", {"80", "*"}}},
       "SecurityRuleParameterContainsInvalidPortRanges"},
      {"port and port list", {{"destinationPortRanges", {"443"}}}, "SecurityRuleInvalidPortRange"},
      {"no source port", {{"sourcePortRange", nullptr}}, "MissingRequiredParameter"},
      {"unparsable prefix",
       {{"sourceAddressPrefix", "10.0.0.0/33"}},
       "SecurityRuleInvalidAddressPrefix"},
      {"prefix with a bad character",
       {{"sourceAddressPrefix", "any!"}},
       "SecurityRuleInvalidAddressPrefix"},
      {"host bits",
       {{"destinationAddressPrefix", "20.20.20.20/16"}},
       "SecurityRuleInvalidAddressPrefix"},
      {"tag in a prefix list",
       {{"sourceAddressPrefix", nullptr}, {"sourceAddressPrefixes", {"10.1.0.0/16", "Internet"}}},
       "SecurityRuleParameterContainsUnsupportedValue"},
      {"star in a prefix list",
       {{"sourceAddressPrefix", nullptr}, {"sourceAddressPrefixes", {"*"}}},
       "SecurityRuleParameterContainsUnsupportedValue"},
      {"ipv4 and ipv6 across sides",
       {{"sourceAddressPrefix", "fd00::/64"}},
       "SecurityRuleAddressPrefixesHaveMixedIpVersions"},
      {"ipv4 and ipv6 in one list",
       {{"destinationAddressPrefix", nullptr},
        {"destinationAddressPrefixes", {"10.0.0.0/24", "fd00::1"}}},
       "SecurityRuleAddressPrefixesHaveMixedIpVersions"},
      {"too many prefixes",
       {{"destinationAddressPrefix", nullptr}, {"destinationAddressPrefixes", many_prefixes}},
       "SecurityRuleAddressPrefixCountLimitReached"},
      {"prefix and asg",
       {{"sourceApplicationSecurityGroups", {{{"id", Asg(0)}}}}},
       "SecurityRuleInvalidAddressPrefix"},
      {"missing asg",
       {{"sourceAddressPrefix", nullptr},
        {"sourceApplicationSecurityGroups",
         {{{"id", Env::Id("Microsoft.Network/applicationSecurityGroups/none")}}}}},
       "InvalidResourceReference"},
      {"asg id of another type",
       {{"sourceAddressPrefix", nullptr}, {"sourceApplicationSecurityGroups", {{{"id", kNsg}}}}},
       "InvalidResourceReference"},
      {"eleven asgs",
       {{"destinationAddressPrefix", nullptr},
        {"destinationApplicationSecurityGroups", eleven_asgs}},
       "NumberOfApplicationSecurityGroupsReferencedInSecurityRuleLimitReached"},
      {"no destination", {{"destinationAddressPrefix", nullptr}}, "MissingRequiredParameter"},
      {"description too long",
       {{"description", std::string(141, 'd')}},
       "SecurityRuleInvalidDescription"},
      {"bad rule name", Json::object(), "InvalidResourceName", "-bad"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    AddAsgs(env);
    ASSERT_OK(env.Put(kNsg, Nsg()));
    // Inline, in the NSG document.
    ExpectRefused(env, kNsg, Nsg({Rule(c.name, RuleProps(c.changes))}), c.code, kNsg);
    // At the rule's own path.
    ExpectRefused(env, kNsg + "/securityRules/" + c.name,
                  Json{{"properties", RuleProps(c.changes)}}, c.code, kNsg);
  }
}

TEST(SecurityHandlersTest, RefusesInvalidGroups) {
  Json thousand_and_one = Json::array();
  for (int i = 0; i < 1001; ++i) {
    thousand_and_one.push_back(Rule("r" + std::to_string(i),
                                    RuleProps({{"priority", 100 + i % 3997},
                                               {"direction", i < 3997 ? "Inbound" : "Outbound"}})));
  }
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"same priority and direction",
       Nsg({Rule("r1", RuleProps()), Rule("r2", RuleProps({{"destinationPortRange", "81"}}))}),
       "SecurityRuleConflict"},
      {"same priority, direction in another casing",
       Nsg({Rule("r1", RuleProps()), Rule("r2", RuleProps({{"direction", "inbound"}}))}),
       "SecurityRuleConflict"},
      {"1001 rules", Nsg(thousand_and_one), "SecurityRuleCountLimitReached"},
      {"flushConnection not a bool",
       Json{{"location", "eastus"}, {"properties", {{"flushConnection", "yes"}}}},
       "InvalidRequestFormat"},
      {"duplicate rule names", Nsg({Rule("r1", RuleProps()), Rule("R1", RuleProps())}),
       "DuplicateResourceName"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    ASSERT_OK(env.Put(kNsg, Nsg()));
    ExpectRefused(env, kNsg, c.body, c.code, kNsg);
  }
  // A rule PUT at its own path that takes an existing rule's priority.
  Env env;
  ASSERT_OK(env.Put(kNsg, Nsg({Rule("r1", RuleProps())})));
  ExpectRefused(env, kNsg + "/securityRules/r2", Json{{"properties", RuleProps()}},
                "SecurityRuleConflict", kNsg);
  // Default rules are the platform's.
  ExpectRefused(env, kNsg + "/defaultSecurityRules/DenyAllInBound",
                Json{{"properties", Json::object()}}, "OperationNotAllowed", kNsg);
}

// The default rules as the REST example NetworkSecurityGroupCreate.json shows them, with the
// type, etag and empty list properties real responses carry (test_network_nsg.yaml recording).
Json ExpectedDefaultRules(const std::string& nsg_id, const std::string& etag) {
  Json rules = Json::parse(R"([
    {"name": "AllowVnetInBound", "properties": {
      "description": "Allow inbound traffic from all VMs in VNET",
      "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "VirtualNetwork",
      "access": "Allow", "priority": 65000, "direction": "Inbound"}},
    {"name": "AllowAzureLoadBalancerInBound", "properties": {
      "description": "Allow inbound traffic from azure load balancer",
      "sourceAddressPrefix": "AzureLoadBalancer", "destinationAddressPrefix": "*",
      "access": "Allow", "priority": 65001, "direction": "Inbound"}},
    {"name": "DenyAllInBound", "properties": {
      "description": "Deny all inbound traffic",
      "sourceAddressPrefix": "*", "destinationAddressPrefix": "*",
      "access": "Deny", "priority": 65500, "direction": "Inbound"}},
    {"name": "AllowVnetOutBound", "properties": {
      "description": "Allow outbound traffic from all VMs to all VMs in VNET",
      "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "VirtualNetwork",
      "access": "Allow", "priority": 65000, "direction": "Outbound"}},
    {"name": "AllowInternetOutBound", "properties": {
      "description": "Allow outbound traffic from all VMs to Internet",
      "sourceAddressPrefix": "*", "destinationAddressPrefix": "Internet",
      "access": "Allow", "priority": 65001, "direction": "Outbound"}},
    {"name": "DenyAllOutBound", "properties": {
      "description": "Deny all outbound traffic",
      "sourceAddressPrefix": "*", "destinationAddressPrefix": "*",
      "access": "Deny", "priority": 65500, "direction": "Outbound"}}
  ])");
  for (Json& r : rules) {
    r["id"] = nsg_id + "/defaultSecurityRules/" + r["name"].get<std::string>();
    r["type"] = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules";
    r["etag"] = etag;
    Json& p = r["properties"];
    p["provisioningState"] = "Succeeded";
    p["protocol"] = "*";
    p["sourcePortRange"] = "*";
    p["destinationPortRange"] = "*";
    for (const char* key : {"sourcePortRanges", "destinationPortRanges", "sourceAddressPrefixes",
                            "destinationAddressPrefixes"})
      p[key] = Json::array();
  }
  return rules;
}

TEST(SecurityHandlersTest, GeneratesDefaultRules) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(kNsg, Json{{"location", "eastus"}}));
  EXPECT_EQ(created.http_status, 201);
  Json nsg = GetBody(env, kNsg);
  EXPECT_EQ(nsg["properties"]["defaultSecurityRules"], ExpectedDefaultRules(kNsg, nsg["etag"]));
  EXPECT_EQ(nsg["properties"]["securityRules"], Json::array());
  EXPECT_EQ(nsg["properties"]["provisioningState"], "Succeeded");
  std::string guid = nsg["properties"]["resourceGuid"];
  EXPECT_EQ(guid.size(), 36u);
  EXPECT_FALSE(nsg["properties"].contains("subnets"));
  EXPECT_FALSE(nsg["properties"].contains("networkInterfaces"));

  // A PUT that tampers with the read-only properties gets them back as the platform makes them.
  Json tampered = nsg;
  tampered["properties"]["defaultSecurityRules"] = Json::array();
  tampered["properties"]["resourceGuid"] = "00000000-0000-0000-0000-000000000000";
  ASSERT_OK(env.Put(kNsg, tampered));
  Json again = GetBody(env, kNsg);
  EXPECT_EQ(again["properties"]["defaultSecurityRules"], ExpectedDefaultRules(kNsg, again["etag"]));
  EXPECT_EQ(again["properties"]["resourceGuid"], guid);

  // Deleting a rule at its own path keeps the default rules whole.
  ASSERT_OK(env.Put(kNsg + "/securityRules/r1", Json{{"properties", RuleProps()}}));
  ASSERT_OK(env.Delete(kNsg + "/securityRules/r1"));
  Json after = GetBody(env, kNsg);
  EXPECT_EQ(after["properties"]["securityRules"], Json::array());
  EXPECT_EQ(after["properties"]["defaultSecurityRules"], ExpectedDefaultRules(kNsg, after["etag"]));

  ASSERT_OK_AND_ASSIGN(Reply one, env.Get(kNsg + "/defaultSecurityRules/denyallinbound"));
  EXPECT_EQ(BodyOf(one), ExpectedDefaultRules(kNsg, after["etag"])[2]);
}

TEST(SecurityHandlersTest, RulePutAtItsPathEqualsInline) {
  Json props = RuleProps({{"protocol", "tcp"},
                          {"access", "deny"},
                          {"direction", "outbound"},
                          {"priority", 130},
                          {"description", "block web"},
                          {"destinationPortRange", nullptr},
                          {"destinationPortRanges", {"80", "443", "8000-8080"}}});
  Env inline_env;
  ASSERT_OK(inline_env.Put(kNsg, Nsg({Rule("web", props)})));
  Env path_env;
  ASSERT_OK(path_env.Put(kNsg, Nsg()));
  ASSERT_OK_AND_ASSIGN(Reply put,
                       path_env.Put(kNsg + "/securityRules/web", Json{{"properties", props}}));
  EXPECT_EQ(put.http_status, 201);
  Json a = WithoutEtags(GetBody(inline_env, kNsg));
  Json b = WithoutEtags(GetBody(path_env, kNsg));
  EXPECT_EQ(a, b);

  Json rule = GetBody(path_env, kNsg + "/securityRules/web");
  Json expected = {{"name", "web"},
                   {"id", kNsg + "/securityRules/web"},
                   {"type", "Microsoft.Network/networkSecurityGroups/securityRules"},
                   {"etag", GetBody(path_env, kNsg)["etag"]},
                   {"properties",
                    {{"provisioningState", "Succeeded"},
                     {"description", "block web"},
                     {"protocol", "Tcp"},
                     {"access", "Deny"},
                     {"direction", "Outbound"},
                     {"priority", 130},
                     {"sourcePortRange", "*"},
                     {"sourcePortRanges", Json::array()},
                     {"destinationPortRanges", {"80", "443", "8000-8080"}},
                     {"sourceAddressPrefix", "*"},
                     {"sourceAddressPrefixes", Json::array()},
                     {"destinationAddressPrefix", "10.0.0.0/24"},
                     {"destinationAddressPrefixes", Json::array()}}}};
  EXPECT_EQ(rule, expected);
}

TEST(SecurityHandlersTest, AcceptsValidRuleForms) {
  struct Case {
    std::string what;
    Json changes;
  };
  const Case kCases[] = {
      {"service tag", {{"sourceAddressPrefix", "VirtualNetwork"}}},
      {"regional service tag", {{"destinationAddressPrefix", "Storage.WestUS"}}},
      {"tag in another casing", {{"sourceAddressPrefix", "internet"}}},
      {"single ip", {{"sourceAddressPrefix", "10.1.2.3"}}},
      {"integer ipv4 (as recorded)", {{"sourceAddressPrefix", "789"}}},
      {"ipv6 on both sides",
       {{"sourceAddressPrefix", "fd00::/64"}, {"destinationAddressPrefix", "fd01::1"}}},
      {"prefix lists",
       {{"sourceAddressPrefix", nullptr}, {"sourceAddressPrefixes", {"10.1.0.0/16", "10.2.0.4"}}}},
      {"asgs",
       {{"sourceAddressPrefix", ""},
        {"sourceApplicationSecurityGroups", {{{"id", Asg(0)}}, {{"id", Asg(1)}}}}}},
      {"icmp with ports", {{"protocol", "Icmp"}}},
      {"esp", {{"protocol", "ESP"}}},
      {"full port range", {{"destinationPortRange", "0-65535"}}},
      {"priority 4096", {{"priority", 4096}}},
      {"description of 140", {{"description", std::string(140, 'd')}}},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    AddAsgs(env);
    EXPECT_EQ(env.PutError(kNsg, Nsg({Rule("r1", RuleProps(c.changes))})), "");
  }
  // One priority may be used once per direction.
  Env env;
  EXPECT_EQ(env.PutError(kNsg, Nsg({Rule("in", RuleProps()),
                                    Rule("out", RuleProps({{"direction", "Outbound"}}))})),
            "");
  EXPECT_EQ(GetBody(env, kNsg)["properties"]["securityRules"][0]["properties"]["protocol"], "Tcp");
}

TEST(SecurityHandlersTest, NsgInUseCannotBeDeleted) {
  Env env;
  ASSERT_OK(env.Put(kNsg, Nsg()));
  Json vnet = {
      {"location", "eastus"},
      {"properties",
       {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
        {"subnets",
         {{{"name", "web"},
           {"properties",
            {{"addressPrefix", "10.0.0.0/24"}, {"networkSecurityGroup", {{"id", kNsg}}}}}}}}}}};
  ASSERT_OK(env.Put(kVnet, vnet));
  const std::string subnet = kVnet + "/subnets/web";
  ASSERT_OK(env.Put(kNic, Nic(subnet, {{"networkSecurityGroup", {{"id", kNsg}}}})));
  Json nsg = GetBody(env, kNsg);
  EXPECT_EQ(nsg["properties"]["subnets"], (Json{{{"id", kVnet + "/subnets/web"}}}));
  EXPECT_EQ(nsg["properties"]["networkInterfaces"], (Json{{{"id", kNic}}}));

  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kNsg), "InUseNetworkSecurityGroupCannotBeDeleted");
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, kNsg), nsg);

  // The NIC alone still holds it.
  vnet["properties"]["subnets"][0]["properties"].erase("networkSecurityGroup");
  ASSERT_OK(env.Put(kVnet, vnet));
  EXPECT_EQ(env.DeleteError(kNsg), "InUseNetworkSecurityGroupCannotBeDeleted");
  EXPECT_FALSE(GetBody(env, kNsg)["properties"].contains("subnets"));
  ASSERT_OK(env.Put(kNic, Nic(subnet)));
  EXPECT_EQ(env.DeleteError(kNsg), "");
  EXPECT_FALSE(env.Get(kNsg).ok());
}

TEST(SecurityHandlersTest, ApplicationSecurityGroups) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(Asg(0), Json{{"location", "eastus"}}));
  std::string guid = created.body["properties"]["resourceGuid"];
  EXPECT_EQ(guid.size(), 36u);
  EXPECT_EQ(created.body["properties"]["provisioningState"], "Succeeded");
  ASSERT_OK(env.Put(Asg(0), Json{{"location", "eastus"}, {"tags", {{"a", "b"}}}}));
  EXPECT_EQ(GetBody(env, Asg(0))["properties"]["resourceGuid"], guid);

  // Used by an NSG rule.
  ASSERT_OK(env.Put(
      kNsg,
      Nsg({Rule("r1", RuleProps({{"sourceAddressPrefix", nullptr},
                                 {"sourceApplicationSecurityGroups", {{{"id", Asg(0)}}}}}))})));
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(Asg(0)), "InUseApplicationSecurityGroupCannotBeDeleted");
  EXPECT_EQ(env.rm().revision(), before);
  ASSERT_OK(env.Delete(kNsg));

  // Used by a NIC IP configuration.
  ASSERT_OK(env.Put(
      kVnet, Json{{"location", "eastus"},
                  {"properties",
                   {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                    {"subnets",
                     {{{"name", "web"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}}));
  ASSERT_OK(env.Put(kNic, Nic(kVnet + "/subnets/web", Json::object(),
                              {{"applicationSecurityGroups", {{{"id", Asg(0)}}}}})));
  Result<Reply> refused = env.Delete(Asg(0));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "InUseApplicationSecurityGroupCannotBeDeleted");
  EXPECT_NE(refused.status().message().find(kNic + "/ipConfigurations/ipconfig1"),
            std::string::npos)
      << refused.status().message();
  ASSERT_OK(env.Delete(kNic));
  EXPECT_EQ(env.DeleteError(Asg(0)), "");
}

// ---------------------------------------------------------------------------------------------
// Route tables

Json RouteProps(const Json& changes = Json::object()) {
  Json p = {{"addressPrefix", "10.1.0.0/16"}, {"nextHopType", "VirtualNetworkGateway"}};
  for (auto& [key, value] : changes.items()) {
    if (value.is_null()) {
      p.erase(key);
    } else {
      p[key] = value;
    }
  }
  return p;
}

Json RouteTable(Json routes = Json::array()) {
  return Json{{"location", "eastus"}, {"properties", {{"routes", routes}}}};
}

TEST(SecurityHandlersTest, RefusesInvalidRoutes) {
  struct Case {
    std::string what;
    Json changes;
    std::string code;
  };
  const Case kCases[] = {
      {"next hop type missing", {{"nextHopType", nullptr}}, "MissingRequiredParameter"},
      {"next hop type unknown", {{"nextHopType", "Teleport"}}, "InvalidRequestFormat"},
      {"peering next hop not for users", {{"nextHopType", "VNetPeering"}}, "InvalidRequestFormat"},
      {"appliance without ip",
       {{"nextHopType", "VirtualAppliance"}},
       "RouteNextHopIpAddressRequired"},
      {"appliance with a bad ip",
       {{"nextHopType", "VirtualAppliance"}, {"nextHopIpAddress", "10.0.0"}},
       "InvalidNextHopIpAddress"},
      {"ip with internet",
       {{"nextHopType", "Internet"}, {"nextHopIpAddress", "10.0.0.4"}},
       "InvalidNextHopIpAddress"},
      {"address prefix missing", {{"addressPrefix", nullptr}}, "MissingRequiredParameter"},
      {"address prefix unparsable",
       {{"addressPrefix", "10.0.0.0/33"}},
       "InvalidAddressPrefixFormat"},
      {"address prefix with host bits", {{"addressPrefix", "10.0.0.1/24"}}, "InvalidCIDRNotation"},
      {"address prefix not a tag",
       {{"addressPrefix", "Storage-West"}},
       "InvalidAddressPrefixFormat"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    ASSERT_OK(env.Put(kRt, RouteTable()));
    ExpectRefused(env, kRt,
                  RouteTable({Json{{"name", "r1"}, {"properties", RouteProps(c.changes)}}}), c.code,
                  kRt);
    ExpectRefused(env, kRt + "/routes/r1", Json{{"properties", RouteProps(c.changes)}}, c.code,
                  kRt);
  }
}

TEST(SecurityHandlersTest, RefusesInvalidRouteTables) {
  auto route = [](const std::string& name, const std::string& prefix) {
    return Json{{"name", name}, {"properties", RouteProps({{"addressPrefix", prefix}})}};
  };
  Json too_many = Json::array();
  for (int i = 0; i < 401; ++i) {
    too_many.push_back(route("r" + std::to_string(i), "10." + std::to_string(i / 256) + "." +
                                                          std::to_string(i % 256) + ".0/24"));
  }
  Json tags = Json::array();
  for (int i = 0; i < 26; ++i)
    tags.push_back(route("t" + std::to_string(i), "Tag" + std::to_string(i)));
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"same prefix twice", RouteTable({route("a", "10.0.0.0/8"), route("b", "10.0.0.0/8")}),
       "RouteConflict"},
      {"same tag in two casings", RouteTable({route("a", "Storage"), route("b", "storage")}),
       "RouteConflict"},
      {"401 routes", RouteTable(too_many), "RouteCountLimitReached"},
      {"26 tag routes", RouteTable(tags), "ServiceTagRouteCountLimitReached"},
      {"disableBgpRoutePropagation not a bool",
       Json{{"location", "eastus"}, {"properties", {{"disableBgpRoutePropagation", "yes"}}}},
       "InvalidRequestFormat"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    ASSERT_OK(env.Put(kRt, RouteTable()));
    ExpectRefused(env, kRt, c.body, c.code, kRt);
  }
  Env env;
  ASSERT_OK(env.Put(kRt, RouteTable({route("a", "10.0.0.0/8")})));
  ExpectRefused(env, kRt + "/routes/b",
                Json{{"properties", RouteProps({{"addressPrefix", "10.0.0.0/8"}})}},
                "RouteConflict", kRt);
}

TEST(SecurityHandlersTest, RouteTableShapeAndUse) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(kRt, Json{{"location", "eastus"}}));
  Json table = created.body;
  EXPECT_EQ(table["properties"]["disableBgpRoutePropagation"], false);
  EXPECT_EQ(table["properties"]["routes"], Json::array());
  EXPECT_EQ(table["properties"]["resourceGuid"].get<std::string>().size(), 36u);
  EXPECT_FALSE(table["properties"].contains("subnets"));

  ASSERT_OK_AND_ASSIGN(Reply route,
                       env.Put(kRt + "/routes/nva", Json{{"properties",
                                                          {{"addressPrefix", "0.0.0.0/0"},
                                                           {"nextHopType", "virtualappliance"},
                                                           {"nextHopIpAddress", "10.0.1.4"},
                                                           {"hasBgpOverride", true}}}}));
  Json expected = {{"name", "nva"},
                   {"id", kRt + "/routes/nva"},
                   {"type", "Microsoft.Network/routeTables/routes"},
                   {"etag", route.etag},
                   {"properties",
                    {{"provisioningState", "Succeeded"},
                     {"addressPrefix", "0.0.0.0/0"},
                     {"nextHopType", "VirtualAppliance"},
                     {"nextHopIpAddress", "10.0.1.4"},
                     {"hasBgpOverride", false}}}};
  EXPECT_EQ(route.body, expected);
  EXPECT_EQ(
      env.PutError(
          kRt + "/routes/tag",
          Json{{"properties", {{"addressPrefix", "Storage.EastUS"}, {"nextHopType", "Internet"}}}}),
      "");

  Json vnet = {
      {"location", "eastus"},
      {"properties",
       {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
        {"subnets",
         {{{"name", "app"},
           {"properties", {{"addressPrefix", "10.0.0.0/24"}, {"routeTable", {{"id", kRt}}}}}}}}}}};
  ASSERT_OK(env.Put(kVnet, vnet));
  Json used = GetBody(env, kRt);
  EXPECT_EQ(used["properties"]["subnets"], (Json{{{"id", kVnet + "/subnets/app"}}}));
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kRt), "InUseRouteTableCannotBeDeleted");
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, kRt), used);
  ASSERT_OK(env.Delete(kVnet));
  EXPECT_EQ(env.DeleteError(kRt), "");
}

// ---------------------------------------------------------------------------------------------
// Service endpoint policies

Json Definition(const std::string& name, const std::string& service, Json resources) {
  return Json{{"name", name},
              {"properties", {{"service", service}, {"serviceResources", resources}}}};
}

Json Policy(Json definitions = Json::array()) {
  return Json{{"location", "eastus"},
              {"properties", {{"serviceEndpointPolicyDefinitions", definitions}}}};
}

TEST(SecurityHandlersTest, RefusesInvalidEndpointPolicies) {
  std::vector<std::string> many;
  for (int i = 0; i < 201; ++i) many.push_back("/subscriptions/s" + std::to_string(i));
  const std::string account =
      "/subscriptions/sub2/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/acct";
  struct Case {
    std::string what;
    Json definition;
    std::string code;
  };
  const Case kCases[] = {
      {"unknown service", Definition("d", "Microsoft.Sql", {"/subscriptions/sub1"}),
       "InvalidServiceNameOnServiceEndpointPolicyDefinition"},
      {"no service", Json{{"name", "d"}, {"properties", Json::object()}},
       "InvalidServiceNameOnServiceEndpointPolicyDefinition"},
      {"sql server as a storage scope",
       Definition("d", "Microsoft.Storage",
                  {"/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.Sql/servers/s"}),
       "InvalidServiceResource"},
      {"container inside an account",
       Definition("d", "Microsoft.Storage", {account + "/blobServices/default"}),
       "InvalidServiceResource"},
      {"alias in a storage definition", Definition("d", "Microsoft.Storage", {"/services/Azure"}),
       "InvalidServiceResource"},
      {"unknown alias", Definition("d", "Global", {"/services/Azure/Bananas"}),
       "InvalidServiceResource"},
      {"scope in a global definition", Definition("d", "Global", {"/subscriptions/sub1"}),
       "InvalidServiceResource"},
      {"not a resource id", Definition("d", "Microsoft.Storage", {"storage account"}),
       "InvalidServiceResource"},
      {"201 resources", Definition("d", "Microsoft.Storage", many),
       "ServiceResourceCountLimitReached"},
      {"resources not a list", Definition("d", "Microsoft.Storage", "/subscriptions/sub1"),
       "InvalidRequestFormat"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Env env;
    ASSERT_OK(env.Put(kSep, Policy()));
    ExpectRefused(env, kSep, Policy({c.definition}), c.code, kSep);
    ExpectRefused(env, kSep + "/serviceEndpointPolicyDefinitions/d",
                  Json{{"properties", c.definition["properties"]}}, c.code, kSep);
  }
  // One Microsoft.Storage definition per policy, inline or added at its own path.
  Env env;
  ExpectRefused(env, kSep,
                Policy({Definition("a", "Microsoft.Storage", {"/subscriptions/sub1"}),
                        Definition("b", "microsoft.storage", {account})}),
                "ServiceEndpointPolicyCannotHaveMultipleDefinitionsForService", kSep);
  ASSERT_OK(env.Put(kSep, Policy({Definition("a", "Microsoft.Storage", {"/subscriptions/sub1"})})));
  ExpectRefused(env, kSep + "/serviceEndpointPolicyDefinitions/b",
                Definition("b", "Microsoft.Storage", {account}),
                "ServiceEndpointPolicyCannotHaveMultipleDefinitionsForService", kSep);
}

TEST(SecurityHandlersTest, EndpointPolicyShapeAndUse) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply created, env.Put(kSep, Json{{"location", "eastus"}}));
  EXPECT_EQ(created.body["properties"]["serviceEndpointPolicyDefinitions"], Json::array());
  EXPECT_EQ(created.body["properties"]["subnets"], Json::array());
  EXPECT_EQ(created.body["kind"], "");
  std::string guid = created.body["properties"]["resourceGuid"];
  EXPECT_EQ(guid.size(), 36u);

  // The REST example's definition, and a Global one with aliases in other casings.
  Json example =
      Definition("StorageServiceEndpointPolicyDefinition", "microsoft.storage",
                 {"/subscriptions/subid1", "/subscriptions/subid1/resourceGroups/storageRg",
                  "/subscriptions/subid1/resourceGroups/storageRg/providers/"
                  "Microsoft.Storage/storageAccounts/stAccount"});
  example["properties"]["description"] = "Storage Service EndpointPolicy Definition";
  ASSERT_OK(
      env.Put(kSep, Policy({example, Definition("aliases", "global",
                                                {"/services/azure", "/services/Azure/batch"})})));
  Json policy = GetBody(env, kSep);
  EXPECT_EQ(policy["properties"]["resourceGuid"], guid);
  Json& defs = policy["properties"]["serviceEndpointPolicyDefinitions"];
  EXPECT_EQ(defs[0]["properties"]["service"], "Microsoft.Storage");
  EXPECT_EQ(defs[0]["properties"]["serviceResources"], example["properties"]["serviceResources"]);
  EXPECT_EQ(defs[0]["type"],
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions");
  EXPECT_EQ(defs[1]["properties"]["service"], "Global");
  EXPECT_EQ(defs[1]["properties"]["serviceResources"],
            (Json{"/services/Azure", "/services/Azure/Batch"}));

  Json vnet = {{"location", "eastus"},
               {"properties",
                {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                 {"subnets",
                  {{{"name", "data"},
                    {"properties",
                     {{"addressPrefix", "10.0.0.0/24"},
                      {"serviceEndpoints", {{{"service", "Microsoft.Storage"}}}},
                      {"serviceEndpointPolicies", {{{"id", kSep}}}}}}}}}}}};
  ASSERT_OK(env.Put(kVnet, vnet));
  Json used = GetBody(env, kSep);
  EXPECT_EQ(used["properties"]["subnets"], (Json{{{"id", kVnet + "/subnets/data"}}}));
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kSep), "InUseServiceEndpointPolicyCannotBeDeleted");
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, kSep), used);
  ASSERT_OK(env.Delete(kVnet));
  EXPECT_EQ(env.DeleteError(kSep), "");
}

}  // namespace
}  // namespace vnet::control
