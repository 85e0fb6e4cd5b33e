// Public front-end addresses of service resources (storage accounts, SQL servers, key vaults,
// Cosmos DB accounts, Event Hubs and Service Bus namespaces): chosen deterministically inside the
// IPv4 prefixes of the service's regional tag (Storage.EastUS, Sql.EastUS, AzureKeyVault.eastus,
// AzureCosmosDB.EastUS, EventHub.EastUS, ServiceBus.EastUS), so that service tags, service
// endpoint routes and the addresses DNS answers all agree.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "compile/service_tags.h"
#include "net/ip_address.h"

namespace vnet::compile {

// The service tag that covers a resource type's public endpoints: "Storage" for
// Microsoft.Storage/storageAccounts, "Sql" for Microsoft.Sql/servers, "AzureKeyVault",
// "AzureCosmosDB", "EventHub", "ServiceBus". "" for other types.
std::string_view ServiceTagBaseOf(std::string_view resource_type);

// The public address of a resource's front end (`sub_resource` "" or a group id such as "blob",
// "web", "dfs"): a pure function of (type, lower-cased name, region, sub-resource) and the
// catalogue. kNotFound when the catalogue has no IPv4 prefix for the service in that region
// (then the global tag's prefixes are used if present).
Result<net::IpAddress> ServicePublicAddress(const ServiceTagCatalogue& tags,
                                            std::string_view resource_type, std::string_view name,
                                            std::string_view region,
                                            std::string_view sub_resource = "");

}  // namespace vnet::compile
