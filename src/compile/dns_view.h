// DnsView: every DNS fact of one revision of the model, as immutable data the resolver reads
// (src/dns): private DNS zones with their record sets (and the A records auto-registration
// creates), which VNets link to which zones, the custom DNS servers VNets name and how each
// forwards, and the public DNS of the service resources vnetd models (their names, the
// privatelink CNAME hop once a private endpoint connection exists, front ends and public
// addresses). SEMANTICS.md sections 8 and 9; docs/dns.md. Thread-safe to read.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "compile/topology.h"
#include "model/doc.h"
#include "net/ip_address.h"

namespace vnet::compile {

// Record types, numbered as on the wire (RFC 1035, 3596, 2782).
enum class RrType : uint16_t {
  kA = 1,
  kNs = 2,
  kCname = 5,
  kSoa = 6,
  kPtr = 12,
  kMx = 15,
  kTxt = 16,
  kAaaa = 28,
  kSrv = 33,
  kAny = 255,
};
const char* RrTypeName(RrType t);  // "A", "CNAME", ...; "TYPE<n>" for others
// "a", "AAAA", "Cname"... (case-insensitive); kInvalidArgument for other names.
Result<RrType> ParseRrType(std::string_view name);

// One record's data; which fields mean something depends on the set's type.
struct DnsRecord {
  net::IpAddress ip{};   // A, AAAA
  std::string target{};  // CNAME, PTR, MX exchange, SRV target, SOA primary name: lower-case FQDN
  uint16_t preference = 0;                      // MX
  uint16_t priority = 0, weight = 0, port = 0;  // SRV
  std::vector<std::string> texts{};             // TXT: the character strings of one record
  std::string rname{};                          // SOA responsible mailbox, as a name
  uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;  // SOA
};

struct DnsRecordSet {
  RrType type = RrType::kA;
  uint32_t ttl = 0;
  std::vector<DnsRecord> records;
  std::string id;                // the record set's ARM id; "" for public and registered records
  bool auto_registered = false;  // created by a registration link for a VM
};

// A zone: a private DNS zone, or one of the public zones vnetd answers for (blob.core.windows.net
// and the like), with every name it holds.
struct DnsZone {
  enum class Kind : uint8_t { kPrivate, kPublic };
  Kind kind = Kind::kPrivate;
  std::string id;    // the private zone's ARM id; "" for a public zone
  std::string name;  // lower-case, no trailing dot
  DnsRecordSet soa;  // its SOA at the apex
  // Owner name (lower-case FQDN, no trailing dot) -> its record sets, one per type.
  std::map<std::string, std::vector<DnsRecordSet>, std::less<>> names;

  // The record sets at `fqdn` (lower-case), or nullptr when the name holds none.
  const std::vector<DnsRecordSet>* Find(std::string_view fqdn) const;
  // True if some name of the zone lies below `fqdn` (then `fqdn` exists, with no data: NODATA).
  bool HasNamesBelow(std::string_view fqdn) const;
};

// A VNet's link to a private zone.
struct DnsLink {
  Index zone = kNoIndex;  // into DnsView::zones
  std::string id;
  bool registration = false;
  bool nxdomain_redirect = false;  // resolutionPolicy NxDomainRedirect
};

// A custom DNS server a VNet's dhcpOptions names, as vnetd models it: a VM (or NIC) of the model
// whose tags say how it forwards (docs/dns.md). A server that forwards nothing resolves by
// public recursion.
struct CustomDnsServer {
  net::IpAddress ip;
  Index nic = kNoIndex;
  Index vnet = kNoIndex;     // where it sits (its queries to 168.63.129.16 are that VNet's)
  std::string described_by;  // the id of the VM or NIC whose tags describe it
  std::vector<net::IpAddress> forwarders;
  struct Conditional {
    std::string zone;  // lower-case suffix
    std::vector<net::IpAddress> targets;
  };
  std::vector<Conditional> conditional;  // longest zone first
};

// The tags that describe a custom DNS server (on its VM, or its NIC).
inline constexpr std::string_view kDnsForwardersTag = "vnetd-dns-forwarders";
inline constexpr std::string_view kDnsConditionalForwardersTag = "vnetd-dns-conditional-forwarders";

inline const net::IpAddress kAzureDnsIp = net::IpAddress::V4(0xA83F8110);  // 168.63.129.16

struct DnsView {
  int64_t revision = 0;
  std::shared_ptr<const Topology> topology;
  std::vector<DnsZone> zones;               // private zones in id order, then public zones
  std::vector<std::vector<DnsLink>> links;  // by VNet index
  std::map<net::IpAddress, CustomDnsServer> servers;       // by address
  std::map<std::string, Index, std::less<>> public_zones;  // zone name -> index into zones
  // Problems met while reading (a record that does not parse): skipped, listed for the docs.
  std::vector<std::string> notes;

  // The zone linked to `vnet` whose name is the longest suffix of `fqdn` (on label boundaries),
  // or nullptr.
  const DnsLink* LinkedZoneFor(Index vnet, std::string_view fqdn) const;
  // The public zone that holds `fqdn`, or nullptr when vnetd does not model its public DNS.
  const DnsZone* PublicZoneFor(std::string_view fqdn) const;
};

// TTLs of the records vnetd synthesizes (docs/dns.md): service names, the privatelink hop and
// front ends; auto-registered VM records; negative answers of public zones.
inline constexpr uint32_t kPublicRecordTtl = 60;
inline constexpr uint32_t kRegisteredRecordTtl = 10;
inline constexpr uint32_t kPublicNegativeTtl = 60;

// True if `fqdn` equals `zone` or lies below it (both lower-case, no trailing dots).
bool InZone(std::string_view fqdn, std::string_view zone);

// Cost: linear in the documents (it reads the private DNS documents, VMs' tags and service
// resources) and the topology's VNets and NICs.
std::shared_ptr<const DnsView> BuildDnsView(const model::DocMap& docs,
                                            std::shared_ptr<const Topology> topology,
                                            int64_t revision);

}  // namespace vnet::compile
