// Rules of service endpoint policies and their inline definitions (SEMANTICS.md section 7):
// services, serviceResources scopes and aliases, limits, and the subnets that use a policy
// (rendered as subnets[], guarding deletion). The subnet side (region, endpoint) is the VNet's.
#include <algorithm>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

namespace {

constexpr char kPolicyType[] = "Microsoft.Network/serviceEndpointPolicies";
constexpr char kVnetType[] = "Microsoft.Network/virtualNetworks";
constexpr size_t kMaxResourcesPerDefinition = 200;

// Aliases of managed services usable under /services/Azure/ (section 7).
constexpr std::string_view kAliases[] = {
    "AKS",         "ApiManagement", "Backup",          "Batch",           "Databricks",
    "DataFactory", "Firewall",      "LogicApps",       "ManagedInstance", "ManagedInstances",
    "RedisCache",  "WebPI",         "MachineLearning", "ActiveDirectory", "HDI"};

// The subnets (ids) whose serviceEndpointPolicies name the policy `key`. View: Txn or ReadView.
template <typename View>
std::vector<std::string> SubnetsUsing(const View& view, const std::string& key) {
  static const std::string kPrefix = "/properties/subnets/";
  std::vector<std::string> out;
  for (const Ref& ref : view.Referrers(key)) {
    if (ref.path.compare(0, kPrefix.size(), kPrefix) != 0 ||
        ref.path.find("/properties/serviceEndpointPolicies/") == std::string::npos)
      continue;
    const Doc* vnet = view.Find(ref.source_key);
    if (!vnet || !EqualsIgnoreCase(vnet->type->name, kVnetType)) continue;
    Json::json_pointer pointer(ref.path.substr(0, ref.path.find('/', kPrefix.size())));
    if (!vnet->body.contains(pointer)) continue;
    const Json& subnet = vnet->body.at(pointer);
    std::string id = subnet.contains("id") && subnet["id"].is_string()
                         ? subnet["id"].get<std::string>()
                         : vnet->id.ToString() + "/subnets/" + subnet.value("name", "");
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

// A Microsoft.Storage scope: a subscription, a resource group or a storage account id.
bool IsStorageScope(const std::string& text) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(text);
  if (!id.ok()) return false;
  if (id->is_subscription() || id->is_resource_group()) return true;
  return id->is_resource() && !id->is_child() &&
         EqualsIgnoreCase(id->FullType(), "Microsoft.Storage/storageAccounts");
}

// "/services/Azure" or "/services/Azure/<Alias>"; the alias canonicalized in place.
bool IsServiceAlias(std::string& text) {
  static const std::string_view kRoot = "/services/Azure";
  if (!StartsWithIgnoreCase(text, kRoot)) return false;
  if (text.size() == kRoot.size()) {
    text = std::string(kRoot);
    return true;
  }
  if (text[kRoot.size()] != '/') return false;
  std::string_view alias = std::string_view(text).substr(kRoot.size() + 1);
  for (std::string_view known : kAliases) {
    if (EqualsIgnoreCase(known, alias)) {
      text = std::string(kRoot) + "/" + std::string(known);
      return true;
    }
  }
  return false;
}

class ServiceEndpointPolicyHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    std::string guid =
        ctx.existing ? GetString(ctx.existing->body["properties"], "resourceGuid") : std::string();
    props["resourceGuid"] = guid.empty() ? MakeGuid(ctx.id.Key()) : guid;
    ctx.doc["kind"] = "";  // read-only
    CheckOptionalFields(ctx, props);
    if (!Get(props, "serviceEndpointPolicyDefinitions"))
      props["serviceEndpointPolicyDefinitions"] = Json::array();
    std::string storage_definition;
    for (Json& definition : props["serviceEndpointPolicyDefinitions"]) {
      std::string service = CheckDefinition(ctx, definition);
      if (service != "Microsoft.Storage") continue;
      std::string name = definition.value("name", "");
      if (!storage_definition.empty()) {
        ctx.problems.Add(Invalid("ServiceEndpointPolicyCannotHaveMultipleDefinitionsForService",
                                 "Service endpoint policy " + ctx.id.name() +
                                     " can hold only one definition for "
                                     "Microsoft.Storage; definitions " +
                                     storage_definition + " and " + name +
                                     " both name it. Add the resources to one definition."));
      }
      storage_definition = name;
    }
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    std::vector<std::string> subnets = SubnetsUsing(txn, doc.key());
    if (subnets.empty()) return {};
    std::string list;
    for (const std::string& id : subnets) list += (list.empty() ? "" : ", ") + id;
    return Invalid("InUseServiceEndpointPolicyCannotBeDeleted",
                   "Service endpoint policy " + doc.id.ToString() +
                       " cannot be deleted because it is in use by the following subnets: " + list +
                       ". Remove the policy from the subnets first.");
  }

