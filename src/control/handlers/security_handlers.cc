// Rules of network security groups (with their inline securityRules and the generated
// defaultSecurityRules), application security groups and route tables (with inline routes):
// SEMANTICS.md sections 1.4, 2.4 and 3. Render adds the subnets and NICs that use each one.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/network_prefixes.h"

namespace vnet::control::handlers {

namespace {

constexpr char kNsgType[] = "Microsoft.Network/networkSecurityGroups";
constexpr char kAsgType[] = "Microsoft.Network/applicationSecurityGroups";
constexpr char kRouteTableType[] = "Microsoft.Network/routeTables";
constexpr char kVnetType[] = "Microsoft.Network/virtualNetworks";
constexpr char kNicType[] = "Microsoft.Network/networkInterfaces";

constexpr size_t kMaxRules = 1000;
constexpr size_t kMaxPrefixesPerSide = 4000;
constexpr size_t kMaxAsgsPerSide = 10;
constexpr size_t kMaxAsgsPerNsg = 100;
constexpr size_t kMaxDescription = 140;
// SEMANTICS.md section 1.4 says 400; Azure raised it to 1,000 in 2026 (error-codes.md row 12b).
constexpr size_t kMaxRoutes = 400;
constexpr size_t kMaxTagRoutes = 25;

// ---------------------------------------------------------------------------------------------
// Shared checks

// Canonicalizes p[key] to one of `values` (case-insensitive). Absent: MissingRequiredParameter;
// not one of them: InvalidRequestFormat, as NRP's deserializer answers.
void CheckEnum(PutContext& ctx, Json& p, std::string_view key,
               std::initializer_list<std::string_view> values, const std::string& owner) {
  const Json* v = Get(p, key);
  if (!v || (v->is_string() && v->get<std::string>().empty())) {
    ctx.problems.Add(Invalid("MissingRequiredParameter",
                             "Property '" + std::string(key) + "' is required for " + owner + "."));
    return;
  }
  if (v->is_string()) {
    for (std::string_view allowed : values) {
      if (EqualsIgnoreCase(allowed, v->get<std::string>())) {
        p[std::string(key)] = std::string(allowed);
        return;
      }
    }
  }
  std::string list;
  for (std::string_view allowed : values) list += (list.empty() ? "" : ", ") + std::string(allowed);
  ctx.problems.Add(UnreadableBody(ctx.id, "Error converting value " + v->dump() + " of " + owner +
                                              ". Path 'properties." + std::string(key) +
                                              "'. Allowed values: " + list + "."));
}

// A read-only boolean flag with a default (disableBgpRoutePropagation, flushConnection).
void CheckBool(PutContext& ctx, Json& p, std::string_view key, std::optional<bool> fallback) {
  const Json* v = Get(p, key);
  if (!v) {
    if (fallback) p[std::string(key)] = *fallback;
    return;
  }
  if (!v->is_boolean()) {
    ctx.problems.Add(UnreadableBody(ctx.id, "Error converting value " + v->dump() +
                                                " to type 'Boolean'. Path 'properties." +
                                                std::string(key) + "'."));
  }
}

// resourceGuid: kept from the stored version, made once at creation.
void KeepResourceGuid(PutContext& ctx) {
  Json& props = ctx.doc["properties"];
  std::string guid =
      ctx.existing ? GetString(ctx.existing->body["properties"], "resourceGuid") : std::string();
  props["resourceGuid"] = guid.empty() ? MakeGuid(ctx.id.Key()) : guid;
}

// Looks like a service tag name ("Storage", "Storage.WestUS", "VIRTUAL_NETWORK"). The tag
// catalogue is not modelled yet, so any such name is accepted.
bool LooksLikeServiceTag(std::string_view text) {
  if (text.empty() || !((text[0] >= 'A' && text[0] <= 'Z') || (text[0] >= 'a' && text[0] <= 'z')))
    return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The id of the inline element of `array` that holds the reference at `path`
// ("/properties/subnets/2/properties/routeTable/id" -> id of subnets[2]); "" if not inside one.
std::string ElementIdAt(const Doc& doc, const std::string& path, std::string_view array) {
  std::string prefix = "/properties/" + std::string(array) + "/";
  if (path.compare(0, prefix.size(), prefix) != 0) return "";
  size_t end = path.find('/', prefix.size());
  Json::json_pointer pointer(path.substr(0, end));
  if (!doc.body.contains(pointer)) return "";
  const Json& element = doc.body.at(pointer);
  if (element.contains("id") && element["id"].is_string()) return element["id"].get<std::string>();
  return doc.id.ToString() + "/" + std::string(array) + "/" + element.value("name", "");
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Who uses a resource through a `{"id": ...}` property named `field` (networkSecurityGroup,
// routeTable): subnets of VNets (by subnet id) and NICs (by NIC id). View is Txn or ReadView.
struct Users {
  std::vector<std::string> subnets;
  std::vector<std::string> nics;
  bool empty() const { return subnets.empty() && nics.empty(); }
  std::string Joined() const {
    std::string out;
    for (const auto* list : {&subnets, &nics}) {
      for (const std::string& id : *list) out += (out.empty() ? "" : ", ") + id;
    }
    return out;
  }
};
template <typename View>
Users UsersOf(const View& view, const std::string& key, std::string_view field) {
  Users users;
  std::string suffix = "/" + std::string(field) + "/id";
  for (const Ref& ref : view.Referrers(key)) {
    if (!EndsWith(ref.path, suffix)) continue;
    const Doc* user = view.Find(ref.source_key);
    if (!user) continue;
    if (EqualsIgnoreCase(user->type->name, kVnetType)) {
      std::string subnet = ElementIdAt(*user, ref.path, "subnets");
      if (!subnet.empty()) users.subnets.push_back(subnet);
    } else if (EqualsIgnoreCase(user->type->name, kNicType)) {
      users.nics.push_back(user->id.ToString());
    }
  }
  return users;
}

Json IdList(const std::vector<std::string>& ids) {
  Json out = Json::array();
  for (const std::string& id : ids) out.push_back(Json{{"id", id}});
  return out;
}

// ---------------------------------------------------------------------------------------------
// Security rules

// "*", "80" or "1000-2000", every number 0..65535 and low <= high.
bool IsPortRange(std::string_view text) {
  if (text == "*") return true;
  auto number = [](std::string_view s) -> int {
    if (s.empty() || s.size() > 5) return -1;
    int n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n <= 65535 ? n : -1;
  };
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) return number(text) >= 0;
  int low = number(text.substr(0, dash));
  int high = number(text.substr(dash + 1));
  return low >= 0 && high >= 0 && low <= high;
}

Status BadPort(const std::string& value) {
  return Invalid("SecurityRuleInvalidPortRange",
                 "Security rule has invalid Port range. Value provided: " + value +
                     ". Value should be an integer OR integer range with '-' delimiter. Valid "
                     "range 0-65535.");
}

Status BadPrefix(const std::string& rule_id, const std::string& value) {
  return Invalid("SecurityRuleInvalidAddressPrefix", "Security rule " + rule_id +
                                                         " has invalid Address prefix. Value "
                                                         "provided: " +
                                                         value);
}

// The address family of an IP or CIDR in a rule; nullopt if it is neither. Host bits are refused
// ("20.20.20.20/16": Azure answers SecurityRuleInvalidAddressPrefix). A bare decimal number is
// an IPv4 address in .NET's integer form: Azure accepted "789" and "1234" in the recordings.
std::optional<net::Family> RuleAddressFamily(std::string_view text) {
  if (Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(text); c.ok())
    return c->address().family();
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n > 0xFFFFFFFFULL) return std::nullopt;
  return net::Family::kIpv4;
}

// Arrays of strings in a rule; a non-array or non-string element is unreadable.
std::vector<std::string> StringArray(PutContext& ctx, const Json& p, std::string_view key) {
  const Json* v = Get(p, key);
  if (!v) return {};
  bool ok = v->is_array();
  if (ok) {
    for (const Json& e : *v) ok = ok && e.is_string();
  }
  if (!ok) {
    ctx.problems.Add(UnreadableBody(
        ctx.id, "Property 'properties." + std::string(key) + "' must be an array of strings."));
    return {};
  }
  return v->get<std::vector<std::string>>();
}

class NetworkSecurityGroupHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    KeepResourceGuid(ctx);
    CheckBool(ctx, props, "flushConnection", std::nullopt);
    if (!Get(props, "securityRules")) props["securityRules"] = Json::array();
    Json& rules = props["securityRules"];
    if (rules.size() > kMaxRules) {
      ctx.problems.Add(Invalid("SecurityRuleCountLimitReached",
                               "A security group cannot have more than 1000 security rules."));
    }
    std::set<std::string> asgs;
    for (Json& rule : rules) CheckRule(ctx, rule, asgs);
    if (asgs.size() > kMaxAsgsPerNsg) {
      ctx.problems.Add(Invalid("ApplicationSecurityGroupCountLimitReached",
                               "The security rules of network security group " + ctx.id.name() +
                                   " reference " + std::to_string(asgs.size()) +
                                   " application security groups; at most 100 are allowed."));
    }
    CheckPriorities(ctx, rules);
    props["defaultSecurityRules"] = DefaultRules(ctx.id);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    Users users = UsersOf(txn, doc.key(), "networkSecurityGroup");
    if (users.empty()) return {};
    return Invalid("InUseNetworkSecurityGroupCannotBeDeleted",
                   "Network security group " + doc.id.ToString() +
                       " cannot be deleted because it is in use by the following resources: " +
                       users.Joined() +
                       ". In order to delete the Network security group, remove the association "
                       "with the resource(s).");
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    Users users = UsersOf(view, doc.key(), "networkSecurityGroup");
    if (!users.subnets.empty()) out["properties"]["subnets"] = IdList(users.subnets);
    if (!users.nics.empty()) out["properties"]["networkInterfaces"] = IdList(users.nics);
  }

