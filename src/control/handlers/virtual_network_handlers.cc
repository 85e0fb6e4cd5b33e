// Rules of virtual networks and their inline subnets and peerings (SEMANTICS.md sections 1, 5,
// 11 and 12): address spaces, subnet prefixes, references, service endpoints, delegations,
// the peering state machine, and the in-use checks that guard deletion.
#include <algorithm>
#include <set>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/network_prefixes.h"
#include "control/handlers/service_rules.h"
#include "model/service_endpoints.h"

namespace vnet::control::handlers {

namespace {

constexpr size_t kMaxSubnets = 3000;
constexpr size_t kMaxPeerings = 500;
constexpr size_t kMaxDnsServers = 20;
constexpr size_t kMaxEndpointPolicies = 100;
constexpr char kVnetType[] = "Microsoft.Network/virtualNetworks";

// Delegation targets vnetd knows, with the actions Azure fills in for them.
struct DelegationService {
  std::string_view name;
  std::vector<std::string_view> actions;
};
const std::vector<DelegationService>& DelegationServices() {
  static const std::vector<DelegationService> kServices = {
      {"Microsoft.Web/serverFarms", {"Microsoft.Network/virtualNetworks/subnets/action"}},
      {"Microsoft.Sql/managedInstances",
       {"Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
        "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action"}},
      {"Microsoft.DBforPostgreSQL/flexibleServers",
       {"Microsoft.Network/virtualNetworks/subnets/join/action"}},
      {"Microsoft.DBforMySQL/flexibleServers",
       {"Microsoft.Network/virtualNetworks/subnets/join/action"}},
      {"Microsoft.App/environments", {"Microsoft.Network/virtualNetworks/subnets/join/action"}},
      {"Microsoft.ContainerInstance/containerGroups",
       {"Microsoft.Network/virtualNetworks/subnets/action"}},
      {"Microsoft.Network/dnsResolvers", {"Microsoft.Network/virtualNetworks/subnets/join/action"}},
      {"Microsoft.Netapp/volumes",
       {"Microsoft.Network/networkinterfaces/*",
        "Microsoft.Network/virtualNetworks/subnets/join/action"}},
      {"Microsoft.Databricks/workspaces",
       {"Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
        "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action"}},
      {"Microsoft.Kusto/clusters",
       {"Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
        "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action"}},
      {"Microsoft.Logic/integrationServiceEnvironments",
       {"Microsoft.Network/virtualNetworks/subnets/action"}},
  };
  return kServices;
}

// The documents that use a subnet (NICs, private endpoints, ...), as "<type> <id>" for messages.
std::vector<std::string> SubnetUsers(const Txn& txn, const std::string& subnet_key) {
  std::vector<std::string> users;
  for (const Ref& ref : txn.Referrers(subnet_key)) {
    const Doc* user = txn.Find(ref.source_key);
    if (!user || !IsSubnetUserType(user->type->name)) continue;
    std::string id = user->id.ToString();
    // Name the IP configuration when the reference sits inside one.
    size_t pos = ref.path.find("/ipConfigurations/");
    if (pos != std::string::npos) {
      std::string element_path = ref.path.substr(0, ref.path.find("/properties", pos + 1));
      Json::json_pointer pointer(element_path);
      if (user->body.contains(pointer)) {
        const Json& element = user->body.at(pointer);
        if (element.contains("id") && element["id"].is_string()) {
          id = element["id"].get<std::string>();
        } else if (element.contains("name") && element["name"].is_string()) {
          id += "/ipConfigurations/" + element["name"].get<std::string>();
        }
      }
    }
    if (std::find(users.begin(), users.end(), id) == users.end()) users.push_back(id);
  }
  return users;
}

// An element's "properties" object (an empty one when absent), by reference.
const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

std::string SubnetKey(const arm::ResourceId& vnet, const std::string& subnet_name) {
  return vnet.Child("subnets", subnet_name).Key();
}

class VirtualNetworkHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    std::vector<net::Cidr> space = CheckAddressSpace(ctx, props);
    CheckDhcpOptions(ctx, props);
    CheckFlowTimeout(ctx, props);
    if (!props.contains("resourceGuid") || !props["resourceGuid"].is_string())
      props["resourceGuid"] = MakeGuid(ctx.id.Key());
    if (!props.contains("enableDdosProtection")) props["enableDdosProtection"] = false;
    if (!props.contains("subnets") || !props["subnets"].is_array())
      props["subnets"] = Json::array();
    if (!props.contains("virtualNetworkPeerings") || !props["virtualNetworkPeerings"].is_array())
      props["virtualNetworkPeerings"] = Json::array();
    if (props["subnets"].size() > kMaxSubnets) {
      ctx.problems.Add(Invalid(
          "SubnetCountLimitReached",
          "A virtual network cannot have more than " + std::to_string(kMaxSubnets) + " subnets."));
    }
    std::vector<std::pair<std::string, net::Cidr>> taken;  // (subnet name, prefix)
    for (Json& subnet : props["subnets"]) CheckSubnet(ctx, region, space, subnet, taken);
    CheckRemovedSubnets(ctx);
    CheckPeerings(ctx, space);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    const Json* subnets = Get(doc.body["properties"], "subnets");
    if (subnets && subnets->is_array()) {
      for (const Json& subnet : *subnets) {
        std::string name = subnet.value("name", "");
        std::string key = SubnetKey(doc.id, name);
        std::vector<std::string> users = SubnetUsers(txn, key);
        if (!users.empty()) {
          return Invalid("InUseSubnetCannotBeDeleted",
                         "Subnet " + name + " is in use by " + users.front() +
                             " and cannot be deleted. In order to delete the subnet, delete all "
                             "the resources within the subnet. See aka.ms/deletesubnet.");
        }
        MarkVirtualNetworkRulesSourceDeleted(txn, key);
      }
    }
    DisconnectRemotePeerings(txn, doc.id, nullptr);
    // Deleting a VNet deletes its private DNS zone links (SEMANTICS.md section 9.4).
    for (const Ref& ref : txn.Referrers(doc.key())) {
      const Doc* user = txn.Find(ref.source_key);
      if (user && EqualsIgnoreCase(user->type->name,
                                   "Microsoft.Network/privateDnsZones/virtualNetworkLinks"))
        txn.Erase(ref.source_key);
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    Json* subnets = out["properties"].contains("subnets") ? &out["properties"]["subnets"] : nullptr;
    if (!subnets || !subnets->is_array()) return;
    for (Json& subnet : *subnets) RenderSubnet(view, doc, subnet);
  }

