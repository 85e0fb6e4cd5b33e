// Generic show/list/delete. `--ids` takes one or more full ids instead of -g/-n; show then prints
// a list when several were given, as Azure CLI does.
#include "cli/internal/standard_commands.h"

#include <memory>

namespace vnet::cli {
namespace {

struct Args {
  std::string resource_group;
  std::string name;
  std::string parent;
  std::vector<std::string> ids;
};

void DeclareTarget(CLI::App* cmd, const ResourceKind& kind, Args* args) {
  cmd->add_option("-g,--resource-group", args->resource_group, "Name of resource group.");
  cmd->add_option("-n,--name", args->name, "Name of the resource.");
  if (!kind.parent_flag.empty()) {
    cmd->add_option(kind.parent_flag, args->parent, "Name of the parent resource.");
  }
  cmd->add_option("--ids", args->ids, "One or more resource ids (instead of -g/-n).");
}

Result<std::vector<std::string>> TargetIds(Context& ctx, const ResourceKind& kind,
                                           const Args& args) {
  if (!args.ids.empty()) return args.ids;
  if (args.resource_group.empty() || args.name.empty() ||
      (!kind.parent_flag.empty() && args.parent.empty())) {
    std::string usage = "usage error: --ids IDS | --resource-group NAME --name NAME";
    if (!kind.parent_flag.empty()) usage += " " + kind.parent_flag + " NAME";
    return UsageError(usage);
  }
  return std::vector<std::string>{
      KindId(kind, ctx.ScopeFor(args.resource_group), args.parent, args.name)};
}

struct SimpleCreateArgs {
  std::string resource_group, name, location;
  std::vector<std::string> tags;
};

}  // namespace

void AddSimpleCreate(Registry& registry, CLI::App* group, std::string type, std::string wrapper,
                     std::string help) {
  auto a = std::make_shared<SimpleCreateArgs>();
  CLI::App* cmd = registry.Command(
      group, "create", std::move(help), [a, type, wrapper](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        Json body = {{"location", location}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        VNET_ASSIGN_OR_RETURN(
            Json created,
            ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), type, a->name), body));
        if (wrapper.empty()) return created;
        return Json{{wrapper, created}};
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the new resource.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
}

std::string KindId(const ResourceKind& kind, const Scope& scope, const std::string& parent,
                   const std::string& name) {
  if (kind.child.empty()) return ResourceId(scope, kind.type, name);
  return ChildId(ResourceId(scope, kind.type, parent), kind.child, name);
}

std::string KindCollection(const ResourceKind& kind, const Scope& scope,
                           const std::string& parent) {
  if (kind.child.empty()) return ListPath(scope, kind.type);
  return ResourceId(scope, kind.type, parent) + "/" + kind.child;
}

void AddStandardVerbs(Registry& registry, CLI::App* group, const ResourceKind& kind,
                      unsigned verbs) {
  if (verbs & kShow) {
    auto args = std::make_shared<Args>();
    CLI::App* cmd = registry.Command(group, "show", "Get the details of a resource.",
                                     [kind, args](Context& ctx) -> Result<Json> {
                                       VNET_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                                                             TargetIds(ctx, kind, *args));
                                       if (ids.size() == 1) return ctx.arm().Get(ids[0]);
                                       Json all = Json::array();
                                       for (const std::string& id : ids) {
                                         VNET_ASSIGN_OR_RETURN(Json one, ctx.arm().Get(id));
                                         all.push_back(std::move(one));
                                       }
                                       return all;
                                     });
    DeclareTarget(cmd, kind, args.get());
  }
  if (verbs & kList) {
    auto args = std::make_shared<Args>();
    CLI::App* cmd = registry.Command(
        group, "list", "List resources.", [kind, args](Context& ctx) -> Result<Json> {
          if (!kind.parent_flag.empty() && (args->parent.empty() || args->resource_group.empty())) {
            return UsageError("usage error: --resource-group NAME " + kind.parent_flag + " NAME");
          }
          return ctx.arm().List(
              KindCollection(kind, ctx.ScopeFor(args->resource_group), args->parent));
        });
    cmd->add_option("-g,--resource-group", args->resource_group, "Name of resource group.");
    if (!kind.parent_flag.empty()) {
      cmd->add_option(kind.parent_flag, args->parent, "Name of the parent resource.");
    }
  }
  if (verbs & kDelete) {
    auto args = std::make_shared<Args>();
    CLI::App* cmd = registry.Command(
        group, "delete", "Delete a resource.", [kind, args](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(std::vector<std::string> ids, TargetIds(ctx, kind, *args));
          for (const std::string& id : ids) VNET_RETURN_IF_ERROR(ctx.arm().Delete(id));
          return Json(nullptr);
        });
    DeclareTarget(cmd, kind, args.get());
    cmd->add_flag(std::string("-y,--yes"))->description("Do not prompt for confirmation.");
    cmd->add_flag(std::string("--no-wait"))
        ->description("Do not wait for the operation to finish.");
  }
}

}  // namespace vnet::cli
