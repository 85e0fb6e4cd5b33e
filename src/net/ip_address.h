// IpAddress: an IPv4 or IPv6 address. Value type: cheap to copy, totally ordered, hashable.
// IPv4 addresses order before IPv6 ones; within a family, numerically.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace vnet::net {

enum class Family : uint8_t { kIpv4 = 4, kIpv6 = 6 };

class IpAddress {
 public:
  IpAddress() = default;  // 0.0.0.0
  static IpAddress V4(uint32_t host_order) {
    IpAddress a;
    a.hi_ = 0;
    a.lo_ = host_order;
    return a;
  }
  static IpAddress V6(uint64_t hi, uint64_t lo) {
    IpAddress a;
    a.family_ = Family::kIpv6;
    a.hi_ = hi;
    a.lo_ = lo;
    return a;
  }
  // Parses dotted-quad IPv4 (no leading zeros, exactly four parts) or any RFC 4291 IPv6 text.
  // kInvalidArgument (reason "InvalidIPAddress") otherwise.
  static Result<IpAddress> Parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kIpv4; }
  int bits() const { return is_v4() ? 32 : 128; }
  uint32_t v4() const { return static_cast<uint32_t>(lo_); }
  uint64_t hi() const { return hi_; }
  uint64_t lo() const { return lo_; }

  // Bit i counted from the most significant bit (0-based).
  bool Bit(int i) const;
  // The address with all bits after the first `len` cleared / set.
  IpAddress Masked(int len) const;
  IpAddress LastInPrefix(int len) const;
  // Adds `n` (wrapping inside the family).
  IpAddress Plus(uint64_t n) const;

  std::string ToString() const;  // canonical: "10.0.0.4", "fd00::1" (RFC 5952)

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::kIpv4;
  uint64_t hi_ = 0;  // IPv6 high 64 bits; 0 for IPv4
  uint64_t lo_ = 0;  // IPv6 low 64 bits; IPv4 address in the low 32 bits
};

struct IpAddressHash {
  size_t operator()(const IpAddress& a) const {
    return std::hash<uint64_t>()(a.hi() * 0x9E3779B97F4A7C15ULL ^ a.lo() ^
                                 static_cast<uint64_t>(a.family()));
  }
};

}  // namespace vnet::net
