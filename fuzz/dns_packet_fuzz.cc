// libFuzzer target: the DNS server's packet handling (ldns parsing, resolution, encoding) on any
// bytes, over UDP and TCP, for a VNet's view and the internet's. Never crashes; an answer is a
// parsable response with the query's id, within the UDP size limit over UDP; and a fixed query
// answers the same before and after every input (nothing an input does changes the view).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "base/check.h"
#include "dns/internal/test_view.h"
#include "dns/responder.h"

// After the standard headers: clang cannot read libstdc++ once ldns's macros are defined.
// clang-format off
#include <ldns/ldns.h>
// clang-format on

namespace {

using vnet::dns::Answerer;
using vnet::dns::Transport;
using vnet::dns::Viewpoint;

const std::vector<uint8_t>& ProbeQuery() {
  static const std::vector<uint8_t> q = [] {
    ldns_pkt* p = nullptr;
    ldns_pkt_query_new_frm_str(&p, "acct.blob.core.windows.net.", LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN,
                               LDNS_RD);
    uint8_t* buf = nullptr;
    size_t size = 0;
    ldns_pkt2wire(&buf, p, &size);
    std::vector<uint8_t> out(buf, buf + size);
    std::free(buf);
    ldns_pkt_free(p);
    return out;
  }();
  return q;
}

void Check(const Answerer& a, const uint8_t* data, size_t size, Transport t) {
  std::vector<uint8_t> out = vnet::dns::Respond(a, std::span<const uint8_t>(data, size), t);
  if (out.empty()) return;
  VNET_CHECK(size >= 12 && out.size() >= 12);
  VNET_CHECK(out[0] == data[0] && out[1] == data[1]);  // the query's id
  VNET_CHECK((out[2] & 0x80) != 0);                    // a response
  if (t == Transport::kUdp) VNET_CHECK(out.size() <= vnet::dns::kServerUdpSize);
  ldns_pkt* parsed = nullptr;
  VNET_CHECK(ldns_wire2pkt(&parsed, out.data(), out.size()) == LDNS_STATUS_OK);
  ldns_pkt_free(parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto view = vnet::dns::testing::MakeView();
  static const Answerer linked{view.get(), Viewpoint::Vnet(vnet::dns::testing::kForward), ""};
  static const Answerer internet{view.get(), Viewpoint::Internet(), ""};
  static const std::vector<uint8_t> expected =
      vnet::dns::Respond(linked, ProbeQuery(), Transport::kUdp);
  Check(linked, data, size, Transport::kUdp);
  Check(internet, data, size, Transport::kTcp);
  VNET_CHECK(vnet::dns::Respond(linked, ProbeQuery(), Transport::kUdp) == expected);
  return 0;
}
