// The virtual network service endpoint catalogue (SEMANTICS.md section 5.1): service names,
// which regions an endpoint may list, and the default `locations` vnetd fills in.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace vnet::model {

struct EndpointService {
  std::string_view name;  // "Microsoft.Storage"
  // How `locations` may be set: kVnetRegion = only the VNet's region; kRegionAndPair = the
  // VNet's region and its pair (Microsoft.Storage); kAny = any region or "*".
  enum class Reach { kVnetRegion, kRegionAndPair, kAny } reach;
};

// The catalogue, in a stable order.
const std::vector<EndpointService>& EndpointServices();
// Case-insensitive lookup; nullptr for an unknown service.
const EndpointService* FindEndpointService(std::string_view name);
// The `locations` Azure fills in when a subnet's endpoint omits them (SEMANTICS.md section 0,
// decision 6): ["*"] for Microsoft.Storage and Microsoft.Storage.Global, the VNet's region
// otherwise.
std::vector<std::string> DefaultEndpointLocations(const EndpointService& service,
                                                  std::string_view vnet_region);
// Whether `location` may appear in the endpoint's `locations` for a VNet in `vnet_region`.
bool EndpointLocationAllowed(const EndpointService& service, std::string_view vnet_region,
                             std::string_view location);

}  // namespace vnet::model
