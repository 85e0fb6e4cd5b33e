// Rules of network interfaces and the virtual machines that hold them (SEMANTICS.md sections 1.2,
// 1.3, 3.5 and 8.2): IP configurations in existing subnets of one VNet in the NIC's region,
// Azure's address allocator (first free address after the reserved ones), static addresses
// checked against the subnet, NICs owned by private endpoints kept read-only, NICs in use by a VM.
#include <algorithm>
#include <functional>
#include <optional>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

namespace {

constexpr char kNicType[] = "Microsoft.Network/networkInterfaces";
constexpr char kVmType[] = "Microsoft.Compute/virtualMachines";
constexpr char kAsgType[] = "Microsoft.Network/applicationSecurityGroups";
constexpr size_t kMaxAsgsPerIpConfiguration = 20;  // SEMANTICS.md 1.4
constexpr size_t kMaxDnsServers = 20;              // SEMANTICS.md 1.4 (the VNet's limit)

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

// The VM that references `nic_key`, if any (from the NIC's referrers).
const Doc* OwningVm(const Txn& txn, const std::string& nic_key) {
  for (const Ref& ref : txn.Referrers(nic_key)) {
    const Doc* d = txn.Find(ref.source_key);
    if (d && EqualsIgnoreCase(d->type->name, kVmType)) return d;
  }
  return nullptr;
}

// The key of the VNet that holds the first IP configuration of a NIC document ("" if none).
std::string VnetKeyOfNic(const Json& nic) {
  const Json* configs = Get(PropsOf(nic), "ipConfigurations");
  for (const Json& c : configs && configs->is_array() ? *configs : Json::array()) {
    const Json* subnet = Get(PropsOf(c), "subnet");
    Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet ? GetString(*subnet, "id") : "");
    if (id.ok()) return id->Parent().Key();
  }
  return "";
}

Status NotFoundOrOtherRegion(const PutContext& ctx, const Doc& ref) {
  return Invalid("InvalidResourceReference",
                 "Resource " + ref.id.ToString() + " referenced by resource " + ctx.id.ToString() +
                     " was not found. Please make sure that the referenced resource exists, and "
                     "that both resources are in the same region.");
}

void CheckRegion(PutContext& ctx, const Doc& ref, const std::string& region) {
  std::string ref_region = LocationOf(ctx.txn, ref);
  if (!ref_region.empty() && !EqualsIgnoreCase(ref_region, region))
    ctx.problems.Add(NotFoundOrOtherRegion(ctx, ref));
}

// The address a stored IP configuration named `name` had in subnet `subnet_key`, if any.
std::optional<net::IpAddress> StoredAddress(const Doc* existing, const std::string& name,
                                            const std::string& subnet_key) {
  if (!existing) return std::nullopt;
  const Json* old = FindInline(existing->body, "ipConfigurations", name);
  if (!old) return std::nullopt;
  const Json* subnet = Get(PropsOf(*old), "subnet");
  if (!subnet || AsciiLower(GetString(*subnet, "id")) != subnet_key) return std::nullopt;
  Result<net::IpAddress> a = net::IpAddress::Parse(GetString(PropsOf(*old), "privateIPAddress"));
  if (!a.ok()) return std::nullopt;
  return *a;
}

class NetworkInterfaceHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    if (ctx.existing && Get(PropsOf(ctx.existing->body), "privateEndpoint")) {
      ctx.problems.Add(Invalid("CannotModifyNicAttachedToPrivateEndpoint",
                               "Network interface " + ctx.id.ToString() +
                                   " is managed by a private endpoint and cannot be modified."));
      return;
    }
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    // Read-only: the VM and the private endpoint are rendered or set by their owners.
    for (const char* ro : {"virtualMachine", "privateEndpoint", "macAddress", "primary"})
      props.erase(ro);
    if (!Get(props, "resourceGuid") || !props["resourceGuid"].is_string())
      props["resourceGuid"] = MakeGuid(ctx.id.Key());
    for (const char* flag : {"enableIPForwarding", "enableAcceleratedNetworking"}) {
      if (!Get(props, flag)) props[flag] = false;
      if (!props[flag].is_boolean()) {
        ctx.problems.Add(
            Invalid("InvalidRequestFormat", std::string(flag) + " must be a boolean."));
      }
    }
    props["vnetEncryptionSupported"] = false;
    CheckDnsSettings(ctx, props);
    if (const Doc* nsg =
            ResolveRef(ctx, props, "networkSecurityGroup",
                       "Microsoft.Network/networkSecurityGroups", "networkSecurityGroup")) {
      CheckRegion(ctx, *nsg, region);
    }
    CheckIpConfigurations(ctx, region);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    // The private endpoint handler erases its NIC itself; a user's delete finds the PE alive.
    const Json* pe = Get(PropsOf(doc.body), "privateEndpoint");
    std::string pe_id = pe ? GetString(*pe, "id") : "";
    if (!pe_id.empty() && txn.Find(AsciiLower(pe_id))) {
      return Invalid("CannotDeleteNicAttachedToPrivateEndpoint",
                     "Network interface " + doc.id.ToString() + " is managed by private endpoint " +
                         pe_id + "; delete the private endpoint instead.");
    }
    if (const Doc* vm = OwningVm(txn, doc.key())) {
      return Invalid("NicInUse", "Network Interface " + doc.id.ToString() +
                                     " is used by existing resource " + vm->id.ToString() +
                                     ". In order to delete the network interface, it must be "
                                     "dissociated from the resource. To learn more, see "
                                     "aka.ms/deletenic.");
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    for (const Ref& ref : view.Referrers(doc.key())) {
      const Doc* d = view.Find(ref.source_key);
      if (!d || !EqualsIgnoreCase(d->type->name, kVmType)) continue;
      out["properties"]["virtualMachine"] = Json{{"id", d->id.ToString()}};
      out["properties"]["primary"] = IsPrimaryNicOf(d->body, doc.id.ToString());
    }
  }

 private:
  // The VM's primary NIC: the one marked primary, or the only one.
  static bool IsPrimaryNicOf(const Json& vm, const std::string& nic_id) {
    const Json* profile = Get(PropsOf(vm), "networkProfile");
    const Json* nics = profile ? Get(*profile, "networkInterfaces") : nullptr;
    if (!nics || !nics->is_array()) return false;
    if (nics->size() == 1) return true;
    for (const Json& n : *nics) {
      if (n.is_object() && EqualsIgnoreCase(GetString(n, "id"), nic_id))
        return GetBool(PropsOf(n), "primary", false);
    }
    return false;
  }

  static void CheckDnsSettings(PutContext& ctx, Json& props) {
    if (!Get(props, "dnsSettings")) props["dnsSettings"] = Json::object();
    if (!props["dnsSettings"].is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "dnsSettings must be an object."));
      return;
    }
    Json& dns = props["dnsSettings"];
    if (!Get(dns, "dnsServers")) dns["dnsServers"] = Json::array();
    std::vector<std::string> servers = GetStringList(dns, "dnsServers");
    if (servers.size() > kMaxDnsServers) {
      ctx.problems.Add(Invalid("DnsServerCountLimitReached",
                               "A network interface cannot have more than 20 DNS servers."));
    }
    for (const std::string& server : servers) {
      if (!net::IpAddress::Parse(server).ok()) {
        ctx.problems.Add(Invalid("InvalidDnsServerIpAddress",
                                 "DNS server '" + server + "' is not a valid IP address."));
      }
    }
    dns["appliedDnsServers"] = dns["dnsServers"];
  }

  // Exactly one primary configuration: the first when none says so (SEMANTICS.md 1.3: IPv4).
  static void CheckPrimary(PutContext& ctx, Json& configs) {
    size_t primaries = 0;
    for (const Json& c : configs) primaries += GetBool(PropsOf(c), "primary", false) ? 1 : 0;
    for (size_t i = 0; i < configs.size(); ++i) {
      Json& cp = configs[i]["properties"];
      if (primaries == 0) cp["primary"] = i == 0;
      if (!Get(cp, "primary")) cp["primary"] = false;
    }
    if (primaries > 1) {
      ctx.problems.Add(Invalid("NetworkInterfaceMustHaveOneOneIPConfigAsPrimary",
                               "Network Interface " + ctx.id.name() +
                                   " specifies multiple IPConfigurations as Primary; exactly one "
                                   "must be."));
    }
  }

  static void CheckIpConfigurations(PutContext& ctx, const std::string& region) {
    Json& props = ctx.doc["properties"];
    if (!Get(props, "ipConfigurations") || !props["ipConfigurations"].is_array() ||
        props["ipConfigurations"].empty()) {
      ctx.problems.Add(Invalid(
          "NetworkInterfaceMustHaveAtLeastOneIpConfiguration",
          "Network interface " + ctx.id.ToString() + " must have at least one IP configuration."));
      return;
    }
    Json& configs = props["ipConfigurations"];
    for (Json& c : configs) {
      if (!c.contains("properties") || !c["properties"].is_object())
        c["properties"] = Json::object();
    }
    CheckPrimary(ctx, configs);
    std::string vnet_key;
    std::vector<net::IpAddress> taken_here;
    for (Json& config : configs) {
      const Doc* vnet = CheckConfiguration(ctx, config, region);
      if (!vnet) continue;
      if (vnet_key.empty()) vnet_key = vnet->key();
      if (vnet_key != vnet->key()) {
        ctx.problems.Add(Invalid("IpConfigurationsOfNicInDifferentVnets",
                                 "All IP configurations of network interface " + ctx.id.name() +
                                     " must be in one virtual network."));
        continue;
      }
      SubnetView subnet = FindSubnet(ctx.txn, GetString(config["properties"]["subnet"], "id"));
      if (subnet) AssignAddress(ctx, subnet, config, taken_here);
    }
    CheckAsgsShared(ctx, configs, vnet_key);
    CheckPublicIpsOnce(ctx, configs);
  }

  // One configuration's own fields and references; returns its VNet when the subnet resolves.
  static const Doc* CheckConfiguration(PutContext& ctx, Json& config, const std::string& region) {
    Json& cp = config["properties"];
    std::string config_id = config.value("id", "");
    std::string method = GetString(cp, "privateIPAllocationMethod", "Dynamic");
    if (!EqualsIgnoreCase(method, "Dynamic") && !EqualsIgnoreCase(method, "Static")) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "privateIPAllocationMethod must be Dynamic or Static."));
      return nullptr;
    }
    cp["privateIPAllocationMethod"] = EqualsIgnoreCase(method, "Static") ? "Static" : "Dynamic";
    // The version: as given, else the family of a given static address, else IPv4.
    Result<net::IpAddress> given = net::IpAddress::Parse(GetString(cp, "privateIPAddress"));
    std::string version =
        GetString(cp, "privateIPAddressVersion", given.ok() && !given->is_v4() ? "IPv6" : "IPv4");
    if (!EqualsIgnoreCase(version, "IPv4") && !EqualsIgnoreCase(version, "IPv6")) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "privateIPAddressVersion must be IPv4 or IPv6."));
      return nullptr;
    }
    cp["privateIPAddressVersion"] = EqualsIgnoreCase(version, "IPv6") ? "IPv6" : "IPv4";
    if (GetBool(cp, "primary", false) && cp["privateIPAddressVersion"] == "IPv6") {
      ctx.problems.Add(Invalid("PrimaryIpConfigurationMustBeIPv4",
                               "IP configuration " + config_id +
                                   " is IPv6 and cannot be primary: the primary IP configuration "
                                   "of a network interface must be IPv4."));
    }
    CheckAsgs(ctx, cp, region);
    CheckPublicIp(ctx, cp, region);
    if (!Get(cp, "subnet")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat",
                               "IP configuration " + config_id + " must reference a subnet."));
      return nullptr;
    }
    const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                 "ipConfigurations.subnet");
    if (vnet) CheckRegion(ctx, *vnet, region);
    return vnet;
  }

  static void CheckAsgs(PutContext& ctx, const Json& cp, const std::string& region) {
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
      std::string id = asg.is_object() ? GetString(asg, "id") : "";
      if (const Doc* d = ResolveIdText(ctx, id, kAsgType, "applicationSecurityGroups"))
        CheckRegion(ctx, *d, region);
    }
  }

  static std::vector<std::string> AsgKeys(const Json& cp) {
    std::vector<std::string> keys;
    const Json* asgs = Get(cp, "applicationSecurityGroups");
    for (const Json& a : asgs && asgs->is_array() ? *asgs : Json::array())
      keys.push_back(AsciiLower(a.is_object() ? GetString(a, "id") : ""));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }

  // Every IPv4 configuration of a NIC is in the same ASGs, and an ASG holds NICs of one VNet
  // (SEMANTICS.md 3.5).
  static void CheckAsgsShared(PutContext& ctx, const Json& configs, const std::string& vnet_key) {
    std::optional<std::vector<std::string>> first;
    for (const Json& c : configs) {
      if (GetString(PropsOf(c), "privateIPAddressVersion") != "IPv4") continue;
      std::vector<std::string> keys = AsgKeys(PropsOf(c));
      if (!first) first = keys;
      if (keys != *first) {
        ctx.problems.Add(
            Invalid("AllIpConfigurationsOnANicMustBelongToTheSameApplicationSecurity"
                    "Groups",
                    "All IPConfigurations on a Network Interface should reference "
                    "the same set of Application Security Groups."));
        return;
      }
    }
    if (!first || vnet_key.empty()) return;
    for (const std::string& asg : *first) {
      for (const Ref& ref : ctx.txn.Referrers(asg)) {
        const Doc* member = ctx.txn.Find(ref.source_key);
        if (!member || member->key() == ctx.id.Key() ||
            !EqualsIgnoreCase(member->type->name, kNicType))
          continue;
        std::string other = VnetKeyOfNic(member->body);
        if (other.empty() || other == vnet_key) continue;
        ctx.problems.Add(Invalid("ApplicationSecurityGroupMembersInDifferentVnets",
                                 "Application security group " + asg +
                                     " already holds network interface " + member->id.ToString() +
                                     " of another virtual network; all network interfaces of an "
                                     "application security group must be in one virtual "
                                     "network."));
        return;
      }
    }
  }

  static void CheckPublicIp(PutContext& ctx, const Json& cp, const std::string& region) {
    const Doc* pip = ResolveRef(ctx, cp, "publicIPAddress", "Microsoft.Network/publicIPAddresses",
                                "publicIPAddress");
    if (!pip) return;
    CheckRegion(ctx, *pip, region);
    for (const Ref& ref : ctx.txn.Referrers(pip->key())) {
      const Doc* user = ctx.txn.Find(ref.source_key);
      if (user && user->key() != ctx.id.Key()) {
        ctx.problems.Add(Invalid("PublicIPAddressInUse", "Public IP address " + pip->id.ToString() +
                                                             " is already used by " +
                                                             user->id.ToString() + "."));
        return;
      }
    }
  }

  // One public IP address serves one IP configuration.
  static void CheckPublicIpsOnce(PutContext& ctx, const Json& configs) {
    std::vector<std::string> seen;
    for (const Json& c : configs) {
      const Json* pip = Get(PropsOf(c), "publicIPAddress");
      std::string key = pip && pip->is_object() ? AsciiLower(GetString(*pip, "id")) : "";
      if (key.empty()) continue;
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        ctx.problems.Add(
            Invalid("PublicIPAddressInUse", "Public IP address " + GetString(*pip, "id") +
                                                " is used by two IP configurations of " +
                                                ctx.id.name() + "."));
      }
      seen.push_back(key);
    }
  }

  static void CheckStatic(PutContext& ctx, const SubnetView& subnet, const Json& config,
                          const std::function<bool(const net::IpAddress&)>& taken,
                          std::vector<net::IpAddress>& taken_here) {
    const Json& cp = config["properties"];
    std::string config_id = config.value("id", "");
    Result<net::IpAddress> ip = net::IpAddress::Parse(GetString(cp, "privateIPAddress"));
    if (!ip.ok()) {
      ctx.problems.Add(Invalid("PrivateIPAddressRequired",
                               "IP configuration " + config_id +
                                   " has allocation method Static but no valid privateIPAddress."));
      return;
    }
    std::string prefix = "IP configuration " + config_id + " is using the private IP address " +
                         ip->ToString() + " which ";
    std::vector<net::Cidr> prefixes = SubnetPrefixes(*subnet.subnet);
    bool in_subnet = std::any_of(prefixes.begin(), prefixes.end(),
                                 [&](const net::Cidr& c) { return c.Contains(*ip); });
    bool v4 = GetString(cp, "privateIPAddressVersion") == "IPv4";
    if (!in_subnet || ip->is_v4() != v4) {
      ctx.problems.Add(
          Invalid("PrivateIPAddressNotInSubnet", prefix + "is not in the address range of subnet " +
                                                     subnet.subnet->value("id", "") + "."));
    } else if (!IsAssignableInSubnet(*subnet.subnet, *ip)) {
      ctx.problems.Add(Invalid("PrivateIPAddressInReservedRange", prefix + "is reserved."));
    } else if (taken(*ip)) {
      ctx.problems.Add(Invalid("PrivateIPAddressIsAllocated",
                               prefix + "is already allocated to another resource."));
    } else {
      taken_here.push_back(*ip);
    }
  }

  // The configuration's address: Static is checked; Dynamic keeps its stored address while the
  // subnet is the same, else takes the first free one of its family (Azure's allocator).
  static void AssignAddress(PutContext& ctx, const SubnetView& subnet, Json& config,
                            std::vector<net::IpAddress>& taken_here) {
    Json& cp = config["properties"];
    std::string subnet_key = AsciiLower(subnet.subnet->value("id", ""));
    std::vector<net::IpAddress> used = UsedAddressesInSubnet(ctx.txn, subnet_key);
    // Addresses of this NIC's stored version do not count as taken by others.
    std::vector<net::IpAddress> own;
    const Json* old = ctx.existing ? Get(PropsOf(ctx.existing->body), "ipConfigurations") : nullptr;
    for (const Json& c : old && old->is_array() ? *old : Json::array()) {
      Result<net::IpAddress> a = net::IpAddress::Parse(GetString(PropsOf(c), "privateIPAddress"));
      if (a.ok()) own.push_back(*a);
    }
    std::function<bool(const net::IpAddress&)> taken = [&](const net::IpAddress& a) {
      bool by_other =
          std::count(used.begin(), used.end(), a) > std::count(own.begin(), own.end(), a);
      return by_other || std::find(taken_here.begin(), taken_here.end(), a) != taken_here.end();
    };
    if (GetString(cp, "privateIPAllocationMethod") == "Static") {
      CheckStatic(ctx, subnet, config, taken, taken_here);
      return;
    }
    bool v4 = GetString(cp, "privateIPAddressVersion") == "IPv4";
    std::optional<net::IpAddress> kept =
        StoredAddress(ctx.existing, config.value("name", ""), subnet_key);
    if (kept && kept->is_v4() == v4 && !taken(*kept)) {
      cp["privateIPAddress"] = kept->ToString();
      taken_here.push_back(*kept);
      return;
    }
    bool family_present = false;
    for (const net::Cidr& prefix : SubnetPrefixes(*subnet.subnet)) {
      if (prefix.is_v4() != v4) continue;
      family_present = true;
      for (uint64_t i = 4; i + 1 < prefix.Size(); ++i) {
        net::IpAddress candidate = prefix.address().Plus(i);
        if (taken(candidate)) continue;
        cp["privateIPAddress"] = candidate.ToString();
        taken_here.push_back(candidate);
        return;
      }
    }
    std::string name = subnet.subnet->value("name", "");
    ctx.problems.Add(
        family_present
            ? Invalid("SubnetIsFull", "Subnet " + name +
                                          " does not have enough capacity for 1 IP "
                                          "address.")
            : Invalid("PrivateIPAddressNotInSubnet",
                      "Subnet " + name + " has no " + GetString(cp, "privateIPAddressVersion") +
                          " address prefix for IP configuration " + config.value("id", "") + "."));
  }
};

