// Rules of private endpoints and their DNS zone groups (SEMANTICS.md sections 8, 9.1 and 9.5).
// Creating a private endpoint allocates its read-only NIC and one address per member of the
// target's group in the subnet, and opens a connection on the target (Approved on the automatic
// path, Pending on the manual one); a zone group writes the endpoint's A records into its zones;
// deleting either takes back what it made.
#include <cstdlib>
#include <optional>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/private_link_connections.h"
#include "model/private_link_names.h"

namespace vnet::control::handlers {

namespace {

constexpr char kPeType[] = "Microsoft.Network/privateEndpoints";
constexpr char kPlsType[] = "Microsoft.Network/privateLinkServices";
constexpr char kNicType[] = "Microsoft.Network/networkInterfaces";
constexpr char kZoneGroupType[] = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
constexpr char kAuto[] = "privateLinkServiceConnections";
constexpr char kManual[] = "manualPrivateLinkServiceConnections";
constexpr size_t kMaxRequestMessage = 140;
constexpr size_t kMaxZonesPerGroup = 5;
constexpr int kZoneRecordTtl = 10;  // SEMANTICS.md section 0, decision 12

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

const Json& ArrayAt(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* v = Get(obj, key);
  return v && v->is_array() ? *v : kEmpty;
}

// One private address of an endpoint: the member it serves and that member's public names.
using Member = model::PrivateLinkMember;

// What a private endpoint connects to.
struct Target {
  const Doc* doc = nullptr;
  bool pls = false;
  std::string group_id;         // as the user spelled it; "" for a private link service
  std::vector<Member> members;  // one private address each
};

// The members of `group` on `target` (SEMANTICS.md 9.1), or nullopt when the type has no such
// group.
std::optional<std::vector<Member>> MembersOf(const Doc& target, const std::string& group) {
  return model::PrivateLinkMembersOf(target, group);
}

bool AcceptsPrivateEndpoints(std::string_view type) {
  for (std::string_view t :
       {"Microsoft.Storage/storageAccounts", "Microsoft.Sql/servers", "Microsoft.KeyVault/vaults",
        "Microsoft.DocumentDB/databaseAccounts", "Microsoft.EventHub/namespaces",
        "Microsoft.ServiceBus/namespaces", kPlsType}) {
    if (EqualsIgnoreCase(t, type)) return true;
  }
  return false;
}

// A private link service by its alias ("<name>.<guid>.<region>.azure.privatelinkservice").
const Doc* FindByAlias(const Txn& txn, const std::string& alias) {
  for (const Doc* pls : txn.OfType(kPlsType)) {
    if (EqualsIgnoreCase(GetString(PropsOf(pls->body), "alias"), alias)) return pls;
  }
  return nullptr;
}

// A decimal LINKID (UINT32) for the proxy protocol header; deterministic per endpoint.
std::string LinkIdentifier(const std::string& pe_key) {
  std::string guid = MakeGuid(pe_key + "#link");
  return std::to_string(std::strtoul(guid.substr(0, 8).c_str(), nullptr, 16));
}

Status ReferenceNotFound(const std::string& ref, const arm::ResourceId& by) {
  return Invalid("InvalidResourceReference",
                 "Resource " + ref + " referenced by resource " + by.ToString() +
                     " was not found. Please make sure that the referenced resource exists, and "
                     "that both resources are in the same region.");
}

class PrivateEndpointHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    SubnetView subnet = CheckSubnet(ctx);
    if (!subnet) return;
    bool manual = false;
    Json* connection = PickConnection(ctx, &manual);
    if (!connection) return;
    Json& cp = (*connection)["properties"];
    if (!CheckNamesAndMessage(ctx, cp)) return;
    for (const char* list : {kAuto, kManual, "applicationSecurityGroups", "ipConfigurations"}) {
      if (!Get(props, list)) props[list] = Json::array();
    }
    if (!Get(props, "customNetworkInterfaceName")) props["customNetworkInterfaceName"] = "";
    props["resourceGuid"] = MakeGuid(ctx.id.Key() + "#guid");
    ShapeConnection(ctx, *connection, manual);
    ShapeIpConfigurations(ctx);
    if (ctx.existing) {
      KeepWhatWasMade(ctx, *connection, manual);
      return;
    }
    std::optional<Target> target = ResolveTarget(ctx, cp, manual);
    if (!target) return;
    std::vector<std::pair<net::IpAddress, bool>> addresses = ChooseAddresses(ctx, subnet, *target);
    if (addresses.size() != target->members.size()) return;
    Create(ctx, subnet, *connection, manual, *target, addresses);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Json& nic : ArrayAt(PropsOf(doc.body), "networkInterfaces")) {
      std::string key = AsciiLower(GetString(nic, "id"));
      if (!key.empty()) txn.Erase(key);
    }
    // The connection leaves the target: every provider document that lists this endpoint.
    for (const Ref& ref : txn.Referrers(doc.key())) {
      const Doc* provider = txn.Find(ref.source_key);
      if (!provider) continue;
      const Json* conns = Get(PropsOf(provider->body), "privateEndpointConnections");
      if (!conns || !conns->is_array()) continue;
      Json kept = Json::array();
      for (const Json& c : *conns) {
        const Json* pe = Get(PropsOf(c), "privateEndpoint");
        if (!pe || !EqualsIgnoreCase(GetString(*pe, "id"), doc.id.ToString())) kept.push_back(c);
      }
      if (kept.size() == conns->size()) continue;
      Doc copy = *provider;
      copy.body["properties"]["privateEndpointConnections"] = kept;
      txn.Put(std::move(copy));
    }
    return {};
  }

 private:
  // requestMessage of at most 140 characters; a valid customNetworkInterfaceName.
  static bool CheckNamesAndMessage(PutContext& ctx, const Json& cp) {
    if (GetString(cp, "requestMessage").size() > kMaxRequestMessage) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "requestMessage is limited to 140 characters."));
      return false;
    }
    std::string nic_name = GetString(ctx.doc["properties"], "customNetworkInterfaceName");
    if (!nic_name.empty() && !arm::IsValidNetworkResourceName(nic_name)) {
      ctx.problems.Add(Invalid("InvalidResourceName",
                               "Resource name " + nic_name +
                                   " is invalid. The name can be up to 80 characters long. It "
                                   "must begin with a word character, and it must end with a word "
                                   "character or with '_'. The name may contain word characters or "
                                   "'.', '-', '_'."));
      return false;
    }
    return true;
  }

  // subnet {id}: required, existing, in the endpoint's region, not delegated (SEMANTICS.md 8.3).
  static SubnetView CheckSubnet(PutContext& ctx) {
    const Json& props = ctx.doc["properties"];
    if (!Get(props, "subnet")) {
      ctx.problems.Add(Invalid("MissingRequiredParameter", "properties.subnet is required."));
      return {};
    }
    const Doc* vnet =
        ResolveRef(ctx, props, "subnet", "Microsoft.Network/virtualNetworks/subnets", "subnet");
    if (!vnet) return {};
    std::string subnet_id = GetString(props["subnet"], "id");
    if (GetString(vnet->body, "location") != GetString(ctx.doc, "location")) {
      ctx.problems.Add(ReferenceNotFound(vnet->id.ToString(), ctx.id));
      return {};
    }
    SubnetView subnet = FindSubnet(ctx.txn, subnet_id);
    if (!ArrayAt(PropsOf(*subnet.subnet), "delegations").empty()) {
      ctx.problems.Add(Invalid("PrivateEndpointCannotBeCreatedInDelegatedSubnet",
                               "Private endpoint " + ctx.id.ToString() +
                                   " cannot be created in subnet " + subnet_id +
                                   " since it has delegations."));
      return {};
    }
    return subnet;
  }

  // Exactly one connection, in one of the two lists.
  static Json* PickConnection(PutContext& ctx, bool* manual) {
    Json& props = ctx.doc["properties"];
    size_t automatic = ArrayAt(props, kAuto).size();
    size_t by_hand = ArrayAt(props, kManual).size();
    if (automatic + by_hand != 1) {
      ctx.problems.Add(Invalid("PrivateEndpointMustHaveOneConnection",
                               "Private endpoint " + ctx.id.ToString() +
                                   " must have exactly one connection, in " + kAuto + " or " +
                                   kManual + "."));
      return nullptr;
    }
    *manual = by_hand == 1;
    Json& connection = props[*manual ? kManual : kAuto][0];
    if (!connection.is_object()) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "A private link service connection must be an object."));
      return nullptr;
    }
    if (!connection.contains("properties") || !connection["properties"].is_object())
      connection["properties"] = Json::object();
    if (GetString(connection["properties"], "privateLinkServiceId").empty()) {
      ctx.problems.Add(Invalid("MissingRequiredParameter",
                               "properties.privateLinkServiceId of the connection is required."));
      return nullptr;
    }
    return &connection;
  }

  static void ShapeConnection(const PutContext& ctx, Json& connection, bool manual) {
    if (GetString(connection, "name").empty()) connection["name"] = ctx.id.name();
    const char* list = manual ? kManual : kAuto;
    connection["id"] = ctx.id.ToString() + "/" + list + "/" + GetString(connection, "name");
    connection["type"] = std::string(kPeType) + "/" + list;
    connection["properties"]["provisioningState"] = "Succeeded";
  }

  static void ShapeIpConfigurations(const PutContext& ctx) {
    Json& configs = ctx.doc["properties"]["ipConfigurations"];
    if (!configs.is_array()) return;
    for (size_t i = 0; i < configs.size(); ++i) {
      Json& c = configs[i];
      if (!c.is_object()) continue;
      if (GetString(c, "name").empty()) c["name"] = "ipconfig" + std::to_string(i + 1);
      c["id"] = ctx.id.ToString() + "/ipConfigurations/" + GetString(c, "name");
      c["type"] = std::string(kPeType) + "/ipConfigurations";
      if (!c.contains("properties") || !c["properties"].is_object())
        c["properties"] = Json::object();
      c["properties"]["provisioningState"] = "Succeeded";
    }
  }

  // privateLinkServiceId: a private link service (or, on the manual path, its alias) or a
  // resource of a type that accepts private endpoints, with a group it offers.
  static std::optional<Target> ResolveTarget(PutContext& ctx, const Json& cp, bool manual) {
    std::string ref = GetString(cp, "privateLinkServiceId");
    Target t;
    if (manual && ref.find('/') == std::string::npos) {
      t.doc = FindByAlias(ctx.txn, ref);
      if (!t.doc) ctx.problems.Add(ReferenceNotFound(ref, ctx.id));
    } else {
      t.doc = ResolveIdText(ctx, ref, "", "privateLinkServiceConnections.privateLinkServiceId");
    }
    if (!t.doc) return std::nullopt;
    std::string_view type = t.doc->type->name;
    if (!AcceptsPrivateEndpoints(type)) {
      ctx.problems.Add(Invalid("PrivateLinkServiceIdNotSupported",
                               "Resource " + ref + " of type " + std::string(type) +
                                   " does not accept private endpoints."));
      return std::nullopt;
    }
    t.pls = EqualsIgnoreCase(type, kPlsType);
    if (t.pls) {
      // A customer service has no groups (any groupIds given are echoed) and one address.
      t.members.push_back({"", GetStringList(PropsOf(t.doc->body), "fqdns")});
      return t;
    }
    std::vector<std::string> groups = GetStringList(cp, "groupIds");
    if (groups.size() != 1) {
      ctx.problems.Add(Invalid("OnlyOneGroupIdPermitted",
                               "Private link service connection of " + ctx.id.ToString() +
                                   " must have exactly one group Id. Only one group Id is "
                                   "permitted when connecting to a first-party resource (" +
                                   ref + ")."));
      return std::nullopt;
    }
    std::optional<std::vector<Member>> members = MembersOf(*t.doc, groups[0]);
    if (!members) {
      ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                               "Call to " + std::string(type) +
                                   " failed. Error message: Values for request parameters are "
                                   "invalid: GroupId: " +
                                   groups[0] + "."));
      return std::nullopt;
    }
    t.group_id = groups[0];
    t.members = std::move(*members);
    return t;
  }

  // On an update the endpoint keeps its target, subnet, NIC, addresses and connection state.
  static void KeepWhatWasMade(PutContext& ctx, Json& connection, bool manual) {
    const Json& old = PropsOf(ctx.existing->body);
    const Json& old_list = ArrayAt(old, manual ? kManual : kAuto);
    const Json& cp = connection["properties"];
    const Json& ocp = old_list.empty() ? Json::object() : PropsOf(old_list[0]);
    auto lower = [](std::vector<std::string> v) {
      for (std::string& s : v) s = AsciiLower(s);
      return v;
    };
    if (old_list.empty() ||
        !EqualsIgnoreCase(GetString(ocp, "privateLinkServiceId"),
                          GetString(cp, "privateLinkServiceId")) ||
        lower(GetStringList(ocp, "groupIds")) != lower(GetStringList(cp, "groupIds"))) {
      ctx.problems.Add(Invalid("PrivateEndpointConnectionCannotBeChanged",
                               "The connection of private endpoint " + ctx.id.ToString() +
                                   " (its target, group and approval path) cannot change; "
                                   "create another private endpoint."));
      return;
    }
    const Json* old_subnet = Get(old, "subnet");
    if (!old_subnet || !EqualsIgnoreCase(GetString(*old_subnet, "id"),
                                         GetString(ctx.doc["properties"]["subnet"], "id"))) {
      ctx.problems.Add(Invalid("PrivateEndpointSubnetCannotBeChanged",
                               "The subnet of private endpoint " + ctx.id.ToString() +
                                   " cannot change; create another private endpoint."));
      return;
    }
    connection["properties"]["privateLinkServiceConnectionState"] =
        PropsOf(old_list[0]).value("privateLinkServiceConnectionState", Json::object());
    Json& props = ctx.doc["properties"];
    for (const char* key : {"networkInterfaces", "customDnsConfigs", "ipConfigurations",
                            "customNetworkInterfaceName"}) {
      if (old.contains(key)) props[key] = old[key];
    }
  }

  // One address per member: the static one of the ipConfigurations entry naming the member (for
  // a private link service: the first entry), else the first free one. Empty on a problem.
  static std::vector<std::pair<net::IpAddress, bool>> ChooseAddresses(PutContext& ctx,
                                                                      const SubnetView& subnet,
                                                                      const Target& target) {
    const Json& configs = ArrayAt(ctx.doc["properties"], "ipConfigurations");
    std::string subnet_key = AsciiLower(subnet.subnet->value("id", ""));
    std::vector<net::IpAddress> used = PrivateAddressesInUse(ctx.txn, subnet_key, "");
    std::vector<std::optional<net::IpAddress>> chosen(target.members.size());
    for (size_t m = 0; m < target.members.size(); ++m) {
      for (const Json& c : configs) {
        const Json& p = PropsOf(c);
        bool match = target.pls
                         ? &c == &configs[0]
                         : EqualsIgnoreCase(GetString(p, "memberName"), target.members[m].name);
        if (!match) continue;
        Result<net::IpAddress> ip = CheckStaticPrivateAddress(
            c.value("id", ""), GetString(p, "privateIPAddress"), *subnet.subnet, used);
        if (!ip.ok()) {
          ctx.problems.Add(ip.status());
          return {};
        }
        used.push_back(*ip);
        chosen[m] = *ip;
        break;
      }
    }
    std::vector<std::pair<net::IpAddress, bool>> out;
    for (const std::optional<net::IpAddress>& c : chosen) {
      if (c) {
        out.emplace_back(*c, true);
        continue;
      }
      Result<net::IpAddress> ip = FirstFreePrivateAddress(*subnet.subnet, used);
      if (!ip.ok()) {
        ctx.problems.Add(ip.status());
        return {};
      }
      used.push_back(*ip);
      out.emplace_back(*ip, false);
    }
    return out;
  }

  static void Create(PutContext& ctx, const SubnetView& subnet, Json& connection, bool manual,
                     const Target& target,
                     const std::vector<std::pair<net::IpAddress, bool>>& addresses) {
    Json& props = ctx.doc["properties"];
    std::optional<arm::ResourceId> nic_id = CreateNic(ctx, subnet, target, addresses);
    if (!nic_id) return;
    props["networkInterfaces"] = Json::array({Json{{"id", nic_id->ToString()}}});
    Json dns = Json::array();
    for (size_t m = 0; m < target.members.size(); ++m) {
      for (const std::string& f : target.members[m].fqdns) {
        dns.push_back(
            Json{{"fqdn", f}, {"ipAddresses", Json::array({addresses[m].first.ToString()})}});
      }
    }
    props["customDnsConfigs"] = dns;
    OpenConnection(ctx, connection, manual, target);
  }

  // The endpoint's NIC: read-only, for the endpoint's lifetime (SEMANTICS.md 8.2).
  static std::optional<arm::ResourceId> CreateNic(
      PutContext& ctx, const SubnetView& subnet, const Target& target,
      const std::vector<std::pair<net::IpAddress, bool>>& addresses) {
    std::string name = GetString(ctx.doc["properties"], "customNetworkInterfaceName");
    // "<pe>.nic.<guid>", the endpoint's name cut so that the whole stays within 80 characters.
    if (name.empty()) name = ctx.id.name().substr(0, 39) + ".nic." + MakeGuid(ctx.id.Key());
    arm::ResourceId group =
        arm::ResourceId::ResourceGroup(ctx.id.subscription(), ctx.id.resource_group());
    Result<arm::ResourceId> parsed =
        arm::ResourceId::Parse(group.ToString() + "/providers/" + kNicType + "/" + name);
    if (!parsed.ok() || !arm::IsValidNetworkResourceName(name)) {
      ctx.problems.Add(
          Invalid("InvalidResourceName", "The network interface name " + name + " is invalid."));
      return std::nullopt;
    }
    const arm::ResourceId& nic_id = *parsed;
    Json ip_configs = Json::array();
    for (size_t m = 0; m < target.members.size(); ++m) {
      const Member& member = target.members[m];
      std::string config =
          "privateEndpointIpConfig." + MakeGuid(ctx.id.Key() + (m == 0 ? "" : "#" + member.name));
      ip_configs.push_back(
          Json{{"name", config},
               {"id", nic_id.ToString() + "/ipConfigurations/" + config},
               {"type", std::string(kNicType) + "/ipConfigurations"},
               {"properties",
                {{"privateIPAddress", addresses[m].first.ToString()},
                 {"privateIPAllocationMethod", addresses[m].second ? "Static" : "Dynamic"},
                 {"subnet", {{"id", subnet.subnet->value("id", "")}}},
                 {"primary", m == 0},
                 {"privateIPAddressVersion", "IPv4"},
                 {"provisioningState", "Succeeded"},
                 {"privateLinkConnectionProperties",
                  {{"groupId", target.group_id},
                   {"requiredMemberName", member.name},
                   {"fqdns", member.fqdns}}}}}});
    }
    Json nic{{"id", nic_id.ToString()},
             {"name", name},
             {"type", kNicType},
             {"location", GetString(ctx.doc, "location")},
             {"properties",
              {{"ipConfigurations", ip_configs},
               {"privateEndpoint", {{"id", ctx.id.ToString()}}},
               {"enableIPForwarding", false},
               {"enableAcceleratedNetworking", false},
               {"resourceGuid", MakeGuid(nic_id.Key())},
               {"provisioningState", "Succeeded"}}}};
    ctx.txn.Put(Doc{nic_id, model::FindResourceType(kNicType), nic, "", 0});
    return nic_id;
  }

  // Approved on the automatic path; a private link service approves at once only a requester
  // with rights on it (vnetd: the same subscription, as the recordings show) or from its
  // autoApproval list (SEMANTICS.md 8.4, 10). Pending otherwise, with the request message.
  static bool AutoApproved(const PutContext& ctx, const Target& target, bool manual) {
    if (manual) return false;
    if (!target.pls) return true;
    if (EqualsIgnoreCase(target.doc->id.subscription(), ctx.id.subscription())) return true;
    const Json* approval = Get(PropsOf(target.doc->body), "autoApproval");
    for (const std::string& s :
         approval ? GetStringList(*approval, "subscriptions") : std::vector<std::string>{}) {
      if (EqualsIgnoreCase(s, ctx.id.subscription()) || s == "*") return true;
    }
    return false;
  }

  // The connection, on both sides: the endpoint's state and the target's
  // privateEndpointConnections entry "<pe>.<guid>".
  static void OpenConnection(PutContext& ctx, Json& connection, bool manual, const Target& target) {
    bool approved = AutoApproved(ctx, target, manual);
    std::string status = approved ? "Approved" : "Pending";
    std::string description =
        approved ? "Auto-Approved" : GetString(connection["properties"], "requestMessage");
    connection["properties"]["privateLinkServiceConnectionState"] =
        Json{{"status", status}, {"description", description}, {"actionsRequired", "None"}};
    std::string type(target.doc->type->name);
    const char* actions = EqualsIgnoreCase(type, "Microsoft.Storage/storageAccounts")
                              ? "actionRequired"
                              : "actionsRequired";
    std::string name = ctx.id.name() + "." + MakeGuid(ctx.id.Key());
    Json pc{{"id", target.doc->id.ToString() + "/privateEndpointConnections/" + name},
            {"name", name},
            {"type", type + "/privateEndpointConnections"},
            {"properties",
             {{"privateEndpoint", {{"id", ctx.id.ToString()}}},
              {"privateLinkServiceConnectionState",
               {{"status", status}, {"description", description}, {actions, "None"}}},
              {"provisioningState", "Succeeded"}}}};
    if (!target.pls) pc["properties"]["groupIds"] = Json::array({target.group_id});
    if (target.pls) {
      pc["properties"]["linkIdentifier"] = LinkIdentifier(ctx.id.Key());
      pc["properties"]["privateEndpointLocation"] = GetString(ctx.doc, "location");
    }
    Doc provider = *target.doc;
    Json& list = provider.body["properties"]["privateEndpointConnections"];
    if (!list.is_array()) list = Json::array();
    Json kept = Json::array();
    for (const Json& c : list) {
      if (!EqualsIgnoreCase(GetString(c, "name"), name)) kept.push_back(c);
    }
    kept.push_back(pc);
    list = kept;
    ctx.txn.Put(std::move(provider));
  }
};

