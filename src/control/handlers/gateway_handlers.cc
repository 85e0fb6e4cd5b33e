// Rules of the resources that connect a VNet outward (SEMANTICS.md sections 1.2, 2.5, 11.2):
// public IP addresses (allocated from a per-region pool inside Azure's published AzureCloud
// ranges), NAT gateways, virtual network gateways (in GatewaySubnet), local network gateways
// (on-premises prefixes), connections, and network watchers.
#include <algorithm>
#include <utility>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"
#include "control/handlers/handlers.h"
#include "control/handlers/network_prefixes.h"

namespace vnet::control::handlers {

namespace {

constexpr char kPipType[] = "Microsoft.Network/publicIPAddresses";
constexpr char kGatewayType[] = "Microsoft.Network/virtualNetworkGateways";
constexpr char kLocalGatewayType[] = "Microsoft.Network/localNetworkGateways";

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

// Public address pools, one /16 per region, each the first /16 of the largest IPv4 prefix of
// the region's AzureCloud.<region> service tag in ServiceTags_Public 2025-11-06 (change number
// 375), so that a public IP vnetd allocates lies where Azure's own would. Regions not listed
// take the fallback pool, also inside AzureCloud.
constexpr std::pair<std::string_view, std::string_view> kPublicPools[] = {
    {"australiaeast", "4.196.0.0/16"},   {"brazilsouth", "4.160.0.0/16"},
    {"canadacentral", "4.172.0.0/16"},   {"centralindia", "4.186.0.0/16"},
    {"centralus", "172.168.0.0/16"},     {"eastasia", "4.191.0.0/16"},
    {"eastus", "4.156.0.0/16"},          {"eastus2", "4.152.0.0/16"},
    {"japaneast", "4.214.0.0/16"},       {"koreacentral", "4.181.0.0/16"},
    {"northcentralus", "40.116.0.0/16"}, {"northeurope", "4.208.0.0/16"},
    {"southcentralus", "13.84.0.0/16"},  {"southeastasia", "4.145.0.0/16"},
    {"swedencentral", "4.165.0.0/16"},   {"uksouth", "4.158.0.0/16"},
    {"ukwest", "172.186.0.0/16"},        {"westcentralus", "52.161.0.0/16"},
    {"westeurope", "13.80.0.0/16"},      {"westus", "172.184.0.0/16"},
    {"westus2", "4.154.0.0/16"},         {"westus3", "172.180.0.0/16"},
};
constexpr std::string_view kFallbackPool = "20.33.0.0/16";

net::Cidr PublicPool(std::string_view region) {
  for (const auto& [r, pool] : kPublicPools) {
    if (EqualsIgnoreCase(r, region)) return net::Cidr::Parse(pool).value();
  }
  return net::Cidr::Parse(kFallbackPool).value();
}

// Documents of `type` that reference `key` (users of a public IP, a gateway...).
std::vector<const Doc*> UsersOf(const Txn& txn, const std::string& key) {
  std::vector<const Doc*> out;
  for (const Ref& ref : txn.Referrers(key)) {
    const Doc* d = txn.Find(ref.source_key);
    if (d && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  }
  return out;
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
      Invalid("InvalidRequestFormat", std::string(key) + " '" + v + "' is not valid."));
  return false;
}

class PublicIpAddressHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    if (!Get(doc, "sku")) doc["sku"] = Json{{"name", "Standard"}, {"tier", "Regional"}};
    if (!doc["sku"].is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "sku must be an object."));
      return;
    }
    CheckEnum(ctx, doc["sku"], "name", {"Basic", "Standard"}, "Standard");
    CheckEnum(ctx, doc["sku"], "tier", {"Regional", "Global"}, "Regional");
    CheckEnum(ctx, props, "publicIPAddressVersion", {"IPv4", "IPv6"}, "IPv4");
    bool standard = GetString(doc["sku"], "name") == "Standard";
    CheckEnum(ctx, props, "publicIPAllocationMethod", {"Static", "Dynamic"},
              standard ? "Static" : "Dynamic");
    if (standard && GetString(props, "publicIPAllocationMethod") == "Dynamic") {
      ctx.problems.Add(Invalid("StandardSkuPublicIPAddressesMustBeStatic",
                               "Standard sku publicIp " + ctx.id.ToString() +
                                   " must have AllocationMethod set to Static."));
    }
    if (!Get(props, "idleTimeoutInMinutes")) props["idleTimeoutInMinutes"] = 4;
    const Json& idle = props["idleTimeoutInMinutes"];
    if (!idle.is_number_integer() || idle.get<int64_t>() < 4 || idle.get<int64_t>() > 30) {
      ctx.problems.Add(
          Invalid("PublicIPIdleTimeoutIsOutOfRange", "idleTimeoutInMinutes must be from 4 to 30."));
    }
    if (Json* dns = props.contains("dnsSettings") && props["dnsSettings"].is_object()
                        ? &props["dnsSettings"]
                        : nullptr) {
      std::string label = GetString(*dns, "domainNameLabel");
      if (!label.empty())
        (*dns)["fqdn"] = label + "." + GetString(doc, "location") + ".cloudapp.azure.com";
    }
    props.erase("ipConfiguration");  // read-only: rendered from the NIC that uses the address
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
    if (GetString(props, "publicIPAddressVersion") == "IPv4") Allocate(ctx);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Doc* user : UsersOf(txn, doc.key())) {
      return Invalid("PublicIPAddressCannotBeDeleted",
                     "Public IP address " + doc.id.ToString() +
                         " can not be deleted since it is still allocated to resource " +
                         user->id.ToString() + ".");
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    for (const Ref& ref : view.Referrers(doc.key())) {
      const Doc* user = view.Find(ref.source_key);
      if (!user) continue;
      size_t pos = ref.path.find("/ipConfigurations/");
      std::string id = user->id.ToString();
      if (pos != std::string::npos) {
        Json::json_pointer element(ref.path.substr(0, ref.path.find("/properties", pos + 1)));
        if (user->body.contains(element)) {
          const Json& e = user->body.at(element);
          id = e.value("id", id + "/ipConfigurations/" + e.value("name", ""));
        }
      }
      out["properties"]["ipConfiguration"] = Json{{"id", id}};
    }
  }

 private:
  // Static addresses are kept for the resource's life; a new one is the first free address of
  // the region's pool (deterministic: the same requests give the same addresses).
  static void Allocate(PutContext& ctx) {
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    if (ctx.existing && Get(ctx.existing->body["properties"], "ipAddress") &&
        GetString(ctx.existing->body, "location") == region) {
      props["ipAddress"] = ctx.existing->body["properties"]["ipAddress"];
      return;
    }
    std::vector<net::IpAddress> used;
    for (const Doc* d : ctx.txn.OfType(kPipType)) {
      Result<net::IpAddress> a = net::IpAddress::Parse(GetString(PropsOf(d->body), "ipAddress"));
      if (a.ok()) used.push_back(*a);
    }
    std::sort(used.begin(), used.end());
    net::Cidr pool = PublicPool(region);
    for (uint64_t i = 4; i + 1 < pool.Size(); ++i) {
      net::IpAddress candidate = pool.address().Plus(i);
      if (!std::binary_search(used.begin(), used.end(), candidate)) {
        props["ipAddress"] = candidate.ToString();
        return;
      }
    }
    ctx.problems.Add(
        Invalid("PublicIPAddressPoolExhausted",
                "No public address is left in " + pool.ToString() + " for " + region + "."));
  }
};

class NatGatewayHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    if (!Get(ctx.doc, "sku")) ctx.doc["sku"] = Json{{"name", "Standard"}};
    if (!Get(props, "idleTimeoutInMinutes")) props["idleTimeoutInMinutes"] = 4;
    const Json& idle = props["idleTimeoutInMinutes"];
    if (!idle.is_number_integer() || idle.get<int64_t>() < 4 || idle.get<int64_t>() > 120) {
      ctx.problems.Add(Invalid("NatGatewayIdleTimeoutIsOutOfRange",
                               "idleTimeoutInMinutes must be from 4 to 120."));
    }
    const Json* pips = Get(props, "publicIpAddresses");
    for (const Json& p : pips && pips->is_array() ? *pips : Json::array()) {
      const Doc* pip = ResolveIdText(ctx, GetString(p, "id"), kPipType, "publicIpAddresses");
      if (pip && GetString(pip->body.value("sku", Json::object()), "name") != "Standard") {
        ctx.problems.Add(Invalid("NatGatewayCannotUseBasicSkuPublicIp",
                                 "NAT gateway " + ctx.id.ToString() +
                                     " can only use Standard SKU public IP addresses."));
      }
    }
    props.erase("subnets");  // read-only: rendered
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Ref& ref : txn.Referrers(doc.key())) {
      if (ref.path.find("/subnets/") == std::string::npos) continue;
      return Invalid("InUseNatGatewayCannotBeDeleted", "NAT gateway " + doc.id.ToString() +
                                                           " is in use by subnets and cannot be "
                                                           "deleted.");
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    Json subnets = Json::array();
    for (const Ref& ref : view.Referrers(doc.key())) {
      const Doc* vnet = view.Find(ref.source_key);
      size_t pos = ref.path.find("/subnets/");
      if (!vnet || pos == std::string::npos) continue;
      Json::json_pointer element(ref.path.substr(0, ref.path.find("/properties", pos + 1)));
      if (vnet->body.contains(element))
        subnets.push_back(Json{{"id", vnet->body.at(element).value("id", "")}});
    }
    if (!subnets.empty()) out["properties"]["subnets"] = subnets;
  }
};

class VirtualNetworkGatewayHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    CheckEnum(ctx, props, "gatewayType", {"Vpn", "ExpressRoute", "LocalGateway"}, "Vpn");
    CheckEnum(ctx, props, "vpnType", {"RouteBased", "PolicyBased"}, "RouteBased");
    if (!Get(props, "enableBgp")) props["enableBgp"] = false;
    const Json* configs = Get(props, "ipConfigurations");
    if (!configs || !configs->is_array() || configs->empty()) {
      ctx.problems.Add(Invalid("VirtualNetworkGatewayMustHaveIpConfiguration",
                               "Virtual network gateway " + ctx.id.ToString() +
                                   " must have at least one IP configuration."));
      return;
    }
    std::string region = GetString(ctx.doc, "location");
    for (Json& c : props["ipConfigurations"]) {
      Json& cp = c["properties"];
      const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                   "ipConfigurations.subnet");
      if (!vnet) continue;
      Result<arm::ResourceId> subnet = arm::ResourceId::Parse(GetString(cp["subnet"], "id"));
      if (!EqualsIgnoreCase(subnet->name(), "GatewaySubnet")) {
        ctx.problems.Add(Invalid("GatewaySubnetRequired",
                                 "Subnet " + subnet->ToString() +
                                     " cannot be used for a virtual network gateway: a gateway "
                                     "must be in the subnet named GatewaySubnet."));
        continue;
      }
      if (GetString(vnet->body, "location") != region) {
        ctx.problems.Add(Invalid("InvalidResourceReference",
                                 "Resource " + vnet->id.ToString() + " referenced by resource " +
                                     ctx.id.ToString() +
                                     " was not found. Please make sure that the referenced "
                                     "resource exists, and that both resources are in the same "
                                     "region."));
        continue;
      }
      ResolveRef(ctx, cp, "publicIPAddress", kPipType, "ipConfigurations.publicIPAddress");
      CheckOnePerType(ctx, *subnet);
      if (!Get(cp, "privateIPAllocationMethod")) cp["privateIPAllocationMethod"] = "Dynamic";
      if (GetBool(props, "enableBgp", false) || Get(props, "bgpSettings")) {
        SubnetView s = FindSubnet(ctx.txn, subnet->ToString());
        std::vector<net::Cidr> prefixes = SubnetPrefixes(*s.subnet);
        if (!prefixes.empty() && prefixes[0].is_v4()) {
          // Azure gives the gateway an address near the end of GatewaySubnet for BGP.
          if (!Get(props, "bgpSettings")) props["bgpSettings"] = Json{{"asn", 65515}};
          props["bgpSettings"]["bgpPeeringAddress"] =
              prefixes[0].last().Plus(~uint64_t{0}).ToString();  // last - 1
          if (!Get(props["bgpSettings"], "peerWeight")) props["bgpSettings"]["peerWeight"] = 0;
        }
      }
    }
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Doc* user : UsersOf(txn, doc.key())) {
      return Invalid("InUseVirtualNetworkGatewayCannotBeDeleted",
                     "Virtual network gateway " + doc.id.ToString() + " is in use by " +
                         user->id.ToString() + " and cannot be deleted.");
    }
    return {};
  }

 private:
  // One VPN and one ExpressRoute gateway per VNet.
  static void CheckOnePerType(PutContext& ctx, const arm::ResourceId& gateway_subnet) {
    std::string type = GetString(ctx.doc["properties"], "gatewayType");
    for (const Ref& ref : ctx.txn.Referrers(gateway_subnet.Key())) {
      const Doc* other = ctx.txn.Find(ref.source_key);
      if (!other || other->key() == ctx.id.Key() ||
          !EqualsIgnoreCase(other->type->name, kGatewayType))
        continue;
      if (GetString(PropsOf(other->body), "gatewayType") == type) {
        ctx.problems.Add(Invalid("VnetGatewayCountLimitReached",
                                 "Virtual network " + gateway_subnet.Parent().ToString() +
                                     " already has a " + type +
                                     " gateway: " + other->id.ToString() + "."));
      }
    }
  }
};

class LocalNetworkGatewayHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    const Json* space = Get(props, "localNetworkAddressSpace");
    for (const std::string& p :
         space ? GetStringList(*space, "addressPrefixes") : std::vector<std::string>{}) {
      Result<net::Cidr> c = ParsePrefix(p, ctx.id);
      if (!c.ok()) ctx.problems.Add(c.status());
    }
    std::string ip = GetString(props, "gatewayIpAddress");
    if (!ip.empty() && !net::IpAddress::Parse(ip).ok()) {
      ctx.problems.Add(Invalid("InvalidGatewayIpAddress",
                               "gatewayIpAddress '" + ip + "' is not an IP address."));
    }
    if (ip.empty() && GetString(props, "fqdn").empty()) {
      ctx.problems.Add(Invalid("LocalNetworkGatewayMustHaveIpAddressOrFqdn",
                               "A local network gateway needs gatewayIpAddress or fqdn."));
    }
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Doc* user : UsersOf(txn, doc.key())) {
      return Invalid("InUseLocalNetworkGatewayCannotBeDeleted",
                     "Local network gateway " + doc.id.ToString() + " is in use by " +
                         user->id.ToString() + " and cannot be deleted.");
    }
    return {};
  }
};

class ConnectionHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    CheckEnum(ctx, props, "connectionType", {"IPsec", "Vnet2Vnet", "ExpressRoute", "VPNClient"},
              nullptr);
    if (!Get(props, "connectionType")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "connectionType is required."));
    }
    if (!Get(props, "virtualNetworkGateway1")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "virtualNetworkGateway1 is required."));
      return;
    }
    ResolveRef(ctx, props, "virtualNetworkGateway1", kGatewayType, "virtualNetworkGateway1");
    std::string type = GetString(props, "connectionType");
    if (type == "IPsec") {
      if (!Get(props, "localNetworkGateway2")) {
        ctx.problems.Add(
            Invalid("InvalidRequestFormat", "An IPsec connection needs localNetworkGateway2."));
      }
      ResolveRef(ctx, props, "localNetworkGateway2", kLocalGatewayType, "localNetworkGateway2");
    } else if (type == "Vnet2Vnet") {
      ResolveRef(ctx, props, "virtualNetworkGateway2", kGatewayType, "virtualNetworkGateway2");
    }
    if (!Get(props, "enableBgp")) props["enableBgp"] = false;
    if (!Get(props, "routingWeight")) props["routingWeight"] = 0;
    props["connectionStatus"] = "Connected";  // vnetd models a working tunnel
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
  }
};

class NetworkWatcherHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    std::string region = GetString(ctx.doc, "location");
    for (const Doc* other : ctx.txn.OfType("Microsoft.Network/networkWatchers")) {
      if (other->key() == ctx.id.Key()) continue;
      if (EqualsIgnoreCase(other->id.subscription(), ctx.id.subscription()) &&
          GetString(other->body, "location") == region) {
        ctx.problems.Add(Invalid("NetworkWatcherCountLimitReached",
                                 "Cannot create more than 1 network watchers for this "
                                 "subscription in this region: " +
                                     other->id.ToString() + " exists."));
      }
    }
  }
};

}  // namespace

void AddGatewayHandlers(std::vector<Registration>& out) {
  static const PublicIpAddressHandler kPip;
  static const NatGatewayHandler kNat;
  static const VirtualNetworkGatewayHandler kGateway;
  static const LocalNetworkGatewayHandler kLocalGateway;
  static const ConnectionHandler kConnection;
  static const NetworkWatcherHandler kWatcher;
  out.push_back({kPipType, &kPip});
  out.push_back({"Microsoft.Network/natGateways", &kNat});
  out.push_back({kGatewayType, &kGateway});
  out.push_back({kLocalGatewayType, &kLocalGateway});
  out.push_back({"Microsoft.Network/connections", &kConnection});
  out.push_back({"Microsoft.Network/networkWatchers", &kWatcher});
}

}  // namespace vnet::control::handlers
