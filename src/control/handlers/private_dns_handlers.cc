// Rules of private DNS zones, their record sets and virtual network links (SEMANTICS.md 9.3-9.4):
// zone names (two or more labels, not one of Azure's reserved names), the SOA record a zone is
// born with, record set contents, CNAME exclusivity, one link per (zone, VNet) and one
// auto-registration zone per VNet.
#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

namespace {

constexpr char kZoneType[] = "Microsoft.Network/privateDnsZones";
constexpr char kLinkType[] = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
constexpr size_t kMaxRecordsPerSet = 20;

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

bool IsRecordSetType(std::string_view type) {
  return StartsWithIgnoreCase(type, "Microsoft.Network/privateDnsZones/") &&
         !EqualsIgnoreCase(type, kLinkType);
}

class PrivateDnsZoneHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    std::vector<std::string_view> labels = Split(name, '.');
    if (labels.size() < 2 || labels.size() > 34) {
      ctx.problems.Add(Invalid("BadRequest", "The Private DNS zone name '" + name +
                                                 "' must have between 2 and 34 labels."));
      return;
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
        ctx.problems.Add(Invalid(
            "BadRequest",
            "The Private DNS zone name '" + name +
                "' is not permitted as it is a reserved Azure infrastucture domain and creating "
                "such zones may have unintended consequences for DNS resolution for services "
                "deployed in your virtual networks."));
        return;
      }
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
  static void CreateSoa(PutContext& ctx) {
    arm::ResourceId id = ctx.id.Child("SOA", "@");
    Json soa{{"id", id.ToString()},
             {"name", "@"},
             {"type", "Microsoft.Network/privateDnsZones/SOA"},
             {"properties",
              {{"ttl", 3600},
               {"fqdn", ctx.id.name() + "."},
               {"isAutoRegistered", false},
               {"provisioningState", "Succeeded"},
               {"soaRecord",
                {{"host", "azureprivatedns.net"},
                 {"email", "azureprivatedns-host.microsoft.com"},
                 {"serialNumber", 1},
                 {"refreshTime", 3600},
                 {"retryTime", 300},
                 {"expireTime", 2419200},
                 {"minimumTtl", 10}}}}}};
    ctx.txn.Put(
        Doc{id, model::FindResourceType("Microsoft.Network/privateDnsZones/SOA"), soa, "", 0});
  }
};

