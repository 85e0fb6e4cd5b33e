// ARM resource ids: building them from names, resolving "name or id" arguments the way Azure CLI
// does (a bare name lives in the command's resource group), and reading parts back out of an id.
#pragma once
#include <string>
#include <string_view>

#include "base/result.h"

namespace vnet::cli {

// Where a bare name is resolved: the subscription and the command's resource group.
struct Scope {
  std::string subscription;
  std::string resource_group;
};

// "/subscriptions/{sub}".
std::string SubscriptionPath(std::string_view subscription);
// "/subscriptions/{sub}/resourceGroups/{rg}": the prefix of every resource id in the group.
std::string ResourceGroupId(std::string_view subscription, std::string_view resource_group);
// The group's own ARM path as Azure CLI spells it: "/subscriptions/{sub}/resourcegroups/{rg}".
std::string ResourceGroupPath(std::string_view subscription, std::string_view resource_group);
// "{group id}/providers/{type}/{name}" for `type` like "Microsoft.Network/virtualNetworks".
std::string ResourceId(const Scope& scope, std::string_view type, std::string_view name);
// "{parent_id}/{child_type}/{name}" for `child_type` like "subnets".
std::string ChildId(std::string_view parent_id, std::string_view child_type, std::string_view name);
// List path for `type` in the scope's group, or in the whole subscription when the group is empty.
std::string ListPath(const Scope& scope, std::string_view type);

// True for a full id ("/subscriptions/..."), false for a bare name.
bool IsResourceId(std::string_view value);
// `value` itself when it is an id, else ResourceId(scope, type, value).
std::string NameOrId(std::string_view value, const Scope& scope, std::string_view type);
// A subnet given as an id, or as a name with its vnet's name. kInvalidArgument ("UsageError")
// when a bare name comes without `vnet_name`.
Result<std::string> SubnetId(std::string_view subnet, std::string_view vnet_name,
                             const Scope& scope);

// The full ARM type a path addresses, ignoring any query: ".../virtualNetworks/v/subnets/s" and
// ".../virtualNetworks/v/subnets" are both "Microsoft.Network/virtualNetworks/subnets"; a group
// path is "Microsoft.Resources/resourceGroups".
std::string FullTypeOfPath(std::string_view path);
// The resource group named in an id ("" when none), matched case-insensitively.
std::string ResourceGroupOf(std::string_view id);
// The last path segment: the resource's own name.
std::string LastSegment(std::string_view id);

}  // namespace vnet::cli
