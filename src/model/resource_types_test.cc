// Tests for the resource type table.
#include "model/resource_types.h"

#include <gtest/gtest.h>

namespace vnet::model {
namespace {

TEST(ResourceTypesTest, LookupIsCaseInsensitive) {
  const ResourceType* t = FindResourceType("microsoft.network/VIRTUALNETWORKS/subnets");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "Microsoft.Network/virtualNetworks/subnets");
  EXPECT_EQ(t->storage, Storage::kInline);
  EXPECT_EQ(t->inline_property, "subnets");
  EXPECT_EQ(FindResourceType("Microsoft.Network/nope"), nullptr);
}

TEST(ResourceTypesTest, ParentsAndChildren) {
  EXPECT_EQ(ParentTypeName("Microsoft.Network/virtualNetworks/subnets"),
            "Microsoft.Network/virtualNetworks");
  EXPECT_EQ(ParentTypeName("Microsoft.Network/virtualNetworks"), "");
  EXPECT_EQ(ShortTypeName("Microsoft.Network/privateDnsZones/A"), "A");
  std::vector<const ResourceType*> children = ChildTypesOf("Microsoft.Network/virtualNetworks");
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0]->inline_property, "subnets");
  EXPECT_EQ(children[1]->inline_property, "virtualNetworkPeerings");
}

TEST(ResourceTypesTest, EveryChildHasAParent) {
  for (const ResourceType& t : AllResourceTypes()) {
    std::string_view parent = ParentTypeName(t.name);
    if (parent.empty()) continue;
    EXPECT_NE(FindResourceType(parent), nullptr) << t.name;
    if (t.storage == Storage::kInline) {
      EXPECT_FALSE(t.inline_property.empty()) << t.name;
    }
  }
}

}  // namespace
}  // namespace vnet::model
