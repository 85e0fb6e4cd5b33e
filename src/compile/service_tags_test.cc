// The service tag catalogue against Microsoft's real files (the copy vnetd ships in data/, and
// older and other-cloud downloads in ../shared/external/service-tags), its lookups, and its
// refusal of malformed files. Expected values were read from the files with a JSON tool.
#include "compile/service_tags.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace vnet::compile {
namespace {

const std::string kShared = "../shared/external/service-tags/";

std::shared_ptr<const ServiceTagCatalogue> Shipped() {
  auto tags = ServiceTagCatalogue::Default();
  EXPECT_TRUE(tags.ok()) << tags.status().message();
  return tags.ok() ? *tags : std::make_shared<const ServiceTagCatalogue>();
}

bool Has(const std::vector<net::Cidr>& prefixes, std::string_view cidr) {
  return std::find(prefixes.begin(), prefixes.end(), *net::Cidr::Parse(cidr)) != prefixes.end();
}

size_t CountV4(const ServiceTag& t) {
  return std::count_if(t.prefixes.begin(), t.prefixes.end(),
                       [](const net::Cidr& c) { return c.is_v4(); });
}

TEST(ServiceTagsTest, ShippedFileHeader) {
  auto c = Shipped();
  EXPECT_EQ(c->change_number(), 375);
  EXPECT_EQ(c->cloud(), "Public");
  EXPECT_EQ(c->tags().size(), 3039u);
  EXPECT_EQ(c->locations().size(), 71u);
}

TEST(ServiceTagsTest, ShippedFileEntries) {
  struct Case {
    std::string_view query;  // any case
    std::string_view name, region;
    int64_t region_id;
    std::string_view system_service;
    int64_t change_number;
    size_t prefixes, v4;
    std::string_view contains_v4, contains_v6;
    std::vector<std::string> features;
  };
  const Case kCases[] = {
      {"storage.eastus",
       "Storage.EastUS",
       "eastus",
       32,
       "AzureStorage",
       48,
       124,
       119,
       "13.68.163.32/28",
       "2603:1030:213:801c::/63",
       {"API", "NSG", "UDR", "FW"}},
      {"STORAGE",
       "Storage",
       "",
       0,
       "AzureStorage",
       54,
       574,
       495,
       "13.65.107.32/28",
       "2603:1050:404::/48",
       {"API", "NSG", "UDR", "FW", "VSE"}},
      {"azurecloud.EASTUS",
       "AzureCloud.eastus",
       "eastus",
       32,
       "",
       185,
       529,
       473,
       "4.156.0.0/15",
       "2a01:111:f403:f900::/62",
       {"API", "NSG"}},
      {"AzureCloud",
       "AzureCloud",
       "",
       0,
       "",
       273,
       13080,
       9585,
       "4.144.0.0/17",
       "2a01:111:f403:f910::/62",
       {"API", "NSG"}},
      {"sql.eastus",
       "Sql.EastUS",
       "eastus",
       32,
       "AzureSQL",
       20,
       71,
       60,
       "20.42.65.64/29",
       "2603:1030:210:c01::/123",
       {"API", "NSG", "UDR", "FW"}},
      {"azurekeyvault.eastus",
       "AzureKeyVault.EastUS",
       "eastus",
       32,
       "AzureKeyVault",
       8,
       12,
       6,
       "20.42.64.44/30",
       "2603:1030:210:c02::80/125",
       {"API", "NSG", "UDR", "FW"}},
      {"AzureFrontDoor.Frontend",
       "AzureFrontDoor.Frontend",
       "",
       0,
       "",
       35,
       192,
       90,
       "4.232.98.112/29",
       "2620:1ec:bdf::/48",
       {"API", "NSG", "UDR", "FW"}},
      // The file's region keeps an internal spelling for France Central.
      {"storage.francecentral",
       "Storage.FranceCentral",
       "centralfrance",
       19,
       "AzureStorage",
       14,
       17,
       16,
       "20.33.132.0/24",
       "2603:1020:806::/48",
       {"API", "NSG", "UDR", "FW"}},
      // "networkFeatures": null in the file.
      {"actiongroup.australiacentral",
       "ActionGroup.AustraliaCentral",
       "australiacentral",
       58,
       "ActionGroup",
       3,
       4,
       2,
       "20.53.1.68/30",
       "2603:1010:304:402::178/125",
       {}},
  };
  auto c = Shipped();
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.query);
    const ServiceTag* t = c->Find(k.query);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->name, k.name);
    EXPECT_EQ(t->region, k.region);
    EXPECT_EQ(t->region_id, k.region_id);
    EXPECT_EQ(t->platform, "Azure");
    EXPECT_EQ(t->system_service, k.system_service);
    EXPECT_EQ(t->change_number, k.change_number);
    EXPECT_EQ(t->prefixes.size(), k.prefixes);
    EXPECT_EQ(CountV4(*t), k.v4);
    EXPECT_TRUE(Has(t->prefixes, k.contains_v4));
    EXPECT_TRUE(Has(t->prefixes, k.contains_v6));
    EXPECT_EQ(t->network_features, k.features);
    // IPv4 first, then IPv6, each sorted.
    EXPECT_TRUE(std::is_sorted(t->prefixes.begin(), t->prefixes.begin() + k.v4));
    EXPECT_TRUE(std::is_sorted(t->prefixes.begin() + k.v4, t->prefixes.end()));
    EXPECT_FALSE(t->prefixes.back().address().is_v4());
  }
  EXPECT_EQ(c->Find("NoSuchTag"), nullptr);
  EXPECT_EQ(c->Find(""), nullptr);
}