  // subnets[] is always present, as the REST examples show it (empty or not).
  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    Json subnets = Json::array();
    for (const std::string& id : SubnetsUsing(view, doc.key())) subnets.push_back({{"id", id}});
    out["properties"]["subnets"] = subnets;
  }

 private:
  static void CheckOptionalFields(PutContext& ctx, const Json& props) {
    if (const Json* alias = Get(props, "serviceAlias"); alias && !alias->is_string()) {
      ctx.problems.Add(
          UnreadableBody(ctx.id, "Property 'properties.serviceAlias' must be a string."));
    }
    if (const Json* list = Get(props, "contextualServiceEndpointPolicies")) {
      bool ok = list->is_array();
      if (ok) {
        for (const Json& e : *list) ok = ok && e.is_string();
      }
      if (!ok) {
        ctx.problems.Add(UnreadableBody(ctx.id,
                                        "Property 'properties.contextualServiceEndpointPolicies' "
                                        "must be an array of strings."));
      }
    }
  }

  // Checks one definition; returns its canonical service ("" if unknown).
  static std::string CheckDefinition(PutContext& ctx, Json& definition) {
    Json& p = definition["properties"];
    std::string id = definition.value("id", "");
    std::string service = GetString(p, "service");
    if (EqualsIgnoreCase(service, "Microsoft.Storage")) {
      service = "Microsoft.Storage";
    } else if (EqualsIgnoreCase(service, "Global")) {
      service = "Global";
    } else {
      ctx.problems.Add(Invalid("InvalidServiceNameOnServiceEndpointPolicyDefinition",
                               "The service name '" + service +
                                   "' specified on service endpoint policy definition " + id +
                                   " is not valid. Valid value(s) are: Microsoft.Storage, Global"));
      return "";
    }
    p["service"] = service;
    const Json* resources = Get(p, "serviceResources");
    if (!resources) return service;
    bool ok = resources->is_array();
    if (ok) {
      for (const Json& e : *resources) ok = ok && e.is_string();
    }
    if (!ok) {
      ctx.problems.Add(UnreadableBody(
          ctx.id, "Property 'properties.serviceResources' must be an array of strings."));
      return service;
    }
    if (resources->size() > kMaxResourcesPerDefinition) {
      ctx.problems.Add(Invalid("ServiceResourceCountLimitReached",
                               "Service endpoint policy definition " + id + " has " +
                                   std::to_string(resources->size()) +
                                   " serviceResources; at most 200 are allowed."));
    }
    for (Json& resource : p["serviceResources"]) {
      std::string text = resource.get<std::string>();
      bool valid = service == "Global" ? IsServiceAlias(text) : IsStorageScope(text);
      if (!valid) {
        ctx.problems.Add(Invalid(
            "InvalidServiceResource",
            "Service resource '" + text + "' of service endpoint policy definition " + id +
                " is not valid for service " + service +
                (service == "Global"
                     ? ": use /services/Azure or /services/Azure/<alias>."
                     : ": use /subscriptions/{sub}, /subscriptions/{sub}/resourceGroups/{rg} or a "
                       "storage account id.")));
        continue;
      }
      resource = text;
    }
    return service;
  }
};

}  // namespace

void AddPolicyHandlers(std::vector<Registration>& out) {
  static const ServiceEndpointPolicyHandler kPolicy;
  out.push_back({kPolicyType, &kPolicy});
}

}  // namespace vnet::control::handlers
