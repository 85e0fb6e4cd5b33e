// Effective security: default rules (SEMANTICS.md 3.2), tag expansion (4.1: VirtualNetwork,
// Internet, AzureLoadBalancer, catalogue tags, case-insensitive), ASG members, and which NSGs
// apply to a NIC, private endpoint network policies included (3.6).
#include "compile/effective_rules.h"

#include <gtest/gtest.h>

#include "compile/compiler.h"
#include "compile/topology_builder.h"

namespace vnet::compile {
namespace {

using Json = nlohmann::json;
const std::string kRg = "/subscriptions/s/resourceGroups/rg/providers/";

void Add(model::DocMap& docs, const std::string& suffix, Json body) {
  auto doc = std::make_shared<model::Doc>();
  doc->id = arm::ResourceId::Parse(kRg + suffix).value();
  doc->type = model::FindResourceType(doc->id.FullType());
  body["id"] = doc->id.ToString();
  doc->body = std::move(body);
  docs[doc->key()] = doc;
}

std::shared_ptr<const ServiceTagCatalogue> Tags() { return ServiceTagCatalogue::Default().value(); }

net::Cidr C(const char* text) { return net::Cidr::Parse(text).value(); }

TEST(EffectiveRulesTest, DefaultRulesAsAzureNamesThem) {
  std::vector<SecurityRule> rules = DefaultSecurityRules();
  ASSERT_EQ(rules.size(), 6u);
  struct Row {
    const char* name;
    int priority;
    Direction dir;
    Access access;
    const char* src;
    const char* dst;
  } rows[] = {
      {"AllowVnetInBound", 65000, Direction::kInbound, Access::kAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowAzureLoadBalancerInBound", 65001, Direction::kInbound, Access::kAllow,
       "AzureLoadBalancer", "*"},
      {"DenyAllInBound", 65500, Direction::kInbound, Access::kDeny, "*", "*"},
      {"AllowVnetOutBound", 65000, Direction::kOutbound, Access::kAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowInternetOutBound", 65001, Direction::kOutbound, Access::kAllow, "*", "Internet"},
      {"DenyAllOutBound", 65500, Direction::kOutbound, Access::kDeny, "*", "*"},
  };
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(rules[i].name, rows[i].name);
    EXPECT_EQ(rules[i].priority, rows[i].priority);
    EXPECT_EQ(rules[i].direction, rows[i].dir);
    EXPECT_EQ(rules[i].access, rows[i].access);
    EXPECT_EQ(rules[i].sources[0].text, rows[i].src);
    EXPECT_EQ(rules[i].destinations[0].text, rows[i].dst);
    EXPECT_EQ(rules[i].protocols, 0x1F);
  }
}

TEST(EffectiveRulesTest, InternetIsPublicIpv4) {
  const auto& internet = InternetPrefixes();
  auto in = [&](const char* ip) {
    net::IpAddress a = net::IpAddress::Parse(ip).value();
    for (const net::Cidr& c : internet) {
      if (c.Contains(a)) return true;
    }
    return false;
  };
  for (const char* ip : {"1.1.1.1", "8.8.8.8", "20.1.2.3", "172.32.0.1", "223.255.255.255"})
    EXPECT_TRUE(in(ip)) << ip;
  for (const char* ip : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
                         "127.0.0.1", "169.254.169.254", "224.0.0.1", "0.1.2.3"})
    EXPECT_FALSE(in(ip)) << ip;
}

TEST(EffectiveRulesTest, ExpandsTagsAsSeenFromTheVnet) {
  model::DocMap docs;
  auto peering =
      Json{{"name", "p"},
           {"properties",
            {{"remoteVirtualNetwork", {{"id", kRg + "Microsoft.Network/virtualNetworks/v2"}}},
             {"peeringState", "Connected"}}}};
  Add(docs, "Microsoft.Network/routeTables/rt",
      Json{{"properties",
            {{"routes",
              {{{"name", "r"},
                {"properties",
                 {{"addressPrefix", "192.168.7.0/24"},
                  {"nextHopType", "VirtualAppliance"},
                  {"nextHopIpAddress", "10.0.0.9"}}}}}}}}});
  Add(docs, "Microsoft.Network/virtualNetworks/v1",
      Json{{"location", "eastus"},
           {"properties",
            {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
             {"subnets",
              {{{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"},
                {"name", "s"},
                {"properties",
                 {{"addressPrefix", "10.0.0.0/24"},
                  {"routeTable", {{"id", kRg + "Microsoft.Network/routeTables/rt"}}}}}}}},
             {"virtualNetworkPeerings", {peering}}}}});
  Add(docs, "Microsoft.Network/virtualNetworks/v2",
      Json{{"location", "eastus"},
           {"properties", {{"addressSpace", {{"addressPrefixes", {"10.1.0.0/16"}}}}}}});
  auto tags = Tags();
  Topology t = BuildTopology(docs, *tags);
  Index v1 = t.Find(kRg + "Microsoft.Network/virtualNetworks/v1");
  Index v2 = t.Find(kRg + "Microsoft.Network/virtualNetworks/v2");
  // VirtualNetwork: own space, the connected peer's, the host VIP, and user route prefixes.
  EXPECT_EQ(VirtualNetworkPrefixes(t, v1),
            (std::vector<net::Cidr>{C("10.0.0.0/16"), C("10.1.0.0/16"), C("168.63.129.16/32"),
                                    C("192.168.7.0/24")}));
  // v2 has no peering back (so not connected from its side): only its own space and the VIP.
  EXPECT_EQ(VirtualNetworkPrefixes(t, v2),
            (std::vector<net::Cidr>{C("10.1.0.0/16"), C("168.63.129.16/32")}));
  SharedVector<std::vector<net::Cidr>> vnet_tags, asgs;
  vnet_tags.push_back(VirtualNetworkPrefixes(t, 0));
  vnet_tags.push_back(VirtualNetworkPrefixes(t, 1));
  TagExpander expander(*tags, vnet_tags, asgs);
  EXPECT_EQ(expander.Expand("virtualnetwork", v1), VirtualNetworkPrefixes(t, v1));
  EXPECT_EQ(expander.Expand("AzureLoadBalancer", v1),
            (std::vector<net::Cidr>{C("168.63.129.16/32")}));
  EXPECT_EQ(expander.Expand("storage.eastus", v1), tags->Find("Storage.EastUS")->prefixes);
  EXPECT_TRUE(expander.Expand("NoSuchTag", v1).empty());
}

TEST(EffectiveRulesTest, PrivateEndpointNicsGetTheSubnetNsgOnlyWithNsgPolicies) {
  for (const char* policy :
       {"Disabled", "RouteTableEnabled", "NetworkSecurityGroupEnabled", "Enabled"}) {
    model::DocMap docs;
    Add(docs, "Microsoft.Network/networkSecurityGroups/nsg", Json{{"properties", Json::object()}});
    Add(docs, "Microsoft.Network/virtualNetworks/v1",
        Json{{"location", "eastus"},
             {"properties",
              {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
               {"subnets",
                {{{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"},
                  {"name", "s"},
                  {"properties",
                   {{"addressPrefix", "10.0.0.0/24"},
                    {"privateEndpointNetworkPolicies", policy},
                    {"networkSecurityGroup",
                     {{"id", kRg + "Microsoft.Network/networkSecurityGroups/nsg"}}}}}}}}}}});
    for (const char* name : {"vm.nic", "pe.nic"}) {
      Json props{
          {"ipConfigurations",
           {{{"name", "c"},
             {"properties",
              {{"privateIPAddress", std::string(name) == "vm.nic" ? "10.0.0.4" : "10.0.0.5"},
               {"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"}}}}}}}}};
      if (std::string(name) == "pe.nic")
        props["privateEndpoint"] = {{"id", kRg + "Microsoft.Network/privateEndpoints/pe"}};
      Add(docs, std::string("Microsoft.Network/networkInterfaces/") + name,
          Json{{"properties", props}});
    }
    Add(docs, "Microsoft.Network/privateEndpoints/pe",
        Json{{"properties",
              {{"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/v1/subnets/s"}}}}}});
    auto net = Compiler::CompileDocs(docs, Tags());
    const Topology& t = net->t();
    const NicSecurity& vm =
        net->security[t.Find(kRg + "Microsoft.Network/networkInterfaces/vm.nic")];
    const NicSecurity& pe =
        net->security[t.Find(kRg + "Microsoft.Network/networkInterfaces/pe.nic")];
    EXPECT_NE(vm.subnet_nsg, nullptr) << policy;  // other NICs are always filtered
    bool nsg_policy =
        std::string(policy) == "NetworkSecurityGroupEnabled" || std::string(policy) == "Enabled";
    EXPECT_EQ(pe.subnet_nsg != nullptr, nsg_policy) << policy;
    EXPECT_TRUE(pe.private_endpoint);
    // One expansion serves both NICs.
    if (nsg_policy) {
      EXPECT_EQ(pe.subnet_nsg, vm.subnet_nsg);
    }
  }
}

}  // namespace
}  // namespace vnet::compile
