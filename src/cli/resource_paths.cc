// Ids are built with Azure's canonical casing ("resourceGroups", "providers"); ids read back from
// users or the server are matched case-insensitively, as ARM does.
#include "cli/internal/resource_paths.h"

#include <vector>

#include "base/strings.h"

namespace vnet::cli {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  const size_t q = path.find('?');
  if (q != std::string_view::npos) path = path.substr(0, q);
  std::vector<std::string_view> out;
  for (std::string_view s : Split(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

}  // namespace

std::string SubscriptionPath(std::string_view subscription) {
  return "/subscriptions/" + std::string(subscription);
}

std::string ResourceGroupId(std::string_view subscription, std::string_view resource_group) {
  return SubscriptionPath(subscription) + "/resourceGroups/" + std::string(resource_group);
}

std::string ResourceGroupPath(std::string_view subscription, std::string_view resource_group) {
  return SubscriptionPath(subscription) + "/resourcegroups/" + std::string(resource_group);
}

std::string ResourceId(const Scope& scope, std::string_view type, std::string_view name) {
  return ResourceGroupId(scope.subscription, scope.resource_group) + "/providers/" +
         std::string(type) + "/" + std::string(name);
}

std::string ChildId(std::string_view parent_id, std::string_view child_type,
                    std::string_view name) {
  return std::string(parent_id) + "/" + std::string(child_type) + "/" + std::string(name);
}

std::string ListPath(const Scope& scope, std::string_view type) {
  const std::string base = scope.resource_group.empty()
                               ? SubscriptionPath(scope.subscription)
                               : ResourceGroupId(scope.subscription, scope.resource_group);
  return base + "/providers/" + std::string(type);
}

bool IsResourceId(std::string_view value) { return StartsWithIgnoreCase(value, "/subscriptions/"); }

std::string NameOrId(std::string_view value, const Scope& scope, std::string_view type) {
  if (IsResourceId(value)) return std::string(value);
  return ResourceId(scope, type, value);
}

Result<std::string> SubnetId(std::string_view subnet, std::string_view vnet_name,
                             const Scope& scope) {
  if (IsResourceId(subnet)) return std::string(subnet);
  if (vnet_name.empty()) {
    return Status::InvalidArgument("UsageError",
                                   "usage error: --subnet ID | --subnet NAME --vnet-name NAME");
  }
  return ChildId(ResourceId(scope, "Microsoft.Network/virtualNetworks", vnet_name), "subnets",
                 subnet);
}

std::string FullTypeOfPath(std::string_view path) {
  const std::vector<std::string_view> segs = Segments(path);
  size_t providers = segs.size();
  for (size_t i = 0; i < segs.size(); ++i) {
    if (EqualsIgnoreCase(segs[i], "providers")) providers = i;
  }
  if (providers == segs.size() || providers + 1 >= segs.size()) {
    for (std::string_view s : segs) {
      if (EqualsIgnoreCase(s, "resourceGroups")) return "Microsoft.Resources/resourceGroups";
    }
    return "Microsoft.Resources/subscriptions";
  }
  std::string type(segs[providers + 1]);
  for (size_t i = providers + 2; i < segs.size(); i += 2) type += "/" + std::string(segs[i]);
  return type;
}

std::string ResourceGroupOf(std::string_view id) {
  const std::vector<std::string_view> segs = Segments(id);
  for (size_t i = 0; i + 1 < segs.size(); ++i) {
    if (EqualsIgnoreCase(segs[i], "resourceGroups")) return std::string(segs[i + 1]);
  }
  return "";
}

std::string LastSegment(std::string_view id) {
  const std::vector<std::string_view> segs = Segments(id);
  return segs.empty() ? "" : std::string(segs.back());
}

}  // namespace vnet::cli
