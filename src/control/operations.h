// Operations on a resource that are not CRUD: ARM's "actions" (GET or POST on a path below a
// resource, such as .../virtualNetworks/v1/CheckIPAddressAvailability?ipAddress=...). Read-only:
// they answer from the stored model and change nothing.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "base/result.h"
#include "control/database.h"

namespace vnet::control {

// Runs operation `name` on the resource `target` (which must exist in `view`). NotFound
// (reason "InvalidResourceType") for an operation vnetd does not know on that type.
Result<Json> RunOperation(const Txn& view, const arm::ResourceId& target, std::string_view name,
                          const std::map<std::string, std::string>& query);

}  // namespace vnet::control
