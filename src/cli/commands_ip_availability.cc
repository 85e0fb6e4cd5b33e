// `vnet network vnet check-ip-address`, `network vnet list-available-ips` and `network vnet subnet
// list-available-ips`: the server's CheckIPAddressAvailability, asked as Azure CLI asks it (from
// the first address of the vnet's first prefix, or of the subnet's).
#include <memory>

#include "cli/internal/commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kVnetType = "Microsoft.Network/virtualNetworks";

struct IpArgs {
  std::string resource_group, vnet_name, name, ip;
};

// "10.0.0.0/16" -> "10.0.0.0": where `list-available-ips` asks from, as az does.
std::string FirstAddress(const Json& prefix) {
  const std::string text = prefix.is_string() ? prefix.get<std::string>() : "";
  return text.substr(0, text.find('/'));
}

Result<Json> AvailableIps(Context& ctx, const std::string& vnet_id, const std::string& address) {
  VNET_ASSIGN_OR_RETURN(
      Json answer, ctx.arm().Get(vnet_id + "/CheckIPAddressAvailability?ipAddress=" + address));
  if (answer.is_object() && answer.contains("availableIPAddresses")) {
    return answer["availableIPAddresses"];
  }
  return Json::array();
}

}  // namespace

void RegisterIpAvailabilityCommands(CLI::App* vnet, CLI::App* subnet, Registry& registry) {
  {
    auto a = std::make_shared<IpArgs>();
    CLI::App* cmd = registry.Command(
        vnet, "check-ip-address", "Check whether a private IP address is available.",
        [a](Context& ctx) -> Result<Json> {
          return ctx.arm().Get(ResourceId(ctx.ScopeFor(a->resource_group), kVnetType, a->name) +
                               "/CheckIPAddressAvailability?ipAddress=" + a->ip);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "The virtual network (VNet) name.")->required();
    cmd->add_option("--ip-address", a->ip, "The private IP address to check.")->required();
  }
  {
    auto a = std::make_shared<IpArgs>();
    CLI::App* cmd = registry.Command(
        vnet, "list-available-ips", "List some available IP addresses in the VNet.",
        [a](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kVnetType, a->name);
          VNET_ASSIGN_OR_RETURN(Json vnet_json, ctx.arm().Get(id));
          const Json* prefixes = nullptr;
          if (vnet_json.contains("properties") &&
              vnet_json["properties"].contains("addressSpace") &&
              vnet_json["properties"]["addressSpace"].contains("addressPrefixes")) {
            prefixes = &vnet_json["properties"]["addressSpace"]["addressPrefixes"];
          }
          if (prefixes == nullptr || !prefixes->is_array() || prefixes->empty()) {
            return Json::array();
          }
          return AvailableIps(ctx, id, FirstAddress((*prefixes)[0]));
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "The virtual network (VNet) name.")->required();
  }
  {
    auto a = std::make_shared<IpArgs>();
    CLI::App* cmd = registry.Command(
        subnet, "list-available-ips", "List some available IP addresses in the subnet.",
        [a](Context& ctx) -> Result<Json> {
          const std::string vnet_id =
              ResourceId(ctx.ScopeFor(a->resource_group), kVnetType, a->vnet_name);
          VNET_ASSIGN_OR_RETURN(Json subnet_json,
                                ctx.arm().Get(ChildId(vnet_id, "subnets", a->name)));
          const Json props = subnet_json.value("properties", Json::object());
          Json prefix = props.value("addressPrefix", Json());
          if (prefix.is_null() && props.contains("addressPrefixes") &&
              props["addressPrefixes"].is_array() && !props["addressPrefixes"].empty()) {
            prefix = props["addressPrefixes"][0];
          }
          if (prefix.is_null()) return Json::array();
          return AvailableIps(ctx, vnet_id, FirstAddress(prefix));
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("--vnet-name", a->vnet_name, "The virtual network (VNet) name.")->required();
    cmd->add_option("-n,--name", a->name, "The subnet name.")->required();
  }
}

}  // namespace vnet::cli
