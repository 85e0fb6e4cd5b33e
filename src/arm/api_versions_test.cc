// Tests for the api-version tables: every version the shared/external Azure data uses is accepted,
// bogus ones get ARM's error reasons, type matching ignores case, and child types resolve.
#include "arm/api_versions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/testing.h"

namespace vnet::arm {
namespace {

struct TypeVersion {
  std::string_view type;
  std::string_view version;
};

// Every distinct (type, api-version) pair in the request URIs and the Location /
// Azure-AsyncOperation headers of shared/external/azure-cli-recordings, with the type spelled as
// the recording spells it. Generated from the files; one line per pair, grouped by file.
TEST(ApiVersionsTest, AcceptsEveryVersionInCliRecordings) {
  const TypeVersion kCases[] = {
      // cosmosdb/test_cosmosdb_network_rule_add.yaml
      {"Microsoft.DocumentDB/databaseAccounts", "2023-11-15"},
      {"Microsoft.DocumentDB/databaseAccounts/operationResults", "2023-11-15"},
      {"Microsoft.DocumentDB/locations/operationsStatus", "2023-11-15"},
      {"Microsoft.Network/locations/operations", "2022-01-01"},
      {"Microsoft.Network/virtualNetworks", "2022-01-01"},
      {"Microsoft.Resources/resourceGroups", "2022-09-01"},
      // eventhubs/test_eh_network.yaml
      {"Microsoft.EventHub/checkNameAvailability", "2023-01-01-preview"},
      {"Microsoft.EventHub/locations/operationStatus", "2023-01-01-preview"},
      {"Microsoft.EventHub/namespaces", "2023-01-01-preview"},
      {"Microsoft.EventHub/namespaces/networkRuleSets", "2023-01-01-preview"},
      {"Microsoft.Network/locations/operations", "2023-09-01"},
      {"Microsoft.Network/virtualNetworks/subnets", "2023-09-01"},
      // keyvault/test_keyvault_network_rule.yaml
      {"Microsoft.KeyVault/vaults", "2023-02-01"},
      // network/test_network_extended_nsg.yaml
      {"Microsoft.Network/networkSecurityGroups", "2022-01-01"},
      {"Microsoft.Network/networkSecurityGroups/securityRules", "2022-01-01"},
      // network/test_network_nsg.yaml
      {"Microsoft.Network/applicationSecurityGroups", "2021-08-01"},
      {"Microsoft.Network/locations/operationResults", "2022-01-01"},
      {"Microsoft.Network/locations/operations", "2021-08-01"},
      // network/test_network_private_endpoint_asg.yaml
      {"Microsoft.Network/privateEndpoints", "2022-01-01"},
      {"Microsoft.Storage/storageAccounts", "2023-01-01"},
      {"Microsoft.Storage/storageAccounts/privateLinkResources", "2023-01-01"},
      // network/test_network_private_endpoint_private_dns_zone_group.yaml
      {"Microsoft.Network/privateDnsOperationResults", "2018-09-01"},
      {"Microsoft.Network/privateDnsOperationStatuses", "2018-09-01"},
      {"Microsoft.Network/privateDnsZones", "2018-09-01"},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "2022-01-01"},
      {"Microsoft.Storage/storageAccounts/privateEndpointConnections", "2023-01-01"},
      // network/test_network_private_endpoints.yaml
      {"Microsoft.Network/locations/availablePrivateEndpointTypes", "2022-01-01"},
      {"Microsoft.Network/privateLinkServices", "2022-01-01"},
      {"Microsoft.Network/privateLinkServices/privateEndpointConnections", "2022-01-01"},
      {"Microsoft.Resources/deployments", "2022-09-01"},
      {"Microsoft.Resources/deployments/operationStatuses", "2022-09-01"},
      {"Microsoft.Resources/resources", "2022-09-01"},
      // network/test_network_route_table_operation.yaml
      {"Microsoft.Network/locations/operationResults", "2021-08-01"},
      {"Microsoft.Network/routeTables", "2021-08-01"},
      {"Microsoft.Network/routeTables/routes", "2021-08-01"},
      // network/test_network_service_endpoints.yaml
      {"Microsoft.Network/locations/virtualNetworkAvailableEndpointServices", "2021-08-01"},
      {"Microsoft.Network/serviceEndpointPolicies", "2021-08-01"},
      {"Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions", "2021-08-01"},
      // network/test_network_subnet_delegation.yaml
      {"Microsoft.Network/locations/availableDelegations", "2022-01-01"},
      // network/test_network_subnet_endpoint_service.yaml
      {"Microsoft.Network/locations/virtualNetworkAvailableEndpointServices", "2022-01-01"},
      // network/test_network_vnet.yaml
      {"Microsoft.Network/locations/operationResults", "2023-09-01"},
      {"Microsoft.Network/virtualNetworks/CheckIPAddressAvailability", "2022-01-01"},
      // network/test_network_vnet_peering.yaml
      {"Microsoft.Network/locations/operations", "2022-05-01"},
      {"Microsoft.Network/publicIPAddresses", "2022-11-01"},
      {"Microsoft.Network/virtualNetworkGateways", "2022-01-01"},
      {"Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "2022-01-01"},
      // network/test_private_endpoint_connection_cosmosdb.yaml
      {"Microsoft.DocumentDB/databaseAccounts", "2020-03-01"},
      {"Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections", "2019-08-01-preview"},
      {"Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/operationResults",
       "2019-08-01-preview"},
      {"Microsoft.DocumentDB/locations/operationsStatus", "2019-08-01-preview"},
      // network/test_private_endpoint_connection_keyvault.yaml
      {"Microsoft.Keyvault/vaults", "2019-09-01"},
      {"Microsoft.Keyvault/vaults/privateEndpointConnections", "2019-09-01"},
      {"Microsoft.Resources/resources", "2015-11-01"},
      // network/test_private_endpoint_connection_sql_server.yaml
      {"Microsoft.Sql/locations/privateEndpointConnectionAzureAsyncOperation",
       "2018-06-01-preview"},
      {"Microsoft.Sql/locations/privateEndpointConnectionOperationResults", "2018-06-01-preview"},
      {"Microsoft.Sql/locations/serverAzureAsyncOperation", "2023-02-01-preview"},
      {"Microsoft.Sql/locations/serverOperationResults", "2023-02-01-preview"},
      {"Microsoft.Sql/servers", "2023-02-01-preview"},
      {"Microsoft.Sql/servers/privateEndpointConnections", "2018-06-01-preview"},
      {"Microsoft.Sql/servers/privateLinkResources", "2018-06-01-preview"},
      // network/test_private_endpoint_connection_storage_account.yaml
      {"Microsoft.Storage/storageAccounts/privateEndpointConnections", "2019-06-01"},
      // network/test_private_endpoint_pls.yaml
      {"Microsoft.Network/locations/operationResults", "2021-05-01"},
      {"Microsoft.Network/locations/operations", "2021-05-01"},
      {"Microsoft.Network/privateLinkServices/privateEndpointConnections", "2021-05-01"},
      // network/test_private_link_resource_keyvault.yaml
      {"Microsoft.Keyvault/vaults/privateLinkResources", "2019-09-01"},
      // network/test_private_link_resource_storage_account.yaml
      {"Microsoft.Storage/storageAccounts/privateLinkResources", "2019-06-01"},
      // network/test_subnet_with_private_endpoint_option.yaml
      {"Microsoft.Network/locations/operations", "2020-05-01"},
      {"Microsoft.Network/virtualNetworks", "2020-05-01"},
      {"Microsoft.Resources/resourceGroups", "2020-06-01"},
      // privatedns/test_CrudRecordSet_AAAARecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/AAAA", "2018-09-01"},
      // privatedns/test_CrudRecordSet_ARecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/A", "2018-09-01"},
      // privatedns/test_CrudRecordSet_CNAMERecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/CNAME", "2018-09-01"},
      // privatedns/test_CrudRecordSet_MXRecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/MX", "2018-09-01"},
      // privatedns/test_CrudRecordSet_PTRRecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/PTR", "2018-09-01"},
      // privatedns/test_CrudRecordSet_SRVRecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/SRV", "2018-09-01"},
      // privatedns/test_CrudRecordSet_TXTRecord_ExpectCrudSuccessful.yaml
      {"Microsoft.Network/privateDnsZones/TXT", "2018-09-01"},
      // privatedns/test_DeleteLink_LinkExists_ExpectLinkDeleted.yaml
      {"Microsoft.Network/privateDnsZones/virtualNetworkLinks", "2018-09-01"},
      // privatedns/test_GetRecordSet_SoaRecord_ExpectRecordSetRetrieved.yaml
      {"Microsoft.Network/privateDnsZones/SOA", "2018-09-01"},
      // privatedns/test_ListRecordSetsAcrossType_DefaultRecordSetPresent_ExpectDefaultRecordSetRetrieved.yaml
      {"Microsoft.Network/privateDnsZones/ALL", "2018-09-01"},
      // privatedns/test_PatchLink_DisableRegistration_ExpectRegistrationDisabled.yaml
      {"Microsoft.Network/locations/operations", "2021-02-01"},
      {"Microsoft.Network/virtualNetworks", "2021-02-01"},
      {"Microsoft.Resources/resourceGroups", "2020-10-01"},
      // servicebus/test_sb_network.yaml
      {"Microsoft.ServiceBus/CheckNameAvailability", "2022-10-01-preview"},
      {"Microsoft.ServiceBus/locations/operationStatus", "2022-10-01-preview"},
      {"Microsoft.ServiceBus/namespaces", "2022-10-01-preview"},
      {"Microsoft.ServiceBus/namespaces/networkRuleSets", "2022-10-01-preview"},
      // sql/test_sql_firewall_mgmt.yaml
      {"Microsoft.Sql/servers/firewallRules", "2020-11-01-preview"},
      // sql/test_sql_vnet_mgmt.yaml
      {"Microsoft.Sql/locations/virtualNetworkRulesAzureAsyncOperation", "2020-11-01-preview"},
      {"Microsoft.Sql/locations/virtualNetworkRulesOperationResults", "2020-11-01-preview"},
      {"Microsoft.Sql/servers/virtualNetworkRules", "2020-11-01-preview"},
      // storage/test_create_storage_account_with_public_network_access.yaml
      {"Microsoft.Storage/checkNameAvailability", "2023-01-01"},
      {"Microsoft.Storage/locations/asyncoperations", "2023-01-01"},
  };
  for (const TypeVersion& c : kCases) {
    SCOPED_TRACE(std::string(c.type) + " " + std::string(c.version));
    EXPECT_TRUE(IsPublishedApiVersion(c.type, c.version));
    EXPECT_OK(CheckApiVersion(c.type, c.version));
  }
}

// api-versions used by shared/external/rest-api-examples (the "api-version" parameter) and by the
// resources of shared/external/quickstart-templates ("apiVersion") for types vnetd serves.
TEST(ApiVersionsTest, AcceptsVersionsFromRestExamplesAndQuickstartTemplates) {
  const TypeVersion kCases[] = {
      // rest-api-examples
      {"Microsoft.Network/virtualNetworks", "2021-05-01"},
      {"Microsoft.Network/virtualNetworks/subnets", "2021-05-01"},
      {"Microsoft.Network/privateEndpoints", "2021-05-01"},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "2021-05-01"},
      {"Microsoft.Network/privateLinkServices/privateEndpointConnections", "2021-05-01"},
      {"Microsoft.Network/serviceEndpointPolicies", "2021-05-01"},
      {"Microsoft.Network/networkWatchers/ipFlowVerify", "2021-05-01"},
      {"Microsoft.Network/locations/serviceTags", "2020-06-01"},
      {"Microsoft.Network/privateDnsZones", "2020-06-01"},
      {"Microsoft.Network/privateDnsOperationResults", "2020-06-01"},
      {"Microsoft.KeyVault/vaults/privateEndpointConnections", "2018-02-14"},
      {"Microsoft.KeyVault/vaults/privateEndpointConnections", "2019-09-01"},
      {"Microsoft.Sql/servers", "2021-05-01-preview"},
      {"Microsoft.Sql/servers/virtualNetworkRules", "2021-05-01-preview"},
      {"Microsoft.Storage/storageAccounts", "2021-06-01"},
      {"Microsoft.Storage/storageAccounts", "2021-02-01"},
      {"Microsoft.Storage/storageAccounts/privateEndpointConnections", "2020-08-01-preview"},
      // quickstart-templates
      {"Microsoft.Compute/virtualMachines", "2016-04-30-preview"},
      {"Microsoft.Compute/virtualMachines", "2017-03-30"},
      {"Microsoft.Compute/virtualMachines", "2022-08-01"},
      {"Microsoft.Compute/virtualMachines/extensions", "2019-12-01"},
      {"Microsoft.DocumentDB/databaseAccounts", "2022-05-15"},
      {"Microsoft.EventHub/namespaces", "2018-01-01-preview"},
      {"Microsoft.EventHub/namespaces/eventhubs", "2017-04-01"},
      {"Microsoft.KeyVault/vaults", "2019-09-01"},
      {"Microsoft.Network/networkInterfaces", "2015-06-15"},
      {"Microsoft.Network/networkInterfaces", "2016-10-01"},
      {"Microsoft.Network/networkInterfaces", "2022-07-01"},
      {"Microsoft.Network/networkSecurityGroups", "2019-08-01"},
      {"Microsoft.Network/networkWatchers", "2021-02-01"},
      {"Microsoft.Network/privateDnsZones", "2020-01-01"},
      {"Microsoft.Network/privateDnsZones/A", "2020-01-01"},
      {"Microsoft.Network/privateDnsZones/virtualNetworkLinks", "2020-06-01"},
      {"Microsoft.Network/privateEndpoints", "2019-04-01"},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "2020-03-01"},
      {"Microsoft.Network/publicIPAddresses", "2017-09-01"},
      {"Microsoft.Network/routeTables", "2015-06-15"},
      {"Microsoft.Network/virtualNetworkGateways", "2019-11-01"},
      {"Microsoft.Network/virtualNetworks", "2017-09-01"},
      {"Microsoft.Network/virtualNetworks/subnets", "2021-03-01"},
      {"Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "2018-11-01"},
      {"Microsoft.Resources/deployments", "2019-10-01"},
      {"Microsoft.ServiceBus/namespaces", "2017-04-01"},
      {"Microsoft.Sql/servers", "2020-02-02-preview"},
      {"Microsoft.Sql/servers/databases", "2021-11-01-preview"},
      {"Microsoft.Storage/storageAccounts", "2017-06-01"},
      {"Microsoft.Storage/storageAccounts/fileServices/shares", "2022-05-01"},
  };
  for (const TypeVersion& c : kCases) {
    SCOPED_TRACE(std::string(c.type) + " " + std::string(c.version));
    EXPECT_TRUE(IsPublishedApiVersion(c.type, c.version));
  }
}

TEST(ApiVersionsTest, RefusesUnpublishedVersions) {
  struct Case {
    std::string_view type;
    std::string_view version;
    std::string_view reason;
  };
  const Case kCases[] = {
      {"Microsoft.Network/virtualNetworks", "2099-01-01", "InvalidApiVersionParameter"},
      {"Microsoft.Network/virtualNetworks", "abc", "InvalidApiVersionParameter"},
      {"Microsoft.Network/virtualNetworks", "", "MissingApiVersionParameter"},
      {"Microsoft.Network/virtualNetworks", "2023-09-01 ", "InvalidApiVersionParameter"},
      {"Microsoft.Network/virtualNetworks", "2023-9-01", "InvalidApiVersionParameter"},
      // Private DNS versions are not Network versions, and the other way round.
      {"Microsoft.Network/virtualNetworks", "2018-09-01", "InvalidApiVersionParameter"},
      {"Microsoft.Network/privateDnsZones", "2023-09-01", "InvalidApiVersionParameter"},
      {"Microsoft.Network/privateDnsZones/A", "2022-01-01", "InvalidApiVersionParameter"},
      // A Network Manager preview does not carry virtual networks.
      {"Microsoft.Network/virtualNetworks", "2022-04-01-preview", "InvalidApiVersionParameter"},
      // Published for the provider, but before the type existed.
      {"Microsoft.Network/natGateways", "2018-12-01", "InvalidApiVersionParameter"},
      {"Microsoft.Network/privateEndpoints", "2015-06-15", "InvalidApiVersionParameter"},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "2019-12-01",
       "InvalidApiVersionParameter"},
      {"Microsoft.Network/applicationSecurityGroups", "2017-08-01", "InvalidApiVersionParameter"},
      {"Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "2016-03-30",
       "InvalidApiVersionParameter"},
      // Another provider's version.
      {"Microsoft.Storage/storageAccounts", "2023-09-01", "InvalidApiVersionParameter"},
      {"Microsoft.Resources/resourceGroups", "2099-01-01", "InvalidApiVersionParameter"},
      {"Microsoft.Resources/resourceGroups", "", "MissingApiVersionParameter"},
      {"Microsoft.KeyVault/vaults", "abc", "InvalidApiVersionParameter"},
      // A missing api-version is reported before an unknown type, as ARM does.
      {"Microsoft.Network/loadBalancers", "", "MissingApiVersionParameter"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.type) + " '" + std::string(c.version) + "'");
    EXPECT_FALSE(IsPublishedApiVersion(c.type, c.version));
    const Status s = CheckApiVersion(c.type, c.version);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.reason(), c.reason) << s.ToString();
    EXPECT_EQ(HttpStatusOf(s.code()), 400);
  }
}

