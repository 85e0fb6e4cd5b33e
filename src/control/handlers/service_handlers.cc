// Rules of the service resources whose firewalls vnetd models (SEMANTICS.md sections 5.5 and 6):
// storage accounts (networkAcls), SQL servers (+ virtualNetworkRules, firewallRules), key vaults
// (networkAcls), Cosmos DB accounts, Event Hubs and Service Bus namespaces (+ networkRuleSets).
// A new virtual network rule needs the service's endpoint on the subnet, covering the resource's
// region, unless the service has an ignore flag and it is set; IP rules take public IPv4 only.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/private_link_connections.h"
#include "control/handlers/service_rules.h"
#include "model/regions.h"

namespace vnet::control::handlers {

namespace {

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  const Json* p = Get(element, "properties");
  return p && p->is_object() ? *p : kEmpty;
}

std::string UtcNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.0000000Z", &tm);
  return buf;
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// Letters (lower-case only when `lower`), digits and (when `hyphen`) inner hyphens.
bool NameOk(std::string_view s, size_t min, size_t max, bool lower, bool hyphen) {
  if (s.size() < min || s.size() > max || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    bool ok = IsDigit(c) || (lower ? IsLower(c) : IsLetter(c)) || (hyphen && c == '-');
    if (!ok) return false;
  }
  return true;
}

// True for an address or range on the public internet (what service IP rules accept).
bool IsPublicIpv4(const net::Cidr& c) {
  static const char* const kNonPublic[] = {"0.0.0.0/8",      "10.0.0.0/8",     "100.64.0.0/10",
                                           "127.0.0.0/8",    "169.254.0.0/16", "172.16.0.0/12",
                                           "192.168.0.0/16", "224.0.0.0/3"};
  if (!c.is_v4()) return false;
  for (const char* p : kNonPublic) {
    if (net::Cidr::Parse(p).value().Overlaps(c)) return false;
  }
  return true;
}

// obj[key] as an array: absent -> created empty; another JSON type -> a problem and nullptr.
Json* ArrayAt(PutContext& ctx, Json& obj, const char* key, std::string_view path) {
  if (!Get(obj, key)) obj[key] = Json::array();
  if (obj[key].is_array()) return &obj[key];
  ctx.problems.Add(Invalid("InvalidRequestContent",
                           "The request content was invalid and could not be deserialized: '" +
                               std::string(path) + "." + key + " must be an array.'"));
  return nullptr;
}

// Keeps the first element of each key (Azure's CLI collapses repeated rules; vnetd does at the
// API too, so adding the same rule twice leaves one).
template <typename KeyFn>
void Dedupe(Json& array, KeyFn key_of) {
  std::set<std::string> seen;
  Json out = Json::array();
  for (Json& e : array) {
    if (seen.insert(key_of(e)).second) out.push_back(std::move(e));
  }
  array = std::move(out);
}

// Checks obj[key] against `values` (case-insensitive; stored in canonical spelling). Absent ->
// `fallback` (nothing when null).
void CheckEnum(PutContext& ctx, Json& obj, const char* key,
               std::initializer_list<const char*> values, const char* fallback,
               std::string_view code, std::string_view path) {
  if (!Get(obj, key)) {
    if (fallback) obj[key] = fallback;
    return;
  }
  std::string v = GetString(obj, key);
  for (const char* allowed : values) {
    if (EqualsIgnoreCase(v, allowed)) {
      obj[key] = allowed;
      return;
    }
  }
  std::string list;
  for (const char* allowed : values) list += (list.empty() ? "" : ", ") + std::string(allowed);
  ctx.problems.Add(
      Invalid(std::string(code), "Values for request parameters are invalid: " + std::string(path) +
                                     " '" + v + "'. Allowed values: " + list + "."));
}

// ---- Virtual network rules (SEMANTICS.md sections 5.1, 5.5, 6) ----

enum class Kind { kStorage, kSql, kKeyVault, kCosmos, kEventHub, kServiceBus };

struct Service {
  Kind kind;
  std::string_view endpoint;  // the service endpoint a rule's subnet needs
  std::string_view code;      // Azure's code for malformed values of this service
  size_t ip_limit;
  size_t vnet_limit;
};

const Service kStorage{Kind::kStorage, "Microsoft.Storage", "InvalidValuesForRequestParameters",
                       400, 400};
const Service kSql{Kind::kSql, "Microsoft.Sql", "VirtualNetworkRuleBadRequest", 0, 128};
const Service kKeyVault{Kind::kKeyVault, "Microsoft.KeyVault", "BadRequest", 1000, 200};
const Service kCosmos{Kind::kCosmos, "Microsoft.AzureCosmosDB", "BadRequest", 1000, 64};
const Service kEventHub{Kind::kEventHub, "Microsoft.EventHub", "BadRequest", 128, 128};
const Service kServiceBus{Kind::kServiceBus, "Microsoft.ServiceBus", "BadRequest", 128, 128};

struct VnetRule {
  std::string subnet_id;
  bool ignore_missing = false;
  bool operator<(const VnetRule& o) const {
    return std::pair(AsciiLower(subnet_id), ignore_missing) <
           std::pair(AsciiLower(o.subnet_id), o.ignore_missing);
  }
};

enum class SubnetCheck { kOk, kMalformed, kMissing, kNoEndpoint };

// Whether `subnet_id` carries the service's endpoint for a resource in `region`. Storage's
// endpoint reaches the VNet's region and its pair ("*" = both; Microsoft.Storage.Global: every
// region, SEMANTICS.md section 0 decision 6b); the other services' endpoints reach any region
// (section 5.1; SQL's same-region rule is checked by the SQL handler).
SubnetCheck CheckSubnet(const Txn& txn, const std::string& subnet_id, const Service& service,
                        const std::string& region) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet_id);
  if (!id.ok() || !EqualsIgnoreCase(id->FullType(), "Microsoft.Network/virtualNetworks/subnets"))
    return SubnetCheck::kMalformed;
  SubnetView subnet = FindSubnet(txn, subnet_id);
  if (!subnet) return SubnetCheck::kMissing;
  std::string vnet_region = AsciiLower(GetString(subnet.vnet->body, "location"));
  const Json* endpoints = Get(PropsOf(*subnet.subnet), "serviceEndpoints");
  for (const Json& e : endpoints && endpoints->is_array() ? *endpoints : Json::array()) {
    std::string name = GetString(e, "service");
    if (service.kind == Kind::kStorage && EqualsIgnoreCase(name, "Microsoft.Storage.Global"))
      return SubnetCheck::kOk;
    if (!EqualsIgnoreCase(name, service.endpoint)) continue;
    if (service.kind != Kind::kStorage) return SubnetCheck::kOk;
    std::vector<std::string> locations = GetStringList(e, "locations");
    if (locations.empty()) locations.push_back("*");
    for (const std::string& loc : locations) {
      bool covered = loc == "*"
                         ? region == vnet_region || region == model::PairedRegion(vnet_region)
                         : EqualsIgnoreCase(loc, region);
      if (covered) return SubnetCheck::kOk;
    }
  }
  return SubnetCheck::kNoEndpoint;
}

