// The resource types vnetd serves: canonical names, where each is stored (top-level document,
// inline in its parent's properties, or its own document under a parent) and basic traits.
// This table is the single place that says which ARM paths exist.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vnet::model {

enum class Storage {
  kResourceGroup,  // Microsoft.Resources/resourceGroups
  kTopLevel,       // its own document, directly in a resource group
  kInline,         // an element of an array in the parent's properties (subnets, routes...)
  kStandalone,     // its own document under a parent (record sets, zone groups...)
};

struct ResourceType {
  std::string_view name;  // canonical full type, e.g. "Microsoft.Network/virtualNetworks"
  Storage storage;
  std::string_view inline_property;  // kInline: the parent's properties array ("subnets")
  bool has_location;                 // top-level resources carry "location"
  bool read_only;                    // PUT/DELETE refused (e.g. defaultSecurityRules)
};

// Case-insensitive lookup of a full type; nullptr if vnetd does not serve it.
const ResourceType* FindResourceType(std::string_view full_type);
// Every type, in a stable order.
const std::vector<ResourceType>& AllResourceTypes();
// The child types whose parent type is `parent` (canonical), e.g. subnets and peerings of a VNet.
std::vector<const ResourceType*> ChildTypesOf(std::string_view parent);
// "Microsoft.Network/virtualNetworks/subnets" -> "Microsoft.Network/virtualNetworks".
std::string_view ParentTypeName(std::string_view full_type);
// Last segment: "subnets".
std::string_view ShortTypeName(std::string_view full_type);

}  // namespace vnet::model
