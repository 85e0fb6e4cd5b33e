// api-version checks for the ARM API: which api-versions Azure publishes for each resource type
// vnetd serves, the error ARM returns for a missing or unpublished one, and the version the vnet
// CLI sends. The data is static tables compiled in (api_versions.cc says where they came from).
// Thread safety: stateless; every function may be called from any thread.
#pragma once
#include <string_view>
#include <vector>

#include "base/status.h"

namespace vnet::arm {

// True if Azure publishes `api_version` for `full_type`, e.g. "Microsoft.Network/virtualNetworks"
// or "Microsoft.Resources/resourceGroups". The type is matched case-insensitively, and so is the
// version ("2019-08-01-PREVIEW"). A child type without a list of its own
// ("Microsoft.Network/privateDnsZones/A", ".../virtualNetworks/CheckIPAddressAvailability") uses
// its nearest listed parent's. False for types vnetd does not serve.
bool IsPublishedApiVersion(std::string_view full_type, std::string_view api_version);

// OK if `api_version` is published for `full_type`; otherwise kInvalidArgument (HTTP 400) with
// the reason ARM uses:
//   "MissingApiVersionParameter"  `api_version` is empty (checked first, as ARM does);
//   "InvalidApiVersionParameter"  not published for the type; the message names the newest few;
//   "InvalidResourceType"         the namespace is one vnetd serves but the type is not;
//   "InvalidResourceNamespace"    the namespace is not one vnetd serves.
vnet::Status CheckApiVersion(std::string_view full_type, std::string_view api_version);

// The api-version the vnet CLI sends for `full_type`: a recent stable published one. Empty for a
// type vnetd does not serve.
std::string_view DefaultApiVersion(std::string_view full_type);

// Every api-version published for `full_type`, newest first (for docs and error messages); a
// preview sorts just before the stable version of the same date. Empty for an unknown type.
std::vector<std::string_view> PublishedApiVersions(std::string_view full_type);

}  // namespace vnet::arm
