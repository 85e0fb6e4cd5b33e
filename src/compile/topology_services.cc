// The topology builder's reading of gateways and on-premises sites, private endpoints, service
// resources (with their firewalls, normalized across Storage, SQL, Key Vault, Cosmos DB, Event
// Hubs and Service Bus: SEMANTICS.md section 6) and service endpoint policies.
#include <algorithm>
#include <set>

#include "compile/internal/topology_builder_impl.h"
#include "compile/service_addresses.h"

namespace vnet::compile {

namespace {

using model::Doc;

Firewall::PublicAccess PublicAccessOf(const Json& p) {
  std::string v = String(p, "publicNetworkAccess", "Enabled");
  if (EqualsIgnoreCase(v, "Disabled")) return Firewall::PublicAccess::kDisabled;
  if (EqualsIgnoreCase(v, "SecuredByPerimeter")) return Firewall::PublicAccess::kSecuredByPerimeter;
  return Firewall::PublicAccess::kEnabled;
}

// An IP rule from "1.2.3.4" or "1.2.3.0/24"; false if neither.
bool ParseIpRule(const std::string& text, IpRule* rule) {
  Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(text);
  if (!c.ok()) return false;
  rule->text = text;
  rule->first = c->address();
  rule->last = c->last();
  return true;
}

void AddIpRules(const Json& list, const char* field, Firewall* fw) {
  for (const Json& r : list) {
    IpRule rule;
    std::string text = r.is_string() ? r.get<std::string>() : String(r, field);
    if (text == "0.0.0.0") {
      rule.text = text;
      rule.azure_services = true;  // Cosmos DB: "accept connections from Azure datacenters"
      fw->ip_rules.push_back(rule);
    } else if (ParseIpRule(text, &rule)) {
      fw->ip_rules.push_back(rule);
    }
  }
}

void AddVnetRules(const Json& list, Firewall* fw) {
  for (const Json& r : list) {
    VnetRule rule;
    rule.subnet_id = String(r, "id");
    if (rule.subnet_id.empty()) rule.subnet_id = String(Props(r, "subnet"), "id");
    rule.ignore_missing_endpoint = Bool(r, "ignoreMissingVNetServiceEndpoint", false) ||
                                   Bool(r, "ignoreMissingVnetServiceEndpoint", false);
    if (!rule.subnet_id.empty()) fw->vnet_rules.push_back(rule);
  }
}

bool BypassesAzureServices(const std::string& bypass) {
  return AsciiLower(bypass).find("azureservices") != std::string::npos;
}

}  // namespace

void TopologyBuilder::Services() {
  struct Family {
    const char* type;
    ServiceKind kind;
  } families[] = {{"Microsoft.Storage/storageAccounts", ServiceKind::kStorage},
                  {"Microsoft.Sql/servers", ServiceKind::kSql},
                  {"Microsoft.KeyVault/vaults", ServiceKind::kKeyVault},
                  {"Microsoft.DocumentDB/databaseAccounts", ServiceKind::kCosmosDb},
                  {"Microsoft.EventHub/namespaces", ServiceKind::kEventHub},
                  {"Microsoft.ServiceBus/namespaces", ServiceKind::kServiceBus}};
  std::set<net::IpAddress> used_addresses;
  for (const Family& f : families) {
    for (const Doc* d : OfType(f.type)) {
      ServiceResource s;
      s.id = d->id.ToString();
      s.name = d->id.name();
      s.kind = f.kind;
      s.location = AsciiLower(String(d->body, "location"));
      s.subscription = AsciiLower(d->id.subscription());
      s.resource_group = AsciiLower(d->id.resource_group());
      // A front end of its own: a name whose address another resource took draws again.
      for (int attempt = 0; attempt < 16 && !s.has_public_ip; ++attempt) {
        Result<net::IpAddress> ip = ServicePublicAddress(
            tags, f.type, s.name, s.location, attempt == 0 ? "" : "#" + std::to_string(attempt));
        if (!ip.ok()) break;
        if (used_addresses.insert(*ip).second) {
          s.public_ip = *ip;
          s.has_public_ip = true;
        }
      }
      const Json& p = Props(d->body);
      Firewall& fw = s.firewall;
      fw.public_access = PublicAccessOf(p);
      std::string key = d->key();
      auto children = [&](const char* child_type) {
        std::vector<const Doc*> out;
        for (const Doc* c : OfType(child_type)) {
          if (c->id.Parent().Key() == key) out.push_back(c);
        }
        return out;
      };
      switch (f.kind) {
        case ServiceKind::kStorage:
        case ServiceKind::kKeyVault: {
          const Json& acls = Props(p, "networkAcls");
          fw.default_allow = !EqualsIgnoreCase(String(acls, "defaultAction", "Allow"), "Deny");
          fw.bypass_azure_services = BypassesAzureServices(
              String(acls, "bypass", f.kind == ServiceKind::kStorage ? "AzureServices" : ""));
          AddIpRules(Array(acls, "ipRules"), "value", &fw);
          AddVnetRules(Array(acls, "virtualNetworkRules"), &fw);
          break;
        }
        case ServiceKind::kSql: {
          // A new server admits nothing on its public endpoint until rules exist (6.3).
          fw.default_allow = false;
          for (const Doc* c : children("Microsoft.Sql/servers/firewallRules")) {
            const Json& cp = Props(c->body);
            IpRule rule;
            rule.text = c->id.name();
            Result<net::IpAddress> lo = net::IpAddress::Parse(String(cp, "startIpAddress"));
            Result<net::IpAddress> hi = net::IpAddress::Parse(String(cp, "endIpAddress"));
            if (!lo.ok() || !hi.ok()) continue;
            rule.first = *lo;
            rule.last = *hi;
            rule.azure_services = lo->v4() == 0 && hi->v4() == 0;
            fw.ip_rules.push_back(rule);
          }
          for (const Doc* c : children("Microsoft.Sql/servers/virtualNetworkRules")) {
            const Json& cp = Props(c->body);
            VnetRule rule;
            rule.name = c->id.name();
            rule.subnet_id = String(cp, "virtualNetworkSubnetId");
            rule.ignore_missing_endpoint = Bool(cp, "ignoreMissingVnetServiceEndpoint", false);
            fw.vnet_rules.push_back(rule);
          }
          break;
        }
        case ServiceKind::kCosmosDb: {
          AddIpRules(Array(p, "ipRules"), "ipAddressOrRange", &fw);
          if (Bool(p, "isVirtualNetworkFilterEnabled", false))
            AddVnetRules(Array(p, "virtualNetworkRules"), &fw);
          fw.default_allow =
              fw.ip_rules.empty() && !Bool(p, "isVirtualNetworkFilterEnabled", false);
          fw.bypass_azure_services = BypassesAzureServices(String(p, "networkAclBypass", "None"));
          break;
        }
        case ServiceKind::kEventHub:
        case ServiceKind::kServiceBus: {
          const char* rs_type = f.kind == ServiceKind::kEventHub
                                    ? "Microsoft.EventHub/namespaces/networkRuleSets"
                                    : "Microsoft.ServiceBus/namespaces/networkRuleSets";
          for (const Doc* c : children(rs_type)) {
            const Json& cp = Props(c->body);
            fw.default_allow = !EqualsIgnoreCase(String(cp, "defaultAction", "Allow"), "Deny");
            fw.bypass_azure_services = Bool(cp, "trustedServiceAccessEnabled", false);
            if (Member(cp, "publicNetworkAccess")) fw.public_access = PublicAccessOf(cp);
            AddIpRules(Array(cp, "ipRules"), "ipMask", &fw);
            AddVnetRules(Array(cp, "virtualNetworkRules"), &fw);
          }
          break;
        }
      }
      Register(s.id, Index(t.services.size()));
      t.services.push_back(std::move(s));
    }
  }
}

void TopologyBuilder::Gateways() {
  for (const Doc* d : OfType("Microsoft.Network/virtualNetworkGateways")) {
    Gateway g;
    g.id = d->id.ToString();
    g.name = d->id.name();
    const Json& p = Props(d->body);
    for (const Json& c : Array(p, "ipConfigurations")) {
      Index si = Ref(Props(c), "subnet");
      if (si == kNoIndex) continue;
      g.vnet = t.subnets.At(si).vnet;
      if (g.addresses.empty() && !t.subnets.At(si).prefixes.empty())
        g.addresses.push_back(t.subnets.At(si).prefixes[0].address().Plus(4));
    }
    if (g.vnet == kNoIndex) continue;
    Index gi = Index(t.gateways.size());
    Register(g.id, gi);
    t.vnets.At(g.vnet).gateway = gi;
    t.gateways.push_back(std::move(g));
  }
  for (const Doc* d : OfType("Microsoft.Network/localNetworkGateways")) {
    OnPremSite site;
    site.id = d->id.ToString();
    site.name = d->id.name();
    const Json& p = Props(d->body);
    for (const std::string& s : Strings(Props(p, "localNetworkAddressSpace"), "addressPrefixes")) {
      if (Result<net::Cidr> c = net::Cidr::Parse(s); c.ok()) site.prefixes.push_back(*c);
    }
    std::string bgp_peer = String(Props(p, "bgpSettings"), "bgpPeeringAddress");
    if (Result<net::Cidr> c = net::Cidr::ParseAddressOrCidr(bgp_peer); c.ok())
      site.prefixes.push_back(*c);
    Register(site.id, Index(t.onprem_sites.size()));
    t.onprem_sites.push_back(std::move(site));
  }
  for (const Doc* d : OfType("Microsoft.Network/connections")) {
    const Json& p = Props(d->body);
    Index gi = Ref(p, "virtualNetworkGateway1");
    Index si = Ref(p, "localNetworkGateway2");
    if (gi == kNoIndex || si == kNoIndex || gi >= t.gateways.size() || si >= t.onprem_sites.size())
      continue;
    OnPremSite& site = t.onprem_sites.At(si);
    site.gateway = gi;
    for (const net::Cidr& c : site.prefixes) t.gateways.At(gi).onprem_prefixes.push_back(c);
  }
  for (Gateway& g : t.gateways.Mut()) {
    std::sort(g.onprem_prefixes.begin(), g.onprem_prefixes.end());
    g.onprem_prefixes.erase(std::unique(g.onprem_prefixes.begin(), g.onprem_prefixes.end()),
                            g.onprem_prefixes.end());
  }
}

void TopologyBuilder::PrivateEndpoints(const std::vector<const Doc*>& pes) {
  for (const Doc* d : pes) {
    PrivateEndpoint& pe = t.private_endpoints.At(t.Find(d->id.ToString()));
    const Json& p = Props(d->body);
    pe.id = d->id.ToString();
    pe.name = d->id.name();
    pe.location = AsciiLower(String(d->body, "location"));
    pe.subnet = Ref(p, "subnet");
    for (const Json& n : Array(p, "networkInterfaces")) {
      pe.nic = t.Find(String(n, "id"));
      if (pe.nic != kNoIndex) break;
    }
    if (pe.nic != kNoIndex) {
      auto it = docs.find(AsciiLower(t.nics.At(pe.nic).id));
      if (it != docs.end()) {
        for (const Json& c : Array(Props(it->second->body), "ipConfigurations")) {
          const Json& cp = Props(c);
          Result<net::IpAddress> ip = net::IpAddress::Parse(String(cp, "privateIPAddress"));
          if (!ip.ok()) continue;
          const Json& link = Props(cp, "privateLinkConnectionProperties");
          pe.addresses.push_back(
              {*ip, AsciiLower(String(link, "groupId")), String(link, "requiredMemberName")});
        }
      }
    }
    for (int manual = 0; manual < 2; ++manual) {
      const char* list =
          manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
      for (const Json& c : Array(p, list)) {
        const Json& cp = Props(c);
        PeConnection conn;
        conn.name = String(c, "name");
        conn.manual = manual == 1;
        conn.target_id = String(cp, "privateLinkServiceId");
        conn.target = t.Find(conn.target_id);
        if (conn.target != kNoIndex && conn.target >= t.services.size()) conn.target = kNoIndex;
        for (const std::string& g : Strings(cp, "groupIds"))
          conn.group_ids.push_back(AsciiLower(g));
        std::string status =
            String(Props(cp, "privateLinkServiceConnectionState"), "status", "Pending");
        conn.state = EqualsIgnoreCase(status, "Approved")       ? ConnectionState::kApproved
                     : EqualsIgnoreCase(status, "Rejected")     ? ConnectionState::kRejected
                     : EqualsIgnoreCase(status, "Disconnected") ? ConnectionState::kDisconnected
                                                                : ConnectionState::kPending;
        pe.connections.push_back(std::move(conn));
      }
    }
  }
}

void TopologyBuilder::Policies(const std::vector<const Doc*>& policies) {
  for (const Doc* d : policies) {
    EndpointPolicy& pol = t.endpoint_policies.At(t.Find(d->id.ToString()));
    pol.id = d->id.ToString();
    pol.name = d->id.name();
    for (const Json& def : Array(Props(d->body), "serviceEndpointPolicyDefinitions")) {
      const Json& dp = Props(def);
      if (!EqualsIgnoreCase(String(dp, "service"), "Microsoft.Storage")) continue;
      pol.has_storage_definition = true;
      for (const std::string& scope : Strings(dp, "serviceResources"))
        pol.scopes.push_back(AsciiLower(scope));
    }
  }
}

}  // namespace vnet::compile
