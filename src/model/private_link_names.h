// The DNS names of the sub-resources (private link group ids) of the service resources vnetd
// models, as SEMANTICS.md section 9.1 lists them: each group's public zone, the privatelink zone
// its private endpoints register in, and the members (one private address each) with their
// public FQDNs. One table, read by the control plane (customDnsConfigs, zone groups) and by the
// DNS view (public names and the privatelink CNAME hop).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/doc.h"

namespace vnet::model {

struct PrivateLinkGroup {
  std::string_view group_id;      // as Azure spells it: "blob", "sqlServer", "Sql"
  std::string_view public_zone;   // "blob.core.windows.net"
  std::string_view private_zone;  // "privatelink.blob.core.windows.net"
};

// The groups a resource type offers (case-insensitive type), in the table's order; empty for a
// type vnetd does not model.
std::vector<PrivateLinkGroup> PrivateLinkGroupsOf(std::string_view resource_type);
// The group of `resource_type` named `group_id` (case-insensitive), or nullopt.
std::optional<PrivateLinkGroup> FindPrivateLinkGroup(std::string_view resource_type,
                                                     std::string_view group_id);

// One private address of an endpoint: the member it serves and that member's public names.
struct PrivateLinkMember {
  std::string name;
  std::vector<std::string> fqdns;
};

// The members of `group_id` on the resource `target` (its name, and for Cosmos DB its
// locations), or nullopt when the type has no such group.
std::optional<std::vector<PrivateLinkMember>> PrivateLinkMembersOf(const Doc& target,
                                                                   std::string_view group_id);

// The privatelink name of a public FQDN of `group` ("acct.blob.core.windows.net" ->
// "acct.privatelink.blob.core.windows.net"; Key Vault's "kv.vault.azure.net" ->
// "kv.privatelink.vaultcore.azure.net"), lower-cased; "" when `fqdn` is not in the group's
// public zone.
std::string PrivateLinkNameOf(const PrivateLinkGroup& group, std::string_view fqdn);

// An ARM location as a DNS label: lower-cased, spaces removed ("East US" -> "eastus").
std::string RegionLabel(std::string_view region);

}  // namespace vnet::model
