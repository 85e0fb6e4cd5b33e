// `vnet network vnet ...`, `network vnet subnet ...` and `network vnet peering ...`, sending the
// bodies Azure CLI 2.55 sends (see shared/external/azure-cli-recordings/network).
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kVnetType = "Microsoft.Network/virtualNetworks";

// "10.0.0.0/16" -> "10.0.0.0/24": Azure CLI's default first subnet, a /24 at the start of the
// vnet's first prefix (or the prefix itself when it is already /24 or longer).
std::string DefaultSubnetPrefix(const std::string& vnet_prefix) {
  const size_t slash = vnet_prefix.find('/');
  if (slash == std::string::npos) return vnet_prefix;
  const int bits = std::atoi(vnet_prefix.c_str() + slash + 1);
  return vnet_prefix.substr(0, slash) + "/" + std::to_string(bits < 24 ? 24 : bits);
}

struct VnetArgs {
  std::string resource_group, name, location, subnet_name, nsg;
  std::vector<std::string> address_prefixes, subnet_prefixes, tags;
  ListArg dns_servers;
};

void AddVnetCreate(CLI::App* vnet, Registry& registry) {
  auto a = std::make_shared<VnetArgs>();
  CLI::App* cmd = registry.Command(
      vnet, "create", "Create a virtual network.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        const Scope scope = ctx.ScopeFor(a->resource_group);
        std::vector<std::string> prefixes = a->address_prefixes;
        if (prefixes.empty()) prefixes = {"10.0.0.0/16"};
        Json props = {{"addressSpace", {{"addressPrefixes", prefixes}}},
                      {"enableDdosProtection", false},
                      {"enableVmProtection", false}};
        if (a->dns_servers.given() && !a->dns_servers.clears()) {
          props["dhcpOptions"] = {{"dnsServers", a->dns_servers.values}};
        }
        if (!a->subnet_name.empty()) {
          std::vector<std::string> subnet_prefixes = a->subnet_prefixes;
          if (subnet_prefixes.empty()) subnet_prefixes = {DefaultSubnetPrefix(prefixes[0])};
          Json subnet_props = Json::object();
          SetSingularOrPlural(subnet_props, "addressPrefix", "addressPrefixes", subnet_prefixes);
          if (!a->nsg.empty()) {
            subnet_props["networkSecurityGroup"] =
                IdRef(a->nsg, scope, "Microsoft.Network/networkSecurityGroups");
          }
          props["subnets"] =
              Json::array({{{"name", a->subnet_name}, {"properties", subnet_props}}});
        }
        Json body = {{"location", location}, {"properties", props}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        VNET_ASSIGN_OR_RETURN(Json created,
                              ctx.arm().Put(ResourceId(scope, kVnetType, a->name), body));
        return Json{{"newVNet", created}};
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "The virtual network (VNet) name.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--address-prefixes,--address-prefix", a->address_prefixes,
                  "Space-separated IP address prefixes (default 10.0.0.0/16).");
  cmd->add_option("--subnet-name", a->subnet_name, "Name of a subnet to create with the VNet.");
  cmd->add_option("--subnet-prefixes,--subnet-prefix", a->subnet_prefixes,
                  "Address prefixes of that subnet.");
  cmd->add_option("--nsg,--network-security-group", a->nsg,
                  "Name or id of an NSG for that subnet.");
  DeclareList(cmd, "--dns-servers", "Space-separated DNS server addresses.", &a->dns_servers);
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
}

void AddVnetUpdate(CLI::App* vnet, Registry& registry) {
  auto a = std::make_shared<VnetArgs>();
  CLI::App* cmd = registry.Command(
      vnet, "update", "Update a virtual network.", [a](Context& ctx) -> Result<Json> {
        const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kVnetType, a->name);
        VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
        Json body = NetworkUpdateBody(current);
        Json& props = ObjectAt(body, "properties");
        if (!a->address_prefixes.empty()) {
          ObjectAt(props, "addressSpace")["addressPrefixes"] = a->address_prefixes;
        }
        if (a->dns_servers.given()) {
          Json& dhcp = ObjectAt(props, "dhcpOptions");
          if (a->dns_servers.clears()) {
            dhcp.erase("dnsServers");
          } else {
            dhcp["dnsServers"] = a->dns_servers.values;
          }
        }
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        return ctx.arm().Put(id, body);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "The virtual network (VNet) name.")->required();
  cmd->add_option("--address-prefixes,--address-prefix", a->address_prefixes,
                  "Space-separated IP address prefixes (replaces the list).");
  DeclareList(cmd, "--dns-servers", "DNS server addresses; \"\" clears them.", &a->dns_servers);
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
}

struct SubnetArgs {
  std::string resource_group, vnet_name, name;
  std::vector<std::string> address_prefixes;
  OptionalArg nsg, route_table, nat_gateway;
  OptionalArg private_endpoint_policies, private_link_service_policies;
  ListArg service_endpoints, service_endpoint_policies, delegations;
  TriState disable_pe_policies, disable_pls_policies, default_outbound_access;
};

void DeclareSubnetArgs(CLI::App* cmd, SubnetArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--vnet-name", a->vnet_name, "The virtual network (VNet) name.")->required();
  cmd->add_option("-n,--name", a->name, "The subnet name.")->required();
  CLI::Option* prefixes =
      cmd->add_option("--address-prefixes,--address-prefix", a->address_prefixes,
                      "Space-separated address prefixes in CIDR format.");
  if (create) prefixes->required();
  DeclareOptional(cmd, "--nsg,--network-security-group", "Name or id of an NSG; \"\" detaches.",
                  &a->nsg);
  DeclareOptional(cmd, "--route-table", "Name or id of a route table; \"\" detaches.",
                  &a->route_table);
  DeclareOptional(cmd, "--nat-gateway", "Name or id of a NAT gateway; \"\" detaches.",
                  &a->nat_gateway);
  DeclareList(cmd, "--service-endpoints",
              "Space-separated services (Microsoft.Storage ...); \"\" or null clears.",
              &a->service_endpoints);
  DeclareList(cmd, "--service-endpoint-policy", "Names or ids of service endpoint policies.",
              &a->service_endpoint_policies);
  DeclareList(cmd, "--delegations", "Services to delegate to (Microsoft.Web/serverFarms ...).",
              &a->delegations);
  a->disable_pe_policies.Declare(cmd, "--disable-private-endpoint-network-policies",
                                 "Disable network policies for private endpoints.");
  a->disable_pls_policies.Declare(cmd, "--disable-private-link-service-network-policies",
                                  "Disable network policies for private link services.");
  DeclareOptional(cmd, "--private-endpoint-network-policies",
                  "Disabled, Enabled, NetworkSecurityGroupEnabled or RouteTableEnabled.",
                  &a->private_endpoint_policies);
  DeclareOptional(cmd, "--private-link-service-network-policies", "Disabled or Enabled.",
                  &a->private_link_service_policies);
  a->default_outbound_access.Declare(cmd, "--default-outbound-access",
                                     "Allow default outbound connectivity.");
}

// Applies the arguments both create and update understand to the subnet's properties.
Status ApplySubnetArgs(const SubnetArgs& a, const Scope& scope, Json& props) {
  if (!a.address_prefixes.empty()) {
    SetSingularOrPlural(props, "addressPrefix", "addressPrefixes", a.address_prefixes);
  }
  UpdateRef(props, "networkSecurityGroup", a.nsg, scope, "Microsoft.Network/networkSecurityGroups");
  UpdateRef(props, "routeTable", a.route_table, scope, "Microsoft.Network/routeTables");
  UpdateRef(props, "natGateway", a.nat_gateway, scope, "Microsoft.Network/natGateways");
  if (a.service_endpoints.given()) {
    if (a.service_endpoints.clears()) {
      props.erase("serviceEndpoints");
    } else {
      Json list = Json::array();
      for (const std::string& s : a.service_endpoints.values) list.push_back({{"service", s}});
      props["serviceEndpoints"] = list;
    }
  }
  if (a.service_endpoint_policies.given()) {
    if (a.service_endpoint_policies.clears()) {
      props.erase("serviceEndpointPolicies");
    } else {
      props["serviceEndpointPolicies"] = IdRefs(a.service_endpoint_policies.values, scope,
                                                "Microsoft.Network/serviceEndpointPolicies");
    }
  }
  if (a.delegations.given()) {
    Json list = Json::array();
    if (!a.delegations.clears()) {
      for (size_t i = 0; i < a.delegations.values.size(); ++i) {
        list.push_back({{"name", std::to_string(i)},
                        {"properties", {{"serviceName", a.delegations.values[i]}}}});
      }
    }
    props["delegations"] = list;
  }
  if (a.disable_pe_policies.given()) {
    VNET_ASSIGN_OR_RETURN(bool disable, a.disable_pe_policies.value());
    props["privateEndpointNetworkPolicies"] = disable ? "Disabled" : "Enabled";
  }
  if (a.private_endpoint_policies.given()) {
    props["privateEndpointNetworkPolicies"] = a.private_endpoint_policies.value;
  }
  if (a.disable_pls_policies.given()) {
    VNET_ASSIGN_OR_RETURN(bool disable, a.disable_pls_policies.value());
    props["privateLinkServiceNetworkPolicies"] = disable ? "Disabled" : "Enabled";
  }
  if (a.private_link_service_policies.given()) {
    props["privateLinkServiceNetworkPolicies"] = a.private_link_service_policies.value;
  }
  if (a.default_outbound_access.given()) {
    VNET_ASSIGN_OR_RETURN(bool allow, a.default_outbound_access.value());
    props["defaultOutboundAccess"] = allow;
  }
  return Status();
}

CLI::App* AddSubnetCommands(CLI::App* vnet, Registry& registry) {
  CLI::App* subnet = registry.Group(vnet, "subnet", "Manage subnets in a virtual network.");
  {
    auto a = std::make_shared<SubnetArgs>();
    CLI::App* cmd =
        registry.Command(subnet, "create", "Create a subnet.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          // Azure CLI's defaults: network policies off for private endpoints, on for link services.
          Json props = {{"privateEndpointNetworkPolicies", "Disabled"},
                        {"privateLinkServiceNetworkPolicies", "Enabled"}};
          VNET_RETURN_IF_ERROR(ApplySubnetArgs(*a, scope, props));
          const Json body = {{"name", a->name}, {"properties", props}};
          return ctx.arm().Put(
              ChildId(ResourceId(scope, kVnetType, a->vnet_name), "subnets", a->name), body);
        });
    DeclareSubnetArgs(cmd, a.get(), /*create=*/true);
  }
  {
    auto a = std::make_shared<SubnetArgs>();
    CLI::App* cmd =
        registry.Command(subnet, "update", "Update a subnet.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id =
              ChildId(ResourceId(scope, kVnetType, a->vnet_name), "subnets", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          VNET_RETURN_IF_ERROR(ApplySubnetArgs(*a, scope, ObjectAt(body, "properties")));
          return ctx.arm().Put(id, body);
        });
    DeclareSubnetArgs(cmd, a.get(), /*create=*/false);
  }
  AddStandardVerbs(registry, subnet, {std::string(kVnetType), "--vnet-name", "subnets"});
  return subnet;
}

