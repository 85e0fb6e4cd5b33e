// Tag and ASG expansion, and the expansion of an NSG for one VNet.
#include "compile/effective_rules.h"

#include <algorithm>

#include "base/strings.h"

namespace vnet::compile {

namespace {

void SortUnique(std::vector<net::Cidr>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

net::Cidr C(const char* text) { return net::Cidr::Parse(text).value(); }

// The ranges of [from, to] (inclusive, IPv4) as CIDRs.
void RangeToCidrs(uint64_t from, uint64_t to, std::vector<net::Cidr>* out) {
  while (from <= to) {
    int len = 32;
    while (len > 0) {
      uint64_t size = uint64_t{1} << (32 - (len - 1));
      if ((from & (size - 1)) != 0 || from + size - 1 > to) break;
      --len;
    }
    out->push_back(net::Cidr::Of(net::IpAddress::V4(static_cast<uint32_t>(from)), len));
    from += uint64_t{1} << (32 - len);
  }
}

}  // namespace

const std::vector<net::Cidr>& InternetPrefixes() {
  static const std::vector<net::Cidr> kInternet = [] {
    std::vector<net::Cidr> excluded = {C("0.0.0.0/8"),      C("10.0.0.0/8"),     C("100.64.0.0/10"),
                                       C("127.0.0.0/8"),    C("169.254.0.0/16"), C("172.16.0.0/12"),
                                       C("192.168.0.0/16"), C("224.0.0.0/3")};
    std::sort(excluded.begin(), excluded.end());
    std::vector<net::Cidr> out;
    uint64_t next = 0;
    for (const net::Cidr& e : excluded) {
      uint64_t lo = e.address().v4();
      if (lo > next) RangeToCidrs(next, lo - 1, &out);
      next = uint64_t{e.last().v4()} + 1;
    }
    if (next <= 0xFFFFFFFFu) RangeToCidrs(next, 0xFFFFFFFFu, &out);
    return out;
  }();
  return kInternet;
}

std::vector<net::Cidr> VirtualNetworkPrefixes(const Topology& t, Index v) {
  const Vnet& vnet = t.vnets[v];
  std::vector<net::Cidr> out = vnet.address_space;
  out.push_back(C("168.63.129.16/32"));
  auto add_gateway = [&](Index g) {
    if (g == kNoIndex) return;
    const auto& p = t.gateways[g].onprem_prefixes;
    out.insert(out.end(), p.begin(), p.end());
  };
  add_gateway(vnet.gateway);
  for (const PeeringLink& p : vnet.peerings) {
    if (!p.connected) continue;
    const Vnet& remote = t.vnets[p.remote_vnet];
    out.insert(out.end(), remote.address_space.begin(), remote.address_space.end());
    if (p.use_remote_gateways) add_gateway(remote.gateway);
  }
  for (Index s : vnet.subnets) {
    Index rt = t.subnets[s].route_table;
    if (rt == kNoIndex) continue;
    for (const UserRoute& r : t.route_tables[rt].routes) {
      if (r.tag.empty()) out.insert(out.end(), r.prefixes.begin(), r.prefixes.end());
    }
  }
  SortUnique(&out);
  return out;
}

std::vector<std::vector<net::Cidr>> AsgMemberPrefixes(const Topology& t) {
  std::vector<std::vector<net::Cidr>> out(t.asgs.size());
  for (const Nic& nic : t.nics) {
    for (const IpConfig& c : nic.ip_configs) {
      for (Index a : c.asgs) out[a].push_back(net::Cidr::Of(c.private_ip, c.private_ip.bits()));
    }
  }
  for (auto& members : out) SortUnique(&members);
  return out;
}

std::vector<net::Cidr> TagExpander::Expand(std::string_view tag, Index vnet) const {
  if (EqualsIgnoreCase(tag, "VirtualNetwork") || EqualsIgnoreCase(tag, "VIRTUAL_NETWORK"))
    return vnet == kNoIndex ? std::vector<net::Cidr>{} : vnet_tag_[vnet];
  if (EqualsIgnoreCase(tag, "Internet")) return InternetPrefixes();
  if (EqualsIgnoreCase(tag, "AzureLoadBalancer") || EqualsIgnoreCase(tag, "AZURE_LOADBALANCER"))
    return {C("168.63.129.16/32")};
  if (const ServiceTag* st = tags_.Find(tag)) return st->prefixes;
  return {};
}

ExpandedNsg ExpandNsg(const Topology& t, const TagExpander& tags, Index nsg, Index vnet) {
  ExpandedNsg out;
  out.nsg = nsg;
  out.vnet = vnet;
  auto expand = [&](const std::vector<AddressMatch>& matches, bool* any,
                    std::vector<net::Cidr>* prefixes) {
    for (const AddressMatch& m : matches) {
      switch (m.kind) {
        case AddressMatch::Kind::kAny:
          *any = true;
          break;
        case AddressMatch::Kind::kPrefix:
          prefixes->push_back(m.prefix);
          break;
        case AddressMatch::Kind::kTag: {
          std::vector<net::Cidr> p = tags.Expand(m.tag, vnet);
          prefixes->insert(prefixes->end(), p.begin(), p.end());
          out.tag_map.emplace(m.tag, std::move(p));
          break;
        }
        case AddressMatch::Kind::kAsg:
          if (m.asg != kNoIndex) {
            const auto& p = tags.AsgMembers(m.asg);
            prefixes->insert(prefixes->end(), p.begin(), p.end());
            out.tag_map.emplace(t.asgs[m.asg].name, p);
          }
          break;
      }
    }
    SortUnique(prefixes);
  };
  for (const SecurityRule& r : t.nsgs[nsg].rules) {
    ExpandedRule e;
    e.rule = &r;
    expand(r.sources, &e.any_source, &e.sources);
    expand(r.destinations, &e.any_destination, &e.destinations);
    (r.direction == Direction::kInbound ? out.inbound : out.outbound).push_back(std::move(e));
  }
  return out;
}

}  // namespace vnet::compile
