// Rules of private DNS zones, their record sets and virtual network links (SEMANTICS.md 9.3-9.4):
// zone names (two to 34 labels, not one of Azure's reserved names), the SOA record a zone is
// born with, record set contents, CNAME exclusivity, one link per (zone, VNet), one
// auto-registration zone per VNet, and no zone deletion while links exist.
#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

namespace {

constexpr char kZoneType[] = "Microsoft.Network/privateDnsZones";
constexpr char kLinkType[] = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
constexpr size_t kMinLabels = 2;
constexpr size_t kMaxLabels = 34;
constexpr size_t kMaxRecordsPerSet = 20;
constexpr int64_t kMaxTtl = 2147483647;
constexpr int64_t kMaxUint16 = 65535;

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

bool IsRecordSetType(std::string_view type) {
  return StartsWithIgnoreCase(type, "Microsoft.Network/privateDnsZones/") &&
         !EqualsIgnoreCase(type, kLinkType);
}

// True when the resource group goes away with this delete (then every check of "what is inside"
// is moot: everything goes).
bool GroupDeleted(const Txn& txn, const arm::ResourceId& id) {
  return txn.erased(arm::ResourceId::ResourceGroup(id.subscription(), id.resource_group()).Key());
}

Status BadRequest(std::string message) { return Invalid("BadRequest", std::move(message)); }

class PrivateDnsZoneHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Status name = CheckZoneName(ctx.id.name());
    if (!name.ok()) {
      ctx.problems.Add(name);
      return;
    }
    ctx.doc["location"] = "global";
    Json& props = ctx.doc["properties"];
    props["maxNumberOfRecordSets"] = 25000;
    props["maxNumberOfVirtualNetworkLinks"] = 1000;
    props["maxNumberOfVirtualNetworkLinksWithRegistration"] = 100;
    for (const char* counter : {"numberOfRecordSets", "numberOfVirtualNetworkLinks",
                                "numberOfVirtualNetworkLinksWithRegistration"})
      props.erase(counter);  // rendered
    if (!ctx.existing) CreateSoa(ctx);
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    int64_t record_sets = 0, links = 0, registration_links = 0;
    for (const std::string& key : view.ChildKeys(doc.key())) {
      const Doc* child = view.Find(key);
      if (!child) continue;
      if (EqualsIgnoreCase(child->type->name, kLinkType)) {
        ++links;
        if (GetBool(PropsOf(child->body), "registrationEnabled", false)) ++registration_links;
      } else if (IsRecordSetType(child->type->name)) {
        ++record_sets;
      }
    }
    Json& props = out["properties"];
    props["numberOfRecordSets"] = record_sets;
    props["numberOfVirtualNetworkLinks"] = links;
    props["numberOfVirtualNetworkLinksWithRegistration"] = registration_links;
  }

 private:
  static Status CheckZoneName(const std::string& name) {
    std::vector<std::string_view> labels = Split(name, '.');
    if (labels.size() < kMinLabels) {
      return BadRequest("The zone name '" + name +
                        "' does not have enough labels. Zone names must have two or more labels.");
    }
    if (labels.size() > kMaxLabels) {
      return BadRequest("The zone name '" + name +
                        "' has too many labels. Zone names can have at most 34 labels.");
    }
    for (std::string_view l : labels) {
      if (l.empty() || l.size() > 63) {
        return BadRequest("The zone name '" + name +
                          "' has an empty label or a label longer "
                          "than 63 characters.");
      }
    }
    static const char* const kReserved[] = {"azclient.ms",
                                            "azure.com",
                                            "cloudapp.net",
                                            "core.windows.net",
                                            "microsoft.com",
                                            "msidentity.com",
                                            "trafficmanager.net",
                                            "windows.net",
                                            "azure.us",
                                            "usgovcloudapi.net",
                                            "core.usgovcloudapi.net",
                                            "azure.cn",
                                            "chinacloudapi.cn",
                                            "core.chinacloudapi.cn"};
    for (const char* r : kReserved) {
      if (EqualsIgnoreCase(name, r)) {
        return BadRequest(
            "The Private DNS zone name '" + name +
            "' is not permitted as it is a reserved Azure infrastucture domain and creating such "
            "zones may have unintended consequences for DNS resolution for services deployed in "
            "your virtual networks. Refer "
            "https://docs.microsoft.com/en-us/azure/dns/private-dns-privatednszone#restrictions "
            "for more details.");
      }
    }
    return {};
  }

  // The SOA record set "@" every zone is born with, as the recordings show it.
  static void CreateSoa(PutContext& ctx) {
    arm::ResourceId id = ctx.id.Child("SOA", "@");
    Json soa{{"id", id.ToString()},
             {"name", "@"},
             {"type", std::string(kZoneType) + "/SOA"},
             {"properties",
              {{"ttl", 3600},
               {"fqdn", ctx.id.name() + "."},
               {"isAutoRegistered", false},
               {"soaRecord",
                {{"host", "azureprivatedns.net"},
                 {"email", "azureprivatedns-host.microsoft.com"},
                 {"serialNumber", 1},
                 {"refreshTime", 3600},
                 {"retryTime", 300},
                 {"expireTime", 2419200},
                 {"minimumTtl", 10}}}}}};
    ctx.txn.Put(Doc{id, model::FindResourceType(std::string(kZoneType) + "/SOA"), soa, "", 0});
  }
};

