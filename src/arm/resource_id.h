// ResourceId: an Azure Resource Manager id, e.g.
//   /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/s
// Parsing keeps the caller's casing (ARM echoes it); comparisons go through Key(), which is
// case-insensitive as ARM is. Value type.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace vnet::arm {

class ResourceId {
 public:
  struct Segment {
    std::string type;  // "virtualNetworks", "subnets", "A" (record sets)...
    std::string name;
  };

  ResourceId() = default;
  // Parses a subscription, resource group or resource id. kInvalidArgument (reason
  // "InvalidResourceId" / "LinkedInvalidPropertyId" at the caller's choice) on anything else:
  // missing leading '/', empty names, odd type/name pairs, names with characters ARM refuses.
  static Result<ResourceId> Parse(std::string_view text);
  static ResourceId ResourceGroup(std::string subscription, std::string group);

  const std::string& subscription() const { return subscription_; }
  const std::string& resource_group() const { return resource_group_; }  // "" at subscription scope
  const std::string& provider() const { return provider_; }  // "" for groups and subscriptions
  const std::vector<Segment>& segments() const { return segments_; }

  bool is_subscription() const { return resource_group_.empty() && provider_.empty(); }
  bool is_resource_group() const { return !resource_group_.empty() && provider_.empty(); }
  bool is_resource() const { return !provider_.empty() && !segments_.empty(); }
  bool is_child() const { return segments_.size() > 1; }

  // "Microsoft.Network/virtualNetworks/subnets"; "Microsoft.Resources/resourceGroups" for a group;
  // "Microsoft.Resources/subscriptions" for a subscription. As the caller cased it.
  std::string FullType() const;
  const std::string& name() const;  // last name (group name for a group)

  ResourceId Parent() const;  // child -> parent resource; top-level -> group; group -> subscription
  ResourceId Child(std::string_view type, std::string_view name) const;
  // The top-level resource this id is in (itself when it is top-level).
  ResourceId Root() const;

  std::string ToString() const;
  std::string Key() const;  // lower-cased ToString(): the identity used by the store

  friend bool operator==(const ResourceId& a, const ResourceId& b) { return a.Key() == b.Key(); }

 private:
  std::string subscription_;
  std::string resource_group_;
  std::string provider_;
  std::vector<Segment> segments_;
};

// True if `name` is a valid ARM resource name for most Microsoft.Network types: 1-80 characters,
// starts with a letter or digit, ends with a letter, digit or '_', and holds only letters,
// digits, '.', '-' and '_'.
bool IsValidNetworkResourceName(std::string_view name);

}  // namespace vnet::arm
