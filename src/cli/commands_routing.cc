// `vnet network route-table ...`, `network route-table route ...`, `network nat gateway ...` and
// `network watcher ...` (the last two minimal: create, show, list, delete).
#include <memory>

#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kRouteTableType = "Microsoft.Network/routeTables";
constexpr std::string_view kNatType = "Microsoft.Network/natGateways";
constexpr std::string_view kWatcherType = "Microsoft.Network/networkWatchers";

struct RouteTableArgs {
  std::string resource_group, name, location;
  std::vector<std::string> tags;
  TriState disable_bgp;
};

void DeclareRouteTableArgs(CLI::App* cmd, RouteTableArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the route table.")->required();
  if (create) cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  a->disable_bgp.Declare(cmd, "--disable-bgp-route-propagation", "Disable routes learned by BGP.");
}

void AddRouteTableCommands(CLI::App* network, Registry& registry) {
  CLI::App* table = registry.Group(network, "route-table", "Manage route tables.");
  {
    auto a = std::make_shared<RouteTableArgs>();
    CLI::App* cmd = registry.Command(
        table, "create", "Create a route table.", [a](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json body = {{"location", location}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          if (a->disable_bgp.given()) {
            VNET_ASSIGN_OR_RETURN(bool disable, a->disable_bgp.value());
            body["properties"] = {{"disableBgpRoutePropagation", disable}};
          }
          return ctx.arm().Put(
              ResourceId(ctx.ScopeFor(a->resource_group), kRouteTableType, a->name), body);
        });
    DeclareRouteTableArgs(cmd, a.get(), /*create=*/true);
  }
  {
    auto a = std::make_shared<RouteTableArgs>();
    CLI::App* cmd = registry.Command(
        table, "update", "Update a route table.", [a](Context& ctx) -> Result<Json> {
          const std::string id =
              ResourceId(ctx.ScopeFor(a->resource_group), kRouteTableType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          if (a->disable_bgp.given()) {
            VNET_ASSIGN_OR_RETURN(bool disable, a->disable_bgp.value());
            ObjectAt(body, "properties")["disableBgpRoutePropagation"] = disable;
          }
          return ctx.arm().Put(id, body);
        });
    DeclareRouteTableArgs(cmd, a.get(), /*create=*/false);
  }
  AddStandardVerbs(registry, table, {std::string(kRouteTableType), "", ""});

  struct RouteArgs {
    std::string resource_group, table_name, name;
    OptionalArg address_prefix, next_hop_type, next_hop_ip;
  };
  auto declare = [](CLI::App* cmd, RouteArgs* a, bool create) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("--route-table-name", a->table_name, "Name of the route table.")->required();
    cmd->add_option("-n,--name", a->name, "Name of the route.")->required();
    DeclareOptional(cmd, "--address-prefix", "Destination CIDR the route applies to.",
                    &a->address_prefix);
    DeclareOptional(cmd, "--next-hop-type",
                    "VirtualAppliance, VirtualNetworkGateway, VnetLocal, Internet or None.",
                    &a->next_hop_type);
    DeclareOptional(cmd, "--next-hop-ip-address", "Next hop IP for VirtualAppliance routes.",
                    &a->next_hop_ip);
    if (create) {
      a->address_prefix.option->required();
      a->next_hop_type.option->required();
    }
  };
  auto apply = [](const RouteArgs& a, Json& props) -> Status {
    if (a.address_prefix.given()) props["addressPrefix"] = a.address_prefix.value;
    if (a.next_hop_type.given()) {
      VNET_ASSIGN_OR_RETURN(std::string hop, Canonical(a.next_hop_type.value,
                                                       {"VirtualNetworkGateway", "VnetLocal",
                                                        "Internet", "VirtualAppliance", "None"},
                                                       "--next-hop-type"));
      props["nextHopType"] = hop;
    }
    if (a.next_hop_ip.given()) {
      if (a.next_hop_ip.value.empty()) {
        props.erase("nextHopIpAddress");
      } else {
        props["nextHopIpAddress"] = a.next_hop_ip.value;
      }
    }
    return Status();
  };
  CLI::App* route = registry.Group(table, "route", "Manage routes in a route table.");
  {
    auto a = std::make_shared<RouteArgs>();
    CLI::App* cmd = registry.Command(
        route, "create", "Create a route.", [a, apply](Context& ctx) -> Result<Json> {
          Json props = Json::object();
          VNET_RETURN_IF_ERROR(apply(*a, props));
          const Scope scope = ctx.ScopeFor(a->resource_group);
          return ctx.arm().Put(
              ChildId(ResourceId(scope, kRouteTableType, a->table_name), "routes", a->name),
              Json{{"name", a->name}, {"properties", props}});
        });
    declare(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<RouteArgs>();
    CLI::App* cmd = registry.Command(
        route, "update", "Update a route.", [a, apply](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id =
              ChildId(ResourceId(scope, kRouteTableType, a->table_name), "routes", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          VNET_RETURN_IF_ERROR(apply(*a, ObjectAt(body, "properties")));
          return ctx.arm().Put(id, body);
        });
    declare(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, route, {std::string(kRouteTableType), "--route-table-name", "routes"});
}

struct NatArgs {
  std::string resource_group, name, location;
  int idle_timeout = 4;
  std::vector<std::string> public_ips, public_ip_prefixes, tags;
};

void AddNatCommands(CLI::App* network, Registry& registry) {
  CLI::App* nat = registry.Group(network, "nat", "Manage NAT resources.");
  CLI::App* gateway = registry.Group(nat, "gateway", "Manage NAT gateways.");
  auto a = std::make_shared<NatArgs>();
  CLI::App* cmd = registry.Command(
      gateway, "create", "Create a NAT gateway.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        const Scope scope = ctx.ScopeFor(a->resource_group);
        Json props = {{"idleTimeoutInMinutes", a->idle_timeout}};
        if (!a->public_ips.empty()) {
          props["publicIpAddresses"] =
              IdRefs(a->public_ips, scope, "Microsoft.Network/publicIPAddresses");
        }
        if (!a->public_ip_prefixes.empty()) {
          props["publicIpPrefixes"] =
              IdRefs(a->public_ip_prefixes, scope, "Microsoft.Network/publicIPPrefixes");
        }
        Json body = {
            {"location", location}, {"sku", {{"name", "Standard"}}}, {"properties", props}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        return ctx.arm().Put(ResourceId(scope, kNatType, a->name), body);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the NAT gateway.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--public-ip-addresses", a->public_ips, "Names or ids of public IPs.");
  cmd->add_option("--public-ip-prefixes", a->public_ip_prefixes,
                  "Names or ids of public IP prefixes.");
  cmd->add_option("--idle-timeout", a->idle_timeout, "Idle timeout in minutes (default 4).");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  AddStandardVerbs(registry, gateway, {std::string(kNatType), "", ""});
}

struct WatcherArgs {
  std::string resource_group, name, location;
};

void AddWatcherCommands(CLI::App* network, Registry& registry) {
  CLI::App* watcher = registry.Group(network, "watcher", "Manage Network Watcher.");
  auto a = std::make_shared<WatcherArgs>();
  CLI::App* cmd = registry.Command(
      watcher, "create", "Create a network watcher in a region.",
      [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        // Azure's own naming for the per-region watcher.
        const std::string name = a->name.empty() ? "NetworkWatcher_" + location : a->name;
        return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kWatcherType, name),
                             Json{{"location", location}});
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name (default NetworkWatcher_<location>).");
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  AddStandardVerbs(registry, watcher, {std::string(kWatcherType), "", ""});
}

}  // namespace

void RegisterRoutingCommands(CLI::App* network, Registry& registry) {
  AddRouteTableCommands(network, registry);
  AddNatCommands(network, registry);
  AddWatcherCommands(network, registry);
}

}  // namespace vnet::cli
