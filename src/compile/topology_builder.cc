// Reads each resource family's ARM JSON into the typed topology, in two passes: first every
// resource gets its index (so that references resolve in any order), then the fields.
#include "compile/topology_builder.h"

#include <algorithm>

#include "base/strings.h"
#include "compile/internal/topology_builder_impl.h"

namespace vnet::compile {

namespace {

using model::Doc;

SecurityRule ReadRule(const Json& rule, bool is_default, const Topology& t) {
  const Json& p = Props(rule);
  SecurityRule r;
  r.name = String(rule, "name");
  r.is_default = is_default;
  r.priority = static_cast<int>(Int(p, "priority", 0));
  r.direction = EqualsIgnoreCase(String(p, "direction"), "Outbound") ? Direction::kOutbound
                                                                     : Direction::kInbound;
  r.access = EqualsIgnoreCase(String(p, "access"), "Deny") ? Access::kDeny : Access::kAllow;
  r.protocol_text = String(p, "protocol", "*");
  if (r.protocol_text != "*") {
    Result<net::Protocol> proto = net::ParseProtocol(r.protocol_text);
    r.protocols = proto.ok() ? static_cast<uint8_t>(1u << static_cast<int>(*proto)) : 0;
  }
  auto addresses = [&](const char* one, const char* many, const char* asgs) {
    std::vector<AddressMatch> out;
    for (const std::string& text : StringOrList(p, one, many)) {
      AddressMatch m;
      m.text = text;
      if (text == "*" || text == "0.0.0.0/0" || text == "Any") {
        m.kind = AddressMatch::Kind::kAny;
      } else if (Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(text); c.ok()) {
        m.kind = AddressMatch::Kind::kPrefix;
        m.prefix = *c;
      } else {
        m.kind = AddressMatch::Kind::kTag;
        m.tag = text;
      }
      out.push_back(m);
    }
    for (const Json& asg : Array(p, asgs)) {
      AddressMatch m;
      m.kind = AddressMatch::Kind::kAsg;
      m.text = String(asg, "id");
      m.asg = t.Find(m.text);
      out.push_back(m);
    }
    if (out.empty()) out.push_back(AddressMatch{});  // absent = any
    return out;
  };
  r.sources =
      addresses("sourceAddressPrefix", "sourceAddressPrefixes", "sourceApplicationSecurityGroups");
  r.destinations = addresses("destinationAddressPrefix", "destinationAddressPrefixes",
                             "destinationApplicationSecurityGroups");
  auto ports = [&](const char* one, const char* many) {
    std::vector<net::PortRange> out;
    for (const std::string& text : StringOrList(p, one, many)) {
      if (Result<net::PortRange> pr = net::PortRange::Parse(text); pr.ok()) out.push_back(*pr);
    }
    if (out.empty()) out.push_back(net::PortRange{});
    return out;
  };
  r.source_ports = ports("sourcePortRange", "sourcePortRanges");
  r.destination_ports = ports("destinationPortRange", "destinationPortRanges");
  return r;
}

// A stable address for a NIC's default outbound access: FNV-1a of its id over the IPv4 addresses
// of AzureCloud.<region> (or AzureCloud), so that firewall traces show a plausible Azure address.
net::IpAddress DefaultOutboundAddress(const ServiceTagCatalogue& tags, const std::string& nic_id,
                                      const std::string& region) {
  const ServiceTag* tag = tags.Regional("AzureCloud", region);
  if (!tag) tag = tags.Find("AzureCloud");
  uint64_t h = 1469598103934665603ULL;
  for (char c : AsciiLower(nic_id)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  if (!tag) return net::IpAddress::V4(0x14000000u + static_cast<uint32_t>(h % 0x10000));
  uint64_t total = 0;
  for (const net::Cidr& c : tag->prefixes) {
    if (c.is_v4()) total += c.Size();
  }
  if (total == 0) return net::IpAddress::V4(0x14000000u);
  uint64_t pick = h % total;
  for (const net::Cidr& c : tag->prefixes) {
    if (!c.is_v4()) continue;
    if (pick < c.Size()) return c.address().Plus(pick);
    pick -= c.Size();
  }
  return tag->prefixes.front().address();
}

}  // namespace

// The default rules of every NSG (SEMANTICS.md section 3.2), as the evaluator sees them.
std::vector<SecurityRule> DefaultSecurityRules() {
  struct Row {
    const char* name;
    Direction dir;
    int priority;
    const char* src;
    const char* dst;
    Access access;
  } rows[] = {
      {"AllowVnetInBound", Direction::kInbound, 65000, "VirtualNetwork", "VirtualNetwork",
       Access::kAllow},
      {"AllowAzureLoadBalancerInBound", Direction::kInbound, 65001, "AzureLoadBalancer", "*",
       Access::kAllow},
      {"DenyAllInBound", Direction::kInbound, 65500, "*", "*", Access::kDeny},
      {"AllowVnetOutBound", Direction::kOutbound, 65000, "VirtualNetwork", "VirtualNetwork",
       Access::kAllow},
      {"AllowInternetOutBound", Direction::kOutbound, 65001, "*", "Internet", Access::kAllow},
      {"DenyAllOutBound", Direction::kOutbound, 65500, "*", "*", Access::kDeny},
  };
  std::vector<SecurityRule> out;
  for (const Row& row : rows) {
    SecurityRule r;
    r.name = row.name;
    r.is_default = true;
    r.priority = row.priority;
    r.direction = row.dir;
    r.access = row.access;
    r.protocol_text = "*";
    auto match = [](const char* text) {
      AddressMatch m;
      m.text = text;
      if (std::string_view(text) != "*") {
        m.kind = AddressMatch::Kind::kTag;
        m.tag = text;
      }
      return m;
    };
    r.sources = {match(row.src)};
    r.destinations = {match(row.dst)};
    r.source_ports = {net::PortRange{}};
    r.destination_ports = {net::PortRange{}};
    out.push_back(r);
  }
  return out;
}

void TopologyBuilder::Vnets(const std::vector<const Doc*>& vnets) {
  for (const Doc* d : vnets) {
    Vnet& v = t.vnets.At(t.Find(d->id.ToString()));
    const Json& p = Props(d->body);
    v.id = d->id.ToString();
    v.name = d->id.name();
    v.location = AsciiLower(String(d->body, "location"));
    for (const std::string& s : Strings(Props(p, "addressSpace"), "addressPrefixes")) {
      if (Result<net::Cidr> c = net::Cidr::Parse(s); c.ok()) v.address_space.push_back(*c);
    }
    for (const std::string& s : Strings(Props(p, "dhcpOptions"), "dnsServers")) {
      if (Result<net::IpAddress> a = net::IpAddress::Parse(s); a.ok()) v.dns_servers.push_back(*a);
    }
  }
}

void TopologyBuilder::Nsgs(const std::vector<const Doc*>& nsgs) {
  static const std::vector<SecurityRule> kDefaults = DefaultSecurityRules();
  for (const Doc* d : nsgs) {
    Nsg& n = t.nsgs.At(t.Find(d->id.ToString()));
    n.id = d->id.ToString();
    n.name = d->id.name();
    n.location = AsciiLower(String(d->body, "location"));
    for (const Json& rule : Array(Props(d->body), "securityRules"))
      n.rules.push_back(ReadRule(rule, false, t));
    std::stable_sort(
        n.rules.begin(), n.rules.end(),
        [](const SecurityRule& a, const SecurityRule& b) { return a.priority < b.priority; });
    n.rules.insert(n.rules.end(), kDefaults.begin(), kDefaults.end());
  }
}

void TopologyBuilder::RouteTables(const std::vector<const Doc*>& tables) {
  for (const Doc* d : tables) {
    RouteTable& rt = t.route_tables.At(t.Find(d->id.ToString()));
    const Json& p = Props(d->body);
    rt.id = d->id.ToString();
    rt.name = d->id.name();
    rt.disable_bgp_propagation = Bool(p, "disableBgpRoutePropagation", false);
    for (const Json& route : Array(p, "routes")) {
      const Json& rp = Props(route);
      UserRoute r;
      r.name = String(route, "name");
      std::string prefix = String(rp, "addressPrefix");
      if (Result<net::Cidr> c = net::Cidr::Parse(prefix); c.ok()) {
        r.prefixes.push_back(*c);
      } else if (const ServiceTag* tag = tags.Find(prefix)) {
        r.tag = tag->name;
        r.prefixes = tag->prefixes;
      } else {
        continue;
      }
      std::string hop = String(rp, "nextHopType");
      if (EqualsIgnoreCase(hop, "VirtualAppliance"))
        r.next_hop = NextHopType::kVirtualAppliance;
      else if (EqualsIgnoreCase(hop, "VirtualNetworkGateway"))
        r.next_hop = NextHopType::kVirtualNetworkGateway;
      else if (EqualsIgnoreCase(hop, "VnetLocal"))
        r.next_hop = NextHopType::kVnetLocal;
      else if (EqualsIgnoreCase(hop, "Internet"))
        r.next_hop = NextHopType::kInternet;
      else
        r.next_hop = NextHopType::kNone;
      if (Result<net::IpAddress> ip = net::IpAddress::Parse(String(rp, "nextHopIpAddress"));
          ip.ok()) {
        r.has_next_hop_ip = true;
        r.next_hop_ip = *ip;
      }
      rt.routes.push_back(std::move(r));
    }
  }
}

void ReadSubnetProperties(const Json& p, const Topology& t, Subnet* sub) {
  auto ref = [&](const char* key) {
    const Json* r = Member(p, key);
    return r ? t.Find(String(*r, "id")) : kNoIndex;
  };
  sub->nsg = ref("networkSecurityGroup");
  sub->route_table = ref("routeTable");
  sub->service_endpoints.clear();
  for (const Json& e : Array(p, "serviceEndpoints")) {
    ServiceEndpoint se;
    se.service = String(e, "service");
    for (const std::string& loc : Strings(e, "locations")) se.locations.push_back(AsciiLower(loc));
    sub->service_endpoints.push_back(std::move(se));
  }
  sub->endpoint_policies.clear();
  for (const Json& pol : Array(p, "serviceEndpointPolicies")) {
    Index pi = t.Find(String(pol, "id"));
    if (pi != kNoIndex) sub->endpoint_policies.push_back(pi);
  }
  std::string pol = String(p, "privateEndpointNetworkPolicies", "Disabled");
  sub->pe_policies = PeNetworkPolicies::kDisabled;
  if (EqualsIgnoreCase(pol, "Enabled"))
    sub->pe_policies = PeNetworkPolicies::kEnabled;
  else if (EqualsIgnoreCase(pol, "NetworkSecurityGroupEnabled"))
    sub->pe_policies = PeNetworkPolicies::kNsg;
  else if (EqualsIgnoreCase(pol, "RouteTableEnabled"))
    sub->pe_policies = PeNetworkPolicies::kRouteTable;
}

void TopologyBuilder::Subnets(const std::vector<const Doc*>& vnets) {
  for (const Doc* d : vnets) {
    Index vi = t.Find(d->id.ToString());
    for (const Json& s : Array(Props(d->body), "subnets")) {
      Index si = t.Find(String(s, "id"));
      if (si == kNoIndex) continue;
      Subnet& sub = t.subnets.At(si);
      const Json& p = Props(s);
      sub.id = String(s, "id");
      sub.name = String(s, "name");
      sub.vnet = vi;
      for (const std::string& text : StringOrList(p, "addressPrefix", "addressPrefixes")) {
        if (Result<net::Cidr> c = net::Cidr::Parse(text); c.ok()) sub.prefixes.push_back(*c);
      }
      ReadSubnetProperties(p, t, &sub);
      t.vnets.At(vi).subnets.push_back(si);
    }
  }
}

void TopologyBuilder::Peerings(const std::vector<const Doc*>& vnets) {
  for (const Doc* d : vnets) {
    Vnet& v = t.vnets.At(t.Find(d->id.ToString()));
    for (const Json& pe : Array(Props(d->body), "virtualNetworkPeerings")) {
      const Json& p = Props(pe);
      PeeringLink link;
      link.name = String(pe, "name");
      link.remote_vnet = Ref(p, "remoteVirtualNetwork");
      link.connected = EqualsIgnoreCase(String(p, "peeringState"), "Connected");
      link.allow_forwarded_traffic = Bool(p, "allowForwardedTraffic", false);
      link.allow_gateway_transit = Bool(p, "allowGatewayTransit", false);
      link.use_remote_gateways = Bool(p, "useRemoteGateways", false);
      if (link.remote_vnet == kNoIndex) continue;
      link.global = t.vnets.At(link.remote_vnet).location != v.location;
      v.peerings.push_back(link);
    }
  }
}

void TopologyBuilder::Nics(const std::vector<const Doc*>& nics) {
  for (const Doc* d : nics) {
    Nic& n = t.nics.At(t.Find(d->id.ToString()));
    const Json& p = Props(d->body);
    n.id = d->id.ToString();
    n.name = d->id.name();
    n.location = AsciiLower(String(d->body, "location"));
    n.nsg = Ref(p, "networkSecurityGroup");
    n.ip_forwarding = Bool(p, "enableIPForwarding", false);
    n.private_endpoint = Ref(p, "privateEndpoint");
    for (const std::string& s : Strings(Props(p, "dnsSettings"), "dnsServers")) {
      if (Result<net::IpAddress> a = net::IpAddress::Parse(s); a.ok()) n.dns_servers.push_back(*a);
    }
    for (const Json& c : Array(p, "ipConfigurations")) {
      const Json& cp = Props(c);
      IpConfig ic;
      ic.name = String(c, "name");
      Result<net::IpAddress> ip = net::IpAddress::Parse(String(cp, "privateIPAddress"));
      if (!ip.ok()) continue;
      ic.private_ip = *ip;
      ic.subnet = Ref(cp, "subnet");
      ic.primary = Bool(cp, "primary", false);
      if (const Json* pip = Member(cp, "publicIPAddress")) {
        auto it = docs.find(AsciiLower(String(*pip, "id")));
        if (it != docs.end()) {
          Result<net::IpAddress> addr =
              net::IpAddress::Parse(String(Props(it->second->body), "ipAddress"));
          if (addr.ok()) {
            ic.has_public_ip = true;
            ic.public_ip = *addr;
          }
        }
      }
      for (const Json& asg : Array(cp, "applicationSecurityGroups")) {
        Index ai = t.Find(String(asg, "id"));
        if (ai != kNoIndex) ic.asgs.push_back(ai);
      }
      n.ip_configs.push_back(std::move(ic));
    }
    if (n.ip_configs.size() == 1) n.ip_configs[0].primary = true;
    n.default_outbound_ip = DefaultOutboundAddress(tags, n.id, n.location);
  }
}

void TopologyBuilder::Vms(const std::vector<const Doc*>& vms) {
  for (const Doc* d : vms) {
    Index vi = t.Find(d->id.ToString());
    Vm& vm = t.vms.At(vi);
    vm.id = d->id.ToString();
    vm.name = d->id.name();
    for (const Json& ref : Array(Props(Props(d->body), "networkProfile"), "networkInterfaces")) {
      Index ni = t.Find(String(ref, "id"));
      if (ni == kNoIndex) continue;
      bool primary = Bool(Props(ref), "primary", false);
      if (primary) {
        vm.nics.insert(vm.nics.begin(), ni);
      } else {
        vm.nics.push_back(ni);
      }
      t.nics.At(ni).vm = vi;
    }
  }
}

Topology BuildTopology(const model::DocMap& docs, const ServiceTagCatalogue& tags) {
  TopologyBuilder b{docs, tags, {}};
  auto vnets = b.OfType("Microsoft.Network/virtualNetworks");
  auto nsgs = b.OfType("Microsoft.Network/networkSecurityGroups");
  auto asgs = b.OfType("Microsoft.Network/applicationSecurityGroups");
  auto tables = b.OfType("Microsoft.Network/routeTables");
  auto nics = b.OfType("Microsoft.Network/networkInterfaces");
  auto vms = b.OfType("Microsoft.Compute/virtualMachines");
  auto pes = b.OfType("Microsoft.Network/privateEndpoints");
  auto policies = b.OfType("Microsoft.Network/serviceEndpointPolicies");
  Topology& t = b.t;
  // Pass 1: indexes.
  auto number = [&](const std::vector<const Doc*>& list, auto& vec) {
    vec.resize(list.size());
    for (size_t i = 0; i < list.size(); ++i) b.Register(list[i]->id.ToString(), Index(i));
  };
  number(vnets, t.vnets);
  number(nsgs, t.nsgs);
  number(asgs, t.asgs);
  number(tables, t.route_tables);
  number(nics, t.nics);
  number(vms, t.vms);
  number(pes, t.private_endpoints);
  number(policies, t.endpoint_policies);
  for (const Doc* d : vnets) {
    for (const Json& s : Array(Props(d->body), "subnets")) {
      b.Register(String(s, "id"), Index(t.subnets.size()));
      t.subnets.emplace_back();
    }
  }
  for (size_t i = 0; i < asgs.size(); ++i) {
    t.asgs.At(i).id = asgs[i]->id.ToString();
    t.asgs.At(i).name = asgs[i]->id.name();
  }
  b.Services();  // numbers and reads service resources (they reference subnets by id only)
  // Pass 2: fields.
  b.Vnets(vnets);
  b.Nsgs(nsgs);
  b.RouteTables(tables);
  b.Subnets(vnets);
  b.Peerings(vnets);
  b.Nics(nics);
  b.Vms(vms);
  b.Gateways();
  b.PrivateEndpoints(pes);
  b.Policies(policies);
  // Service VNet rules name subnets: resolve them now that subnets have indexes.
  for (ServiceResource& s : t.services.Mut()) {
    for (VnetRule& r : s.firewall.vnet_rules) r.subnet = t.Find(r.subnet_id);
  }
  return std::move(b.t);
}

}  // namespace vnet::compile
