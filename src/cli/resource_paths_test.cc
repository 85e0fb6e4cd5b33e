// Tests for id building, name-or-id resolution and reading types and parts back out of paths.
#include "cli/internal/resource_paths.h"

#include <gtest/gtest.h>

namespace vnet::cli {
namespace {

const Scope kScope{"sub1", "rg1"};

TEST(ResourcePathsTest, BuildsIds) {
  EXPECT_EQ(ResourceGroupId("sub1", "rg1"), "/subscriptions/sub1/resourceGroups/rg1");
  EXPECT_EQ(ResourceGroupPath("sub1", "rg1"), "/subscriptions/sub1/resourcegroups/rg1");
  EXPECT_EQ(
      ResourceId(kScope, "Microsoft.Network/virtualNetworks", "v1"),
      "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v1");
  EXPECT_EQ(ChildId("/x/virtualNetworks/v1", "subnets", "s1"), "/x/virtualNetworks/v1/subnets/s1");
  EXPECT_EQ(ListPath(kScope, "Microsoft.Network/virtualNetworks"),
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks");
  EXPECT_EQ(ListPath(Scope{"sub1", ""}, "Microsoft.Network/virtualNetworks"),
            "/subscriptions/sub1/providers/Microsoft.Network/virtualNetworks");
}

TEST(ResourcePathsTest, NameOrId) {
  struct Case {
    std::string_view value;
    std::string_view want;
  };
  const Case kCases[] = {
      {"nsg1",
       "/subscriptions/sub1/resourceGroups/rg1/providers/"
       "Microsoft.Network/networkSecurityGroups/nsg1"},
      // An id is taken as it is, even from another group or subscription.
      {"/subscriptions/other/resourceGroups/rg9/providers/Microsoft.Network/networkSecurityGroups/"
       "n",
       "/subscriptions/other/resourceGroups/rg9/providers/Microsoft.Network/networkSecurityGroups/"
       "n"},
      {"/SUBSCRIPTIONS/s/resourcegroups/r/providers/x/y/z",
       "/SUBSCRIPTIONS/s/resourcegroups/r/providers/x/y/z"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(NameOrId(c.value, kScope, "Microsoft.Network/networkSecurityGroups"), c.want);
  }
}

TEST(ResourcePathsTest, SubnetId) {
  Result<std::string> by_name = SubnetId("s1", "v1", kScope);
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(*by_name,
            "/subscriptions/sub1/resourceGroups/rg1/providers/"
            "Microsoft.Network/virtualNetworks/v1/subnets/s1");
  const std::string id =
      "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/"
      "virtualNetworks/v/subnets/x";
  Result<std::string> by_id = SubnetId(id, "", kScope);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(*by_id, id);
  Result<std::string> missing_vnet = SubnetId("s1", "", kScope);
  ASSERT_FALSE(missing_vnet.ok());
  EXPECT_EQ(missing_vnet.status().reason(), "UsageError");
  EXPECT_EQ(missing_vnet.status().message(),
            "usage error: --subnet ID | --subnet NAME --vnet-name NAME");
}

TEST(ResourcePathsTest, FullTypeOfPath) {
  struct Case {
    std::string_view path;
    std::string_view type;
  };
  const Case kCases[] = {
      {"/subscriptions/s/resourcegroups/rg", "Microsoft.Resources/resourceGroups"},
      {"/subscriptions/s/resourcegroups", "Microsoft.Resources/resourceGroups"},
      {"/subscriptions/s", "Microsoft.Resources/subscriptions"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
       "Microsoft.Network/virtualNetworks"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks",
       "Microsoft.Network/virtualNetworks"},
      {"/subscriptions/s/providers/Microsoft.Network/virtualNetworks?api-version=x",
       "Microsoft.Network/virtualNetworks"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
       "Microsoft.Network/virtualNetworks/subnets"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets",
       "Microsoft.Network/virtualNetworks/subnets"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/z.com/A/www",
       "Microsoft.Network/privateDnsZones/A"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/"
       "privateEndpointConnections/c",
       "Microsoft.Storage/storageAccounts/privateEndpointConnections"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(FullTypeOfPath(c.path), c.type);
  }
}

TEST(ResourcePathsTest, ReadsPartsOfIds) {
  const std::string id =
      "/subscriptions/s/RESOURCEGROUPS/MyRg/providers/Microsoft.Network/virtualNetworks/v/subnets/"
      "x";
  EXPECT_EQ(ResourceGroupOf(id), "MyRg");
  EXPECT_EQ(ResourceGroupOf("/subscriptions/s"), "");
  EXPECT_EQ(LastSegment(id), "x");
  EXPECT_EQ(LastSegment("/a/b/"), "b");
  EXPECT_TRUE(IsResourceId(id));
  EXPECT_FALSE(IsResourceId("vnet1"));
}

}  // namespace
}  // namespace vnet::cli