TEST(ServiceTagsTest, Regional) {
  struct Case {
    std::string_view base, region, want;  // want "" for none
  };
  const Case kCases[] = {
      {"Storage", "eastus", "Storage.EastUS"},
      {"storage", "EastUS", "Storage.EastUS"},
      {"Storage", "East US", "Storage.EastUS"},
      {"AzureCloud", "EASTUS", "AzureCloud.eastus"},
      {"AzureKeyVault", "eastus", "AzureKeyVault.EastUS"},
      {"AzureCosmosDB", "westus", "AzureCosmosDB.WestUS"},
      {"EventHub", "westeurope", "EventHub.WestEurope"},
      {"ServiceBus", "northeurope", "ServiceBus.NorthEurope"},
      // Two spellings of one region: the ARM name and the file's.
      {"AzureCloud", "francecentral", "AzureCloud.centralfrance"},
      {"AzureCloud", "centralfrance", "AzureCloud.centralfrance"},
      {"Storage", "centralfrance", "Storage.FranceCentral"},
      {"Sql", "germanywestcentral", "Sql.GermanyWestCentral"},
      {"AzureCloud", "germanywestcentral", "AzureCloud.germanywc"},
      // A global tag whose name has a dot is no regional variant.
      {"AzureFrontDoor", "Frontend", ""},
      {"Storage", "nowhere", ""},
      {"NoSuchService", "eastus", ""},
  };
  auto c = Shipped();
  for (const Case& k : kCases) {
    SCOPED_TRACE(std::string(k.base) + " " + std::string(k.region));
    const ServiceTag* t = c->Regional(k.base, k.region);
    EXPECT_EQ(t ? t->name : "", k.want);
  }
}

TEST(ServiceTagsTest, Locations) {
  auto c = Shipped();
  EXPECT_TRUE(std::is_sorted(c->locations().begin(), c->locations().end()));
  for (std::string_view yes : {"eastus", "EastUS", "East US", "francecentral", "swedencentral"})
    EXPECT_TRUE(c->HasLocation(yes)) << yes;
  for (std::string_view no : {"centralfrance", "germanywc", "nowhere", ""})
    EXPECT_FALSE(c->HasLocation(no)) << no;
}

TEST(ServiceTagsTest, DefaultIsLoadedOnce) {
  std::vector<const ServiceTagCatalogue*> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = ServiceTagCatalogue::Default()->get(); });
  }
  for (std::thread& t : threads) t.join();
  for (const ServiceTagCatalogue* c : seen) EXPECT_EQ(c, Shipped().get());
}