 private:
  // The six default rules of SEMANTICS.md section 3.2, shaped as Azure returns them.
  static Json DefaultRules(const arm::ResourceId& nsg) {
    struct Default {
      const char* name;
      const char* description;
      const char* source;
      const char* destination;
      const char* access;
      int priority;
      const char* direction;
    };
    static const Default kDefaults[] = {
        {"AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork",
         "VirtualNetwork", "Allow", 65000, "Inbound"},
        {"AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer",
         "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"},
        {"DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"},
        {"AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET",
         "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound"},
        {"AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*",
         "Internet", "Allow", 65001, "Outbound"},
        {"DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"},
    };
    Json out = Json::array();
    for (const Default& d : kDefaults) {
      Json p = {{"provisioningState", "Succeeded"},
                {"description", d.description},
                {"protocol", "*"},
                {"sourcePortRange", "*"},
                {"destinationPortRange", "*"},
                {"sourceAddressPrefix", d.source},
                {"destinationAddressPrefix", d.destination},
                {"access", d.access},
                {"priority", d.priority},
                {"direction", d.direction},
                {"sourcePortRanges", Json::array()},
                {"destinationPortRanges", Json::array()},
                {"sourceAddressPrefixes", Json::array()},
                {"destinationAddressPrefixes", Json::array()}};
      out.push_back(Json{{"name", d.name},
                         {"id", nsg.Child("defaultSecurityRules", d.name).ToString()},
                         {"type", std::string(kNsgType) + "/defaultSecurityRules"},
                         {"properties", p}});
    }
    return out;
  }

