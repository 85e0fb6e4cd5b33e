// Prefix checks shared by VNets, subnets and the handlers that take address prefixes.
#include "control/handlers/network_prefixes.h"

namespace vnet::control::handlers {

Result<net::Cidr> ParsePrefix(std::string_view text, const arm::ResourceId& owner) {
  Result<net::Cidr> cidr = net::Cidr::Parse(text);
  if (cidr.ok()) return cidr;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    Result<net::IpAddress> addr = net::IpAddress::Parse(text.substr(0, slash));
    Result<net::Cidr> loose = net::Cidr::ParseAddressOrCidr(text.substr(0, slash));
    std::string_view len_text = text.substr(slash + 1);
    int len = -1;
    if (!len_text.empty() && len_text.size() <= 3) {
      len = 0;
      for (char c : len_text) len = (c >= '0' && c <= '9' && len >= 0) ? len * 10 + (c - '0') : -1;
    }
    if (addr.ok() && len >= 0 && len <= addr->bits()) {
      return Status::InvalidArgument(
          "InvalidCIDRNotation",
          "The address prefix " + std::string(text) + " in resource " + owner.ToString() +
              " has an invalid CIDR notation. For the given prefix length, the address prefix "
              "should be " +
              net::Cidr::Of(*addr, len).ToString() + ".");
    }
    (void)loose;
  }
  return Status::InvalidArgument("InvalidAddressPrefixFormat",
                                 "Address prefix " + std::string(text) + " of resource " +
                                     owner.ToString() +
                                     " is not formatted correctly. It should follow CIDR "
                                     "notation, for example 10.0.0.0/24.");
}

Status CheckNotReservedRange(const net::Cidr& prefix, const arm::ResourceId& owner) {
  static const char* const kReserved[] = {"224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8",
                                          "169.254.0.0/16", "168.63.129.16/32"};
  for (const char* r : kReserved) {
    net::Cidr reserved = net::Cidr::Parse(r).value();
    if (reserved.Overlaps(prefix)) {
      return Status::InvalidArgument("NetcfgInvalidIPAddressPrefix",
                                     "IP address prefix " + prefix.ToString() + " of " +
                                         owner.ToString() +
                                         " is not valid: it overlaps reserved "
                                         "range " +
                                         std::string(r) + ".");
    }
  }
  return {};
}

}  // namespace vnet::control::handlers
