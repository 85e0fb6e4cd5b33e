// Public front-end addresses: inside the service's regional tag, stable, and distinct per name.
#include "compile/service_addresses.h"

#include <gtest/gtest.h>

#include <set>

namespace vnet::compile {
namespace {

bool InTag(const ServiceTag* tag, const net::IpAddress& ip) {
  for (const net::Cidr& c : tag->prefixes) {
    if (c.Contains(ip)) return true;
  }
  return false;
}

TEST(ServiceAddressesTest, AddressesLieInTheRegionalTagAndAreStable) {
  auto tags = ServiceTagCatalogue::Default().value();
  struct Case {
    const char* type;
    const char* tag;
  } cases[] = {{"Microsoft.Storage/storageAccounts", "Storage.WestUS"},
               {"Microsoft.Sql/servers", "Sql.WestUS"},
               {"Microsoft.KeyVault/vaults", "AzureKeyVault.westus"},
               {"Microsoft.DocumentDB/databaseAccounts", "AzureCosmosDB.WestUS"},
               {"Microsoft.EventHub/namespaces", "EventHub.WestUS"},
               {"Microsoft.ServiceBus/namespaces", "ServiceBus.WestUS"}};
  for (const Case& c : cases) {
    auto a = ServicePublicAddress(*tags, c.type, "acct1", "westus");
    ASSERT_TRUE(a.ok()) << c.type << ": " << a.status().message();
    EXPECT_TRUE(InTag(tags->Find(c.tag), *a)) << c.type << " " << a->ToString();
    EXPECT_EQ(*a, *ServicePublicAddress(*tags, c.type, "ACCT1", "WestUS"));
  }
  EXPECT_FALSE(ServicePublicAddress(*tags, "Microsoft.Web/sites", "x", "westus").ok());
}

TEST(ServiceAddressesTest, NamesRarelyCollide) {
  auto tags = ServiceTagCatalogue::Default().value();
  std::set<net::IpAddress> seen;
  for (int i = 0; i < 1000; ++i) {
    seen.insert(*ServicePublicAddress(*tags, "Microsoft.Storage/storageAccounts",
                                      "acct" + std::to_string(i), "eastus"));
  }
  // Birthday collisions in a regional tag of some 10^5 addresses: about ten in a thousand; the
  // topology builder re-draws those (topology_test.cc).
  EXPECT_GT(seen.size(), 975u);
  auto east = *ServicePublicAddress(*tags, "Microsoft.Storage/storageAccounts", "a", "eastus");
  EXPECT_TRUE(InTag(tags->Find("Storage.EastUS"), east));
  EXPECT_FALSE(InTag(tags->Find("Storage.WestUS"), east));
}

}  // namespace
}  // namespace vnet::compile
