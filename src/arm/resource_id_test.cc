// Tests for ResourceId: parsing, formatting, parents and case-insensitive identity.
#include "arm/resource_id.h"

#include <gtest/gtest.h>

#include "base/testing.h"

namespace vnet::arm {
namespace {

TEST(ResourceIdTest, Parse) {
  struct Case {
    std::string_view text;
    bool ok;
    std::string_view type;
    std::string_view name;
  };
  const Case kCases[] = {
      {"/subscriptions/s1", true, "Microsoft.Resources/subscriptions", "s1"},
      {"/subscriptions/s1/resourceGroups/rg", true, "Microsoft.Resources/resourceGroups", "rg"},
      {"/subscriptions/s1/resourcegroups/rg", true, "Microsoft.Resources/resourceGroups", "rg"},
      {"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1", true,
       "Microsoft.Network/virtualNetworks", "v1"},
      {"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1/subnets/"
       "web",
       true, "Microsoft.Network/virtualNetworks/subnets", "web"},
      {"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/"
       "privatelink.blob.core.windows.net/A/acct",
       true, "Microsoft.Network/privateDnsZones/A", "acct"},
      {"subscriptions/s1", false, "", ""},
      {"/subscriptions/", false, "", ""},
      {"/subscriptions/s1/resourceGroups", false, "", ""},
      {"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks", false, "",
       ""},
      {"/subscriptions/s1/resourceGroups/rg//providers", false, "", ""},
      {"/subscriptions/s1/resourceGroups/rg/foo/bar", false, "", ""},
      {"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v?x", false,
       "", ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    Result<ResourceId> got = ResourceId::Parse(c.text);
    ASSERT_EQ(got.ok(), c.ok) << got.status().ToString();
    if (!got.ok()) {
      EXPECT_EQ(got.status().reason(), "InvalidResourceId");
      continue;
    }
    EXPECT_EQ(got->FullType(), c.type);
    EXPECT_EQ(got->name(), c.name);
  }
}

TEST(ResourceIdTest, RoundTripAndParents) {
  ASSERT_OK_AND_ASSIGN(
      ResourceId id,
      ResourceId::Parse(
          "/subscriptions/S1/resourcegroups/RG/providers/Microsoft.Network/virtualNetworks/V/"
          "subnets/Web"));
  EXPECT_EQ(id.ToString(),
            "/subscriptions/S1/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/V/"
            "subnets/Web");
  EXPECT_EQ(id.Key(),
            "/subscriptions/s1/resourcegroups/rg/providers/microsoft.network/virtualnetworks/v/"
            "subnets/web");
  EXPECT_EQ(id.Parent().FullType(), "Microsoft.Network/virtualNetworks");
  EXPECT_EQ(id.Parent().Parent().FullType(), "Microsoft.Resources/resourceGroups");
  EXPECT_EQ(id.Root().name(), "V");
  EXPECT_TRUE(id.is_child());
  EXPECT_EQ(id.Parent().Child("subnets", "web"), id);  // case-insensitive identity
}

TEST(ResourceIdTest, NetworkResourceNames) {
  struct Case {
    std::string_view name;
    bool ok;
  };
  const std::string k80(80, 'a'), k81(81, 'a');
  const Case kCases[] = {{"vnet1", true}, {"my-vnet.prod_", true}, {"_bad", false}, {"bad-", false},
                         {"", false},     {"a b", false},          {k80, true},     {k81, false}};
  for (const Case& c : kCases) EXPECT_EQ(IsValidNetworkResourceName(c.name), c.ok) << c.name;
}

}  // namespace
}  // namespace vnet::arm