TEST(ApiVersionsTest, RefusesTypesVnetdDoesNotServe) {
  struct Case {
    std::string_view type;
    std::string_view reason;
  };
  const Case kCases[] = {
      {"Microsoft.Network/loadBalancers", "InvalidResourceType"},
      {"Microsoft.Network/virtualNetwork", "InvalidResourceType"},
      {"microsoft.network", "InvalidResourceType"},
      {"Microsoft.Foo/bars", "InvalidResourceNamespace"},
      {"Microsoft.Web/sites", "InvalidResourceNamespace"},
      {"", "InvalidResourceNamespace"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.type);
    EXPECT_FALSE(IsPublishedApiVersion(c.type, "2023-09-01"));
    EXPECT_EQ(CheckApiVersion(c.type, "2023-09-01").reason(), c.reason);
    EXPECT_TRUE(PublishedApiVersions(c.type).empty());
    EXPECT_EQ(DefaultApiVersion(c.type), "");
  }
}

TEST(ApiVersionsTest, MatchesTypesAndVersionsCaseInsensitively) {
  const TypeVersion kCases[] = {
      {"microsoft.network/virtualnetworks", "2023-09-01"},
      {"MICROSOFT.NETWORK/VIRTUALNETWORKS/SUBNETS", "2023-09-01"},
      {"Microsoft.Network/PrivateDnsZones/a", "2018-09-01"},
      {"Microsoft.Keyvault/vaults", "2019-09-01"},
      {"microsoft.resources/RESOURCEGROUPS", "2022-09-01"},
      {"Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections", "2019-08-01-PREVIEW"},
  };
  for (const TypeVersion& c : kCases) {
    SCOPED_TRACE(c.type);
    EXPECT_TRUE(IsPublishedApiVersion(c.type, c.version));
    EXPECT_OK(CheckApiVersion(c.type, c.version));
  }
  EXPECT_EQ(PublishedApiVersions("MICROSOFT.NETWORK/PRIVATEDNSZONES"),
            PublishedApiVersions("Microsoft.Network/privateDnsZones"));
}

