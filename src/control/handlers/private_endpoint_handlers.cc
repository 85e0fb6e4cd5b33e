// Rules of private endpoints, their DNS zone groups, and private link services (SEMANTICS.md
// sections 8, 9.5 and 10). Creating a private endpoint allocates its read-only NIC and address
// in the subnet and opens a connection on the target (Approved on the automatic path, Pending on
// the manual one); a zone group writes the endpoint's A records into its zones; deleting either
// takes back what it made.
#include <algorithm>
#include <functional>
#include <optional>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/private_link_connections.h"

namespace vnet::control::handlers {

namespace {

constexpr char kPeType[] = "Microsoft.Network/privateEndpoints";
constexpr char kPlsType[] = "Microsoft.Network/privateLinkServices";
constexpr char kZoneGroupType[] = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
constexpr int kZoneRecordTtl = 10;  // SEMANTICS.md section 0, decision 12

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

// What a target type offers: its group ids and the public name of each (SEMANTICS.md 9.1).
struct GroupInfo {
  std::string member;
  std::vector<std::string> fqdns;
};

bool TargetAcceptsPrivateEndpoints(std::string_view type) {
  for (std::string_view t :
       {"Microsoft.Storage/storageAccounts", "Microsoft.Sql/servers", "Microsoft.KeyVault/vaults",
        "Microsoft.DocumentDB/databaseAccounts", "Microsoft.EventHub/namespaces",
        "Microsoft.ServiceBus/namespaces", kPlsType}) {
    if (EqualsIgnoreCase(t, type)) return true;
  }
  return false;
}

// Group id -> member and FQDNs for `target`, or nullopt for a group the type does not have.
std::optional<GroupInfo> LookupGroup(const Doc& target, const std::string& group) {
  const std::string& name = target.id.name();
  std::string type = std::string(target.type->name);
  std::string g = AsciiLower(group);
  if (EqualsIgnoreCase(type, "Microsoft.Storage/storageAccounts")) {
    for (std::string_view base : {"blob", "table", "queue", "file", "web", "dfs"}) {
      std::string b(base);
      if (g == b) return GroupInfo{b, {name + "." + b + ".core.windows.net"}};
      if (g == b + "_secondary")
        return GroupInfo{b + "_secondary", {name + "-secondary." + b + ".core.windows.net"}};
    }
    return std::nullopt;
  }
  if (EqualsIgnoreCase(type, "Microsoft.Sql/servers") && g == "sqlserver")
    return GroupInfo{"sqlServer", {name + ".database.windows.net"}};
  if (EqualsIgnoreCase(type, "Microsoft.KeyVault/vaults") && g == "vault")
    return GroupInfo{"default", {name + ".vault.azure.net"}};
  if (EqualsIgnoreCase(type, "Microsoft.DocumentDB/databaseAccounts")) {
    std::string region = GetString(target.body, "location");
    if (g == "sql")
      return GroupInfo{
          name, {name + ".documents.azure.com", name + "-" + region + ".documents.azure.com"}};
    for (auto [id, zone] : {std::pair{"mongodb", "mongo.cosmos.azure.com"},
                            std::pair{"cassandra", "cassandra.cosmos.azure.com"},
                            std::pair{"gremlin", "gremlin.cosmos.azure.com"},
                            std::pair{"table", "table.cosmos.azure.com"},
                            std::pair{"analytical", "analytics.cosmos.azure.com"}}) {
      if (g == id) return GroupInfo{name, {name + "." + zone, name + "-" + region + "." + zone}};
    }
    return std::nullopt;
  }
  if ((EqualsIgnoreCase(type, "Microsoft.EventHub/namespaces") ||
       EqualsIgnoreCase(type, "Microsoft.ServiceBus/namespaces")) &&
      g == "namespace")
    return GroupInfo{"namespace", {name + ".servicebus.windows.net"}};
  return std::nullopt;
}

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

class PrivateEndpointHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    if (!Get(props, "subnet")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "A private endpoint must name its subnet."));
      return;
    }
    const Doc* vnet =
        ResolveRef(ctx, props, "subnet", "Microsoft.Network/virtualNetworks/subnets", "subnet");
    if (!vnet) return;
    std::string subnet_id = GetString(props["subnet"], "id");
    if (GetString(vnet->body, "location") != region) {
      ctx.problems.Add(Invalid("InvalidResourceReference",
                               "Resource " + vnet->id.ToString() + " referenced by resource " +
                                   ctx.id.ToString() +
                                   " was not found. Please make sure that the referenced resource "
                                   "exists, and that both resources are in the same region."));
      return;
    }
    SubnetView subnet = FindSubnet(ctx.txn, subnet_id);
    const Json* delegations = Get(PropsOf(*subnet.subnet), "delegations");
    if (delegations && delegations->is_array() && !delegations->empty()) {
      ctx.problems.Add(Invalid("PrivateEndpointCannotBeCreatedInDelegatedSubnet",
                               "Private endpoint " + ctx.id.ToString() +
                                   " cannot be created in subnet " + subnet_id +
                                   " since it has delegations."));
      return;
    }
    Json* connection = nullptr;
    bool manual = false;
    if (!PickConnection(ctx, &connection, &manual)) return;
    const Doc* target = nullptr;
    std::optional<GroupInfo> group;
    if (!CheckConnection(ctx, *connection, &target, &group)) return;
    if (ctx.existing) {
      KeepWhatWasMade(ctx, *connection, manual);
      return;
    }
    Result<net::IpAddress> ip = ChooseAddress(ctx, subnet);
    if (!ip.ok()) {
      ctx.problems.Add(ip.status());
      return;
    }
    Create(ctx, subnet_id, *connection, manual, *target, group, *ip);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    const Json& props = PropsOf(doc.body);
    for (const Json& nic :
         Get(props, "networkInterfaces") ? props["networkInterfaces"] : Json::array()) {
      std::string key = AsciiLower(GetString(nic, "id"));
      if (!key.empty()) txn.Erase(key);
    }
    // The connection leaves the target.
    for (const char* list :
         {"privateLinkServiceConnections", "manualPrivateLinkServiceConnections"}) {
      for (const Json& c : Get(props, list) ? props[list] : Json::array()) {
        Result<arm::ResourceId> target_id =
            arm::ResourceId::Parse(GetString(PropsOf(c), "privateLinkServiceId"));
        if (!target_id.ok()) continue;
        const Doc* target = txn.Find(*target_id);
        if (!target) continue;
        Doc copy = *target;
        Json& conns = copy.body["properties"]["privateEndpointConnections"];
        if (!conns.is_array()) continue;
        Json kept = Json::array();
        for (const Json& pc : conns) {
          const Json* pe = Get(PropsOf(pc), "privateEndpoint");
          if (!pe || !EqualsIgnoreCase(GetString(*pe, "id"), doc.id.ToString())) kept.push_back(pc);
        }
        conns = kept;
        if (kept.empty()) copy.body["properties"].erase("privateEndpointConnections");
        txn.Put(std::move(copy));
      }
    }
    return {};
  }

 private:
  static bool PickConnection(PutContext& ctx, Json** connection, bool* manual) {
    Json& props = ctx.doc["properties"];
    size_t automatic = Get(props, "privateLinkServiceConnections") &&
                               props["privateLinkServiceConnections"].is_array()
                           ? props["privateLinkServiceConnections"].size()
                           : 0;
    size_t by_hand = Get(props, "manualPrivateLinkServiceConnections") &&
                             props["manualPrivateLinkServiceConnections"].is_array()
                         ? props["manualPrivateLinkServiceConnections"].size()
                         : 0;
    if (automatic + by_hand != 1) {
      ctx.problems.Add(Invalid("PrivateEndpointMustHaveOneConnection",
                               "Private endpoint " + ctx.id.ToString() +
                                   " must have exactly one connection, in "
                                   "privateLinkServiceConnections or "
                                   "manualPrivateLinkServiceConnections."));
      return false;
    }
    *manual = by_hand == 1;
    *connection = &props[*manual ? "manualPrivateLinkServiceConnections"
                                 : "privateLinkServiceConnections"][0];
    if (!(*connection)->is_object()) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "A private link service connection must be an object."));
      return false;
    }
    if (!(*connection)->contains("name")) (**connection)["name"] = ctx.id.name();
    for (const char* list : {"privateLinkServiceConnections", "manualPrivateLinkServiceConnections",
                             "applicationSecurityGroups"}) {
      if (!Get(props, list)) props[list] = Json::array();
    }
    if (!(**connection).contains("properties") || !(**connection)["properties"].is_object())
      (**connection)["properties"] = Json::object();
    return true;
  }

  static bool CheckConnection(PutContext& ctx, Json& connection, const Doc** target,
                              std::optional<GroupInfo>* group) {
    Json& cp = connection["properties"];
    std::string target_id = GetString(cp, "privateLinkServiceId");
    if (target_id.empty()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "privateLinkServiceId is required."));
      return false;
    }
    *target = ResolveIdText(ctx, target_id, "", "privateLinkServiceId");
    if (!*target) return false;
    if (!TargetAcceptsPrivateEndpoints((*target)->type->name)) {
      ctx.problems.Add(Invalid("PrivateLinkServiceIdNotSupported",
                               "Resource " + target_id + " does not accept private endpoints."));
      return false;
    }
    if (GetString(cp, "requestMessage").size() > 140) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "requestMessage is limited to 140 characters."));
      return false;
    }
    std::vector<std::string> groups = GetStringList(cp, "groupIds");
    bool pls = EqualsIgnoreCase((*target)->type->name, kPlsType);
    if (pls) return true;
    if (groups.size() != 1) {
      ctx.problems.Add(Invalid("OnlyOneGroupIdPermitted",
                               "Private link service connection " + connection.value("name", "") +
                                   " must have exactly one group Id. Only one group Id is "
                                   "permitted when connecting to a first-party resource (" +
                                   target_id + ")."));
      return false;
    }
    *group = LookupGroup(**target, groups[0]);
    if (!*group) {
      ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                               "Call to " + std::string((*target)->type->name) +
                                   " failed. Error message: Values for request parameters are "
                                   "invalid: GroupId: " +
                                   groups[0] + "."));
      return false;
    }
    return true;
  }

  // On an update, the endpoint keeps its NIC, address, target and connection state.
  static void KeepWhatWasMade(PutContext& ctx, Json& connection, bool manual) {
    const Json& old = PropsOf(ctx.existing->body);
    const char* list =
        manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
    const Json* old_list = Get(old, list);
    if (!old_list || old_list->empty() ||
        !EqualsIgnoreCase(GetString(PropsOf((*old_list)[0]), "privateLinkServiceId"),
                          GetString(connection["properties"], "privateLinkServiceId"))) {
      ctx.problems.Add(Invalid("PrivateEndpointConnectionCannotBeChanged",
                               "The connection of private endpoint " + ctx.id.ToString() +
                                   " cannot change; create another private endpoint."));
      return;
    }
    connection["properties"]["privateLinkServiceConnectionState"] =
        PropsOf((*old_list)[0]).value("privateLinkServiceConnectionState", Json::object());
    Json& props = ctx.doc["properties"];
    for (const char* key : {"networkInterfaces", "customDnsConfigs", "ipConfigurations"}) {
      if (Get(old, key)) props[key] = old[key];
    }
    props["subnet"] = old["subnet"];
  }

  static Result<net::IpAddress> ChooseAddress(PutContext& ctx, const SubnetView& subnet) {
    const Json* configs = Get(ctx.doc["properties"], "ipConfigurations");
    if (configs && configs->is_array() && !configs->empty()) {
      std::string text = GetString(PropsOf((*configs)[0]), "privateIPAddress");
      Result<net::IpAddress> ip = net::IpAddress::Parse(text);
      if (!ip.ok())
        return Invalid("PrivateIPAddressInvalid", "'" + text + "' is not an IP address.");
      std::vector<net::Cidr> prefixes = SubnetPrefixes(*subnet.subnet);
      if (std::none_of(prefixes.begin(), prefixes.end(),
                       [&](const net::Cidr& c) { return c.Contains(*ip); }))
        return Invalid("PrivateIPAddressNotInSubnet",
                       "The private IP address " + text +
                           " is not in the address range of subnet " +
                           subnet.subnet->value("id", "") + ".");
      if (!IsAssignableInSubnet(*subnet.subnet, *ip))
        return Invalid("PrivateIPAddressInReservedRange",
                       "The private IP address " + text + " is reserved.");
      std::vector<net::IpAddress> used =
          UsedAddressesInSubnet(ctx.txn, AsciiLower(subnet.subnet->value("id", "")));
      if (std::binary_search(used.begin(), used.end(), *ip))
        return Invalid("PrivateIPAddressIsAllocated",
                       "The private IP address " + text + " is already allocated.");
      return ip;
    }
    return AllocateAddress(ctx.txn, subnet);
  }

  static void Create(PutContext& ctx, const std::string& subnet_id, Json& connection, bool manual,
                     const Doc& target, const std::optional<GroupInfo>& group,
                     const net::IpAddress& ip) {
    Json& props = ctx.doc["properties"];
    std::string guid = MakeGuid(ctx.id.Key());
    std::string region = GetString(ctx.doc, "location");
    // The NIC: read-only, for the endpoint's lifetime.
    std::string nic_name = GetString(props, "customNetworkInterfaceName");
    if (nic_name.empty()) nic_name = ctx.id.name() + ".nic." + guid;
    arm::ResourceId nic_id =
        arm::ResourceId::ResourceGroup(ctx.id.subscription(), ctx.id.resource_group());
    nic_id = arm::ResourceId::Parse(nic_id.ToString() +
                                    "/providers/Microsoft.Network/networkInterfaces/" + nic_name)
                 .value();
    std::string group_id = group ? GetStringList(connection["properties"], "groupIds")[0] : "";
    Json fqdns = Json::array();
    if (group) {
      for (const std::string& f : group->fqdns) fqdns.push_back(f);
    }
    Json ip_config{
        {"name", "privateEndpointIpConfig." + guid},
        {"id", nic_id.ToString() + "/ipConfigurations/privateEndpointIpConfig." + guid},
        {"type", "Microsoft.Network/networkInterfaces/ipConfigurations"},
        {"properties",
         {{"privateIPAddress", ip.ToString()},
          {"privateIPAllocationMethod", Get(props, "ipConfigurations") ? "Static" : "Dynamic"},
          {"subnet", {{"id", subnet_id}}},
          {"primary", true},
          {"privateIPAddressVersion", "IPv4"},
          {"provisioningState", "Succeeded"},
          {"privateLinkConnectionProperties",
           {{"groupId", group_id},
            {"requiredMemberName", group ? group->member : ""},
            {"fqdns", fqdns}}}}}};
    Json nic{{"id", nic_id.ToString()},
             {"name", nic_name},
             {"type", "Microsoft.Network/networkInterfaces"},
             {"location", region},
             {"properties",
              {{"ipConfigurations", Json::array({ip_config})},
               {"privateEndpoint", {{"id", ctx.id.ToString()}}},
               {"enableIPForwarding", false},
               {"enableAcceleratedNetworking", false},
               {"resourceGuid", MakeGuid(nic_id.Key())},
               {"provisioningState", "Succeeded"}}}};
    ctx.txn.Put(
        Doc{nic_id, model::FindResourceType("Microsoft.Network/networkInterfaces"), nic, "", 0});
    props["networkInterfaces"] = Json::array({Json{{"id", nic_id.ToString()}}});
    Json dns = Json::array();
    if (group) {
      for (const std::string& f : group->fqdns)
        dns.push_back(Json{{"fqdn", f}, {"ipAddresses", Json::array({ip.ToString()})}});
    }
    props["customDnsConfigs"] = dns;
    if (Get(props, "ipConfigurations")) {
      Json& c = props["ipConfigurations"][0];
      if (!c.contains("name")) c["name"] = "ipconfig1";
      c["properties"]["groupId"] = group_id;
      c["properties"]["memberName"] = group ? group->member : "";
    }
    // The connection, on both sides.
    bool pls = EqualsIgnoreCase(target.type->name, kPlsType);
    bool approved = !manual;
    if (pls && !manual && !EqualsIgnoreCase(target.id.subscription(), ctx.id.subscription())) {
      // Another subscription's service: approved at once only from its autoApproval list.
      approved = false;
      for (const std::string& s : GetStringList(
               PropsOf(target.body).value("autoApproval", Json::object()), "subscriptions")) {
        if (EqualsIgnoreCase(s, ctx.id.subscription()) || s == "*") approved = true;
      }
    }
    std::string message = GetString(connection["properties"], "requestMessage");
    std::string status = approved ? "Approved" : "Pending";
    std::string description = approved ? "Auto-Approved" : message;
    connection["properties"]["privateLinkServiceConnectionState"] =
        Json{{"status", status}, {"description", description}, {"actionsRequired", "None"}};
    connection["id"] =
        ctx.id.ToString() + "/" +
        (manual ? "manualPrivateLinkServiceConnections/" : "privateLinkServiceConnections/") +
        connection.value("name", "");
    connection["type"] =
        std::string(kPeType) + "/" +
        (manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections");
    connection["properties"]["provisioningState"] = "Succeeded";
    Doc provider = target;
    std::string conn_name = ctx.id.name() + "." + guid;
    const char* actions = EqualsIgnoreCase(target.type->name, "Microsoft.Storage/storageAccounts")
                              ? "actionRequired"
                              : "actionsRequired";
    Json pc{{"id", target.id.ToString() + "/privateEndpointConnections/" + conn_name},
            {"name", conn_name},
            {"type", std::string(target.type->name) + "/privateEndpointConnections"},
            {"properties",
             {{"privateEndpoint", {{"id", ctx.id.ToString()}}},
              {"privateLinkServiceConnectionState",
               {{"status", status}, {"description", description}, {actions, "None"}}},
              {"provisioningState", "Succeeded"}}}};
    if (group) pc["properties"]["groupIds"] = Json::array({group_id});
    if (pls) {
      pc["properties"]["linkIdentifier"] =
          std::to_string(std::hash<std::string>()(ctx.id.Key()) % 4294967295ULL);
      pc["properties"]["privateEndpointLocation"] = region;
    }
    Json& list = provider.body["properties"]["privateEndpointConnections"];
    if (!list.is_array()) list = Json::array();
    list.push_back(pc);
    ctx.txn.Put(std::move(provider));
  }
};

