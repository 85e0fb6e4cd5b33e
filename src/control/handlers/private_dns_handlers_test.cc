// Tests for private DNS zones, record sets and virtual network links (SEMANTICS.md 9.3-9.4): each
// rule as a row (request, expected ARM code) with the store unchanged after every refusal, and
// the computed fields read back exactly.
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
const std::string kVnet2 = Env::Id("Microsoft.Network/virtualNetworks/v2");

Json BodyOf(const Reply& reply) {
  if (reply.text) return Json::parse(*reply.text);
  return reply.body;
}

Json GetBody(Env& env, const std::string& id) {
  Result<Reply> r = env.Get(id);
  return r.ok() ? BodyOf(*r) : Json();
}

// Expects `code` from PUT `id` `body`, and neither the revision nor `watch` to change.
void ExpectRefused(Env& env, const std::string& id, const Json& body, const std::string& code,
                   const std::string& watch = kZone) {
  int64_t before = env.rm().revision();
  Json watched = GetBody(env, watch);
  EXPECT_EQ(env.PutError(id, body), code);
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_EQ(GetBody(env, watch), watched);
}

Json Props(Json props) { return Json{{"properties", std::move(props)}}; }

TEST(PrivateDnsHandlersTest, ZonesAreGlobalWithAnSoaRecord) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply zone, env.Put(kZone, Json{{"location", "westus"}}));
  EXPECT_EQ(zone.http_status, 201);
  EXPECT_EQ(zone.body["location"], "global");
  const Json& props = zone.body["properties"];
  EXPECT_EQ(props["numberOfRecordSets"], 1);
  EXPECT_EQ(props["maxNumberOfRecordSets"], 25000);
  EXPECT_EQ(props["numberOfVirtualNetworkLinks"], 0);
  EXPECT_EQ(props["numberOfVirtualNetworkLinksWithRegistration"], 0);
  EXPECT_EQ(props["maxNumberOfVirtualNetworkLinks"], 1000);
  EXPECT_EQ(props["maxNumberOfVirtualNetworkLinksWithRegistration"], 100);
  EXPECT_EQ(props["provisioningState"], "Succeeded");
  // The SOA record set exactly as the recordings show it.
  Json soa = GetBody(env, kZone + "/SOA/@");
  EXPECT_EQ(soa["name"], "@");
  EXPECT_EQ(soa["type"], "Microsoft.Network/privateDnsZones/SOA");
  EXPECT_EQ(soa["properties"], (Json{{"fqdn", "privatelink.blob.core.windows.net."},
                                     {"ttl", 3600},
                                     {"isAutoRegistered", false},
                                     {"soaRecord",
                                      {{"email", "azureprivatedns-host.microsoft.com"},
                                       {"expireTime", 2419200},
                                       {"host", "azureprivatedns.net"},
                                       {"minimumTtl", 10},
                                       {"refreshTime", 3600},
                                       {"retryTime", 300},
                                       {"serialNumber", 1}}}}));
  // Tags are the only thing a zone update changes; the counters stay computed.
  ASSERT_OK_AND_ASSIGN(Reply tagged,
                       env.Put(kZone, Json{{"location", "Global"},
                                           {"tags", {{"k", "v"}}},
                                           {"properties", {{"numberOfRecordSets", 99}}}}));
  EXPECT_EQ(tagged.body["properties"]["numberOfRecordSets"], 1);
  EXPECT_EQ(tagged.body["tags"]["k"], "v");
  std::string labels34, labels35;
  for (int i = 0; i < 34; ++i) labels34 += (i ? ".a" : "a");
  labels35 = labels34 + ".a";
  EXPECT_OK(env.Put(Env::Id("Microsoft.Network/privateDnsZones/" + labels34),
                    Json{{"location", "global"}}));
  struct Case {
    std::string name, code;
  };
  const Case kCases[] = {{"core.windows.net", "BadRequest"},
                         {"windows.net", "BadRequest"},
                         {"azure.com", "BadRequest"},
                         {"Microsoft.com", "BadRequest"},
                         {"cloudapp.net", "BadRequest"},
                         {"local", "BadRequest"},
                         {labels35, "BadRequest"}};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    ExpectRefused(env, Env::Id("Microsoft.Network/privateDnsZones/" + c.name),
                  Json{{"location", "global"}}, c.code);
  }
  // Sub-zones of reserved names are allowed (privatelink.* zones are the point).
  EXPECT_OK(env.Put(Env::Id("Microsoft.Network/privateDnsZones/privatelink.database.windows.net"),
                    Json{{"location", "global"}}));
}