 private:
  static std::vector<net::Cidr> CheckAddressSpace(PutContext& ctx, Json& props) {
    std::vector<net::Cidr> space;
    const Json* address_space = Get(props, "addressSpace");
    std::vector<std::string> texts;
    if (address_space) texts = GetStringList(*address_space, "addressPrefixes");
    if (texts.empty()) {
      ctx.problems.Add(
          Invalid("InvalidAddressSpace", "Virtual network " + ctx.id.name() +
                                             " must have at least one address prefix in "
                                             "addressSpace.addressPrefixes."));
      return space;
    }
    for (const std::string& text : texts) {
      Result<net::Cidr> cidr = ParsePrefix(text, ctx.id);
      if (!cidr.ok()) {
        ctx.problems.Add(cidr.status());
        continue;
      }
      Status reserved = CheckNotReservedRange(*cidr, ctx.id);
      if (!reserved.ok()) {
        ctx.problems.Add(reserved);
        continue;
      }
      for (const net::Cidr& other : space) {
        if (other.Overlaps(*cidr)) {
          ctx.problems.Add(Invalid("NetcfgInvalidVirtualNetworkSite",
                                   "Address prefixes " + other.ToString() + " and " +
                                       cidr->ToString() + " of virtual network " + ctx.id.name() +
                                       " overlap."));
        }
      }
      space.push_back(*cidr);
    }
    return space;
  }

  static void CheckDhcpOptions(PutContext& ctx, const Json& props) {
    const Json* dhcp = Get(props, "dhcpOptions");
    if (!dhcp) return;
    std::vector<std::string> servers = GetStringList(*dhcp, "dnsServers");
    if (servers.size() > kMaxDnsServers) {
      ctx.problems.Add(Invalid("DnsServerCountLimitReached",
                               "A virtual network cannot have more than 20 DNS servers."));
    }
    for (const std::string& s : servers) {
      if (!net::IpAddress::Parse(s).ok()) {
        ctx.problems.Add(Invalid("InvalidDnsServerIpAddress",
                                 "DNS server '" + s + "' of virtual network " + ctx.id.name() +
                                     " is not a valid IP address."));
      }
    }
  }

