// `vnet sql server ...`, `sql server vnet-rule ...` and `sql server firewall-rule ...`.
#include <memory>

#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kServerType = "Microsoft.Sql/servers";

struct ServerArgs {
  std::string resource_group, name, location, admin_user, admin_password;
  TriState public_network;
};

// Adds `sql server` and its own verbs; returns the group for the rule families.
CLI::App* AddServerCommands(CLI::App* sql, Registry& registry) {
  CLI::App* server = registry.Group(sql, "server", "Manage SQL servers.");
  auto a = std::make_shared<ServerArgs>();
  CLI::App* cmd =
      registry.Command(server, "create", "Create a SQL server.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        Json props = {{"administratorLogin", a->admin_user},
                      {"administratorLoginPassword", a->admin_password},
                      {"administrators", Json::object()}};
        if (a->public_network.given()) {
          VNET_ASSIGN_OR_RETURN(bool enabled, a->public_network.value());
          props["publicNetworkAccess"] = enabled ? "Enabled" : "Disabled";
        }
        return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kServerType, a->name),
                             Json{{"location", location}, {"properties", props}});
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the SQL server.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("-u,--admin-user", a->admin_user, "Administrator login.");
  cmd->add_option("-p,--admin-password", a->admin_password, "Administrator password.");
  a->public_network.Declare(cmd, "-e,--enable-public-network",
                            "Allow access from public networks.");
  AddStandardVerbs(registry, server, {std::string(kServerType), "", ""});
  return server;
}

struct VnetRuleArgs {
  std::string resource_group, server, name, subnet, vnet_name;
  TriState ignore_missing;
};

void AddVnetRuleCommands(CLI::App* server, Registry& registry) {
  CLI::App* group = registry.Group(server, "vnet-rule", "Manage a server's virtual network rules.");
  for (const char* verb : {"create", "update"}) {
    auto a = std::make_shared<VnetRuleArgs>();
    CLI::App* cmd = registry.Command(
        group, verb, "Create or update a virtual network rule.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet_name, scope));
          VNET_ASSIGN_OR_RETURN(bool ignore, a->ignore_missing.value_or(false));
          const Json body = {{"properties",
                              {{"virtualNetworkSubnetId", subnet_id},
                               {"ignoreMissingVnetServiceEndpoint", ignore}}}};
          return ctx.arm().Put(
              ChildId(ResourceId(scope, kServerType, a->server), "virtualNetworkRules", a->name),
              body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-s,--server", a->server, "Name of the SQL server.")->required();
    cmd->add_option("-n,--name", a->name, "Name of the rule.")->required();
    cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of the subnet.")
        ->required();
    cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
    a->ignore_missing.Declare(cmd,
                              "-i,--ignore-missing-endpoint,--ignore-missing-vnet-service-endpoint",
                              "Create the rule before the subnet has the Microsoft.Sql endpoint.");
  }
  AddStandardVerbs(registry, group,
                   {std::string(kServerType), "-s,--server", "virtualNetworkRules"});
}

struct FirewallArgs {
  std::string resource_group, server, name;
  OptionalArg start_ip, end_ip;
};

void AddFirewallCommands(CLI::App* server, Registry& registry) {
  CLI::App* group = registry.Group(server, "firewall-rule", "Manage a server's firewall rules.");
  auto declare = [](CLI::App* cmd, FirewallArgs* a, bool create) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-s,--server", a->server, "Name of the SQL server.")->required();
    cmd->add_option("-n,--name", a->name, "Name of the rule.")->required();
    DeclareOptional(cmd, "--start-ip-address", "First IPv4 address of the range.", &a->start_ip);
    DeclareOptional(cmd, "--end-ip-address", "Last IPv4 address of the range.", &a->end_ip);
    if (create) {
      a->start_ip.option->required();
      a->end_ip.option->required();
    }
  };
  auto id_of = [](const Context& ctx, const FirewallArgs& a) {
    return ChildId(ResourceId(ctx.ScopeFor(a.resource_group), kServerType, a.server),
                   "firewallRules", a.name);
  };
  {
    auto a = std::make_shared<FirewallArgs>();
    CLI::App* cmd = registry.Command(
        group, "create", "Create a firewall rule.", [a, id_of](Context& ctx) -> Result<Json> {
          const Json body = {
              {"properties",
               {{"startIpAddress", a->start_ip.value}, {"endIpAddress", a->end_ip.value}}}};
          return ctx.arm().Put(id_of(ctx, *a), body);
        });
    declare(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<FirewallArgs>();
    CLI::App* cmd = registry.Command(
        group, "update", "Update a firewall rule.", [a, id_of](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id_of(ctx, *a)));
          Json props = current.contains("properties") ? current["properties"] : Json::object();
          Json body = {{"properties",
                        {{"startIpAddress", props.value("startIpAddress", "")},
                         {"endIpAddress", props.value("endIpAddress", "")}}}};
          if (a->start_ip.given()) body["properties"]["startIpAddress"] = a->start_ip.value;
          if (a->end_ip.given()) body["properties"]["endIpAddress"] = a->end_ip.value;
          return ctx.arm().Put(id_of(ctx, *a), body);
        });
    declare(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, group, {std::string(kServerType), "-s,--server", "firewallRules"});
}

}  // namespace

void RegisterSqlCommands(CLI::App* root, Registry& registry) {
  CLI::App* sql = registry.Group(root, "sql", "Manage Azure SQL.");
  CLI::App* server = AddServerCommands(sql, registry);
  AddVnetRuleCommands(server, registry);
  AddFirewallCommands(server, registry);
}

}  // namespace vnet::cli
