// The resolution walk: one name at a time through the viewpoint's resolver (Azure DNS with the
// VNet's linked zones, a custom server's forwarding rules, or public DNS), following CNAMEs.
#include "dns/resolver.h"

#include <set>

#include "base/strings.h"

namespace vnet::dns {

namespace {

using compile::DnsLink;
using compile::DnsRecordSet;
using compile::DnsZone;
using compile::Index;
using compile::kNoIndex;

// What one resolver said about one name.
struct Step {
  enum class Kind : uint8_t { kData, kCname, kNoData, kNxDomain, kServFail } kind = Kind::kServFail;
  const DnsRecordSet* set = nullptr;      // kData (one type) or kCname
  std::vector<const DnsRecordSet*> sets;  // kData for ANY
  const DnsZone* zone = nullptr;          // the zone that answered (SOA)
  Hop hop;
  std::string error;
};

std::string VnetName(const compile::DnsView& view, Index vnet) {
  const compile::Topology& t = *view.topology;
  return vnet < t.vnets.size() ? t.vnets[vnet].name : "(unknown vnet)";
}

std::string Describe(const Step& s) {
  switch (s.kind) {
    case Step::Kind::kData: {
      if (!s.set) return "ANY";
      if (s.set->records.empty()) return "NODATA";
      return std::string(compile::RrTypeName(s.set->type)) + " " +
             RecordDataText(s.set->type, s.set->records.front());
    }
    case Step::Kind::kCname:
      return "CNAME " + s.set->records.front().target;
    case Step::Kind::kNoData:
      return "NODATA";
    case Step::Kind::kNxDomain:
      return "NXDOMAIN";
    case Step::Kind::kServFail:
      return "SERVFAIL";
  }
  return "";
}

// A name looked up in one zone.
Step ZoneLookup(const DnsZone& zone, std::string_view name, RrType type) {
  Step s;
  s.zone = &zone;
  s.hop.source = zone.kind == DnsZone::Kind::kPrivate ? "privateDnsZone" : "publicDns";
  s.hop.zone = zone.name;
  s.hop.zone_id = zone.id;
  const bool apex = name == zone.name;
  if (apex && type == RrType::kSoa) {
    s.kind = Step::Kind::kData;
    s.set = &zone.soa;
    return s;
  }
  if (apex && type == RrType::kAny) {
    s.kind = Step::Kind::kData;
    s.sets.push_back(&zone.soa);
  }
  if (const std::vector<DnsRecordSet>* sets = zone.Find(name)) {
    const DnsRecordSet* cname = nullptr;
    for (const DnsRecordSet& set : *sets) {
      if (type == RrType::kAny) {
        s.kind = Step::Kind::kData;
        s.sets.push_back(&set);
      } else if (set.type == type) {
        s.kind = set.records.empty() ? Step::Kind::kNoData : Step::Kind::kData;
        s.set = &set;
        return s;
      } else if (set.type == RrType::kCname && !set.records.empty()) {
        cname = &set;
      }
    }
    if (type == RrType::kAny && s.kind == Step::Kind::kData) return s;
    if (cname) {
      s.kind = Step::Kind::kCname;
      s.set = cname;
      return s;
    }
    s.kind = Step::Kind::kNoData;
    return s;
  }
  if (s.kind == Step::Kind::kData) return s;  // ANY at the apex: its SOA
  s.kind = apex || zone.HasNamesBelow(name) ? Step::Kind::kNoData : Step::Kind::kNxDomain;
  return s;
}

class Walker {
 public:
  Walker(const compile::DnsView& view, Viewpoint from) : view_(view), from_(from) {}

  // The viewpoint's resolver on one name.
  Step Lookup(std::string_view name, RrType type) {
    if (from_.kind == Viewpoint::Kind::kInternet) return Public(name, type, "public DNS");
    const compile::Topology& t = *view_.topology;
    if (from_.vnet >= t.vnets.size()) {
      return Fail("the virtual network is not in the model", "none");
    }
    // A NIC's DNS servers replace its VNet's (Azure: "DNS servers assigned to a network
    // interface override the virtual network's"). VMs ask the first server; the others are
    // asked only when it does not answer.
    const bool own = from_.nic < t.nics.size() && !t.nics[from_.nic].dns_servers.empty();
    const std::vector<net::IpAddress>& servers =
        own ? t.nics[from_.nic].dns_servers : t.vnets[from_.vnet].dns_servers;
    const std::string via = own ? "the NIC's DNS servers: " : "";
    if (servers.empty() || servers.front() == compile::kAzureDnsIp) {
      return AzureDns(from_.vnet, name, type, via);
    }
    return Server(servers.front(), from_.vnet, name, type, 0, via);
  }

