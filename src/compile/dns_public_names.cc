// The public DNS of the service resources vnetd models (SEMANTICS.md 9.3): each sub-resource's
// name is a CNAME to the resource's front end, whose A record is the resource's public address;
// once the resource has a private endpoint connection for that sub-resource, the chain takes the
// privatelink hop (name CNAME name.privatelink.zone CNAME front end). Front-end names are
// vnetd's own, one per resource and sub-resource, shaped like Azure's (docs/dns.md).
#include <cstdio>
#include <set>
#include <utility>

#include "base/strings.h"
#include "compile/internal/dns_view_impl.h"
#include "model/private_link_names.h"

namespace vnet::compile::internal {

namespace {

// Where each service's front ends live, and the public zones vnetd answers for besides the
// group table's.
constexpr std::string_view kFrontEndZones[] = {"store.core.windows.net",
                                               "control.database.windows.net",
                                               "vaultcore.azure.net", "cloudapp.net"};

std::string Hex8(const net::IpAddress& ip) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", ip.is_v4() ? ip.v4() : static_cast<uint32_t>(ip.lo()));
  return buf;
}

// The front end a sub-resource's name leads to: distinct per public address, so that one name
// never holds two resources' addresses.
std::string FrontEndName(ServiceKind kind, std::string_view group, const std::string& region,
                         const net::IpAddress& ip) {
  std::string g = AsciiLower(group);
  if (size_t s = g.find("_secondary"); s != std::string::npos) g = g.substr(0, s);
  switch (kind) {
    case ServiceKind::kStorage:
      return g + "." + region + "prdstr" + Hex8(ip) + ".store.core.windows.net";
    case ServiceKind::kSql:
      return "cr" + Hex8(ip) + "." + region + "1-a.control.database.windows.net";
    case ServiceKind::kKeyVault:
      return "data-prod-" + region + "-" + Hex8(ip) + ".vaultcore.azure.net";
    case ServiceKind::kCosmosDb:
      return "cdb-ms-prod-" + region + "1-" + g + "-" + Hex8(ip) + ".cloudapp.net";
    case ServiceKind::kEventHub:
    case ServiceKind::kServiceBus:
      return "ns-sb2-prod-" + region + "-" + Hex8(ip) + ".cloudapp.net";
  }
  return "";
}

DnsRecordSet PublicSoa() {
  return DnsRecordSet{RrType::kSoa,
                      3600,
                      {DnsRecord{.target = "ns1-01.azure-dns.com",
                                 .rname = "azuredns-hostmaster.microsoft.com",
                                 .serial = 1,
                                 .refresh = 3600,
                                 .retry = 300,
                                 .expire = 2419200,
                                 .minimum = kPublicNegativeTtl}},
                      "",
                      false};
}

void AddPublicZone(DnsView& view, std::string_view name) {
  if (view.public_zones.count(name)) return;
  DnsZone z;
  z.kind = DnsZone::Kind::kPublic;
  z.name = std::string(name);
  z.soa = PublicSoa();
  view.public_zones.emplace(z.name, static_cast<Index>(view.zones.size()));
  view.zones.push_back(std::move(z));
}

DnsZone& PublicZone(DnsView& view, std::string_view fqdn) {
  // Every name added here lies in a zone AddPublicZones made.
  const DnsZone* z = view.PublicZoneFor(fqdn);
  return view.zones[static_cast<size_t>(z - view.zones.data())];
}

bool HasString(const Json& obj, const char* key, std::string_view value) {
  for (const Json& v : Array(obj, key)) {
    if (v.is_string() && EqualsIgnoreCase(v.get<std::string>(), value)) return true;
    if (v.is_object() && EqualsIgnoreCase(String(v, "name"), value)) return true;
  }
  return false;
}

// Whether a group's names exist publicly for this resource: storage secondaries only with
// read-access geo-redundancy; Cosmos DB's API endpoints only for the API the account serves.
bool GroupIsPublished(const model::Doc* doc, ServiceKind kind, std::string_view group) {
  const Json empty = Json::object();
  const Json& body = doc ? doc->body : empty;
  const Json& p = Props(body);
  std::string g = AsciiLower(group);
  if (kind == ServiceKind::kStorage && g.ends_with("_secondary")) {
    std::string sku = AsciiLower(String(Props(body, "sku"), "name"));
    return sku.find("ragrs") != std::string::npos || sku.find("ragzrs") != std::string::npos;
  }
  if (kind != ServiceKind::kCosmosDb || g == "sql") return true;
  if (g == "mongodb") {
    return EqualsIgnoreCase(String(body, "kind"), "MongoDB") ||
           HasString(p, "capabilities", "EnableMongo");
  }
  if (g == "cassandra") return HasString(p, "capabilities", "EnableCassandra");
  if (g == "gremlin") return HasString(p, "capabilities", "EnableGremlin");
  if (g == "table") return HasString(p, "capabilities", "EnableTable");
  if (g == "analytical") return Bool(p, "enableAnalyticalStorage", false);
  return false;
}

// The (service, lower-case group) pairs for which a private endpoint connection is still held by
// the provider (Pending, Approved or Rejected: SEMANTICS.md section 0, decision 11; a
// Disconnected one has been removed from the resource): these names take the privatelink hop.
std::set<std::pair<Index, std::string>> PrivateLinkHops(const Topology& t) {
  std::set<std::pair<Index, std::string>> out;
  for (const PrivateEndpoint& pe : t.private_endpoints) {
    for (const PeConnection& c : pe.connections) {
      if (c.target == kNoIndex || c.state == ConnectionState::kDisconnected) continue;
      for (const std::string& id : c.group_ids) out.emplace(c.target, id);
    }
  }
  return out;
}

}  // namespace

