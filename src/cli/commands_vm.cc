// `vnet vm create|show|list|delete`: virtual machines as vnetd models them, a network profile of
// NICs (the first is primary). No image, disk or OS settings: vnetd runs no machines.
#include <memory>

#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kVmType = "Microsoft.Compute/virtualMachines";

struct VmArgs {
  std::string resource_group, name, location, size = "Standard_DS1_v2";
  std::vector<std::string> nics, tags;
};

}  // namespace

void RegisterVmCommands(CLI::App* root, Registry& registry) {
  CLI::App* vm = registry.Group(root, "vm", "Manage virtual machines (network profile only).");
  auto a = std::make_shared<VmArgs>();
  CLI::App* cmd = registry.Command(
      vm, "create", "Create a virtual machine.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        const Scope scope = ctx.ScopeFor(a->resource_group);
        Json nics = Json::array();
        for (size_t i = 0; i < a->nics.size(); ++i) {
          Json ref = IdRef(a->nics[i], scope, "Microsoft.Network/networkInterfaces");
          ref["properties"] = {{"primary", i == 0}};
          nics.push_back(std::move(ref));
        }
        Json body = {{"location", location},
                     {"properties",
                      {{"hardwareProfile", {{"vmSize", a->size}}},
                       {"networkProfile", {{"networkInterfaces", nics}}}}}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        return ctx.arm().Put(ResourceId(scope, kVmType, a->name), body);
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the virtual machine.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--nics", a->nics, "Names or ids of NICs; the first is primary.")->required();
  cmd->add_option("--size", a->size, "VM size (default Standard_DS1_v2).");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  AddStandardVerbs(registry, vm, {std::string(kVmType), "", ""});
}

}  // namespace vnet::cli
