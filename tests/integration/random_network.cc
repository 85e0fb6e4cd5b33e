// Random networks as ARM documents, and random flows over them.
#include "random_network.h"

#include <nlohmann/json.hpp>

namespace vnet::testing {

namespace {

using Json = nlohmann::json;
const std::string kRg = "/subscriptions/sub1/resourceGroups/rg1";

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng(seed) {}
  std::mt19937_64 rng;

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng); }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }
  std::string PublicIp() {
    return std::to_string(Int(20, 60)) + "." + std::to_string(Int(0, 255)) + "." +
           std::to_string(Int(0, 255)) + "." + std::to_string(Int(1, 254));
  }
};

std::string Id(const std::string& type, const std::string& name) {
  return kRg + "/providers/" + type + "/" + name;
}

void Add(model::DocMap& docs, const std::string& id, Json body) {
  auto doc = std::make_shared<model::Doc>();
  doc->id = arm::ResourceId::Parse(id).value();
  doc->type = model::FindResourceType(doc->id.FullType());
  body["id"] = id;
  body["name"] = doc->id.name();
  doc->body = std::move(body);
  docs[doc->key()] = doc;
}

Json Rule(Gen& g, int priority, const std::vector<std::string>& prefixes,
          const std::vector<std::string>& asgs) {
  static const std::vector<std::string> kTags = {"VirtualNetwork",    "Internet",      "Storage",
                                                 "Storage.EastUS",    "AzureCloud",    "Sql",
                                                 "AzureLoadBalancer", "AzureKeyVault", "NoSuchTag"};
  static const std::vector<std::string> kProtocols = {"Tcp", "Udp", "Icmp", "*", "*"};
  static const std::vector<std::string> kPorts = {"*", "*", "443", "80-8080", "22", "1433", "53"};
  Json p{{"priority", priority},
         {"direction", g.Chance(0.5) ? "Inbound" : "Outbound"},
         {"access", g.Chance(0.5) ? "Allow" : "Deny"},
         {"protocol", g.Pick(kProtocols)},
         {"sourcePortRange", g.Chance(0.8) ? "*" : g.Pick(kPorts)},
         {"destinationPortRange", g.Pick(kPorts)}};
  for (const char* side : {"source", "destination"}) {
    int kind = g.Int(0, 9);
    std::string one = std::string(side) + "AddressPrefix";
    if (kind <= 2) {
      p[one] = "*";
    } else if (kind <= 5) {
      p[one] = g.Pick(kTags);
    } else if (kind <= 7 && !prefixes.empty()) {
      p[std::string(side) + "AddressPrefixes"] = {g.Pick(prefixes), g.Pick(prefixes)};
    } else if (!asgs.empty()) {
      p[std::string(side) + "ApplicationSecurityGroups"] = {{{"id", g.Pick(asgs)}}};
    } else {
      p[one] = g.PublicIp() + "/32";
    }
  }
  return Json{{"name", "r" + std::to_string(priority)}, {"properties", p}};
}

}  // namespace

