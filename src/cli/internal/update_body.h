// The body an `update` command PUTs back after reading a Microsoft.Network resource: what was
// read, minus the fields the server computes (etag, provisioningState, resourceGuid and each
// type's read-only lists such as a subnet's ipConfigurations), as Azure CLI's SDK serialises it.
#pragma once
#include "cli/internal/arm_client.h"

namespace vnet::cli {

// `resource` as returned by GET; its "type" picks the read-only fields. Top-level resources also
// lose "name" and "type" (Azure CLI sends neither); child resources keep them.
Json NetworkUpdateBody(const Json& resource);

}  // namespace vnet::cli