TEST(PrivateDnsHandlersTest, RecordSets) {
  Env env;
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
  ASSERT_OK_AND_ASSIGN(
      Reply a, env.Put(kZone + "/A/acct",
                       Props({{"ttl", 10}, {"aRecords", {{{"ipv4Address", "10.0.0.4"}}}}})));
  EXPECT_EQ(a.body["properties"], (Json{{"fqdn", "acct.privatelink.blob.core.windows.net."},
                                        {"ttl", 10},
                                        {"aRecords", {{{"ipv4Address", "10.0.0.4"}}}},
                                        {"isAutoRegistered", false}}));
  // An empty set, as az creates it first; metadata is kept.
  ASSERT_OK_AND_ASSIGN(Reply empty, env.Put(kZone + "/A/empty", Props({{"ttl", 3600}})));
  EXPECT_EQ(empty.body["properties"]["aRecords"], Json::array());
  ASSERT_OK_AND_ASSIGN(
      Reply meta, env.Put(kZone + "/TXT/@", Props({{"metadata", {{"k", "v"}}},
                                                   {"txtRecords", {{{"value", {"a", "b"}}}}}})));
  EXPECT_EQ(meta.body["properties"]["fqdn"], "privatelink.blob.core.windows.net.");
  EXPECT_EQ(meta.body["properties"]["metadata"]["k"], "v");
  EXPECT_EQ(meta.body["properties"]["ttl"], 3600);
  ASSERT_OK(env.Put(kZone + "/CNAME/alias", Props({{"cnameRecord", {{"cname", "acct.example"}}}})));
  EXPECT_OK(env.Put(kZone + "/MX/@",
                    Props({{"mxRecords", {{{"preference", 10}, {"exchange", "mail.example"}}}}})));
  EXPECT_OK(env.Put(kZone + "/PTR/4", Props({{"ptrRecords", {{{"ptrdname", "acct.example"}}}}})));
  EXPECT_OK(env.Put(
      kZone + "/SRV/_sip._tcp",
      Props(
          {{"srvRecords", {{{"priority", 1}, {"weight", 1}, {"port", 5060}, {"target", "t"}}}}})));
  EXPECT_OK(env.Put(kZone + "/AAAA/v6", Props({{"aaaaRecords", {{{"ipv6Address", "fd00::1"}}}}})));
  Json many = Json::array();
  for (int i = 1; i <= 21; ++i) many.push_back({{"ipv4Address", "10.0.0." + std::to_string(i)}});
  struct Case {
    std::string what, path;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"bad ipv4", kZone + "/A/x", Props({{"aRecords", {{{"ipv4Address", "fd00::1"}}}}}),
       "BadRequest"},
      {"unparsable ipv4", kZone + "/A/x", Props({{"aRecords", {{{"ipv4Address", "10.0.0"}}}}}),
       "BadRequest"},
      {"bad ipv6", kZone + "/AAAA/x", Props({{"aaaaRecords", {{{"ipv6Address", "10.0.0.1"}}}}}),
       "BadRequest"},
      {"21 records", kZone + "/A/x", Props({{"aRecords", many}}), "BadRequest"},
      {"records not an array", kZone + "/A/x", Props({{"aRecords", "10.0.0.1"}}), "BadRequest"},
      {"cname beside an A", kZone + "/CNAME/acct",
       Props({{"cnameRecord", {{"cname", "x.example"}}}}), "Conflict"},
      {"A beside a cname", kZone + "/A/alias", Props({{"aRecords", Json::array()}}), "Conflict"},
      {"empty cname", kZone + "/CNAME/c2", Props({{"cnameRecord", {{"cname", ""}}}}), "BadRequest"},
      {"new soa", kZone + "/SOA/other", Props(Json::object()), "BadRequest"},
      {"negative ttl", kZone + "/A/y", Props({{"ttl", -1}}), "BadRequest"},
      {"ttl not a number", kZone + "/A/y", Props({{"ttl", "long"}}), "BadRequest"},
      {"srv port", kZone + "/SRV/_sip._udp",
       Props(
           {{"srvRecords", {{{"priority", 1}, {"weight", 1}, {"port", 70000}, {"target", "t"}}}}}),
       "BadRequest"},
      {"srv without target", kZone + "/SRV/_sip._udp",
       Props({{"srvRecords", {{{"priority", 1}, {"weight", 1}, {"port", 1}}}}}), "BadRequest"},
      {"mx preference", kZone + "/MX/m",
       Props({{"mxRecords", {{{"preference", -1}, {"exchange", "mail.example"}}}}}), "BadRequest"},
      {"mx without exchange", kZone + "/MX/m", Props({{"mxRecords", {{{"preference", 1}}}}}),
       "BadRequest"},
      {"ptr without name", kZone + "/PTR/5", Props({{"ptrRecords", {{{"ptrdname", ""}}}}}),
       "BadRequest"},
      {"txt without value", kZone + "/TXT/t", Props({{"txtRecords", {{{"value", Json::array()}}}}}),
       "BadRequest"},
      {"missing zone", Env::Id("Microsoft.Network/privateDnsZones/none.example/A/x"),
       Props(Json::object()), "ParentResourceNotFound"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, c.path, c.body, c.code);
  }
  // The SOA can be updated, not deleted, except with its zone.
  ASSERT_OK_AND_ASSIGN(
      Reply soa, env.Put(kZone + "/SOA/@", Props({{"ttl", 300},
                                                  {"soaRecord",
                                                   {{"host", "azureprivatedns.net"},
                                                    {"email", "azureprivatedns-host.microsoft.com"},
                                                    {"minimumTtl", 300}}}})));
  EXPECT_EQ(soa.body["properties"]["ttl"], 300);
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(kZone + "/SOA/@"), "BadRequest");
  EXPECT_EQ(env.rm().revision(), before);
  ASSERT_OK_AND_ASSIGN(Reply all, env.rm().List(arm::ResourceId::Parse(kZone).value(),
                                                "Microsoft.Network/privateDnsZones/A"));
  EXPECT_EQ(all.body["value"].size(), 2u);
  EXPECT_EQ(GetBody(env, kZone)["properties"]["numberOfRecordSets"], 9);  // with the SOA
  // Deleting the zone takes its record sets, the SOA included.
  ASSERT_OK(env.Delete(kZone));
  EXPECT_EQ(env.Get(kZone + "/A/acct").status().reason(), "ResourceNotFound");
  EXPECT_EQ(env.Get(kZone + "/SOA/@").status().reason(), "ResourceNotFound");
}

