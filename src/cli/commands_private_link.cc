// `vnet network private-endpoint ...` (with `dns-zone-group`), `network private-endpoint-connection
// ...` and `network private-link-service ...`. Approving or rejecting a connection is Azure CLI's
// read-modify-write: GET the provider-side connection, set the state, PUT the whole object back.
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kPeType = "Microsoft.Network/privateEndpoints";
constexpr std::string_view kPlsType = "Microsoft.Network/privateLinkServices";
constexpr std::string_view kZoneType = "Microsoft.Network/privateDnsZones";

// "name=ipconfig1 group-id=blob member-name=blob private-ip-address=10.0.0.4" -> an
// ipConfiguration.
Result<Json> IpConfigFromPairs(const std::vector<std::string>& pairs) {
  Json props = Json::object();
  std::string name;
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    if (eq == std::string::npos)
      return UsageError("--ip-config expects KEY=VALUE, got '" + pair + "'");
    const std::string key = AsciiLower(pair.substr(0, eq));
    const std::string value = pair.substr(eq + 1);
    if (key == "name") {
      name = value;
    } else if (key == "group-id" || key == "group_id") {
      props["groupId"] = value;
    } else if (key == "member-name" || key == "member_name") {
      props["memberName"] = value;
    } else if (key == "private-ip-address" || key == "private_ip_address") {
      props["privateIPAddress"] = value;
    } else {
      return UsageError("--ip-config: unknown key '" + pair.substr(0, eq) + "'");
    }
  }
  if (name.empty()) return UsageError("--ip-config needs name=NAME");
  return Json{{"name", name}, {"properties", props}};
}

struct PeArgs {
  std::string resource_group, name, location, vnet_name, subnet, resource_id, connection_name;
  std::string nic_name, request_message;
  std::vector<std::string> group_ids, asgs, tags;
  std::vector<std::vector<std::string>> ip_configs;
  TriState manual_request;
};

