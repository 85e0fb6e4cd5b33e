// The wire side: queries built with ldns (as a client library), answers parsed back with it.
// Header flags and the echoed question, EDNS size and BADVERS, truncation over UDP and the full
// answer over TCP, FORMERR / NOTIMP / REFUSED / SERVFAIL with their extended errors, NXDOMAIN
// with the zone's SOA, and inputs that get no answer at all.
#include "dns/responder.h"

#include <gtest/gtest.h>
#include <ldns/ldns.h>

#include <cstdlib>
#include <memory>

#include "base/strings.h"
#include "dns/internal/test_view.h"

namespace vnet::dns {
namespace {

struct PktFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using Pkt = std::unique_ptr<ldns_pkt, PktFree>;

std::vector<uint8_t> Query(const char* name, ldns_rr_type type, bool edns = false, uint16_t udp = 0,
                           uint8_t version = 0, ldns_pkt_opcode opcode = LDNS_PACKET_QUERY) {
  ldns_pkt* q = nullptr;
  EXPECT_EQ(ldns_pkt_query_new_frm_str(&q, name, type, LDNS_RR_CLASS_IN, LDNS_RD), LDNS_STATUS_OK);
  ldns_pkt_set_id(q, 0x1234);
  ldns_pkt_set_opcode(q, opcode);
  if (edns) {
    ldns_pkt_set_edns_udp_size(q, udp);
    ldns_pkt_set_edns_version(q, version);
  }
  uint8_t* buf = nullptr;
  size_t size = 0;
  EXPECT_EQ(ldns_pkt2wire(&buf, q, &size), LDNS_STATUS_OK);
  std::vector<uint8_t> out(buf, buf + size);
  std::free(buf);
  ldns_pkt_free(q);
  return out;
}

Pkt Parse(const std::vector<uint8_t>& wire) {
  ldns_pkt* p = nullptr;
  EXPECT_EQ(ldns_wire2pkt(&p, wire.data(), wire.size()), LDNS_STATUS_OK);
  return Pkt(p);
}

std::string RrText(const ldns_rr* rr) {
  char* s = ldns_rr2str(rr);
  std::string out = s ? s : "";
  std::free(s);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The extended error (code, text) of a response, or (-1, "").
std::pair<int, std::string> Ede(ldns_pkt* p) {
  ldns_edns_option_list* list = ldns_pkt_edns_get_option_list(p);
  for (size_t i = 0; list && i < ldns_edns_option_list_get_count(list); ++i) {
    ldns_edns_option* o = ldns_edns_option_list_get_option(list, i);
    if (ldns_edns_get_code(o) != LDNS_EDNS_EDE) continue;
    const uint8_t* d = ldns_edns_get_data(o);
    size_t n = ldns_edns_get_size(o);
    if (n < 2) return {-1, ""};
    return {(d[0] << 8) | d[1], std::string(reinterpret_cast<const char*>(d + 2), n - 2)};
  }
  return {-1, ""};
}

class ResponderTest : public ::testing::Test {
 protected:
  std::shared_ptr<compile::DnsView> view_ = testing::MakeView();
  Answerer linked_{view_.get(), Viewpoint::Vnet(testing::kLinked), ""};
};

TEST_F(ResponderTest, AnswersTheChainWithHeaderAndQuestion) {
  std::vector<uint8_t> out =
      Respond(linked_, Query("Acct.Blob.Core.Windows.Net.", LDNS_RR_TYPE_A), Transport::kUdp);
  Pkt r = Parse(out);
  EXPECT_EQ(ldns_pkt_id(r.get()), 0x1234);
  EXPECT_TRUE(ldns_pkt_qr(r.get()));
  EXPECT_TRUE(ldns_pkt_rd(r.get()));
  EXPECT_TRUE(ldns_pkt_ra(r.get()));
  EXPECT_FALSE(ldns_pkt_aa(r.get()));
  EXPECT_FALSE(ldns_pkt_tc(r.get()));
  EXPECT_EQ(ldns_pkt_get_rcode(r.get()), LDNS_RCODE_NOERROR);
  EXPECT_EQ(RrText(ldns_rr_list_rr(ldns_pkt_question(r.get()), 0)),
            "Acct.Blob.Core.Windows.Net.\tIN\tA");
  ldns_rr_list* an = ldns_pkt_answer(r.get());
  ASSERT_EQ(ldns_rr_list_rr_count(an), 2u);
  // Names compare without case: ldns compresses against the question's spelling.
  EXPECT_EQ(AsciiLower(RrText(ldns_rr_list_rr(an, 0))),
            "acct.blob.core.windows.net.\t60\tin\tcname\tacct.privatelink.blob.core.windows.net.");
  EXPECT_EQ(AsciiLower(RrText(ldns_rr_list_rr(an, 1))),
            "acct.privatelink.blob.core.windows.net.\t10\tin\ta\t10.1.0.5");
  EXPECT_FALSE(ldns_pkt_edns(r.get()));  // no OPT asked, none given
}

TEST_F(ResponderTest, NxDomainCarriesTheSoa) {
  Pkt r = Parse(
      Respond(linked_, Query("acct2.blob.core.windows.net.", LDNS_RR_TYPE_A), Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(r.get()), LDNS_RCODE_NXDOMAIN);
  ASSERT_EQ(ldns_rr_list_rr_count(ldns_pkt_authority(r.get())), 1u);
  EXPECT_EQ(RrText(ldns_rr_list_rr(ldns_pkt_authority(r.get()), 0)),
            "privatelink.blob.core.windows.net.\t10\tIN\tSOA\tns. host. 1 0 0 0 10");
}

TEST_F(ResponderTest, EdnsSizeTruncationAndTcp) {
  // Without EDNS the TXT answer does not fit 512 octets: TC and no records.
  Pkt small =
      Parse(Respond(linked_, Query("txt.big.internal.", LDNS_RR_TYPE_TXT), Transport::kUdp));
  EXPECT_TRUE(ldns_pkt_tc(small.get()));
  EXPECT_EQ(ldns_pkt_ancount(small.get()), 0);
  EXPECT_EQ(ldns_rr_list_rr_count(ldns_pkt_question(small.get())), 1u);
  // With EDNS 4096 the answer is still capped at vnetd's 1232.
  std::vector<uint8_t> big =
      Respond(linked_, Query("txt.big.internal.", LDNS_RR_TYPE_TXT, true, 4096), Transport::kUdp);
  EXPECT_LE(big.size(), kServerUdpSize);
  Pkt e = Parse(big);
  EXPECT_TRUE(ldns_pkt_tc(e.get()));
  EXPECT_EQ(ldns_pkt_edns_udp_size(e.get()), kServerUdpSize);
  // TCP: everything.
  Pkt tcp = Parse(Respond(linked_, Query("txt.big.internal.", LDNS_RR_TYPE_TXT), Transport::kTcp));
  EXPECT_FALSE(ldns_pkt_tc(tcp.get()));
  ASSERT_EQ(ldns_pkt_ancount(tcp.get()), 20);
  ldns_rr* first = ldns_rr_list_rr(ldns_pkt_answer(tcp.get()), 0);
  EXPECT_EQ(ldns_rdf_size(ldns_rr_rdf(first, 0)), 201u);  // length octet + 200
  // A small answer with EDNS: OPT in the response, not truncated.
  Pkt ok = Parse(Respond(linked_, Query("acct.blob.core.windows.net.", LDNS_RR_TYPE_A, true, 1232),
                         Transport::kUdp));
  EXPECT_TRUE(ldns_pkt_edns(ok.get()));
  EXPECT_FALSE(ldns_pkt_tc(ok.get()));
  EXPECT_EQ(ldns_pkt_ancount(ok.get()), 2);
}

TEST_F(ResponderTest, ErrorsSayWhy) {
  // EDNS version 1: BADVERS (extended rcode 1, i.e. 16).
  Pkt badvers =
      Parse(Respond(linked_, Query("acct.blob.core.windows.net.", LDNS_RR_TYPE_A, true, 1232, 1),
                    Transport::kUdp));
  EXPECT_EQ(ldns_pkt_edns_extended_rcode(badvers.get()), 1);
  // Outside the model: SERVFAIL, "No Reachable Authority" with the reason.
  Pkt outside = Parse(
      Respond(linked_, Query("www.example.com.", LDNS_RR_TYPE_A, true, 1232), Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(outside.get()), LDNS_RCODE_SERVFAIL);
  auto [code, text] = Ede(outside.get());
  EXPECT_EQ(code, 22);
  EXPECT_NE(text.find("www.example.com is outside it"), std::string::npos) << text;
  // No view: REFUSED with the listener's reason.
  Answerer none{nullptr, {}, "virtual network /x is not in the model"};
  Pkt refused = Parse(Respond(
      none, Query("acct.blob.core.windows.net.", LDNS_RR_TYPE_A, true, 1232), Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(refused.get()), LDNS_RCODE_REFUSED);
  EXPECT_EQ(Ede(refused.get()).second, "virtual network /x is not in the model");
  // Zone transfers are refused; other opcodes are not implemented.
  Pkt axfr = Parse(Respond(linked_, Query("big.internal.", LDNS_RR_TYPE_AXFR), Transport::kTcp));
  EXPECT_EQ(ldns_pkt_get_rcode(axfr.get()), LDNS_RCODE_REFUSED);
  Pkt notify = Parse(
      Respond(linked_, Query("big.internal.", LDNS_RR_TYPE_SOA, false, 0, 0, LDNS_PACKET_NOTIFY),
              Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(notify.get()), LDNS_RCODE_NOTIMPL);
  EXPECT_EQ(ldns_pkt_id(notify.get()), 0x1234);
}

TEST_F(ResponderTest, MalformedInput) {
  std::vector<uint8_t> q = Query("acct.blob.core.windows.net.", LDNS_RR_TYPE_A);
  // Shorter than a header, or a response: no answer.
  EXPECT_TRUE(
      Respond(linked_, std::vector<uint8_t>(q.begin(), q.begin() + 11), Transport::kUdp).empty());
  std::vector<uint8_t> response = q;
  response[2] |= 0x80;
  EXPECT_TRUE(Respond(linked_, response, Transport::kUdp).empty());
  // A question cut short: FORMERR with the id.
  std::vector<uint8_t> cut(q.begin(), q.end() - 3);
  Pkt formerr = Parse(Respond(linked_, cut, Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(formerr.get()), LDNS_RCODE_FORMERR);
  EXPECT_EQ(ldns_pkt_id(formerr.get()), 0x1234);
  // Two questions: FORMERR.
  std::vector<uint8_t> two = q;
  two[5] = 2;
  two.insert(two.end(), q.begin() + 12, q.end());
  Pkt two_q = Parse(Respond(linked_, two, Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(two_q.get()), LDNS_RCODE_FORMERR);
  // A compression pointer that points at itself.
  std::vector<uint8_t> loop(q.begin(), q.begin() + 12);
  loop.insert(loop.end(), {0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01});
  Pkt ptr = Parse(Respond(linked_, loop, Transport::kUdp));
  EXPECT_EQ(ldns_pkt_get_rcode(ptr.get()), LDNS_RCODE_FORMERR);
}

}  // namespace
}  // namespace vnet::dns