model::DocMap RandomNetwork(uint64_t seed, const RandomNetworkOptions& o) {
  Gen g(seed);
  model::DocMap docs;
  const std::vector<std::string> regions = {"eastus", "eastus", "westus", "centralus"};
  std::vector<std::string> vnet_ids, subnet_ids, nic_ids, nsg_ids, asg_ids, rt_ids, service_ids,
      policy_ids, prefixes, nic_ips;
  std::vector<std::vector<std::string>> vnet_subnets;
  // ASGs and NSG/route table ids first (subnets reference them).
  for (int i = 0; i < 3; ++i) {
    asg_ids.push_back(Id("Microsoft.Network/applicationSecurityGroups", "asg" + std::to_string(i)));
    Add(docs, asg_ids.back(), Json{{"location", "eastus"}, {"properties", Json::object()}});
  }
  int nsgs = 4, tables = 3;
  for (int i = 0; i < nsgs; ++i)
    nsg_ids.push_back(Id("Microsoft.Network/networkSecurityGroups", "nsg" + std::to_string(i)));
  for (int i = 0; i < tables; ++i)
    rt_ids.push_back(Id("Microsoft.Network/routeTables", "rt" + std::to_string(i)));
  // Service endpoint policies.
  // VNets: second octet from a small range, so that spaces overlap between VNets.
  std::vector<std::string> vnet_regions;
  for (int v = 0; v < o.vnets; ++v) {
    std::string id = Id("Microsoft.Network/virtualNetworks", "vnet" + std::to_string(v));
    int b = g.Int(0, o.vnets - 1);
    std::string space = "10." + std::to_string(b) + ".0.0/16";
    prefixes.push_back(space);
    vnet_ids.push_back(id);
    vnet_regions.push_back(g.Pick(regions));
    Json subnets = Json::array();
    std::vector<std::string> subs;
    int n = g.Int(1, 3);
    for (int s = 0; s < n; ++s) {
      std::string sid = id + "/subnets/s" + std::to_string(s);
      std::string prefix = "10." + std::to_string(b) + "." + std::to_string(s) + ".0/24";
      Json p{{"addressPrefix", prefix}};
      if (g.Chance(0.5)) p["networkSecurityGroup"] = {{"id", g.Pick(nsg_ids)}};
      if (g.Chance(0.4)) p["routeTable"] = {{"id", g.Pick(rt_ids)}};
      Json ses = Json::array();
      if (g.Chance(0.5)) ses.push_back({{"service", "Microsoft.Storage"}, {"locations", {"*"}}});
      if (g.Chance(0.3))
        ses.push_back({{"service", "Microsoft.Sql"}, {"locations", {vnet_regions.back()}}});
      if (g.Chance(0.2)) ses.push_back({{"service", "Microsoft.KeyVault"}, {"locations", {"*"}}});
      p["serviceEndpoints"] = ses;
      if (g.Chance(0.2)) {
        p["serviceEndpointPolicies"] = {{{"id", Id("Microsoft.Network/serviceEndpointPolicies",
                                                   "sep" + std::to_string(g.Int(0, 1)))}}};
      }
      static const std::vector<std::string> kPolicies = {
          "Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"};
      p["privateEndpointNetworkPolicies"] = g.Pick(kPolicies);
      subnets.push_back(Json{{"id", sid}, {"name", "s" + std::to_string(s)}, {"properties", p}});
      subs.push_back(sid);
      subnet_ids.push_back(sid);
      prefixes.push_back(prefix);
    }
    // A gateway subnet in some VNets.
    if (g.Chance(0.4)) {
      std::string sid = id + "/subnets/GatewaySubnet";
      std::string prefix = "10." + std::to_string(b) + ".255.0/27";
      subnets.push_back(Json{
          {"id", sid}, {"name", "GatewaySubnet"}, {"properties", {{"addressPrefix", prefix}}}});
      std::string gw = Id("Microsoft.Network/virtualNetworkGateways", "gw" + std::to_string(v));
      Add(docs, gw,
          Json{{"location", vnet_regions.back()},
               {"properties",
                {{"ipConfigurations",
                  {{{"name", "c"}, {"properties", {{"subnet", {{"id", sid}}}}}}}}}}});
      std::string lng = Id("Microsoft.Network/localNetworkGateways", "site" + std::to_string(v));
      std::string onprem = "192.168." + std::to_string(v) + ".0/24";
      prefixes.push_back(onprem);
      Add(docs, lng,
          Json{{"location", vnet_regions.back()},
               {"properties", {{"localNetworkAddressSpace", {{"addressPrefixes", {onprem}}}}}}});
      if (g.Chance(0.8)) {
        Add(docs, Id("Microsoft.Network/connections", "conn" + std::to_string(v)),
            Json{{"location", vnet_regions.back()},
                 {"properties",
                  {{"virtualNetworkGateway1", {{"id", gw}}},
                   {"localNetworkGateway2", {{"id", lng}}}}}});
      }
    }
    vnet_subnets.push_back(subs);
    Add(docs, id,
        Json{{"location", vnet_regions.back()},
             {"properties",
              {{"addressSpace", {{"addressPrefixes", {space}}}},
               {"subnets", subnets},
               {"virtualNetworkPeerings", Json::array()}}}});
  }
  // Peerings: both sides, connected or not, random flags.
  for (int i = 0; i < o.vnets; ++i) {
    int j = g.Int(0, o.vnets - 1);
    if (i == j) continue;
    bool connected = g.Chance(0.7);
    for (auto [a, b] : {std::pair{i, j}, std::pair{j, i}}) {
      auto doc =
          std::make_shared<model::Doc>(*docs.at(arm::ResourceId::Parse(vnet_ids[a]).value().Key()));
      doc->body["properties"]["virtualNetworkPeerings"].push_back(
          Json{{"name", "p" + std::to_string(b)},
               {"properties",
                {{"remoteVirtualNetwork", {{"id", vnet_ids[b]}}},
                 {"peeringState", connected ? "Connected" : "Initiated"},
                 {"allowForwardedTraffic", g.Chance(0.5)},
                 {"allowGatewayTransit", g.Chance(0.5)},
                 {"useRemoteGateways", g.Chance(0.3)}}}});
      docs[doc->key()] = doc;
    }
  }
  // NICs (some forwarding, some with public IPs and ASGs), then a VM per NIC.
  int n = 0;
  for (size_t v = 0; v < vnet_subnets.size(); ++v) {
    for (const std::string& sid : vnet_subnets[v]) {
      for (int k = 0; k < o.nics_per_subnet; ++k, ++n) {
        std::string ip = sid.substr(0, 0);
        std::string prefix = docs.at(arm::ResourceId::Parse(vnet_ids[v]).value().Key())
                                 ->body["properties"]["addressSpace"]["addressPrefixes"][0];
        std::string base = prefix.substr(0, prefix.find(".0.0/16"));
        std::string sub = sid.substr(sid.rfind("/s") + 2);
        ip = base + "." + sub + "." + std::to_string(4 + k);
        Json cp{{"privateIPAddress", ip}, {"subnet", {{"id", sid}}}, {"primary", true}};
        if (g.Chance(0.3)) cp["applicationSecurityGroups"] = {{{"id", g.Pick(asg_ids)}}};
        if (g.Chance(0.3)) {
          std::string pip = Id("Microsoft.Network/publicIPAddresses", "pip" + std::to_string(n));
          Add(docs, pip,
              Json{{"location", vnet_regions[v]}, {"properties", {{"ipAddress", g.PublicIp()}}}});
          cp["publicIPAddress"] = {{"id", pip}};
        }
        Json p{{"ipConfigurations", {{{"name", "ipconfig1"}, {"properties", cp}}}},
               {"enableIPForwarding", g.Chance(0.3)}};
        if (g.Chance(0.3)) p["networkSecurityGroup"] = {{"id", g.Pick(nsg_ids)}};
        std::string nic = Id("Microsoft.Network/networkInterfaces", "nic" + std::to_string(n));
        Add(docs, nic, Json{{"location", vnet_regions[v]}, {"properties", p}});
        nic_ids.push_back(nic);
        nic_ips.push_back(ip);
        prefixes.push_back(ip + "/32");
      }
    }
  }
  // NSGs and route tables.
  for (const std::string& id : nsg_ids) {
    Json rules = Json::array();
    for (int r = 0; r < o.nsg_rules; ++r) rules.push_back(Rule(g, 100 + r * 10, prefixes, asg_ids));
    Add(docs, id, Json{{"location", "eastus"}, {"properties", {{"securityRules", rules}}}});
  }
  for (const std::string& id : rt_ids) {
    Json routes = Json::array();
    int count = g.Int(1, 5);
    static const std::vector<std::string> kHops = {
        "VirtualAppliance", "VirtualAppliance", "None",
        "VnetLocal",        "Internet",         "VirtualNetworkGateway"};
    for (int r = 0; r < count; ++r) {
      std::string hop = g.Pick(kHops);
      std::string prefix = g.Chance(0.3)   ? "0.0.0.0/0"
                           : g.Chance(0.2) ? "Storage"
                                           : g.Pick(prefixes);
      Json rp{{"addressPrefix", prefix}, {"nextHopType", hop}};
      if (hop == "VirtualAppliance")
        rp["nextHopIpAddress"] = nic_ips.empty() ? "10.0.0.4" : g.Pick(nic_ips);
      routes.push_back(Json{{"name", "u" + std::to_string(r)}, {"properties", rp}});
    }
    Add(docs, id,
        Json{{"location", "eastus"},
             {"properties", {{"routes", routes}, {"disableBgpRoutePropagation", g.Chance(0.3)}}}});
  }
  // Service resources with firewalls.
  struct Kind {
    const char* type;
    const char* group;
  };
  const std::vector<Kind> kinds = {{"Microsoft.Storage/storageAccounts", "blob"},
                                   {"Microsoft.Storage/storageAccounts", "file"},
                                   {"Microsoft.Sql/servers", "sqlServer"},
                                   {"Microsoft.KeyVault/vaults", "vault"}};
  std::vector<std::pair<std::string, std::string>> targets;  // id, group
  for (int s = 0; s < o.services; ++s) {
    const Kind& k = g.Pick(kinds);
    std::string id = Id(k.type, "svc" + std::to_string(s));
    Json acls{{"defaultAction", g.Chance(0.6) ? "Deny" : "Allow"},
              {"ipRules", Json::array()},
              {"virtualNetworkRules", Json::array()}};
    for (int r = g.Int(0, 2); r > 0; --r)
      acls["ipRules"].push_back({{"value", g.PublicIp() + (g.Chance(0.5) ? "" : "")}});
    for (int r = g.Int(0, 2); r > 0; --r)
      acls["virtualNetworkRules"].push_back({{"id", g.Pick(subnet_ids)}});
    Json p{{"networkAcls", acls}};
    if (g.Chance(0.15)) p["publicNetworkAccess"] = "Disabled";
    Add(docs, id, Json{{"location", g.Pick(regions)}, {"properties", p}});
    if (std::string(k.type) == "Microsoft.Sql/servers") {
      if (g.Chance(0.5))
        Add(docs, id + "/virtualNetworkRules/v1",
            Json{{"properties", {{"virtualNetworkSubnetId", g.Pick(subnet_ids)}}}});
      if (g.Chance(0.4)) {
        bool azure = g.Chance(0.5);
        std::string ip = azure ? "0.0.0.0" : g.PublicIp();
        Add(docs, id + "/firewallRules/f1",
            Json{{"properties", {{"startIpAddress", ip}, {"endIpAddress", ip}}}});
      }
    }
    service_ids.push_back(id);
    targets.push_back({id, k.group});
  }
  // Endpoint policies naming some storage accounts.
  for (int i = 0; i < 2; ++i) {
    Json resources = Json::array();
    resources.push_back(g.Pick(service_ids));
    if (g.Chance(0.3)) resources.push_back("/subscriptions/sub1/resourceGroups/rg1");
    Add(docs, Id("Microsoft.Network/serviceEndpointPolicies", "sep" + std::to_string(i)),
        Json{{"location", "eastus"},
             {"properties",
              {{"serviceEndpointPolicyDefinitions",
                {{{"name", "d"},
                  {"properties",
                   {{"service", "Microsoft.Storage"}, {"serviceResources", resources}}}}}}}}});
  }
  // Private endpoints with their NICs, connections in every state.
  static const std::vector<std::string> kStates = {"Pending", "Approved", "Approved", "Rejected",
                                                   "Disconnected"};
  for (int i = 0; i < o.private_endpoints && !subnet_ids.empty(); ++i) {
    std::string sid = g.Pick(subnet_ids);
    const auto& [target, group] = g.Pick(targets);
    std::string pe = Id("Microsoft.Network/privateEndpoints", "pe" + std::to_string(i));
    std::string nic = Id("Microsoft.Network/networkInterfaces", "pe" + std::to_string(i) + ".nic");
    std::string base = sid.substr(0, sid.find("/subnets/"));
    std::string prefix = docs.at(arm::ResourceId::Parse(base).value().Key())
                             ->body["properties"]["addressSpace"]["addressPrefixes"][0];
    std::string sub = sid.substr(sid.rfind("/s") + 2);
    std::string ip =
        prefix.substr(0, prefix.find(".0.0/16")) + "." + sub + "." + std::to_string(100 + i);
    Add(docs, nic,
        Json{{"location", "eastus"},
             {"properties",
              {{"privateEndpoint", {{"id", pe}}},
               {"ipConfigurations",
                {{{"name", "c"},
                  {"properties",
                   {{"privateIPAddress", ip},
                    {"subnet", {{"id", sid}}},
                    {"primary", true},
                    {"privateLinkConnectionProperties", {{"groupId", group}}}}}}}}}}});
    Add(docs, pe,
        Json{{"location", "eastus"},
             {"properties",
              {{"subnet", {{"id", sid}}},
               {"networkInterfaces", {{{"id", nic}}}},
               {g.Chance(0.5) ? "privateLinkServiceConnections"
                              : "manualPrivateLinkServiceConnections",
                {{{"name", "c"},
                  {"properties",
                   {{"privateLinkServiceId", target},
                    {"groupIds", {group}},
                    {"privateLinkServiceConnectionState", {{"status", g.Pick(kStates)}}}}}}}}}}});
  }
  return docs;
}