// privateDnsZoneGroups: each zone gets the endpoint's A records (TTL 10), taken back when the
// group changes or goes away.
class PrivateDnsZoneGroupHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const Doc* pe = ctx.txn.Find(ctx.id.Parent());
    if (!pe) return;
    for (const Doc* sibling : ctx.txn.ChildrenOf(pe->key())) {
      if (EqualsIgnoreCase(sibling->type->name, kZoneGroupType) && sibling->key() != ctx.id.Key()) {
        ctx.problems.Add(Invalid(
            "OnlyOnePrivateDnsZoneGroupPerPrivateEndpoint",
            "Private endpoint " + pe->id.ToString() + " already has a private DNS zone group."));
        return;
      }
    }
    Json& props = ctx.doc["properties"];
    const Json* configs = Get(props, "privateDnsZoneConfigs");
    if (!configs || !configs->is_array() || configs->empty() || configs->size() > 5) {
      ctx.problems.Add(Invalid("InvalidPrivateDnsZoneConfigs",
                               "A private DNS zone group holds 1 to 5 privateDnsZoneConfigs."));
      return;
    }
    if (ctx.existing) RemoveRecords(ctx.txn, *ctx.existing);
    const Json* dns = Get(PropsOf(pe->body), "customDnsConfigs");
    for (Json& config : props["privateDnsZoneConfigs"]) {
      if (!config.contains("properties") || !config["properties"].is_object())
        config["properties"] = Json::object();
      std::string zone_id = GetString(config["properties"], "privateDnsZoneId");
      const Doc* zone = ResolveIdText(ctx, zone_id, "Microsoft.Network/privateDnsZones",
                                      "privateDnsZoneConfigs.privateDnsZoneId");
      if (!zone) continue;
      if (!config.contains("name")) config["name"] = zone->id.name();
      Json record_sets = Json::array();
      for (const Json& d : dns && dns->is_array() ? *dns : Json::array()) {
        std::string record = RecordNameInZone(GetString(d, "fqdn"), zone->id.name());
        if (record.empty()) continue;
        Json ips = Get(d, "ipAddresses") ? d["ipAddresses"] : Json::array();
        WriteRecord(ctx, *zone, record, ips);
        record_sets.push_back(Json{{"recordType", "A"},
                                   {"recordSetName", record},
                                   {"fqdn", record + "." + zone->id.name()},
                                   {"ttl", kZoneRecordTtl},
                                   {"ipAddresses", ips},
                                   {"provisioningState", "Succeeded"}});
      }
      config["properties"]["recordSets"] = record_sets;
    }
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    RemoveRecords(txn, doc);
    return {};
  }

 private:
  static void WriteRecord(PutContext& ctx, const Doc& zone, const std::string& name,
                          const Json& ips) {
    arm::ResourceId id = zone.id.Child("A", name);
    Json a_records = Json::array();
    for (const Json& ip : ips) a_records.push_back(Json{{"ipv4Address", ip}});
    Json doc{
        {"id", id.ToString()},
        {"name", name},
        {"type", "Microsoft.Network/privateDnsZones/A"},
        {"properties",
         {{"ttl", kZoneRecordTtl},
          {"aRecords", a_records},
          {"fqdn", name + "." + zone.id.name() + "."},
          {"isAutoRegistered", false},
          {"provisioningState", "Succeeded"},
          {"metadata", {{"creator", "privateDnsZoneGroup"}, {"zoneGroup", ctx.id.ToString()}}}}}};
    ctx.txn.Put(
        Doc{id, model::FindResourceType("Microsoft.Network/privateDnsZones/A"), doc, "", 0});
  }

  // Removes the A records this group wrote (and only those).
  static void RemoveRecords(Txn& txn, const Doc& group) {
    const Json* configs = Get(PropsOf(group.body), "privateDnsZoneConfigs");
    for (const Json& config : configs && configs->is_array() ? *configs : Json::array()) {
      Result<arm::ResourceId> zone =
          arm::ResourceId::Parse(GetString(PropsOf(config), "privateDnsZoneId"));
      if (!zone.ok()) continue;
      const Json* sets = Get(PropsOf(config), "recordSets");
      for (const Json& set : sets && sets->is_array() ? *sets : Json::array()) {
        arm::ResourceId record = zone->Child("A", GetString(set, "recordSetName"));
        const Doc* existing = txn.Find(record);
        if (!existing) continue;
        const Json* meta = Get(PropsOf(existing->body), "metadata");
        if (meta && EqualsIgnoreCase(GetString(*meta, "zoneGroup"), group.id.ToString()))
          txn.Erase(record.Key());
      }
    }
  }
};

