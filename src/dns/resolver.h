// Resolve: a name and type as a VM of a VNet (or the internet) would see them answered, over a
// compile::DnsView (SEMANTICS.md 9.3-9.6): Azure DNS (168.63.129.16) consults the private zones
// linked to the VNet (the longest matching zone is authoritative: NXDOMAIN there is final unless
// the link redirects), then public DNS; a VNet with custom DNS servers asks its first server,
// which answers by its conditional forwarders, its forwarders, or public recursion. CNAME chains
// are followed name by name, each through the same resolver, with loop and length limits.
// Pure function of the view; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compile/dns_view.h"

namespace vnet::dns {

using compile::RrType;

enum class Rcode : uint8_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5,
};
const char* RcodeName(Rcode r);  // "NOERROR", "NXDOMAIN", ...

// Who asks: the VMs of a VNet (through its DNS settings), or the internet (also on-premises
// clients without a forwarder into Azure).
struct Viewpoint {
  enum class Kind : uint8_t { kVnet, kInternet } kind = Kind::kInternet;
  compile::Index vnet = compile::kNoIndex;
  // A VM's NIC in `vnet`, or none: the NIC's own DNS servers, when it has any, replace the VNet's.
  compile::Index nic = compile::kNoIndex;
  static Viewpoint Internet() { return {}; }
  static Viewpoint Vnet(compile::Index v) { return {Kind::kVnet, v}; }
  static Viewpoint Nic(compile::Index v, compile::Index n) { return {Kind::kVnet, v, n}; }
  friend bool operator==(const Viewpoint&, const Viewpoint&) = default;
};

struct Answer {
  std::string name;  // owner, lower-case, no trailing dot
  RrType type = RrType::kA;
  uint32_t ttl = 0;
  compile::DnsRecord data;
};

// One name of the chain: which resolver answered it, from which zone, and what it said.
struct Hop {
  std::string name;
  std::string resolver;  // "Azure DNS (168.63.129.16) for vnet-a" / "custom DNS server ..."
  std::string source;    // "privateDnsZone", "publicDns", "none"
  std::string zone;      // the zone that answered; "" for none
  std::string zone_id;   // the private zone's id
  std::string link_id;   // the VNet link through which the private zone answered
  std::string result;    // "CNAME x", "A 10.1.0.5", "NXDOMAIN", "NODATA", "SERVFAIL"
};

struct Resolution {
  Rcode rcode = Rcode::kNoError;
  std::vector<Answer> answers;      // the CNAME chain in order, then the records asked for
  std::optional<Answer> authority;  // the zone's SOA for NXDOMAIN and NODATA
  std::vector<Hop> hops;
  std::string error;  // why, for SERVFAIL and REFUSED

  // The addresses (A and AAAA) the chain ends in.
  std::vector<net::IpAddress> Addresses() const;
  // One line per record, for people: "acct.blob.core.windows.net. 60 CNAME ...".
  std::vector<std::string> Lines() const;
};

inline constexpr int kMaxChainLength = 16;  // CNAMEs followed before SERVFAIL
inline constexpr int kMaxForwardDepth = 8;  // custom servers forwarding to custom servers

// A record's data as text ("10.1.0.5", "acct.privatelink.blob.core.windows.net.", "10 mx.x.").
std::string RecordDataText(RrType type, const compile::DnsRecord& r);

// Resolves `name` (any case, trailing dot optional). kFormErr for a name that is not a valid
// domain name (empty label, label over 63 octets, name over 253).
Resolution Resolve(const compile::DnsView& view, Viewpoint from, std::string_view name,
                   RrType type);

}  // namespace vnet::dns