 private:
  Step Fail(std::string error, std::string resolver) {
    Step s;
    s.kind = Step::Kind::kServFail;
    s.error = std::move(error);
    s.hop.resolver = std::move(resolver);
    s.hop.source = "none";
    return s;
  }

  Step Public(std::string_view name, RrType type, std::string resolver) {
    const DnsZone* zone = view_.PublicZoneFor(name);
    if (!zone) {
      return Fail("vnetd models the public DNS of the Azure services it models; " +
                      std::string(name) + " is outside it",
                  std::move(resolver));
    }
    Step s = ZoneLookup(*zone, name, type);
    s.hop.resolver = std::move(resolver);
    return s;
  }

  Step AzureDns(Index vnet, std::string_view name, RrType type, const std::string& via) {
    std::string resolver = via + "Azure DNS (168.63.129.16) for " + VnetName(view_, vnet);
    const DnsLink* link = view_.LinkedZoneFor(vnet, name);
    if (!link) return Public(name, type, resolver + ", public resolution");
    const DnsZone& zone = view_.zones[link->zone];
    Step s = ZoneLookup(zone, name, type);
    s.hop.resolver = resolver;
    s.hop.link_id = link->id;
    if (s.kind == Step::Kind::kNxDomain && link->nxdomain_redirect &&
        zone.name.starts_with("privatelink.") &&
        (type == RrType::kA || type == RrType::kAaaa || type == RrType::kCname)) {
      Step p = Public(name, type,
                      resolver + ", NXDOMAIN in " + zone.name + " redirected to public resolution");
      p.hop.link_id = link->id;
      return p;
    }
    return s;
  }

  Step Server(const net::IpAddress& ip, Index asking_vnet, std::string_view name, RrType type,
              int depth, const std::string& via) {
    if (depth > kMaxForwardDepth) {
      return Fail("DNS servers forward to each other in a loop (" + via + "...)", via);
    }
    if (ip == compile::kAzureDnsIp) return AzureDns(asking_vnet, name, type, via);
    auto it = view_.servers.find(ip);
    if (it == view_.servers.end()) {
      return Public(
          name, type,
          via + "DNS server " + ip.ToString() + " (not a VM of the model: answers as public DNS)");
    }
    const compile::CustomDnsServer& s = it->second;
    std::string me = via + "custom DNS server " + ip.ToString() + " (" + s.described_by + ")";
    for (const compile::CustomDnsServer::Conditional& c : s.conditional) {
      if (compile::InZone(name, c.zone)) {
        return Server(c.targets.front(), s.vnet, name, type, depth + 1,
                      me + ", conditional forwarder for " + c.zone + " -> ");
      }
    }
    if (!s.forwarders.empty()) {
      return Server(s.forwarders.front(), s.vnet, name, type, depth + 1, me + ", forwarder -> ");
    }
    return Public(name, type, me + ", public recursion (no forwarder)");
  }

  const compile::DnsView& view_;
  Viewpoint from_;
};

// A domain name's syntax (RFC 1035 2.3.4 lengths; any octet in a label).
bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  if (name.size() > 253) return false;
  for (std::string_view label : Split(name, '.')) {
    if (label.empty() || label.size() > 63) return false;
  }
  return true;
}

void Add(Resolution& r, const std::string& name, const DnsRecordSet& set) {
  for (const compile::DnsRecord& rec : set.records)
    r.answers.push_back({name, set.type, set.ttl, rec});
}

}  // namespace

const char* RcodeName(Rcode r) {
  switch (r) {
    case Rcode::kNoError:
      return "NOERROR";
    case Rcode::kFormErr:
      return "FORMERR";
    case Rcode::kServFail:
      return "SERVFAIL";
    case Rcode::kNxDomain:
      return "NXDOMAIN";
    case Rcode::kNotImp:
      return "NOTIMP";
    case Rcode::kRefused:
      return "REFUSED";
  }
  return "RCODE";
}

