// Protocol, PortRange and FiveTuple: the parts of a flow that NSG rules, classifiers and the
// evaluator match on. Small value types, ordered and hashable.
#pragma once
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "net/ip_address.h"

namespace vnet::net {

// The protocols an NSG rule can name (SEMANTICS.md section 3.1); `*` in a rule matches all.
enum class Protocol : uint8_t { kTcp = 0, kUdp = 1, kIcmp = 2, kEsp = 3, kAh = 4 };
inline constexpr int kProtocolCount = 5;

// "Tcp", "Udp", "Icmp", "Esp", "Ah" (ARM spelling).
std::string_view ProtocolName(Protocol p);
// Case-insensitive; kInvalidArgument for anything else (including "*").
Result<Protocol> ParseProtocol(std::string_view text);
// Ports matter only for TCP and UDP (SEMANTICS.md section 0, point 4).
inline bool HasPorts(Protocol p) { return p == Protocol::kTcp || p == Protocol::kUdp; }

// An inclusive range of ports; [0, 65535] is "*".
struct PortRange {
  uint16_t lo = 0;
  uint16_t hi = 65535;
  bool Contains(uint16_t port) const { return lo <= port && port <= hi; }
  bool is_any() const { return lo == 0 && hi == 65535; }
  // "80", "1000-2000", "*"; kInvalidArgument otherwise (lo > hi, out of range, junk).
  static Result<PortRange> Parse(std::string_view text);
  std::string ToString() const;  // "80", "1000-2000", "0-65535"
  friend auto operator<=>(const PortRange&, const PortRange&) = default;
};

struct FiveTuple {
  IpAddress source;
  IpAddress destination;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  Protocol protocol = Protocol::kTcp;
  friend auto operator<=>(const FiveTuple&, const FiveTuple&) = default;
};

}  // namespace vnet::net
