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
// "web", "dfs"): a pure function of (type, name, region, sub-resource), all case-insensitive, and
// the catalogue. It lies in an IPv4 prefix of the regional tag (Regional(base, region)), or of the
// global tag when the region has none, and its last octet is never 0 or 255. Distinct inputs
// usually give distinct addresses (a 64-bit hash over the tag's usable addresses: with N of them,
// k resources collide about k^2/2N times); callers that need uniqueness draw again with another
// `sub_resource`. kInvalidArgument for a type ServiceTagBaseOf does not know; kNotFound when
// neither tag has a usable IPv4 address. Cost: O(number of the tag's prefixes).
Result<net::IpAddress> ServicePublicAddress(const ServiceTagCatalogue& tags,
                                            std::string_view resource_type, std::string_view name,
                                            std::string_view region,
                                            std::string_view sub_resource = "");

}  // namespace vnet::compile
