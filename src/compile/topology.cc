// Names of the topology's enums as ARM spells them, and the topology's lookups.
#include "compile/topology.h"

#include <algorithm>
#include <cctype>

namespace vnet::compile {

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

const char* NextHopTypeName(NextHopType t) {
  switch (t) {
    case NextHopType::kVnetLocal:
      return "VnetLocal";
    case NextHopType::kInternet:
      return "Internet";
    case NextHopType::kNone:
      return "None";
    case NextHopType::kVirtualAppliance:
      return "VirtualAppliance";
    case NextHopType::kVirtualNetworkGateway:
      return "VirtualNetworkGateway";
    case NextHopType::kVnetPeering:
      return "VNetPeering";
    case NextHopType::kVnetGlobalPeering:
      return "VNetGlobalPeering";
    case NextHopType::kServiceEndpoint:
      return "VirtualNetworkServiceEndpoint";
    case NextHopType::kInterfaceEndpoint:
      return "InterfaceEndpoint";
  }
  return "None";
}

const char* RouteSourceName(RouteSource s) {
  switch (s) {
    case RouteSource::kDefault:
      return "Default";
    case RouteSource::kUser:
      return "User";
    case RouteSource::kVirtualNetworkGateway:
      return "VirtualNetworkGateway";
  }
  return "Unknown";
}

const char* ConnectionStateName(ConnectionState s) {
  switch (s) {
    case ConnectionState::kPending:
      return "Pending";
    case ConnectionState::kApproved:
      return "Approved";
    case ConnectionState::kRejected:
      return "Rejected";
    case ConnectionState::kDisconnected:
      return "Disconnected";
  }
  return "Pending";
}

const char* ServiceKindName(ServiceKind k) {
  switch (k) {
    case ServiceKind::kStorage:
      return "Microsoft.Storage/storageAccounts";
    case ServiceKind::kSql:
      return "Microsoft.Sql/servers";
    case ServiceKind::kKeyVault:
      return "Microsoft.KeyVault/vaults";
    case ServiceKind::kCosmosDb:
      return "Microsoft.DocumentDB/databaseAccounts";
    case ServiceKind::kEventHub:
      return "Microsoft.EventHub/namespaces";
    case ServiceKind::kServiceBus:
      return "Microsoft.ServiceBus/namespaces";
  }
  return "";
}

const char* EndpointServiceOf(ServiceKind k) {
  switch (k) {
    case ServiceKind::kStorage:
      return "Microsoft.Storage";
    case ServiceKind::kSql:
      return "Microsoft.Sql";
    case ServiceKind::kKeyVault:
      return "Microsoft.KeyVault";
    case ServiceKind::kCosmosDb:
      return "Microsoft.AzureCosmosDB";
    case ServiceKind::kEventHub:
      return "Microsoft.EventHub";
    case ServiceKind::kServiceBus:
      return "Microsoft.ServiceBus";
  }
  return "";
}

bool Subnet::HasEndpoint(std::string_view service) const {
  return std::any_of(service_endpoints.begin(), service_endpoints.end(),
                     [&](const ServiceEndpoint& e) { return EqualsNoCase(e.service, service); });
}

const IpConfig* Nic::Primary() const {
  for (const IpConfig& c : ip_configs) {
    if (c.primary) return &c;
  }
  return ip_configs.empty() ? nullptr : &ip_configs.front();
}

Index Topology::Find(std::string_view id) const {
  auto it = index_by_key->find(Lower(id));
  return it == index_by_key->end() ? kNoIndex : it->second;
}

Index Topology::NicByIp(Index vnet, const net::IpAddress& ip) const {
  for (Index n = 0; n < nics.size(); ++n) {
    for (const IpConfig& c : nics[n].ip_configs) {
      if (c.private_ip == ip && c.subnet != kNoIndex && subnets[c.subnet].vnet == vnet) return n;
    }
  }
  return kNoIndex;
}

Index Topology::ServiceByIp(const net::IpAddress& ip) const {
  for (Index s = 0; s < services.size(); ++s) {
    if (services[s].has_public_ip && services[s].public_ip == ip) return s;
  }
  return kNoIndex;
}

}  // namespace vnet::compile
