// The read-only lists come from the readOnly markers of the network OpenAPI specs
// (shared/external/rest-api-examples/specs); nested children are stripped as their own type.
#include "cli/internal/update_body.h"

#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"

namespace vnet::cli {
namespace {

struct ReadOnly {
  std::string_view type_suffix;  // lower-case
  std::vector<std::string_view> properties;
};

const std::vector<ReadOnly>& ReadOnlyTable() {
  static const std::vector<ReadOnly> kTable = {
      {"virtualnetworks/subnets",
       {"ipConfigurations", "ipConfigurationProfiles", "privateEndpoints",
        "resourceNavigationLinks", "serviceAssociationLinks", "purpose"}},
      {"networksecuritygroups",
       {"defaultSecurityRules", "networkInterfaces", "subnets", "flowLogs"}},
      {"routetables", {"subnets"}},
      {"privateendpoints", {"networkInterfaces"}},
      {"networkinterfaces",
       {"macAddress", "virtualMachine", "privateEndpoint", "hostedWorkloads", "tapConfigurations",
        "dscpConfiguration", "primary", "vnetEncryptionSupported", "privateLinkService"}},
      {"privatelinkservices", {"alias", "networkInterfaces", "privateEndpointConnections"}},
      {"virtualnetworkpeerings", {"remoteGateways", "routeServiceVips"}},
      {"publicipaddresses", {"ipConfiguration", "ipAddress"}},
      {"natgateways", {"subnets"}},
      {"serviceendpointpolicies", {"subnets", "kind"}},
  };
  return kTable;
}

// Nested child collections and the type of their elements.
struct Nested {
  std::string_view property;
  std::string_view type;
};
constexpr Nested kNested[] = {
    {"subnets", "Microsoft.Network/virtualNetworks/subnets"},
    {"virtualNetworkPeerings", "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"},
    {"securityRules", "Microsoft.Network/networkSecurityGroups/securityRules"},
    {"routes", "Microsoft.Network/routeTables/routes"},
    {"serviceEndpointPolicyDefinitions",
     "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions"},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Removes computed bookkeeping anywhere below `node` (service endpoints carry their own
// provisioningState, for instance).
void EraseComputed(Json& node) {
  if (node.is_object()) {
    node.erase("etag");
    node.erase("provisioningState");
    node.erase("resourceGuid");
    for (auto& [key, value] : node.items()) EraseComputed(value);
  } else if (node.is_array()) {
    for (Json& value : node) EraseComputed(value);
  }
}

void Strip(Json& resource, std::string_view type) {
  if (!resource.is_object()) return;
  const std::string t = AsciiLower(type);
  resource.erase("etag");
  if (!resource.contains("properties") || !resource["properties"].is_object()) return;
  Json& props = resource["properties"];
  for (const ReadOnly& ro : ReadOnlyTable()) {
    if (!EndsWith(t, ro.type_suffix)) continue;
    // "subnets" is read-only on an NSG but a child collection on a vnet: the suffix decides.
    for (std::string_view p : ro.properties) props.erase(std::string(p));
  }
  for (const Nested& n : kNested) {
    auto it = props.find(std::string(n.property));
    if (it == props.end() || !it->is_array()) continue;
    for (Json& child : *it) Strip(child, n.type);
  }
  EraseComputed(props);
}

}  // namespace

Json NetworkUpdateBody(const Json& resource) {
  Json body = resource;
  if (!body.is_object()) return body;
  const std::string type = body.value("type", "");
  Strip(body, type);
  // "Microsoft.Network/virtualNetworks" has one '/': a top-level resource.
  if (std::count(type.begin(), type.end(), '/') == 1) {
    body.erase("name");
    body.erase("type");
  }
  return body;
}

}  // namespace vnet::cli
