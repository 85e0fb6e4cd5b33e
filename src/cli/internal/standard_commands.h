// show / list / delete for any ARM resource kind, top-level or child, with Azure CLI's arguments:
// -g, -n, the parent's name (--vnet-name, --nsg-name, ...) and --ids. Commands with their own
// twists (create, update, network rules) are written per kind.
#pragma once
#include <string>

#include "cli/internal/command_context.h"

namespace vnet::cli {

struct ResourceKind {
  std::string type;         // top-level type: "Microsoft.Network/virtualNetworks"
  std::string parent_flag;  // for child kinds, the parent's name argument: "--vnet-name"
  std::string child;        // for child kinds, the collection segment: "subnets"
};

enum Verb : unsigned { kShow = 1, kList = 2, kDelete = 4, kAllVerbs = 7 };

// The id of the resource `name` (under `parent` for child kinds).
std::string KindId(const ResourceKind& kind, const Scope& scope, const std::string& parent,
                   const std::string& name);
// The collection path: the kind's resources in the group (or the subscription when the group is
// empty and the kind is top-level).
std::string KindCollection(const ResourceKind& kind, const Scope& scope, const std::string& parent);

// Adds the chosen verbs to `group`.
void AddStandardVerbs(Registry& registry, CLI::App* group, const ResourceKind& kind,
                      unsigned verbs = kAllVerbs);

// Adds `create` for a resource whose body is just {"location", "tags"} (NSG, ASG, policy, ...),
// defaulting the location to the group's; the result is wrapped as {wrapper: resource} when
// `wrapper` is non-empty, as Azure CLI does for some creates ("NewNSG").
void AddSimpleCreate(Registry& registry, CLI::App* group, std::string type, std::string wrapper,
                     std::string help);

}  // namespace vnet::cli
