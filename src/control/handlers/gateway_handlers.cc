// Rules of the resources that connect a VNet outward (SEMANTICS.md sections 1.2, 1.4, 2.5, 11.2):
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
constexpr char kNatType[] = "Microsoft.Network/natGateways";
constexpr char kGatewayType[] = "Microsoft.Network/virtualNetworkGateways";
constexpr char kLocalGatewayType[] = "Microsoft.Network/localNetworkGateways";
constexpr int64_t kAzureGatewayAsn = 65515;

const Json& PropsOf(const Json& element) {
  static const Json kEmpty = Json::object();
  auto it = element.find("properties");
  return it != element.end() && it->is_object() ? *it : kEmpty;
}

// Public address pools, one /16 per region: the first /16 of the largest IPv4 prefix (the
// lowest such prefix when several tie) of the region's AzureCloud.<region> service tag in
// /work/shared/external/service-tags/ServiceTags_Public.changeNumber375.2025-11-06.json, so that
// a public IP vnetd allocates lies where Azure's own would. Regions not listed take the fallback
// pool 20.33.0.0/16, which AzureCloud (the global tag) covers with /24s. Addresses are handed
// out from offset 4 (x.x.0.4) upward, the first free one, so the same requests give the same
// addresses.
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

// Documents that reference `key` (users of a public IP, a gateway...), each once.
std::vector<const Doc*> UsersOf(const Txn& txn, const std::string& key) {
  std::vector<const Doc*> out;
  for (const Ref& ref : txn.Referrers(key)) {
    const Doc* d = txn.Find(ref.source_key);
    if (d && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  }
  return out;
}

// Sets obj[key] to the canonical spelling of an allowed value, or to `fallback` when absent.
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
  ctx.problems.Add(Invalid(
      "InvalidRequestFormat",
      std::string(key) + " '" + (obj[key].is_string() ? v : obj[key].dump()) + "' is not valid."));
  return false;
}

// obj[key] as an integer in [lo, hi], `fallback` when absent; `code` otherwise.
void CheckRange(PutContext& ctx, Json& obj, const char* key, int64_t lo, int64_t hi,
                int64_t fallback, const char* code) {
  if (!Get(obj, key)) obj[key] = fallback;
  const Json& v = obj[key];
  if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
    ctx.problems.Add(Invalid(code, std::string(key) + " must be an integer from " +
                                       std::to_string(lo) + " to " + std::to_string(hi) + "."));
  }
}

Status OtherRegion(const PutContext& ctx, const Doc& ref) {
  return Invalid("InvalidResourceReference",
                 "Resource " + ref.id.ToString() + " referenced by resource " + ctx.id.ToString() +
                     " was not found. Please make sure that the referenced resource exists, and "
                     "that both resources are in the same region.");
}

void CheckRegion(PutContext& ctx, const Doc& ref) {
  std::string region = LocationOf(ctx.txn, ref);
  if (!region.empty() && !EqualsIgnoreCase(region, GetString(ctx.doc, "location")))
    ctx.problems.Add(OtherRegion(ctx, ref));
}

// A public IP used by ctx's resource: same region, and used by nothing else.
void CheckPublicIpFree(PutContext& ctx, const Doc& pip) {
  CheckRegion(ctx, pip);
  for (const Doc* user : UsersOf(ctx.txn, pip.key())) {
    if (user->key() == ctx.id.Key()) continue;
    ctx.problems.Add(Invalid("PublicIPAddressInUse", "Public IP address " + pip.id.ToString() +
                                                         " is already used by " +
                                                         user->id.ToString() + "."));
    return;
  }
}

// The id of the element of `user` that holds the reference at `path` (an ipConfigurations
// element), or the user's own id.
std::string HolderId(const Doc& user, const std::string& path) {
  size_t pos = path.find("/ipConfigurations/");
  if (pos == std::string::npos) return user.id.ToString();
  Json::json_pointer element(path.substr(0, path.find("/properties", pos + 1)));
  if (!user.body.contains(element)) return user.id.ToString();
  const Json& e = user.body.at(element);
  return e.value("id", user.id.ToString() + "/ipConfigurations/" + e.value("name", ""));
}

