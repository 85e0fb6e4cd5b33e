// The wire side of the DNS server: ldns parses the query and encodes the answer that Resolve
// gives, with EDNS, extended errors and truncation.
#include "dns/responder.h"

#include <ldns/ldns.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace vnet::dns {

namespace {

struct PktFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using Pkt = std::unique_ptr<ldns_pkt, PktFree>;

struct CharFree {
  void operator()(char* p) const { std::free(p); }
};

// RFC 8914 info codes.
constexpr uint16_t kEdeOther = 0;
constexpr uint16_t kEdeNotSupported = 21;
constexpr uint16_t kEdeNoReachableAuthority = 22;

std::vector<uint8_t> ToWire(const ldns_pkt* p) {
  uint8_t* buf = nullptr;
  size_t size = 0;
  if (ldns_pkt2wire(&buf, p, &size) != LDNS_STATUS_OK) {
    std::free(buf);
    return {};
  }
  std::vector<uint8_t> out(buf, buf + size);
  std::free(buf);
  return out;
}

// A header-only answer for a query ldns could not parse: its id, opcode and RD echoed.
std::vector<uint8_t> HeaderOnly(std::span<const uint8_t> q, uint8_t rcode) {
  std::vector<uint8_t> out(12, 0);
  out[0] = q[0];
  out[1] = q[1];
  out[2] = static_cast<uint8_t>(0x80 | (q[2] & 0x79));  // QR, opcode, RD
  out[3] = static_cast<uint8_t>(0x80 | rcode);          // RA
  return out;
}

ldns_rdf* Name(const std::string& fqdn) {
  ldns_rdf* d = ldns_dname_new_frm_str((fqdn + ".").c_str());
  return d ? d : ldns_dname_new_frm_str(".");
}

ldns_rdf* Int16(uint16_t v) { return ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, v); }
ldns_rdf* Int32(uint32_t v) { return ldns_native2rdf_int32(LDNS_RDF_TYPE_INT32, v); }

// One resource record of an answer; nullptr when its data cannot be encoded.
ldns_rr* MakeRr(const Answer& a, const ldns_rdf* owner) {
  ldns_rr* rr = ldns_rr_new();
  ldns_rr_set_owner(rr, owner ? ldns_rdf_clone(owner) : Name(a.name));
  ldns_rr_set_type(rr, static_cast<ldns_rr_type>(a.type));
  ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
  ldns_rr_set_ttl(rr, a.ttl);
  const compile::DnsRecord& r = a.data;
  switch (a.type) {
    case RrType::kA: {
      uint32_t v = r.ip.v4();
      uint8_t b[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16),
                      static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
      ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_A, 4, b));
      break;
    }
    case RrType::kAaaa: {
      uint8_t b[16];
      for (int i = 0; i < 8; ++i) {
        b[i] = static_cast<uint8_t>(r.ip.hi() >> (56 - 8 * i));
        b[8 + i] = static_cast<uint8_t>(r.ip.lo() >> (56 - 8 * i));
      }
      ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_AAAA, 16, b));
      break;
    }
    case RrType::kCname:
    case RrType::kPtr:
    case RrType::kNs:
      ldns_rr_push_rdf(rr, Name(r.target));
      break;
    case RrType::kMx:
      ldns_rr_push_rdf(rr, Int16(r.preference));
      ldns_rr_push_rdf(rr, Name(r.target));
      break;
    case RrType::kSrv:
      ldns_rr_push_rdf(rr, Int16(r.priority));
      ldns_rr_push_rdf(rr, Int16(r.weight));
      ldns_rr_push_rdf(rr, Int16(r.port));
      ldns_rr_push_rdf(rr, Name(r.target));
      break;
    case RrType::kTxt: {
      // Each string goes out as <length><octets>, split every 255 octets.
      std::vector<std::string> parts;
      for (const std::string& t : r.texts) {
        for (size_t i = 0; i < t.size() || i == 0; i += 255) parts.push_back(t.substr(i, 255));
      }
      if (parts.empty()) parts.emplace_back();
      for (const std::string& p : parts) {
        std::string data(1, static_cast<char>(p.size()));
        data += p;
        ldns_rr_push_rdf(rr, ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, data.size(), data.data()));
      }
      break;
    }
    case RrType::kSoa:
      ldns_rr_push_rdf(rr, Name(r.target));
      ldns_rr_push_rdf(rr, Name(r.rname));
      ldns_rr_push_rdf(rr, Int32(r.serial));
      ldns_rr_push_rdf(rr, Int32(r.refresh));
      ldns_rr_push_rdf(rr, Int32(r.retry));
      ldns_rr_push_rdf(rr, Int32(r.expire));
      ldns_rr_push_rdf(rr, Int32(r.minimum));
      break;
    case RrType::kAny:
      ldns_rr_free(rr);
      return nullptr;
  }
  return rr;
}

void SetExtendedError(ldns_pkt* p, uint16_t code, std::string_view text) {
  std::string data;
  data += static_cast<char>(code >> 8);
  data += static_cast<char>(code & 0xFF);
  data += text.substr(0, 400);
  ldns_edns_option_list* list = ldns_edns_option_list_new();
  ldns_edns_option_list_push(list,
                             ldns_edns_new_from_data(LDNS_EDNS_EDE, data.size(), data.data()));
  ldns_pkt_set_edns_option_list(p, list);
}

}  // namespace

