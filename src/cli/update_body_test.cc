// Tests that update bodies drop what the server computes and keep what the user set.
#include "cli/internal/update_body.h"

#include <gtest/gtest.h>

namespace vnet::cli {
namespace {

TEST(UpdateBodyTest, SubnetKeepsIdentityDropsComputed) {
  const Json got = Json::parse(R"({"name":"s","id":"/x/subnets/s","etag":"W/\"1\"",
      "type":"Microsoft.Network/virtualNetworks/subnets",
      "properties":{"provisioningState":"Succeeded","addressPrefix":"10.0.0.0/24",
        "ipConfigurations":[{"id":"/nic/ipconfigurations/ipconfig1"}],
        "serviceEndpoints":[{"provisioningState":"Succeeded","service":"Microsoft.Storage",
                             "locations":["*"]}],
        "networkSecurityGroup":{"id":"/nsg"}}})");
  EXPECT_EQ(NetworkUpdateBody(got), Json::parse(R"({"name":"s","id":"/x/subnets/s",
      "type":"Microsoft.Network/virtualNetworks/subnets",
      "properties":{"addressPrefix":"10.0.0.0/24",
        "serviceEndpoints":[{"service":"Microsoft.Storage","locations":["*"]}],
        "networkSecurityGroup":{"id":"/nsg"}}})"));
}

TEST(UpdateBodyTest, TopLevelDropsNameAndTypeAndStripsChildren) {
  const Json got = Json::parse(R"({"name":"v","id":"/v","etag":"e","location":"westus",
      "type":"Microsoft.Network/virtualNetworks",
      "properties":{"provisioningState":"Succeeded","resourceGuid":"g",
        "subnets":[{"name":"a","etag":"e","properties":{"provisioningState":"Succeeded",
                    "addressPrefix":"10.0.0.0/24","ipConfigurations":[{"id":"/i"}]}}]}})");
  EXPECT_EQ(NetworkUpdateBody(got), Json::parse(R"({"id":"/v","location":"westus",
      "properties":{"subnets":[{"name":"a","properties":{"addressPrefix":"10.0.0.0/24"}}]}})"));
}

TEST(UpdateBodyTest, NsgDropsReadOnlyLists) {
  const Json got = Json::parse(R"({"id":"/n","location":"l",
      "type":"Microsoft.Network/networkSecurityGroups",
      "properties":{"securityRules":[{"name":"r","etag":"e","properties":{"priority":100}}],
        "defaultSecurityRules":[{"name":"AllowVnetInBound"}],"subnets":[{"id":"/s"}]}})");
  EXPECT_EQ(NetworkUpdateBody(got), Json::parse(R"({"id":"/n","location":"l",
      "properties":{"securityRules":[{"name":"r","properties":{"priority":100}}]}})"));
}

}  // namespace
}  // namespace vnet::cli