  static void CheckFlowTimeout(PutContext& ctx, const Json& props) {
    const Json* timeout = Get(props, "flowTimeoutInMinutes");
    if (!timeout) return;
    if (!timeout->is_number_integer() || timeout->get<int64_t>() < 4 ||
        timeout->get<int64_t>() > 30) {
      ctx.problems.Add(Invalid("InvalidFlowTimeoutInMinutes",
                               "flowTimeoutInMinutes must be an integer from 4 to 30, or null."));
    }
  }

  static void CheckSubnet(PutContext& ctx, const std::string& region,
                          const std::vector<net::Cidr>& space, Json& subnet,
                          std::vector<std::pair<std::string, net::Cidr>>& taken) {
    std::string name = subnet.value("name", "");
    Json& sp = subnet["properties"];
    arm::ResourceId subnet_id = ctx.id.Child("subnets", name);
    const Json* old_subnet =
        ctx.existing ? FindInline(ctx.existing->body, "subnets", name) : nullptr;
    std::vector<std::string> texts = GetStringList(sp, "addressPrefixes");
    std::string single = GetString(sp, "addressPrefix");
    if (!single.empty()) texts.insert(texts.begin(), single);
    if (texts.empty()) {
      ctx.problems.Add(
          Invalid("NoAddressPrefixOrPoolProvided",
                  "Subnet '" + name + "' does not have address prefix or pool provided"));
    }
    std::vector<net::Cidr> prefixes;
    for (const std::string& text : texts) {
      Result<net::Cidr> cidr = ParsePrefix(text, subnet_id);
      if (!cidr.ok()) {
        ctx.problems.Add(cidr.status());
        continue;
      }
      bool size_ok = cidr->is_v4() ? (cidr->prefix_len() >= 2 && cidr->prefix_len() <= 29)
                                   : cidr->prefix_len() == 64;
      if (!size_ok) {
        ctx.problems.Add(
            Invalid("NetcfgInvalidSubnet",
                    "Subnet '" + name + "' is not valid in virtual network '" + ctx.id.name() +
                        "': its prefix " + cidr->ToString() +
                        (cidr->is_v4() ? " must be between /2 and /29." : " must be a /64.")));
        continue;
      }
      bool inside = std::any_of(space.begin(), space.end(),
                                [&](const net::Cidr& s) { return s.Contains(*cidr); });
      if (!inside && !space.empty()) {
        ctx.problems.Add(Invalid("NetcfgSubnetRangeOutsideVnet",
                                 "Subnet '" + name +
                                     "' is not valid because its IP address range is outside the "
                                     "IP address range of virtual network '" +
                                     ctx.id.name() + "'."));
      }
      for (const auto& [other_name, other] : taken) {
        if (other.Overlaps(*cidr)) {
          ctx.problems.Add(Invalid("NetcfgSubnetRangesOverlap",
                                   "Subnet '" + name +
                                       "' is not valid because its IP address range overlaps "
                                       "with that of an existing subnet in virtual network '" +
                                       ctx.id.name() + "'."));
        }
      }
      taken.emplace_back(name, *cidr);
      prefixes.push_back(*cidr);
    }
    std::vector<std::string> users = SubnetUsers(ctx.txn, subnet_id.Key());
    if (old_subnet && !users.empty()) {
      std::vector<net::Cidr> old_prefixes = SubnetPrefixes(*old_subnet);
      for (const net::Cidr& old : old_prefixes) {
        if (std::find(prefixes.begin(), prefixes.end(), old) == prefixes.end()) {
          ctx.problems.Add(Invalid("InUsePrefixCannotBeDeleted",
                                   "IpPrefix " + old.ToString() + " on Subnet " + name +
                                       " has active allocations and cannot be deleted."));
        }
      }
    }
    CheckSubnetReferences(ctx, region, subnet);
    CheckServiceEndpoints(ctx, region, subnet);
    CheckEndpointPolicies(ctx, region, subnet);
    CheckDelegations(ctx, subnet, old_subnet, users);
    CheckNetworkPolicies(ctx, subnet);
  }

