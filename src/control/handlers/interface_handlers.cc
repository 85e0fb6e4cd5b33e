// Rules of network interfaces and the virtual machines that hold them (SEMANTICS.md sections 1.2
// and 8.2): IP configurations in existing subnets of one VNet in the NIC's region, Azure's
// address allocator (first free address after the four reserved ones), static addresses checked
// against the subnet, NICs owned by private endpoints kept read-only, and NICs in use by a VM.
#include <algorithm>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

namespace {

constexpr char kNicType[] = "Microsoft.Network/networkInterfaces";
constexpr char kVmType[] = "Microsoft.Compute/virtualMachines";
constexpr size_t kMaxAsgsPerIpConfiguration = 20;

// The VM that references `nic_key`, if any (from the NIC's referrers).
const Doc* OwningVm(const Txn& txn, const std::string& nic_key) {
  for (const Ref& ref : txn.Referrers(nic_key)) {
    const Doc* d = txn.Find(ref.source_key);
    if (d && EqualsIgnoreCase(d->type->name, kVmType)) return d;
  }
  return nullptr;
}

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

class NetworkInterfaceHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    if (ctx.existing && Get(ctx.existing->body["properties"], "privateEndpoint")) {
      ctx.problems.Add(Invalid("CannotModifyNicAttachedToPrivateEndpoint",
                               "Network interface " + ctx.id.ToString() +
                                   " is managed by a private endpoint and cannot be modified."));
      return;
    }
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    if (!props.contains("resourceGuid") || !props["resourceGuid"].is_string())
      props["resourceGuid"] = MakeGuid(ctx.id.Key());
    for (const char* flag : {"enableIPForwarding", "enableAcceleratedNetworking"}) {
      if (!Get(props, flag)) props[flag] = false;
      if (!props[flag].is_boolean()) {
        ctx.problems.Add(
            Invalid("InvalidRequestFormat", std::string(flag) + " must be a boolean."));
      }
    }
    props.erase("virtualMachine");  // read-only: rendered from the VM that holds the NIC
    if (!Get(props, "dnsSettings")) props["dnsSettings"] = Json::object();
    if (props["dnsSettings"].is_object()) {
      Json& dns = props["dnsSettings"];
      if (!Get(dns, "dnsServers")) dns["dnsServers"] = Json::array();
      dns["appliedDnsServers"] = Get(dns, "dnsServers") ? dns["dnsServers"] : Json::array();
    }
    props["vnetEncryptionSupported"] = false;
    if (const Doc* nsg =
            ResolveRef(ctx, props, "networkSecurityGroup",
                       "Microsoft.Network/networkSecurityGroups", "networkSecurityGroup")) {
      CheckRegion(ctx, *nsg, region);
    }
    if (const Json* dns = Get(props, "dnsSettings")) {
      for (const std::string& server : GetStringList(*dns, "dnsServers")) {
        if (!net::IpAddress::Parse(server).ok()) {
          ctx.problems.Add(Invalid("InvalidDnsServerIpAddress",
                                   "DNS server '" + server + "' is not a valid IP address."));
        }
      }
    }
    CheckIpConfigurations(ctx, region);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    const Json* pe = Get(doc.body["properties"], "privateEndpoint");
    if (pe && txn.Find(GetString(*pe, "id").empty() ? "" : AsciiLower(GetString(*pe, "id")))) {
      return Invalid("CannotDeleteNicAttachedToPrivateEndpoint",
                     "Network interface " + doc.id.ToString() + " is managed by private endpoint " +
                         GetString(*pe, "id") + "; delete the private endpoint instead.");
    }
    if (const Doc* vm = OwningVm(txn, doc.key())) {
      return Invalid("NicInUse", "Network Interface " + doc.id.ToString() +
                                     " is used by existing resource " + vm->id.ToString() +
                                     ". In order to delete the network interface, it must be "
                                     "dissociated from the resource.");
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    for (const Ref& ref : view.Referrers(doc.key())) {
      const Doc* d = view.Find(ref.source_key);
      if (d && EqualsIgnoreCase(d->type->name, kVmType)) {
        out["properties"]["virtualMachine"] = Json{{"id", d->id.ToString()}};
        out["properties"]["primary"] = true;
      }
    }
  }

 private:
  static void CheckRegion(PutContext& ctx, const Doc& ref, const std::string& region) {
    std::string ref_region = LocationOf(ctx.txn, ref);
    if (!ref_region.empty() && ref_region != region) {
      ctx.problems.Add(Invalid("InvalidResourceReference",
                               "Resource " + ref.id.ToString() + " referenced by resource " +
                                   ctx.id.ToString() +
                                   " was not found. Please make sure that the referenced resource "
                                   "exists, and that both resources are in the same region."));
    }
  }

