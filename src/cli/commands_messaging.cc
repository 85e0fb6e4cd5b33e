// `vnet cosmosdb ...` (with `network-rule`), `eventhubs namespace ...` and `servicebus namespace
// ...` (with `network-rule-set`). Cosmos DB rules are PATCHed as the account's
// virtualNetworkRules; Event Hubs and Service Bus keep theirs in the child networkRuleSets/default,
// which is read, edited and PUT back whole.
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/network_rules.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kCosmosType = "Microsoft.DocumentDB/databaseAccounts";

struct CosmosArgs {
  std::string resource_group, name, location, kind = "GlobalDocumentDB", public_network_access;
  TriState enable_vnet;
  std::vector<std::string> tags;
};

struct CosmosRuleArgs {
  std::string resource_group, name, vnet, subnet;
  TriState ignore_missing;
};

void AddCosmosCommands(CLI::App* root, Registry& registry) {
  CLI::App* cosmos = registry.Group(root, "cosmosdb", "Manage Azure Cosmos DB accounts.");
  {
    auto a = std::make_shared<CosmosArgs>();
    CLI::App* cmd = registry.Command(
        cosmos, "create", "Create a Cosmos DB account.", [a](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json props = {{"locations", Json::array({{{"locationName", location},
                                                    {"failoverPriority", 0},
                                                    {"isZoneRedundant", false}}})},
                        {"databaseAccountOfferType", "Standard"},
                        {"apiProperties", Json::object()},
                        {"createMode", "Default"}};
          if (a->enable_vnet.given()) {
            VNET_ASSIGN_OR_RETURN(bool enable, a->enable_vnet.value());
            props["isVirtualNetworkFilterEnabled"] = enable;
          }
          if (!a->public_network_access.empty()) {
            props["publicNetworkAccess"] = a->public_network_access;
          }
          Json body = {{"location", location}, {"kind", a->kind}, {"properties", props}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kCosmosType, a->name),
                               body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the account.")->required();
    cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
    cmd->add_option("--kind", a->kind, "GlobalDocumentDB (default), MongoDB or Parse.");
    a->enable_vnet.Declare(cmd, "--enable-virtual-network", "Filter access by virtual network.");
    cmd->add_option("--public-network-access", a->public_network_access,
                    "ENABLED, DISABLED or SECUREDBYPERIMETER.");
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  }
  AddStandardVerbs(registry, cosmos, {std::string(kCosmosType), "", ""});

  CLI::App* rules = registry.Group(cosmos, "network-rule", "Manage virtual network rules.");
  auto declare = [](CLI::App* cmd, CosmosRuleArgs* a, bool with_subnet) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the account.")->required();
    if (!with_subnet) return;
    cmd->add_option("--virtual-network,--vnet-name", a->vnet, "Virtual network of --subnet.");
    cmd->add_option("--subnet", a->subnet, "Name (with --virtual-network) or id of the subnet.")
        ->required();
    a->ignore_missing.Declare(cmd,
                              "--ignore-missing-vnet-service-endpoint,--ignore-missing-endpoint",
                              "Add the rule before the subnet has the service endpoint.");
  };
  for (const bool add : {true, false}) {
    auto a = std::make_shared<CosmosRuleArgs>();
    CLI::App* cmd = registry.Command(
        rules, add ? "add" : "remove",
        add ? "Add a virtual network rule (no-op if present)." : "Remove a virtual network rule.",
        [a, add](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet, scope));
          const std::string id = ResourceId(scope, kCosmosType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json holder = {{"virtualNetworkRules", Json::array()}};
          if (current.contains("properties") &&
              current["properties"].contains("virtualNetworkRules")) {
            holder["virtualNetworkRules"] = current["properties"]["virtualNetworkRules"];
          }
          if (add) {
            VNET_ASSIGN_OR_RETURN(bool ignore, a->ignore_missing.value_or(false));
            AddUniqueRule(holder, "virtualNetworkRules", "id",
                          {{"id", subnet_id}, {"ignoreMissingVNetServiceEndpoint", ignore}});
          } else {
            RemoveRules(holder, "virtualNetworkRules", "id", subnet_id);
          }
          return ctx.arm().Patch(id, Json{{"properties", holder}});
        });
    declare(cmd, a.get(), true);
  }
  auto a = std::make_shared<CosmosRuleArgs>();
  CLI::App* cmd = registry.Command(
      rules, "list", "List virtual network rules.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(
            Json current,
            ctx.arm().Get(ResourceId(ctx.ScopeFor(a->resource_group), kCosmosType, a->name)));
        if (current.contains("properties") &&
            current["properties"].contains("virtualNetworkRules")) {
          return current["properties"]["virtualNetworkRules"];
        }
        return Json::array();
      });
  declare(cmd, a.get(), false);
}

struct NamespaceArgs {
  std::string resource_group, name, location, sku = "Standard";
  std::vector<std::string> tags;
};

