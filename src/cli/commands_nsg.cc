// `vnet network nsg ...`, `network nsg rule ...` and `network asg ...`. Rule bodies follow Azure
// CLI: a single prefix or port range goes in the singular field, several in the plural one.
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kNsgType = "Microsoft.Network/networkSecurityGroups";
constexpr std::string_view kAsgType = "Microsoft.Network/applicationSecurityGroups";

struct RuleArgs {
  std::string resource_group, nsg_name, name;
  OptionalArg priority, direction, access, protocol, description;
  ListArg source_prefixes, source_ports, destination_prefixes, destination_ports;
  ListArg source_asgs, destination_asgs;
};

void DeclareRuleArgs(CLI::App* cmd, RuleArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--nsg-name", a->nsg_name, "Name of the network security group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the rule.")->required();
  OptionalArg* priority = DeclareOptional(
      cmd, "--priority", "Rule priority, 100 (highest) to 4096 (lowest).", &a->priority);
  if (create) priority->option->required();
  DeclareOptional(cmd, "--direction", "Inbound (default) or Outbound.", &a->direction);
  DeclareOptional(cmd, "--access", "Allow (default) or Deny.", &a->access);
  DeclareOptional(cmd, "--protocol", "Tcp, Udp, Icmp, Esp, Ah or * (default).", &a->protocol);
  DeclareOptional(cmd, "--description", "Rule description.", &a->description);
  DeclareList(cmd, "--source-address-prefixes,--source-address-prefix",
              "CIDRs, service tags or * (default).", &a->source_prefixes);
  DeclareList(cmd, "--source-port-ranges,--source-port-range", "Ports or ranges; * (default).",
              &a->source_ports);
  DeclareList(cmd, "--destination-address-prefixes,--destination-address-prefix",
              "CIDRs, service tags or * (default).", &a->destination_prefixes);
  DeclareList(cmd, "--destination-port-ranges,--destination-port-range",
              "Ports or ranges (default 80).", &a->destination_ports);
  DeclareList(cmd, "--source-asgs", "Names or ids of source application security groups.",
              &a->source_asgs);
  DeclareList(cmd, "--destination-asgs", "Names or ids of destination application security groups.",
              &a->destination_asgs);
}

Status ApplyRuleArgs(const RuleArgs& a, const Scope& scope, Json& props) {
  if (a.priority.given()) {
    char* end = nullptr;
    const long priority = std::strtol(a.priority.value.c_str(), &end, 10);
    if (a.priority.value.empty() || *end != '\0') {
      return UsageError("argument --priority: invalid int value: '" + a.priority.value + "'");
    }
    props["priority"] = priority;
  }
  struct Word {
    const OptionalArg* arg;
    const char* key;
    const char* flag;
    std::vector<std::string_view> choices;
  };
  const Word words[] = {
      {&a.direction, "direction", "--direction", {"Inbound", "Outbound"}},
      {&a.access, "access", "--access", {"Allow", "Deny"}},
      {&a.protocol, "protocol", "--protocol", {"*", "Tcp", "Udp", "Icmp", "Esp", "Ah"}}};
  for (const Word& w : words) {
    if (!w.arg->given()) continue;
    VNET_ASSIGN_OR_RETURN(std::string value, Canonical(w.arg->value, w.choices, w.flag));
    props[w.key] = value;
  }
  if (a.description.given()) props["description"] = a.description.value;
  struct Pair {
    const ListArg* arg;
    const char* singular;
    const char* plural;
  };
  const Pair pairs[] = {
      {&a.source_prefixes, "sourceAddressPrefix", "sourceAddressPrefixes"},
      {&a.source_ports, "sourcePortRange", "sourcePortRanges"},
      {&a.destination_prefixes, "destinationAddressPrefix", "destinationAddressPrefixes"},
      {&a.destination_ports, "destinationPortRange", "destinationPortRanges"}};
  for (const Pair& p : pairs) {
    if (!p.arg->given()) continue;
    if (p.arg->clears()) {
      props.erase(p.singular);
      props.erase(p.plural);
    } else {
      SetSingularOrPlural(props, p.singular, p.plural, p.arg->values);
    }
  }
  const std::pair<const ListArg*, const char*> asgs[] = {
      {&a.source_asgs, "sourceApplicationSecurityGroups"},
      {&a.destination_asgs, "destinationApplicationSecurityGroups"}};
  for (const auto& [arg, key] : asgs) {
    if (!arg->given()) continue;
    if (arg->clears()) {
      props.erase(key);
    } else {
      props[key] = IdRefs(arg->values, scope, kAsgType);
    }
  }
  return Status();
}

void AddRuleCommands(CLI::App* nsg, Registry& registry) {
  CLI::App* rule = registry.Group(nsg, "rule", "Manage network security group rules.");
  {
    auto a = std::make_shared<RuleArgs>();
    CLI::App* cmd = registry.Command(
        rule, "create", "Create a network security group rule.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          // Azure CLI's defaults; an address side given as ASGs gets no "*" prefix.
          Json props = {{"access", "Allow"},
                        {"direction", "Inbound"},
                        {"protocol", "*"},
                        {"sourcePortRange", "*"},
                        {"destinationPortRange", "80"}};
          if (!a->source_asgs.given()) props["sourceAddressPrefix"] = "*";
          if (!a->destination_asgs.given()) props["destinationAddressPrefix"] = "*";
          VNET_RETURN_IF_ERROR(ApplyRuleArgs(*a, scope, props));
          return ctx.arm().Put(
              ChildId(ResourceId(scope, kNsgType, a->nsg_name), "securityRules", a->name),
              Json{{"name", a->name}, {"properties", props}});
        });
    DeclareRuleArgs(cmd, a.get(), /*create=*/true);
  }
  {
    auto a = std::make_shared<RuleArgs>();
    CLI::App* cmd = registry.Command(
        rule, "update", "Update a network security group rule.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id =
              ChildId(ResourceId(scope, kNsgType, a->nsg_name), "securityRules", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          VNET_RETURN_IF_ERROR(ApplyRuleArgs(*a, scope, ObjectAt(body, "properties")));
          return ctx.arm().Put(id, body);
        });
    DeclareRuleArgs(cmd, a.get(), /*create=*/false);
  }
  AddStandardVerbs(registry, rule, {std::string(kNsgType), "--nsg-name", "securityRules"});
}

}  // namespace

void RegisterNsgCommands(CLI::App* network, Registry& registry) {
  CLI::App* nsg = registry.Group(network, "nsg", "Manage network security groups.");
  AddSimpleCreate(registry, nsg, std::string(kNsgType), "NewNSG",
                  "Create a network security group.");
  AddStandardVerbs(registry, nsg, {std::string(kNsgType), "", ""});
  AddRuleCommands(nsg, registry);

  CLI::App* asg = registry.Group(network, "asg", "Manage application security groups.");
  AddSimpleCreate(registry, asg, std::string(kAsgType), "",
                  "Create an application security group.");
  AddStandardVerbs(registry, asg, {std::string(kAsgType), "", ""});
}

}  // namespace vnet::cli