TEST(ServiceTagsTest, DefaultPathFollowsTheEnvironment) {
  const char* old = std::getenv("VNETD_SERVICE_TAGS");
  std::string saved = old ? old : "";
  setenv("VNETD_SERVICE_TAGS", "/tmp/ServiceTags_Public_20261116.json", 1);
  EXPECT_EQ(ServiceTagCatalogue::DefaultPath(), "/tmp/ServiceTags_Public_20261116.json");
  setenv("VNETD_SERVICE_TAGS", "", 1);
  EXPECT_EQ(ServiceTagCatalogue::DefaultPath(), VNET_DATA_DIR "/ServiceTags_Public.json");
  unsetenv("VNETD_SERVICE_TAGS");
  EXPECT_EQ(ServiceTagCatalogue::DefaultPath(), VNET_DATA_DIR "/ServiceTags_Public.json");
  if (old) setenv("VNETD_SERVICE_TAGS", saved.c_str(), 1);
}

TEST(ServiceTagsTest, Public2021File) {
  std::string path = kShared + "ServiceTags_Public.changeNumber165.2021-09-08.json";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " is absent: the shared downloads are not next to this checkout";
  auto tags = ServiceTagCatalogue::Load(path);
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  const ServiceTagCatalogue& c = **tags;
  EXPECT_EQ(c.change_number(), 165);
  EXPECT_EQ(c.cloud(), "Public");
  EXPECT_EQ(c.tags().size(), 2277u);
  const ServiceTag* east = c.Regional("Storage", "eastus");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->prefixes.size(), 64u);  // IPv4 only in 2021
  EXPECT_EQ(CountV4(*east), 64u);
  EXPECT_TRUE(Has(east->prefixes, "13.68.163.32/28"));
  EXPECT_EQ(c.Find("AzureCloud")->prefixes.size(), 5363u);
}

TEST(ServiceTagsTest, AzureGovernmentFile) {
  std::string path = kShared + "ServiceTags_AzureGovernment.json";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " is absent: the shared downloads are not next to this checkout";
  auto tags = ServiceTagCatalogue::Load(path);
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  const ServiceTagCatalogue& c = **tags;
  EXPECT_EQ(c.change_number(), 401);
  EXPECT_EQ(c.cloud(), "AzureGovernment");
  EXPECT_EQ(c.tags().size(), 299u);
  const ServiceTag* va = c.Regional("Storage", "usgovvirginia");
  ASSERT_NE(va, nullptr);
  EXPECT_EQ(va->name, "Storage.USGovVirginia");
  EXPECT_EQ(va->prefixes.size(), 20u);
  EXPECT_TRUE(Has(va->prefixes, "13.72.43.16/28"));
  EXPECT_EQ(c.Regional("AzureCloud", "usgovvirginia")->prefixes.size(), 136u);
  EXPECT_TRUE(c.HasLocation("usgovvirginia"));
  EXPECT_FALSE(c.HasLocation("eastus"));
}