  static void CheckRule(PutContext& ctx, Json& rule, std::set<std::string>& asgs) {
    Json& p = rule["properties"];
    std::string rule_id = rule.value("id", "");
    std::string owner = "security rule " + rule_id;
    CheckEnum(ctx, p, "protocol", {"Tcp", "Udp", "Icmp", "Esp", "Ah", "*"}, owner);
    CheckEnum(ctx, p, "access", {"Allow", "Deny"}, owner);
    CheckEnum(ctx, p, "direction", {"Inbound", "Outbound"}, owner);
    CheckPriority(ctx, p, owner);
    if (const Json* d = Get(p, "description");
        d && (!d->is_string() || d->get<std::string>().size() > kMaxDescription)) {
      ctx.problems.Add(
          Invalid("SecurityRuleInvalidDescription",
                  "The description of " + owner + " must be a string of at most 140 characters."));
    }
    CheckPorts(ctx, p, "source", rule_id);
    CheckPorts(ctx, p, "destination", rule_id);
    std::set<net::Family> families;
    CheckAddresses(ctx, p, "source", rule_id, asgs, families);
    CheckAddresses(ctx, p, "destination", rule_id, asgs, families);
    if (families.size() > 1) {
      ctx.problems.Add(
          Invalid("SecurityRuleAddressPrefixesHaveMixedIpVersions",
                  "Security rule " + rule_id + " cannot mix IPv4 and IPv6 address prefixes."));
    }
    for (const char* key : {"sourcePortRanges", "destinationPortRanges", "sourceAddressPrefixes",
                            "destinationAddressPrefixes"}) {
      if (!Get(p, key)) p[key] = Json::array();
    }
  }

