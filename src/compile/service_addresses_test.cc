// Public front-end addresses: inside the service's regional tag, stable, distinct per name, never
// ending in .0 or .255, and exactly the usable addresses of a small synthetic tag.
#include "compile/service_addresses.h"

#include <gtest/gtest.h>

#include <set>

#include "base/strings.h"

namespace vnet::compile {
namespace {

bool InTag(const ServiceTag* tag, const net::IpAddress& ip) {
  if (!tag) return false;
  for (const net::Cidr& c : tag->prefixes) {
    if (c.Contains(ip)) return true;
  }
  return false;
}

uint32_t LastOctet(const net::IpAddress& ip) { return ip.v4() & 0xff; }

std::shared_ptr<const ServiceTagCatalogue> Shipped() {
  return ServiceTagCatalogue::Default().value();
}

TEST(ServiceAddressesTest, BaseTags) {
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.Storage/storageAccounts"), "Storage");
  EXPECT_EQ(ServiceTagBaseOf("microsoft.sql/SERVERS"), "Sql");
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.KeyVault/vaults"), "AzureKeyVault");
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.DocumentDB/databaseAccounts"), "AzureCosmosDB");
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.EventHub/namespaces"), "EventHub");
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.ServiceBus/namespaces"), "ServiceBus");
  EXPECT_EQ(ServiceTagBaseOf("Microsoft.Web/sites"), "");
}

TEST(ServiceAddressesTest, AddressesLieInTheRegionalTagAndAreStable) {
  struct Case {
    std::string_view type, region, tag;
  };
  const Case kCases[] = {
      {"Microsoft.Storage/storageAccounts", "westus", "Storage.WestUS"},
      {"Microsoft.Sql/servers", "westus", "Sql.WestUS"},
      {"Microsoft.KeyVault/vaults", "westus", "AzureKeyVault.WestUS"},
      {"Microsoft.DocumentDB/databaseAccounts", "westus", "AzureCosmosDB.WestUS"},
      {"Microsoft.EventHub/namespaces", "westus", "EventHub.WestUS"},
      {"Microsoft.ServiceBus/namespaces", "westus", "ServiceBus.WestUS"},
      {"Microsoft.Storage/storageAccounts", "eastus", "Storage.EastUS"},
      {"Microsoft.Storage/storageAccounts", "francecentral", "Storage.FranceCentral"},
      {"Microsoft.Sql/servers", "northeurope", "Sql.NorthEurope"},
      // No regional tag: the global one.
      {"Microsoft.Storage/storageAccounts", "nowhere", "Storage"},
  };
  auto tags = Shipped();
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.type) + " " + std::string(c.region));
    Result<net::IpAddress> a = ServicePublicAddress(*tags, c.type, "acct1", c.region);
    ASSERT_TRUE(a.ok()) << a.status().message();
    EXPECT_TRUE(a->is_v4());
    EXPECT_TRUE(InTag(tags->Find(c.tag), *a)) << a->ToString();
    EXPECT_NE(LastOctet(*a), 0u);
    EXPECT_NE(LastOctet(*a), 255u);
    // A pure function of its inputs, whatever their case.
    EXPECT_EQ(*a, *ServicePublicAddress(*tags, c.type, "acct1", c.region));
    EXPECT_EQ(*a, *ServicePublicAddress(*tags, AsciiLower(c.type), "ACCT1", c.region));
    // Another front end of the same resource is (almost always) another address.
    EXPECT_NE(*a, *ServicePublicAddress(*tags, c.type, "acct1", c.region, "blob"));
  }
}

TEST(ServiceAddressesTest, NamesRarelyCollide) {
  auto tags = Shipped();
  std::set<net::IpAddress> seen;
  for (int i = 0; i < 1000; ++i) {
    Result<net::IpAddress> a = ServicePublicAddress(*tags, "Microsoft.Storage/storageAccounts",
                                                    "acct" + std::to_string(i), "eastus");
    ASSERT_TRUE(a.ok());
    seen.insert(*a);
  }
  // Storage.EastUS has about 33,000 usable IPv4 addresses: a thousand names collide some
  // 1000^2 / (2 * 33000) = 15 times. Allow twice that.
  EXPECT_GT(seen.size(), 970u);
}