FlowGenerator::FlowGenerator(const compile::CompiledNetwork& net, uint64_t seed)
    : net_(net), rng_(seed) {
  const compile::Topology& t = net.t();
  for (compile::Index n = 0; n < t.nics.size(); ++n) {
    if (t.nics[n].private_endpoint == compile::kNoIndex && !t.nics[n].ip_configs.empty())
      nics_.push_back(n);
    for (const compile::IpConfig& c : t.nics[n].ip_configs) {
      interesting_.push_back(c.private_ip);
      if (c.has_public_ip) interesting_.push_back(c.public_ip);
    }
  }
  for (const compile::ServiceResource& s : t.services) {
    if (s.has_public_ip) interesting_.push_back(s.public_ip);
  }
}

net::IpAddress FlowGenerator::RandomDestination() {
  int kind = std::uniform_int_distribution<int>(0, 9)(rng_);
  if (kind <= 6 && !interesting_.empty())
    return interesting_[std::uniform_int_distribution<size_t>(0, interesting_.size() - 1)(rng_)];
  uint32_t a = static_cast<uint32_t>(rng_());
  if (kind == 7) a = 0x0A000000u | (a & 0x00FFFF0Fu);                  // 10.x.y.0-15
  if (kind == 8) a = 0xC0A80000u | (a & 0x0000FFFFu);                  // 192.168/16
  if (kind == 9 && a % 4 == 0) a = a % 8 ? 0xA83F8110u : 0xA9FEA9FEu;  // platform addresses
  return net::IpAddress::V4(a);
}