// Azure's domain name label rule (InvalidDomainNameLabel): ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.
bool IsValidDomainNameLabel(const std::string& label) {
  if (label.size() < 3 || label.size() > 63) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (label.front() < 'a' || label.front() > 'z' || !lower_or_digit(label.back())) return false;
  return std::all_of(label.begin(), label.end(),
                     [&](char c) { return lower_or_digit(c) || c == '-'; });
}

class PublicIpAddressHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& doc = ctx.doc;
    Json& props = doc["properties"];
    // No sku: Standard (Azure today), except that a request for a Dynamic address gets Basic,
    // as the recording test_network_vnet_peering (api 2022-11-01) shows.
    if (!Get(doc, "sku")) {
      bool dynamic = EqualsIgnoreCase(GetString(props, "publicIPAllocationMethod"), "Dynamic");
      doc["sku"] = Json{{"name", dynamic ? "Basic" : "Standard"}, {"tier", "Regional"}};
    }
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
    CheckRange(ctx, props, "idleTimeoutInMinutes", 4, 30, 4, "PublicIPIdleTimeoutIsOutOfRange");
    if (!Get(props, "ipTags")) props["ipTags"] = Json::array();
    CheckDns(ctx, props);
    // Read-only: rendered from the resource that uses the address.
    for (const char* ro : {"ipConfiguration", "natGateway", "ipAddress"}) props.erase(ro);
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
    // A Dynamic (Basic) address exists only while a running VM holds it, as the recordings
    // show it absent; vnetd models no running VMs. Static IPv4 addresses come from the pool.
    if (GetString(props, "publicIPAllocationMethod") == "Static" &&
        GetString(props, "publicIPAddressVersion") == "IPv4")
      Allocate(ctx);
  }

  Status BeforeDelete(Txn& txn, const Doc& doc) const override {
    for (const Doc* user : UsersOf(txn, doc.key())) {
      return Invalid("PublicIPAddressCannotBeDeleted",
                     "Public IP address " + doc.id.ToString() +
                         " can not be deleted since it is still allocated to resource " +
                         user->id.ToString() +
                         ". In order to delete the public IP, disassociate/detach the Public IP "
                         "address from the resource.");
    }
    return {};
  }

  void Render(const ReadView& view, const Doc& doc, Json& out) const override {
    for (const Ref& ref : view.Referrers(doc.key())) {
      const Doc* user = view.Find(ref.source_key);
      if (!user) continue;
      if (EqualsIgnoreCase(user->type->name, kNatType)) {
        out["properties"]["natGateway"] = Json{{"id", user->id.ToString()}};
      } else {
        out["properties"]["ipConfiguration"] = Json{{"id", HolderId(*user, ref.path)}};
      }
    }
  }

 private:
  // dnsSettings.domainNameLabel: valid, unique per region; fqdn "<label>.<region>.cloudapp...".
  static void CheckDns(PutContext& ctx, Json& props) {
    if (!Get(props, "dnsSettings")) return;
    if (!props["dnsSettings"].is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "dnsSettings must be an object."));
      return;
    }
    Json& dns = props["dnsSettings"];
    dns.erase("fqdn");
    std::string label = GetString(dns, "domainNameLabel");
    if (label.empty()) return;
    if (!IsValidDomainNameLabel(label)) {
      ctx.problems.Add(Invalid("InvalidDomainNameLabel",
                               "The domain name label " + label +
                                   " is invalid. It must conform to the following regular "
                                   "expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$."));
      return;
    }
    std::string fqdn = label + "." + GetString(ctx.doc, "location") + ".cloudapp.azure.com";
    for (const Doc* other : ctx.txn.OfType(kPipType)) {
      if (other->key() == ctx.id.Key()) continue;
      const Json* odns = Get(PropsOf(other->body), "dnsSettings");
      if (odns && EqualsIgnoreCase(GetString(*odns, "fqdn"), fqdn)) {
        ctx.problems.Add(Invalid("DnsRecordInUse",
                                 "DNS record " + fqdn + " is already used by another public IP."));
        return;
      }
    }
    dns["fqdn"] = fqdn;
  }

  // A static address is kept for the resource's life; a new one is the first free address of
  // the region's pool (deterministic: the same requests give the same addresses).
  static void Allocate(PutContext& ctx) {
    Json& props = ctx.doc["properties"];
    std::string region = GetString(ctx.doc, "location");
    const Json* old = ctx.existing ? Get(PropsOf(ctx.existing->body), "ipAddress") : nullptr;
    if (old && old->is_string()) {
      props["ipAddress"] = *old;
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
    if (!ctx.doc["sku"].is_object()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "sku must be an object."));
    } else {
      CheckEnum(ctx, ctx.doc["sku"], "name", {"Standard"}, "Standard");
    }
    CheckRange(ctx, props, "idleTimeoutInMinutes", 4, 120, 4, "NatGatewayIdleTimeoutIsOutOfRange");
    const Json* pips = Get(props, "publicIpAddresses");
    if (pips && !pips->is_array()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "publicIpAddresses must be an array."));
      pips = nullptr;
    }
    for (const Json& p : pips ? *pips : Json::array()) {
      std::string id = p.is_object() ? GetString(p, "id") : "";
      const Doc* pip = ResolveIdText(ctx, id, kPipType, "publicIpAddresses");
      if (!pip) continue;
      if (GetString(pip->body.value("sku", Json::object()), "name") != "Standard") {
        ctx.problems.Add(Invalid("NatGatewayCannotUseBasicSkuPublicIp",
                                 "NAT gateway " + ctx.id.ToString() +
                                     " can only use Standard SKU public IP addresses."));
      }
      CheckPublicIpFree(ctx, *pip);
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

// Gateway SKUs by gateway type (az network vnet-gateway create --sku).
bool SkuFitsGatewayType(const std::string& sku, const std::string& type) {
  static const char* const kVpn[] = {"Basic",    "VpnGw1",   "VpnGw2",   "VpnGw3",
                                     "VpnGw4",   "VpnGw5",   "VpnGw1AZ", "VpnGw2AZ",
                                     "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"};
  static const char* const kEr[] = {"Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ",
                                    "ErGw2AZ",  "ErGw3AZ",         "ErGwScale"};
  auto in = [&](const auto& list) {
    return std::any_of(std::begin(list), std::end(list),
                       [&](const char* s) { return EqualsIgnoreCase(s, sku); });
  };
  if (type == "Vpn") return in(kVpn);
  if (type == "ExpressRoute") return in(kEr);
  return in(kVpn) || in(kEr);
}

class VirtualNetworkGatewayHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    Json& props = ctx.doc["properties"];
    CheckEnum(ctx, props, "gatewayType", {"Vpn", "ExpressRoute", "LocalGateway"}, "Vpn");
    CheckEnum(ctx, props, "vpnType", {"RouteBased", "PolicyBased"}, "RouteBased");
    for (const char* flag : {"enableBgp", "activeActive"}) {
      if (!Get(props, flag)) props[flag] = false;
    }
    CheckSku(ctx, props);
    const Json* configs = Get(props, "ipConfigurations");
    if (!configs || !configs->is_array() || configs->empty()) {
      ctx.problems.Add(Invalid("VirtualNetworkGatewayMustHaveIpConfiguration",
                               "Virtual network gateway " + ctx.id.ToString() +
                                   " must have at least one IP configuration."));
      return;
    }
    std::optional<arm::ResourceId> gateway_subnet;
    for (Json& c : props["ipConfigurations"]) {
      std::optional<arm::ResourceId> s = CheckIpConfiguration(ctx, c);
      if (!s) continue;
      if (gateway_subnet && gateway_subnet->Key() != s->Key()) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "All IP configurations of a virtual network gateway must be in "
                                 "one GatewaySubnet."));
      }
      if (!gateway_subnet) gateway_subnet = s;
    }
    if (!gateway_subnet) return;
    CheckOnePerType(ctx, *gateway_subnet);
    FillBgpSettings(ctx, *gateway_subnet);
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
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
  static void CheckSku(PutContext& ctx, Json& props) {
    std::string type = GetString(props, "gatewayType");
    if (!Get(props, "sku")) {
      const char* fallback = type == "ExpressRoute" ? "Standard" : "VpnGw1";
      props["sku"] = Json{{"name", fallback}, {"tier", fallback}};
    }
    std::string name = props["sku"].is_object() ? GetString(props["sku"], "name") : "";
    if (!SkuFitsGatewayType(name, type)) {
      ctx.problems.Add(
          Invalid("InvalidGatewaySku",
                  "The SKU '" + name + "' is not valid for a gateway of type " + type + "."));
      return;
    }
    if (!Get(props["sku"], "tier")) props["sku"]["tier"] = name;
  }

  // One IP configuration: named, in a subnet called GatewaySubnet of a VNet in the gateway's
  // region, with an unused public IP. Returns the subnet's id when it is usable.
  static std::optional<arm::ResourceId> CheckIpConfiguration(PutContext& ctx, Json& c) {
    if (!c.is_object() || !Get(c, "name") || !c["name"].is_string()) {
      ctx.problems.Add(Invalid("InvalidRequestFormat",
                               "Each IP configuration of a virtual network gateway needs a name."));
      return std::nullopt;
    }
    c["id"] = ctx.id.ToString() + "/ipConfigurations/" + c["name"].get<std::string>();
    c["type"] = std::string(kGatewayType) + "/ipConfigurations";
    if (!c.contains("properties") || !c["properties"].is_object()) c["properties"] = Json::object();
    Json& cp = c["properties"];
    cp["provisioningState"] = "Succeeded";
    if (!Get(cp, "privateIPAllocationMethod")) cp["privateIPAllocationMethod"] = "Dynamic";
    if (const Doc* pip =
            ResolveRef(ctx, cp, "publicIPAddress", kPipType, "ipConfigurations.publicIPAddress")) {
      CheckPublicIpFree(ctx, *pip);
    }
    if (!Get(cp, "subnet")) {
      ctx.problems.Add(Invalid(
          "InvalidRequestFormat",
          "Subnet reference is required for ipconfiguration " + c["id"].get<std::string>() + "."));
      return std::nullopt;
    }
    const Doc* vnet = ResolveRef(ctx, cp, "subnet", "Microsoft.Network/virtualNetworks/subnets",
                                 "ipConfigurations.subnet");
    if (!vnet) return std::nullopt;
    Result<arm::ResourceId> subnet = arm::ResourceId::Parse(GetString(cp["subnet"], "id"));
    if (!EqualsIgnoreCase(subnet->name(), "GatewaySubnet")) {
      ctx.problems.Add(Invalid("GatewaySubnetRequired",
                               "Subnet " + subnet->ToString() +
                                   " cannot be used for a virtual network gateway: a gateway "
                                   "must be in the subnet named GatewaySubnet."));
      return std::nullopt;
    }
    if (!EqualsIgnoreCase(GetString(vnet->body, "location"), GetString(ctx.doc, "location"))) {
      ctx.problems.Add(OtherRegion(ctx, *vnet));
      return std::nullopt;
    }
    return *subnet;
  }

  // One VPN and one ExpressRoute gateway per VNet (SEMANTICS.md 1.4, 11.2).
  static void CheckOnePerType(PutContext& ctx, const arm::ResourceId& gateway_subnet) {
    std::string type = GetString(ctx.doc["properties"], "gatewayType");
    for (const Doc* other : UsersOf(ctx.txn, gateway_subnet.Key())) {
      if (other->key() == ctx.id.Key() || !EqualsIgnoreCase(other->type->name, kGatewayType))
        continue;
      if (GetString(PropsOf(other->body), "gatewayType") == type) {
        ctx.problems.Add(Invalid("VnetGatewayCountLimitReached",
                                 "Virtual network " + gateway_subnet.Parent().ToString() +
                                     " already has a " + type +
                                     " gateway: " + other->id.ToString() + "."));
        return;
      }
    }
  }

  // bgpSettings as the recordings show them, whether or not BGP is enabled: asn (65515 unless
  // given), and per IP configuration a BGP address from the end of GatewaySubnet (the first
  // configuration last-1, as 11.0.0.254 in 11.0.0.0/24; the next last-2...).
  static void FillBgpSettings(PutContext& ctx, const arm::ResourceId& gateway_subnet) {
    Json& props = ctx.doc["properties"];
    if (!Get(props, "bgpSettings") || !props["bgpSettings"].is_object())
      props["bgpSettings"] = Json::object();
    Json& bgp = props["bgpSettings"];
    CheckRange(ctx, bgp, "asn", 1, 4294967295LL, kAzureGatewayAsn, "InvalidRequestFormat");
    if (!Get(bgp, "peerWeight")) bgp["peerWeight"] = 0;
    SubnetView s = FindSubnet(ctx.txn, gateway_subnet.ToString());
    std::vector<net::Cidr> prefixes = s ? SubnetPrefixes(*s.subnet) : std::vector<net::Cidr>{};
    auto v4 = std::find_if(prefixes.begin(), prefixes.end(),
                           [](const net::Cidr& c) { return c.is_v4(); });
    if (v4 == prefixes.end()) return;
    Json addresses = Json::array();
    std::string joined;
    uint32_t offset = 1;
    for (const Json& c : props["ipConfigurations"]) {
      std::string address = net::IpAddress::V4(v4->last().v4() - offset++).ToString();
      joined += (joined.empty() ? "" : ",") + address;
      Json tunnel = Json::array();
      const Json* pip_ref = Get(PropsOf(c), "publicIPAddress");
      const Doc* pip = pip_ref ? ctx.txn.Find(AsciiLower(GetString(*pip_ref, "id"))) : nullptr;
      std::string pip_address = pip ? GetString(PropsOf(pip->body), "ipAddress") : "";
      if (!pip_address.empty()) tunnel.push_back(pip_address);
      addresses.push_back(Json{{"ipconfigurationId", c.value("id", "")},
                               {"defaultBgpIpAddresses", Json::array({address})},
                               {"customBgpIpAddresses", Json::array()},
                               {"tunnelIpAddresses", tunnel}});
    }
    bgp["bgpPeeringAddress"] = joined;
    bgp["bgpPeeringAddresses"] = addresses;
  }
};