struct RuleSetArgs {
  std::string resource_group, name, vnet_name;
  OptionalArg default_action, public_network_access;
  TriState trusted_services, ignore_missing;
  std::vector<std::vector<std::string>> ip_rules, subnets;
  std::vector<std::string> ips;
};

// "ip-address=1.1.1.1 action=Allow" (or a bare address) -> {"ipMask", "action"}.
Result<Json> IpRuleFromPairs(const std::vector<std::string>& pairs) {
  Json rule = {{"action", "Allow"}};
  for (const std::string& p : pairs) {
    const size_t eq = p.find('=');
    const std::string key = eq == std::string::npos ? "ip-address" : AsciiLower(p.substr(0, eq));
    const std::string value = eq == std::string::npos ? p : p.substr(eq + 1);
    if (key == "ip-address" || key == "ip-mask" || key == "ipmask") {
      rule["ipMask"] = value;
    } else if (key == "action") {
      rule["action"] = value;
    } else {
      return UsageError("--ip-rule: unknown key '" + key + "'");
    }
  }
  if (!rule.contains("ipMask")) return UsageError("--ip-rule needs ip-address=IP");
  return rule;
}

// "id=<subnet id> ignore-missing-endpoint=true" (or a bare id/name) -> a virtualNetworkRule.
Result<Json> SubnetRuleFromPairs(const std::vector<std::string>& pairs, const RuleSetArgs& a,
                                 const Scope& scope, bool default_ignore) {
  std::string subnet;
  bool ignore = default_ignore;
  for (const std::string& p : pairs) {
    const size_t eq = p.find('=');
    const std::string key = eq == std::string::npos ? "id" : AsciiLower(p.substr(0, eq));
    const std::string value = eq == std::string::npos ? p : p.substr(eq + 1);
    if (key == "id" || key == "name") {
      subnet = value;
    } else if (key == "ignore-missing-endpoint" || key == "ignore-missing-vnet-service-endpoint") {
      ignore = EqualsIgnoreCase(value, "true");
    } else {
      return UsageError("--subnet: unknown key '" + key + "'");
    }
  }
  VNET_ASSIGN_OR_RETURN(std::string id, SubnetId(subnet, a.vnet_name, scope));
  return Json{{"ignoreMissingVnetServiceEndpoint", ignore}, {"subnet", {{"id", id}}}};
}

