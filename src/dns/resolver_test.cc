// Resolution as a table of SEMANTICS.md 9.3-9.6 cases over a view built by hand: the privatelink
// chain from a linked VNet, an unlinked one and the internet; the private zone's authority
// (NXDOMAIN) and NxDomainRedirect; custom DNS servers that forward, do not, forward by zone, or
// loop; CNAME loops, NODATA, names outside the model, bad names.
#include "dns/resolver.h"

#include <gtest/gtest.h>

#include "dns/internal/test_view.h"

namespace vnet::dns {
namespace {

using compile::Index;
using testing::kConditional;
using testing::kExplicitAzure;
using testing::kForward;
using testing::kLinked;
using testing::kLoop;
using testing::kNicForward;
using testing::kNicNoForward;
using testing::kNicPlain;
using testing::kNoForward;
using testing::kRedirect;
using testing::kUnknownServer;
using testing::kUnlinked;
using testing::MakeView;

std::string Join(const std::vector<net::IpAddress>& ips) {
  std::string out;
  for (const auto& ip : ips) out += (out.empty() ? "" : ",") + ip.ToString();
  return out;
}

TEST(ResolverTest, Table) {
  auto view = MakeView();
  struct Case {
    const char* what;
    bool internet;
    Index vnet;
    const char* name;
    RrType type;
    Rcode rcode;
    const char* addresses;
    size_t answers;
    const char* last_source;  // the hop that ended the chain
  };
  const Case kCases[] = {
      {"linked VNet: the private endpoint's address", false, kLinked, "acct.blob.core.windows.net",
       RrType::kA, Rcode::kNoError, "10.1.0.5", 2, "privateDnsZone"},
      {"unlinked VNet: the privatelink hop, then the public front end", false, kUnlinked,
       "acct.blob.core.windows.net", RrType::kA, Rcode::kNoError, "20.1.1.1", 3, "publicDns"},
      {"internet: public", true, 0, "acct.blob.core.windows.net", RrType::kA, Rcode::kNoError,
       "20.1.1.1", 3, "publicDns"},
      {"no private endpoint: no hop", false, kLinked, "plain.blob.core.windows.net", RrType::kA,
       Rcode::kNoError, "20.1.1.2", 2, "publicDns"},
      {"linked zone without the record is authoritative", false, kLinked,
       "acct2.blob.core.windows.net", RrType::kA, Rcode::kNxDomain, "", 1, "privateDnsZone"},
      {"NxDomainRedirect falls back to public", false, kRedirect, "acct2.blob.core.windows.net",
       RrType::kA, Rcode::kNoError, "20.1.1.3", 3, "publicDns"},
      {"custom server without a forwarder: public", false, kNoForward, "acct.blob.core.windows.net",
       RrType::kA, Rcode::kNoError, "20.1.1.1", 3, "publicDns"},
      {"custom server forwarding to 168.63.129.16 from a linked VNet", false, kForward,
       "acct.blob.core.windows.net", RrType::kA, Rcode::kNoError, "10.1.0.5", 2, "privateDnsZone"},
      {"conditional forwarder for the public zone", false, kConditional,
       "acct.blob.core.windows.net", RrType::kA, Rcode::kNoError, "10.1.0.5", 2, "privateDnsZone"},
      {"conditional forwarder: other names by public recursion", false, kConditional,
       "plain.blob.core.windows.net", RrType::kA, Rcode::kNoError, "20.1.1.2", 2, "publicDns"},
      {"168.63.129.16 named explicitly", false, kExplicitAzure, "acct.blob.core.windows.net",
       RrType::kA, Rcode::kNoError, "10.1.0.5", 2, "privateDnsZone"},
      {"servers forwarding in a loop", false, kLoop, "acct.blob.core.windows.net", RrType::kA,
       Rcode::kServFail, "", 0, "none"},
      {"a server outside the model answers as public DNS", false, kUnknownServer,
       "acct.blob.core.windows.net", RrType::kA, Rcode::kNoError, "20.1.1.1", 3, "publicDns"},
      {"outside the modelled public DNS", false, kLinked, "www.example.com", RrType::kA,
       Rcode::kServFail, "", 0, "none"},
      {"no such account", false, kLinked, "nosuch.blob.core.windows.net", RrType::kA,
       Rcode::kNxDomain, "", 0, "publicDns"},
      {"AAAA: NODATA after the CNAME", false, kLinked, "acct.blob.core.windows.net", RrType::kAaaa,
       Rcode::kNoError, "", 1, "privateDnsZone"},
      {"CNAME loop", false, kLinked, "x.loop.internal", RrType::kA, Rcode::kServFail, "", 0,
       "privateDnsZone"},
      {"case and trailing dot", false, kLinked, "ACCT.Blob.Core.Windows.NET.", RrType::kA,
       Rcode::kNoError, "10.1.0.5", 2, "privateDnsZone"},
      {"CNAME asked: not followed", false, kLinked, "acct.blob.core.windows.net", RrType::kCname,
       Rcode::kNoError, "", 1, "publicDns"},
      {"zone apex SOA", false, kLinked, "privatelink.blob.core.windows.net", RrType::kSoa,
       Rcode::kNoError, "", 1, "privateDnsZone"},
      {"empty label", false, kLinked, "a..b", RrType::kA, Rcode::kFormErr, "", 0, ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    Resolution r = Resolve(*view, c.internet ? Viewpoint::Internet() : Viewpoint::Vnet(c.vnet),
                           c.name, c.type);
    EXPECT_EQ(r.rcode, c.rcode) << RcodeName(r.rcode) << " " << r.error;
    EXPECT_EQ(Join(r.Addresses()), c.addresses);
    EXPECT_EQ(r.answers.size(), c.answers);
    if (c.rcode != Rcode::kFormErr) {
      ASSERT_FALSE(r.hops.empty());
      EXPECT_EQ(r.hops.back().source, c.last_source) << r.hops.back().resolver;
    }
  }
}

TEST(ResolverTest, NegativeAnswersCarryTheZoneSoaAndTtl) {
  auto view = MakeView();
  Resolution nx =
      Resolve(*view, Viewpoint::Vnet(kLinked), "acct2.blob.core.windows.net", RrType::kA);
  ASSERT_TRUE(nx.authority.has_value());
  EXPECT_EQ(nx.authority->name, "privatelink.blob.core.windows.net");
  EXPECT_EQ(nx.authority->ttl, 10u);  // min(SOA TTL 3600, minimum 10)
  Resolution pub =
      Resolve(*view, Viewpoint::Internet(), "nosuch.blob.core.windows.net", RrType::kA);
  ASSERT_TRUE(pub.authority.has_value());
  EXPECT_EQ(pub.authority->name, "blob.core.windows.net");
  EXPECT_EQ(pub.authority->ttl, 60u);
}

TEST(ResolverTest, ANicsOwnDnsServersReplaceTheVnets) {
  auto view = MakeView();
  auto address = [&](Viewpoint from) {
    Resolution r = Resolve(*view, from, "acct.blob.core.windows.net", RrType::kA);
    std::vector<net::IpAddress> a = r.Addresses();
    return a.empty() ? std::string() : a.back().ToString();
  };
  struct Case {
    Viewpoint from;
    const char* expected;
  } cases[] = {
      {Viewpoint::Vnet(kLinked), "10.1.0.5"},                 // the VNet: Azure DNS, linked
      {Viewpoint::Nic(kLinked, kNicPlain), "10.1.0.5"},       // a NIC without its own
      {Viewpoint::Nic(kLinked, kNicNoForward), "20.1.1.1"},   // its server does not forward
      {Viewpoint::Vnet(kNoForward), "20.1.1.1"},              // the VNet's server
      {Viewpoint::Nic(kNoForward, kNicForward), "10.1.0.5"},  // its server forwards
  };
  for (const Case& c : cases) {
    EXPECT_EQ(address(c.from), c.expected) << "vnet " << c.from.vnet << " nic " << c.from.nic;
  }
  Resolution r = Resolve(*view, Viewpoint::Nic(kNoForward, kNicForward),
                         "acct.blob.core.windows.net", RrType::kA);
  ASSERT_EQ(r.hops.size(), 2u);
  EXPECT_EQ(r.hops[1].resolver,
            "the NIC's DNS servers: custom DNS server 10.0.0.5 (vm-10.0.0.5), forwarder -> Azure "
            "DNS (168.63.129.16) for linked");
}

TEST(ResolverTest, HopsNameTheResolverZoneAndLink) {
  auto view = MakeView();
  Resolution r =
      Resolve(*view, Viewpoint::Vnet(kForward), "acct.blob.core.windows.net", RrType::kA);
  ASSERT_EQ(r.hops.size(), 2u);
  EXPECT_EQ(r.hops[0].name, "acct.blob.core.windows.net");
  EXPECT_EQ(r.hops[0].result, "CNAME acct.privatelink.blob.core.windows.net");
  EXPECT_EQ(r.hops[0].zone, "blob.core.windows.net");
  EXPECT_EQ(r.hops[1].zone_id, "/zones/privatelink.blob.core.windows.net");
  EXPECT_EQ(r.hops[1].link_id, "/links/linked");
  EXPECT_EQ(r.hops[1].result, "A 10.1.0.5");
  EXPECT_EQ(r.hops[1].resolver,
            "custom DNS server 10.0.0.5 (vm-10.0.0.5), forwarder -> Azure DNS (168.63.129.16) "
            "for linked");
  EXPECT_EQ(r.answers[1].ttl, 10u);
  EXPECT_EQ(r.Lines()[1], "acct.privatelink.blob.core.windows.net. 10 IN A 10.1.0.5");

  Resolution loop =
      Resolve(*view, Viewpoint::Vnet(kLoop), "acct.blob.core.windows.net", RrType::kA);
  EXPECT_NE(loop.error.find("loop"), std::string::npos) << loop.error;
  Resolution outside = Resolve(*view, Viewpoint::Vnet(kLinked), "www.example.com", RrType::kA);
  EXPECT_NE(outside.error.find("outside"), std::string::npos) << outside.error;
}

}  // namespace
}  // namespace vnet::dns