TEST(ApiVersionsTest, ChildTypesUseTheirOwnOrTheirParentsList) {
  struct Case {
    std::string_view child;
    std::string_view parent;
  };
  const Case kSameList[] = {
      {"Microsoft.Network/virtualNetworks/subnets", "Microsoft.Network/virtualNetworks"},
      {"Microsoft.Network/virtualNetworks/subnets/serviceAssociationLinks",
       "Microsoft.Network/virtualNetworks"},
      {"Microsoft.Network/networkSecurityGroups/securityRules",
       "Microsoft.Network/networkSecurityGroups"},
      {"Microsoft.Network/routeTables/routes", "Microsoft.Network/routeTables"},
      {"Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions",
       "Microsoft.Network/serviceEndpointPolicies"},
      {"Microsoft.Network/privateLinkServices/privateEndpointConnections",
       "Microsoft.Network/privateLinkServices"},
      {"Microsoft.Network/locations/operations", "Microsoft.Network/locations"},
      {"Microsoft.Network/privateDnsZones/A", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/AAAA", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/CNAME", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/MX", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/PTR", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/SOA", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/SRV", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/TXT", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/ALL", "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Network/privateDnsZones/virtualNetworkLinks",
       "Microsoft.Network/privateDnsZones"},
      {"Microsoft.Sql/servers/firewallRules", "Microsoft.Sql/servers"},
      {"Microsoft.EventHub/namespaces/eventhubs", "Microsoft.EventHub/namespaces"},
  };
  for (const Case& c : kSameList) {
    SCOPED_TRACE(c.child);
    EXPECT_FALSE(PublishedApiVersions(c.child).empty());
    EXPECT_EQ(PublishedApiVersions(c.child), PublishedApiVersions(c.parent));
    EXPECT_EQ(DefaultApiVersion(c.child), DefaultApiVersion(c.parent));
  }
  // Children with a list of their own start later than their parent.
  const Case kOwnList[] = {
      {"Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
       "Microsoft.Network/virtualNetworks"},
      {"Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
       "Microsoft.Network/privateEndpoints"},
      {"Microsoft.Storage/storageAccounts/privateEndpointConnections",
       "Microsoft.Storage/storageAccounts"},
      {"Microsoft.Sql/servers/privateEndpointConnections", "Microsoft.Sql/servers"},
      {"Microsoft.KeyVault/vaults/privateEndpointConnections", "Microsoft.KeyVault/vaults"},
      {"Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections",
       "Microsoft.DocumentDB/databaseAccounts"},
      {"Microsoft.EventHub/namespaces/networkRuleSets", "Microsoft.EventHub/namespaces"},
      {"Microsoft.ServiceBus/namespaces/privateEndpointConnections",
       "Microsoft.ServiceBus/namespaces"},
  };
  for (const Case& c : kOwnList) {
    SCOPED_TRACE(c.child);
    const std::vector<std::string_view> child = PublishedApiVersions(c.child);
    const std::vector<std::string_view> parent = PublishedApiVersions(c.parent);
    ASSERT_FALSE(child.empty());
    EXPECT_LT(child.size(), parent.size());
    EXPECT_EQ(child.front(), parent.front());
    for (std::string_view v : child) {
      EXPECT_NE(std::find(parent.begin(), parent.end(), v), parent.end()) << v;
    }
  }
  // The private DNS child list is the private DNS one, not Microsoft.Network's.
  EXPECT_TRUE(
      IsPublishedApiVersion("Microsoft.Network/privateDnsZones/virtualNetworkLinks", "2024-06-01"));
  EXPECT_FALSE(
      IsPublishedApiVersion("Microsoft.Network/privateDnsZones/virtualNetworkLinks", "2024-05-01"));
}

