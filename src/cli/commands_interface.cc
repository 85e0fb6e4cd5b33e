// `vnet network nic ...` and `network public-ip ...`. A NIC gets one IP configuration,
// "ipconfig1", as `az network nic create` makes; its subnet is a name (with --vnet-name) or an id.
#include <memory>

#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"
#include "cli/internal/update_body.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kNicType = "Microsoft.Network/networkInterfaces";
constexpr std::string_view kPublicIpType = "Microsoft.Network/publicIPAddresses";

struct NicArgs {
  std::string resource_group, name, location, vnet_name, subnet, private_ip, public_ip;
  std::string ip_config_name = "ipconfig1";
  OptionalArg nsg;
  ListArg asgs;
  std::vector<std::string> tags;
  TriState ip_forwarding, accelerated_networking;
};

void DeclareNicCommon(CLI::App* cmd, NicArgs* a) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the network interface.")->required();
  DeclareOptional(cmd, "--network-security-group,--nsg", "Name or id of an NSG; \"\" detaches.",
                  &a->nsg);
  a->ip_forwarding.Declare(cmd, "--ip-forwarding", "Enable IP forwarding.");
  a->accelerated_networking.Declare(cmd, "--accelerated-networking",
                                    "Enable accelerated networking.");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
}

void AddNicCommands(CLI::App* network, Registry& registry) {
  CLI::App* nic = registry.Group(network, "nic", "Manage network interfaces.");
  {
    auto a = std::make_shared<NicArgs>();
    CLI::App* cmd = registry.Command(
        nic, "create", "Create a network interface.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          VNET_ASSIGN_OR_RETURN(std::string subnet_id, SubnetId(a->subnet, a->vnet_name, scope));
          VNET_ASSIGN_OR_RETURN(std::string location,
                                ctx.LocationOr(a->location, a->resource_group));
          Json ip = {{"privateIPAllocationMethod", a->private_ip.empty() ? "Dynamic" : "Static"},
                     {"subnet", {{"id", subnet_id}}}};
          if (!a->private_ip.empty()) ip["privateIPAddress"] = a->private_ip;
          if (!a->public_ip.empty())
            ip["publicIPAddress"] = IdRef(a->public_ip, scope, kPublicIpType);
          if (a->asgs.given() && !a->asgs.clears()) {
            ip["applicationSecurityGroups"] =
                IdRefs(a->asgs.values, scope, "Microsoft.Network/applicationSecurityGroups");
          }
          VNET_ASSIGN_OR_RETURN(bool forwarding, a->ip_forwarding.value_or(false));
          VNET_ASSIGN_OR_RETURN(bool accelerated, a->accelerated_networking.value_or(false));
          Json props = {{"enableIPForwarding", forwarding},
                        {"enableAcceleratedNetworking", accelerated},
                        {"ipConfigurations",
                         Json::array({{{"name", a->ip_config_name}, {"properties", ip}}})}};
          UpdateRef(props, "networkSecurityGroup", a->nsg, scope,
                    "Microsoft.Network/networkSecurityGroups");
          Json body = {{"location", location}, {"properties", props}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          VNET_ASSIGN_OR_RETURN(Json created,
                                ctx.arm().Put(ResourceId(scope, kNicType, a->name), body));
          return Json{{"NewNIC", created}};
        });
    DeclareNicCommon(cmd, a.get());
    cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
    cmd->add_option("--vnet-name", a->vnet_name, "The virtual network of --subnet (a name).");
    cmd->add_option("--subnet", a->subnet, "Name (with --vnet-name) or id of the subnet.")
        ->required();
    cmd->add_option("--private-ip-address", a->private_ip, "Static private IP address.");
    cmd->add_option("--public-ip-address", a->public_ip, "Name or id of a public IP.");
    cmd->add_option("--ip-config-name", a->ip_config_name, "Name of the IP configuration.");
    DeclareList(cmd, "--asgs,--application-security-groups",
                "Names or ids of application security groups.", &a->asgs);
  }
  {
    auto a = std::make_shared<NicArgs>();
    CLI::App* cmd = registry.Command(
        nic, "update", "Update a network interface.", [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string id = ResourceId(scope, kNicType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = NetworkUpdateBody(current);
          Json& props = ObjectAt(body, "properties");
          UpdateRef(props, "networkSecurityGroup", a->nsg, scope,
                    "Microsoft.Network/networkSecurityGroups");
          if (a->ip_forwarding.given()) {
            VNET_ASSIGN_OR_RETURN(bool v, a->ip_forwarding.value());
            props["enableIPForwarding"] = v;
          }
          if (a->accelerated_networking.given()) {
            VNET_ASSIGN_OR_RETURN(bool v, a->accelerated_networking.value());
            props["enableAcceleratedNetworking"] = v;
          }
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(id, body);
        });
    DeclareNicCommon(cmd, a.get());
  }
  AddStandardVerbs(registry, nic, {std::string(kNicType), "", ""});
}

struct PublicIpArgs {
  std::string resource_group, name, location, sku, allocation_method, version = "IPv4";
  int idle_timeout = 4;
  std::vector<std::string> tags;
};

void AddPublicIpCommands(CLI::App* network, Registry& registry) {
  CLI::App* pip = registry.Group(network, "public-ip", "Manage public IP addresses.");
  auto a = std::make_shared<PublicIpArgs>();
  CLI::App* cmd = registry.Command(
      pip, "create", "Create a public IP address.", [a](Context& ctx) -> Result<Json> {
        VNET_ASSIGN_OR_RETURN(std::string location, ctx.LocationOr(a->location, a->resource_group));
        const bool standard = a->sku == "Standard" || a->sku == "standard";
        std::string method = a->allocation_method;
        if (method.empty()) method = standard ? "Static" : "Dynamic";
        Json body = {{"location", location},
                     {"properties",
                      {{"idleTimeoutInMinutes", a->idle_timeout},
                       {"publicIPAddressVersion", a->version},
                       {"publicIPAllocationMethod", method}}}};
        if (!a->sku.empty()) body["sku"] = {{"name", standard ? "Standard" : a->sku}};
        if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
        VNET_ASSIGN_OR_RETURN(
            Json created,
            ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kPublicIpType, a->name),
                          body));
        return Json{{"publicIp", created}};
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-n,--name", a->name, "Name of the public IP address.")->required();
  cmd->add_option("-l,--location", a->location, "Location (default: the group's).");
  cmd->add_option("--sku", a->sku, "Basic or Standard.");
  cmd->add_option("--allocation-method", a->allocation_method, "Static or Dynamic.");
  cmd->add_option("--version", a->version, "IPv4 (default) or IPv6.");
  cmd->add_option("--idle-timeout", a->idle_timeout, "Idle timeout in minutes (default 4).");
  cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  AddStandardVerbs(registry, pip, {std::string(kPublicIpType), "", ""});
}

}  // namespace

void RegisterInterfaceCommands(CLI::App* network, Registry& registry) {
  AddNicCommands(network, registry);
  AddPublicIpCommands(network, registry);
}

}  // namespace vnet::cli