void AddPrivateEndpointCreate(CLI::App* pe, Registry& registry) {
  auto a = std::make_shared<PeArgs>();
  CLI::App* cmd = registry.Command(
      pe, "create", "Create a private endpoint.", [a](Context& ctx) -> Result<Json> {
        const Scope scope = ctx.ScopeFor(a->resource_group);
        VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet_name, scope));
        VNET_ASSIGN_OR_RETURN(bool manual, a->manual_request.value_or(false));
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        Json connection_props = {{"privateLinkServiceId", a->resource_id}};
        if (!a->group_ids.empty()) connection_props["groupIds"] = a->group_ids;
        if (manual && !a->request_message.empty()) {
          connection_props["requestMessage"] = a->request_message;
        }
        Json props = {{"subnet", {{"id", subnet_id}}}};
        props[manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"] =
            Json::array({{{"name", a->connection_name}, {"properties", connection_props}}});
        if (!a->nic_name.empty()) props["customNetworkInterfaceName"] = a->nic_name;
        if (!a->ip_configs.empty()) {
          Json configs = Json::array();
          for (const auto& pairs : a->ip_configs) {
            VNET_ASSIGN_OR_RETURN(Json config, IpConfigFromPairs(pairs));
            configs.push_back(std::move(config));
          }
          props["ipConfigurations"] = configs;
        }
        if (!a->asgs.empty()) {
          props["applicationSecurityGroups"] =
              IdRefs(a->asgs, scope, "Microsoft.Network/applicationSecurityGroups");
        }
        Json body = {{"location", location}, {"properties", props}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        return ctx.arm().Put(ResourceId(scope, kPeType, a->name), body);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the private endpoint.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
  cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of the subnet.")
      ->required();
  cmd->add_option("--private-connection-resource-id", a->resource_id,
                  "Id of the resource (storage account, private link service, ...) to connect.")
      ->required();
  cmd->add_option("--connection-name", a->connection_name, "Name of the connection.")->required();
  cmd->add_option("--group-id,--group-ids", a->group_ids,
                  "Sub-resources to connect (blob, vault, sqlServer, ...).");
  a->manual_request.Declare(cmd, "--manual-request",
                            "Ask the resource owner to approve the connection.");
  cmd->add_option("--request-message", a->request_message, "Message for a manual request.");
  cmd->add_option("--nic-name", a->nic_name, "Name of the endpoint's network interface.");
  cmd->add_option("--ip-config,--ip-configs", a->ip_configs,
                  "Static IP: name=NAME [group-id=ID member-name=NAME] private-ip-address=IP. "
                  "Repeat for each.");
  cmd->add_option("--asg", a->asgs, "Ids of application security groups; repeatable.");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
}

struct ZoneGroupArgs {
  std::string resource_group, endpoint_name, name, zone, zone_name;
};

std::string ZoneGroupId(const Scope& scope, const ZoneGroupArgs& a) {
  return ChildId(ResourceId(scope, kPeType, a.endpoint_name), "privateDnsZoneGroups", a.name);
}

Json ZoneConfig(const ZoneGroupArgs& a, const Scope& scope) {
  return {{"name", a.zone_name},
          {"properties", {{"privateDnsZoneId", NameOrId(a.zone, scope, kZoneType)}}}};
}

void AddZoneGroupCommands(CLI::App* pe, Registry& registry) {
  CLI::App* group =
      registry.Group(pe, "dns-zone-group", "Manage private endpoint DNS zone groups.");
  auto declare = [](CLI::App* cmd, ZoneGroupArgs* a, bool with_zone, bool zone_required) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("--endpoint-name", a->endpoint_name, "Name of the private endpoint.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the zone group.")->required();
    cmd->add_option("--zone-name", a->zone_name, "Name of the zone config in the group.")
        ->required();
    if (with_zone) {
      CLI::Option* zone =
          cmd->add_option("--private-dns-zone", a->zone, "Name or id of the private DNS zone.");
      if (zone_required) zone->required();
    }
  };
  {
    auto a = std::make_shared<ZoneGroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "create", "Create a DNS zone group.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const Json body = {
              {"name", a->name},
              {"properties", {{"privateDnsZoneConfigs", Json::array({ZoneConfig(*a, scope)})}}}};
          return ctx.arm().Put(ZoneGroupId(scope, *a), body);
        });
    declare(cmd, a.get(), true, true);
  }
  {
    auto a = std::make_shared<ZoneGroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "add", "Add a zone to a DNS zone group.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(ZoneGroupId(scope, *a)));
          Json body = NetworkUpdateBody(current);
          Json& configs = ObjectAt(body, "properties")["privateDnsZoneConfigs"];
          if (!configs.is_array()) configs = Json::array();
          Json kept = Json::array();
          for (const Json& c : configs) {
            if (!SameName(c, a->zone_name)) kept.push_back(c);
          }
          kept.push_back(ZoneConfig(*a, scope));
          configs = kept;
          return ctx.arm().Put(ZoneGroupId(scope, *a), body);
        });
    declare(cmd, a.get(), true, true);
  }
  {
    auto a = std::make_shared<ZoneGroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "remove", "Remove a zone from a DNS zone group.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(ZoneGroupId(scope, *a)));
          Json body = NetworkUpdateBody(current);
          Json& configs = ObjectAt(body, "properties")["privateDnsZoneConfigs"];
          Json kept = Json::array();
          if (configs.is_array()) {
            for (const Json& c : configs) {
              if (!SameName(c, a->zone_name)) kept.push_back(c);
            }
          }
          configs = kept;
          return ctx.arm().Put(ZoneGroupId(scope, *a), body);
        });
    declare(cmd, a.get(), false, false);
  }
  AddStandardVerbs(registry, group,
                   {std::string(kPeType), "--endpoint-name", "privateDnsZoneGroups"});
}

struct ConnectionArgs {
  std::string id, resource_group, resource_name, name, type, description;
};