// The record array of each type and the element count limit.
const char* RecordArrayOf(const std::string& type) {
  if (type == "a") return "aRecords";
  if (type == "aaaa") return "aaaaRecords";
  if (type == "mx") return "mxRecords";
  if (type == "ptr") return "ptrRecords";
  if (type == "srv") return "srvRecords";
  if (type == "txt") return "txtRecords";
  return nullptr;
}

// Record sets: A, AAAA, CNAME, MX, PTR, SOA, SRV, TXT.
class RecordSetHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    std::string type = AsciiLower(model::ShortTypeName(ctx.id.FullType()));
    const std::string& name = ctx.id.name();
    Json& props = ctx.doc["properties"];
    if (type == "soa" && (name != "@" || !ctx.existing)) {
      ctx.problems.Add(
          BadRequest("The SOA record set of a zone is '@' and is created with the "
                     "zone; it can only be updated."));
      return;
    }
    if (!Get(props, "ttl")) props["ttl"] = 3600;
    if (!props["ttl"].is_number_integer() || props["ttl"].get<int64_t>() < 0 ||
        props["ttl"].get<int64_t>() > kMaxTtl) {
      ctx.problems.Add(BadRequest("ttl must be an integer from 0 to 2147483647."));
    }
    if (const char* array = RecordArrayOf(type)) {
      if (!Get(props, array)) props[array] = Json::array();
      if (!props[array].is_array()) {
        ctx.problems.Add(BadRequest(std::string(array) + " must be an array."));
        return;
      }
      if (props[array].size() > kMaxRecordsPerSet) {
        ctx.problems.Add(BadRequest("A record set holds at most 20 records."));
      }
    }
    CheckRecords(ctx, type, props);
    CheckCnameExclusive(ctx, type);
    std::string zone_name = ctx.id.Parent().name();
    props["fqdn"] = (name == "@" ? "" : name + ".") + zone_name + ".";
    props["isAutoRegistered"] = false;
  }

  // The SOA goes only with its zone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    if (EqualsIgnoreCase(model::ShortTypeName(doc.type->name), "SOA") &&
        txn.Find(doc.id.Parent())) {
      return BadRequest("The SOA record set of a zone cannot be deleted.");
    }
    return {};
  }

  // Private DNS record sets carry no provisioningState (the recordings show none).
  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    (void)view;
    (void)doc;
    if (out.contains("properties") && out["properties"].is_object())
      out["properties"].erase("provisioningState");
  }

 private:
  // A CNAME owns its name alone (error-codes.md 14e).
  static void CheckCnameExclusive(PutContext& ctx, const std::string& type) {
    for (const Doc* sibling : ctx.txn.ChildrenOf(ctx.id.Parent().Key())) {
      if (!IsRecordSetType(sibling->type->name) || sibling->key() == ctx.id.Key()) continue;
      if (!EqualsIgnoreCase(sibling->id.name(), ctx.id.name())) continue;
      bool cname_here = type == "cname";
      bool cname_there = EqualsIgnoreCase(model::ShortTypeName(sibling->type->name), "CNAME");
      if (cname_here) {
        ctx.problems.Add(Conflict("Conflict",
                                  "The CNAME record could not be created because another record "
                                  "with the same name already exists in this zone."));
        return;
      }
      if (cname_there) {
        ctx.problems.Add(Conflict("Conflict",
                                  "The record could not be created because a CNAME record with "
                                  "the same name already exists in this zone."));
        return;
      }
    }
  }

  static void CheckUint16(PutContext& ctx, const Json& record, const char* key, const char* what) {
    const Json* v = Get(record, key);
    if (!v || !v->is_number_integer() || v->get<int64_t>() < 0 || v->get<int64_t>() > kMaxUint16) {
      ctx.problems.Add(BadRequest(std::string(what) + " " + key + " must be 0..65535."));
    }
  }

  static void CheckName(PutContext& ctx, const Json& record, const char* key, const char* what) {
    if (GetString(record, key).empty()) {
      ctx.problems.Add(BadRequest(std::string(what) + " " + key + " must not be empty."));
    }
  }

  static void CheckRecords(PutContext& ctx, const std::string& type, const Json& props) {
    static const Json kNone = Json::array();
    const char* array = RecordArrayOf(type);
    const Json* records = array ? Get(props, array) : nullptr;
    for (const Json& r : records && records->is_array() ? *records : kNone) {
      if (type == "a" || type == "aaaa") {
        const char* field = type == "a" ? "ipv4Address" : "ipv6Address";
        Result<net::IpAddress> ip = net::IpAddress::Parse(GetString(r, field));
        if (!ip.ok() || ip->is_v4() != (type == "a")) {
          ctx.problems.Add(BadRequest("'" + GetString(r, field) + "' is not a valid " +
                                      (type == "a" ? "IPv4" : "IPv6") + " address."));
        }
      } else if (type == "mx") {
        CheckUint16(ctx, r, "preference", "mx");
        CheckName(ctx, r, "exchange", "mx");
      } else if (type == "ptr") {
        CheckName(ctx, r, "ptrdname", "ptr");
      } else if (type == "srv") {
        for (const char* k : {"priority", "weight", "port"}) CheckUint16(ctx, r, k, "srv");
        CheckName(ctx, r, "target", "srv");
      } else if (type == "txt") {
        const Json* v = Get(r, "value");
        if (!v || !v->is_array() || v->empty()) {
          ctx.problems.Add(BadRequest("txt value must be a non-empty array of strings."));
        }
      }
    }
    if (type == "cname") {
      const Json* c = Get(props, "cnameRecord");
      if (c && GetString(*c, "cname").empty()) {
        ctx.problems.Add(BadRequest("cnameRecord.cname must not be empty."));
      }
    }
  }
};

class VirtualNetworkLinkHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    ctx.doc["location"] = "global";
    Json& props = ctx.doc["properties"];
    if (!Get(props, "virtualNetwork")) {
      ctx.problems.Add(BadRequest("A virtual network link must name virtualNetwork."));
      return;
    }
    const Doc* vnet = ResolveRef(ctx, props, "virtualNetwork", "Microsoft.Network/virtualNetworks",
                                 "virtualNetwork");
    if (!vnet) return;
    if (!Get(props, "registrationEnabled")) props["registrationEnabled"] = false;
    if (!props["registrationEnabled"].is_boolean()) {
      ctx.problems.Add(BadRequest("registrationEnabled must be a boolean."));
      return;
    }
    if (Get(props, "resolutionPolicy")) {
      std::string policy = GetString(props, "resolutionPolicy");
      if (EqualsIgnoreCase(policy, "Default")) {
        props["resolutionPolicy"] = "Default";
      } else if (EqualsIgnoreCase(policy, "NxDomainRedirect")) {
        props["resolutionPolicy"] = "NxDomainRedirect";
      } else {
        ctx.problems.Add(BadRequest("resolutionPolicy must be Default or NxDomainRedirect."));
      }
    }
    CheckOtherLinks(ctx, *vnet, props["registrationEnabled"].get<bool>());
    props["virtualNetworkLinkState"] = "Completed";
  }

  // A zone that still has links cannot be deleted (ARM's nested resource rule); the link itself
  // can always be.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    arm::ResourceId zone = doc.id.Parent();
    if (txn.Find(zone) || GroupDeleted(txn, doc.id)) return {};
    return Conflict("CannotDeleteResource",
                    "Cannot delete resource while nested resources exist. Some existing nested "
                    "resource IDs include: 'Microsoft.Network/privateDnsZones/" +
                        zone.name() + "/virtualNetworkLinks/" + doc.id.name() +
                        "'. Please delete all nested resources before deleting this resource.");
  }

 private:
  // One link per (zone, VNet) (error-codes.md 14c); one registration zone per VNet (14d).
  static void CheckOtherLinks(PutContext& ctx, const Doc& vnet, bool registration) {
    for (const Ref& ref : ctx.txn.Referrers(vnet.key())) {
      const Doc* other = ctx.txn.Find(ref.source_key);
      if (!other || other->key() == ctx.id.Key() || !EqualsIgnoreCase(other->type->name, kLinkType))
        continue;
      if (other->id.Parent() == ctx.id.Parent()) {
        ctx.problems.Add(BadRequest(
            "A virtual network cannot be linked to multiple zones with overlapping namespaces. "
            "You tried to link virtual network with '" +
            ctx.id.Parent().name() + "' and '" + other->id.Parent().name() + "' zones."));
      } else if (registration && GetBool(PropsOf(other->body), "registrationEnabled", false)) {
        ctx.problems.Add(Conflict("Conflict",
                                  "A virtual network can only be linked to 1 Private DNS zone(s) "
                                  "with auto-registration enabled; conflicting Private DNS zone "
                                  "is '" +
                                      other->id.Parent().ToString() + "'."));
      }
    }
  }
};

}  // namespace

void AddPrivateDnsHandlers(std::vector<Registration>& out) {
  static const PrivateDnsZoneHandler kZone;
  static const RecordSetHandler kRecordSet;
  static const VirtualNetworkLinkHandler kLink;
  out.push_back({kZoneType, &kZone});
  out.push_back({kLinkType, &kLink});
  static const std::vector<std::string> kRecordTypes = [] {
    std::vector<std::string> v;
    for (const char* t : {"A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT"})
      v.push_back(std::string(kZoneType) + "/" + t);
    return v;
  }();
  for (const std::string& t : kRecordTypes) out.push_back({t, &kRecordSet});
}

}  // namespace vnet::control::handlers
