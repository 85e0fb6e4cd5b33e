// `vnet storage account ...` and `storage account network-rule add|remove|list`. Network rules are
// a read-modify-write of the whole networkAcls: GET the account, merge, PATCH {"properties":
// {"networkAcls": ...}} back, exactly as Azure CLI 2.55 does (recording
// storage/test_storage_account_service_endpoints.yaml). Re-adding a rule changes nothing.
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/network_rules.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kAccountType = "Microsoft.Storage/storageAccounts";

// --bypass AzureServices Logging -> "AzureServices, Logging".
std::string JoinBypass(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

struct AccountArgs {
  std::string resource_group, name, location, sku, kind = "StorageV2";
  OptionalArg default_action, public_network_access;
  ListArg bypass;
  TriState https_only;
  std::vector<std::string> tags;
};

void DeclareAccountArgs(CLI::App* cmd, AccountArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the storage account.")->required();
  cmd->add_option("--sku", a->sku, "Standard_RAGRS (default), Standard_LRS, ...");
  DeclareOptional(cmd, "--default-action", "Allow or Deny: the network default action.",
                  &a->default_action);
  DeclareList(cmd, "--bypass", "AzureServices, Logging, Metrics or None.", &a->bypass);
  DeclareOptional(cmd, "--public-network-access", "Enabled or Disabled.",
                  &a->public_network_access);
  a->https_only.Declare(cmd, "--https-only", "Allow only HTTPS traffic.");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  if (create) {
    cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
    cmd->add_option("--kind", a->kind, "StorageV2 (default), BlobStorage, ...");
  }
}

// Applies --default-action/--bypass to a networkAcls object.
void ApplyAclArgs(const AccountArgs& a, Json& acls) {
  if (a.bypass.given()) acls["bypass"] = JoinBypass(a.bypass.values);
  if (a.default_action.given()) acls["defaultAction"] = a.default_action.value;
}

void AddAccountCommands(CLI::App* account, Registry& registry) {
  {
    auto a = std::make_shared<AccountArgs>();
    CLI::App* cmd = registry.Command(
        account, "create", "Create a storage account.", [a](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json props = {
              {"encryption",
               {{"services", {{"blob", Json::object()}}}, {"keySource", "Microsoft.Storage"}}}};
          if (a->default_action.given() || a->bypass.given()) {
            Json acls = Json::object();
            ApplyAclArgs(*a, acls);
            props["networkAcls"] = acls;
          }
          if (a->public_network_access.given()) {
            props["publicNetworkAccess"] = a->public_network_access.value;
          }
          if (a->https_only.given()) {
            VNET_ASSIGN_OR_RETURN(bool https, a->https_only.value());
            props["supportsHttpsTrafficOnly"] = https;
          }
          Json body = {{"sku", {{"name", a->sku.empty() ? "Standard_RAGRS" : a->sku}}},
                       {"kind", a->kind},
                       {"location", location},
                       {"properties", props}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kAccountType, a->name),
                               body);
        });
    DeclareAccountArgs(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<AccountArgs>();
    CLI::App* cmd = registry.Command(
        account, "update", "Update a storage account.", [a](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kAccountType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          // Azure CLI PATCHes sku, tags and the writable properties it models.
          Json body = {{"sku", current.contains("sku") ? current["sku"] : Json::object()},
                       {"tags", current.contains("tags") ? current["tags"] : Json::object()}};
          if (!a->sku.empty()) body["sku"] = {{"name", a->sku}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          Json props = Json::object();
          const Json stored =
              current.contains("properties") ? current["properties"] : Json::object();
          for (const char* key :
               {"encryption", "accessTier", "supportsHttpsTrafficOnly", "publicNetworkAccess"}) {
            if (stored.contains(key)) props[key] = stored[key];
          }
          props["networkAcls"] = StorageAclsForPatch(current);
          ApplyAclArgs(*a, props["networkAcls"]);
          if (a->public_network_access.given()) {
            props["publicNetworkAccess"] = a->public_network_access.value;
          }
          if (a->https_only.given()) {
            VNET_ASSIGN_OR_RETURN(bool https, a->https_only.value());
            props["supportsHttpsTrafficOnly"] = https;
          }
          body["properties"] = props;
          return ctx.arm().Patch(id, body);
        });
    DeclareAccountArgs(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, account, {std::string(kAccountType), "", ""});
}

struct RuleArgs {
  std::string resource_group, account, ip, subnet, vnet_name, action = "Allow";
  std::string resource_id, tenant_id;
};

void DeclareRuleArgs(CLI::App* cmd, RuleArgs* a) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--account-name", a->account, "Name of the storage account.")->required();
  cmd->add_option("--ip-address", a->ip, "IPv4 address or CIDR range.");
  cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of a subnet.");
  cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
  cmd->add_option("--resource-id", a->resource_id, "Resource id of a resource access rule.");
  cmd->add_option("--tenant-id", a->tenant_id, "Tenant of the resource access rule.");
}

// Applies one add or remove to `acls`. kInvalidArgument ("UsageError") without a rule argument.
Status EditAcls(Json& acls, const RuleArgs& a, const Scope& scope, bool add) {
  if (a.ip.empty() && a.subnet.empty() && a.resource_id.empty()) {
    return UsageError(
        "usage error: --ip-address IP | --subnet ID | --subnet NAME --vnet-name NAME"
        " | --resource-id ID");
  }
  if (!a.ip.empty()) {
    if (add) {
      AddUniqueRule(acls, "ipRules", "value", {{"value", a.ip}, {"action", a.action}});
    } else {
      RemoveRules(acls, "ipRules", "value", a.ip);
    }
  }
  if (!a.subnet.empty()) {
    VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a.subnet, a.vnet_name, scope));
    if (add) {
      AddUniqueRule(acls, "virtualNetworkRules", "id", {{"id", subnet_id}, {"action", a.action}});
    } else {
      RemoveRules(acls, "virtualNetworkRules", "id", subnet_id);
    }
  }
  if (!a.resource_id.empty()) {
    if (add) {
      AddUniqueRule(acls, "resourceAccessRules", "resourceId",
                    {{"tenantId", a.tenant_id}, {"resourceId", a.resource_id}});
    } else {
      RemoveRules(acls, "resourceAccessRules", "resourceId", a.resource_id);
    }
  }
  return Status();
}

