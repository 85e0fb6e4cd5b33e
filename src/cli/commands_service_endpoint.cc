// `vnet network service-endpoint policy ...` and `network service-endpoint policy-definition ...`:
// the policies a subnet's service endpoints can be restricted by.
#include <memory>

#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kPolicyType = "Microsoft.Network/serviceEndpointPolicies";

struct DefinitionArgs {
  std::string resource_group, policy_name, name;
  OptionalArg service, description;
  ListArg service_resources;
};

void DeclareDefinitionArgs(CLI::App* cmd, DefinitionArgs* a, bool create) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("--policy-name", a->policy_name, "Name of the service endpoint policy.")
      ->required();
  cmd->add_option("-n,--name", a->name, "Name of the policy definition.")->required();
  DeclareOptional(cmd, "--service", "The service, e.g. Microsoft.Storage.", &a->service);
  DeclareOptional(cmd, "--description", "Description of the definition.", &a->description);
  DeclareList(cmd, "--service-resources", "Ids of the resources (or scopes) allowed.",
              &a->service_resources);
  if (create) {
    a->service.option->required();
    a->service_resources.option->required();
  }
}

void ApplyDefinitionArgs(const DefinitionArgs& a, Json& props) {
  if (a.description.given()) props["description"] = a.description.value;
  if (a.service.given()) props["service"] = a.service.value;
  if (a.service_resources.given()) props["serviceResources"] = a.service_resources.values;
}

struct PolicyUpdateArgs {
  std::string resource_group, name;
  std::vector<std::string> tags;
};

}  // namespace

void RegisterServiceEndpointCommands(CLI::App* network, Registry& registry) {
  CLI::App* se = registry.Group(network, "service-endpoint", "Manage service endpoint policies.");
  CLI::App* policy = registry.Group(se, "policy", "Manage service endpoint policies.");
  AddSimpleCreate(registry, policy, std::string(kPolicyType), "",
                  "Create a service endpoint policy.");
  {
    auto a = std::make_shared<PolicyUpdateArgs>();
    CLI::App* cmd = registry.Command(
        policy, "update", "Update a service endpoint policy.", [a](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kPolicyType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(id, body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the policy.")->required();
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  }
  AddStandardVerbs(registry, policy, {std::string(kPolicyType), "", ""});

  CLI::App* def = registry.Group(se, "policy-definition", "Manage policy definitions.");
  {
    auto a = std::make_shared<DefinitionArgs>();
    CLI::App* cmd = registry.Command(
        def, "create", "Create a policy definition.", [a](Context& ctx) -> Result<Json> {
          Json props = Json::object();
          ApplyDefinitionArgs(*a, props);
          const std::string id =
              ChildId(ResourceId(ctx.ScopeFor(a->resource_group), kPolicyType, a->policy_name),
                      "serviceEndpointPolicyDefinitions", a->name);
          return ctx.arm().Put(id, Json{{"name", a->name}, {"properties", props}});
        });
    DeclareDefinitionArgs(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<DefinitionArgs>();
    CLI::App* cmd = registry.Command(
        def, "update", "Update a policy definition.", [a](Context& ctx) -> Result<Json> {
          const std::string id =
              ChildId(ResourceId(ctx.ScopeFor(a->resource_group), kPolicyType, a->policy_name),
                      "serviceEndpointPolicyDefinitions", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          ApplyDefinitionArgs(*a, ObjectAt(body, "properties"));
          return ctx.arm().Put(id, body);
        });
    DeclareDefinitionArgs(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, def,
                   {std::string(kPolicyType), "--policy-name", "serviceEndpointPolicyDefinitions"});
}

}  // namespace vnet::cli
