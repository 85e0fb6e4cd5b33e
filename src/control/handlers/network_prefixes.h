// Address prefixes as Microsoft.Network checks them: CIDR parsing with Azure's two error codes
// (unparsable vs host bits set) and the ranges no virtual network may use.
#pragma once
#include <string_view>

#include "arm/resource_id.h"
#include "base/result.h"
#include "net/cidr.h"

namespace vnet::control::handlers {

// InvalidAddressPrefixFormat when `text` is not CIDR; InvalidCIDRNotation when host bits are set.
Result<net::Cidr> ParsePrefix(std::string_view text, const arm::ResourceId& owner);
// NetcfgInvalidIPAddressPrefix when `prefix` overlaps 224.0.0.0/4, 255.255.255.255/32,
// 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32 (SEMANTICS.md section 1.1).
Status CheckNotReservedRange(const net::Cidr& prefix, const arm::ResourceId& owner);

}  // namespace vnet::control::handlers