TEST(ServiceAddressesTest, RegionsGiveAddressesInTheirOwnTags) {
  auto tags = Shipped();
  const char* type = "Microsoft.Storage/storageAccounts";
  net::IpAddress east = *ServicePublicAddress(*tags, type, "a", "eastus");
  net::IpAddress west = *ServicePublicAddress(*tags, type, "a", "westus");
  EXPECT_TRUE(InTag(tags->Find("Storage.EastUS"), east));
  EXPECT_FALSE(InTag(tags->Find("Storage.WestUS"), east));
  EXPECT_TRUE(InTag(tags->Find("Storage.WestUS"), west));
  EXPECT_FALSE(InTag(tags->Find("Storage.EastUS"), west));
}

TEST(ServiceAddressesTest, Errors) {
  auto tags = Shipped();
  Result<net::IpAddress> web = ServicePublicAddress(*tags, "Microsoft.Web/sites", "x", "westus");
  EXPECT_EQ(web.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(web.status().message(),
            "no service tag covers resources of type 'Microsoft.Web/sites'");
  // A catalogue where Storage has IPv6 prefixes only.
  auto v6 = ServiceTagCatalogue::Parse(R"({"values": [
      {"name": "Storage", "properties": {"addressPrefixes": ["2603:1030::/48"]}}]})");
  ASSERT_TRUE(v6.ok());
  Result<net::IpAddress> none =
      ServicePublicAddress(**v6, "Microsoft.Storage/storageAccounts", "x", "eastus");
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
}

// A tag small enough to list: every name lands on one of its usable addresses, and every
// usable address is reached. /30 at .0: .1 .2 .3; /32 at .255: none; /31 at .0: .1;
// /24: .1 to .254; the IPv6 prefix: none.
TEST(ServiceAddressesTest, ExactlyTheUsableAddressesOfASmallTag) {
  auto tags = ServiceTagCatalogue::Parse(R"({"values": [
      {"name": "Sql.TestRegion", "properties": {"region": "testregion", "addressPrefixes": [
          "10.0.0.0/30", "10.0.1.255/32", "10.0.2.0/31", "10.9.0.0/24", "fd00::/64"]}}]})");
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  std::set<std::string> want = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.2.1"};
  for (int i = 1; i <= 254; ++i) want.insert("10.9.0." + std::to_string(i));
  std::set<std::string> got;
  for (int i = 0; i < 20000; ++i) {
    Result<net::IpAddress> a = ServicePublicAddress(**tags, "Microsoft.Sql/servers",
                                                    "s" + std::to_string(i), "testregion");
    ASSERT_TRUE(a.ok()) << a.status().message();
    got.insert(a->ToString());
  }
  EXPECT_EQ(got, want);
}

// A prefix wider than a /24 skips .0 and .255 in every /24 it spans, and reaches all of them.
TEST(ServiceAddressesTest, WidePrefixesSkipEveryNetworkAndBroadcastLikeAddress) {
  auto tags = ServiceTagCatalogue::Parse(R"({"values": [
      {"name": "EventHub", "properties": {"addressPrefixes": ["10.4.0.0/22"]}}]})");
  ASSERT_TRUE(tags.ok());
  std::set<uint32_t> third_octets;
  for (int i = 0; i < 5000; ++i) {
    net::IpAddress a = *ServicePublicAddress(**tags, "Microsoft.EventHub/namespaces",
                                             "ns" + std::to_string(i), "eastus");
    ASSERT_TRUE(net::Cidr::Parse("10.4.0.0/22")->Contains(a)) << a.ToString();
    ASSERT_NE(LastOctet(a), 0u) << a.ToString();
    ASSERT_NE(LastOctet(a), 255u) << a.ToString();
    third_octets.insert((a.v4() >> 8) & 0xff);
  }
  EXPECT_EQ(third_octets, (std::set<uint32_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace vnet::compile