TEST(ApiVersionsTest, ListsVersionsNewestFirst) {
  EXPECT_EQ(
      PublishedApiVersions("Microsoft.Network/privateDnsZones"),
      (std::vector<std::string_view>{"2024-06-01", "2020-06-01", "2020-01-01", "2018-09-01"}));
  const std::vector<std::string_view> nat = PublishedApiVersions("Microsoft.Network/natGateways");
  ASSERT_FALSE(nat.empty());
  EXPECT_EQ(nat.back(), "2019-02-01");
  const std::vector<std::string_view> vnet =
      PublishedApiVersions("Microsoft.Network/virtualNetworks");
  ASSERT_FALSE(vnet.empty());
  EXPECT_EQ(vnet.back(), "2015-05-01-preview");
  EXPECT_TRUE(std::is_sorted(vnet.begin(), vnet.end(), std::greater<>()));
  EXPECT_EQ(std::adjacent_find(vnet.begin(), vnet.end()), vnet.end());
}

TEST(ApiVersionsTest, DefaultVersionIsPublishedAndStable) {
  const std::string_view kTypes[] = {
      "Microsoft.Resources/resourceGroups",
      "Microsoft.Network/virtualNetworks",
      "Microsoft.Network/virtualNetworks/subnets",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      "Microsoft.Network/networkInterfaces",
      "Microsoft.Network/networkSecurityGroups",
      "Microsoft.Network/networkSecurityGroups/securityRules",
      "Microsoft.Network/applicationSecurityGroups",
      "Microsoft.Network/routeTables",
      "Microsoft.Network/routeTables/routes",
      "Microsoft.Network/publicIPAddresses",
      "Microsoft.Network/natGateways",
      "Microsoft.Network/virtualNetworkGateways",
      "Microsoft.Network/localNetworkGateways",
      "Microsoft.Network/connections",
      "Microsoft.Network/privateEndpoints",
      "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
      "Microsoft.Network/privateLinkServices",
      "Microsoft.Network/privateLinkServices/privateEndpointConnections",
      "Microsoft.Network/serviceEndpointPolicies",
      "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions",
      "Microsoft.Network/networkWatchers",
      "Microsoft.Network/locations/operations",
      "Microsoft.Network/privateDnsZones",
      "Microsoft.Network/privateDnsZones/A",
      "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
      "Microsoft.Compute/virtualMachines",
      "Microsoft.Storage/storageAccounts",
      "Microsoft.Storage/storageAccounts/privateEndpointConnections",
      "Microsoft.Storage/storageAccounts/privateLinkResources",
      "Microsoft.Sql/servers",
      "Microsoft.Sql/servers/virtualNetworkRules",
      "Microsoft.Sql/servers/firewallRules",
      "Microsoft.Sql/servers/privateEndpointConnections",
      "Microsoft.KeyVault/vaults",
      "Microsoft.KeyVault/vaults/privateEndpointConnections",
      "Microsoft.DocumentDB/databaseAccounts",
      "Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections",
      "Microsoft.EventHub/namespaces",
      "Microsoft.EventHub/namespaces/networkRuleSets",
      "Microsoft.EventHub/namespaces/privateEndpointConnections",
      "Microsoft.ServiceBus/namespaces",
      "Microsoft.ServiceBus/namespaces/networkRuleSets",
      "Microsoft.ServiceBus/namespaces/privateEndpointConnections",
  };
  for (std::string_view type : kTypes) {
    SCOPED_TRACE(type);
    const std::string_view v = DefaultApiVersion(type);
    EXPECT_FALSE(v.empty());
    EXPECT_FALSE(v.ends_with("-preview"));
    EXPECT_TRUE(IsPublishedApiVersion(type, v));
  }
  EXPECT_EQ(DefaultApiVersion("Microsoft.Network/virtualNetworks"), "2024-05-01");
  EXPECT_EQ(DefaultApiVersion("Microsoft.Network/privateDnsZones"), "2024-06-01");
}

