// Cidr parsing and prefix arithmetic.
#include "net/cidr.h"

namespace vnet::net {

namespace {
Status Invalid(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      "InvalidCIDRNotation",
      "'" + std::string(text) + "' is not a valid CIDR prefix: " + std::string(why));
}
}  // namespace

Result<Cidr> Cidr::Parse(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return Invalid(text, "missing '/length'");
  Result<IpAddress> addr = IpAddress::Parse(text.substr(0, slash));
  if (!addr.ok()) return Invalid(text, "bad address");
  std::string_view len_text = text.substr(slash + 1);
  if (len_text.empty() || len_text.size() > 3) return Invalid(text, "bad prefix length");
  int len = 0;
  for (char c : len_text) {
    if (c < '0' || c > '9') return Invalid(text, "bad prefix length");
    len = len * 10 + (c - '0');
  }
  if (len_text.size() > 1 && len_text[0] == '0') return Invalid(text, "bad prefix length");
  if (len > addr->bits())
    return Invalid(text, "prefix length past " + std::to_string(addr->bits()));
  if (addr->Masked(len) != *addr) {
    return Invalid(text, "host bits are set; did you mean " + addr->Masked(len).ToString() + "/" +
                             std::to_string(len) + "?");
  }
  return Cidr(*addr, static_cast<uint8_t>(len));
}

Result<Cidr> Cidr::ParseAddressOrCidr(std::string_view text) {
  if (text.find('/') != std::string_view::npos) return Parse(text);
  Result<IpAddress> addr = IpAddress::Parse(text);
  if (!addr.ok()) return addr.status();
  return Cidr(*addr, static_cast<uint8_t>(addr->bits()));
}

Cidr Cidr::Of(const IpAddress& address, int len) {
  return Cidr(address.Masked(len), static_cast<uint8_t>(len));
}

bool Cidr::Contains(const IpAddress& ip) const {
  return ip.family() == address_.family() && ip.Masked(prefix_len_) == address_;
}

bool Cidr::Contains(const Cidr& other) const {
  return other.prefix_len_ >= prefix_len_ && Contains(other.address_);
}

bool Cidr::Overlaps(const Cidr& other) const { return Contains(other) || other.Contains(*this); }

uint64_t Cidr::Size() const {
  int host_bits = address_.bits() - prefix_len_;
  if (host_bits >= 63) return uint64_t{1} << 63;
  return uint64_t{1} << host_bits;
}

std::string Cidr::ToString() const {
  return address_.ToString() + "/" + std::to_string(prefix_len_);
}

}  // namespace vnet::net
