// Service endpoint catalogue and location rules.
#include "model/service_endpoints.h"

#include "base/strings.h"
#include "model/regions.h"

namespace vnet::model {

const std::vector<EndpointService>& EndpointServices() {
  using R = EndpointService::Reach;
  static const std::vector<EndpointService> kServices = {
      {"Microsoft.Storage", R::kRegionAndPair}, {"Microsoft.Storage.Global", R::kAny},
      {"Microsoft.Sql", R::kVnetRegion},        {"Microsoft.AzureCosmosDB", R::kAny},
      {"Microsoft.KeyVault", R::kAny},          {"Microsoft.ServiceBus", R::kAny},
      {"Microsoft.EventHub", R::kAny},          {"Microsoft.Web", R::kAny},
      {"Microsoft.CognitiveServices", R::kAny}, {"Microsoft.AzureActiveDirectory", R::kVnetRegion},
      {"Microsoft.ContainerRegistry", R::kAny},
  };
  return kServices;
}

const EndpointService* FindEndpointService(std::string_view name) {
  for (const EndpointService& s : EndpointServices()) {
    if (EqualsIgnoreCase(s.name, name)) return &s;
  }
  return nullptr;
}

std::vector<std::string> DefaultEndpointLocations(const EndpointService& service,
                                                  std::string_view vnet_region) {
  if (EqualsIgnoreCase(service.name, "Microsoft.Storage") ||
      EqualsIgnoreCase(service.name, "Microsoft.Storage.Global"))
    return {"*"};
  return {std::string(vnet_region)};
}

bool EndpointLocationAllowed(const EndpointService& service, std::string_view vnet_region,
                             std::string_view location) {
  switch (service.reach) {
    case EndpointService::Reach::kAny:
      return true;
    case EndpointService::Reach::kRegionAndPair:
      return location == "*" || EqualsIgnoreCase(location, vnet_region) ||
             EqualsIgnoreCase(location, PairedRegion(vnet_region));
    case EndpointService::Reach::kVnetRegion:
      return EqualsIgnoreCase(location, vnet_region);
  }
  return false;
}

}  // namespace vnet::model
