// `vnet group ...` (resource groups) and `vnet rest` (any ARM request, like `az rest`).
#include <fstream>
#include <memory>
#include <sstream>

#include "base/strings.h"
#include "cli/internal/commands.h"

namespace vnet::cli {
namespace {

struct GroupArgs {
  std::string name;
  std::string location;
  std::vector<std::string> tags;
};

void RegisterGroup(CLI::App* root, Registry& registry) {
  CLI::App* group = registry.Group(root, "group", "Manage resource groups.");
  {
    auto a = std::make_shared<GroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "create", "Create a new resource group.", [a](Context& ctx) -> Result<Json> {
          Json body = {{"location", a->location}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceGroupPath(ctx.subscription(), a->name), body);
        });
    cmd->add_option("-n,--name,-g,--resource-group", a->name, "Name of the new group.")->required();
    cmd->add_option("-l,--location", a->location, "Location, e.g. eastus.")->required();
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  }
  {
    auto a = std::make_shared<GroupArgs>();
    CLI::App* cmd =
        registry.Command(group, "show", "Get a resource group.", [a](Context& ctx) -> Result<Json> {
          return ctx.arm().Get(ResourceGroupPath(ctx.subscription(), a->name));
        });
    cmd->add_option("-n,--name,-g,--resource-group", a->name, "Name of the group.")->required();
  }
  {
    auto a = std::make_shared<GroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "delete", "Delete a resource group and its resources.",
        [a](Context& ctx) -> Result<Json> {
          VNET_RETURN_IF_ERROR(ctx.arm().Delete(ResourceGroupPath(ctx.subscription(), a->name)));
          return Json(nullptr);
        });
    cmd->add_option("-n,--name,-g,--resource-group", a->name, "Name of the group.")->required();
    cmd->add_flag(std::string("-y,--yes"))->description("Do not prompt for confirmation.");
    cmd->add_flag(std::string("--no-wait"))
        ->description("Do not wait for the operation to finish.");
  }
  {
    auto a = std::make_shared<GroupArgs>();
    CLI::App* cmd = registry.Command(
        group, "exists", "Check whether a resource group exists.",
        [a](Context& ctx) -> Result<Json> {
          Result<Json> got = ctx.arm().Get(ResourceGroupPath(ctx.subscription(), a->name));
          if (got.ok()) return Json(true);
          if (got.status().code() == StatusCode::kNotFound) return Json(false);
          return got.status();
        });
    cmd->add_option("-n,--name,-g,--resource-group", a->name, "Name of the group.")->required();
  }
  registry.Command(group, "list", "List resource groups.", [](Context& ctx) -> Result<Json> {
    return ctx.arm().List(SubscriptionPath(ctx.subscription()) + "/resourcegroups");
  });
}

struct RestArgs {
  std::string method = "get";
  std::string url;
  std::string body;
};

// "@file" reads the body from a file, as `az rest --body @file` does.
Result<std::string> ReadBody(const std::string& body) {
  if (body.empty() || body[0] != '@') return body;
  std::ifstream in(body.substr(1), std::ios::binary);
  if (!in) return UsageError("cannot read body file '" + body.substr(1) + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void RegisterRest(CLI::App* root, Registry& registry) {
  auto a = std::make_shared<RestArgs>();
  CLI::App* cmd = registry.Command(
      root, "rest", "Send a custom request to the ARM API.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string body, ReadBody(a->body));
        if (!Trim(body).empty() &&
            Json::parse(body, nullptr, /*allow_exceptions=*/false).is_discarded()) {
          return UsageError("--body is not valid JSON");
        }
        std::string url = a->url;
        const std::string token = "{subscriptionId}";
        for (size_t at = url.find(token); at != std::string::npos; at = url.find(token)) {
          url.replace(at, token.size(), ctx.subscription());
        }
        return ctx.arm().Raw(a->method, url, body);
      });
  cmd->add_option("-m,--method", a->method, "HTTP method: get, put, post, patch, delete.")
      ->check(CLI::IsMember({"get", "put", "post", "patch", "delete", "head"}, CLI::ignore_case));
  cmd->add_option("-u,--url,--uri", a->url, "ARM path or URL; {subscriptionId} is replaced.")
      ->required();
  cmd->add_option("-b,--body", a->body, "Request body: JSON text or @file.");
}

}  // namespace

void RegisterCoreCommands(CLI::App* root, Registry& registry) {
  RegisterGroup(root, registry);
  RegisterRest(root, registry);
}

}  // namespace vnet::cli