// The rule lists of an account, as `network-rule list` prints them.
Json RuleLists(const Json& account) {
  const Json acls = StorageAclsForPatch(account);
  Json out = {{"ipRules", acls["ipRules"]}, {"virtualNetworkRules", acls["virtualNetworkRules"]}};
  if (acls.contains("resourceAccessRules"))
    out["resourceAccessRules"] = acls["resourceAccessRules"];
  return out;
}

void AddNetworkRuleCommands(CLI::App* account, Registry& registry) {
  CLI::App* group = registry.Group(account, "network-rule", "Manage network rules.");
  for (const bool add : {true, false}) {
    auto a = std::make_shared<RuleArgs>();
    CLI::App* cmd = registry.Command(
        group, add ? "add" : "remove",
        add ? "Add a network rule (no-op if present)." : "Remove a network rule.",
        [a, add](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id = ResourceId(scope, kAccountType, a->account);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json acls = StorageAclsForPatch(current);
          VNET_RETURN_IF_ERROR(EditAcls(acls, *a, scope, add));
          VNET_ASSIGN_OR_RETURN(Json updated,
                                ctx.arm().Patch(id, Json{{"properties", {{"networkAcls", acls}}}}));
          return updated.contains("properties") && updated["properties"].contains("networkAcls")
                     ? updated["properties"]["networkAcls"]
                     : updated;
        });
    DeclareRuleArgs(cmd, a.get());
    if (add) cmd->add_option("--action", a->action, "Allow (the only action Azure supports).");
  }
  auto a = std::make_shared<RuleArgs>();
  CLI::App* cmd =
      registry.Command(group, "list", "List network rules.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(
            Json current,
            ctx.arm().Get(ResourceId(ctx.ScopeFor(a->resource_group), kAccountType, a->account)));
        return RuleLists(current);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--account-name,-n", a->account, "Name of the storage account.")->required();
}

}  // namespace

void RegisterStorageCommands(CLI::App* root, Registry& registry) {
  CLI::App* storage = registry.Group(root, "storage", "Manage Azure Storage.");
  CLI::App* account = registry.Group(storage, "account", "Manage storage accounts.");
  AddAccountCommands(account, registry);
  AddNetworkRuleCommands(account, registry);
}

}  // namespace vnet::cli