// "Subnets <name> of virtual network <vnetId> do not have ServiceEndpoints for <svc> ..."
std::string NoEndpointText(const std::string& subnet_id, std::string_view endpoint) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet_id);
  std::string svc(endpoint);
  return "Subnets " + (id.ok() ? id->name() : subnet_id) + " of virtual network " +
         (id.ok() ? id->Parent().ToString() : "") + " do not have ServiceEndpoints for " + svc +
         " resources configured. Add " + svc +
         " to subnet's ServiceEndpoints collection before trying to ACL " + svc +
         " resources to these subnets.";
}

Status VnetRuleError(const PutContext& ctx, const Service& service, SubnetCheck check,
                     const std::string& subnet_id) {
  if (check == SubnetCheck::kMalformed) {
    return Invalid(std::string(service.code), "Values for request parameters are invalid: '" +
                                                  subnet_id + "' is not a subnet id.");
  }
  bool missing = check == SubnetCheck::kMissing;
  std::string text = missing ? "Subnet " + subnet_id + " was not found, so it cannot have " +
                                   "ServiceEndpoints for " + std::string(service.endpoint) +
                                   " resources configured."
                             : NoEndpointText(subnet_id, service.endpoint);
  switch (service.kind) {
    case Kind::kStorage:
      return Invalid("NetworkAclsValidationFailure",
                     "Validation of network acls failure: " +
                         std::string(missing ? "SubnetsNotFound:"
                                             : "SubnetsHaveNoServiceEndpointsConfigured:") +
                         text);
    case Kind::kSql:
      return Invalid("VirtualNetworkRuleBadRequest",
                     "Failed to create or update vnet rule because subnet " + subnet_id +
                         (missing ? " does not exist."
                                  : " does not have service endpoint Microsoft.Sql enabled."));
    case Kind::kCosmos:
      return Conflict("Conflict",
                      std::string("Database account ") + (ctx.existing ? "update" : "creation") +
                          " failed. Operation Id: " + MakeGuid(ctx.id.Key() + subnet_id) +
                          ", Error : Error encountered calling networking RP. "
                          "StatusCode: BadRequest, ErrorCode: "
                          "SubnetsHaveNoServiceEndpointsConfigured, ErrorMessage: " +
                          text);
    default:
      return Invalid("SubnetsHaveNoServiceEndpointsConfigured", text);
  }
}

// Checks the rules that are new (not in `stored`); rules already in place keep working as they
// did (a deleted subnet's rule stays, an endpoint removed later does not fail other updates).
void CheckVnetRules(PutContext& ctx, const Service& service, const std::vector<VnetRule>& rules,
                    const std::vector<VnetRule>& stored, const std::string& region) {
  if (rules.size() > service.vnet_limit) {
    ctx.problems.Add(Invalid(std::string(service.code),
                             "At most " + std::to_string(service.vnet_limit) +
                                 " virtual network rules are allowed; the request has " +
                                 std::to_string(rules.size()) + "."));
  }
  std::set<VnetRule> old(stored.begin(), stored.end());
  for (const VnetRule& r : rules) {
    if (old.count(r)) continue;
    SubnetCheck check = CheckSubnet(ctx.txn, r.subnet_id, service, region);
    if (check == SubnetCheck::kOk || (r.ignore_missing && check != SubnetCheck::kMalformed))
      continue;
    ctx.problems.Add(VnetRuleError(ctx, service, check, r.subnet_id));
  }
}

// ---- IP rules ----

struct IpPolicy {
  bool refuse_host_cidr = false;  // storage: /31 and /32 only as bare addresses
  bool allow_zero = false;        // Cosmos: 0.0.0.0 = "accept Azure datacenters"
};

bool IpValueOk(const std::string& v, const IpPolicy& policy) {
  if (policy.allow_zero && v == "0.0.0.0") return true;
  Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(v);
  if (!c.ok() || !IsPublicIpv4(*c)) return false;
  return !(policy.refuse_host_cidr && v.find('/') != std::string::npos && c->prefix_len() >= 31);
}

// Checks the IP rules of `array` (value at rule[field]) after collapsing repeats.
void CheckIpRules(PutContext& ctx, const Service& service, Json& array, const char* field,
                  const IpPolicy& policy, std::string_view path) {
  Dedupe(array, [&](const Json& r) { return GetString(r, field); });
  if (array.size() > service.ip_limit) {
    ctx.problems.Add(
        Invalid(std::string(service.code), "At most " + std::to_string(service.ip_limit) +
                                               " IP rules are allowed; the request has " +
                                               std::to_string(array.size()) + "."));
  }
  for (const Json& r : array) {
    std::string v = GetString(r, field);
    if (IpValueOk(v, policy)) continue;
    std::string why = service.kind == Kind::kStorage
                          ? ". For more information, see - https://aka.ms/storagenetworkruleset"
                          : ". '" + v + "' is not a public IPv4 address or range.";
    ctx.problems.Add(Invalid(
        std::string(service.code),
        "Values for request parameters are invalid: " + std::string(path) + "[*]." + field + why));
  }
}