// BGP settings of an on-premises device: an ASN Azure does not keep for itself, and an address.
void CheckLocalBgpSettings(PutContext& ctx, Json& props) {
  if (!Get(props, "bgpSettings")) return;
  if (!props["bgpSettings"].is_object()) {
    ctx.problems.Add(Invalid("InvalidRequestFormat", "bgpSettings must be an object."));
    return;
  }
  Json& bgp = props["bgpSettings"];
  CheckRange(ctx, bgp, "asn", 1, 4294967295LL, 0, "InvalidRequestFormat");
  static const int64_t kReserved[] = {8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520};
  if (bgp["asn"].is_number_integer() &&
      std::count(std::begin(kReserved), std::end(kReserved), bgp["asn"].get<int64_t>()) > 0) {
    ctx.problems.Add(Invalid("BgpAsnReserved", "ASN " + bgp["asn"].dump() +
                                                   " is reserved by Azure and cannot be used "
                                                   "for an on-premises device."));
  }
  if (!net::IpAddress::Parse(GetString(bgp, "bgpPeeringAddress")).ok()) {
    ctx.problems.Add(Invalid("InvalidBgpPeeringAddress", "bgpSettings.bgpPeeringAddress '" +
                                                             GetString(bgp, "bgpPeeringAddress") +
                                                             "' is not an IP address."));
  }
  if (!Get(bgp, "peerWeight")) bgp["peerWeight"] = 0;
}

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
    CheckLocalBgpSettings(ctx, props);
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
    if (!Get(props, "connectionType")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "connectionType is required."));
    } else {
      CheckEnum(ctx, props, "connectionType", {"IPsec", "Vnet2Vnet", "ExpressRoute", "VPNClient"},
                nullptr);
    }
    std::string type = GetString(props, "connectionType");
    if (!Get(props, "virtualNetworkGateway1")) {
      ctx.problems.Add(Invalid("InvalidRequestFormat", "virtualNetworkGateway1 is required."));
    } else if (const Doc* g1 = ResolveRef(ctx, props, "virtualNetworkGateway1", kGatewayType,
                                          "virtualNetworkGateway1")) {
      CheckRegion(ctx, *g1);
      CheckGatewayType(ctx, *g1, type == "ExpressRoute" ? "ExpressRoute" : "Vpn");
    }
    CheckPeer(ctx, props, type);
    if (!Get(props, "enableBgp")) props["enableBgp"] = false;
    CheckRange(ctx, props, "routingWeight", 0, 32000, 0, "InvalidRequestFormat");
    if (type == "IPsec" || type == "Vnet2Vnet") {
      if (!Get(props, "connectionProtocol")) props["connectionProtocol"] = "IKEv2";
      if (!Get(props, "usePolicyBasedTrafficSelectors"))
        props["usePolicyBasedTrafficSelectors"] = false;
    }
    props["connectionStatus"] = "Connected";  // vnetd models a working tunnel
    props["ingressBytesTransferred"] = 0;
    props["egressBytesTransferred"] = 0;
    if (!Get(props, "resourceGuid")) props["resourceGuid"] = MakeGuid(ctx.id.Key());
  }

 private:
  static void CheckGatewayType(PutContext& ctx, const Doc& gateway, const std::string& wanted) {
    std::string actual = GetString(PropsOf(gateway.body), "gatewayType");
    if (actual == wanted) return;
    ctx.problems.Add(Invalid("ConnectionTypeNotSupportedByGateway",
                             "Connection " + ctx.id.ToString() + " of type " +
                                 GetString(ctx.doc["properties"], "connectionType") + " needs a " +
                                 wanted + " gateway; " + gateway.id.ToString() + " is " + actual +
                                 "."));
  }

  // The other end: a local gateway for IPsec, a second VNet gateway for Vnet2Vnet, a circuit
  // (not modelled: only its id is required) for ExpressRoute.
  static void CheckPeer(PutContext& ctx, Json& props, const std::string& type) {
    const char* key = type == "IPsec"          ? "localNetworkGateway2"
                      : type == "Vnet2Vnet"    ? "virtualNetworkGateway2"
                      : type == "ExpressRoute" ? "peer"
                                               : nullptr;
    if (!key) return;
    if (!Get(props, key)) {
      ctx.problems.Add(
          Invalid("InvalidRequestFormat", "A connection of type " + type + " needs " + key + "."));
      return;
    }
    if (type == "IPsec") {
      if (const Doc* local = ResolveRef(ctx, props, key, kLocalGatewayType, key))
        CheckRegion(ctx, *local);
    } else if (type == "Vnet2Vnet") {
      const Doc* g2 = ResolveRef(ctx, props, key, kGatewayType, key);
      if (g2) CheckGatewayType(ctx, *g2, "Vpn");
      const Json* g1 = Get(props, "virtualNetworkGateway1");
      if (g2 && g1 && EqualsIgnoreCase(GetString(*g1, "id"), g2->id.ToString())) {
        ctx.problems.Add(Invalid("InvalidRequestFormat",
                                 "A Vnet2Vnet connection cannot connect a gateway to itself."));
      }
    }
  }
};

class NetworkWatcherHandler : public Handler {
 public:
  void Prepare(PutContext& ctx) const override {
    std::string region = GetString(ctx.doc, "location");
    for (const Doc* other : ctx.txn.OfType("Microsoft.Network/networkWatchers")) {
      if (other->key() == ctx.id.Key()) continue;
      if (EqualsIgnoreCase(other->id.subscription(), ctx.id.subscription()) &&
          EqualsIgnoreCase(GetString(other->body, "location"), region)) {
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
  out.push_back({kNatType, &kNat});
  out.push_back({kGatewayType, &kGateway});
  out.push_back({kLocalGatewayType, &kLocalGateway});
  out.push_back({"Microsoft.Network/connections", &kConnection});
  out.push_back({"Microsoft.Network/networkWatchers", &kWatcher});
}

}  // namespace vnet::control::handlers