struct PeeringArgs {
  std::string resource_group, vnet_name, name, remote_vnet;
  TriState allow_vnet_access, allow_forwarded_traffic, allow_gateway_transit, use_remote_gateways;
};

void DeclarePeeringArgs(CLI::App* cmd, PeeringArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--vnet-name", a->vnet_name, "The local virtual network's name.")->required();
  cmd->add_option("-n,--name", a->name, "The peering name.")->required();
  CLI::Option* remote =
      cmd->add_option("--remote-vnet", a->remote_vnet, "Name or id of the remote virtual network.");
  if (create) remote->required();
  a->allow_vnet_access.Declare(cmd, "--allow-vnet-access",
                               "Allow access from the remote VNet's address space.");
  a->allow_forwarded_traffic.Declare(cmd, "--allow-forwarded-traffic",
                                     "Allow traffic forwarded from the remote VNet.");
  a->allow_gateway_transit.Declare(cmd, "--allow-gateway-transit",
                                   "Allow gateway links to be used in the remote VNet.");
  a->use_remote_gateways.Declare(cmd, "--use-remote-gateways", "Use the remote VNet's gateways.");
}

Status ApplyPeeringArgs(const PeeringArgs& a, const Scope& scope, Json& props, bool create) {
  const std::pair<const TriState*, const char*> flags[] = {
      {&a.allow_forwarded_traffic, "allowForwardedTraffic"},
      {&a.allow_gateway_transit, "allowGatewayTransit"},
      {&a.allow_vnet_access, "allowVirtualNetworkAccess"},
      {&a.use_remote_gateways, "useRemoteGateways"}};
  for (const auto& [flag, key] : flags) {
    if (!create && !flag->given()) continue;
    VNET_ASSIGN_OR_RETURN(bool value, flag->value_or(false));
    props[key] = value;
  }
  if (!a.remote_vnet.empty()) {
    props["remoteVirtualNetwork"] = IdRef(a.remote_vnet, scope, kVnetType);
  }
  return Status();
}