// Each rule's "action": absent -> Allow; the only value Azure takes.
void CheckActions(PutContext& ctx, const Service& service, Json& array, std::string_view path) {
  for (Json& r : array) {
    if (!r.is_object()) continue;
    CheckEnum(ctx, r, "action", {"Allow"}, "Allow", service.code, std::string(path) + ".action");
  }
}

// ---- Storage accounts ----

class StorageAccountHandler : public Handler {
 public:
  // Endpoints connected to this resource show Disconnected once it is gone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    DisconnectConsumers(txn, doc);
    return {};
  }

  void Prepare(PutContext& ctx) const override {
    if (ctx.child_type == "privateEndpointConnections") {
      ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/true);
      return;
    }
    const std::string& name = ctx.id.name();
    if (!NameOk(name, 3, 24, /*lower=*/true, /*hyphen=*/false)) {
      ctx.problems.Add(Invalid("AccountNameInvalid",
                               name + " is not a valid storage account name. Storage account "
                                      "name must be between 3 and 24 characters in length and "
                                      "use numbers and lower-case letters only."));
      return;
    }
    Json& props = ctx.doc["properties"];
    if (!Get(props, "networkAcls")) props["networkAcls"] = Json::object();
    Json& acls = props["networkAcls"];
    if (!acls.is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestContent", "networkAcls must be an object."));
      return;
    }
    CheckEnum(ctx, acls, "defaultAction", {"Allow", "Deny"}, "Allow", kStorage.code,
              "networkAcls.defaultAction");
    CheckBypass(ctx, acls);
    Json* ips = ArrayAt(ctx, acls, "ipRules", "networkAcls");
    Json* vnets = ArrayAt(ctx, acls, "virtualNetworkRules", "networkAcls");
    Json* ipv6 = ArrayAt(ctx, acls, "ipv6Rules", "networkAcls");
    if (Get(acls, "resourceAccessRules")) ArrayAt(ctx, acls, "resourceAccessRules", "networkAcls");
    if (!ips || !vnets || !ipv6) return;
    CheckActions(ctx, kStorage, *ips, "networkAcls.ipRules");
    CheckIpRules(ctx, kStorage, *ips, "value", {.refuse_host_cidr = true}, "networkAcls.ipRule");
    CheckIpv6Rules(ctx, *ipv6);
    CheckActions(ctx, kStorage, *vnets, "networkAcls.virtualNetworkRules");
    CheckStorageVnetRules(ctx, *vnets);
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              nullptr, kStorage.code, "publicNetworkAccess");
    FillAccount(ctx);
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/true);
  }

 private:
  // "AzureServices", "Logging", "Metrics", "None" or a comma-separated mix (None alone).
  static void CheckBypass(PutContext& ctx, Json& acls) {
    if (!Get(acls, "bypass")) {
      acls["bypass"] = "AzureServices";
      return;
    }
    std::string canonical;
    const std::string bypass = GetString(acls, "bypass");  // Split's views point into it
    std::vector<std::string_view> parts = Split(bypass, ',');
    for (std::string_view part : parts) {
      const char* known = nullptr;
      for (const char* k : {"None", "Logging", "Metrics", "AzureServices"}) {
        if (EqualsIgnoreCase(Trim(part), k)) known = k;
      }
      if (!known || (parts.size() > 1 && std::string_view(known) == "None")) {
        ctx.problems.Add(Invalid(
            std::string(kStorage.code),
            "Values for request parameters are invalid: networkAcls.bypass '" + bypass + "'."));
        return;
      }
      canonical += (canonical.empty() ? "" : ", ") + std::string(known);
    }
    acls["bypass"] = canonical;
  }

  static void CheckIpv6Rules(PutContext& ctx, Json& rules) {
    for (Json& r : rules) {
      Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(GetString(r, "value"));
      if (c.ok() && !c->is_v4()) continue;
      ctx.problems.Add(Invalid(std::string(kStorage.code),
                               "Values for request parameters are invalid: "
                               "networkAcls.ipv6Rules[*].value."));
    }
    CheckActions(ctx, kStorage, rules, "networkAcls.ipv6Rules");
  }

  static std::vector<Json> StoredVnetRules(const PutContext& ctx) {
    if (!ctx.existing) return {};
    const Json* acls = Get(PropsOf(ctx.existing->body), "networkAcls");
    const Json* rules = acls ? Get(*acls, "virtualNetworkRules") : nullptr;
    if (!rules || !rules->is_array()) return {};
    return {rules->begin(), rules->end()};
  }

  // New rules are checked and show state Succeeded; rules already stored keep their state
  // (NetworkSourceDeleted survives until the rule is removed, SEMANTICS.md section 5.5).
  static void CheckStorageVnetRules(PutContext& ctx, Json& rules) {
    Dedupe(rules, [](const Json& r) { return AsciiLower(GetString(r, "id")); });
    std::vector<Json> stored = StoredVnetRules(ctx);
    std::vector<VnetRule> wanted, old;
    for (const Json& s : stored) old.push_back({GetString(s, "id"), false});
    for (Json& r : rules) {
      std::string id = GetString(r, "id");
      wanted.push_back({id, false});  // a non-object rule has no id: refused as malformed
      if (!r.is_object()) continue;
      r["state"] = "Succeeded";
      for (const Json& s : stored) {
        if (EqualsIgnoreCase(GetString(s, "id"), id) && Get(s, "state")) r["state"] = s["state"];
      }
    }
    CheckVnetRules(ctx, kStorage, wanted, old, AsciiLower(GetString(ctx.doc, "location")));
  }

  // kind, sku, endpoints, locations and the other read-only fields the recordings show.
  static void FillAccount(PutContext& ctx) {
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    const std::string& name = ctx.id.name();
    if (!Get(doc, "kind")) doc["kind"] = "StorageV2";
    if (!Get(doc, "sku") || !doc["sku"].is_object()) doc["sku"] = Json{{"name", "Standard_LRS"}};
    std::string sku = GetString(doc["sku"], "name", "Standard_LRS");
    doc["sku"]["name"] = sku;
    doc["sku"]["tier"] = StartsWithIgnoreCase(sku, "Premium") ? "Premium" : "Standard";
    std::string region = AsciiLower(GetString(doc, "location"));
    props["primaryEndpoints"] = Endpoints(name, true);
    props["primaryLocation"] = region;
    props["statusOfPrimary"] = "available";
    std::string pair(model::PairedRegion(region));
    bool geo = sku.find("GRS") != std::string::npos || sku.find("GZRS") != std::string::npos;
    props.erase("secondaryLocation");
    props.erase("statusOfSecondary");
    props.erase("secondaryEndpoints");
    if (geo && !pair.empty()) {
      props["secondaryLocation"] = pair;
      props["statusOfSecondary"] = "available";
      if (StartsWithIgnoreCase(sku, "Standard_RA"))
        props["secondaryEndpoints"] = Endpoints(name + "-secondary", false);
    }
    for (const char* key : {"allowBlobPublicAccess", "allowCrossTenantReplication"}) {
      if (!Get(props, key)) props[key] = false;
    }
    if (!Get(props, "supportsHttpsTrafficOnly")) props["supportsHttpsTrafficOnly"] = true;
    if (!Get(props, "minimumTlsVersion")) props["minimumTlsVersion"] = "TLS1_0";
    std::string kind = GetString(doc, "kind");
    if (!Get(props, "accessTier") && (kind == "StorageV2" || kind == "BlobStorage"))
      props["accessTier"] = "Hot";
    if (!Get(props, "encryption")) {
      Json service = {{"keyType", "Account"}, {"enabled", true}};
      props["encryption"] = {{"services", {{"blob", service}, {"file", service}}},
                             {"keySource", "Microsoft.Storage"}};
    }
    const Json* old_time =
        ctx.existing ? Get(PropsOf(ctx.existing->body), "creationTime") : nullptr;
    props["creationTime"] = old_time ? *old_time : Json(UtcNow());
    props["keyCreationTime"] = {{"key1", props["creationTime"]}, {"key2", props["creationTime"]}};
  }

  // https://<account>.<service>.core.windows.net/ (the secondary has no file endpoint).
  static Json Endpoints(const std::string& host, bool with_file) {
    Json out = Json::object();
    for (const char* service : {"blob", "queue", "table", "file", "dfs"}) {
      if (!with_file && std::string_view(service) == "file") continue;
      out[service] = "https://" + host + "." + service + ".core.windows.net/";
    }
    out["web"] = "https://" + host + ".z13.web.core.windows.net/";
    return out;
  }
};

