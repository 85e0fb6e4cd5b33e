// `vnet keyvault ...` and `keyvault network-rule add|remove|list`. Key Vault has no PATCH in Azure
// CLI's flow: every change GETs the vault and PUTs it back whole (recording
// keyvault/test_keyvault_network_rule.yaml). IPs are stored with a prefix length ("1.2.3.4/32").
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/network_rules.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kVaultType = "Microsoft.KeyVault/vaults";
// vnetd has no Entra ID: vaults belong to the zero tenant.
constexpr std::string_view kTenant = "00000000-0000-0000-0000-000000000000";

struct VaultArgs {
  std::string resource_group, name, location, sku = "standard", bypass;
  int retention_days = 90;
  OptionalArg default_action, public_network_access;
  std::vector<std::string> acl_ips, acl_vnets, tags;
};

void DeclareVaultArgs(CLI::App* cmd, VaultArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the key vault.")->required();
  DeclareOptional(cmd, "--default-action", "Allow or Deny: the network default action.",
                  &a->default_action);
  cmd->add_option("--bypass", a->bypass, "AzureServices or None.");
  DeclareOptional(cmd, "--public-network-access", "Enabled or Disabled.",
                  &a->public_network_access);
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  if (create) {
    cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
    cmd->add_option("--sku", a->sku, "standard (default) or premium.");
    cmd->add_option("--retention-days", a->retention_days, "Soft-delete retention (default 90).");
    cmd->add_option("--network-acls-ips", a->acl_ips, "IPs or CIDRs allowed through the firewall.");
    cmd->add_option("--network-acls-vnets", a->acl_vnets,
                    "Subnet ids allowed through the firewall.");
  }
}

// The vault as Azure CLI PUTs it back: location, tags and properties, minus what the server owns.
Json VaultBody(const Json& vault) {
  Json body = {{"location", vault.value("location", "")},
               {"tags", vault.contains("tags") ? vault["tags"] : Json::object()}};
  Json props = vault.contains("properties") ? vault["properties"] : Json::object();
  props.erase("privateEndpointConnections");
  body["properties"] = props;
  return body;
}

Json& Acls(Json& body) {
  Json& acls = ObjectAt(ObjectAt(body, "properties"), "networkAcls");
  if (!acls.contains("bypass")) acls["bypass"] = "AzureServices";
  if (!acls.contains("defaultAction")) acls["defaultAction"] = "Allow";
  return acls;
}

void AddVaultCommands(CLI::App* keyvault, Registry& registry) {
  {
    auto a = std::make_shared<VaultArgs>();
    CLI::App* cmd = registry.Command(
        keyvault, "create", "Create a key vault.", [a](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json acls = {
              {"bypass", a->bypass.empty() ? "AzureServices" : a->bypass},
              {"defaultAction", a->default_action.given() ? a->default_action.value : "Allow"}};
          for (const std::string& ip : a->acl_ips) {
            AddUniqueRule(acls, "ipRules", "value", {{"value", WithPrefixLength(ip)}});
          }
          for (const std::string& subnet : a->acl_vnets) {
            AddUniqueRule(acls, "virtualNetworkRules", "id", {{"id", subnet}});
          }
          Json props = {{"tenantId", kTenant},
                        {"sku", {{"family", "A"}, {"name", a->sku}}},
                        {"accessPolicies", Json::array()},
                        {"enableSoftDelete", true},
                        {"softDeleteRetentionInDays", a->retention_days},
                        {"networkAcls", acls}};
          if (a->public_network_access.given()) {
            props["publicNetworkAccess"] = a->public_network_access.value;
          }
          Json body = {{"location", location}, {"properties", props}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kVaultType, a->name),
                               body);
        });
    DeclareVaultArgs(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<VaultArgs>();
    CLI::App* cmd = registry.Command(
        keyvault, "update", "Update a key vault.", [a](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kVaultType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = VaultBody(current);
          if (a->default_action.given() || !a->bypass.empty()) {
            Json& acls = Acls(body);
            if (a->default_action.given()) acls["defaultAction"] = a->default_action.value;
            if (!a->bypass.empty()) acls["bypass"] = a->bypass;
          }
          if (a->public_network_access.given()) {
            body["properties"]["publicNetworkAccess"] = a->public_network_access.value;
          }
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(id, body);
        });
    DeclareVaultArgs(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, keyvault, {std::string(kVaultType), "", ""});
}

struct RuleArgs {
  std::string resource_group, name, subnet, vnet_name;
  std::vector<std::string> ips;
};

void AddNetworkRuleCommands(CLI::App* keyvault, Registry& registry) {
  CLI::App* group = registry.Group(keyvault, "network-rule", "Manage vault network ACLs.");
  for (const bool add : {true, false}) {
    auto a = std::make_shared<RuleArgs>();
    CLI::App* cmd = registry.Command(
        group, add ? "add" : "remove",
        add ? "Add a network rule (no-op if present)." : "Remove a network rule.",
        [a, add](Context& ctx) -> Result<Json> {
          if (a->ips.empty() && a->subnet.empty()) {
            return UsageError(
                "usage error: --ip-address IP | --subnet ID | --subnet NAME "
                "--vnet-name NAME");
          }
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id = ResourceId(scope, kVaultType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = VaultBody(current);
          Json& acls = Acls(body);
          if (!acls.contains("ipRules")) acls["ipRules"] = Json::array();
          if (!acls.contains("virtualNetworkRules")) acls["virtualNetworkRules"] = Json::array();
          for (const std::string& ip : a->ips) {
            if (add) {
              AddUniqueRule(acls, "ipRules", "value", {{"value", WithPrefixLength(ip)}});
            } else {
              RemoveRules(acls, "ipRules", "value", ip);
            }
          }
          if (!a->subnet.empty()) {
            VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet_name, scope));
            if (add) {
              AddUniqueRule(acls, "virtualNetworkRules", "id", {{"id", subnet_id}});
            } else {
              RemoveRules(acls, "virtualNetworkRules", "id", subnet_id);
            }
          }
          return ctx.arm().Put(id, body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the key vault.")->required();
    cmd->add_option("--ip-address", a->ips, "IPv4 addresses or CIDR ranges.");
    cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of a subnet.");
    cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
  }
  auto a = std::make_shared<RuleArgs>();
  CLI::App* cmd =
      registry.Command(group, "list", "List network rules.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(
            Json current,
            ctx.arm().Get(ResourceId(ctx.ScopeFor(a->resource_group), kVaultType, a->name)));
        Json body = VaultBody(current);
        const Json& acls = Acls(body);
        return Json{{"ipRules", acls.value("ipRules", Json::array())},
                    {"virtualNetworkRules", acls.value("virtualNetworkRules", Json::array())}};
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the key vault.")->required();
}

}  // namespace

void RegisterKeyVaultCommands(CLI::App* root, Registry& registry) {
  CLI::App* keyvault = registry.Group(root, "keyvault", "Manage key vaults.");
  AddVaultCommands(keyvault, registry);
  AddNetworkRuleCommands(keyvault, registry);
}

}  // namespace vnet::cli