void AddPeeringCommands(CLI::App* vnet, Registry& registry) {
  CLI::App* peering = registry.Group(vnet, "peering", "Manage peering connections.");
  {
    auto a = std::make_shared<PeeringArgs>();
    CLI::App* cmd = registry.Command(
        peering, "create", "Create a virtual network peering.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          Json props = Json::object();
          VNET_RETURN_IF_ERROR(ApplyPeeringArgs(*a, scope, props, /*create=*/true));
          return ctx.arm().Put(ChildId(ResourceId(scope, kVnetType, a->vnet_name),
                                       "virtualNetworkPeerings", a->name),
                               Json{{"name", a->name}, {"properties", props}});
        });
    DeclarePeeringArgs(cmd, a.get(), /*create=*/true);
  }
  {
    auto a = std::make_shared<PeeringArgs>();
    CLI::App* cmd = registry.Command(
        peering, "update", "Update a virtual network peering.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id = ChildId(ResourceId(scope, kVnetType, a->vnet_name),
                                         "virtualNetworkPeerings", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          VNET_RETURN_IF_ERROR(
              ApplyPeeringArgs(*a, scope, ObjectAt(body, "properties"), /*create=*/false));
          return ctx.arm().Put(id, body);
        });
    DeclarePeeringArgs(cmd, a.get(), /*create=*/false);
  }
  AddStandardVerbs(registry, peering,
                   {std::string(kVnetType), "--vnet-name", "virtualNetworkPeerings"});
}

}  // namespace

void RegisterVnetCommands(CLI::App* network, Registry& registry) {
  CLI::App* vnet = registry.Group(network, "vnet", "Manage Azure Virtual Networks.");
  AddVnetCreate(vnet, registry);
  AddVnetUpdate(vnet, registry);
  AddStandardVerbs(registry, vnet, {std::string(kVnetType), "", ""});
  CLI::App* subnet = AddSubnetCommands(vnet, registry);
  AddPeeringCommands(vnet, registry);
  RegisterIpAvailabilityCommands(vnet, subnet, registry);
}

}  // namespace vnet::cli