  static void CheckIpConfigurations(PutContext& ctx, const std::string& region) {
    Json& props = ctx.doc["properties"];
    if (!Get(props, "ipConfigurations") || props["ipConfigurations"].empty()) {
      ctx.problems.Add(Invalid(
          "NetworkInterfaceMustHaveAtLeastOneIpConfiguration",
          "Network interface " + ctx.id.ToString() + " must have at least one IP configuration."));
      return;
    }
    Json& configs = props["ipConfigurations"];
    bool any_primary = false;
    for (const Json& c : configs) any_primary |= GetBool(PropsOf(c), "primary", false);
    std::string vnet_key;
    std::vector<net::IpAddress> taken_here;
    for (size_t i = 0; i < configs.size(); ++i) {
      Json& config = configs[i];
      Json& cp = config["properties"];
      std::string config_id = config.value("id", "");
      if (!Get(cp, "primary")) cp["primary"] = !any_primary && i == 0;
      std::string method = GetString(cp, "privateIPAllocationMethod", "Dynamic");
      if (!EqualsIgnoreCase(method, "Dynamic") && !EqualsIgnoreCase(method, "Static")) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "privateIPAllocationMethod must be Dynamic or Static."));
        continue;
      }
      method = EqualsIgnoreCase(method, "Static") ? "Static" : "Dynamic";
      cp["privateIPAllocationMethod"] = method;
      if (!Get(cp, "privateIPAddressVersion")) cp["privateIPAddressVersion"] = "IPv4";
      if (!Get(cp, "subnet")) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "IP configuration " + config_id + " must reference a subnet."));
        continue;
      }
      const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                   "ipConfigurations.subnet");
      if (!vnet) continue;
      CheckRegion(ctx, *vnet, region);
      if (vnet_key.empty()) vnet_key = vnet->key();
      if (vnet_key != vnet->key()) {
        ctx.problems.Add(Invalid("IpConfigurationsOfNicInDifferentVnets",
                                 "All IP configurations of network interface " + ctx.id.name() +
                                     " must be in one virtual network."));
      }
      CheckAsgs(ctx, cp);
      if (const Doc* pip = ResolveRef(ctx, cp, "publicIPAddress",
                                      "Microsoft.Network/publicIPAddresses", "publicIPAddress")) {
        CheckRegion(ctx, *pip, region);
        for (const Ref& ref : ctx.txn.Referrers(pip->key())) {
          const Doc* user = ctx.txn.Find(ref.source_key);
          if (user && user->key() != ctx.id.Key()) {
            ctx.problems.Add(Invalid("PublicIPAddressInUse",
                                     "Public IP address " + pip->id.ToString() +
                                         " is already used by " + user->id.ToString() + "."));
          }
        }
      }
      SubnetView subnet = FindSubnet(ctx.txn, GetString(cp["subnet"], "id"));
      if (!subnet) continue;
      AssignAddress(ctx, subnet, config, taken_here);
    }
  }

  static void CheckAsgs(PutContext& ctx, const Json& cp) {
    const Json* asgs = Get(cp, "applicationSecurityGroups");
    if (!asgs) return;
    if (!asgs->is_array()) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "applicationSecurityGroups must be an array."));
      return;
    }
    if (asgs->size() > kMaxAsgsPerIpConfiguration) {
      ctx.problems.Add(Invalid("ApplicationSecurityGroupCountLimitReached",
                               "An IP configuration can be in at most 20 application security "
                               "groups."));
    }
    for (const Json& asg : *asgs) {
      if (asg.is_object() && asg.contains("id") && asg["id"].is_string()) {
        ResolveIdText(ctx, asg["id"].get<std::string>(),
                      "Microsoft.Network/applicationSecurityGroups", "applicationSecurityGroups");
      }
    }
  }

  // The IP configuration's address: kept across updates while the subnet is the same, allocated
  // for a new Dynamic configuration, checked for a Static one.
  static void AssignAddress(PutContext& ctx, const SubnetView& subnet, Json& config,
                            std::vector<net::IpAddress>& taken_here) {
    Json& cp = config["properties"];
    std::string config_id = config.value("id", "");
    std::string subnet_key = AsciiLower(subnet.subnet->value("id", ""));
    std::vector<net::IpAddress> used = UsedAddressesInSubnet(ctx.txn, subnet_key);
    // Addresses used by this NIC itself (its stored version) do not count as taken.
    std::vector<net::IpAddress> own;
    if (ctx.existing) {
      const Json* old = Get(ctx.existing->body["properties"], "ipConfigurations");
      for (const Json& c : old ? *old : Json::array()) {
        Result<net::IpAddress> a = net::IpAddress::Parse(GetString(PropsOf(c), "privateIPAddress"));
        if (a.ok()) own.push_back(*a);
      }
    }
    auto taken = [&](const net::IpAddress& a) {
      bool by_other =
          std::count(used.begin(), used.end(), a) > std::count(own.begin(), own.end(), a);
      return by_other || std::find(taken_here.begin(), taken_here.end(), a) != taken_here.end();
    };
    std::string requested = GetString(cp, "privateIPAddress");
    if (GetString(cp, "privateIPAllocationMethod") == "Static" || !requested.empty()) {
      Result<net::IpAddress> ip = net::IpAddress::Parse(requested);
      if (!ip.ok()) {
        if (GetString(cp, "privateIPAllocationMethod") == "Static") {
          ctx.problems.Add(
              Invalid("PrivateIPAddressRequired", "IP configuration " + config_id +
                                                      " has allocation method Static but no valid "
                                                      "privateIPAddress."));
        }
        return;
      }
      std::vector<net::Cidr> prefixes = SubnetPrefixes(*subnet.subnet);
      bool in_subnet = std::any_of(prefixes.begin(), prefixes.end(),
                                   [&](const net::Cidr& c) { return c.Contains(*ip); });
      if (!in_subnet) {
        ctx.problems.Add(Invalid("PrivateIPAddressNotInSubnet",
                                 "IP configuration " + config_id +
                                     " is using the private IP "
                                     "address " +
                                     ip->ToString() +
                                     " which is not in the address range of subnet " +
                                     subnet.subnet->value("id", "") + "."));
        return;
      }
      if (!IsAssignableInSubnet(*subnet.subnet, *ip)) {
        ctx.problems.Add(
            Invalid("PrivateIPAddressInReservedRange", "IP configuration " + config_id +
                                                           " is using the private IP "
                                                           "address " +
                                                           ip->ToString() + " which is reserved."));
        return;
      }
      if (taken(*ip)) {
        ctx.problems.Add(Invalid("PrivateIPAddressIsAllocated",
                                 "IP configuration " + config_id +
                                     " is using the private IP "
                                     "address " +
                                     ip->ToString() +
                                     " which is already allocated to another resource."));
        return;
      }
      taken_here.push_back(*ip);
      return;
    }
    // Dynamic: first free address, never one taken by another configuration of this request.
    for (const net::Cidr& prefix : SubnetPrefixes(*subnet.subnet)) {
      if (!prefix.is_v4()) continue;
      for (uint64_t i = 4; i + 1 < prefix.Size(); ++i) {
        net::IpAddress candidate = prefix.address().Plus(i);
        if (taken(candidate)) continue;
        cp["privateIPAddress"] = candidate.ToString();
        taken_here.push_back(candidate);
        return;
      }
    }
    ctx.problems.Add(Invalid("SubnetIsFull", "Subnet " + subnet.subnet->value("name", "") +
                                                 " does not have enough capacity for 1 IP "
                                                 "address."));
  }
};

