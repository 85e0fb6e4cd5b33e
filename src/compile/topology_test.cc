// The topology builder's reading of service firewalls across services (SEMANTICS.md 6.2-6.5),
// private endpoints and their connections, and its tolerance of dangling references.
#include <gtest/gtest.h>

#include <set>

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

Topology Build(const model::DocMap& docs) {
  return BuildTopology(docs, *ServiceTagCatalogue::Default().value());
}

TEST(TopologyTest, NormalizesServiceFirewalls) {
  model::DocMap docs;
  const std::string subnet = kRg + "Microsoft.Network/virtualNetworks/v/subnets/s";
  Add(docs, "Microsoft.Storage/storageAccounts/st",
      Json{{"location", "eastus"},
           {"properties",
            {{"networkAcls",
              {{"defaultAction", "Deny"},
               {"bypass", "Logging, AzureServices"},
               {"ipRules", {{{"value", "20.1.2.0/24"}}, {{"value", "20.9.9.9"}}}},
               {"virtualNetworkRules", {{{"id", subnet}}}}}}}}});
  Add(docs, "Microsoft.Sql/servers/sql",
      Json{{"location", "eastus"}, {"properties", {{"publicNetworkAccess", "Disabled"}}}});
  Add(docs, "Microsoft.Sql/servers/sql/firewallRules/AllowAllWindowsAzureIps",
      Json{{"properties", {{"startIpAddress", "0.0.0.0"}, {"endIpAddress", "0.0.0.0"}}}});
  Add(docs, "Microsoft.Sql/servers/sql/virtualNetworkRules/r",
      Json{{"properties", {{"virtualNetworkSubnetId", subnet}}}});
  Add(docs, "Microsoft.DocumentDB/databaseAccounts/cosmos",
      Json{{"location", "westus"},
           {"properties",
            {{"isVirtualNetworkFilterEnabled", true},
             {"ipRules", {{{"ipAddressOrRange", "0.0.0.0"}}}}}}});
  Add(docs, "Microsoft.EventHub/namespaces/eh",
      Json{{"location", "eastus"}, {"properties", Json::object()}});
  Add(docs, "Microsoft.EventHub/namespaces/eh/networkRuleSets/default",
      Json{{"properties",
            {{"defaultAction", "Deny"},
             {"ipRules", {{{"ipMask", "20.3.0.0/16"}}}},
             {"trustedServiceAccessEnabled", true}}}});
  Topology t = Build(docs);
  ASSERT_EQ(t.services.size(), 4u);
  const ServiceResource& st = t.services[t.Find(kRg + "Microsoft.Storage/storageAccounts/st")];
  EXPECT_FALSE(st.firewall.default_allow);
  EXPECT_TRUE(st.firewall.bypass_azure_services);
  ASSERT_EQ(st.firewall.ip_rules.size(), 2u);
  EXPECT_EQ(st.firewall.ip_rules[1].first, st.firewall.ip_rules[1].last);
  EXPECT_EQ(st.firewall.vnet_rules[0].subnet, kNoIndex);  // the subnet does not exist
  EXPECT_TRUE(st.has_public_ip);
  const ServiceResource& sql = t.services[t.Find(kRg + "Microsoft.Sql/servers/sql")];
  EXPECT_EQ(sql.firewall.public_access, Firewall::PublicAccess::kDisabled);
  EXPECT_FALSE(sql.firewall.default_allow);  // a new server admits nothing (6.3)
  ASSERT_EQ(sql.firewall.ip_rules.size(), 1u);
  EXPECT_TRUE(sql.firewall.ip_rules[0].azure_services);
  EXPECT_EQ(sql.firewall.vnet_rules[0].name, "r");
  const ServiceResource& cosmos =
      t.services[t.Find(kRg + "Microsoft.DocumentDB/databaseAccounts/cosmos")];
  EXPECT_FALSE(cosmos.firewall.default_allow);
  EXPECT_TRUE(cosmos.firewall.ip_rules[0].azure_services);
  const ServiceResource& eh = t.services[t.Find(kRg + "Microsoft.EventHub/namespaces/eh")];
  EXPECT_FALSE(eh.firewall.default_allow);
  EXPECT_TRUE(eh.firewall.bypass_azure_services);
  EXPECT_EQ(eh.firewall.ip_rules[0].text, "20.3.0.0/16");
}

TEST(TopologyTest, ReadsPrivateEndpointsAndTheirConnections) {
  model::DocMap docs;
  const std::string subnet = kRg + "Microsoft.Network/virtualNetworks/v/subnets/s";
  Add(docs, "Microsoft.Network/virtualNetworks/v",
      Json{{"location", "eastus"},
           {"properties",
            {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
             {"subnets",
              {{{"id", subnet},
                {"name", "s"},
                {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}});
  Add(docs, "Microsoft.Storage/storageAccounts/st", Json{{"location", "eastus"}});
  Add(docs, "Microsoft.Network/networkInterfaces/pe.nic",
      Json{{"properties",
            {{"privateEndpoint", {{"id", kRg + "Microsoft.Network/privateEndpoints/pe"}}},
             {"ipConfigurations",
              {{{"name", "c"},
                {"properties",
                 {{"privateIPAddress", "10.0.0.4"},
                  {"subnet", {{"id", subnet}}},
                  {"privateLinkConnectionProperties",
                   {{"groupId", "blob"}, {"requiredMemberName", "blob"}}}}}}}}}}});
  Add(docs, "Microsoft.Network/privateEndpoints/pe",
      Json{{"properties",
            {{"subnet", {{"id", subnet}}},
             {"networkInterfaces", {{{"id", kRg + "Microsoft.Network/networkInterfaces/pe.nic"}}}},
             {"manualPrivateLinkServiceConnections",
              {{{"name", "c"},
                {"properties",
                 {{"privateLinkServiceId", kRg + "Microsoft.Storage/storageAccounts/ST"},
                  {"groupIds", {"Blob"}},
                  {"privateLinkServiceConnectionState", {{"status", "Rejected"}}}}}}}}}}});
  Topology t = Build(docs);
  ASSERT_EQ(t.private_endpoints.size(), 1u);
  const PrivateEndpoint& pe = t.private_endpoints[0];
  ASSERT_EQ(pe.addresses.size(), 1u);
  EXPECT_EQ(pe.addresses[0].ip.ToString(), "10.0.0.4");
  EXPECT_EQ(pe.addresses[0].group_id, "blob");
  ASSERT_EQ(pe.connections.size(), 1u);
  EXPECT_TRUE(pe.connections[0].manual);
  EXPECT_EQ(pe.connections[0].state, ConnectionState::kRejected);
  EXPECT_EQ(pe.connections[0].target, t.Find(kRg + "Microsoft.Storage/storageAccounts/st"));
  EXPECT_EQ(pe.connections[0].group_ids, std::vector<std::string>{"blob"});
  EXPECT_EQ(t.nics[pe.nic].private_endpoint, 0u);
}

TEST(TopologyTest, EveryServiceGetsItsOwnFrontEnd) {
  model::DocMap docs;
  for (int i = 0; i < 1000; ++i)
    Add(docs, "Microsoft.Storage/storageAccounts/acct" + std::to_string(i),
        Json{{"location", "eastus"}});
  Topology t = Build(docs);
  std::set<net::IpAddress> seen;
  for (const ServiceResource& s : t.services) {
    ASSERT_TRUE(s.has_public_ip);
    seen.insert(s.public_ip);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(t.ServiceByIp(t.services[5].public_ip), 5u);
}

}  // namespace
}  // namespace vnet::compile
