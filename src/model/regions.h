// Azure regions vnetd knows: canonical names and region pairs (Azure's published cross-region
// replication pairs), used for storage secondaries and the Microsoft.Storage endpoint's reach.
#pragma once
#include <string>
#include <string_view>

namespace vnet::model {

// The paired region of `region` (lower-case name, e.g. "eastus" -> "westus"), or "" if unknown.
std::string_view PairedRegion(std::string_view region);
// True if vnetd knows the region name (lower-case, no spaces).
bool IsKnownRegion(std::string_view region);

}  // namespace vnet::model