// ---- SQL servers, their virtual network rules and firewall rules (section 6.3) ----

const char kSqlPnaDisabledText[] =
    "Unable to create or modify firewall rules when public network interface for the server is "
    "disabled. To manage server or database level firewall rules, please enable the public "
    "network interface.";

class SqlServerHandler : public Handler {
 public:
  // Endpoints connected to this resource show Disconnected once it is gone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    DisconnectConsumers(txn, doc);
    return {};
  }

  void Prepare(PutContext& ctx) const override {
    if (ctx.child_type == "privateEndpointConnections") {
      ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
      return;
    }
    const std::string& name = ctx.id.name();
    if (!NameOk(name, 1, 63, /*lower=*/true, /*hyphen=*/true)) {
      ctx.problems.Add(Invalid("InvalidServerName",
                               "Invalid server name specified. '" + name +
                                   "' must be 1-63 lower-case letters, digits and hyphens, and "
                                   "cannot start or end with a hyphen."));
      return;
    }
    Json& props = ctx.doc["properties"];
    props.erase("administratorLoginPassword");  // write-only: never echoed
    if (!Get(props, "administratorLogin") && ctx.existing) {
      const Json* login = Get(PropsOf(ctx.existing->body), "administratorLogin");
      if (login) props["administratorLogin"] = *login;
    }
    ctx.doc["kind"] = "v12.0";
    props["fullyQualifiedDomainName"] = name + ".database.windows.net";
    props["version"] = "12.0";
    props["state"] = "Ready";
    if (!Get(props, "minimalTlsVersion")) props["minimalTlsVersion"] = "None";
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled", "InvalidParameterValue", "publicNetworkAccess");
    CheckEnum(ctx, props, "restrictOutboundNetworkAccess", {"Enabled", "Disabled"}, "Disabled",
              "InvalidParameterValue", "restrictOutboundNetworkAccess");
    if (!Get(props, "externalGovernanceStatus")) props["externalGovernanceStatus"] = "Disabled";
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }
};

// Standalone children of a SQL server of one type, other than `self`.
size_t SiblingCount(const Txn& txn, const arm::ResourceId& self, std::string_view type) {
  size_t n = 0;
  for (const Doc* d : txn.ChildrenOf(self.Parent().Key())) {
    if (EqualsIgnoreCase(d->type->name, type) && d->key() != self.Key()) ++n;
  }
  return n;
}

class SqlVirtualNetworkRuleHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    std::string subnet = GetString(props, "virtualNetworkSubnetId");
    if (subnet.empty()) {
      ctx.problems.Add(Invalid("VirtualNetworkRuleBadRequest",
                               "Failed to create or update vnet rule because "
                               "virtualNetworkSubnetId is missing."));
      return;
    }
    bool ignore = GetBool(props, "ignoreMissingVnetServiceEndpoint", false);
    props["ignoreMissingVnetServiceEndpoint"] = ignore;
    props["state"] = "Ready";  // an unchanged rule keeps its state (Deleted once the subnet is)
    const Doc* server = ctx.txn.Find(ctx.id.Parent());
    if (!server) return;
    if (!ctx.existing &&
        SiblingCount(ctx.txn, ctx.id, "Microsoft.Sql/servers/virtualNetworkRules") >=
            kSql.vnet_limit) {
      ctx.problems.Add(Invalid("VirtualNetworkRuleBadRequest",
                               "A server can have at most 128 virtual network rules."));
    }
    std::vector<VnetRule> old;
    if (ctx.existing) {
      const Json& p = PropsOf(ctx.existing->body);
      old.push_back({GetString(p, "virtualNetworkSubnetId"),
                     GetBool(p, "ignoreMissingVnetServiceEndpoint", false)});
    }
    std::string region = AsciiLower(GetString(server->body, "location"));
    if (std::set<VnetRule>(old.begin(), old.end()).count({subnet, ignore})) {
      props["state"] = GetString(PropsOf(ctx.existing->body), "state", "Ready");
      return;
    }
    // The subnet must be in the server's region, with or without the ignore flag.
    if (SubnetView s = FindSubnet(ctx.txn, subnet)) {
      std::string vnet_region = AsciiLower(GetString(s.vnet->body, "location"));
      if (vnet_region != region) {
        ctx.problems.Add(Invalid("VirtualNetworkRuleBadRequest",
                                 "Microsoft.Sql resources in " + region +
                                     " cannot be ACL-ed to virtual network in " + vnet_region +
                                     ". Only resources in " + vnet_region +
                                     " can be ACL-ed to virtual networks in " + vnet_region + "."));
        return;
      }
    }
    CheckVnetRules(ctx, kSql, {{subnet, ignore}}, old, region);
  }
};

class SqlFirewallRuleHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const Doc* server = ctx.txn.Find(ctx.id.Parent());
    if (server && PublicAccessDisabled(*server)) {
      ctx.problems.Add(Invalid("DenyPublicEndpointEnabled", kSqlPnaDisabledText));
      return;
    }
    Json& props = ctx.doc["properties"];
    Result<net::IpAddress> start = net::IpAddress::Parse(GetString(props, "startIpAddress"));
    Result<net::IpAddress> end = net::IpAddress::Parse(GetString(props, "endIpAddress"));
    if (!start.ok() || !end.ok() || !start->is_v4() || !end->is_v4()) {
      ctx.problems.Add(Invalid("FirewallRuleNotIPv4Address",
                               "The provided firewall rule address is not IPv4: startIpAddress "
                               "and endIpAddress must be IPv4 addresses."));
    } else if (*end < *start) {
      ctx.problems.Add(Invalid("FirewallRuleInvalidRange",
                               "The specified firewall rule range is invalid: startIpAddress " +
                                   start->ToString() + " is after endIpAddress " + end->ToString() +
                                   "."));
    }
    if (!ctx.existing &&
        SiblingCount(ctx.txn, ctx.id, "Microsoft.Sql/servers/firewallRules") >= 128) {
      ctx.problems.Add(Invalid("FirewallRuleCountLimitReached",
                               "A server can have at most 128 firewall rules."));
    }
  }

  // Removing a rule is a change too (error 42101); a server being deleted takes its rules along.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    const Doc* server = txn.Find(doc.id.Parent());
    if (server && PublicAccessDisabled(*server))
      return Invalid("DenyPublicEndpointEnabled", kSqlPnaDisabledText);
    return {};
  }

 private:
  static bool PublicAccessDisabled(const Doc& server) {
    return EqualsIgnoreCase(GetString(PropsOf(server.body), "publicNetworkAccess"), "Disabled");
  }
};

// ---- Key vaults (section 6.4) ----

class KeyVaultHandler : public Handler {
 public:
  // Endpoints connected to this resource show Disconnected once it is gone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    DisconnectConsumers(txn, doc);
    return {};
  }

  void Prepare(PutContext& ctx) const override {
    if (ctx.child_type == "privateEndpointConnections") {
      ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
      return;
    }
    const std::string& name = ctx.id.name();
    if (!NameOk(name, 3, 24, false, true) || !IsLetter(name[0]) ||
        name.find("--") != std::string::npos) {
      ctx.problems.Add(Invalid("VaultNameNotValid",
                               "The vault name '" + name +
                                   "' is invalid. A vault's name must be between 3-24 "
                                   "alphanumeric characters. The name must begin with a letter, "
                                   "end with a letter or digit, and not contain consecutive "
                                   "hyphens."));
      return;
    }
    Json& props = ctx.doc["properties"];
    if (GetString(props, "tenantId").empty()) {
      ctx.problems.Add(Invalid("MissingRequiredParameter", "properties.tenantId is required."));
    }
    if (!Get(props, "sku") || !props["sku"].is_object())
      props["sku"] = Json{{"family", "A"}, {"name", "standard"}};
    if (!Get(props["sku"], "family")) props["sku"]["family"] = "A";
    CheckEnum(ctx, props["sku"], "name", {"standard", "premium"}, "standard", kKeyVault.code,
              "properties.sku.name");
    props["vaultUri"] = "https://" + name + ".vault.azure.net/";
    if (!Get(props, "accessPolicies")) props["accessPolicies"] = Json::array();
    if (!Get(props, "enabledForDeployment")) props["enabledForDeployment"] = false;
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled"}, "Enabled", kKeyVault.code,
              "properties.publicNetworkAccess");
    if (Get(props, "networkAcls")) CheckAcls(ctx, props);
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }

 private:
  static void CheckAcls(PutContext& ctx, Json& props) {
    Json& acls = props["networkAcls"];
    if (!acls.is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestContent", "networkAcls must be an object."));
      return;
    }
    CheckEnum(ctx, acls, "defaultAction", {"Allow", "Deny"}, "Allow", kKeyVault.code,
              "properties.networkAcls.defaultAction");
    CheckEnum(ctx, acls, "bypass", {"AzureServices", "None"}, "AzureServices", kKeyVault.code,
              "properties.networkAcls.bypass");
    Json* ips = ArrayAt(ctx, acls, "ipRules", "properties.networkAcls");
    Json* vnets = ArrayAt(ctx, acls, "virtualNetworkRules", "properties.networkAcls");
    if (!ips || !vnets) return;
    // Key Vault stores a bare address as a /32 and subnet ids lower-cased
    // (createVaultWithNetworkAcls example; keyvault recording).
    for (Json& r : *ips) {
      std::string v = GetString(r, "value");
      if (r.is_object() && !v.empty() && v.find('/') == std::string::npos) r["value"] = v + "/32";
    }
    CheckIpRules(ctx, kKeyVault, *ips, "value", {}, "properties.networkAcls.ipRules");
    for (Json& r : *vnets) {
      if (r.is_object() && Get(r, "id")) r["id"] = AsciiLower(GetString(r, "id"));
    }
    Dedupe(*vnets, [](const Json& r) { return GetString(r, "id"); });
    CheckVnetRules(ctx, kKeyVault, RulesOf(*vnets), StoredRules(ctx),
                   AsciiLower(GetString(ctx.doc, "location")));
    // The firewall's default state is shown as no networkAcls at all.
    if (acls["defaultAction"] == "Allow" && acls["bypass"] == "AzureServices" && ips->empty() &&
        vnets->empty())
      props.erase("networkAcls");
  }

  static std::vector<VnetRule> RulesOf(const Json& rules) {
    std::vector<VnetRule> out;
    for (const Json& r : rules) {
      out.push_back({GetString(r, "id"), GetBool(r, "ignoreMissingVnetServiceEndpoint", false)});
    }
    return out;
  }

  static std::vector<VnetRule> StoredRules(const PutContext& ctx) {
    const Json* acls = ctx.existing ? Get(PropsOf(ctx.existing->body), "networkAcls") : nullptr;
    const Json* rules = acls ? Get(*acls, "virtualNetworkRules") : nullptr;
    return rules && rules->is_array() ? RulesOf(*rules) : std::vector<VnetRule>{};
  }
};

