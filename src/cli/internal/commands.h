// Registration of every command family onto the CLI11 tree. Each function adds its commands under
// `parent` ("vnet" for top-level families like `group`, the `network` group for network ones).
#pragma once
#include <CLI/CLI.hpp>

#include "cli/internal/command_context.h"

namespace vnet::cli {

void RegisterCoreCommands(CLI::App* root, Registry& registry);     // group, rest
void RegisterVnetCommands(CLI::App* network, Registry& registry);  // vnet, subnet, peering
// check-ip-address and list-available-ips, under `network vnet` and `network vnet subnet`.
void RegisterIpAvailabilityCommands(CLI::App* vnet, CLI::App* subnet, Registry& registry);
void RegisterNsgCommands(CLI::App* network, Registry& registry);        // nsg, nsg rule, asg
void RegisterRoutingCommands(CLI::App* network, Registry& registry);    // route-table, nat, watcher
void RegisterInterfaceCommands(CLI::App* network, Registry& registry);  // nic, public-ip
void RegisterServiceEndpointCommands(CLI::App* network, Registry& registry);
void RegisterPrivateLinkCommands(CLI::App* network, Registry& registry);
void RegisterPrivateDnsCommands(CLI::App* network, Registry& registry);
void RegisterStorageCommands(CLI::App* root, Registry& registry);
void RegisterKeyVaultCommands(CLI::App* root, Registry& registry);
void RegisterSqlCommands(CLI::App* root, Registry& registry);
void RegisterMessagingCommands(CLI::App* root,
                               Registry& registry);  // cosmosdb, eventhubs, servicebus
void RegisterVmCommands(CLI::App* root, Registry& registry);
// nic show-effective-route-table / list-effective-nsg, watcher test-ip-flow / show-next-hop /
// test-connectivity, analyze (after the nic and watcher groups exist).
void RegisterDiagnosticsCommands(CLI::App* root, CLI::App* network, Registry& registry);
// dns resolve.
void RegisterDnsResolveCommands(CLI::App* root, Registry& registry);

}  // namespace vnet::cli
