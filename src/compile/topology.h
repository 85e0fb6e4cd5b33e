// Topology: the stored model as typed, indexed, immutable data (no JSON): VNets, subnets,
// NICs, NSGs, route tables, gateways, on-premises sites, private endpoints, service resources
// with their firewalls, service endpoint policies. Built from a DocSnapshot by BuildTopology
// (topology_builder.h); read by the compiler, the evaluators and the analyses. References are
// indexes into the vectors here (kNoIndex when absent or dangling); ids keep ARM's spelling.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compile/shared_vector.h"
#include "net/cidr.h"
#include "net/flow.h"
#include "net/ip_address.h"

namespace vnet::compile {

using Index = uint32_t;
inline constexpr Index kNoIndex = 0xFFFFFFFF;

enum class NextHopType : uint8_t {
  kVnetLocal,
  kInternet,
  kNone,
  kVirtualAppliance,
  kVirtualNetworkGateway,
  kVnetPeering,
  kVnetGlobalPeering,
  kServiceEndpoint,    // "VirtualNetworkServiceEndpoint"
  kInterfaceEndpoint,  // private endpoint /32
};
const char* NextHopTypeName(NextHopType t);  // ARM / effective-route spelling

enum class RouteSource : uint8_t { kDefault, kUser, kVirtualNetworkGateway };
const char* RouteSourceName(RouteSource s);

struct PeeringLink {
  std::string name;
  Index remote_vnet = kNoIndex;
  bool connected = false;  // peeringState Connected (both sides exist)
  bool global = false;     // the two VNets are in different regions
  bool allow_forwarded_traffic = false;
  bool allow_gateway_transit = false;
  bool use_remote_gateways = false;
};

struct Vnet {
  std::string id, name, location;
  std::vector<net::Cidr> address_space;
  std::vector<Index> subnets;
  std::vector<PeeringLink> peerings;
  std::vector<net::IpAddress> dns_servers;  // dhcpOptions.dnsServers; empty = Azure DNS
  Index gateway = kNoIndex;                 // a virtual network gateway in its GatewaySubnet
};

struct ServiceEndpoint {
  std::string service;                 // "Microsoft.Storage", as stored
  std::vector<std::string> locations;  // lower-cased; "*" possible
  friend bool operator==(const ServiceEndpoint&, const ServiceEndpoint&) = default;
};

enum class PeNetworkPolicies : uint8_t { kDisabled, kNsg, kRouteTable, kEnabled };

struct Subnet {
  std::string id, name;
  Index vnet = kNoIndex;
  std::vector<net::Cidr> prefixes;
  Index nsg = kNoIndex;
  Index route_table = kNoIndex;
  std::vector<ServiceEndpoint> service_endpoints;
  std::vector<Index> endpoint_policies;
  PeNetworkPolicies pe_policies = PeNetworkPolicies::kDisabled;
  bool HasEndpoint(std::string_view service) const;
};

struct IpConfig {
  std::string name;
  net::IpAddress private_ip;
  Index subnet = kNoIndex;
  bool primary = false;
  bool has_public_ip = false;  // a public IP with an address is attached
  net::IpAddress public_ip;
  std::vector<Index> asgs;
};

struct Nic {
  std::string id, name, location;
  std::vector<IpConfig> ip_configs;
  Index nsg = kNoIndex;
  bool ip_forwarding = false;
  // The address its internet-bound traffic leaves from without a public IP of its own (Azure's
  // default outbound access): chosen in AzureCloud.<region>, stable per NIC id.
  net::IpAddress default_outbound_ip;
  Index vm = kNoIndex;
  Index private_endpoint = kNoIndex;  // set on the NIC a private endpoint owns
  // dnsSettings.dnsServers: when set, they replace the VNet's dhcpOptions.dnsServers for this NIC.
  std::vector<net::IpAddress> dns_servers;
  const IpConfig* Primary() const;
};

struct Vm {
  std::string id, name;
  std::vector<Index> nics;  // primary first
};

enum class Direction : uint8_t { kInbound, kOutbound };
enum class Access : uint8_t { kAllow, kDeny };

// One address field value of a security rule.
struct AddressMatch {
  enum class Kind : uint8_t { kAny, kPrefix, kTag, kAsg } kind = Kind::kAny;
  net::Cidr prefix;      // kPrefix
  std::string tag;       // kTag, as written in the rule
  Index asg = kNoIndex;  // kAsg
  std::string text;      // as written ("*", "10.0.0.0/24", "Storage", ASG id)
};

struct SecurityRule {
  std::string name;
  bool is_default = false;
  int priority = 0;
  Direction direction = Direction::kInbound;
  Access access = Access::kAllow;
  uint8_t protocols = 0x1F;   // bit (1 << net::Protocol); 0x1F = "*"
  std::string protocol_text;  // "Tcp", "*"...
  std::vector<AddressMatch> sources, destinations;
  std::vector<net::PortRange> source_ports, destination_ports;  // never empty; [*] = any
};

struct Nsg {
  std::string id, name, location;
  std::vector<SecurityRule> rules;  // custom then default, each direction sorted by priority
};

struct Asg {
  std::string id, name;
};

struct UserRoute {
  std::string name;
  std::vector<net::Cidr> prefixes;  // one CIDR, or a service tag's prefixes
  std::string tag;                  // the service tag named in addressPrefix, if any
  NextHopType next_hop = NextHopType::kNone;
  bool has_next_hop_ip = false;
  net::IpAddress next_hop_ip;
};

struct RouteTable {
  std::string id, name;
  bool disable_bgp_propagation = false;
  std::vector<UserRoute> routes;
};

// A virtual network gateway and the on-premises prefixes it learned (local network gateways of
// its connections, and BGP).
struct Gateway {
  std::string id, name;
  Index vnet = kNoIndex;
  std::vector<net::IpAddress> addresses;  // its private addresses in GatewaySubnet
  std::vector<net::Cidr> onprem_prefixes;
};

enum class ConnectionState : uint8_t { kPending, kApproved, kRejected, kDisconnected };
const char* ConnectionStateName(ConnectionState s);

struct PeConnection {
  std::string name;
  bool manual = false;
  std::string target_id;               // privateLinkServiceId as written
  Index target = kNoIndex;             // service resource index
  std::vector<std::string> group_ids;  // lower-cased
  ConnectionState state = ConnectionState::kPending;
};

struct PeAddress {
  net::IpAddress ip;
  std::string group_id;  // lower-cased
  std::string member;    // requiredMemberName
};

struct PrivateEndpoint {
  std::string id, name, location;
  Index subnet = kNoIndex;
  Index nic = kNoIndex;
  std::vector<PeAddress> addresses;
  std::vector<PeConnection> connections;
};

enum class ServiceKind : uint8_t { kStorage, kSql, kKeyVault, kCosmosDb, kEventHub, kServiceBus };
const char* ServiceKindName(ServiceKind k);    // "Microsoft.Storage/storageAccounts"...
const char* EndpointServiceOf(ServiceKind k);  // "Microsoft.Storage", "Microsoft.Sql"...

struct IpRule {
  std::string text;             // as written, or the SQL rule's name
  net::IpAddress first, last;   // inclusive range (IPv4)
  bool azure_services = false;  // SQL AllowAllWindowsAzureIps / Cosmos 0.0.0.0
};

struct VnetRule {
  std::string subnet_id;    // as written
  Index subnet = kNoIndex;  // kNoIndex when the subnet is gone
  bool ignore_missing_endpoint = false;
  std::string name;  // SQL rule name, else ""
};

struct Firewall {
  enum class PublicAccess : uint8_t {
    kEnabled,
    kDisabled,
    kSecuredByPerimeter
  } public_access = PublicAccess::kEnabled;
  bool default_allow = true;
  bool bypass_azure_services = false;
  std::vector<IpRule> ip_rules;
  std::vector<VnetRule> vnet_rules;
};

struct ServiceResource {
  std::string id, name, location;
  ServiceKind kind = ServiceKind::kStorage;
  std::string subscription, resource_group;  // lower-cased, for endpoint policy scopes
  net::IpAddress public_ip;                  // its front end's public address
  bool has_public_ip = false;
  Firewall firewall;
};

struct EndpointPolicy {
  std::string id, name;
  std::vector<std::string> scopes;  // lower-cased: subscription, resource group or account ids
  bool has_storage_definition = false;
};

// An on-premises site: a local network gateway, reached through a gateway's connection.
struct OnPremSite {
  std::string id, name;
  std::vector<net::Cidr> prefixes;
  Index gateway = kNoIndex;  // the VNet gateway it is connected to
};

struct Topology {
  // Collections are shared between a topology and the copies made from it (shared_vector.h).
  SharedVector<Vnet> vnets;
  SharedVector<Subnet> subnets;
  SharedVector<Nic> nics;
  SharedVector<Vm> vms;
  SharedVector<Nsg> nsgs;
  SharedVector<Asg> asgs;
  SharedVector<RouteTable> route_tables;
  SharedVector<Gateway> gateways;
  SharedVector<OnPremSite> onprem_sites;
  SharedVector<PrivateEndpoint> private_endpoints;
  SharedVector<ServiceResource> services;
  SharedVector<EndpointPolicy> endpoint_policies;
  // lower-cased id -> index (any kind); shared by copies.
  std::shared_ptr<std::map<std::string, Index>> index_by_key =
      std::make_shared<std::map<std::string, Index>>();

  // The index of a resource by id (any casing), or kNoIndex.
  Index Find(std::string_view id) const;
  // The NIC whose IP configuration holds `ip` in `vnet`, or kNoIndex.
  Index NicByIp(Index vnet, const net::IpAddress& ip) const;
  // The service resource whose public front end is `ip`, or kNoIndex.
  Index ServiceByIp(const net::IpAddress& ip) const;
};

}  // namespace vnet::compile
