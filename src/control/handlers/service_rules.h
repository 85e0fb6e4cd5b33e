// Effects of network changes on the firewall rules of service resources.
#pragma once
#include <string>

#include "control/database.h"

namespace vnet::control::handlers {

// Stages, on every service resource whose virtual network rules name the subnet `subnet_key`,
// the rule state Azure shows once the subnet is gone ("NetworkSourceDeleted" for storage,
// "Deleted" for SQL). Called when a subnet or its VNet is deleted (SEMANTICS.md section 5.5).
void MarkVirtualNetworkRulesSourceDeleted(Txn& txn, const std::string& subnet_key);

}  // namespace vnet::control::handlers