// The connection's id from --id, or from -g/--resource-name/--type/-n.
Result<std::string> ConnectionId(const ConnectionArgs& a, const Context& ctx) {
  if (!a.id.empty()) return a.id;
  if (a.resource_group.empty() || a.resource_name.empty() || a.name.empty() || a.type.empty()) {
    return UsageError(
        "usage error: --id ID | -g NAME --resource-name NAME --type TYPE --name NAME");
  }
  return ChildId(ResourceId(ctx.ScopeFor(a.resource_group), a.type, a.resource_name),
                 "privateEndpointConnections", a.name);
}

void DeclareConnectionArgs(CLI::App* cmd, ConnectionArgs* a, bool with_description) {
  cmd->add_option("--id", a->id, "Id of the private endpoint connection.");
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.");
  cmd->add_option("--resource-name", a->resource_name,
                  "Name of the resource that owns the connection.");
  cmd->add_option("-n,--name", a->name, "Name of the private endpoint connection.");
  cmd->add_option("--type", a->type,
                  "Type of the owning resource, e.g. Microsoft.Storage/storageAccounts.");
  if (with_description) {
    cmd->add_option("--description", a->description, "Comment for the approval or rejection.");
  }
}

Action SetConnectionState(std::shared_ptr<ConnectionArgs> a, std::string status) {
  return [a, status](Context& ctx) -> Result<Json> {
    VNET_ASSIGN_OR_RETURN(std::string id, ConnectionId(*a, ctx));
    VNET_ASSIGN_OR_RETURN(Json connection, ctx.arm().Get(id));
    Json& state = ObjectAt(ObjectAt(connection, "properties"), "privateLinkServiceConnectionState");
    state["status"] = status;
    // As Azure CLI: the description is replaced, by null when none is given.
    state["description"] = a->description.empty() ? Json(nullptr) : Json(a->description);
    return ctx.arm().Put(id, connection);
  };
}

