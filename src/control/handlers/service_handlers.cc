// Rules of the service resources whose firewalls vnetd models (SEMANTICS.md sections 5.5 and 6):
// storage accounts (networkAcls), SQL servers (+ virtualNetworkRules, firewallRules), key vaults
// (networkAcls), Cosmos DB accounts, Event Hubs and Service Bus namespaces (+ networkRuleSets).
// A virtual network rule needs the service's endpoint on the subnet, in a region the endpoint
// covers, unless the service has an ignore flag and it is set; IP rules take public IPv4 only.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

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
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

std::string UtcNow() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.0000000Z", &tm);
  return buf;
}

bool IsLowerAlnum(std::string_view s, bool allow_hyphen) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (allow_hyphen && c == '-');
    if (!ok) return false;
  }
  return true;
}

// True for an address or range on the public internet (what service IP rules accept).
bool IsPublicIpv4(const net::Cidr& c) {
  static const char* const kPrivate[] = {"10.0.0.0/8",    "172.16.0.0/12", "192.168.0.0/16",
                                         "100.64.0.0/10", "127.0.0.0/8",   "169.254.0.0/16",
                                         "0.0.0.0/8",     "224.0.0.0/3"};
  if (!c.is_v4()) return false;
  for (const char* p : kPrivate) {
    if (net::Cidr::Parse(p).value().Overlaps(c)) return false;
  }
  return true;
}

// How one service checks the subnets its virtual network rules name.
struct EndpointRule {
  std::string_view endpoint;      // "Microsoft.Storage"
  std::string_view alt_endpoint;  // "Microsoft.Storage.Global" or ""
  std::string_view error_code;    // Azure's code when the endpoint is missing
  bool storage_message;           // Azure wraps storage's message in NetworkAclsValidationFailure
};

// Checks that `subnet_id` has the service's endpoint covering `resource_region`.
// Returns "" when it does, or the reason it does not.
std::string EndpointProblem(const Txn& txn, const std::string& subnet_id, const EndpointRule& rule,
                            const std::string& resource_region) {
  SubnetView subnet = FindSubnet(txn, subnet_id);
  if (!subnet) return "missing";
  const Json* endpoints = Get(PropsOf(*subnet.subnet), "serviceEndpoints");
  for (const Json& e : endpoints && endpoints->is_array() ? *endpoints : Json::array()) {
    std::string service = GetString(e, "service");
    bool global = !rule.alt_endpoint.empty() && EqualsIgnoreCase(service, rule.alt_endpoint);
    if (!global && !EqualsIgnoreCase(service, rule.endpoint)) continue;
    if (global) return "";
    for (const std::string& loc : GetStringList(e, "locations")) {
      if (loc == "*") {
        // "*" means every region the service allows: for Microsoft.Storage, the VNet's region
        // and its pair (SEMANTICS.md section 0, decision 6b).
        if (!EqualsIgnoreCase(rule.endpoint, "Microsoft.Storage")) return "";
        std::string vnet_region = GetString(subnet.vnet->body, "location");
        if (resource_region == vnet_region || resource_region == model::PairedRegion(vnet_region))
          return "";
        continue;
      }
      if (EqualsIgnoreCase(loc, resource_region)) return "";
    }
    return "region";
  }
  return "endpoint";
}

Status EndpointError(const EndpointRule& rule, const std::string& subnet_id) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet_id);
  std::string subnet = id.ok() ? id->name() : subnet_id;
  std::string vnet = id.ok() ? id->Parent().ToString() : "";
  std::string inner = "Subnets " + subnet + " of virtual network " + vnet +
                      " do not have ServiceEndpoints for " + std::string(rule.endpoint) +
                      " resources configured. Add " + std::string(rule.endpoint) +
                      " to subnet's ServiceEndpoints collection before trying to ACL " +
                      std::string(rule.endpoint) + " resources to these subnets.";
  if (rule.storage_message) {
    return Invalid(
        "NetworkAclsValidationFailure",
        "Validation of network acls failure: SubnetsHaveNoServiceEndpointsConfigured:" + inner);
  }
  return Invalid(std::string(rule.error_code), inner);
}

