// Placeholder: being written.
#pragma once
#include <memory>

#include "api/route_extension.h"
#include "control/resource_manager.h"

namespace vnet::api {
std::shared_ptr<const RouteExtension> MakeDnsRoutes(control::ResourceManager& rm);
}  // namespace vnet::api