// Virtual machines: only the network profile matters to vnetd; the rest is stored as given.
class VirtualMachineHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    if (!Get(props, "vmId") || !props["vmId"].is_string()) props["vmId"] = MakeGuid(ctx.id.Key());
    const Json* profile = Get(props, "networkProfile");
    const Json* nics = profile ? Get(*profile, "networkInterfaces") : nullptr;
    if (!nics || !nics->is_array() || nics->empty()) {
      ctx.problems.Add(
          Invalid("InvalidParameter", "Virtual machine " + ctx.id.name() +
                                          " must have at least one network interface in "
                                          "networkProfile.networkInterfaces."));
      return;
    }
    size_t primaries = 0;
    std::vector<std::string> seen;
    for (const Json& ref : *nics) {
      if (!ref.is_object() || !Get(ref, "id") || !ref["id"].is_string()) {
        ctx.problems.Add(
            Invalid("InvalidParameter", "Each network interface must be {\"id\": ...}."));
        continue;
      }
      primaries += GetBool(PropsOf(ref), "primary", false) ? 1 : 0;
      std::string key = AsciiLower(ref["id"].get<std::string>());
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        ctx.problems.Add(Invalid("InvalidParameter",
                                 "Network interface " + ref["id"].dump() + " is listed twice."));
      }
      seen.push_back(key);
      CheckNic(ctx, ref["id"].get<std::string>());
    }
    if (nics->size() > 1 && primaries != 1) {
      ctx.problems.Add(Invalid("InvalidParameter",
                               "Virtual machine " + ctx.id.name() +
                                   " has several network interfaces; exactly one must be set "
                                   "as primary."));
    }
  }

 private:
  static void CheckNic(PutContext& ctx, const std::string& id) {
    const Doc* nic = ResolveIdText(ctx, id, kNicType, "networkProfile.networkInterfaces");
    if (!nic) return;
    std::string region = GetString(ctx.doc, "location");
    if (!EqualsIgnoreCase(GetString(nic->body, "location"), region)) {
      ctx.problems.Add(
          Invalid("NicInOtherRegion", "Network interface " + nic->id.ToString() + " is in region " +
                                          GetString(nic->body, "location") +
                                          "; the virtual machine is in " + region + "."));
    }
    if (Get(PropsOf(nic->body), "privateEndpoint")) {
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
};

}  // namespace

void AddInterfaceHandlers(std::vector<Registration>& out) {
  static const NetworkInterfaceHandler kNic;
  static const VirtualMachineHandler kVm;
  out.push_back({kNicType, &kNic});
  out.push_back({kVmType, &kVm});
}

}  // namespace vnet::control::handlers