// Virtual machines: only the network profile matters to vnetd.
class VirtualMachineHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    if (!props.contains("vmId")) props["vmId"] = MakeGuid(ctx.id.Key());
    const Json* profile = Get(props, "networkProfile");
    const Json* nics = profile ? Get(*profile, "networkInterfaces") : nullptr;
    if (!nics || !nics->is_array() || nics->empty()) {
      ctx.problems.Add(
          Invalid("InvalidParameter", "Virtual machine " + ctx.id.name() +
                                          " must have at least one network interface in "
                                          "networkProfile.networkInterfaces."));
      return;
    }
    std::string region = GetString(ctx.doc, "location");
    for (const Json& ref : *nics) {
      if (!ref.is_object() || !ref.contains("id") || !ref["id"].is_string()) {
        ctx.problems.Add(
            Invalid("InvalidParameter", "Each network interface must be {\"id\": ...}."));
        continue;
      }
      const Doc* nic = ResolveIdText(ctx, ref["id"].get<std::string>(), kNicType,
                                     "networkProfile.networkInterfaces");
      if (!nic) continue;
      if (GetString(nic->body, "location") != region) {
        ctx.problems.Add(
            Invalid("NicInOtherRegion", "Network interface " + nic->id.ToString() +
                                            " is in region " + GetString(nic->body, "location") +
                                            "; the virtual machine is in " + region + "."));
      }
      if (Get(nic->body["properties"], "privateEndpoint")) {
        ctx.problems.Add(
            Invalid("CannotAttachNicOfPrivateEndpoint",
                    "Network interface " + nic->id.ToString() + " belongs to a private endpoint."));
      }
      const Doc* owner = OwningVm(ctx.txn, nic->key());
      if (owner && owner->key() != ctx.id.Key()) {
        ctx.problems.Add(Invalid("NicInUse", "Network Interface " + nic->id.ToString() +
                                                 " is used by existing resource " +
                                                 owner->id.ToString() + "."));
      }
    }
  }
};

}  // namespace

void AddInterfaceHandlers(std::vector<Registration>& out) {
  static const NetworkInterfaceHandler kNic;
  static const VirtualMachineHandler kVm;
  out.push_back({kNicType, &kNic});
  out.push_back({kVmType, &kVm});
}

}  // namespace vnet::control::handlers
