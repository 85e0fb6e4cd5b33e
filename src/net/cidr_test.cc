// Tests for IpAddress and Cidr: parsing, canonical text and prefix arithmetic.
#include "net/cidr.h"

#include <gtest/gtest.h>

#include "base/testing.h"

namespace vnet::net {
namespace {

TEST(IpAddressTest, Parse) {
  struct Case {
    std::string_view text;
    bool ok;
    std::string_view canonical;
  };
  const Case kCases[] = {
      {"10.0.0.4", true, "10.0.0.4"},
      {"255.255.255.255", true, "255.255.255.255"},
      {"0.0.0.0", true, "0.0.0.0"},
      {"010.0.0.1", false, ""},  // leading zero
      {"10.0.0", false, ""},
      {"10.0.0.256", false, ""},
      {"10.0.0.1.", false, ""},
      {"", false, ""},
      {"FD00:0::1", true, "fd00::1"},
      {"2001:db8:0:0:0:0:2:1", true, "2001:db8::2:1"},
      {"::", true, "::"},
      {"fd00::1::2", false, ""},
      {"10.0.0.1/24", false, ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    Result<IpAddress> got = IpAddress::Parse(c.text);
    ASSERT_EQ(got.ok(), c.ok) << got.status().ToString();
    if (got.ok()) {
      EXPECT_EQ(got->ToString(), c.canonical);
    }
  }
}

TEST(CidrTest, Parse) {
  struct Case {
    std::string_view text;
    StatusCode code;
    std::string_view canonical;
  };
  const Case kCases[] = {
      {"10.0.0.0/8", StatusCode::kOk, "10.0.0.0/8"},
      {"10.1.2.3/8", StatusCode::kInvalidArgument, ""},  // host bits set
      {"10.0.0.0/33", StatusCode::kInvalidArgument, ""},
      {"10.0.0.0/", StatusCode::kInvalidArgument, ""},
      {"10.0.0.0/08", StatusCode::kInvalidArgument, ""},
      {"10.0.0.0", StatusCode::kInvalidArgument, ""},
      {"0.0.0.0/0", StatusCode::kOk, "0.0.0.0/0"},
      {"10.0.0.1/32", StatusCode::kOk, "10.0.0.1/32"},
      {"FD00:0::/8", StatusCode::kOk, "fd00::/8"},
      {"fd00::/129", StatusCode::kInvalidArgument, ""},
      {"fd00::1/64", StatusCode::kInvalidArgument, ""},
      {"ace:cab:deca::/48", StatusCode::kOk, "ace:cab:deca::/48"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    Result<Cidr> got = Cidr::Parse(c.text);
    ASSERT_EQ(got.status().code(), c.code) << got.status().message();
    if (got.ok()) {
      EXPECT_EQ(got->ToString(), c.canonical);
    }
    if (!got.ok()) {
      EXPECT_EQ(got.status().reason(), "InvalidCIDRNotation");
    }
  }
}

TEST(CidrTest, ContainmentAndOverlap) {
  ASSERT_OK_AND_ASSIGN(Cidr a, Cidr::Parse("10.0.0.0/16"));
  ASSERT_OK_AND_ASSIGN(Cidr b, Cidr::Parse("10.0.1.0/24"));
  ASSERT_OK_AND_ASSIGN(Cidr c, Cidr::Parse("10.1.0.0/16"));
  ASSERT_OK_AND_ASSIGN(Cidr v6, Cidr::Parse("fd00::/16"));
  EXPECT_TRUE(a.Contains(b));
  EXPECT_FALSE(b.Contains(a));
  EXPECT_TRUE(a.Overlaps(b));
  EXPECT_TRUE(b.Overlaps(a));
  EXPECT_FALSE(a.Overlaps(c));
  EXPECT_FALSE(a.Overlaps(v6));
  EXPECT_EQ(b.Size(), 256u);
  EXPECT_EQ(b.last().ToString(), "10.0.1.255");
  ASSERT_OK_AND_ASSIGN(IpAddress ip, IpAddress::Parse("10.0.1.77"));
  EXPECT_TRUE(b.Contains(ip));
  EXPECT_FALSE(c.Contains(ip));
  EXPECT_EQ(Cidr::Of(ip, 24), b);
  EXPECT_EQ(ip.Plus(200).ToString(), "10.0.2.21");
}

TEST(CidrTest, AddressOrCidr) {
  ASSERT_OK_AND_ASSIGN(Cidr host, Cidr::ParseAddressOrCidr("25.1.2.3"));
  EXPECT_EQ(host.ToString(), "25.1.2.3/32");
  ASSERT_OK_AND_ASSIGN(Cidr net, Cidr::ParseAddressOrCidr("25.2.0.0/24"));
  EXPECT_EQ(net.prefix_len(), 24);
}

TEST(CidrTest, OrderingIsTotal) {
  ASSERT_OK_AND_ASSIGN(Cidr a, Cidr::Parse("10.0.0.0/16"));
  ASSERT_OK_AND_ASSIGN(Cidr b, Cidr::Parse("10.0.0.0/24"));
  ASSERT_OK_AND_ASSIGN(Cidr v6, Cidr::Parse("::/0"));
  EXPECT_LT(a, b);
  EXPECT_LT(b, v6);
}

}  // namespace
}  // namespace vnet::net
