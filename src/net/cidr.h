// Cidr: an IPv4 or IPv6 prefix in canonical form (all host bits zero).
// Value type: cheap to copy, totally ordered, hashable, immutable.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "net/ip_address.h"

namespace vnet::net {

class Cidr {
 public:
  Cidr() = default;  // 0.0.0.0/0
  // Parses "10.1.0.0/16" or "fd00::/8". kInvalidArgument (reason "InvalidCIDRNotation") on a bad
  // address, a missing or out-of-range length, or host bits set ("10.1.2.3/16"): strict, because
  // truncating silently hides a user's mistake.
  static Result<Cidr> Parse(std::string_view text);
  // Like Parse, but a bare address is taken as a host prefix (/32 or /128).
  static Result<Cidr> ParseAddressOrCidr(std::string_view text);
  // The prefix of length `len` that contains `address` (host bits cleared).
  static Cidr Of(const IpAddress& address, int len);

  const IpAddress& address() const { return address_; }
  int prefix_len() const { return prefix_len_; }
  bool is_v4() const { return address_.is_v4(); }
  IpAddress last() const { return address_.LastInPrefix(prefix_len_); }

  bool Contains(const IpAddress& ip) const;  // false across address families
  bool Contains(const Cidr& other) const;    // other lies wholly inside this
  bool Overlaps(const Cidr& other) const;
  // Number of addresses, saturating at 2^63 for huge IPv6 prefixes.
  uint64_t Size() const;
  std::string ToString() const;  // Parse(ToString()) == *this

  friend auto operator<=>(const Cidr&, const Cidr&) = default;
  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  Cidr(IpAddress address, uint8_t prefix_len) : address_(address), prefix_len_(prefix_len) {}
  IpAddress address_;
  uint8_t prefix_len_ = 0;
};

}  // namespace vnet::net