// ---- Cosmos DB accounts (section 6.5) ----

class CosmosAccountHandler : public Handler {
 public:
  // Endpoints connected to this resource show Disconnected once it is gone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    DisconnectConsumers(txn, doc);
    return {};
  }

  void Prepare(PutContext& ctx) const override {
    if (ctx.child_type == "privateEndpointConnections") {
      ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
      return;
    }
    const std::string& name = ctx.id.name();
    if (!NameOk(name, 3, 44, /*lower=*/true, /*hyphen=*/true)) {
      ctx.problems.Add(
          Invalid("BadRequest", "Database account name '" + name +
                                    "' is invalid: use 3-44 lower-case letters, "
                                    "digits or '-', not starting or ending with '-'."));
      return;
    }
    Json& props = ctx.doc["properties"];
    Json* ips = ArrayAt(ctx, props, "ipRules", "properties");
    Json* vnets = ArrayAt(ctx, props, "virtualNetworkRules", "properties");
    if (!ips || !vnets) return;
    CheckIpRules(ctx, kCosmos, *ips, "ipAddressOrRange", {.allow_zero = true},
                 "properties.ipRules");
    Dedupe(*vnets, [](const Json& r) { return AsciiLower(GetString(r, "id")); });
    for (Json& r : *vnets) {
      if (r.is_object() && !Get(r, "ignoreMissingVNetServiceEndpoint"))
        r["ignoreMissingVNetServiceEndpoint"] = false;
    }
    CheckVnetRules(ctx, kCosmos, RulesOf(*vnets), StoredRules(ctx),
                   AsciiLower(GetString(ctx.doc, "location")));
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled", kCosmos.code, "properties.publicNetworkAccess");
    CheckEnum(ctx, props, "networkAclBypass", {"None", "AzureServices"}, "None", kCosmos.code,
              "properties.networkAclBypass");
    FillAccount(ctx);
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }

 private:
  static std::vector<VnetRule> RulesOf(const Json& rules) {
    std::vector<VnetRule> out;
    for (const Json& r : rules) {
      out.push_back({GetString(r, "id"), GetBool(r, "ignoreMissingVNetServiceEndpoint", false)});
    }
    return out;
  }

  static std::vector<VnetRule> StoredRules(const PutContext& ctx) {
    if (!ctx.existing) return {};
    const Json* rules = Get(PropsOf(ctx.existing->body), "virtualNetworkRules");
    return rules && rules->is_array() ? RulesOf(*rules) : std::vector<VnetRule>{};
  }

  // The read-only fields and defaults of the cosmosdb recording.
  static void FillAccount(PutContext& ctx) {
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    const std::string& name = ctx.id.name();
    if (!Get(doc, "kind")) doc["kind"] = "GlobalDocumentDB";
    props["documentEndpoint"] = "https://" + name + ".documents.azure.com:443/";
    if (GetString(doc, "kind") == "GlobalDocumentDB")
      props["sqlEndpoint"] = props["documentEndpoint"];
    for (const char* key : {"isVirtualNetworkFilterEnabled", "enableAutomaticFailover",
                            "enableMultipleWriteLocations", "disableLocalAuth"}) {
      if (!Get(props, key)) props[key] = false;
    }
    for (const char* key : {"networkAclBypassResourceIds", "cors", "capabilities"}) {
      if (!Get(props, key)) props[key] = Json::array();
    }
    if (!Get(props, "databaseAccountOfferType")) props["databaseAccountOfferType"] = "Standard";
    if (!Get(props, "minimalTlsVersion")) props["minimalTlsVersion"] = "Tls12";
    if (!Get(props, "consistencyPolicy")) {
      props["consistencyPolicy"] = {{"defaultConsistencyLevel", "Session"},
                                    {"maxIntervalInSeconds", 5},
                                    {"maxStalenessPrefix", 100}};
    }
    FillLocations(ctx.doc, name);
  }

  // locations[] (the account's region when absent) with ids and per-region endpoints;
  // writeLocations is failover priority 0, readLocations every region.
  static void FillLocations(Json& doc, const std::string& name) {
    Json& props = doc["properties"];
    Json given = Get(props, "locations") && props["locations"].is_array()
                     ? props["locations"]
                     : Json::array({{{"locationName", GetString(doc, "location")},
                                     {"failoverPriority", 0}}});
    Json locations = Json::array(), writes = Json::array(), policies = Json::array();
    for (const Json& g : given) {
      if (!g.is_object()) continue;
      std::string region = AsciiLower(GetString(g, "locationName"));
      region.erase(std::remove(region.begin(), region.end(), ' '), region.end());
      int priority = g.contains("failoverPriority") && g["failoverPriority"].is_number_integer()
                         ? g["failoverPriority"].get<int>()
                         : 0;
      Json l = {
          {"id", name + "-" + region},
          {"locationName", GetString(g, "locationName")},
          {"documentEndpoint", "https://" + name + "-" + region + ".documents.azure.com:443/"},
          {"provisioningState", "Succeeded"},
          {"failoverPriority", priority},
          {"isZoneRedundant", GetBool(g, "isZoneRedundant", false)}};
      if (priority == 0) writes.push_back(l);
      policies.push_back(
          {{"id", l["id"]}, {"locationName", l["locationName"]}, {"failoverPriority", priority}});
      locations.push_back(std::move(l));
    }
    props["locations"] = locations;
    props["readLocations"] = locations;
    props["writeLocations"] = writes;
    props["failoverPolicies"] = policies;
  }
};

