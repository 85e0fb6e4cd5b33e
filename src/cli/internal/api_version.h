// The api-version the CLI sends for each ARM resource type: arm::DefaultApiVersion's choice, with
// a per-provider fallback for paths vnetd does not list (so `vnet rest` still sends one).
#pragma once
#include <string_view>

namespace vnet::cli {

// `full_type` is "Microsoft.Network/virtualNetworks/subnets" (any case) or
// "Microsoft.Resources/resourceGroups". Never empty.
std::string_view ApiVersionForType(std::string_view full_type);

}  // namespace vnet::cli