// Validates a list of virtual network rule subnet ids for one resource.
void CheckVnetRules(PutContext& ctx, const std::vector<std::pair<std::string, bool>>& rules,
                    const EndpointRule& rule, size_t limit) {
  std::string region = GetString(ctx.doc, "location");
  if (rules.size() > limit) {
    ctx.problems.Add(
        Invalid("VirtualNetworkRuleCountLimitReached",
                "At most " + std::to_string(limit) + " virtual network rules are allowed."));
  }
  for (const auto& [subnet_id, ignore_missing] : rules) {
    Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet_id);
    if (!id.ok() ||
        !EqualsIgnoreCase(id->FullType(), "Microsoft.Network/virtualNetworks/subnets")) {
      ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                               "Values for request parameters are invalid: virtual network rule "
                               "id '" +
                                   subnet_id + "' is not a subnet id."));
      continue;
    }
    if (EqualsIgnoreCase(rule.endpoint, "Microsoft.Sql")) {
      // SQL: the subnet must be in the server's region, with or without the ignore flag.
      SubnetView s = FindSubnet(ctx.txn, subnet_id);
      std::string vnet_region = s ? GetString(s.vnet->body, "location") : "";
      if (s && vnet_region != region) {
        ctx.problems.Add(Invalid("VirtualNetworkRuleBadRequest",
                                 "Microsoft.Sql resources in " + region +
                                     " cannot be ACL-ed to virtual network in " + vnet_region +
                                     ". Only resources in " + vnet_region +
                                     " can be ACL-ed to virtual networks in " + vnet_region + "."));
        continue;
      }
    }
    if (ignore_missing) continue;
    std::string problem = EndpointProblem(ctx.txn, subnet_id, rule, region);
    if (problem.empty()) continue;
    if (problem == "missing" && EqualsIgnoreCase(rule.endpoint, "Microsoft.Sql")) {
      ctx.problems.Add(Invalid(
          "VirtualNetworkRuleBadRequest",
          "Failed to create or update vnet rule because subnet " + subnet_id + " does not exist."));
      continue;
    }
    if (EqualsIgnoreCase(rule.endpoint, "Microsoft.Sql")) {
      ctx.problems.Add(Invalid("VirtualNetworkRuleBadRequest",
                               "Failed to create or update vnet rule because subnet " + subnet_id +
                                   " does not have service endpoint Microsoft.Sql enabled."));
      continue;
    }
    ctx.problems.Add(EndpointError(rule, subnet_id));
  }
}

// Validates IP rule values (public IPv4 addresses or ranges).
void CheckIpRules(PutContext& ctx, const std::vector<std::string>& values, bool refuse_31_32,
                  const std::string& field, size_t limit) {
  if (values.size() > limit) {
    ctx.problems.Add(Invalid("IpRuleCountLimitReached",
                             "At most " + std::to_string(limit) + " IP rules are allowed."));
  }
  for (const std::string& v : values) {
    Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(v);
    bool bad = !c.ok() || !IsPublicIpv4(*c) ||
               (refuse_31_32 && v.find('/') != std::string::npos && c->prefix_len() >= 31);
    if (bad) {
      ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                               "Values for request parameters are invalid: " + field +
                                   "[*].value. '" + v +
                                   "' must be a public IPv4 address or range (no private "
                                   "ranges" +
                                   (refuse_31_32 ? ", no /31 or /32" : "") + ")."));
    }
  }
}

bool CheckEnum(PutContext& ctx, Json& obj, const char* key,
               std::initializer_list<const char*> values, const char* fallback) {
  if (!Get(obj, key)) {
    if (fallback) obj[key] = fallback;
    return true;
  }
  std::string v = GetString(obj, key);
  for (const char* allowed : values) {
    if (EqualsIgnoreCase(v, allowed)) {
      obj[key] = allowed;
      return true;
    }
  }
  ctx.problems.Add(
      Invalid("InvalidValuesForRequestParameters",
              "Values for request parameters are invalid: " + std::string(key) + " '" + v + "'."));
  return false;
}

const EndpointRule kStorageRule{"Microsoft.Storage", "Microsoft.Storage.Global", "", true};
const EndpointRule kSqlRule{"Microsoft.Sql", "", "VirtualNetworkRuleBadRequest", false};
const EndpointRule kKeyVaultRule{"Microsoft.KeyVault", "",
                                 "SubnetsHaveNoServiceEndpointsConfigured", false};
const EndpointRule kCosmosRule{"Microsoft.AzureCosmosDB", "",
                               "SubnetsHaveNoServiceEndpointsConfigured", false};
const EndpointRule kEventHubRule{"Microsoft.EventHub", "",
                                 "SubnetsHaveNoServiceEndpointsConfigured", false};