// ---- Event Hubs and Service Bus namespaces and their networkRuleSets/default ----

class MessagingNamespaceHandler : public Handler {
 public:
  // Endpoints connected to this resource show Disconnected once it is gone.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    DisconnectConsumers(txn, doc);
    return {};
  }

  explicit MessagingNamespaceHandler(bool service_bus) : service_bus_(service_bus) {}

  void Prepare(PutContext& ctx) const override {
    if (ctx.child_type == "privateEndpointConnections") {
      ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
      return;
    }
    const std::string& name = ctx.id.name();
    if (!NameOk(name, 6, 50, false, true) || !IsLetter(name[0])) {
      ctx.problems.Add(
          Invalid("BadRequest", "The specified namespace name '" + name +
                                    "' is invalid: use 6-50 letters, digits or hyphens, start with "
                                    "a letter and end with a letter or digit."));
      return;
    }
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    if (!Get(doc, "sku") || !doc["sku"].is_object()) doc["sku"] = Json{{"name", "Standard"}};
    CheckEnum(ctx, doc["sku"], "name", {"Basic", "Standard", "Premium"}, "Standard", "BadRequest",
              "sku.name");
    doc["sku"]["tier"] = doc["sku"]["name"];
    if (!Get(doc["sku"], "capacity")) doc["sku"]["capacity"] = 1;
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled", "BadRequest", "properties.publicNetworkAccess");
    FillNamespace(ctx);
    SyncRuleSet(ctx);
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }

 private:
  void FillNamespace(PutContext& ctx) const {
    Json& props = ctx.doc["properties"];
    const std::string& name = ctx.id.name();
    props["serviceBusEndpoint"] = "https://" + name + ".servicebus.windows.net:443/";
    props["metricId"] = ctx.id.subscription() + ":" + name;
    props["status"] = "Active";
    if (!Get(props, "minimumTlsVersion")) props["minimumTlsVersion"] = "1.2";
    for (const char* key : {"disableLocalAuth", "zoneRedundant"}) {
      if (!Get(props, key)) props[key] = false;
    }
    if (service_bus_) {
      if (ctx.doc["sku"]["name"] == "Premium" && !Get(props, "premiumMessagingPartitions"))
        props["premiumMessagingPartitions"] = 1;
    } else {
      if (!Get(props, "isAutoInflateEnabled")) props["isAutoInflateEnabled"] = false;
      if (!Get(props, "maximumThroughputUnits")) props["maximumThroughputUnits"] = 0;
      if (!Get(props, "kafkaEnabled")) props["kafkaEnabled"] = true;
    }
    const Json* created = ctx.existing ? Get(PropsOf(ctx.existing->body), "createdAt") : nullptr;
    props["updatedAt"] = UtcNow();
    props["createdAt"] = created ? *created : props["updatedAt"];
  }

  // A namespace always has networkRuleSets/default (the recordings GET it without a PUT); its
  // publicNetworkAccess follows the namespace's.
  static void SyncRuleSet(PutContext& ctx) {
    arm::ResourceId rs_id = ctx.id.Child("networkRuleSets", "default");
    std::string pna = GetString(ctx.doc["properties"], "publicNetworkAccess");
    if (const Doc* rs = ctx.txn.Find(rs_id)) {
      if (GetString(PropsOf(rs->body), "publicNetworkAccess") == pna) return;
      Doc copy = *rs;
      copy.body["properties"]["publicNetworkAccess"] = pna;
      ctx.txn.Put(std::move(copy));
      return;
    }
    const model::ResourceType* type = model::FindResourceType(rs_id.FullType());
    if (!type) return;
    Json body = {{"id", rs_id.ToString()},
                 {"name", "default"},
                 {"type", std::string(type->name)},
                 {"location", GetString(ctx.doc, "location")},
                 {"properties",
                  {{"publicNetworkAccess", pna},
                   {"defaultAction", "Allow"},
                   {"virtualNetworkRules", Json::array()},
                   {"ipRules", Json::array()},
                   {"trustedServiceAccessEnabled", false}}}};
    ctx.txn.Put(Doc{rs_id, type, std::move(body), "", 0});
  }

  bool service_bus_;
};

class NetworkRuleSetHandler : public Handler {
 public:
  explicit NetworkRuleSetHandler(const Service& service) : service_(service) {}

