// Tests for -o json/table/tsv rendering: exact bytes, since scripts and scenario tests diff them.
#include "cli/internal/output.h"

#include <gtest/gtest.h>

namespace vnet::cli {
namespace {

const Json kSubnets = Json::parse(R"([
  {"name":"default","id":"/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/default",
   "type":"Microsoft.Network/virtualNetworks/subnets",
   "properties":{"addressPrefix":"10.0.0.0/24","provisioningState":"Succeeded"}},
  {"name":"web","id":"/subscriptions/s/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/web",
   "type":"Microsoft.Network/virtualNetworks/subnets",
   "properties":{"addressPrefixes":["10.0.1.0/24","10.0.2.0/24"],"provisioningState":"Updating"}}])");

TEST(OutputTest, ParseOutputFormat) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(*ParseOutputFormat("TABLE"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("tsv"), OutputFormat::kTsv);
  EXPECT_EQ(*ParseOutputFormat("none"), OutputFormat::kNone);
  Result<OutputFormat> bad = ParseOutputFormat("yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "UsageError");
}

TEST(OutputTest, JsonIsPrettyAndSorted) {
  const Json v = Json::parse(R"({"b":1,"a":{"y":[1,2],"x":"s"}})");
  EXPECT_EQ(Render(v, OutputFormat::kJson),
            "{\n  \"a\": {\n    \"x\": \"s\",\n    \"y\": [\n      1,\n      2\n    ]\n  },\n"
            "  \"b\": 1\n}\n");
  EXPECT_EQ(Render(Json(nullptr), OutputFormat::kJson), "");
  EXPECT_EQ(Render(Json::array(), OutputFormat::kJson), "[]\n");
}

TEST(OutputTest, TableOfSubnets) {
  EXPECT_EQ(Render(kSubnets, OutputFormat::kTable),
            "Name     ResourceGroup  ProvisioningState  AddressPrefix\n"
            "-------  -------------  -----------------  -----------------------\n"
            "default  rg1            Succeeded          10.0.0.0/24\n"
            "web      rg1            Updating           10.0.1.0/24,10.0.2.0/24\n");
}

TEST(OutputTest, TsvOfSubnets) {
  EXPECT_EQ(Render(kSubnets, OutputFormat::kTsv),
            "default\trg1\tSucceeded\t10.0.0.0/24\n"
            "web\trg1\tUpdating\t10.0.1.0/24,10.0.2.0/24\n");
}

TEST(OutputTest, TableUnwrapsCreateResultAndShowsLocation) {
  const Json created = Json::parse(R"({"newVNet":{"name":"v","location":"eastus",
      "id":"/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/v",
      "type":"Microsoft.Network/virtualNetworks",
      "properties":{"provisioningState":"Succeeded","addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}})");
  EXPECT_EQ(Render(created, OutputFormat::kTable),
            "Name  ResourceGroup  Location  ProvisioningState  AddressPrefixes\n"
            "----  -------------  --------  -----------------  ---------------\n"
            "v     RG             eastus    Succeeded          10.0.0.0/16\n");
}

TEST(OutputTest, ConnectionStatusColumn) {
  const Json conn = Json::parse(
      R"({"name":"c1","id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/privateEndpointConnections/c1",
      "type":"Microsoft.Storage/storageAccounts/privateEndpointConnections",
      "properties":{"provisioningState":"Succeeded",
        "privateLinkServiceConnectionState":{"status":"Rejected","description":null}}})");
  EXPECT_EQ(Render(conn, OutputFormat::kTsv), "c1\trg\tSucceeded\tRejected\t\n");
}

TEST(OutputTest, RuleListsRenderOneRowPerRule) {
  const Json lists = Json::parse(R"({"ipRules":[{"value":"25.1.2.3","action":"Allow"}],
      "virtualNetworkRules":[{"id":"/subnets/a","action":"Allow"}]})");
  EXPECT_EQ(Render(lists, OutputFormat::kTsv),
            "ipRules\tAllow\t\t25.1.2.3\n"
            "virtualNetworkRules\tAllow\t/subnets/a\t\n");
}

TEST(OutputTest, EmptyAndScalarResults) {
  EXPECT_EQ(Render(Json::array(), OutputFormat::kTable), "");
  EXPECT_EQ(Render(Json(true), OutputFormat::kTsv), "True\n");
  EXPECT_EQ(Render(Json(nullptr), OutputFormat::kTable), "");
  EXPECT_EQ(Render(Json::parse(R"({"a":1})"), OutputFormat::kNone), "");
}

}  // namespace
}  // namespace vnet::cli
