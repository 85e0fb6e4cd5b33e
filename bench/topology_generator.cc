// Builds the limit topology's documents directly (not through the control plane, which would
// take minutes at this size): the shapes are those the control plane stores.
#include "topology_generator.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

namespace vnet::bench {

namespace {

using Json = nlohmann::json;
const std::string kRg = "/subscriptions/sub1/resourceGroups/rg1/providers/";

void Add(model::DocMap& docs, const std::string& suffix, Json body) {
  auto doc = std::make_shared<model::Doc>();
  doc->id = arm::ResourceId::Parse(kRg + suffix).value();
  doc->type = model::FindResourceType(doc->id.FullType());
  body["id"] = doc->id.ToString();
  doc->body = std::move(body);
  docs[doc->key()] = std::move(doc);
}

// VNet v's /18 inside 10.0.0.0/8: 10.(v/4).((v%4)*64).0/18.
std::string Octets(int v, int third) {
  return "10." + std::to_string(v / 4) + "." + std::to_string((v % 4) * 64 + third);
}

Json NsgRules(std::mt19937_64& rng, int count) {
  static const char* const kTags[] = {"Storage",       "Storage.EastUS", "AzureCloud.eastus",
                                      "Sql",           "VirtualNetwork", "Internet",
                                      "AzureKeyVault", "EventHub"};
  static const char* const kPorts[] = {"443", "80", "22", "1433", "8000-9000", "*"};
  Json rules = Json::array();
  for (int r = 0; r < count; ++r) {
    bool tag = rng() % 3 == 0;
    std::string prefix =
        "10." + std::to_string(rng() % 250) + "." + std::to_string(rng() % 250) + ".0/24";
    Json p{{"priority", 100 + r * 3},
           {"direction", rng() % 2 ? "Inbound" : "Outbound"},
           {"access", rng() % 3 ? "Allow" : "Deny"},
           {"protocol", rng() % 2 ? "Tcp" : "*"},
           {"sourcePortRange", "*"},
           {"destinationPortRange", kPorts[rng() % 6]}};
    if (tag) {
      p["destinationAddressPrefix"] = kTags[rng() % 8];
      p["sourceAddressPrefix"] = "*";
    } else {
      p["destinationAddressPrefixes"] = {prefix, "20." + std::to_string(rng() % 250) + ".0.0/16"};
      p["sourceAddressPrefix"] = rng() % 2 ? "VirtualNetwork" : "*";
    }
    rules.push_back(Json{{"name", "rule" + std::to_string(r)}, {"properties", p}});
  }
  return rules;
}

}  // namespace

LimitTopologyCounts Scaled(double scale) {
  LimitTopologyCounts c;
  auto s = [&](int n, int min) { return std::max(min, static_cast<int>(n * scale)); };
  c.vnets = s(c.vnets, 5);
  c.nics = s(c.nics, 40);
  c.private_endpoints = s(c.private_endpoints, 5);
  c.storage_accounts = s(c.storage_accounts, 5);
  return c;
}

std::string SubnetIdOf(int v, int s) {
  return kRg + "Microsoft.Network/virtualNetworks/vnet" + std::to_string(v) + "/subnets/s" +
         std::to_string(s);
}

model::DocMap LimitTopology(const LimitTopologyCounts& c, uint64_t seed) {
  std::mt19937_64 rng(seed);
  model::DocMap docs;
  const char* const regions[] = {"eastus", "westus", "centralus"};
  for (int a = 0; a < c.storage_accounts; ++a) {
    Json acls{{"defaultAction", a % 2 ? "Deny" : "Allow"},
              {"virtualNetworkRules", {{{"id", SubnetIdOf(a % c.vnets, 0)}}}},
              {"ipRules", {{{"value", "20." + std::to_string(a % 250) + ".1.0/24"}}}}};
    Add(docs, "Microsoft.Storage/storageAccounts/acct" + std::to_string(a),
        Json{{"location", regions[a % 3]}, {"properties", {{"networkAcls", acls}}}});
  }
  int nics_per_subnet = std::max(1, c.nics / (c.vnets * c.subnets_per_vnet));
  int nic = 0;
  for (int v = 0; v < c.vnets; ++v) {
    std::string vnet = "Microsoft.Network/virtualNetworks/vnet" + std::to_string(v);
    bool big = v < 4;
    std::string nsg = "Microsoft.Network/networkSecurityGroups/nsg" + std::to_string(v);
    Add(docs, nsg,
        Json{{"location", "eastus"},
             {"properties",
              {{"securityRules", NsgRules(rng, big ? c.big_nsg_rules : c.small_nsg_rules)}}}});
    std::string rt = "Microsoft.Network/routeTables/rt" + std::to_string(v);
    Json routes = Json::array();
    int route_count = big ? c.big_route_table_routes : c.small_route_table_routes;
    for (int r = 0; r < route_count; ++r) {
      std::string prefix = r == 0 ? "0.0.0.0/0"
                                  : "172." + std::to_string(16 + r % 16) + "." +
                                        std::to_string(r / 16 % 256) + ".0/24";
      routes.push_back(Json{{"name", "r" + std::to_string(r)},
                            {"properties",
                             {{"addressPrefix", prefix},
                              {"nextHopType", r % 5 ? "VirtualAppliance" : "None"},
                              {"nextHopIpAddress", Octets(v, 3) + ".4"}}}});
    }
    if (route_count > 0) routes[0]["properties"]["nextHopType"] = "Internet";
    Add(docs, rt, Json{{"location", "eastus"}, {"properties", {{"routes", routes}}}});
    Json subnets = Json::array();
    for (int s = 0; s < c.subnets_per_vnet; ++s) {
      Json p{{"addressPrefix", Octets(v, s) + ".0/24"},
             {"networkSecurityGroup", {{"id", kRg + nsg}}},
             {"routeTable", {{"id", kRg + rt}}}};
      if (s % 2 == 0)
        p["serviceEndpoints"] = {{{"service", "Microsoft.Storage"}, {"locations", {"*"}}}};
      subnets.push_back(
          Json{{"id", SubnetIdOf(v, s)}, {"name", "s" + std::to_string(s)}, {"properties", p}});
    }
    if (v == 0) {  // the private endpoints' subnet: 10.0.32.0/22
      subnets.push_back(Json{{"id", kRg + vnet + "/subnets/pe"},
                             {"name", "pe"},
                             {"properties", {{"addressPrefix", "10.0.32.0/22"}}}});
    }
    Json peerings = Json::array();
    for (int other : {v - 1, v + 1}) {
      if (other < 0 || other >= c.vnets) continue;
      peerings.push_back(
          Json{{"name", "p" + std::to_string(other)},
               {"properties",
                {{"remoteVirtualNetwork",
                  {{"id", kRg + "Microsoft.Network/virtualNetworks/vnet" + std::to_string(other)}}},
                 {"peeringState", "Connected"}}}});
    }
    Add(docs, vnet,
        Json{{"location", "eastus"},
             {"properties",
              {{"addressSpace", {{"addressPrefixes", {Octets(v, 0) + ".0/18"}}}},
               {"subnets", subnets},
               {"virtualNetworkPeerings", peerings}}}});
    for (int s = 0; s < c.subnets_per_vnet; ++s) {
      for (int k = 0; k < nics_per_subnet && nic < c.nics; ++k, ++nic) {
        Json cp{{"privateIPAddress", Octets(v, s) + "." + std::to_string(4 + k)},
                {"subnet", {{"id", SubnetIdOf(v, s)}}},
                {"primary", true}};
        Add(docs, "Microsoft.Network/networkInterfaces/nic" + std::to_string(nic),
            Json{{"location", "eastus"},
                 {"properties",
                  {{"enableIPForwarding", k == 0 && s == 3},
                   {"ipConfigurations", {{{"name", "ipconfig1"}, {"properties", cp}}}}}}});
      }
    }
  }
  for (int p = 0; p < c.private_endpoints; ++p) {
    std::string ip =
        "10.0." + std::to_string(32 + (p + 4) / 256) + "." + std::to_string((p + 4) % 256);
    std::string pe = "Microsoft.Network/privateEndpoints/pe" + std::to_string(p);
    std::string pe_nic = "Microsoft.Network/networkInterfaces/pe" + std::to_string(p) + ".nic";
    std::string subnet = kRg + "Microsoft.Network/virtualNetworks/vnet0/subnets/pe";
    Add(docs, pe_nic,
        Json{{"location", "eastus"},
             {"properties",
              {{"privateEndpoint", {{"id", kRg + pe}}},
               {"ipConfigurations",
                {{{"name", "c"},
                  {"properties",
                   {{"privateIPAddress", ip},
                    {"subnet", {{"id", subnet}}},
                    {"privateLinkConnectionProperties", {{"groupId", "blob"}}}}}}}}}}});
    std::string target =
        kRg + "Microsoft.Storage/storageAccounts/acct" + std::to_string(p % c.storage_accounts);
    Add(docs, pe,
        Json{{"location", "eastus"},
             {"properties",
              {{"subnet", {{"id", subnet}}},
               {"networkInterfaces", {{{"id", kRg + pe_nic}}}},
               {"privateLinkServiceConnections",
                {{{"name", "c"},
                  {"properties",
                   {{"privateLinkServiceId", target},
                    {"groupIds", {"blob"}},
                    {"privateLinkServiceConnectionState",
                     {{"status", p % 7 ? "Approved" : "Pending"}}}}}}}}}}});
  }
  return docs;
}

}  // namespace vnet::bench