  static void CheckSameRegion(PutContext& ctx, const Doc* ref, const std::string& region,
                              const arm::ResourceId& subnet_id) {
    if (!ref) return;
    std::string ref_region = LocationOf(ctx.txn, *ref);
    if (!ref_region.empty() && ref_region != region) {
      ctx.problems.Add(Invalid("InvalidResourceReference",
                               "Resource " + ref->id.ToString() + " referenced by resource " +
                                   subnet_id.ToString() +
                                   " was not found. Please make sure that the referenced resource "
                                   "exists, and that both resources are in the same region."));
    }
  }

  static void CheckSubnetReferences(PutContext& ctx, const std::string& region, Json& subnet) {
    Json& sp = subnet["properties"];
    arm::ResourceId subnet_id = ctx.id.Child("subnets", subnet.value("name", ""));
    CheckSameRegion(ctx,
                    ResolveRef(ctx, sp, "networkSecurityGroup",
                               "Microsoft.Network/networkSecurityGroups", "networkSecurityGroup"),
                    region, subnet_id);
    CheckSameRegion(
        ctx, ResolveRef(ctx, sp, "routeTable", "Microsoft.Network/routeTables", "routeTable"),
        region, subnet_id);
    CheckSameRegion(
        ctx, ResolveRef(ctx, sp, "natGateway", "Microsoft.Network/natGateways", "natGateway"),
        region, subnet_id);
  }