  void Prepare(PutContext& ctx) const override {
    if (!EqualsIgnoreCase(ctx.id.name(), "default")) {
      ctx.problems.Add(Invalid("BadRequest",
                               "The network rule set of a namespace is named "
                               "'default'; '" +
                                   ctx.id.name() + "' is not a valid name."));
      return;
    }
    const Doc* ns = ctx.txn.Find(ctx.id.Parent());
    std::string region = ns ? AsciiLower(GetString(ns->body, "location")) : "";
    Json& props = ctx.doc["properties"];
    ctx.doc["location"] = region;
    CheckEnum(ctx, props, "defaultAction", {"Allow", "Deny"}, "Allow", service_.code,
              "properties.defaultAction");
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled", service_.code, "properties.publicNetworkAccess");
    if (!Get(props, "trustedServiceAccessEnabled")) props["trustedServiceAccessEnabled"] = false;
    Json* ips = ArrayAt(ctx, props, "ipRules", "properties");
    Json* vnets = ArrayAt(ctx, props, "virtualNetworkRules", "properties");
    if (!ips || !vnets) return;
    CheckActions(ctx, service_, *ips, "properties.ipRules");
    CheckIpRules(ctx, service_, *ips, "ipMask", {}, "properties.ipRules");
    Dedupe(*vnets, [](const Json& r) { return AsciiLower(SubnetIdOf(r)); });
    for (Json& r : *vnets) {
      if (r.is_object() && !Get(r, "ignoreMissingVnetServiceEndpoint"))
        r["ignoreMissingVnetServiceEndpoint"] = false;
    }
    std::vector<VnetRule> old;
    if (ctx.existing) old = RulesOf(PropsOf(ctx.existing->body));
    CheckVnetRules(ctx, service_, RulesOf(props), old, region);
    // The namespace shows the same publicNetworkAccess.
    std::string pna = GetString(props, "publicNetworkAccess");
    if (ns && GetString(PropsOf(ns->body), "publicNetworkAccess") != pna) {
      Doc copy = *ns;
      copy.body["properties"]["publicNetworkAccess"] = pna;
      ctx.txn.Put(std::move(copy));
    }
  }

 private:
  static std::string SubnetIdOf(const Json& rule) {
    const Json* subnet = Get(rule, "subnet");
    return subnet ? GetString(*subnet, "id") : "";
  }

  static std::vector<VnetRule> RulesOf(const Json& props) {
    std::vector<VnetRule> out;
    const Json* rules = Get(props, "virtualNetworkRules");
    for (const Json& r : rules && rules->is_array() ? *rules : Json::array()) {
      out.push_back({SubnetIdOf(r), GetBool(r, "ignoreMissingVnetServiceEndpoint", false)});
    }
    return out;
  }

  const Service& service_;
};

// Stages `state` on the rule object at `rule_pointer` of document `key` (read through the txn,
// so several rules of one document accumulate).
void StageRuleState(Txn& txn, const std::string& key, const Json::json_pointer& rule_pointer,
                    const char* state) {
  const Doc* doc = txn.Find(key);
  if (!doc || !doc->body.contains(rule_pointer)) return;
  Doc copy = *doc;
  copy.body[rule_pointer]["state"] = state;
  txn.Put(std::move(copy));
}

}  // namespace

void MarkVirtualNetworkRulesSourceDeleted(Txn& txn, const std::string& subnet_key) {
  for (const Ref& ref : txn.Referrers(subnet_key)) {
    const Doc* doc = txn.Find(ref.source_key);
    if (!doc || !EqualsIgnoreCase(doc->type->name, "Microsoft.Storage/storageAccounts")) continue;
    const std::string kRulePrefix = "/properties/networkAcls/virtualNetworkRules/";
    if (!ref.path.starts_with(kRulePrefix) || !ref.path.ends_with("/id")) continue;
    Json::json_pointer rule(ref.path.substr(0, ref.path.size() - 3));
    StageRuleState(txn, ref.source_key, rule, "NetworkSourceDeleted");
  }
  // SQL rules name their subnet in virtualNetworkSubnetId (not an "id" field, so not a Ref).
  for (const Doc* rule : txn.OfType("Microsoft.Sql/servers/virtualNetworkRules")) {
    Result<arm::ResourceId> id =
        arm::ResourceId::Parse(GetString(PropsOf(rule->body), "virtualNetworkSubnetId"));
    if (!id.ok() || id->Key() != subnet_key) continue;
    StageRuleState(txn, rule->key(), Json::json_pointer("/properties"), "Deleted");
  }
}

void AddServiceHandlers(std::vector<Registration>& out) {
  static const StorageAccountHandler kStorageHandler;
  static const SqlServerHandler kSqlHandler;
  static const SqlVirtualNetworkRuleHandler kSqlVnetRule;
  static const SqlFirewallRuleHandler kSqlFirewallRule;
  static const KeyVaultHandler kKeyVaultHandler;
  static const CosmosAccountHandler kCosmosHandler;
  static const MessagingNamespaceHandler kEventHubNamespace(false);
  static const MessagingNamespaceHandler kServiceBusNamespace(true);
  static const NetworkRuleSetHandler kEventHubRules(kEventHub);
  static const NetworkRuleSetHandler kServiceBusRules(kServiceBus);
  out.push_back({"Microsoft.Storage/storageAccounts", &kStorageHandler});
  out.push_back({"Microsoft.Sql/servers", &kSqlHandler});
  out.push_back({"Microsoft.Sql/servers/virtualNetworkRules", &kSqlVnetRule});
  out.push_back({"Microsoft.Sql/servers/firewallRules", &kSqlFirewallRule});
  out.push_back({"Microsoft.KeyVault/vaults", &kKeyVaultHandler});
  out.push_back({"Microsoft.DocumentDB/databaseAccounts", &kCosmosHandler});
  out.push_back({"Microsoft.EventHub/namespaces", &kEventHubNamespace});
  out.push_back({"Microsoft.ServiceBus/namespaces", &kServiceBusNamespace});
  out.push_back({"Microsoft.EventHub/namespaces/networkRuleSets", &kEventHubRules});
  out.push_back({"Microsoft.ServiceBus/namespaces/networkRuleSets", &kServiceBusRules});
}

}  // namespace vnet::control::handlers
