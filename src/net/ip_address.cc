// IPv4 is parsed by hand (strict dotted quad, as Azure accepts); IPv6 through inet_pton/inet_ntop.
#include "net/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace vnet::net {

namespace {

Status Invalid(std::string_view text) {
  return Status::InvalidArgument("InvalidIPAddress",
                                 "'" + std::string(text) + "' is not a valid IP address");
}

bool ParseV4(std::string_view text, uint32_t* out) {
  uint32_t value = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    size_t start = i;
    uint32_t part = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      part = part * 10 + static_cast<uint32_t>(text[i] - '0');
      if (part > 255 || i - start >= 3) return false;
      ++i;
    }
    if (i - start > 1 && text[start] == '0') return false;  // no leading zeros (octal ambiguity)
    value = (value << 8) | part;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
  }
  if (i != text.size()) return false;
  *out = value;
  return true;
}

}  // namespace

Result<IpAddress> IpAddress::Parse(std::string_view text) {
  uint32_t v4 = 0;
  if (ParseV4(text, &v4)) return IpAddress::V4(v4);
  if (text.find(':') == std::string_view::npos || text.size() > 45) return Invalid(text);
  char buf[64];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, buf, bytes) != 1) return Invalid(text);
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | bytes[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | bytes[i];
  return IpAddress::V6(hi, lo);
}

bool IpAddress::Bit(int i) const {
  if (is_v4()) return (v4() >> (31 - i)) & 1U;
  return i < 64 ? (hi_ >> (63 - i)) & 1U : (lo_ >> (127 - i)) & 1U;
}

namespace {
uint64_t HighMask(int len) {  // top `len` bits of 64 set
  if (len <= 0) return 0;
  if (len >= 64) return ~0ULL;
  return ~0ULL << (64 - len);
}
}  // namespace

IpAddress IpAddress::Masked(int len) const {
  if (is_v4()) {
    uint32_t mask = len <= 0 ? 0 : (len >= 32 ? 0xFFFFFFFFU : ~0U << (32 - len));
    return V4(v4() & mask);
  }
  return V6(hi_ & HighMask(len), lo_ & HighMask(len - 64));
}

IpAddress IpAddress::LastInPrefix(int len) const {
  if (is_v4()) {
    uint32_t mask = len <= 0 ? 0 : (len >= 32 ? 0xFFFFFFFFU : ~0U << (32 - len));
    return V4(v4() | ~mask);
  }
  return V6(hi_ | ~HighMask(len), lo_ | ~HighMask(len - 64));
}

IpAddress IpAddress::Plus(uint64_t n) const {
  if (is_v4()) return V4(static_cast<uint32_t>(v4() + n));
  uint64_t lo = lo_ + n;
  uint64_t hi = hi_ + (lo < lo_ ? 1 : 0);
  return V6(hi, lo);
}

std::string IpAddress::ToString() const {
  if (is_v4()) {
    uint32_t a = v4();
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
           std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
  }
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(hi_ >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) bytes[8 + i] = static_cast<unsigned char>(lo_ >> (56 - 8 * i));
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes, buf, sizeof buf);
  return buf;
}

}  // namespace vnet::net
