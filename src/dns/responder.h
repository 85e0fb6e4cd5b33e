// Respond: one DNS message in wire format in, the answer of 168.63.129.16 (or the internet's
// public DNS) for a viewpoint out. Parsing and encoding go through ldns. EDNS0 (RFC 6891): the
// client's UDP size is honoured up to 1232 octets, an EDNS version other than 0 gets BADVERS;
// an answer too large for UDP is sent truncated (TC, no records) so that the client retries over
// TCP. SERVFAIL and REFUSED carry an Extended DNS Error (RFC 8914) saying why. Malformed input
// gets FORMERR when its header is readable and no answer otherwise; nothing in it is trusted.
// Pure function; thread-safe.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "compile/dns_view.h"
#include "dns/resolver.h"

namespace vnet::dns {

enum class Transport : uint8_t { kUdp, kTcp };

inline constexpr uint16_t kServerUdpSize = 1232;  // the EDNS payload size vnetd advertises

// Who the message is answered for: `view` and `from`, or, when `view` is null, a REFUSED answer
// whose extended error is `refused_reason` (a listener whose VNet is not in the model).
struct Answerer {
  const compile::DnsView* view = nullptr;
  Viewpoint from;
  std::string_view refused_reason;
};

// The response to `query`, or empty when none should be sent (shorter than a DNS header, or
// itself a response).
std::vector<uint8_t> Respond(const Answerer& answerer, std::span<const uint8_t> query,
                             Transport transport);

}  // namespace vnet::dns