// Private link services: NAT IP configurations in subnets whose private link service network
// policies are Disabled; the load balancer frontends are taken as given (vnetd does not model
// load balancers).
class PrivateLinkServiceHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    const Json* configs = Get(props, "ipConfigurations");
    if (!configs || !configs->is_array() || configs->empty() || configs->size() > 8) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "A private link service has 1 to 8 ipConfigurations."));
      return;
    }
    std::vector<net::IpAddress> taken_here;
    for (Json& c : props["ipConfigurations"]) {
      Json& cp = c["properties"];
      const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                   "ipConfigurations.subnet");
      if (!vnet) continue;
      SubnetView subnet = FindSubnet(ctx.txn, GetString(cp["subnet"], "id"));
      if (GetString(PropsOf(*subnet.subnet), "privateLinkServiceNetworkPolicies", "Enabled") !=
          "Disabled") {
        ctx.problems.Add(
            Invalid("PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled",
                    "Private link service " + ctx.id.ToString() +
                        " cannot be created in a subnet " + subnet.subnet->value("id", "") +
                        " since it has private link service network policies enabled."));
        continue;
      }
      if (!Get(cp, "privateIPAllocationMethod")) cp["privateIPAllocationMethod"] = "Dynamic";
      if (!Get(cp, "privateIPAddressVersion")) cp["privateIPAddressVersion"] = "IPv4";
      if (GetString(cp, "privateIPAddress").empty()) {
        Result<net::IpAddress> ip = AllocateAddress(ctx.txn, subnet);
        if (!ip.ok()) {
          ctx.problems.Add(ip.status());
          continue;
        }
        cp["privateIPAddress"] = ip->ToString();
      }
    }
    std::string guid = MakeGuid(ctx.id.Key());
    props["alias"] = ctx.id.name() + "." + guid + "." + GetString(ctx.doc, "location") +
                     ".azure.privatelinkservice";
    for (const char* list : {"visibility", "autoApproval"}) {
      if (!Get(props, list)) props[list] = Json{{"subscriptions", Json::array()}};
    }
    if (!Get(props, "enableProxyProtocol")) props["enableProxyProtocol"] = false;
    ReconcilePrivateEndpointConnections(ctx, false);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    (void)txn;
    const Json* conns = Get(PropsOf(doc.body), "privateEndpointConnections");
    if (conns && conns->is_array() && !conns->empty()) {
      return Conflict("CannotDeletePrivateLinkServiceWithPrivateEndpointConnections",
                      "Private link service " + doc.id.ToString() +
                          " has private endpoint connections; reject or delete them first.");
    }
    return {};
  }
};

}  // namespace

void AddPrivateEndpointHandlers(std::vector<Registration>& out) {
  static const PrivateEndpointHandler kPe;
  static const PrivateDnsZoneGroupHandler kZoneGroup;
  static const PrivateLinkServiceHandler kPls;
  out.push_back({kPeType, &kPe});
  out.push_back({kZoneGroupType, &kZoneGroup});
  out.push_back({kPlsType, &kPls});
}

}  // namespace vnet::control::handlers
