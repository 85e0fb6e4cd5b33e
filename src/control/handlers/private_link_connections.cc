// Provider-side private endpoint connections (SEMANTICS.md section 8.4) and private link services
// (section 10). The connection list of a storage account, SQL server, key vault, Cosmos DB
// account, Event Hubs or Service Bus namespace or private link service is owned by the workflow:
// its owner may approve or reject a connection, or delete it; the consumer private endpoint shows
// the same state (Disconnected once deleted).
#include "control/handlers/private_link_connections.h"

#include <algorithm>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"

namespace vnet::control::handlers {

namespace {

constexpr char kPlsType[] = "Microsoft.Network/privateLinkServices";
constexpr char kConnections[] = "privateEndpointConnections";
constexpr size_t kMaxNatIpConfigurations = 8;

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

Json StoredConnections(const PutContext& ctx) {
  if (!ctx.existing) return Json::array();
  const Json* list = Get(PropsOf(ctx.existing->body), kConnections);
  return list && list->is_array() ? *list : Json::array();
}

const Json& StateOf(const Json& connection) {
  static const Json kEmpty = Json::object();
  const Json* state = Get(PropsOf(connection), "privateLinkServiceConnectionState");
  return state && state->is_object() ? *state : kEmpty;
}

std::string PrivateEndpointOf(const Json& connection) {
  const Json* pe = Get(PropsOf(connection), "privateEndpoint");
  return pe ? GetString(*pe, "id") : "";
}

// True when the whole resource group goes away with this delete (then nothing is "in use").
bool GroupDeleted(const Txn& txn, const arm::ResourceId& id) {
  return txn.erased(arm::ResourceId::ResourceGroup(id.subscription(), id.resource_group()).Key());
}

Status InvalidState() {
  return Invalid("InvalidValuesForRequestParameters",
                 "Values for request parameters are invalid: "
                 "privateLinkServiceConnectionState.status.");
}

// The status a provider asks for, canonically spelled; "" when it is not a known status.
std::string CanonicalStatus(const std::string& requested) {
  for (const char* s : {"Approved", "Rejected", "Pending", "Disconnected"}) {
    if (EqualsIgnoreCase(requested, s)) return s;
  }
  return "";
}

// OK if a provider may move a connection from `from` to `to` (SEMANTICS.md 8.4).
Status CheckTransition(const std::string& connection_id, const std::string& from,
                       const std::string& to, bool storage) {
  if (to.empty() || to == "Disconnected" || (to == "Pending" && from != "Pending")) {
    return InvalidState();
  }
  if (from == "Rejected" && to == "Approved") {
    if (storage) return InvalidState();
    return Invalid("PrivateEndpointConnectionCannotBeApprovedAfterRejection",
                   "Private endpoint connection " + connection_id +
                       " in state Rejected cannot be changed to Approved. Delete and recreate the "
                       "private endpoint.");
  }
  // Storage refuses to approve an approved connection (recording
  // storage/test_storage_account_private_endpoint.yaml); Microsoft.Network takes it as a no-op.
  if (storage && from == "Approved" && to == "Approved") return InvalidState();
  return {};
}

}  // namespace

void SetConsumerState(Txn& txn, const std::string& private_endpoint_id, const std::string& status,
                      const std::string& description) {
  Result<arm::ResourceId> pe_id = arm::ResourceId::Parse(private_endpoint_id);
  if (!pe_id.ok()) return;
  const Doc* pe = txn.Find(*pe_id);
  if (!pe) return;
  Doc copy = *pe;
  Json& props = copy.body["properties"];
  for (const char* list :
       {"privateLinkServiceConnections", "manualPrivateLinkServiceConnections"}) {
    if (!props.contains(list) || !props[list].is_array()) continue;
    for (Json& c : props[list]) {
      if (!c.is_object()) continue;
      Json& state = c["properties"]["privateLinkServiceConnectionState"];
      state["status"] = status;
      state["description"] = description;
      if (!state.contains("actionsRequired")) state["actionsRequired"] = "None";
    }
  }
  txn.Put(std::move(copy));
}

void DisconnectConsumers(Txn& txn, const Doc& provider) {
  const Json* list = Get(PropsOf(provider.body), kConnections);
  for (const Json& c : list && list->is_array() ? *list : Json::array()) {
    SetConsumerState(txn, PrivateEndpointOf(c), "Disconnected",
                     "The private link resource " + provider.id.ToString() + " was deleted.");
  }
}

void ReconcilePrivateEndpointConnections(PutContext& ctx, bool spelling_action_required) {
  Json& props = ctx.doc["properties"];
  if (ctx.child_type != kConnections) {
    // A PUT of the resource itself: the list is read-only there.
    props[kConnections] = StoredConnections(ctx);
    return;
  }
  const Json* old =
      ctx.existing ? FindInline(ctx.existing->body, kConnections, ctx.child_name) : nullptr;
  if (!old) {
    ctx.problems.Add(Status::NotFound(
        "PrivateEndpointConnectionNotFound",
        "Private endpoint connection '" + ctx.child_name + "' of " + ctx.id.ToString() +
            " does not exist. Connections are created by private endpoints."));
    return;
  }
  std::string pe_id = PrivateEndpointOf(*old);
  if (ctx.child_deleted) {
    SetConsumerState(
        ctx.txn, pe_id, "Disconnected",
        "The private endpoint connection was deleted by the owner of " + ctx.id.ToString() + ".");
    return;
  }
  Json* now = FindInline(ctx.doc, kConnections, ctx.child_name);
  const Json& requested = StateOf(*now);
  std::string from = GetString(StateOf(*old), "status");
  std::string to = CanonicalStatus(GetString(requested, "status", from));
  Status allowed =
      CheckTransition(old->value("id", ctx.child_name), from, to, spelling_action_required);
  if (!allowed.ok()) {
    ctx.problems.Add(allowed);
    return;
  }
  // Only the state is writable: the rest of the connection stays as the workflow made it.
  const char* actions = spelling_action_required ? "actionRequired" : "actionsRequired";
  Json updated = *old;
  Json& state = updated["properties"]["privateLinkServiceConnectionState"];
  std::string description = GetString(requested, "description");
  state["status"] = to;
  state["description"] = description;
  std::string requested_actions = GetString(requested, actions);
  if (!requested_actions.empty()) state[actions] = requested_actions;
  if (!state.contains(actions)) state[actions] = "None";
  *now = updated;
  SetConsumerState(ctx.txn, pe_id, to, description);
}

// Addresses in use in a subnet, leaving out those held by `self_key` (its own, on an update).
std::vector<net::IpAddress> PrivateAddressesInUse(const Txn& txn, const std::string& subnet_key,
                                                  const std::string& self_key) {
  std::vector<net::IpAddress> out;
  for (const Ref& ref : txn.Referrers(subnet_key)) {
    if (ref.source_key == self_key) continue;
    const Doc* user = txn.Find(ref.source_key);
    if (!user || !IsSubnetUserType(user->type->name)) continue;
    const std::string suffix = "/subnet/id";
    if (ref.path.size() < suffix.size()) continue;
    Json::json_pointer pointer(ref.path.substr(0, ref.path.size() - suffix.size()));
    if (!user->body.contains(pointer)) continue;
    Result<net::IpAddress> ip =
        net::IpAddress::Parse(GetString(user->body.at(pointer), "privateIPAddress"));
    if (ip.ok()) out.push_back(*ip);
  }
  return out;
}

Result<net::IpAddress> CheckStaticPrivateAddress(const std::string& config_id,
                                                 const std::string& text, const Json& subnet,
                                                 const std::vector<net::IpAddress>& used) {
  Result<net::IpAddress> ip = net::IpAddress::Parse(text);
  std::string subnet_id = subnet.value("id", "");
  if (!ip.ok() || !ip->is_v4()) {
    return Invalid("PrivateIPAddressInvalid", "'" + text + "' of IP configuration " + config_id +
                                                  " is not a valid IPv4 address.");
  }
  std::vector<net::Cidr> prefixes = SubnetPrefixes(subnet);
  if (std::none_of(prefixes.begin(), prefixes.end(),
                   [&](const net::Cidr& c) { return c.Contains(*ip); })) {
    return Invalid("PrivateIPAddressNotInSubnet",
                   "IP configuration " + config_id + " is using the private IP address " + text +
                       " which is not in the address range of subnet " + subnet_id + ".");
  }
  if (!IsAssignableInSubnet(subnet, *ip)) {
    return Invalid("PrivateIPAddressInReservedRange", "IP configuration " + config_id +
                                                          " is using the private IP address " +
                                                          text + " which is reserved.");
  }
  if (std::find(used.begin(), used.end(), *ip) != used.end()) {
    return Invalid("PrivateIPAddressIsAllocated",
                   "IP configuration " + config_id + " is using the private IP address " + text +
                       " which is already allocated to another resource in subnet " + subnet_id +
                       ".");
  }
  return ip;
}

// Azure's allocator: the first IPv4 address after the 4 reserved ones that nobody holds.
Result<net::IpAddress> FirstFreePrivateAddress(const Json& subnet,
                                               const std::vector<net::IpAddress>& used) {
  for (const net::Cidr& c : SubnetPrefixes(subnet)) {
    if (!c.is_v4()) continue;
    for (uint64_t i = 4; i + 1 < c.Size(); ++i) {
      net::IpAddress candidate = c.address().Plus(i);
      if (std::find(used.begin(), used.end(), candidate) == used.end()) return candidate;
    }
  }
  return Invalid("SubnetIsFull",
                 "Subnet " + subnet.value("name", "") + " has no free private IP address left.");
}

namespace {

// Private link services: NAT IP configurations in subnets whose private link service network
// policies are Disabled. vnetd does not model load balancers, so the frontend references are
// checked for shape only, never for existence. vnetd does not create the read-only NIC of a
// private link service either (its NAT addresses are held by the service's own ipConfigurations).
class PrivateLinkServiceHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    CheckFrontends(ctx, props);
    CheckNatConfigurations(ctx, props);
    props["alias"] = ctx.id.name() + "." + MakeGuid(ctx.id.Key()) + "." +
                     GetString(ctx.doc, "location") + ".azure.privatelinkservice";
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key() + "#guid");
    for (const char* list : {"visibility", "autoApproval"}) {
      if (!Get(props, list)) props[list] = Json{{"subscriptions", Json::array()}};
      if (!props[list].is_object() ||
          (Get(props[list], "subscriptions") && !props[list]["subscriptions"].is_array())) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 std::string(list) + " must be {\"subscriptions\": [...]}."));
      }
    }
    if (!Get(props, "fqdns")) props["fqdns"] = Json::array();
    if (!Get(props, "enableProxyProtocol")) props["enableProxyProtocol"] = false;
    ReconcilePrivateEndpointConnections(ctx, false);
  }

  // Azure asks for the connections to be removed (rejected or deleted) first (SEMANTICS.md 10).
  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    const Json* conns = Get(PropsOf(doc.body), kConnections);
    for (const Json& c : conns && conns->is_array() ? *conns : Json::array()) {
      if (GroupDeleted(txn, doc.id)) break;
      if (GetString(StateOf(c), "status") != "Rejected") {
        return Conflict("CannotDeletePrivateLinkServiceWithPrivateEndpointConnections",
                        "Private link service " + doc.id.ToString() +
                            " has private endpoint connections; reject or delete them first.");
      }
    }
    DisconnectConsumers(txn, doc);
    return {};
  }

 private:
  static void CheckFrontends(PutContext& ctx, const Json& props) {
    const Json* frontends = Get(props, "loadBalancerFrontendIpConfigurations");
    if (!frontends || !frontends->is_array() || frontends->empty()) {
      ctx.problems.Add(
          Invalid("MissingRequiredParameter", "loadBalancerFrontendIpConfigurations is required."));
      return;
    }
    for (const Json& f : *frontends) {
      std::string text = GetString(f, "id");
      Result<arm::ResourceId> id = arm::ResourceId::Parse(text);
      std::string type = id.ok() ? AsciiLower(id->FullType()) : "";
      if (type != "microsoft.network/loadbalancers/frontendipconfigurations") {
        ctx.problems.Add(Invalid(
            "LinkedInvalidPropertyId",
            "Property id '" + text +
                "' at path 'properties.loadBalancerFrontendIpConfigurations' is invalid. Expect "
                "the id of a load balancer frontend IP configuration."));
      }
    }
  }

  static void CheckNatConfigurations(PutContext& ctx, Json& props) {
    Json* configs = props.contains("ipConfigurations") ? &props["ipConfigurations"] : nullptr;
    if (!configs || !configs->is_array() || configs->empty()) {
      ctx.problems.Add(Invalid("MissingRequiredParameter", "ipConfigurations is required."));
      return;
    }
    if (configs->size() > kMaxNatIpConfigurations) {
      ctx.problems.Add(Invalid("PrivateLinkServiceIpConfigurationCountLimitReached",
                               "A private link service cannot have more than 8 IP "
                               "configurations."));
      return;
    }
    std::vector<net::IpAddress> taken;  // chosen by this request
    for (size_t i = 0; i < configs->size(); ++i) {
      Json& c = (*configs)[i];
      if (!c.is_object()) {
        ctx.problems.Add(Invalid("InvalidRequestFormat", "An IP configuration must be an object."));
        continue;
      }
      if (GetString(c, "name").empty())
        c["name"] = ctx.id.name() + "_ipconfig_" + std::to_string(i);
      c["id"] = ctx.id.ToString() + "/ipConfigurations/" + GetString(c, "name");
      c["type"] = std::string(kPlsType) + "/ipConfigurations";
      if (!c.contains("properties") || !c["properties"].is_object())
        c["properties"] = Json::object();
      CheckNatConfiguration(ctx, c, i == 0, taken);
    }
  }

  static void CheckNatConfiguration(PutContext& ctx, Json& c, bool first,
                                    std::vector<net::IpAddress>& taken) {
    Json& cp = c["properties"];
    cp["provisioningState"] = "Succeeded";
    if (!Get(cp, "primary")) cp["primary"] = first;
    if (!Get(cp, "privateIPAddressVersion")) cp["privateIPAddressVersion"] = "IPv4";
    if (!Get(cp, "subnet")) {
      ctx.problems.Add(
          Invalid("MissingRequiredParameter", "ipConfigurations[].properties.subnet is required."));
      return;
    }
    const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                 "ipConfigurations.subnet");
    if (!vnet) return;
    std::string subnet_id = GetString(cp["subnet"], "id");
    if (GetString(vnet->body, "location") != GetString(ctx.doc, "location")) {
      ctx.problems.Add(Invalid("InvalidResourceReference",
                               "Resource " + subnet_id + " referenced by resource " +
                                   ctx.id.ToString() +
                                   " was not found. Please make sure that the referenced resource "
                                   "exists, and that both resources are in the same region."));
      return;
    }
    SubnetView subnet = FindSubnet(ctx.txn, subnet_id);
    if (GetString(PropsOf(*subnet.subnet), "privateLinkServiceNetworkPolicies", "Enabled") !=
        "Disabled") {
      ctx.problems.Add(
          Invalid("PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled",
                  "Private link service " + ctx.id.ToString() + " cannot be created in a subnet " +
                      subnet_id + " since it has private link service network policies enabled."));
      return;
    }
    Result<net::IpAddress> ip = ChooseNatAddress(ctx, c, subnet, taken);
    if (!ip.ok()) {
      ctx.problems.Add(ip.status());
      return;
    }
    taken.push_back(*ip);
    cp["privateIPAddress"] = ip->ToString();
  }

  // The NAT address: a static one is checked; a dynamic one keeps the address the configuration
  // already had, or takes the first free one.
  static Result<net::IpAddress> ChooseNatAddress(PutContext& ctx, Json& c, const SubnetView& subnet,
                                                 const std::vector<net::IpAddress>& taken) {
    Json& cp = c["properties"];
    std::string subnet_key = AsciiLower(GetString(cp["subnet"], "id"));
    std::string text = GetString(cp, "privateIPAddress");
    std::string method =
        GetString(cp, "privateIPAllocationMethod", text.empty() ? "Dynamic" : "Static");
    if (!EqualsIgnoreCase(method, "Static") && !EqualsIgnoreCase(method, "Dynamic")) {
      return Invalid("InvalidRequestFormat",
                     "privateIPAllocationMethod '" + method + "' is not Static or Dynamic.");
    }
    cp["privateIPAllocationMethod"] = EqualsIgnoreCase(method, "Static") ? "Static" : "Dynamic";
    std::vector<net::IpAddress> used = PrivateAddressesInUse(ctx.txn, subnet_key, ctx.id.Key());
    used.insert(used.end(), taken.begin(), taken.end());
    if (cp["privateIPAllocationMethod"] == "Static") {
      if (text.empty()) {
        return Invalid("MissingRequiredParameter",
                       "privateIPAddress is required with privateIPAllocationMethod Static.");
      }
      return CheckStaticPrivateAddress(c.value("id", ""), text, *subnet.subnet, used);
    }
    std::string kept = PreviousAddress(ctx, c, subnet_key);
    Result<net::IpAddress> old = net::IpAddress::Parse(kept);
    if (old.ok() && std::find(used.begin(), used.end(), *old) == used.end()) return old;
    return FirstFreePrivateAddress(*subnet.subnet, used);
  }

  static std::string PreviousAddress(const PutContext& ctx, const Json& c,
                                     const std::string& subnet_key) {
    if (!ctx.existing) return "";
    const Json* element = FindInline(ctx.existing->body, "ipConfigurations", c.value("name", ""));
    if (!element) return "";
    const Json& ep = PropsOf(*element);
    const Json* subnet = Get(ep, "subnet");
    if (!subnet || AsciiLower(GetString(*subnet, "id")) != subnet_key) return "";
    return GetString(ep, "privateIPAddress");
  }
};

}  // namespace

void AddPrivateLinkServiceHandler(std::vector<Registration>& out) {
  static const PrivateLinkServiceHandler kPls;
  out.push_back({kPlsType, &kPls});
}

}  // namespace vnet::control::handlers