eval::Flow FlowGenerator::Next() {
  eval::Flow f;
  const compile::Topology& t = net_.t();
  int kind = std::uniform_int_distribution<int>(0, 9)(rng_);
  if (kind <= 7 && !nics_.empty()) {
    f.source.kind = eval::FlowSource::Kind::kNic;
    f.source.nic = nics_[std::uniform_int_distribution<size_t>(0, nics_.size() - 1)(rng_)];
    // Now and then any NIC: a private endpoint's, or one without an IP configuration.
    if (rng_() % 50 == 0) f.source.nic = static_cast<compile::Index>(rng_() % t.nics.size());
  } else if (kind == 8 || t.onprem_sites.empty()) {
    f.source.kind = eval::FlowSource::Kind::kInternet;
    f.source.address =
        net::IpAddress::V4(0x14000000u + static_cast<uint32_t>(rng_() % 0x20000000u));
  } else {
    f.source.kind = eval::FlowSource::Kind::kOnPrem;
    f.source.site = static_cast<compile::Index>(rng_() % t.onprem_sites.size());
    const auto& site = t.onprem_sites[f.source.site];
    f.source.address = site.prefixes.empty() ? net::IpAddress::V4(0xC0A86405u)
                                             : site.prefixes[0].address().Plus(10);
    if (rng_() % 2) {
      f.source.has_nat_address = true;
      f.source.nat_address =
          net::IpAddress::V4(0x14000000u + static_cast<uint32_t>(rng_() % 0x1000u));
    }
  }
  f.destination = RandomDestination();
  static const net::Protocol kProtocols[] = {net::Protocol::kTcp, net::Protocol::kTcp,
                                             net::Protocol::kUdp, net::Protocol::kIcmp};
  f.protocol = kProtocols[rng_() % 4];
  static const uint16_t kPorts[] = {22, 53, 80, 443, 1433, 8080, 3389};
  f.destination_port = kPorts[rng_() % 7];
  f.source_port = static_cast<uint16_t>(1024 + rng_() % 60000);
  return f;
}

}  // namespace vnet::testing