std::string RecordDataText(RrType type, const compile::DnsRecord& r) {
  switch (type) {
    case RrType::kA:
    case RrType::kAaaa:
      return r.ip.ToString();
    case RrType::kCname:
    case RrType::kPtr:
    case RrType::kNs:
      return r.target + ".";
    case RrType::kMx:
      return std::to_string(r.preference) + " " + r.target + ".";
    case RrType::kSrv:
      return std::to_string(r.priority) + " " + std::to_string(r.weight) + " " +
             std::to_string(r.port) + " " + r.target + ".";
    case RrType::kTxt: {
      std::string out;
      for (const std::string& t : r.texts) out += (out.empty() ? "\"" : " \"") + t + "\"";
      return out;
    }
    case RrType::kSoa:
      return r.target + ". " + r.rname + ". " + std::to_string(r.serial) + " " +
             std::to_string(r.refresh) + " " + std::to_string(r.retry) + " " +
             std::to_string(r.expire) + " " + std::to_string(r.minimum);
    case RrType::kAny:
      break;
  }
  return "";
}

std::vector<net::IpAddress> Resolution::Addresses() const {
  std::vector<net::IpAddress> out;
  for (const Answer& a : answers) {
    if (a.type == RrType::kA || a.type == RrType::kAaaa) out.push_back(a.data.ip);
  }
  return out;
}

std::vector<std::string> Resolution::Lines() const {
  std::vector<std::string> out;
  auto line = [](const Answer& a) {
    return a.name + ". " + std::to_string(a.ttl) + " IN " + compile::RrTypeName(a.type) + " " +
           RecordDataText(a.type, a.data);
  };
  for (const Answer& a : answers) out.push_back(line(a));
  if (authority) out.push_back(line(*authority));
  return out;
}

Resolution Resolve(const compile::DnsView& view, Viewpoint from, std::string_view name,
                   RrType type) {
  Resolution r;
  std::string current = AsciiLower(name);
  if (!current.empty() && current.back() == '.') current.pop_back();
  if (!ValidName(current)) {
    r.rcode = Rcode::kFormErr;
    r.error = "'" + std::string(name) + "' is not a valid domain name";
    return r;
  }
  Walker walker(view, from);
  std::set<std::string> seen;
  for (int i = 0; i <= kMaxChainLength; ++i) {
    seen.insert(current);
    Step s = walker.Lookup(current, type);
    s.hop.name = current;
    s.hop.result = Describe(s);
    r.hops.push_back(s.hop);
    auto negative = [&](Rcode code) {
      r.rcode = code;
      const compile::DnsRecordSet& soa = s.zone->soa;
      if (!soa.records.empty()) {
        // The negative TTL: the smaller of the SOA's TTL and its minimum (RFC 2308).
        uint32_t ttl = std::min(soa.ttl, soa.records.front().minimum);
        r.authority = Answer{s.zone->name, RrType::kSoa, ttl, soa.records.front()};
      }
    };
    switch (s.kind) {
      case Step::Kind::kData:
        if (s.set) Add(r, current, *s.set);
        for (const compile::DnsRecordSet* set : s.sets) Add(r, current, *set);
        return r;
      case Step::Kind::kNoData:
        negative(Rcode::kNoError);
        return r;
      case Step::Kind::kNxDomain:
        negative(Rcode::kNxDomain);
        return r;
      case Step::Kind::kServFail:
        r.rcode = Rcode::kServFail;
        r.error = s.error;
        return r;
      case Step::Kind::kCname: {
        Add(r, current, *s.set);
        std::string target = s.set->records.front().target;
        if (seen.count(target)) {
          r.rcode = Rcode::kServFail;
          r.error = "CNAME loop at " + target;
          r.answers.clear();
          return r;
        }
        current = target;
        break;
      }
    }
  }
  r.rcode = Rcode::kServFail;
  r.error = "the CNAME chain is longer than " + std::to_string(kMaxChainLength);
  r.answers.clear();
  return r;
}

}  // namespace vnet::dns