// Record sets: A, AAAA, CNAME, MX, PTR, SOA, SRV, TXT.
class RecordSetHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    std::string type(model::ShortTypeName(ctx.id.FullType()));
    const std::string& name = ctx.id.name();
    const Doc* zone = ctx.txn.Find(ctx.id.Parent());
    Json& props = ctx.doc["properties"];
    if (EqualsIgnoreCase(type, "SOA") && (name != "@" || !ctx.existing)) {
      ctx.problems.Add(Invalid("BadRequest",
                               "The SOA record set of a zone is '@' and is created "
                               "with the zone; it can only be updated."));
      return;
    }
    if (!Get(props, "ttl")) props["ttl"] = 3600;
    if (!props["ttl"].is_number_integer() || props["ttl"].get<int64_t>() < 0 ||
        props["ttl"].get<int64_t>() > 2147483647) {
      ctx.problems.Add(Invalid("BadRequest", "ttl must be an integer from 0 to 2147483647."));
    }
    CheckRecords(ctx, AsciiLower(type), props);
    // A CNAME owns its name alone.
    for (const Doc* sibling : ctx.txn.ChildrenOf(ctx.id.Parent().Key())) {
      if (!IsRecordSetType(sibling->type->name) || sibling->key() == ctx.id.Key()) continue;
      if (!EqualsIgnoreCase(sibling->id.name(), name)) continue;
      bool cname_here = EqualsIgnoreCase(type, "CNAME");
      bool cname_there = EqualsIgnoreCase(model::ShortTypeName(sibling->type->name), "CNAME");
      if (cname_here || cname_there) {
        ctx.problems.Add(
            Conflict("Conflict", cname_here ? "The CNAME record could not be created because "
                                              "another record with the same name already "
                                              "exists in this zone."
                                            : "The record could not be created because a CNAME "
                                              "record with the same name already exists in "
                                              "this zone."));
      }
    }
    std::string zone_name = zone ? zone->id.name() : ctx.id.Parent().name();
    props["fqdn"] = (name == "@" ? "" : name + ".") + zone_name + ".";
    props["isAutoRegistered"] = false;
  }

 private:
  static void CheckCount(PutContext& ctx, const Json& list) {
    if (list.size() > kMaxRecordsPerSet) {
      ctx.problems.Add(Invalid("BadRequest", "A record set holds at most 20 records."));
    }
  }

  static void CheckRecords(PutContext& ctx, const std::string& type, const Json& props) {
    auto list = [&](const char* key) -> const Json& {
      static const Json kEmpty = Json::array();
      const Json* v = Get(props, key);
      return v && v->is_array() ? *v : kEmpty;
    };
    if (type == "a" || type == "aaaa") {
      const char* key = type == "a" ? "aRecords" : "aaaaRecords";
      const char* field = type == "a" ? "ipv4Address" : "ipv6Address";
      CheckCount(ctx, list(key));
      for (const Json& r : list(key)) {
        Result<net::IpAddress> ip = net::IpAddress::Parse(GetString(r, field));
        if (!ip.ok() || ip->is_v4() != (type == "a")) {
          ctx.problems.Add(Invalid("BadRequest", "'" + GetString(r, field) + "' is not a valid " +
                                                     (type == "a" ? "IPv4" : "IPv6") +
                                                     " address."));
        }
      }
    } else if (type == "cname") {
      const Json* c = Get(props, "cnameRecord");
      if (c && GetString(*c, "cname").empty()) {
        ctx.problems.Add(Invalid("BadRequest", "cnameRecord.cname must not be empty."));
      }
    } else if (type == "mx") {
      CheckCount(ctx, list("mxRecords"));
    } else if (type == "ptr") {
      CheckCount(ctx, list("ptrRecords"));
    } else if (type == "srv") {
      CheckCount(ctx, list("srvRecords"));
      for (const Json& r : list("srvRecords")) {
        for (const char* k : {"priority", "weight", "port"}) {
          const Json* v = Get(r, k);
          if (v && (!v->is_number_integer() || v->get<int64_t>() < 0 || v->get<int64_t>() > 65535))
            ctx.problems.Add(Invalid("BadRequest", std::string("srv ") + k + " must be 0..65535."));
        }
      }
    } else if (type == "txt") {
      CheckCount(ctx, list("txtRecords"));
    }
  }
};

class VirtualNetworkLinkHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    ctx.doc["location"] = "global";
    Json& props = ctx.doc["properties"];
    if (!Get(props, "virtualNetwork")) {
      ctx.problems.Add(Invalid("BadRequest", "A virtual network link must name virtualNetwork."));
      return;
    }
    const Doc* vnet = ResolveRef(ctx, props, "virtualNetwork", "Microsoft.Network/virtualNetworks",
                                 "virtualNetwork");
    if (!vnet) return;
    if (!Get(props, "registrationEnabled")) props["registrationEnabled"] = false;
    if (!props["registrationEnabled"].is_boolean()) {
      ctx.problems.Add(Invalid("BadRequest", "registrationEnabled must be a boolean."));
      return;
    }
    if (Get(props, "resolutionPolicy")) {
      std::string policy = GetString(props, "resolutionPolicy");
      if (!EqualsIgnoreCase(policy, "Default") && !EqualsIgnoreCase(policy, "NxDomainRedirect")) {
        ctx.problems.Add(
            Invalid("BadRequest", "resolutionPolicy must be Default or NxDomainRedirect."));
      }
    }
    bool registration = props["registrationEnabled"].get<bool>();
    for (const Ref& ref : ctx.txn.Referrers(vnet->key())) {
      const Doc* other = ctx.txn.Find(ref.source_key);
      if (!other || other->key() == ctx.id.Key() || !EqualsIgnoreCase(other->type->name, kLinkType))
        continue;
      if (other->id.Parent() == ctx.id.Parent()) {
        ctx.problems.Add(Invalid("BadRequest",
                                 "A virtual network cannot be linked to multiple zones with "
                                 "overlapping namespaces. You tried to link virtual network " +
                                     vnet->id.ToString() + " to zone " + ctx.id.Parent().name() +
                                     " twice."));
      } else if (registration && GetBool(PropsOf(other->body), "registrationEnabled", false)) {
        ctx.problems.Add(Conflict("Conflict",
                                  "A virtual network can only be linked to 1 Private DNS zone(s) "
                                  "with auto-registration enabled; conflicting Private DNS zone "
                                  "is '" +
                                      other->id.Parent().ToString() + "'."));
      }
    }
    props["virtualNetworkLinkState"] = "Completed";
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