void AddPublicNames(const model::DocMap& docs, const Topology& t, DnsView& view) {
  for (std::string_view type :
       {"Microsoft.Storage/storageAccounts", "Microsoft.Sql/servers", "Microsoft.KeyVault/vaults",
        "Microsoft.DocumentDB/databaseAccounts", "Microsoft.EventHub/namespaces"}) {
    for (const model::PrivateLinkGroup& g : model::PrivateLinkGroupsOf(type)) {
      AddPublicZone(view, g.public_zone);
      AddPublicZone(view, g.private_zone);
    }
  }
  for (std::string_view z : kFrontEndZones) AddPublicZone(view, z);

  const std::set<std::pair<Index, std::string>> hops = PrivateLinkHops(t);
  for (Index s = 0; s < t.services.size(); ++s) {
    const ServiceResource& res = t.services[s];
    const model::Doc* doc = DocOf(docs, res.id);
    if (!doc) continue;
    const std::string region = model::RegionLabel(res.location);
    for (const model::PrivateLinkGroup& g : model::PrivateLinkGroupsOf(ServiceKindName(res.kind))) {
      if (!GroupIsPublished(doc, res.kind, g.group_id)) continue;
      std::optional<std::vector<model::PrivateLinkMember>> members =
          model::PrivateLinkMembersOf(*doc, g.group_id);
      if (!members) continue;
      const bool hop = hops.count({s, AsciiLower(g.group_id)}) > 0;
      const std::string front = FrontEndName(res.kind, g.group_id, region, res.public_ip);
      for (const model::PrivateLinkMember& m : *members) {
        for (const std::string& fqdn_text : m.fqdns) {
          std::string fqdn = NormalizeName(fqdn_text);
          DnsZone& zone = PublicZone(view, fqdn);
          if (zone.names.count(fqdn)) {
            view.notes.push_back(res.id + ": " + fqdn + " is already another resource's name");
            continue;
          }
          if (hop) {
            std::string pl = model::PrivateLinkNameOf(g, fqdn);
            AddRecord(zone, fqdn, RrType::kCname, kPublicRecordTtl, DnsRecord{.target = pl});
            AddRecord(PublicZone(view, pl), pl, RrType::kCname, kPublicRecordTtl,
                      DnsRecord{.target = front});
          } else {
            AddRecord(zone, fqdn, RrType::kCname, kPublicRecordTtl, DnsRecord{.target = front});
          }
        }
      }
      DnsZone& fz = PublicZone(view, front);
      if (res.has_public_ip && !fz.names.count(front)) {
        AddRecord(fz, front, RrType::kA, kPublicRecordTtl, DnsRecord{.ip = res.public_ip});
      }
    }
  }
}

}  // namespace vnet::compile::internal
