// libFuzzer target: IpAddress and Cidr parsing. Whatever the input, parsing never crashes, and
// whatever parses formats back to text that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/check.h"
#include "net/cidr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vnet::Result<vnet::net::Cidr> cidr = vnet::net::Cidr::Parse(text);
  if (cidr.ok()) {
    vnet::Result<vnet::net::Cidr> again = vnet::net::Cidr::Parse(cidr->ToString());
    VNET_CHECK(again.ok() && *again == *cidr);
    VNET_CHECK(cidr->Contains(cidr->address()) && cidr->Contains(cidr->last()));
  }
  vnet::Result<vnet::net::IpAddress> ip = vnet::net::IpAddress::Parse(text);
  if (ip.ok()) {
    vnet::Result<vnet::net::IpAddress> again = vnet::net::IpAddress::Parse(ip->ToString());
    VNET_CHECK(again.ok() && *again == *ip);
  }
  return 0;
}
