// DnsView's types and lookups, and the private side of the view: private DNS zones and their
// record sets, VNet links, and the A records registration links create for VMs.
#include "compile/dns_view.h"

#include <algorithm>

#include "base/strings.h"
#include "compile/internal/dns_view_impl.h"

namespace vnet::compile {

namespace {

using internal::AddRecord;
using internal::NormalizeName;

constexpr std::string_view kZoneType = "Microsoft.Network/privateDnsZones";
constexpr std::string_view kLinkType = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";

uint32_t Uint32(const Json& obj, const char* key, uint32_t fallback = 0) {
  int64_t v = Int(obj, key, fallback);
  return v < 0 ? 0 : v > 0xFFFFFFFFLL ? 0xFFFFFFFFu : static_cast<uint32_t>(v);
}
uint16_t Uint16(const Json& obj, const char* key) {
  int64_t v = Int(obj, key, 0);
  return v < 0 || v > 0xFFFF ? 0 : static_cast<uint16_t>(v);
}

// The records of one record set document of `type`; unparsable entries are noted and skipped.
std::vector<DnsRecord> ReadRecords(RrType type, const Json& p, const std::string& id,
                                   std::vector<std::string>& notes) {
  std::vector<DnsRecord> out;
  auto bad = [&](const std::string& what) { notes.push_back(id + ": " + what + " skipped"); };
  auto address = [&](const Json& r, const char* key, bool v4) {
    Result<net::IpAddress> ip = net::IpAddress::Parse(String(r, key));
    if (!ip.ok() || ip->is_v4() != v4) return bad(std::string(key) + " '" + String(r, key) + "'");
    DnsRecord d;
    d.ip = *ip;
    out.push_back(d);
  };
  switch (type) {
    case RrType::kA:
      for (const Json& r : Array(p, "aRecords")) address(r, "ipv4Address", true);
      break;
    case RrType::kAaaa:
      for (const Json& r : Array(p, "aaaaRecords")) address(r, "ipv6Address", false);
      break;
    case RrType::kCname:
      if (std::string c = NormalizeName(String(Props(p, "cnameRecord"), "cname")); !c.empty()) {
        out.push_back(DnsRecord{.target = c});
      }
      break;
    case RrType::kMx:
      for (const Json& r : Array(p, "mxRecords")) {
        out.push_back(DnsRecord{.target = NormalizeName(String(r, "exchange")),
                                .preference = Uint16(r, "preference")});
      }
      break;
    case RrType::kPtr:
      for (const Json& r : Array(p, "ptrRecords")) {
        out.push_back(DnsRecord{.target = NormalizeName(String(r, "ptrdname"))});
      }
      break;
    case RrType::kSrv:
      for (const Json& r : Array(p, "srvRecords")) {
        out.push_back(DnsRecord{.target = NormalizeName(String(r, "target")),
                                .priority = Uint16(r, "priority"),
                                .weight = Uint16(r, "weight"),
                                .port = Uint16(r, "port")});
      }
      break;
    case RrType::kTxt:
      for (const Json& r : Array(p, "txtRecords")) {
        DnsRecord d;
        d.texts = Strings(r, "value");
        out.push_back(d);
      }
      break;
    case RrType::kSoa: {
      const Json& s = Props(p, "soaRecord");
      DnsRecord d;
      d.target = NormalizeName(String(s, "host"));
      d.rname = NormalizeName(String(s, "email"));
      d.serial = Uint32(s, "serialNumber", 1);
      d.refresh = Uint32(s, "refreshTime", 3600);
      d.retry = Uint32(s, "retryTime", 300);
      d.expire = Uint32(s, "expireTime", 2419200);
      d.minimum = Uint32(s, "minimumTtl", 10);
      out.push_back(d);
      break;
    }
    default:
      break;
  }
  return out;
}

// Every private zone with its record sets; returns zone key -> index.
std::map<std::string, Index> AddPrivateZones(const model::DocMap& docs, DnsView& view) {
  std::map<std::string, Index> by_key;
  for (const auto& [key, doc] : docs) {
    if (!doc->type || !EqualsIgnoreCase(doc->type->name, kZoneType)) continue;
    DnsZone z;
    z.kind = DnsZone::Kind::kPrivate;
    z.id = doc->id.ToString();
    z.name = NormalizeName(doc->id.name());
    // The SOA every zone has (its own record set replaces this when present).
    z.soa = DnsRecordSet{RrType::kSoa,
                         3600,
                         {DnsRecord{.target = "azureprivatedns.net",
                                    .rname = "azureprivatedns-host.microsoft.com",
                                    .serial = 1,
                                    .refresh = 3600,
                                    .retry = 300,
                                    .expire = 2419200,
                                    .minimum = 10}},
                         "",
                         false};
    by_key[key] = static_cast<Index>(view.zones.size());
    view.zones.push_back(std::move(z));
  }
  for (const auto& [key, doc] : docs) {
    if (!doc->type) continue;
    std::string_view type = doc->type->name;
    if (!StartsWithIgnoreCase(type, std::string(kZoneType) + "/") ||
        EqualsIgnoreCase(type, kLinkType)) {
      continue;
    }
    Result<RrType> rr = ParseRrType(type.substr(kZoneType.size() + 1));
    auto zone = by_key.find(doc->id.Parent().Key());
    if (!rr.ok() || zone == by_key.end()) continue;
    DnsZone& z = view.zones[zone->second];
    const Json& p = Props(doc->body);
    DnsRecordSet set;
    set.type = *rr;
    set.ttl = Uint32(p, "ttl", 3600);
    set.id = doc->id.ToString();
    set.records = ReadRecords(*rr, p, set.id, view.notes);
    if (*rr == RrType::kSoa) {
      if (!set.records.empty()) z.soa = set;
      continue;
    }
    const std::string& name = doc->id.name();
    std::string owner = name == "@" ? z.name : NormalizeName(name) + "." + z.name;
    std::vector<DnsRecordSet>& sets = z.names[owner];
    sets.push_back(std::move(set));
  }
  return by_key;
}

void AddLinks(const model::DocMap& docs, const Topology& t,
              const std::map<std::string, Index>& zones, DnsView& view) {
  view.links.assign(t.vnets.size(), {});
  for (const auto& [key, doc] : docs) {
    if (!doc->type || !EqualsIgnoreCase(doc->type->name, kLinkType)) continue;
    auto zone = zones.find(doc->id.Parent().Key());
    if (zone == zones.end()) continue;
    const Json& p = Props(doc->body);
    Index vnet = t.Find(String(Props(p, "virtualNetwork"), "id"));
    if (vnet == kNoIndex || vnet >= t.vnets.size() ||
        !EqualsIgnoreCase(t.vnets[vnet].id, String(Props(p, "virtualNetwork"), "id"))) {
      continue;
    }
    view.links[vnet].push_back(
        DnsLink{zone->second, doc->id.ToString(), Bool(p, "registrationEnabled", false),
                EqualsIgnoreCase(String(p, "resolutionPolicy"), "NxDomainRedirect")});
  }
}

// Auto-registration: each VM whose primary NIC is in a VNet with a registration link gets an A
// record named after its computer name (or its name) in that zone, unless the zone already holds
// a record set of that name (a manual record wins).
void AddRegistrations(const model::DocMap& docs, const Topology& t, DnsView& view) {
  for (const Vm& vm : t.vms) {
    if (vm.nics.empty()) continue;
    const Nic& nic = t.nics[vm.nics.front()];
    const IpConfig* ip = nic.Primary();
    if (!ip || ip->subnet == kNoIndex) continue;
    Index vnet = t.subnets[ip->subnet].vnet;
    const model::Doc* doc = internal::DocOf(docs, vm.id);
    std::string host = doc ? String(Props(Props(doc->body), "osProfile"), "computerName") : "";
    if (host.empty()) host = vm.name;
    host = NormalizeName(host);
    for (const DnsLink& link : view.links[vnet]) {
      if (!link.registration) continue;
      DnsZone& z = view.zones[link.zone];
      std::string owner = host + "." + z.name;
      if (z.names.count(owner)) continue;
      DnsRecordSet set{
          RrType::kA, kRegisteredRecordTtl, {DnsRecord{.ip = ip->private_ip}}, "", true};
      z.names[owner].push_back(std::move(set));
    }
  }
}

}  // namespace

namespace internal {

const model::Doc* DocOf(const model::DocMap& docs, std::string_view id) {
  auto it = docs.find(AsciiLower(id));
  return it == docs.end() ? nullptr : it->second.get();
}

std::string NormalizeName(std::string_view name) {
  std::string out = AsciiLower(name);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

void AddRecord(DnsZone& zone, const std::string& owner, RrType type, uint32_t ttl, DnsRecord r) {
  std::vector<DnsRecordSet>& sets = zone.names[owner];
  for (DnsRecordSet& s : sets) {
    if (s.type == type) {
      s.records.push_back(std::move(r));
      return;
    }
  }
  sets.push_back(DnsRecordSet{type, ttl, {std::move(r)}, "", false});
}

}  // namespace internal

const char* RrTypeName(RrType t) {
  switch (t) {
    case RrType::kA:
      return "A";
    case RrType::kNs:
      return "NS";
    case RrType::kCname:
      return "CNAME";
    case RrType::kSoa:
      return "SOA";
    case RrType::kPtr:
      return "PTR";
    case RrType::kMx:
      return "MX";
    case RrType::kTxt:
      return "TXT";
    case RrType::kAaaa:
      return "AAAA";
    case RrType::kSrv:
      return "SRV";
    case RrType::kAny:
      return "ANY";
  }
  return "TYPE";
}

Result<RrType> ParseRrType(std::string_view name) {
  for (RrType t : {RrType::kA, RrType::kNs, RrType::kCname, RrType::kSoa, RrType::kPtr, RrType::kMx,
                   RrType::kTxt, RrType::kAaaa, RrType::kSrv, RrType::kAny}) {
    if (EqualsIgnoreCase(name, RrTypeName(t))) return t;
  }
  return Status::InvalidArgument("InvalidRecordType",
                                 "the record type '" + std::string(name) +
                                     "' is not one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT");
}

bool InZone(std::string_view fqdn, std::string_view zone) {
  if (zone.empty()) return true;
  if (fqdn.size() < zone.size() || !fqdn.ends_with(zone)) return false;
  return fqdn.size() == zone.size() || fqdn[fqdn.size() - zone.size() - 1] == '.';
}

const std::vector<DnsRecordSet>* DnsZone::Find(std::string_view fqdn) const {
  auto it = names.find(fqdn);
  return it == names.end() ? nullptr : &it->second;
}

bool DnsZone::HasNamesBelow(std::string_view fqdn) const {
  // Names below `fqdn` end with "." + fqdn; they are not contiguous in the map's order, so scan
  // (zones hold at most thousands of names, and this runs only for names that are absent).
  for (const auto& [owner, sets] : names) {
    if (owner.size() > fqdn.size() && InZone(owner, fqdn)) return true;
  }
  return false;
}

const DnsLink* DnsView::LinkedZoneFor(Index vnet, std::string_view fqdn) const {
  if (vnet >= links.size()) return nullptr;
  const DnsLink* best = nullptr;
  size_t best_len = 0;
  for (const DnsLink& l : links[vnet]) {
    const std::string& name = zones[l.zone].name;
    if (InZone(fqdn, name) && (!best || name.size() > best_len)) {
      best = &l;
      best_len = name.size();
    }
  }
  return best;
}

const DnsZone* DnsView::PublicZoneFor(std::string_view fqdn) const {
  // The longest suffix first: the name itself, then each parent.
  std::string_view s = fqdn;
  while (!s.empty()) {
    if (auto it = public_zones.find(s); it != public_zones.end()) return &zones[it->second];
    size_t dot = s.find('.');
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return nullptr;
}

std::shared_ptr<const DnsView> BuildDnsView(const model::DocMap& docs,
                                            std::shared_ptr<const Topology> topology,
                                            int64_t revision) {
  auto view = std::make_shared<DnsView>();
  view->revision = revision;
  view->topology = topology;
  const Topology& t = *topology;
  std::map<std::string, Index> zones = AddPrivateZones(docs, *view);
  AddLinks(docs, t, zones, *view);
  AddRegistrations(docs, t, *view);
  internal::AddPublicNames(docs, t, *view);
  internal::AddCustomServers(docs, t, *view);
  return view;
}

}  // namespace vnet::compile