Json Link(const std::string& vnet, bool registration) {
  return Json{
      {"location", "global"},
      {"properties", {{"virtualNetwork", {{"id", vnet}}}, {"registrationEnabled", registration}}}};
}

TEST(PrivateDnsHandlersTest, VirtualNetworkLinks) {
  Env env;
  for (const std::string& v : {kVnet, kVnet2}) {
    ASSERT_OK(env.Put(
        v, Json{{"location", "eastus"},
                {"properties", {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}}}}}));
  }
  ASSERT_OK(env.Put(kZone, Json{{"location", "global"}}));
  ASSERT_OK(env.Put(kZone2, Json{{"location", "global"}}));
  ASSERT_OK_AND_ASSIGN(Reply l, env.Put(kZone + "/virtualNetworkLinks/l1", Link(kVnet, true)));
  EXPECT_EQ(l.body["location"], "global");
  EXPECT_EQ(l.body["properties"]["virtualNetworkLinkState"], "Completed");
  EXPECT_EQ(l.body["properties"]["registrationEnabled"], true);
  EXPECT_EQ(l.body["properties"]["provisioningState"], "Succeeded");
  Json zone = GetBody(env, kZone);
  EXPECT_EQ(zone["properties"]["numberOfVirtualNetworkLinks"], 1);
  EXPECT_EQ(zone["properties"]["numberOfVirtualNetworkLinksWithRegistration"], 1);
  Json policy = Link(kVnet2, false);
  policy["properties"]["resolutionPolicy"] = "nxdomainredirect";
  ASSERT_OK_AND_ASSIGN(Reply p, env.Put(kZone + "/virtualNetworkLinks/l2", policy));
  EXPECT_EQ(p.body["properties"]["resolutionPolicy"], "NxDomainRedirect");
  Json bad_policy = Link(kVnet2, false);
  bad_policy["properties"]["resolutionPolicy"] = "Fallback";
  Json not_bool = Link(kVnet2, false);
  not_bool["properties"]["registrationEnabled"] = "yes";
  Json no_vnet{{"location", "global"}, {"properties", Json::object()}};
  struct Case {
    std::string what, path;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"same vnet twice in a zone", kZone + "/virtualNetworkLinks/l3", Link(kVnet, false),
       "BadRequest"},
      {"second registration zone", kZone2 + "/virtualNetworkLinks/l1", Link(kVnet, true),
       "Conflict"},
      {"missing vnet", kZone2 + "/virtualNetworkLinks/l9",
       Link(Env::Id("Microsoft.Network/virtualNetworks/none"), false), "InvalidResourceReference"},
      {"no vnet", kZone2 + "/virtualNetworkLinks/l9", no_vnet, "BadRequest"},
      {"bad resolution policy", kZone2 + "/virtualNetworkLinks/l9", bad_policy, "BadRequest"},
      {"registration not a bool", kZone2 + "/virtualNetworkLinks/l9", not_bool, "BadRequest"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    ExpectRefused(env, c.path, c.body, c.code);
  }
  // The same link re-PUT is an update, not a second link.
  EXPECT_OK(env.Put(kZone + "/virtualNetworkLinks/l1", Link(kVnet, true)));
  EXPECT_OK(env.Put(kZone2 + "/virtualNetworkLinks/l1", Link(kVnet, false)));
  // A zone with links cannot be deleted (ARM's nested resource rule); its links can.
  int64_t before = env.rm().revision();
  Result<Reply> refused = env.Delete(kZone2);
  EXPECT_EQ(refused.status().reason(), "CannotDeleteResource");
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(env.rm().revision(), before);
  ASSERT_OK(env.Delete(kZone2 + "/virtualNetworkLinks/l1"));
  ASSERT_OK(env.Delete(kZone2));
  // Deleting the VNet deletes its links.
  ASSERT_OK(env.Delete(kVnet));
  EXPECT_EQ(env.Get(kZone + "/virtualNetworkLinks/l1").status().reason(), "ResourceNotFound");
  EXPECT_EQ(GetBody(env, kZone)["properties"]["numberOfVirtualNetworkLinks"], 1);
}

}  // namespace
}  // namespace vnet::control