std::vector<uint8_t> Respond(const Answerer& answerer, std::span<const uint8_t> query,
                             Transport transport) {
  if (query.size() < 12 || (query[2] & 0x80)) return {};
  ldns_pkt* parsed = nullptr;
  if (ldns_wire2pkt(&parsed, query.data(), query.size()) != LDNS_STATUS_OK) {
    if (parsed) ldns_pkt_free(parsed);
    return HeaderOnly(query, static_cast<uint8_t>(Rcode::kFormErr));
  }
  Pkt q(parsed);
  if (ldns_pkt_get_opcode(q.get()) != LDNS_PACKET_QUERY) {
    return HeaderOnly(query, static_cast<uint8_t>(Rcode::kNotImp));
  }
  ldns_rr_list* questions = ldns_pkt_question(q.get());
  if (ldns_rr_list_rr_count(questions) != 1 || ldns_pkt_ancount(q.get()) != 0) {
    return HeaderOnly(query, static_cast<uint8_t>(Rcode::kFormErr));
  }
  const ldns_rr* question = ldns_rr_list_rr(questions, 0);
  const bool edns = ldns_pkt_edns(q.get());

  Pkt r(ldns_pkt_new());
  ldns_pkt_set_id(r.get(), ldns_pkt_id(q.get()));
  ldns_pkt_set_qr(r.get(), true);
  ldns_pkt_set_opcode(r.get(), LDNS_PACKET_QUERY);
  ldns_pkt_set_rd(r.get(), ldns_pkt_rd(q.get()));
  ldns_pkt_set_ra(r.get(), true);  // 168.63.129.16 is a recursive resolver
  ldns_pkt_set_cd(r.get(), ldns_pkt_cd(q.get()));
  ldns_pkt_push_rr(r.get(), LDNS_SECTION_QUESTION, ldns_rr_clone(question));
  if (edns) ldns_pkt_set_edns_udp_size(r.get(), kServerUdpSize);

  auto finish = [&](Rcode code, uint16_t ede, std::string_view why) {
    ldns_pkt_set_rcode(r.get(), static_cast<uint8_t>(code));
    if (edns && !why.empty()) SetExtendedError(r.get(), ede, why);
  };
  const ldns_rr_class qclass = ldns_rr_get_class(question);
  const uint16_t qtype = static_cast<uint16_t>(ldns_rr_get_type(question));
  if (edns && ldns_pkt_edns_version(q.get()) != 0) {
    ldns_pkt_set_edns_extended_rcode(r.get(), 1);  // BADVERS = 16: upper bits 1, rcode 0
    return ToWire(r.get());
  }
  if (!answerer.view) {
    finish(Rcode::kRefused, kEdeOther, answerer.refused_reason);
  } else if (qclass != LDNS_RR_CLASS_IN && qclass != LDNS_RR_CLASS_ANY) {
    finish(Rcode::kRefused, kEdeNotSupported, "only class IN is served");
  } else if (qtype == LDNS_RR_TYPE_AXFR || qtype == LDNS_RR_TYPE_IXFR || qtype == 0) {
    finish(Rcode::kRefused, kEdeNotSupported, "zone transfers are not served");
  } else {
    std::unique_ptr<char, CharFree> text(ldns_rdf2str(ldns_rr_owner(question)));
    Resolution res =
        Resolve(*answerer.view, answerer.from, text ? text.get() : "", static_cast<RrType>(qtype));
    for (size_t i = 0; i < res.answers.size(); ++i) {
      // The first record's owner is the question's name, as the client spelled it.
      ldns_rr* rr = MakeRr(res.answers[i], i == 0 ? ldns_rr_owner(question) : nullptr);
      if (rr) ldns_pkt_push_rr(r.get(), LDNS_SECTION_ANSWER, rr);
    }
    if (res.authority) {
      if (ldns_rr* rr = MakeRr(*res.authority, nullptr)) {
        ldns_pkt_push_rr(r.get(), LDNS_SECTION_AUTHORITY, rr);
      }
    }
    uint16_t ede =
        res.error.find("outside") != std::string::npos ? kEdeNoReachableAuthority : kEdeOther;
    finish(res.rcode, ede,
           res.rcode == Rcode::kNoError || res.rcode == Rcode::kNxDomain
               ? std::string_view()
               : std::string_view(res.error));
  }

  std::vector<uint8_t> wire = ToWire(r.get());
  size_t limit = 65535;
  if (transport == Transport::kUdp) {
    limit = 512;
    if (edns) {
      limit =
          std::max<size_t>(512, std::min<size_t>(ldns_pkt_edns_udp_size(q.get()), kServerUdpSize));
    }
  }
  if (wire.size() > limit) {
    // Truncated: the header and question only; the client asks again over TCP (RFC 7766).
    ldns_pkt_set_tc(r.get(), true);
    ldns_rr_list_deep_free(ldns_pkt_answer(r.get()));
    ldns_pkt_set_answer(r.get(), ldns_rr_list_new());
    ldns_rr_list_deep_free(ldns_pkt_authority(r.get()));
    ldns_pkt_set_authority(r.get(), ldns_rr_list_new());
    ldns_pkt_set_ancount(r.get(), 0);
    ldns_pkt_set_nscount(r.get(), 0);
    wire = ToWire(r.get());
  }
  return wire;
}

}  // namespace vnet::dns
