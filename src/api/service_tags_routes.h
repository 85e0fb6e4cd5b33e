// GET /subscriptions/{sub}/providers/Microsoft.Network/locations/{location}/serviceTags: the
// service tag catalogue in the shape of Azure's discovery API (SEMANTICS.md 4.4).
#pragma once
#include <memory>

#include "api/route_extension.h"
#include "control/resource_manager.h"

namespace vnet::api {

std::shared_ptr<const RouteExtension> MakeServiceTagsRoutes(control::ResourceManager& rm);

}  // namespace vnet::api