const EndpointRule kServiceBusRule{"Microsoft.ServiceBus", "",
                                   "SubnetsHaveNoServiceEndpointsConfigured", false};

class StorageAccountHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    if (name.size() < 3 || name.size() > 24 || !IsLowerAlnum(name, false)) {
      ctx.problems.Add(Invalid("AccountNameInvalid",
                               name + " is not a valid storage account name. Storage account "
                                      "name must be between 3 and 24 characters in length and "
                                      "use numbers and lower-case letters only."));
      return;
    }
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    if (!Get(doc, "kind")) doc["kind"] = "StorageV2";
    if (!Get(doc, "sku")) doc["sku"] = Json{{"name", "Standard_LRS"}};
    std::string sku = GetString(doc["sku"], "name", "Standard_LRS");
    doc["sku"]["tier"] = StartsWithIgnoreCase(sku, "Premium") ? "Premium" : "Standard";
    if (!Get(props, "networkAcls")) props["networkAcls"] = Json::object();
    Json& acls = props["networkAcls"];
    if (!acls.is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestContent", "networkAcls must be an object."));
      return;
    }
    CheckEnum(ctx, acls, "defaultAction", {"Allow", "Deny"}, "Allow");
    CheckBypass(ctx, acls);
    for (const char* list :
         {"ipRules", "virtualNetworkRules", "ipv6Rules", "resourceAccessRules"}) {
      if (!Get(acls, list)) {
        if (std::string_view(list) != "resourceAccessRules") acls[list] = Json::array();
      } else if (!acls[list].is_array()) {
        ctx.problems.Add(
            Invalid("InvalidRequestContent", std::string(list) + " must be an array."));
        return;
      }
    }
    std::vector<std::string> ips;
    for (Json& r : acls["ipRules"]) {
      ips.push_back(GetString(r, "value"));
      if (!Get(r, "action")) r["action"] = "Allow";
    }
    CheckIpRules(ctx, ips, /*refuse_31_32=*/true, "networkAcls.ipRule", 400);
    std::vector<std::pair<std::string, bool>> subnets;
    for (Json& r : acls["virtualNetworkRules"]) {
      subnets.emplace_back(GetString(r, "id"), false);
      if (!Get(r, "action")) r["action"] = "Allow";
      if (!Get(r, "state")) r["state"] = "Succeeded";
    }
    // A rule whose subnet was deleted keeps its NetworkSourceDeleted state; only new or
    // changed rules are checked.
    std::vector<std::pair<std::string, bool>> to_check;
    for (const auto& s : subnets) {
      if (!RuleExisted(ctx, s.first)) to_check.push_back(s);
    }
    CheckVnetRules(ctx, to_check, kStorageRule, 400);
    if (Get(props, "publicNetworkAccess")) {
      CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
                nullptr);
    }
    FillComputed(ctx, sku);
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/true);
  }

 private:
  static bool RuleExisted(const PutContext& ctx, const std::string& subnet_id) {
    if (!ctx.existing) return false;
    const Json* acls = Get(ctx.existing->body["properties"], "networkAcls");
    const Json* rules = acls ? Get(*acls, "virtualNetworkRules") : nullptr;
    for (const Json& r : rules && rules->is_array() ? *rules : Json::array()) {
      if (EqualsIgnoreCase(GetString(r, "id"), subnet_id)) return true;
    }
    return false;
  }

  static void CheckBypass(PutContext& ctx, Json& acls) {
    if (!Get(acls, "bypass")) {
      acls["bypass"] = "AzureServices";
      return;
    }
    std::string canonical;
    const std::string bypass = GetString(acls, "bypass");  // Split's views point into it
    for (std::string_view part : Split(bypass, ',')) {
      std::string_view p = Trim(part);
      const char* known = nullptr;
      for (const char* k : {"None", "Logging", "Metrics", "AzureServices"}) {
        if (EqualsIgnoreCase(p, k)) known = k;
      }
      if (!known) {
        ctx.problems.Add(Invalid("InvalidValuesForRequestParameters",
                                 "Values for request parameters are invalid: networkAcls.bypass '" +
                                     std::string(p) + "'."));
        return;
      }
      canonical += (canonical.empty() ? "" : ", ") + std::string(known);
    }
    acls["bypass"] = canonical;
  }

  static void FillComputed(PutContext& ctx, const std::string& sku) {
    Json& props = ctx.doc["properties"];
    const std::string& name = ctx.id.name();
    std::string region = GetString(ctx.doc, "location");
    Json endpoints = Json::object();
    for (const char* service : {"blob", "queue", "table", "file", "dfs"}) {
      endpoints[service] = "https://" + name + "." + service + ".core.windows.net/";
    }
    endpoints["web"] = "https://" + name + ".z13.web.core.windows.net/";
    props["primaryEndpoints"] = endpoints;
    props["primaryLocation"] = region;
    props["statusOfPrimary"] = "available";
    bool geo = sku.find("GRS") != std::string::npos;
    std::string pair(model::PairedRegion(region));
    if (geo && !pair.empty()) {
      props["secondaryLocation"] = pair;
      props["statusOfSecondary"] = "available";
    } else {
      props.erase("secondaryLocation");
      props.erase("statusOfSecondary");
    }
    if (!Get(props, "supportsHttpsTrafficOnly")) props["supportsHttpsTrafficOnly"] = true;
    if (ctx.existing && Get(ctx.existing->body["properties"], "creationTime")) {
      props["creationTime"] = ctx.existing->body["properties"]["creationTime"];
    } else if (!Get(props, "creationTime")) {
      props["creationTime"] = UtcNow();
    }
    props["keyCreationTime"] =
        Json{{"key1", props["creationTime"]}, {"key2", props["creationTime"]}};
  }
};

class SqlServerHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    if (name.empty() || name.size() > 63 || !IsLowerAlnum(name, true) || name.front() == '-' ||
        name.back() == '-') {
      ctx.problems.Add(Invalid("InvalidServerName",
                               "Invalid value given for parameter ServerName. Specify a valid "
                               "parameter value (lower-case letters, digits and '-', up to 63)."));
      return;
    }
    Json& props = ctx.doc["properties"];
    props.erase("administratorLoginPassword");  // never echoed
    props["fullyQualifiedDomainName"] = name + ".database.windows.net";
    if (!Get(props, "version")) props["version"] = "12.0";
    props["state"] = "Ready";
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled");
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }
};

class SqlVirtualNetworkRuleHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    std::string subnet = GetString(props, "virtualNetworkSubnetId");
    if (subnet.empty()) {
      ctx.problems.Add(
          Invalid("VirtualNetworkRuleBadRequest", "virtualNetworkSubnetId is required."));
      return;
    }
    if (!Get(props, "ignoreMissingVnetServiceEndpoint"))
      props["ignoreMissingVnetServiceEndpoint"] = false;
    const Doc* server = ctx.txn.Find(ctx.id.Parent());
    if (!server) return;
    if (ctx.txn.OfType("Microsoft.Sql/servers/virtualNetworkRules").size() > 128) {
      ctx.problems.Add(Invalid("VirtualNetworkRuleCountLimitReached",
                               "A server can have at most 128 virtual network rules."));
    }
    // The server's region decides (SQL rules must name a subnet in the server's region).
    Json server_view = ctx.doc;
    server_view["location"] = GetString(server->body, "location");
    PutContext server_ctx{ctx.txn, ctx.id, server_view, ctx.existing, "", "", false, ctx.problems};
    bool ignore = GetBool(props, "ignoreMissingVnetServiceEndpoint", false);
    CheckVnetRules(server_ctx, {{subnet, ignore}}, kSqlRule, 128);
    props["state"] = "Ready";
  }
};

class SqlFirewallRuleHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    const Doc* server = ctx.txn.Find(ctx.id.Parent());
    if (server && GetString(server->body["properties"], "publicNetworkAccess") == "Disabled") {
      ctx.problems.Add(Invalid("DenyPublicEndpointEnabled",
                               "Unable to create or modify firewall rules when public network "
                               "interface for the server is disabled. To manage server or "
                               "database level firewall rules, please enable the public network "
                               "interface."));
      return;
    }
    Result<net::IpAddress> start = net::IpAddress::Parse(GetString(props, "startIpAddress"));
    Result<net::IpAddress> end = net::IpAddress::Parse(GetString(props, "endIpAddress"));
    if (!start.ok() || !end.ok() || !start->is_v4() || !end->is_v4() || *end < *start) {
      ctx.problems.Add(Invalid("FirewallRuleInvalidRange",
                               "startIpAddress and endIpAddress must be IPv4 addresses with "
                               "startIpAddress <= endIpAddress."));
    }
  }
};

class KeyVaultHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    bool ok =
        name.size() >= 3 && name.size() <= 24 && std::isalpha(static_cast<unsigned char>(name[0]));
    for (char c : name) ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!ok || name.back() == '-' || name.find("--") != std::string::npos) {
      ctx.problems.Add(Invalid("VaultNameNotValid", "The vault name '" + name +
                                                        "' is invalid. A vault's name must be "
                                                        "between 3-24 alphanumeric characters."));
      return;
    }
    Json& props = ctx.doc["properties"];
    props["vaultUri"] = "https://" + name + ".vault.azure.net/";
    if (!Get(props, "sku")) props["sku"] = Json{{"family", "A"}, {"name", "standard"}};
    if (Json* acls = props.contains("networkAcls") && props["networkAcls"].is_object()
                         ? &props["networkAcls"]
                         : nullptr) {
      CheckEnum(ctx, *acls, "defaultAction", {"Allow", "Deny"}, "Allow");
      CheckEnum(ctx, *acls, "bypass", {"AzureServices", "None"}, "AzureServices");
      std::vector<std::string> ips;
      for (const Json& r : Get(*acls, "ipRules") ? (*acls)["ipRules"] : Json::array())
        ips.push_back(GetString(r, "value"));
      CheckIpRules(ctx, ips, false, "networkAcls.ipRules", 1000);
      std::vector<std::pair<std::string, bool>> rules;
      for (const Json& r :
           Get(*acls, "virtualNetworkRules") ? (*acls)["virtualNetworkRules"] : Json::array()) {
        rules.emplace_back(GetString(r, "id"),
                           GetBool(r, "ignoreMissingVnetServiceEndpoint", false));
      }
      CheckVnetRules(ctx, rules, kKeyVaultRule, 200);
    }
    if (Get(props, "publicNetworkAccess")) {
      CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled"}, nullptr);
    }
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }
};

class CosmosAccountHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    if (name.size() < 3 || name.size() > 44 || !IsLowerAlnum(name, true)) {
      ctx.problems.Add(Invalid("InvalidAccountName", "Database account name '" + name +
                                                         "' must be 3-44 lower-case letters, "
                                                         "digits or '-'."));
      return;
    }
    Json& props = ctx.doc["properties"];
    props["documentEndpoint"] = "https://" + name + ".documents.azure.com:443/";
    if (!Get(props, "isVirtualNetworkFilterEnabled"))
      props["isVirtualNetworkFilterEnabled"] = false;
    if (!Get(props, "virtualNetworkRules")) props["virtualNetworkRules"] = Json::array();
    if (!Get(props, "ipRules")) props["ipRules"] = Json::array();
    std::vector<std::string> ips;
    for (const Json& r : props["ipRules"]) {
      std::string v = GetString(r, "ipAddressOrRange");
      if (v != "0.0.0.0") ips.push_back(v);  // "accept connections from Azure datacenters"
    }
    CheckIpRules(ctx, ips, false, "ipRules", 1000);
    std::vector<std::pair<std::string, bool>> rules;
    for (const Json& r : props["virtualNetworkRules"]) {
      rules.emplace_back(GetString(r, "id"), GetBool(r, "ignoreMissingVNetServiceEndpoint", false));
    }
    CheckVnetRules(ctx, rules, kCosmosRule, 64);
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled");
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }
};

class MessagingNamespaceHandler : public Handler {
 public:
  explicit MessagingNamespaceHandler(bool service_bus) : service_bus_(service_bus) {}
  void Prepare(PutContext& ctx) const override {
    const std::string& name = ctx.id.name();
    bool ok =
        name.size() >= 6 && name.size() <= 50 && std::isalpha(static_cast<unsigned char>(name[0]));
    for (char c : name) ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!ok || name.back() == '-') {
      ctx.problems.Add(
          Invalid("InvalidNamespaceName", "Namespace name '" + name +
                                              "' must be 6-50 letters, digits or "
                                              "'-', start with a letter and not end with '-'."));
      return;
    }
    Json& props = ctx.doc["properties"];
    props["serviceBusEndpoint"] = "https://" + name + ".servicebus.windows.net:443/";
    if (!Get(ctx.doc, "sku"))
      ctx.doc["sku"] = Json{{"name", service_bus_ ? "Premium" : "Standard"}};
    ReconcilePrivateEndpointConnections(ctx, /*spelling_action_required=*/false);
  }

 private:
  bool service_bus_;
};