  static void CheckPriority(PutContext& ctx, const Json& p, const std::string& owner) {
    const Json* v = Get(p, "priority");
    if (!v) {
      ctx.problems.Add(Invalid("MissingRequiredParameter",
                               "Property 'priority' is required for " + owner + "."));
      return;
    }
    if (!v->is_number_integer()) {
      ctx.problems.Add(UnreadableBody(ctx.id, "Error converting value " + v->dump() +
                                                  " to type 'Int32'. Path 'properties.priority'."));
      return;
    }
    int64_t priority = v->get<int64_t>();
    if (priority < 100 || priority > 4096) {
      ctx.problems.Add(Invalid("SecurityRuleInvalidPriority",
                               "Security rule has invalid Priority. Value provided: " +
                                   std::to_string(priority) + " Allowed range 100-4096."));
    }
  }

  // side is "source" or "destination": <side>PortRange and <side>PortRanges.
  static void CheckPorts(PutContext& ctx, const Json& p, const std::string& side,
                         const std::string& rule_id) {
    std::string owner = "security rule " + rule_id;
    std::string single_key = side + "PortRange";
    std::string plural_key = side + "PortRanges";
    const Json* single_json = Get(p, single_key);
    if (single_json && !single_json->is_string()) {
      ctx.problems.Add(BadPort(single_json->dump()));
      return;
    }
    std::string single = GetString(p, single_key);
    std::vector<std::string> plural = StringArray(ctx, p, plural_key);
    if (single.empty() && plural.empty()) {
      ctx.problems.Add(Invalid(
          "MissingRequiredParameter",
          "Property '" + single_key + "' or '" + plural_key + "' is required for " + owner + "."));
      return;
    }
    if (!single.empty() && !plural.empty()) {
      ctx.problems.Add(Invalid("SecurityRuleInvalidPortRange",
                               "Only one of '" + single_key + "' and '" + plural_key +
                                   "' may be given for " + owner + "."));
    }
    if (!single.empty() && !IsPortRange(single)) ctx.problems.Add(BadPort(single));
    for (const std::string& range : plural) {
      if (range == "*") {
        ctx.problems.Add(Invalid("SecurityRuleParameterContainsInvalidPortRanges",
                                 "Security rule parameter " + plural_key + " for rule with Id " +
                                     rule_id + " cannot contain '*'. Use " + single_key +
                                     " instead."));
      } else if (!IsPortRange(range)) {
        ctx.problems.Add(BadPort(range));
      }
    }
  }

