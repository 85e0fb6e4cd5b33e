// The table of served resource types.
#include "model/resource_types.h"

#include "base/strings.h"

namespace vnet::model {

namespace {

std::vector<ResourceType> MakeTypes() {
  using S = Storage;
  return {
      {"Microsoft.Resources/resourceGroups", S::kResourceGroup, "", true, false},
      // Microsoft.Network
      {"Microsoft.Network/virtualNetworks", S::kTopLevel, "", true, false},
      {"Microsoft.Network/virtualNetworks/subnets", S::kInline, "subnets", false, false},
      {"Microsoft.Network/virtualNetworks/virtualNetworkPeerings", S::kInline,
       "virtualNetworkPeerings", false, false},
      {"Microsoft.Network/networkInterfaces", S::kTopLevel, "", true, false},
      {"Microsoft.Network/networkInterfaces/ipConfigurations", S::kInline, "ipConfigurations",
       false, true},
      {"Microsoft.Network/networkSecurityGroups", S::kTopLevel, "", true, false},
      {"Microsoft.Network/networkSecurityGroups/securityRules", S::kInline, "securityRules", false,
       false},
      {"Microsoft.Network/networkSecurityGroups/defaultSecurityRules", S::kInline,
       "defaultSecurityRules", false, true},
      {"Microsoft.Network/applicationSecurityGroups", S::kTopLevel, "", true, false},
      {"Microsoft.Network/routeTables", S::kTopLevel, "", true, false},
      {"Microsoft.Network/routeTables/routes", S::kInline, "routes", false, false},
      {"Microsoft.Network/publicIPAddresses", S::kTopLevel, "", true, false},
      {"Microsoft.Network/natGateways", S::kTopLevel, "", true, false},
      {"Microsoft.Network/virtualNetworkGateways", S::kTopLevel, "", true, false},
      {"Microsoft.Network/localNetworkGateways", S::kTopLevel, "", true, false},
      {"Microsoft.Network/connections", S::kTopLevel, "", true, false},
      {"Microsoft.Network/privateEndpoints", S::kTopLevel, "", true, false},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateLinkServices", S::kTopLevel, "", true, false},
      {"Microsoft.Network/privateLinkServices/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
      {"Microsoft.Network/serviceEndpointPolicies", S::kTopLevel, "", true, false},
      {"Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions", S::kInline,
       "serviceEndpointPolicyDefinitions", false, false},
      {"Microsoft.Network/privateDnsZones", S::kTopLevel, "", true, false},
      {"Microsoft.Network/privateDnsZones/A", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/AAAA", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/CNAME", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/MX", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/PTR", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/SOA", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/SRV", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/TXT", S::kStandalone, "", false, false},
      {"Microsoft.Network/privateDnsZones/virtualNetworkLinks", S::kStandalone, "", false, false},
      {"Microsoft.Network/networkWatchers", S::kTopLevel, "", true, false},
      // Compute: network profile only
      {"Microsoft.Compute/virtualMachines", S::kTopLevel, "", true, false},
      // Service resources
      {"Microsoft.Storage/storageAccounts", S::kTopLevel, "", true, false},
      {"Microsoft.Storage/storageAccounts/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
      {"Microsoft.Sql/servers", S::kTopLevel, "", true, false},
      {"Microsoft.Sql/servers/virtualNetworkRules", S::kStandalone, "", false, false},
      {"Microsoft.Sql/servers/firewallRules", S::kStandalone, "", false, false},
      {"Microsoft.Sql/servers/privateEndpointConnections", S::kInline, "privateEndpointConnections",
       false, false},
      {"Microsoft.KeyVault/vaults", S::kTopLevel, "", true, false},
      {"Microsoft.KeyVault/vaults/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
      {"Microsoft.DocumentDB/databaseAccounts", S::kTopLevel, "", true, false},
      {"Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
      {"Microsoft.EventHub/namespaces", S::kTopLevel, "", true, false},
      {"Microsoft.EventHub/namespaces/networkRuleSets", S::kStandalone, "", false, false},
      {"Microsoft.EventHub/namespaces/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
      {"Microsoft.ServiceBus/namespaces", S::kTopLevel, "", true, false},
      {"Microsoft.ServiceBus/namespaces/networkRuleSets", S::kStandalone, "", false, false},
      {"Microsoft.ServiceBus/namespaces/privateEndpointConnections", S::kInline,
       "privateEndpointConnections", false, false},
  };
}

}  // namespace

const std::vector<ResourceType>& AllResourceTypes() {
  static const std::vector<ResourceType> kTypes = MakeTypes();
  return kTypes;
}

const ResourceType* FindResourceType(std::string_view full_type) {
  for (const ResourceType& t : AllResourceTypes()) {
    if (EqualsIgnoreCase(t.name, full_type)) return &t;
  }
  return nullptr;
}

std::vector<const ResourceType*> ChildTypesOf(std::string_view parent) {
  std::vector<const ResourceType*> out;
  for (const ResourceType& t : AllResourceTypes()) {
    if (EqualsIgnoreCase(ParentTypeName(t.name), parent) && t.name.size() > parent.size())
      out.push_back(&t);
  }
  return out;
}

std::string_view ParentTypeName(std::string_view full_type) {
  size_t slash = full_type.rfind('/');
  size_t first = full_type.find('/');
  if (slash == std::string_view::npos || slash == first) return "";
  return full_type.substr(0, slash);
}

std::string_view ShortTypeName(std::string_view full_type) {
  size_t slash = full_type.rfind('/');
  return slash == std::string_view::npos ? full_type : full_type.substr(slash + 1);
}

}  // namespace vnet::model
