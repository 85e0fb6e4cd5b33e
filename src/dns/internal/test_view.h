// A DNS view built by hand for the dns module's tests: VNets with each kind of DNS setting
// (linked to privatelink.blob.core.windows.net, unlinked, custom servers that forward, do not,
// forward by zone, loop, or are outside the model), a private zone, public zones with the
// privatelink chain of two accounts and one without, and a CNAME loop.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "base/strings.h"
#include "compile/dns_view.h"
#include "dns/resolver.h"

namespace vnet::dns::testing {

using compile::DnsLink;
using compile::DnsRecord;
using compile::DnsRecordSet;
using compile::DnsView;
using compile::DnsZone;
using compile::Index;

inline net::IpAddress Ip(const char* text) { return net::IpAddress::Parse(text).value(); }

inline DnsRecordSet Soa(uint32_t minimum) {
  return {RrType::kSoa,
          3600,
          {DnsRecord{.target = "ns", .rname = "host", .serial = 1, .minimum = minimum}},
          "",
          false};
}

inline void Put(DnsZone& z, const std::string& owner, RrType type, DnsRecord r, uint32_t ttl = 60) {
  z.names[owner].push_back(DnsRecordSet{type, ttl, {std::move(r)}, "", false});
}
inline DnsRecord Cname(const std::string& target) { return DnsRecord{.target = target}; }
inline DnsRecord A(const char* ip) { return DnsRecord{.ip = Ip(ip)}; }

enum V : Index {
  kLinked,
  kUnlinked,
  kNoForward,
  kForward,
  kConditional,
  kExplicitAzure,
  kLoop,
  kUnknownServer,
  kRedirect,
  kVnets
};
enum N : Index { kNicNoForward, kNicForward, kNicPlain, kNics };

inline std::shared_ptr<DnsView> MakeView() {
  auto t = std::make_shared<compile::Topology>();
  const char* names[] = {"linked",   "unlinked", "noforward", "forward", "conditional",
                         "explicit", "loop",     "unknown",   "redirect"};
  for (Index v = 0; v < kVnets; ++v) {
    compile::Vnet vnet;
    vnet.name = names[v];
    vnet.id = std::string(
                  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
                  "virtualNetworks/") +
              names[v];
    (*t->index_by_key)[AsciiLower(vnet.id)] = v;
    t->vnets.push_back(vnet);
  }
  t->vnets.At(kNoForward).dns_servers = {Ip("10.0.0.4")};
  t->vnets.At(kForward).dns_servers = {Ip("10.0.0.5"), Ip("10.0.0.4")};
  t->vnets.At(kConditional).dns_servers = {Ip("10.0.0.6")};
  t->vnets.At(kExplicitAzure).dns_servers = {compile::kAzureDnsIp};
  t->vnets.At(kLoop).dns_servers = {Ip("10.0.0.7")};
  t->vnets.At(kUnknownServer).dns_servers = {Ip("8.8.8.8")};
  // NICs with DNS servers of their own (they replace the VNet's): kNicNoForward in the linked
  // VNet asks 10.0.0.4 (no forwarder); kNicForward in the VNet whose server does not forward asks
  // 10.0.0.5 (forwards to Azure DNS from the linked VNet); kNicPlain has none of its own.
  t->nics.resize(kNics);
  t->nics.At(kNicNoForward).dns_servers = {Ip("10.0.0.4")};
  t->nics.At(kNicForward).dns_servers = {Ip("10.0.0.5")};

  auto view = std::make_shared<DnsView>();
  view->topology = t;
  DnsZone pl_private{DnsZone::Kind::kPrivate,
                     "/zones/privatelink.blob.core.windows.net",
                     "privatelink.blob.core.windows.net",
                     Soa(10),
                     {}};
  Put(pl_private, "acct.privatelink.blob.core.windows.net", RrType::kA, A("10.1.0.5"), 10);
  DnsZone loop{DnsZone::Kind::kPrivate, "/zones/loop.internal", "loop.internal", Soa(10), {}};
  Put(loop, "x.loop.internal", RrType::kCname, Cname("y.loop.internal"));
  Put(loop, "y.loop.internal", RrType::kCname, Cname("x.loop.internal"));
  DnsZone blob{DnsZone::Kind::kPublic, "", "blob.core.windows.net", Soa(60), {}};
  Put(blob, "acct.blob.core.windows.net", RrType::kCname,
      Cname("acct.privatelink.blob.core.windows.net"));
  Put(blob, "acct2.blob.core.windows.net", RrType::kCname,
      Cname("acct2.privatelink.blob.core.windows.net"));
  Put(blob, "plain.blob.core.windows.net", RrType::kCname, Cname("blob.x.store.core.windows.net"));
  DnsZone pl_public{DnsZone::Kind::kPublic, "", "privatelink.blob.core.windows.net", Soa(60), {}};
  Put(pl_public, "acct.privatelink.blob.core.windows.net", RrType::kCname,
      Cname("blob.y.store.core.windows.net"));
  Put(pl_public, "acct2.privatelink.blob.core.windows.net", RrType::kCname,
      Cname("blob.z.store.core.windows.net"));
  DnsZone store{DnsZone::Kind::kPublic, "", "store.core.windows.net", Soa(60), {}};
  Put(store, "blob.y.store.core.windows.net", RrType::kA, A("20.1.1.1"));
  Put(store, "blob.x.store.core.windows.net", RrType::kA, A("20.1.1.2"));
  Put(store, "blob.z.store.core.windows.net", RrType::kA, A("20.1.1.3"));
  // A name whose answer (20 TXT records of 200 octets) does not fit a UDP message.
  DnsZone big{DnsZone::Kind::kPrivate, "/zones/big.internal", "big.internal", Soa(10), {}};
  DnsRecordSet txt{RrType::kTxt, 300, {}, "", false};
  for (int i = 0; i < 20; ++i) {
    txt.records.push_back(DnsRecord{.texts = {std::string(200, static_cast<char>('a' + i))}});
  }
  big.names["txt.big.internal"].push_back(txt);
  view->zones = {pl_private, loop, blob, pl_public, store, big};
  view->public_zones = {{"blob.core.windows.net", 2},
                        {"privatelink.blob.core.windows.net", 3},
                        {"store.core.windows.net", 4}};
  view->links.assign(kVnets, {});
  view->links[kLinked] = {DnsLink{0, "/links/linked", false, false},
                          DnsLink{1, "/links/loop", false, false},
                          DnsLink{5, "/links/big", false, false}};
  view->links[kExplicitAzure] = {DnsLink{0, "/links/explicit", false, false}};
  view->links[kRedirect] = {DnsLink{0, "/links/redirect", false, true}};
  // 10.0.0.4: no forwarder; 10.0.0.5 in the linked VNet forwards to Azure DNS; 10.0.0.6 forwards
  // only blob.core.windows.net (from the linked VNet); 10.0.0.7 and 10.0.0.8 forward to each
  // other.
  auto server = [&](const char* ip, Index vnet, std::vector<net::IpAddress> fwd,
                    std::vector<compile::CustomDnsServer::Conditional> cond = {}) {
    compile::CustomDnsServer s;
    s.ip = Ip(ip);
    s.vnet = vnet;
    s.described_by = std::string("vm-") + ip;
    s.forwarders = std::move(fwd);
    s.conditional = std::move(cond);
    view->servers[s.ip] = s;
  };
  server("10.0.0.4", kUnlinked, {});
  server("10.0.0.5", kLinked, {compile::kAzureDnsIp});
  server("10.0.0.6", kLinked, {}, {{"blob.core.windows.net", {compile::kAzureDnsIp}}});
  server("10.0.0.7", kLinked, {Ip("10.0.0.8")});
  server("10.0.0.8", kLinked, {Ip("10.0.0.7")});
  return view;
}

}  // namespace vnet::dns::testing