  // <side>AddressPrefix, <side>AddressPrefixes and <side>ApplicationSecurityGroups: exactly one.
  static void CheckAddresses(PutContext& ctx, const Json& p, const std::string& side,
                             const std::string& rule_id, std::set<std::string>& asgs,
                             std::set<net::Family>& families) {
    std::string single_key = side + "AddressPrefix";
    std::string plural_key = side + "AddressPrefixes";
    std::string asg_key = side + "ApplicationSecurityGroups";
    const Json* single_json = Get(p, single_key);
    if (single_json && !single_json->is_string()) {
      ctx.problems.Add(BadPrefix(rule_id, single_json->dump()));
      return;
    }
    std::string single = GetString(p, single_key);
    std::vector<std::string> plural = StringArray(ctx, p, plural_key);
    const Json* groups = Get(p, asg_key);
    bool has_groups = groups && !(groups->is_array() && groups->empty());
    int kinds = (single.empty() ? 0 : 1) + (plural.empty() ? 0 : 1) + (has_groups ? 1 : 0);
    if (kinds == 0) {
      ctx.problems.Add(Invalid("MissingRequiredParameter",
                               "One of '" + single_key + "', '" + plural_key + "' or '" + asg_key +
                                   "' is required for security rule " + rule_id + "."));
      return;
    }
    if (kinds > 1) {
      ctx.problems.Add(Invalid("SecurityRuleInvalidAddressPrefix",
                               "Security rule " + rule_id + " may specify only one of '" +
                                   single_key + "', '" + plural_key + "' and '" + asg_key + "'."));
    }
    if (!single.empty() && single != "*" && !LooksLikeServiceTag(single)) {
      std::optional<net::Family> family = RuleAddressFamily(single);
      if (family) {
        families.insert(*family);
      } else {
        ctx.problems.Add(BadPrefix(rule_id, single));
      }
    }
    CheckPrefixList(ctx, plural, plural_key, rule_id, families);
    if (has_groups) CheckGroups(ctx, *groups, asg_key, asgs);
  }

  static void CheckPrefixList(PutContext& ctx, const std::vector<std::string>& prefixes,
                              const std::string& key, const std::string& rule_id,
                              std::set<net::Family>& families) {
    if (prefixes.size() > kMaxPrefixesPerSide) {
      ctx.problems.Add(Invalid("SecurityRuleAddressPrefixCountLimitReached",
                               "Security rule " + rule_id + " has " +
                                   std::to_string(prefixes.size()) + " entries in " + key +
                                   "; at most 4000 are allowed."));
    }
    for (const std::string& prefix : prefixes) {
      if (prefix == "*" || LooksLikeServiceTag(prefix)) {
        ctx.problems.Add(Invalid(
            "SecurityRuleParameterContainsUnsupportedValue",
            "Security rule parameter " + key + " for rule with Id " + rule_id +
                " cannot specify existing VIRTUALNETWORK, INTERNET, AZURELOADBALANCER, '*' or "
                "system tags. Unsupported value used: " +
                prefix + "."));
        continue;
      }
      std::optional<net::Family> family = RuleAddressFamily(prefix);
      if (family) {
        families.insert(*family);
      } else {
        ctx.problems.Add(BadPrefix(rule_id, prefix));
      }
    }
  }

