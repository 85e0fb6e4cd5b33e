// Effective routes as SEMANTICS.md section 2 gives them, case by case: default routes and the
// reserved-prefix rewrites (2.2), peering and gateway routes (2.3, 2.5), user routes and the
// equal-prefix precedence (2.4, 2.6, decision 1), service endpoint routes (5.3, decision 6b),
// private endpoint /32s and route-table policies (2.8).
#include "compile/effective_routes.h"

#include <gtest/gtest.h>

#include "compile/topology_builder.h"

namespace vnet::compile {
namespace {

using Json = nlohmann::json;
const std::string kRg = "/subscriptions/s/resourceGroups/rg/providers/";

class Docs {
 public:
  void Add(const std::string& suffix, Json body) {
    auto doc = std::make_shared<model::Doc>();
    doc->id = arm::ResourceId::Parse(kRg + suffix).value();
    doc->type = model::FindResourceType(doc->id.FullType());
    body["id"] = doc->id.ToString();
    doc->body = std::move(body);
    map[doc->key()] = doc;
  }
  // A VNet with one subnet "s" (its first /24) and extra subnet properties.
  void Vnet(const std::string& name, std::vector<std::string> space, Json subnet_props = {},
            Json peerings = Json::array(), const std::string& location = "eastus") {
    std::string first = space[0];
    std::string prefix = first.substr(0, first.rfind('.')) + ".0/24";
    if (subnet_props.is_null()) subnet_props = Json::object();
    subnet_props["addressPrefix"] = prefix;
    std::string id = kRg + "Microsoft.Network/virtualNetworks/" + name;
    Add("Microsoft.Network/virtualNetworks/" + name,
        Json{{"location", location},
             {"properties",
              {{"addressSpace", {{"addressPrefixes", space}}},
               {"subnets",
                {{{"id", id + "/subnets/s"}, {"name", "s"}, {"properties", subnet_props}}}},
               {"virtualNetworkPeerings", peerings}}}});
  }
  model::DocMap map;
};

std::shared_ptr<const ServiceTagCatalogue> Tags() {
  auto tags = ServiceTagCatalogue::Default();
  EXPECT_TRUE(tags.ok()) << tags.status().message();
  return *tags;
}

// "prefix hop source state" for each route, in order.
std::vector<std::string> Rows(const Docs& docs, const std::string& vnet = "v1") {
  auto tags = Tags();
  Topology t = BuildTopology(docs.map, *tags);
  Index s = t.Find(kRg + "Microsoft.Network/virtualNetworks/" + vnet + "/subnets/s");
  EXPECT_NE(s, kNoIndex);
  std::vector<std::string> rows;
  for (const EffectiveRoute& r : ComputeSubnetRoutes(t, *tags, s).routes) {
    std::string prefix = r.prefixes.size() == 1 ? r.prefixes[0].ToString()
                                                : std::to_string(r.prefixes.size()) + " prefixes";
    rows.push_back(prefix + " " + NextHopTypeName(r.next_hop) + " " + RouteSourceName(r.source) +
                   (r.active ? "" : " Invalid") + (r.shadowed ? " shadowed" : ""));
  }
  return rows;
}

Json Table(Json routes, bool disable_bgp = false) {
  return Json{{"location", "eastus"},
              {"properties", {{"routes", routes}, {"disableBgpRoutePropagation", disable_bgp}}}};
}
Json Route(const std::string& name, const std::string& prefix, const std::string& hop,
           const std::string& ip = "") {
  Json p{{"addressPrefix", prefix}, {"nextHopType", hop}};
  if (!ip.empty()) p["nextHopIpAddress"] = ip;
  return Json{{"name", name}, {"properties", p}};
}
Json RouteTableRef() { return Json{{"id", kRg + "Microsoft.Network/routeTables/rt"}}; }

TEST(EffectiveRoutesTest, DefaultRoutesOfASubnet) {
  Docs d;
  d.Vnet("v1", {"10.0.0.0/16"});
  EXPECT_EQ(Rows(d), (std::vector<std::string>{
                         "10.0.0.0/16 VnetLocal Default", "0.0.0.0/0 Internet Default",
                         "10.0.0.0/8 None Default", "172.16.0.0/12 None Default",
                         "192.168.0.0/16 None Default", "100.64.0.0/10 None Default"}));
}

TEST(EffectiveRoutesTest, ReservedPrefixRewrites) {
  struct Case {
    std::vector<std::string> space;
    std::vector<std::string> expected;
  } cases[] = {
      // Equal to a reserved range: the VNet route takes it, no None entry.
      {{"10.0.0.0/8"},
       {"10.0.0.0/8 VnetLocal Default", "0.0.0.0/0 Internet Default", "172.16.0.0/12 None Default",
        "192.168.0.0/16 None Default", "100.64.0.0/10 None Default"}},
      // Strictly containing one: removed.
      {{"172.0.0.0/11"},
       {"172.0.0.0/11 VnetLocal Default", "0.0.0.0/0 Internet Default", "10.0.0.0/8 None Default",
        "192.168.0.0/16 None Default", "100.64.0.0/10 None Default"}},
      // Inside one (and a second range): both kept.
      {{"192.168.1.0/24", "100.64.0.0/16"},
       {"192.168.1.0/24 VnetLocal Default", "100.64.0.0/16 VnetLocal Default",
        "0.0.0.0/0 Internet Default", "10.0.0.0/8 None Default", "172.16.0.0/12 None Default",
        "192.168.0.0/16 None Default", "100.64.0.0/10 None Default"}},
  };
  for (const Case& c : cases) {
    Docs d;
    d.Vnet("v1", c.space);
    EXPECT_EQ(Rows(d), c.expected) << c.space[0];
  }
}

TEST(EffectiveRoutesTest, UserRoutesWinIdenticalPrefixes) {
  Docs d;
  d.Add("Microsoft.Network/routeTables/rt",
        Table({Route("default-nva", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4"),
               Route("within", "10.0.0.0/16", "VirtualAppliance", "10.0.1.4"),
               Route("drop", "10.5.0.0/16", "None")}));
  d.Vnet("v1", {"10.0.0.0/16"}, Json{{"routeTable", RouteTableRef()}});
  EXPECT_EQ(Rows(d), (std::vector<std::string>{
                         "10.0.0.0/16 VnetLocal Default Invalid",
                         "0.0.0.0/0 Internet Default Invalid", "10.0.0.0/8 None Default",
                         "172.16.0.0/12 None Default", "192.168.0.0/16 None Default",
                         "100.64.0.0/10 None Default", "0.0.0.0/0 VirtualAppliance User",
                         "10.0.0.0/16 VirtualAppliance User", "10.5.0.0/16 None User"}));
}

TEST(EffectiveRoutesTest, PeeringRoutesOnlyWhenConnected) {
  Docs d;
  auto peering = [](const std::string& remote, const std::string& state) {
    return Json{
        {"name", "to-" + remote},
        {"properties",
         {{"remoteVirtualNetwork", {{"id", kRg + "Microsoft.Network/virtualNetworks/" + remote}}},
          {"peeringState", state}}}};
  };
  d.Vnet("v1", {"10.0.0.0/16"}, {},
         Json{peering("v2", "Connected"), peering("v3", "Initiated"), peering("v4", "Connected")});
  d.Vnet("v2", {"10.1.0.0/16", "10.2.0.0/16"});
  d.Vnet("v3", {"10.3.0.0/16"});
  d.Vnet("v4", {"10.4.0.0/16"}, {}, Json::array(), "westeurope");
  std::vector<std::string> rows = Rows(d);
  std::vector<std::string> peer(rows.begin() + 6, rows.end());
  EXPECT_EQ(peer, (std::vector<std::string>{"10.1.0.0/16 VNetPeering Default",
                                            "10.2.0.0/16 VNetPeering Default",
                                            "10.4.0.0/16 VNetGlobalPeering Default"}));
}

void AddGateway(Docs& d) {
  std::string gw_subnet = kRg + "Microsoft.Network/virtualNetworks/v1/subnets/GatewaySubnet";
  d.Add(
      "Microsoft.Network/virtualNetworks/v1",
      Json{
          {"location", "eastus"},
          {"properties",
           {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
            {"subnets",
             {{{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"},
               {"name", "s"},
               {"properties", {{"addressPrefix", "10.0.0.0/24"}, {"routeTable", RouteTableRef()}}}},
              {{"id", gw_subnet},
               {"name", "GatewaySubnet"},
               {"properties", {{"addressPrefix", "10.0.255.0/27"}}}}}}}}});
  d.Add("Microsoft.Network/virtualNetworkGateways/gw",
        Json{{"properties",
              {{"ipConfigurations",
                {{{"name", "c"}, {"properties", {{"subnet", {{"id", gw_subnet}}}}}}}}}}});
  d.Add("Microsoft.Network/localNetworkGateways/site",
        Json{{"properties",
              {{"localNetworkAddressSpace",
                {{"addressPrefixes", {"192.168.10.0/24", "10.0.5.0/24"}}}}}}});
  d.Add("Microsoft.Network/connections/c",
        Json{{"properties",
              {{"virtualNetworkGateway1",
                {{"id", kRg + "Microsoft.Network/virtualNetworkGateways/gw"}}},
               {"localNetworkGateway2",
                {{"id", kRg + "Microsoft.Network/localNetworkGateways/site"}}}}}});
}

TEST(EffectiveRoutesTest, GatewayRoutesAndPropagation) {
  Docs d;
  d.Add("Microsoft.Network/routeTables/rt", Table(Json::array()));
  AddGateway(d);
  std::vector<std::string> rows = Rows(d);
  std::vector<std::string> gw(rows.begin() + 6, rows.end());
  // 10.0.5.0/24 lies inside the VNet's own range: that route wins although less specific.
  EXPECT_EQ(gw, (std::vector<std::string>{
                    "10.0.5.0/24 VirtualNetworkGateway VirtualNetworkGateway shadowed",
                    "192.168.10.0/24 VirtualNetworkGateway VirtualNetworkGateway"}));
  d.Add("Microsoft.Network/routeTables/rt", Table(Json::array(), /*disable_bgp=*/true));
  EXPECT_EQ(Rows(d).size(), 6u);
}

TEST(EffectiveRoutesTest, StorageEndpointCoversTheRegionAndItsPair) {
  auto tags = Tags();
  const ServiceTag* east = tags->Regional("Storage", "eastus");
  const ServiceTag* west = tags->Regional("Storage", "westus");
  ASSERT_TRUE(east && west);
  size_t v4 = 0;
  for (const ServiceTag* t : {east, west})
    for (const net::Cidr& c : t->prefixes) v4 += c.is_v4();
  ServiceEndpoint se{"Microsoft.Storage", {"*"}};
  EXPECT_EQ(ServiceEndpointPrefixes(*tags, se, "eastus", false).size(), v4);
  // Microsoft.Storage.Global, or an endpoint policy, reaches every region.
  ServiceEndpoint global{"Microsoft.Storage.Global", {"*"}};
  size_t all = 0;
  for (const net::Cidr& c : tags->Find("Storage")->prefixes) all += c.is_v4();
  EXPECT_EQ(ServiceEndpointPrefixes(*tags, global, "eastus", false).size(), all);
  EXPECT_EQ(ServiceEndpointPrefixes(*tags, se, "eastus", true).size(), all);
  // Microsoft.Sql with its default location: the VNet's region only.
  ServiceEndpoint sql{"Microsoft.Sql", {"eastus"}};
  size_t sql_east = 0;
  for (const net::Cidr& c : tags->Regional("Sql", "eastus")->prefixes) sql_east += c.is_v4();
  EXPECT_EQ(ServiceEndpointPrefixes(*tags, sql, "eastus", false).size(), sql_east);
}

TEST(EffectiveRoutesTest, EndpointRouteBeatsAnIdenticalUserRoute) {
  auto tags = Tags();
  std::string first;
  for (const net::Cidr& c : tags->Regional("Storage", "eastus")->prefixes) {
    if (c.is_v4()) {
      first = c.ToString();
      break;
    }
  }
  Docs d;
  d.Add("Microsoft.Network/routeTables/rt",
        Table({Route("same", first, "VirtualAppliance", "10.0.0.9")}));
  d.Vnet(
      "v1", {"10.0.0.0/16"},
      Json{{"routeTable", RouteTableRef()},
           {"serviceEndpoints", {{{"service", "Microsoft.Storage"}, {"locations", {"eastus"}}}}}});
  std::vector<std::string> rows = Rows(d);
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_NE(rows[6].find("VirtualNetworkServiceEndpoint Default"), std::string::npos);
  EXPECT_EQ(rows[6].find("Invalid"), std::string::npos);
  EXPECT_EQ(rows[7], first + " VirtualAppliance User Invalid");
}

TEST(EffectiveRoutesTest, PrivateEndpointRoutesAndRouteTablePolicies) {
  for (const char* policy : {"Disabled", "RouteTableEnabled"}) {
    Docs d;
    d.Add("Microsoft.Network/routeTables/rt",
          Table({Route("vnet", "10.0.0.0/16", "VirtualAppliance", "10.0.0.9"),
                 Route("all", "0.0.0.0/0", "VirtualAppliance", "10.0.0.9")}));
    d.Vnet("v1", {"10.0.0.0/16"},
           Json{{"routeTable", RouteTableRef()}, {"privateEndpointNetworkPolicies", policy}});
    d.Add("Microsoft.Network/networkInterfaces/pe.nic",
          Json{{"properties",
                {{"ipConfigurations",
                  {{{"name", "c"},
                    {"properties",
                     {{"privateIPAddress", "10.0.0.5"},
                      {"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"}}},
                      {"privateLinkConnectionProperties", {{"groupId", "blob"}}}}}}}}}}});
    d.Add("Microsoft.Network/privateEndpoints/pe",
          Json{{"properties",
                {{"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"}}},
                 {"networkInterfaces",
                  {{{"id", kRg + "Microsoft.Network/networkInterfaces/pe.nic"}}}}}}});
    std::vector<std::string> rows = Rows(d);
    ASSERT_EQ(rows.size(), 9u);
    // With route-table policies the /16 user route (as long as the VNet's range) captures the
    // endpoint's address; 0/0 never would.
    EXPECT_EQ(rows[6], std::string("10.0.0.5/32 InterfaceEndpoint Default") +
                           (std::string(policy) == "Disabled" ? "" : " Invalid"))
        << policy;
  }
}

}  // namespace
}  // namespace vnet::compile
