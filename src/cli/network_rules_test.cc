// Tests for rule-list merging: adds are idempotent, removes match "1.2.3.4" and "1.2.3.4/32" as
// one address, and storage ACLs are PATCHed back without an empty ipv6Rules.
#include "cli/internal/network_rules.h"

#include <gtest/gtest.h>

namespace vnet::cli {
namespace {

TEST(NetworkRulesTest, WithPrefixLength) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  const Case kCases[] = {{"1.2.3.4", "1.2.3.4/32"},
                         {"25.2.0.0/24", "25.2.0.0/24"},
                         {"fd00::1", "fd00::1/128"},
                         {" 1.2.3.4 ", "1.2.3.4/32"},
                         {"", ""}};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(WithPrefixLength(c.in), c.out);
  }
}

TEST(NetworkRulesTest, SameRuleValue) {
  EXPECT_TRUE(SameRuleValue("1.2.3.4", "1.2.3.4/32"));
  EXPECT_TRUE(SameRuleValue("/subscriptions/S/x", "/subscriptions/s/X"));
  EXPECT_FALSE(SameRuleValue("1.2.3.4", "1.2.3.5"));
  EXPECT_FALSE(SameRuleValue("25.2.0.0/24", "25.2.0.0/16"));
}

// storage/test_storage_account_service_endpoints.yaml: adding 25.1.2.3 twice leaves one entry,
// a bare IP stays bare and a CIDR stays a CIDR.
TEST(NetworkRulesTest, AddIsIdempotent) {
  Json acls = Json::object();
  EXPECT_TRUE(
      AddUniqueRule(acls, "ipRules", "value", {{"value", "25.1.2.3"}, {"action", "Allow"}}));
  EXPECT_FALSE(
      AddUniqueRule(acls, "ipRules", "value", {{"value", "25.1.2.3"}, {"action", "Allow"}}));
  EXPECT_TRUE(
      AddUniqueRule(acls, "ipRules", "value", {{"value", "25.2.0.0/24"}, {"action", "Allow"}}));
  EXPECT_FALSE(
      AddUniqueRule(acls, "ipRules", "value", {{"value", "25.2.0.0/24"}, {"action", "Allow"}}));
  EXPECT_EQ(acls, Json::parse(R"({"ipRules":[{"value":"25.1.2.3","action":"Allow"},
                                             {"value":"25.2.0.0/24","action":"Allow"}]})"));
}

TEST(NetworkRulesTest, AddMatchesNestedKeysAndIdCase) {
  Json props = {
      {"virtualNetworkRules", Json::array({{{"subnet", {{"id", "/subscriptions/s/A"}}},
                                            {"ignoreMissingVnetServiceEndpoint", true}}})}};
  EXPECT_FALSE(AddUniqueRule(props, "virtualNetworkRules", "subnet.id",
                             {{"subnet", {{"id", "/SUBSCRIPTIONS/s/a"}}}}));
  EXPECT_TRUE(AddUniqueRule(props, "virtualNetworkRules", "subnet.id",
                            {{"subnet", {{"id", "/subscriptions/s/b"}}}}));
  EXPECT_EQ(props["virtualNetworkRules"].size(), 2u);
}

TEST(NetworkRulesTest, RemoveMatchesNormalisedAddresses) {
  Json acls = Json::parse(R"({"ipRules":[{"value":"1.2.3.4/32"},{"value":"2.3.4.0/24"}]})");
  EXPECT_EQ(RemoveRules(acls, "ipRules", "value", "1.2.3.4"), 1);
  EXPECT_EQ(RemoveRules(acls, "ipRules", "value", "9.9.9.9"), 0);
  EXPECT_EQ(RemoveRules(acls, "missing", "value", "9.9.9.9"), 0);
  EXPECT_EQ(acls, Json::parse(R"({"ipRules":[{"value":"2.3.4.0/24"}]})"));
}

TEST(NetworkRulesTest, StorageAclsForPatch) {
  const Json account = Json::parse(R"({"properties":{"networkAcls":{"ipv6Rules":[],
      "bypass":"Logging","ipRules":[],"defaultAction":"Deny"}}})");
  EXPECT_EQ(StorageAclsForPatch(account),
            Json::parse(R"({"bypass":"Logging","ipRules":[],"virtualNetworkRules":[],
                           "defaultAction":"Deny"})"));
  // Non-empty IPv6 rules are the user's data: kept.
  const Json v6 =
      Json::parse(R"({"properties":{"networkAcls":{"ipv6Rules":[{"value":"fd00::/8"}]}}})");
  EXPECT_TRUE(StorageAclsForPatch(v6).contains("ipv6Rules"));
  EXPECT_EQ(StorageAclsForPatch(Json::object()),
            Json::parse(R"({"ipRules":[],"virtualNetworkRules":[]})"));
}

}  // namespace
}  // namespace vnet::cli