  static void CheckGroups(PutContext& ctx, const Json& groups, const std::string& key,
                          std::set<std::string>& asgs) {
    if (!groups.is_array()) {
      ctx.problems.Add(UnreadableBody(
          ctx.id, "Property 'properties." + key + "' must be an array of {\"id\": ...}."));
      return;
    }
    if (groups.size() > kMaxAsgsPerSide) {
      ctx.problems.Add(
          Invalid("NumberOfApplicationSecurityGroupsReferencedInSecurityRuleLimitReached",
                  "A security rule may have up to 10 Application Security Groups in the source or "
                  "destination fields. The requested configuration has " +
                      std::to_string(groups.size()) + " in the " + key + " field."));
    }
    for (const Json& g : groups) {
      if (!g.is_object() || !Get(g, "id") || !g["id"].is_string()) {
        ctx.problems.Add(UnreadableBody(
            ctx.id, "Each element of 'properties." + key + "' must be {\"id\": ...}."));
        continue;
      }
      const Doc* asg = ResolveIdText(ctx, g["id"].get<std::string>(), kAsgType, key);
      if (asg) asgs.insert(asg->key());
    }
  }

  // Priorities are unique per direction.
  static void CheckPriorities(PutContext& ctx, const Json& rules) {
    std::map<std::pair<std::string, int64_t>, std::string> taken;  // (direction, priority) -> rule
    for (const Json& rule : rules) {
      const Json& p = rule["properties"];
      const Json* priority = Get(p, "priority");
      std::string direction = GetString(p, "direction");
      if (!priority || !priority->is_number_integer() || direction.empty()) continue;
      std::string name = rule.value("name", "");
      auto [it, inserted] =
          taken.emplace(std::make_pair(direction, priority->get<int64_t>()), name);
      if (!inserted) {
        ctx.problems.Add(Invalid("SecurityRuleConflict",
                                 "Security rule " + name + " conflicts with rule " + it->second +
                                     ". Rules cannot have the same Priority and Direction. To "
                                     "learn more, see aka.ms/nsgrules."));
      }
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Application security groups

class ApplicationSecurityGroupHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override { KeepResourceGuid(ctx); }

  // Any reference to an ASG is a use: NIC IP configurations, NSG rules, private endpoints.
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    std::vector<std::string> users;
    for (const Ref& ref : txn.Referrers(doc.key())) {
      const Doc* user = txn.Find(ref.source_key);
      if (!user) continue;
      std::string id = ElementIdAt(*user, ref.path, "ipConfigurations");
      if (id.empty()) id = ElementIdAt(*user, ref.path, "securityRules");
      if (id.empty()) id = user->id.ToString();
      if (std::find(users.begin(), users.end(), id) == users.end()) users.push_back(id);
    }
    if (users.empty()) return {};
    std::string list;
    for (const std::string& id : users) list += (list.empty() ? "" : ", ") + id;
    return Invalid("InUseApplicationSecurityGroupCannotBeDeleted",
                   "Application Security Group " + doc.id.name() +
                       " cannot be deleted because it is referenced by " + list + ".");
  }
};

// ---------------------------------------------------------------------------------------------
// Route tables

class RouteTableHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    KeepResourceGuid(ctx);
    CheckBool(ctx, props, "disableBgpRoutePropagation", false);
    if (!Get(props, "routes")) props["routes"] = Json::array();
    Json& routes = props["routes"];
    if (routes.size() > kMaxRoutes) {
      ctx.problems.Add(Invalid(
          "RouteCountLimitReached",
          "A route table cannot have more than " + std::to_string(kMaxRoutes) + " routes."));
    }
    std::map<std::string, std::string> prefixes;  // canonical prefix -> route name
    size_t tag_routes = 0;
    for (Json& route : routes) {
      std::string key = CheckRoute(ctx, route);
      if (key.empty()) continue;
      if (key.find('/') == std::string::npos) ++tag_routes;
      std::string name = route.value("name", "");
      auto [it, inserted] = prefixes.emplace(key, name);
      if (!inserted) {
        ctx.problems.Add(Invalid("RouteConflict", "Route: " + name +
                                                      " conflicts with Route: " + it->second +
                                                      ". Routes cannot have the same "
                                                      "AddressPrefix."));
      }
    }
    if (tag_routes > kMaxTagRoutes) {
      ctx.problems.Add(Invalid("ServiceTagRouteCountLimitReached",
                               "A route table cannot have more than 25 routes whose address "
                               "prefix is a service tag."));
    }
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    Users users = UsersOf(txn, doc.key(), "routeTable");
    if (users.subnets.empty()) return {};
    return Invalid("InUseRouteTableCannotBeDeleted", "Route table " + doc.id.name() +
                                                         " is in use and cannot be deleted. It is "
                                                         "associated with " +
                                                         users.Joined() + ".");
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    Users users = UsersOf(view, doc.key(), "routeTable");
    if (!users.subnets.empty()) out["properties"]["subnets"] = IdList(users.subnets);
  }