void AddConnectionCommands(CLI::App* network, Registry& registry) {
  CLI::App* group = registry.Group(network, "private-endpoint-connection",
                                   "Manage private endpoint connections of a resource.");
  for (const auto& [verb, status] :
       {std::pair<const char*, const char*>{"approve", "Approved"}, {"reject", "Rejected"}}) {
    auto a = std::make_shared<ConnectionArgs>();
    CLI::App* cmd =
        registry.Command(group, verb,
                         std::string(verb) == "approve" ? "Approve a private endpoint connection."
                                                        : "Reject a private endpoint connection.",
                         SetConnectionState(a, status));
    DeclareConnectionArgs(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<ConnectionArgs>();
    CLI::App* cmd = registry.Command(group, "show", "Show a private endpoint connection.",
                                     [a](Context& ctx) -> Result<Json> {
                                       VNET_ASSIGN_OR_RETURN(std::string id, ConnectionId(*a, ctx));
                                       return ctx.arm().Get(id);
                                     });
    DeclareConnectionArgs(cmd, a.get(), false);
  }
  {
    auto a = std::make_shared<ConnectionArgs>();
    CLI::App* cmd = registry.Command(group, "delete", "Delete a private endpoint connection.",
                                     [a](Context& ctx) -> Result<Json> {
                                       VNET_ASSIGN_OR_RETURN(std::string id, ConnectionId(*a, ctx));
                                       VNET_RETURN_IF_ERROR(ctx.arm().Delete(id));
                                       return Json(nullptr);
                                     });
    DeclareConnectionArgs(cmd, a.get(), false);
    cmd->add_flag(std::string("-y,--yes"))->description("Do not prompt for confirmation.");
  }
  {
    auto a = std::make_shared<ConnectionArgs>();
    CLI::App* cmd = registry.Command(
        group, "list", "List a resource's connections.", [a](Context& ctx) -> Result<Json> {
          std::string resource = a->id;
          if (resource.empty()) {
            if (a->resource_group.empty() || a->name.empty() || a->type.empty()) {
              return UsageError("usage error: --id ID | -g NAME -n NAME --type TYPE");
            }
            resource = ResourceId(ctx.ScopeFor(a->resource_group), a->type, a->name);
          }
          return ctx.arm().List(resource + "/privateEndpointConnections");
        });
    cmd->add_option("--id", a->id, "Id of the resource that owns the connections.");
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.");
    cmd->add_option("-n,--name,--resource-name", a->name, "Name of the owning resource.");
    cmd->add_option("--type", a->type, "Type of the owning resource.");
  }
}

struct PlsArgs {
  std::string resource_group, name, location, vnet_name, subnet, lb_name, private_ip;
  std::vector<std::string> frontends, visibility, auto_approval, fqdns, tags;
  TriState proxy_protocol;
};

void AddPrivateLinkServiceCommands(CLI::App* network, Registry& registry) {
  CLI::App* group =
      registry.Group(network, "private-link-service", "Manage private link services.");
  auto a = std::make_shared<PlsArgs>();
  CLI::App* cmd = registry.Command(
      group, "create", "Create a private link service.", [a](Context& ctx) -> Result<Json> {
        const Scope scope = ctx.ScopeFor(a->resource_group);
        VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet_name, scope));
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        Json ip_props = {{"privateIPAddressVersion", "IPv4"}, {"subnet", {{"id", subnet_id}}}};
        if (!a->private_ip.empty()) {
          ip_props["privateIPAddress"] = a->private_ip;
          ip_props["privateIPAllocationMethod"] = "Static";
        }
        Json frontends = Json::array();
        for (const std::string& f : a->frontends) {
          if (IsResourceId(f)) {
            frontends.push_back({{"id", f}});
          } else if (a->lb_name.empty()) {
            return UsageError(
                "usage error: --lb-frontend-ip-configs IDS | --lb-name NAME "
                "--lb-frontend-ip-configs NAMES");
          } else {
            frontends.push_back(
                {{"id", ChildId(ResourceId(scope, "Microsoft.Network/loadBalancers", a->lb_name),
                                "frontendIpConfigurations", f)}});
          }
        }
        Json props = {
            {"ipConfigurations",
             Json::array({{{"name", a->name + "_ipconfig_0"}, {"properties", ip_props}}})},
            {"loadBalancerFrontendIpConfigurations", frontends}};
        if (a->proxy_protocol.given()) {
          VNET_ASSIGN_OR_RETURN(bool proxy, a->proxy_protocol.value());
          props["enableProxyProtocol"] = proxy;
        }
        if (!a->visibility.empty()) props["visibility"] = {{"subscriptions", a->visibility}};
        if (!a->auto_approval.empty())
          props["autoApproval"] = {{"subscriptions", a->auto_approval}};
        if (!a->fqdns.empty()) props["fqdns"] = a->fqdns;
        Json body = {{"location", location}, {"properties", props}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        return ctx.arm().Put(ResourceId(scope, kPlsType, a->name), body);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the private link service.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
  cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of the subnet.")
      ->required();
  cmd->add_option("--lb-name", a->lb_name, "Name of the load balancer.");
  cmd->add_option("--lb-frontend-ip-configs", a->frontends,
                  "Names (with --lb-name) or ids of load balancer frontend IP configurations.")
      ->required();
  cmd->add_option("--private-ip-address", a->private_ip, "Static private IP address.");
  a->proxy_protocol.Declare(cmd, "--enable-proxy-protocol", "Enable the proxy protocol.");
  cmd->add_option("--visibility", a->visibility, "Subscriptions that can see the service.");
  cmd->add_option("--auto-approval", a->auto_approval, "Subscriptions approved automatically.");
  cmd->add_option("--fqdns", a->fqdns, "FQDNs of the service.");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  AddStandardVerbs(registry, group, {std::string(kPlsType), "", ""});
}

}  // namespace

void RegisterPrivateLinkCommands(CLI::App* network, Registry& registry) {
  CLI::App* pe = registry.Group(network, "private-endpoint", "Manage private endpoints.");
  AddPrivateEndpointCreate(pe, registry);
  AddStandardVerbs(registry, pe, {std::string(kPeType), "", ""});
  AddZoneGroupCommands(pe, registry);
  AddConnectionCommands(network, registry);
  AddPrivateLinkServiceCommands(network, registry);
}

}  // namespace vnet::cli