// The discovery API's answer, saved from `az network list-service-tags`: change numbers are
// strings and entries carry no regionId or platform.
TEST(ServiceTagsTest, ReadsASavedDiscoveryAnswer) {
  auto parsed = ServiceTagCatalogue::Parse(R"({
    "name": "Public", "id": "/subscriptions/s/providers/Microsoft.Network/serviceTags/Public",
    "type": "Microsoft.Network/serviceTags", "changeNumber": "63", "cloud": "Public",
    "values": [{"name": "ServiceBus.EastUS2", "id": "ServiceBus.EastUS2",
                "serviceTagChangeNumber": "63",
                "properties": {"changeNumber": "1", "region": "eastus2", "state": "GA",
                               "systemService": "AzureServiceBus",
                               "addressPrefixes": ["40.70.146.64/29", "13.68.110.36"],
                               "networkFeatures": ["API", "NSG"]}}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const ServiceTagCatalogue& c = **parsed;
  EXPECT_EQ(c.change_number(), 63);
  const ServiceTag* t = c.Regional("ServiceBus", "eastus2");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->change_number, 1);
  EXPECT_EQ(t->region_id, 0);
  ASSERT_EQ(t->prefixes.size(), 2u);
  EXPECT_EQ(t->prefixes[0].ToString(), "13.68.110.36/32");  // a bare address is a /32
  EXPECT_EQ(c.locations(), std::vector<std::string>{"eastus2"});
}

TEST(ServiceTagsTest, RefusesMalformedFiles) {
  struct Case {
    std::string_view text;
    std::string message;
  };
  const std::string p = "service tag file: values[0] 'A': properties.";
  const Case kCases[] = {
      {"", "service tag file: not valid JSON"},
      {"{\"values\": [}", "service tag file: not valid JSON"},
      {"[]", "service tag file: not a JSON object"},
      {"{}", "service tag file: no \"values\" array"},
      {R"({"values": 3})", "service tag file: no \"values\" array"},
      {R"({"changeNumber": -1, "values": []})",
       "service tag file: changeNumber is not a non-negative integer"},
      {R"({"changeNumber": "12a", "values": []})",
       "service tag file: changeNumber is not a non-negative integer"},
      {R"({"cloud": 1, "values": []})", "service tag file: cloud is not a string"},
      {R"({"values": [7]})", "service tag file: values[0] is not an object"},
      {R"({"values": [{"id": "x"}]})", "service tag file: values[0] has no name"},
      {R"({"values": [{"name": ""}]})", "service tag file: values[0] has no name"},
      {R"({"values": [{"name": "A"}]})", "service tag file: values[0] 'A': no properties object"},
      {R"({"values": [{"name": "A", "properties": []}]})",
       "service tag file: values[0] 'A': no properties object"},
      {R"({"values": [{"name": "A", "properties": {}}]})",
       "service tag file: values[0] 'A': no properties.addressPrefixes"},
      {R"({"values": [{"name": "A", "properties": {"addressPrefixes": "10.0.0.0/8"}}]})",
       p + "addressPrefixes is not an array"},
      {R"({"values": [{"name": "A", "properties": {"addressPrefixes": [5]}}]})",
       p + "addressPrefixes[0] is not a string"},
      {R"({"values": [{"name": "A", "properties": {"region": 3, "addressPrefixes": []}}]})",
       p + "region is not a string"},
      {R"({"values": [{"name": "A", "properties": {"regionId": "x", "addressPrefixes": []}}]})",
       p + "regionId is not a non-negative integer"},
      {R"({"values": [{"name": "A", "properties": {"changeNumber": 1.5, "addressPrefixes": []}}]})",
       p + "changeNumber is not a non-negative integer"},
      {R"({"values": [{"name": "A", "properties": {"networkFeatures": "NSG",
                                                   "addressPrefixes": []}}]})",
       p + "networkFeatures is not an array"},
      {R"({"values": [{"name": "A", "properties": {"networkFeatures": [1],
                                                   "addressPrefixes": []}}]})",
       p + "networkFeatures[0] is not a string"},
      {R"({"values": [{"name": "A", "properties": {"addressPrefixes": ["10.0.0.0/8", "x/8"]}}]})",
       p + "addressPrefixes[1]: " + net::Cidr::Parse("x/8").status().message()},
      {R"({"values": [{"name": "A", "properties": {"addressPrefixes": ["10.0.0.1/8"]}}]})",
       p + "addressPrefixes[0]: " + net::Cidr::Parse("10.0.0.1/8").status().message()},
      {R"({"values": [{"name": "A", "properties": {"addressPrefixes": []}},
                      {"name": "a", "properties": {"addressPrefixes": []}}]})",
       "service tag file: two tags named 'a'"},
  };
  for (const Case& k : kCases) {
    SCOPED_TRACE(k.text);
    auto parsed = ServiceTagCatalogue::Parse(k.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().reason(), "InvalidServiceTagFile");
    EXPECT_EQ(parsed.status().message(), k.message);
  }
}

TEST(ServiceTagsTest, LoadNamesTheFile) {
  auto missing = ServiceTagCatalogue::Load("/nonexistent/tags.json");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  std::string path = testing::TempDir() + "/bad_service_tags.json";
  {
    std::ofstream out(path);
    out << "{\"values\": 1}";
  }
  auto bad = ServiceTagCatalogue::Load(path);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find(path), std::string::npos) << bad.status().message();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace vnet::compile