 private:
  // Checks one route; returns its prefix in a comparable form ("10.0.0.0/8", or the lower-cased
  // tag), "" when the prefix is unusable.
  static std::string CheckRoute(PutContext& ctx, Json& route) {
    Json& p = route["properties"];
    std::string route_id = route.value("id", "");
    CheckEnum(ctx, p, "nextHopType",
              {"VirtualAppliance", "VirtualNetworkGateway", "VnetLocal", "Internet", "None"},
              "route " + route_id);
    p["hasBgpOverride"] = false;
    CheckNextHopIp(ctx, p, route_id);
    const Json* prefix_json = Get(p, "addressPrefix");
    std::string prefix = GetString(p, "addressPrefix");
    if (prefix_json && !prefix_json->is_string()) {
      ctx.problems.Add(UnreadableBody(ctx.id, "Error converting value " + prefix_json->dump() +
                                                  " to type 'String'. Path "
                                                  "'properties.addressPrefix'."));
      return "";
    }
    if (prefix.empty()) {
      ctx.problems.Add(Invalid("MissingRequiredParameter",
                               "Property 'addressPrefix' is required for route " + route_id + "."));
      return "";
    }
    if (LooksLikeServiceTag(prefix)) return AsciiLower(prefix);
    Result<arm::ResourceId> owner = arm::ResourceId::Parse(route_id);
    Result<net::Cidr> cidr = ParsePrefix(prefix, owner.ok() ? *owner : ctx.id);
    if (!cidr.ok()) {
      ctx.problems.Add(cidr.status());
      return "";
    }
    return cidr->ToString();
  }

  static void CheckNextHopIp(PutContext& ctx, const Json& p, const std::string& route_id) {
    std::string type = GetString(p, "nextHopType");
    std::string ip = GetString(p, "nextHopIpAddress");
    bool appliance = type == "VirtualAppliance";
    if (appliance && ip.empty()) {
      ctx.problems.Add(Invalid("RouteNextHopIpAddressRequired",
                               "NextHopIpAddress cannot be Null or Empty in route " + route_id +
                                   " when NextHopType is VirtualAppliance."));
    } else if (!appliance && !ip.empty()) {
      ctx.problems.Add(Invalid("InvalidNextHopIpAddress",
                               "Route " + route_id + " has next hop type " + type +
                                   "; next hop IP address can only be specified for next hop "
                                   "type VirtualAppliance."));
    } else if (appliance && !net::IpAddress::Parse(ip).ok()) {
      ctx.problems.Add(
          Invalid("InvalidNextHopIpAddress", "Route " + route_id + " has next hop IP address " +
                                                 ip + ", which is not a valid IP address."));
    }
  }
};

}  // namespace

void AddSecurityHandlers(std::vector<Registration>& out) {
  static const NetworkSecurityGroupHandler kNsg;
  static const ApplicationSecurityGroupHandler kAsg;
  static const RouteTableHandler kRouteTable;
  out.push_back({kNsgType, &kNsg});
  out.push_back({kAsgType, &kAsg});
  out.push_back({kRouteTableType, &kRouteTable});
}

}  // namespace vnet::control::handlers
