// Parsing and formatting of protocols and port ranges.
#include "net/flow.h"

#include <charconv>

#include "base/strings.h"

namespace vnet::net {

namespace {
constexpr std::string_view kNames[] = {"Tcp", "Udp", "Icmp", "Esp", "Ah"};

Result<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535)
    return Status::InvalidArgument("InvalidPortRange", "'" + std::string(text) + "' is no port.");
  return static_cast<uint16_t>(value);
}
}  // namespace

std::string_view ProtocolName(Protocol p) { return kNames[static_cast<int>(p)]; }

Result<Protocol> ParseProtocol(std::string_view text) {
  for (int i = 0; i < kProtocolCount; ++i) {
    if (EqualsIgnoreCase(text, kNames[i])) return static_cast<Protocol>(i);
  }
  return Status::InvalidArgument("InvalidProtocol", "'" + std::string(text) + "' is no protocol.");
}

Result<PortRange> PortRange::Parse(std::string_view text) {
  if (text == "*") return PortRange{};
  size_t dash = text.find('-');
  PortRange r;
  if (dash == std::string_view::npos) {
    VNET_ASSIGN_OR_RETURN(r.lo, ParsePort(text));
    r.hi = r.lo;
    return r;
  }
  VNET_ASSIGN_OR_RETURN(r.lo, ParsePort(text.substr(0, dash)));
  VNET_ASSIGN_OR_RETURN(r.hi, ParsePort(text.substr(dash + 1)));
  if (r.lo > r.hi)
    return Status::InvalidArgument("InvalidPortRange", "'" + std::string(text) + "': low > high.");
  return r;
}

std::string PortRange::ToString() const {
  if (lo == hi) return std::to_string(lo);
  return std::to_string(lo) + "-" + std::to_string(hi);
}

}  // namespace vnet::net