// The A record name for `fqdn` in private zone `zone` ("acct" for acct.blob.core.windows.net in
// privatelink.blob.core.windows.net), or "" when the name does not belong to that zone.
std::string RecordNameInZone(const std::string& fqdn, const std::string& zone) {
  std::string z = AsciiLower(zone);
  std::string f = AsciiLower(fqdn);
  const std::string prefix = "privatelink.";
  if (z.rfind(prefix, 0) != 0) return "";
  std::string public_zone = z.substr(prefix.size());
  // Key Vault's public names are in vault.azure.net; its private zone is
  // privatelink.vaultcore.azure.net.
  if (public_zone == "vaultcore.azure.net") public_zone = "vault.azure.net";
  if (f.size() <= public_zone.size() + 1) return "";
  if (f.compare(f.size() - public_zone.size(), public_zone.size(), public_zone) != 0) return "";
  if (f[f.size() - public_zone.size() - 1] != '.') return "";
  return fqdn.substr(0, f.size() - public_zone.size() - 1);
}

Json ARecordsOf(const Json& ips) {
  Json out = Json::array();
  for (const Json& ip : ips) out.push_back(Json{{"ipv4Address", ip}});
  return out;
}

// privateDnsZoneGroups: each zone gets the endpoint's A records (TTL 10), taken back when the
// group changes or goes away.
class PrivateDnsZoneGroupHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const Doc* pe = ctx.txn.Find(ctx.id.Parent());
    if (!pe) return;
    for (const Doc* sibling : ctx.txn.ChildrenOf(pe->key())) {
      if (EqualsIgnoreCase(sibling->type->name, kZoneGroupType) && sibling->key() != ctx.id.Key()) {
        ctx.problems.Add(Invalid("OnlyOnePrivateDnsZoneGroupPerPrivateEndpoint",
                                 "Private endpoint " + pe->id.ToString() +
                                     " already has a private DNS zone group " + sibling->id.name() +
                                     "; a private endpoint can have only one."));
        return;
      }
    }
    Json& props = ctx.doc["properties"];
    const Json& configs = ArrayAt(props, "privateDnsZoneConfigs");
    if (configs.empty() || configs.size() > kMaxZonesPerGroup) {
      ctx.problems.Add(Invalid("InvalidPrivateDnsZoneConfigs",
                               "A private DNS zone group holds 1 to 5 privateDnsZoneConfigs."));
      return;
    }
    if (ctx.existing) RemoveRecords(ctx.txn, *ctx.existing);
    const Json& dns = ArrayAt(PropsOf(pe->body), "customDnsConfigs");
    for (Json& config : props["privateDnsZoneConfigs"]) {
      if (!config.is_object()) {
        ctx.problems.Add(Invalid("InvalidRequestFormat", "A zone config must be an object."));
        continue;
      }
      if (!config.contains("properties") || !config["properties"].is_object())
        config["properties"] = Json::object();
      std::string zone_id = GetString(config["properties"], "privateDnsZoneId");
      if (zone_id.empty()) {
        ctx.problems.Add(
            Invalid("MissingRequiredParameter",
                    "privateDnsZoneConfigs[].properties.privateDnsZoneId is required."));
        continue;
      }
      const Doc* zone = ResolveIdText(ctx, zone_id, "Microsoft.Network/privateDnsZones",
                                      "privateDnsZoneConfigs.privateDnsZoneId");
      if (!zone) continue;
      if (GetString(config, "name").empty()) config["name"] = zone->id.name();
      config["id"] = ctx.id.ToString() + "/privateDnsZoneConfigs/" + GetString(config, "name");
      config["type"] = std::string(kZoneGroupType) + "/privateDnsZoneConfigs";
      config["properties"]["provisioningState"] = "Succeeded";
      config["properties"]["recordSets"] = WriteRecords(ctx, *zone, dns);
    }
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    RemoveRecords(txn, doc);
    return {};
  }

 private:
  // One A record set per customDnsConfigs name that belongs to the zone.
  static Json WriteRecords(PutContext& ctx, const Doc& zone, const Json& dns) {
    Json record_sets = Json::array();
    for (const Json& d : dns) {
      std::string record = RecordNameInZone(GetString(d, "fqdn"), zone.id.name());
      if (record.empty()) continue;
      Json ips = Get(d, "ipAddresses") ? d["ipAddresses"] : Json::array();
      arm::ResourceId id = zone.id.Child("A", record);
      Json body{{"id", id.ToString()},
                {"name", record},
                {"type", "Microsoft.Network/privateDnsZones/A"},
                {"properties",
                 {{"ttl", kZoneRecordTtl},
                  {"aRecords", ARecordsOf(ips)},
                  {"fqdn", record + "." + zone.id.name() + "."},
                  {"isAutoRegistered", false}}}};
      ctx.txn.Put(
          Doc{id, model::FindResourceType("Microsoft.Network/privateDnsZones/A"), body, "", 0});
      record_sets.push_back(Json{{"recordType", "A"},
                                 {"recordSetName", record},
                                 {"fqdn", record + "." + zone.id.name()},
                                 {"ttl", kZoneRecordTtl},
                                 {"ipAddresses", ips},
                                 {"provisioningState", "Succeeded"}});
    }
    return record_sets;
  }

  // Removes the A records this group wrote, and only those: a record set that has since been
  // changed to other addresses belongs to whoever changed it.
  static void RemoveRecords(Txn& txn, const Doc& group) {
    for (const Json& config : ArrayAt(PropsOf(group.body), "privateDnsZoneConfigs")) {
      Result<arm::ResourceId> zone =
          arm::ResourceId::Parse(GetString(PropsOf(config), "privateDnsZoneId"));
      if (!zone.ok()) continue;
      for (const Json& set : ArrayAt(PropsOf(config), "recordSets")) {
        arm::ResourceId record = zone->Child("A", GetString(set, "recordSetName"));
        const Doc* existing = txn.Find(record);
        if (!existing) continue;
        const Json* written = Get(set, "ipAddresses");
        if (written && ArrayAt(PropsOf(existing->body), "aRecords") == ARecordsOf(*written))
          txn.Erase(record.Key());
      }
    }
  }
};

}  // namespace

void AddPrivateEndpointHandlers(std::vector<Registration>& out) {
  static const PrivateEndpointHandler kPe;
  static const PrivateDnsZoneGroupHandler kZoneGroup;
  out.push_back({kPeType, &kPe});
  out.push_back({kZoneGroupType, &kZoneGroup});
  AddPrivateLinkServiceHandler(out);
}

}  // namespace vnet::control::handlers
