// Tests for private DNS zones, record sets and virtual network links.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kZone =
    Env::Id("Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net");
const std::string kZone2 = Env::Id("Microsoft.Network/privateDnsZones/corp.contoso.com");
const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");

TEST(PrivateDnsHandlersTest, ZonesAreGlobalWithAnSoaRecord) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply zone, env.Put(kZone, Json{{"location", "westus"}}));
  EXPECT_EQ(zone.body["location"], "global");
  EXPECT_EQ(zone.body["properties"]["numberOfRecordSets"], 1);
  EXPECT_EQ(zone.body["properties"]["maxNumberOfRecordSets"], 25000);
  ASSERT_OK_AND_ASSIGN(Reply soa, env.Get(kZone + "/SOA/@"));
  EXPECT_EQ(soa.body["properties"]["soaRecord"]["host"], "azureprivatedns.net");
  EXPECT_EQ(soa.body["properties"]["fqdn"], "privatelink.blob.core.windows.net.");
  struct Case {
    std::string name, code;
  };
  const Case kCases[] = {{"core.windows.net", "BadRequest"},
                         {"windows.net", "BadRequest"},
                         {"azure.com", "BadRequest"},
                         {"local", "BadRequest"}};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(Env::Id("Microsoft.Network/privateDnsZones/" + c.name),
                           Json{{"location", "global"}}),
              c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
}

TEST(PrivateDnsHandlersTest, RecordSets) {
  Env env;
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
  ASSERT_OK_AND_ASSIGN(
      Reply a,
      env.Put(kZone + "/A/acct",
              Json{{"properties", {{"ttl", 10}, {"aRecords", {{{"ipv4Address", "10.0.0.4"}}}}}}}));
  EXPECT_EQ(a.body["properties"]["fqdn"], "acct.privatelink.blob.core.windows.net.");
  EXPECT_EQ(a.body["properties"]["isAutoRegistered"], false);
  struct Case {
    std::string what, path;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"bad ipv4", kZone + "/A/x",
       Json{{"properties", {{"aRecords", {{{"ipv4Address", "fd00::1"}}}}}}}, "BadRequest"},
      {"bad ipv6", kZone + "/AAAA/x",
       Json{{"properties", {{"aaaaRecords", {{{"ipv6Address", "10.0.0.1"}}}}}}}, "BadRequest"},
      {"cname beside an A", kZone + "/CNAME/acct",
       Json{{"properties", {{"cnameRecord", {{"cname", "x.example"}}}}}}, "Conflict"},
      {"new soa", kZone + "/SOA/other", Json{{"properties", Json::object()}}, "BadRequest"},
      {"negative ttl", kZone + "/A/y", Json{{"properties", {{"ttl", -1}}}}, "BadRequest"},
      {"srv port", kZone + "/SRV/_sip._tcp",
       Json{{"properties",
             {{"srvRecords",
               {{{"priority", 1}, {"weight", 1}, {"port", 70000}, {"target", "t"}}}}}}},
       "BadRequest"},
      {"missing zone", Env::Id("Microsoft.Network/privateDnsZones/none.example/A/x"),
       Json{{"properties", Json::object()}}, "ParentResourceNotFound"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(c.path, c.body), c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
  ASSERT_OK_AND_ASSIGN(Reply all, env.rm().List(arm::ResourceId::Parse(kZone).value(),
                                                "Microsoft.Network/privateDnsZones/A"));
  EXPECT_EQ(all.body["value"].size(), 1u);
}

TEST(PrivateDnsHandlersTest, VirtualNetworkLinks) {
  Env env;
  ASSERT_OK(env.Put(
      kVnet, Json{{"location", "eastus"},
                  {"properties", {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}}}}}));
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
  ASSERT_OK(env.Put(kZone2, Json{{"location", "global"}}));
  auto link = [&](bool registration) {
    return Json{{"location", "global"},
                {"properties",
                 {{"virtualNetwork", {{"id", kVnet}}}, {"registrationEnabled", registration}}}};
  };
  ASSERT_OK_AND_ASSIGN(Reply l, env.Put(kZone + "/virtualNetworkLinks/l1", link(true)));
  EXPECT_EQ(l.body["properties"]["virtualNetworkLinkState"], "Completed");
  EXPECT_EQ(
      env.Get(kZone).value().body["properties"]["numberOfVirtualNetworkLinksWithRegistration"], 1);
  EXPECT_EQ(env.PutError(kZone + "/virtualNetworkLinks/l2", link(false)), "BadRequest");
  EXPECT_EQ(env.PutError(kZone2 + "/virtualNetworkLinks/l1", link(true)), "Conflict");
  EXPECT_OK(env.Put(kZone2 + "/virtualNetworkLinks/l1", link(false)));
  EXPECT_EQ(env.PutError(kZone2 + "/virtualNetworkLinks/l9",
                         Json{{"location", "global"},
                              {"properties",
                               {{"virtualNetwork",
                                 {{"id", Env::Id("Microsoft.Network/virtualNetworks/none")}}}}}}),
            "InvalidResourceReference");
  // Deleting the VNet deletes its links.
  ASSERT_OK(env.Delete(kVnet));
  EXPECT_EQ(env.Get(kZone + "/virtualNetworkLinks/l1").status().reason(), "ResourceNotFound");
  EXPECT_EQ(env.Get(kZone2 + "/virtualNetworkLinks/l1").status().reason(), "ResourceNotFound");
}

}  // namespace
}  // namespace vnet::control
