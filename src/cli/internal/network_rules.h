// Read-modify-write helpers for the firewall rule lists of PaaS resources (storage networkAcls,
// Key Vault networkAcls, Cosmos DB, Event Hubs / Service Bus networkRuleSets, SQL). Pure JSON in,
// JSON out, so the merging is tested without a server. Adding a rule that is already there is a
// no-op: "add 25.1.2.3" twice leaves one entry, as Azure CLI does.
#pragma once
#include <string>
#include <string_view>

#include "cli/internal/arm_client.h"

namespace vnet::cli {

// "1.2.3.4" -> "1.2.3.4/32", "fd00::1" -> "fd00::1/128"; prefixes are returned unchanged.
std::string WithPrefixLength(std::string_view ip);

// True when the two values name the same address or range ("1.2.3.4" == "1.2.3.4/32"; ids
// compare case-insensitively).
bool SameRuleValue(std::string_view a, std::string_view b);

// Appends `entry` to parent[list] unless an element already has the same value at `key_path`
// (dotted, e.g. "subnet.id"). Creates the list when missing. Returns true if it appended.
bool AddUniqueRule(Json& parent, std::string_view list, std::string_view key_path,
                   const Json& entry);

// Removes every element of parent[list] whose `key_path` value matches `value`; returns how many.
int RemoveRules(Json& parent, std::string_view list, std::string_view key_path,
                std::string_view value);

// The storage account's properties.networkAcls ready to PATCH back: the stored object with an
// empty ipv6Rules dropped (Azure CLI 2.55 never sends it) and missing lists added as [].
Json StorageAclsForPatch(const Json& account);

}  // namespace vnet::cli