  static void CheckServiceEndpoints(PutContext& ctx, const std::string& region, Json& subnet) {
    Json& sp = subnet["properties"];
    if (!Get(sp, "serviceEndpoints")) return;
    std::string subnet_id = subnet.value("id", "");
    if (!sp["serviceEndpoints"].is_array()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "serviceEndpoints must be an array."));
      return;
    }
    std::set<std::string> seen;
    for (Json& endpoint : sp["serviceEndpoints"]) {
      std::string service = GetString(endpoint, "service");
      const model::EndpointService* known = model::FindEndpointService(service);
      if (!known) {
        ctx.problems.Add(Invalid("SubnetHasServiceEndpointWithInvalidServiceName",
                                 "Subnet " + subnet_id +
                                     " has service endpoint with invalid service name " + service +
                                     "."));
        continue;
      }
      endpoint["service"] = std::string(known->name);
      if (!seen.insert(AsciiLower(known->name)).second) {
        ctx.problems.Add(Invalid("DuplicateServiceEndpointsOnSubnet",
                                 "Subnet " + subnet_id + " lists service endpoint " +
                                     std::string(known->name) + " twice."));
      }
      std::vector<std::string> locations = GetStringList(endpoint, "locations");
      if (locations.empty()) {
        locations = model::DefaultEndpointLocations(*known, region);
      }
      std::vector<std::string> refused;
      for (std::string& loc : locations) {
        if (loc != "*") loc = AsciiLower(loc);
        if (!model::EndpointLocationAllowed(*known, region, loc)) refused.push_back(loc);
      }
      if (!refused.empty()) {
        ctx.problems.Add(Invalid("ServiceEndpointLocationNotSupported",
                                 "Service endpoint " + std::string(known->name) + " on subnet " +
                                     subnet_id + " cannot use location(s) " + refused.front() +
                                     " for a virtual network in " + region + "."));
      }
      endpoint["locations"] = locations;
      endpoint["provisioningState"] = "Succeeded";
    }
    if (seen.count("microsoft.storage") && seen.count("microsoft.storage.global")) {
      ctx.problems.Add(Invalid("ConflictingServiceEndpointsOnSubnet",
                               "Subnet " + subnet_id +
                                   " cannot have both Microsoft.Storage and "
                                   "Microsoft.Storage.Global service endpoints."));
    }
  }

  static void CheckEndpointPolicies(PutContext& ctx, const std::string& region, Json& subnet) {
    Json& sp = subnet["properties"];
    const Json* policies = Get(sp, "serviceEndpointPolicies");
    if (!policies) return;
    if (!policies->is_array()) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "serviceEndpointPolicies must be an array."));
      return;
    }
    std::string subnet_id = subnet.value("id", "");
    if (policies->size() > kMaxEndpointPolicies) {
      ctx.problems.Add(
          Invalid("ServiceEndpointPolicyCountLimitReached",
                  "Subnet " + subnet_id + " cannot have more than 100 service endpoint policies."));
    }
    bool has_storage = false;
    if (const Json* endpoints = Get(sp, "serviceEndpoints"); endpoints && endpoints->is_array()) {
      for (const Json& e : *endpoints) {
        std::string s = GetString(e, "service");
        if (EqualsIgnoreCase(s, "Microsoft.Storage") ||
            EqualsIgnoreCase(s, "Microsoft.Storage.Global"))
          has_storage = true;
      }
    }
    for (const Json& policy : *policies) {
      if (!policy.is_object() || !policy.contains("id") || !policy["id"].is_string()) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "Each serviceEndpointPolicies element must be {\"id\": ...}."));
        continue;
      }
      const Doc* doc =
          ResolveIdText(ctx, policy["id"].get<std::string>(),
                        "Microsoft.Network/serviceEndpointPolicies", "serviceEndpointPolicies");
      if (doc && GetString(doc->body, "location") != region) {
        ctx.problems.Add(Invalid("ServiceEndpointPolicyNotInSameRegion",
                                 "Service endpoint policy " + doc->id.ToString() +
                                     " must be in the region of virtual network " + ctx.id.name() +
                                     " (" + region + ")."));
      }
    }
    if (!policies->empty() && !has_storage) {
      ctx.problems.Add(Invalid("ServiceEndpointPolicyRequiresServiceEndpoint",
                               "Subnet " + subnet_id +
                                   " has service endpoint policies for Microsoft.Storage but no "
                                   "Microsoft.Storage service endpoint."));
    }
  }

  static void CheckDelegations(PutContext& ctx, Json& subnet, const Json* old_subnet,
                               const std::vector<std::string>& users) {
    Json& sp = subnet["properties"];
    std::string subnet_id = subnet.value("id", "");
    if (!Get(sp, "delegations")) sp["delegations"] = Json::array();
    Json& delegations = sp["delegations"];
    if (!delegations.is_array()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "delegations must be an array."));
      return;
    }
    if (delegations.size() > 1) {
      ctx.problems.Add(Invalid("SubnetCannotHaveMultipleDelegations",
                               "Subnet " + subnet_id + " cannot have more than one delegation."));
    }
    std::vector<std::string> new_services;
    for (Json& d : delegations) {
      std::string dname = GetString(d, "name");
      if (dname.empty()) dname = "delegation";
      d["name"] = dname;
      if (!d.contains("properties") || !d["properties"].is_object())
        d["properties"] = Json::object();
      std::string service = GetString(d["properties"], "serviceName");
      const DelegationService* known = nullptr;
      for (const DelegationService& s : DelegationServices()) {
        if (EqualsIgnoreCase(s.name, service)) known = &s;
      }
      if (!known) {
        std::string valid;
        for (const DelegationService& s : DelegationServices()) {
          valid += (valid.empty() ? "" : ", ") + std::string(s.name);
        }
        ctx.problems.Add(Invalid("InvalidServiceNameOnDelegation",
                                 "The service name " + service + " specified on delegation " +
                                     subnet_id + "/delegations/" + dname +
                                     " is not valid. Valid value(s) are: " + valid));
        continue;
      }
      d["id"] = subnet_id + "/delegations/" + dname;
      d["type"] = "Microsoft.Network/virtualNetworks/subnets/delegations";
      d["properties"]["serviceName"] = std::string(known->name);
      Json actions = Json::array();
      for (std::string_view a : known->actions) actions.push_back(std::string(a));
      d["properties"]["actions"] = actions;
      d["properties"]["provisioningState"] = "Succeeded";
      new_services.push_back(AsciiLower(known->name));
    }
    std::vector<std::string> old_services;
    if (old_subnet) {
      const Json* old = Get((*old_subnet)["properties"], "delegations");
      if (old && old->is_array()) {
        for (const Json& d : *old) {
          old_services.push_back(AsciiLower(GetString(PropsOf(d), "serviceName")));
        }
      }
    }
    if (new_services != old_services && !users.empty()) {
      ctx.problems.Add(Invalid("SubnetDelegationsCannotChangeWhenSubnetUsedByResource",
                               "Delegations of subnet " + subnet_id +
                                   " cannot be changed because it is being used by the resource " +
                                   users.front() + "."));
    }
  }

  static void CheckNetworkPolicies(PutContext& ctx, Json& subnet) {
    Json& sp = subnet["properties"];
    std::string pe = GetString(sp, "privateEndpointNetworkPolicies", "Disabled");
    static const std::string_view kPe[] = {"Disabled", "Enabled", "NetworkSecurityGroupEnabled",
                                           "RouteTableEnabled"};
    bool pe_ok = false;
    for (std::string_view v : kPe) {
      if (EqualsIgnoreCase(v, pe)) {
        sp["privateEndpointNetworkPolicies"] = std::string(v);
        pe_ok = true;
      }
    }
    if (!pe_ok) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "privateEndpointNetworkPolicies '" + pe +
                                              "' is not one of Disabled, Enabled, "
                                              "NetworkSecurityGroupEnabled, RouteTableEnabled."));
    }
    std::string pls = GetString(sp, "privateLinkServiceNetworkPolicies", "Enabled");
    if (EqualsIgnoreCase(pls, "Enabled") || EqualsIgnoreCase(pls, "Disabled")) {
      sp["privateLinkServiceNetworkPolicies"] =
          EqualsIgnoreCase(pls, "Enabled") ? "Enabled" : "Disabled";
    } else {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "privateLinkServiceNetworkPolicies '" + pls +
                                                           "' is not one of Enabled, Disabled."));
    }
  }

  static void CheckRemovedSubnets(PutContext& ctx) {
    if (!ctx.existing) return;
    const Json* old = Get(ctx.existing->body["properties"], "subnets");
    if (!old || !old->is_array()) return;
    for (const Json& subnet : *old) {
      std::string name = subnet.value("name", "");
      if (FindInline(ctx.doc, "subnets", name)) continue;
      std::string key = SubnetKey(ctx.id, name);
      std::vector<std::string> users = SubnetUsers(ctx.txn, key);
      if (!users.empty()) {
        ctx.problems.Add(Invalid("InUseSubnetCannotBeDeleted",
                                 "Subnet " + name + " is in use by " + users.front() +
                                     " and cannot be deleted. In order to delete the subnet, "
                                     "delete all the resources within the subnet. See "
                                     "aka.ms/deletesubnet."));
        continue;
      }
      MarkVirtualNetworkRulesSourceDeleted(ctx.txn, key);
    }
  }

  // True if `vnet` holds a virtual network gateway (one in its GatewaySubnet).
  static bool HasGateway(const Txn& txn, const arm::ResourceId& vnet) {
    for (const Ref& ref : txn.Referrers(SubnetKey(vnet, "GatewaySubnet"))) {
      const Doc* d = txn.Find(ref.source_key);
      if (d && EqualsIgnoreCase(d->type->name, "Microsoft.Network/virtualNetworkGateways"))
        return true;
    }
    return false;
  }

  // The peering of `remote` that points back at `local`, or nullptr.
  static const Json* BackPeering(const Doc& remote, const arm::ResourceId& local) {
    const Json* peerings = Get(remote.body["properties"], "virtualNetworkPeerings");
    if (!peerings || !peerings->is_array()) return nullptr;
    for (const Json& p : *peerings) {
      const Json* ref = Get(PropsOf(p), "remoteVirtualNetwork");
      if (ref && EqualsIgnoreCase(GetString(*ref, "id"), local.ToString())) return &p;
    }
    return nullptr;
  }

  // Sets the state of `remote`'s peering back to `local` (staging the remote document).
  static void SetBackPeeringState(Txn& txn, const Doc& remote, const arm::ResourceId& local,
                                  const std::string& state, const Json* local_space) {
    Doc copy = remote;
    Json* peerings = &copy.body["properties"]["virtualNetworkPeerings"];
    bool changed = false;
    for (Json& p : *peerings) {
      const Json* ref = Get(p["properties"], "remoteVirtualNetwork");
      if (!ref || !EqualsIgnoreCase(GetString(*ref, "id"), local.ToString())) continue;
      p["properties"]["peeringState"] = state;
      if (local_space) {
        p["properties"]["remoteAddressSpace"] = *local_space;
        p["properties"]["remoteVirtualNetworkAddressSpace"] = *local_space;
      }
      changed = true;
    }
    if (changed) txn.Put(std::move(copy));
  }

  // Marks every remote peering that points at `local` Disconnected, except those in `keep`.
  static void DisconnectRemotePeerings(Txn& txn, const arm::ResourceId& local,
                                       const std::set<std::string>* keep) {
    for (const Ref& ref : txn.Referrers(local.Key())) {
      if (ref.path.find("/virtualNetworkPeerings/") == std::string::npos) continue;
      if (keep && keep->count(ref.source_key)) continue;
      const Doc* remote = txn.Find(ref.source_key);
      if (remote && EqualsIgnoreCase(remote->type->name, kVnetType))
        SetBackPeeringState(txn, *remote, local, "Disconnected", nullptr);
    }
  }

  static void CheckPeerings(PutContext& ctx, const std::vector<net::Cidr>& space) {
    Json& peerings = ctx.doc["properties"]["virtualNetworkPeerings"];
    if (peerings.size() > kMaxPeerings) {
      ctx.problems.Add(Invalid("PeeringCountLimitReached",
                               "A virtual network cannot have more than 500 peerings."));
    }
    const Json& local_space = ctx.doc["properties"].contains("addressSpace")
                                  ? ctx.doc["properties"]["addressSpace"]
                                  : Json::object();
    std::set<std::string> remotes;
    int use_remote_gateways = 0;
    for (Json& p : peerings) {
      Json& pp = p["properties"];
      std::string peering_id = p.value("id", "");
      const Doc* remote =
          ResolveRef(ctx, pp, "remoteVirtualNetwork", kVnetType, "remoteVirtualNetwork");
      if (!Get(pp, "remoteVirtualNetwork")) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "Peering " + peering_id + " must name remoteVirtualNetwork."));
      }
      for (const char* flag : {"allowVirtualNetworkAccess"}) {
        if (!Get(pp, flag)) pp[flag] = true;
      }
      for (const char* flag : {"allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways",
                               "doNotVerifyRemoteGateways"}) {
        if (!Get(pp, flag)) pp[flag] = false;
      }
      if (!Get(pp, "peerCompleteVnets")) pp["peerCompleteVnets"] = true;
      if (!Get(pp, "resourceGuid")) pp["resourceGuid"] = MakeGuid(AsciiLower(peering_id));
      if (!remote) continue;
      if (remote->id == ctx.id) {
        ctx.problems.Add(
            Invalid("CannotPeerVnetWithItself",
                    "Peering " + peering_id + " cannot reference its own virtual network."));
        continue;
      }
      if (!remotes.insert(remote->key()).second) {
        ctx.problems.Add(Invalid("AnotherPeeringAlreadyReferencesRemoteVnet",
                                 "Peering already references remote virtual network. Cannot add "
                                 "another peering referencing the same remote virtual network."));
        continue;
      }
      std::vector<net::Cidr> remote_space = VnetPrefixes(remote->body);
      for (const net::Cidr& a : space) {
        for (const net::Cidr& b : remote_space) {
          if (a.Overlaps(b)) {
            ctx.problems.Add(Invalid(
                "VnetAddressSpacesOverlap",
                "Cannot create or update peering " + peering_id + ". Virtual networks " +
                    ctx.id.ToString() + " and " + remote->id.ToString() +
                    " cannot be peered because their address spaces overlap. Overlapping address "
                    "prefixes: " +
                    a.ToString() + ", " + b.ToString()));
          }
        }
      }
      if (GetBool(pp, "useRemoteGateways", false)) {
        ++use_remote_gateways;
        if (!HasGateway(ctx.txn, remote->id)) {
          ctx.problems.Add(Invalid("RemoteVnetHasNoGateways",
                                   "Peering " + peering_id +
                                       " cannot have UseRemoteGateway flag set to true because "
                                       "remote virtual network " +
                                       remote->id.ToString() +
                                       " referenced by the peering does not have any gateways."));
        }
        if (HasGateway(ctx.txn, ctx.id)) {
          ctx.problems.Add(Invalid("VnetHasGatewayCannotUseRemoteGateways",
                                   "Peering " + peering_id +
                                       " cannot have UseRemoteGateways flag set to true because "
                                       "the virtual network " +
                                       ctx.id.ToString() + " already has a gateway."));
        }
      }
      const Json* back = BackPeering(*remote, ctx.id);
      const Json remote_space_json =
          remote->body["properties"].value("addressSpace", Json::object());
      pp["remoteAddressSpace"] = remote_space_json;
      pp["remoteVirtualNetworkAddressSpace"] = remote_space_json;
      pp["peeringSyncLevel"] = "FullyInSync";
      if (!back) {
        // Keep a Disconnected state (the remote side was deleted); otherwise Initiated.
        std::string old_state = GetString(pp, "peeringState");
        pp["peeringState"] =
            old_state == "Disconnected" || old_state == "Connected" ? "Disconnected" : "Initiated";
        if (!ctx.existing ||
            !FindInline(ctx.existing->body, "virtualNetworkPeerings", p.value("name", "")))
          pp["peeringState"] = "Initiated";
        continue;
      }
      std::string back_state = GetString(PropsOf(*back), "peeringState");
      if (back_state == "Disconnected") {
        ctx.problems.Add(Invalid("RemotePeeringIsDisconnected",
                                 "Cannot create or update peering because remote peering "
                                 "referencing parent virtual network is in Disconnected state. "
                                 "Update or re-create the remote peering to get it back to "
                                 "Initiated state. Peering gets Disconnected when remote vnet or "
                                 "remote peering is deleted and re-created."));
        continue;
      }
      pp["peeringState"] = "Connected";
      SetBackPeeringState(ctx.txn, *remote, ctx.id, "Connected", &local_space);
    }
    if (use_remote_gateways > 1) {
      ctx.problems.Add(Invalid("UseRemoteGatewaysAlreadySetOnAnotherPeering",
                               "Only one peering of virtual network " + ctx.id.name() +
                                   " may have UseRemoteGateways set to true."));
    }
    // Peerings removed by this request leave their remote sides Disconnected.
    std::set<std::string> kept;
    for (const std::string& r : remotes) kept.insert(r);
    if (ctx.existing) {
      const Json* old = Get(ctx.existing->body["properties"], "virtualNetworkPeerings");
      if (old && old->is_array()) {
        for (const Json& p : *old) {
          const Json* ref = Get(PropsOf(p), "remoteVirtualNetwork");
          if (!ref) continue;
          Result<arm::ResourceId> rid = arm::ResourceId::Parse(GetString(*ref, "id"));
          if (!rid.ok() || kept.count(rid->Key())) continue;
          const Doc* remote = ctx.txn.Find(*rid);
          if (remote) SetBackPeeringState(ctx.txn, *remote, ctx.id, "Disconnected", nullptr);
        }
      }
    }
  }

  static void RenderSubnet(const ReadView& view, const Doc& vnet, Json& subnet) {
    std::string key = SubnetKey(vnet.id, subnet.value("name", ""));
    Json ip_configurations = Json::array();
    Json private_endpoints = Json::array();
    for (const Ref& ref : view.Referrers(key)) {
      const Doc* user = view.Find(ref.source_key);
      if (!user) continue;
      if (EqualsIgnoreCase(user->type->name, "Microsoft.Network/privateEndpoints")) {
        private_endpoints.push_back(Json{{"id", user->id.ToString()}});
        continue;
      }
      if (!IsSubnetUserType(user->type->name)) continue;
      size_t pos = ref.path.find("/ipConfigurations/");
      if (pos == std::string::npos) continue;
      Json::json_pointer pointer(ref.path.substr(0, ref.path.find("/properties", pos + 1)));
      if (!user->body.contains(pointer)) continue;
      const Json& element = user->body.at(pointer);
      std::string id = element.contains("id") && element["id"].is_string()
                           ? element["id"].get<std::string>()
                           : user->id.ToString() + "/ipConfigurations/" + element.value("name", "");
      ip_configurations.push_back(Json{{"id", id}});
    }
    if (!ip_configurations.empty()) subnet["properties"]["ipConfigurations"] = ip_configurations;
    if (!private_endpoints.empty()) subnet["properties"]["privateEndpoints"] = private_endpoints;
  }
};

}  // namespace

void AddVirtualNetworkHandlers(std::vector<Registration>& out) {
  static const VirtualNetworkHandler kVirtualNetwork;
  out.push_back({kVnetType, &kVirtualNetwork});
}

}  // namespace vnet::control::handlers