class NetworkRuleSetHandler : public Handler {
 public:
  explicit NetworkRuleSetHandler(const EndpointRule& rule) : rule_(rule) {}
  void Prepare(PutContext& ctx) const override {
    if (!EqualsIgnoreCase(ctx.id.name(), "default")) {
      ctx.problems.Add(Invalid("InvalidRequestContent",
                               "The network rule set of a namespace is named 'default'."));
      return;
    }
    const Doc* ns = ctx.txn.Find(ctx.id.Parent());
    Json& props = ctx.doc["properties"];
    CheckEnum(ctx, props, "defaultAction", {"Allow", "Deny"}, "Allow");
    CheckEnum(ctx, props, "publicNetworkAccess", {"Enabled", "Disabled", "SecuredByPerimeter"},
              "Enabled");
    if (!Get(props, "trustedServiceAccessEnabled")) props["trustedServiceAccessEnabled"] = false;
    if (!Get(props, "ipRules")) props["ipRules"] = Json::array();
    if (!Get(props, "virtualNetworkRules")) props["virtualNetworkRules"] = Json::array();
    std::vector<std::string> ips;
    for (Json& r : props["ipRules"]) {
      ips.push_back(GetString(r, "ipMask"));
      if (!Get(r, "action")) r["action"] = "Allow";
    }
    CheckIpRules(ctx, ips, false, "ipRules", 128);
    std::vector<std::pair<std::string, bool>> rules;
    for (const Json& r : props["virtualNetworkRules"]) {
      const Json* subnet = Get(r, "subnet");
      rules.emplace_back(subnet ? GetString(*subnet, "id") : "",
                         GetBool(r, "ignoreMissingVnetServiceEndpoint", false));
    }
    Json view = ctx.doc;
    view["location"] = ns ? GetString(ns->body, "location") : "";
    PutContext ns_ctx{ctx.txn, ctx.id, view, ctx.existing, "", "", false, ctx.problems};
    CheckVnetRules(ns_ctx, rules, rule_, 128);
  }

 private:
  const EndpointRule& rule_;
};

}  // namespace

void MarkVirtualNetworkRulesSourceDeleted(Txn& txn, const std::string& subnet_key) {
  for (const Ref& ref : txn.Referrers(subnet_key)) {
    const Doc* doc = txn.Find(ref.source_key);
    if (!doc || !EqualsIgnoreCase(doc->type->name, "Microsoft.Storage/storageAccounts")) continue;
    if (ref.path.find("/virtualNetworkRules/") == std::string::npos) continue;
    Doc copy = *doc;
    Json::json_pointer rule(ref.path.substr(0, ref.path.rfind("/id")));
    if (!copy.body.contains(rule)) continue;
    copy.body[rule]["state"] = "NetworkSourceDeleted";
    txn.Put(std::move(copy));
  }
}

void AddServiceHandlers(std::vector<Registration>& out) {
  static const StorageAccountHandler kStorage;
  static const SqlServerHandler kSql;
  static const SqlVirtualNetworkRuleHandler kSqlVnetRule;
  static const SqlFirewallRuleHandler kSqlFirewallRule;
  static const KeyVaultHandler kKeyVault;
  static const CosmosAccountHandler kCosmos;
  static const MessagingNamespaceHandler kEventHub(false);
  static const MessagingNamespaceHandler kServiceBus(true);
  static const NetworkRuleSetHandler kEventHubRules(kEventHubRule);
  static const NetworkRuleSetHandler kServiceBusRules(kServiceBusRule);
  out.push_back({"Microsoft.Storage/storageAccounts", &kStorage});
  out.push_back({"Microsoft.Sql/servers", &kSql});
  out.push_back({"Microsoft.Sql/servers/virtualNetworkRules", &kSqlVnetRule});
  out.push_back({"Microsoft.Sql/servers/firewallRules", &kSqlFirewallRule});
  out.push_back({"Microsoft.KeyVault/vaults", &kKeyVault});
  out.push_back({"Microsoft.DocumentDB/databaseAccounts", &kCosmos});
  out.push_back({"Microsoft.EventHub/namespaces", &kEventHub});
  out.push_back({"Microsoft.ServiceBus/namespaces", &kServiceBus});
  out.push_back({"Microsoft.EventHub/namespaces/networkRuleSets", &kEventHubRules});
  out.push_back({"Microsoft.ServiceBus/namespaces/networkRuleSets", &kServiceBusRules});
}

}  // namespace vnet::control::handlers