void AddNamespaceFamily(CLI::App* root, Registry& registry, const std::string& family,
                        const std::string& type, const std::string& help) {
  CLI::App* top = registry.Group(root, family, help);
  CLI::App* ns = registry.Group(top, "namespace", "Manage namespaces.");
  {
    auto a = std::make_shared<NamespaceArgs>();
    CLI::App* cmd = registry.Command(
        ns, "create", "Create a namespace.", [a, type](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json body = {{"location", location},
                       {"identity", {{"type", "None"}}},
                       {"sku", {{"name", a->sku}, {"tier", a->sku}}}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), type, a->name), body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the namespace.")->required();
    cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
    cmd->add_option("--sku", a->sku, "Basic, Standard (default) or Premium.");
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  }
  AddStandardVerbs(registry, ns, {type, "", ""});

  CLI::App* rule_set =
      registry.Group(ns, "network-rule-set", "Manage the namespace's network rules.");
  auto rule_set_id = [type](const Context& ctx, const RuleSetArgs& a) {
    return ChildId(ResourceId(ctx.ScopeFor(a.resource_group), type, a.name), "networkRuleSets",
                   "default");
  };
  auto declare_target = [](CLI::App* cmd, RuleSetArgs* a) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name,--namespace-name", a->name, "Name of the namespace.")->required();
  };
  // Runs `edit` on the rule set's properties and PUTs {"properties": ...} back.
  using Edit = std::function<Status(const RuleSetArgs&, const Scope&, Json&)>;
  auto edit_command = [&registry, rule_set_id](CLI::App* parent, const std::string& name,
                                               const std::string& description,
                                               std::shared_ptr<RuleSetArgs> a, Edit edit) {
    return registry.Command(
        parent, name, description, [a, edit, rule_set_id](Context& ctx) -> Result<Json> {
          const std::string id = rule_set_id(ctx, *a);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json props = current.contains("properties") ? current["properties"] : Json::object();
          VNET_RETURN_IF_ERROR(edit(*a, ctx.ScopeFor(a->resource_group), props));
          return ctx.arm().Put(id, Json{{"properties", props}});
        });
  };
  {
    auto a = std::make_shared<RuleSetArgs>();
    CLI::App* cmd =
        edit_command(rule_set, "update", "Update the default action and access.", a,
                     [](const RuleSetArgs& args, const Scope&, Json& props) -> Status {
                       if (args.default_action.given())
                         props["defaultAction"] = args.default_action.value;
                       if (args.public_network_access.given()) {
                         props["publicNetworkAccess"] = args.public_network_access.value;
                       }
                       if (args.trusted_services.given()) {
                         VNET_ASSIGN_OR_RETURN(bool trusted, args.trusted_services.value());
                         props["trustedServiceAccessEnabled"] = trusted;
                       }
                       return Status();
                     });
    declare_target(cmd, a.get());
    DeclareOptional(cmd, "--default-action", "Allow or Deny.", &a->default_action);
    DeclareOptional(cmd, "--public-network-access", "Enabled or Disabled.",
                    &a->public_network_access);
    a->trusted_services.Declare(cmd, "--enable-trusted-service-access",
                                "Let trusted Microsoft services bypass the rules.");
  }
  CLI::App* ip_rule = registry.Group(rule_set, "ip-rule", "Manage IP rules.");
  for (const bool add : {true, false}) {
    auto a = std::make_shared<RuleSetArgs>();
    CLI::App* cmd = edit_command(
        ip_rule, add ? "add" : "remove",
        add ? "Add IP rules (no-op if present)." : "Remove IP rules.", a,
        [add](const RuleSetArgs& args, const Scope&, Json& props) -> Status {
          std::vector<std::vector<std::string>> all = args.ip_rules;
          for (const std::string& ip : args.ips) all.push_back({ip});
          if (all.empty()) return UsageError("usage error: --ip-rule ip-address=IP [action=Allow]");
          for (const auto& pairs : all) {
            VNET_ASSIGN_OR_RETURN(Json rule, IpRuleFromPairs(pairs));
            if (add) {
              AddUniqueRule(props, "ipRules", "ipMask", rule);
            } else {
              RemoveRules(props, "ipRules", "ipMask", rule["ipMask"].get<std::string>());
            }
          }
          return Status();
        });
    declare_target(cmd, a.get());
    cmd->add_option("--ip-rule", a->ip_rules, "ip-address=IP [action=Allow]; repeatable.");
    cmd->add_option("--ip-address", a->ips, "IP addresses or CIDRs (shorthand).");
  }
  CLI::App* vnet_rule =
      registry.Group(rule_set, "virtual-network-rule", "Manage virtual network rules.");
  for (const bool add : {true, false}) {
    auto a = std::make_shared<RuleSetArgs>();
    CLI::App* cmd = edit_command(
        vnet_rule, add ? "add" : "remove",
        add ? "Add subnet rules (no-op if present)." : "Remove subnet rules.", a,
        [add](const RuleSetArgs& args, const Scope& scope, Json& props) -> Status {
          if (args.subnets.empty()) return UsageError("usage error: --subnet id=SUBNET_ID");
          VNET_ASSIGN_OR_RETURN(bool ignore, args.ignore_missing.value_or(true));
          for (const auto& pairs : args.subnets) {
            VNET_ASSIGN_OR_RETURN(Json rule, SubnetRuleFromPairs(pairs, args, scope, ignore));
            const std::string id = rule["subnet"]["id"].get<std::string>();
            if (add) {
              AddUniqueRule(props, "virtualNetworkRules", "subnet.id", rule);
            } else {
              RemoveRules(props, "virtualNetworkRules", "subnet.id", id);
            }
          }
          return Status();
        });
    declare_target(cmd, a.get());
    cmd->add_option("--subnet", a->subnets,
                    "id=SUBNET_ID [ignore-missing-endpoint=true|false], or a subnet id/name; "
                    "repeatable.");
    cmd->add_option("--vnet-name", a->vnet_name, "Virtual network of subnets given by name.");
    a->ignore_missing.Declare(cmd, "--ignore-missing-endpoint",
                              "Default for ignore-missing-endpoint (true).");
  }
  {
    auto a = std::make_shared<RuleSetArgs>();
    CLI::App* cmd = registry.Command(rule_set, "show", "Show the namespace's network rule set.",
                                     [a, rule_set_id](Context& ctx) -> Result<Json> {
                                       return ctx.arm().Get(rule_set_id(ctx, *a));
                                     });
    declare_target(cmd, a.get());
  }
  {
    auto a = std::make_shared<RuleSetArgs>();
    CLI::App* cmd = registry.Command(
        rule_set, "list", "List the namespace's network rule sets.",
        [a, type](Context& ctx) -> Result<Json> {
          return ctx.arm().List(ResourceId(ctx.ScopeFor(a->resource_group), type, a->name) +
                                "/networkRuleSets");
        });
    declare_target(cmd, a.get());
  }
}

}  // namespace

void RegisterMessagingCommands(CLI::App* root, Registry& registry) {
  AddCosmosCommands(root, registry);
  AddNamespaceFamily(root, registry, "eventhubs", "Microsoft.EventHub/namespaces",
                     "Manage Azure Event Hubs.");
  AddNamespaceFamily(root, registry, "servicebus", "Microsoft.ServiceBus/namespaces",
                     "Manage Azure Service Bus.");
}

}  // namespace vnet::cli
