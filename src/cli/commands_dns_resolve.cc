// `vnet dns resolve NAME --vnet VNET [--type A]`: a name resolved as the VNet's VMs see it (or as
// the internet does, with --internet), through vnetd's resolveDnsName. -o table prints the chain
// record by record with the zone or public name that answered each.
#include <memory>

#include "cli/internal/commands.h"
#include "cli/internal/output_choice.h"
#include "cli/internal/resource_paths.h"

namespace vnet::cli {
namespace {

std::string Text(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

// One row per record: owner, TTL, type, data and what answered it; then the negative answer or
// the error, if any.
Json ResolutionRows(const Json& answer) {
  Json rows = Json::array();
  const Json steps = answer.value("steps", Json::array());
  auto answered_by = [&](const std::string& owner) {
    for (const Json& s : steps) {
      if (s.value("name", "") != owner) continue;
      std::string from = s.value("answeredFrom", "");
      std::string zone = s.value("zone", "");
      std::string what = from == "privateDnsZone" ? "private zone " + zone
                         : from == "publicDns"    ? "public DNS " + zone
                                                  : from;
      return what + " via " + s.value("resolver", "");
    }
    return std::string();
  };
  for (const Json& r : answer.value("records", Json::array())) {
    std::string owner = r.value("name", "");
    rows.push_back(Json{{"owner", owner},
                        {"ttl", r.value("ttl", 0)},
                        {"type", r.value("type", "")},
                        {"data", r.value("data", "")},
                        {"answeredBy", answered_by(owner)}});
  }
  const std::string code = answer.value("responseCode", "");
  if (code != "NOERROR" || answer.value("records", Json::array()).empty()) {
    std::string last = steps.empty() ? "" : steps.back().value("name", "");
    Json row{{"owner", last.empty() ? answer.value("name", "") : last},
             {"ttl", ""},
             {"type", code == "NOERROR" ? "NODATA" : code},
             {"data", answer.contains("error") ? Text(answer["error"]) : ""},
             {"answeredBy", last.empty() ? "" : answered_by(last)}};
    if (answer.contains("authority") && answer["authority"].is_object()) {
      row["ttl"] = answer["authority"].value("ttl", 0);
      row["data"] = "SOA " + answer["authority"].value("data", "");
    }
    rows.push_back(row);
  }
  return rows;
}

struct ResolveArgs {
  std::string name, vnet, resource_group, type = "A";
  bool internet = false;
};

}  // namespace

void RegisterDnsResolveCommands(CLI::App* root, Registry& registry) {
  CLI::App* dns = registry.Group(root, "dns", "Resolve names as Azure DNS would.");
  const OutputChoice out(root);
  auto a = std::make_shared<ResolveArgs>();
  CLI::App* cmd = registry.Command(
      dns, "resolve",
      "Resolve a name as the VMs of a virtual network would (private zones linked to it, its "
      "custom DNS servers), or as the internet would; prints the chain record by record.",
      [a, out](Context& ctx) -> Result<Json> {
        if (a->internet == !a->vnet.empty()) {
          return UsageError("usage error: --vnet NAME_OR_ID [-g RG] | --internet");
        }
        std::string path;
        if (a->internet) {
          path = "/subscriptions/" + ctx.subscription() +
                 "/providers/Microsoft.Network/resolveDnsName";
        } else {
          path = NameOrId(a->vnet, ctx.ScopeFor(a->resource_group),
                          "Microsoft.Network/virtualNetworks") +
                 "/resolveDnsName";
        }
        VNET_ASSIGN_OR_RETURN(
            Json answer, ctx.arm().Post(path, Json{{"name", a->name}, {"recordType", a->type}}));
        return out.tabular() ? ResolutionRows(answer) : answer;
      });
  cmd->add_option("name", a->name, "The name to resolve, e.g. acct.blob.core.windows.net.")
      ->required();
  cmd->add_option("--vnet", a->vnet, "Name or ID of the virtual network whose VMs ask.");
  cmd->add_option("-g,--resource-group", a->resource_group,
                  "Name of the resource group of the virtual network.");
  cmd->add_flag("--internet", a->internet, "Resolve as a client on the internet would.");
  cmd->add_option("--type", a->type, "Record type: A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT.")
      ->capture_default_str();
}

}  // namespace vnet::cli