TEST(ApiVersionsTest, ErrorMessagesReadLikeArms) {
  const Status missing = CheckApiVersion("Microsoft.Network/virtualNetworks", "");
  EXPECT_EQ(missing.message(),
            "The api-version query parameter (?api-version=) is required for all requests.");

  const Status dns = CheckApiVersion("Microsoft.Network/privateDnsZones", "2023-09-01");
  EXPECT_EQ(dns.message(),
            "The api-version '2023-09-01' is invalid for resource type "
            "'Microsoft.Network/privateDnsZones'. The supported versions are "
            "'2024-06-01,2020-06-01,2020-01-01,2018-09-01'. Please note that the supported "
            "versions may differ per resource type.");

  // Long lists name the newest five and count the rest.
  const Status vnet = CheckApiVersion("Microsoft.Network/virtualNetworks", "2099-01-01");
  const std::vector<std::string_view> all =
      PublishedApiVersions("Microsoft.Network/virtualNetworks");
  ASSERT_GT(all.size(), 5u);
  std::string named;
  for (size_t i = 0; i < 5; ++i) named += (i > 0 ? "," : "") + std::string(all[i]);
  EXPECT_EQ(vnet.message(),
            "The api-version '2099-01-01' is invalid for resource type "
            "'Microsoft.Network/virtualNetworks'. The supported versions are '" +
                named + "' and " + std::to_string(all.size() - 5) +
                " older ones. Please note that the supported versions may differ per "
                "resource type.");

  EXPECT_EQ(CheckApiVersion("Microsoft.Network/loadBalancers", "2023-09-01").message(),
            "The resource type 'loadBalancers' could not be found in the namespace "
            "'Microsoft.Network' for api version '2023-09-01'.");
  EXPECT_EQ(CheckApiVersion("Microsoft.Foo/bars", "2023-09-01").message(),
            "The resource namespace 'Microsoft.Foo' is invalid.");
}

}  // namespace
}  // namespace vnet::arm
