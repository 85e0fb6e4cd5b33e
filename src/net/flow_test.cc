// Protocol and port range parsing.
#include "net/flow.h"

#include <gtest/gtest.h>

namespace vnet::net {
namespace {

TEST(FlowTest, ParsesProtocolsCaseInsensitively) {
  EXPECT_EQ(ParseProtocol("tcp").value(), Protocol::kTcp);
  EXPECT_EQ(ParseProtocol("UDP").value(), Protocol::kUdp);
  EXPECT_EQ(ParseProtocol("Icmp").value(), Protocol::kIcmp);
  EXPECT_FALSE(ParseProtocol("*").ok());
  EXPECT_EQ(ProtocolName(Protocol::kAh), "Ah");
  EXPECT_FALSE(HasPorts(Protocol::kIcmp));
}

TEST(FlowTest, ParsesPortRanges) {
  struct Case {
    const char* text;
    bool ok;
    uint16_t lo, hi;
  } cases[] = {{"*", true, 0, 65535},
               {"80", true, 80, 80},
               {"1000-2000", true, 1000, 2000},
               {"65535", true, 65535, 65535},
               {"65536", false, 0, 0},
               {"20-10", false, 0, 0},
               {"", false, 0, 0},
               {"8a", false, 0, 0},
               {"-5", false, 0, 0}};
  for (const Case& c : cases) {
    Result<PortRange> r = PortRange::Parse(c.text);
    ASSERT_EQ(r.ok(), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(r->lo, c.lo) << c.text;
      EXPECT_EQ(r->hi, c.hi) << c.text;
    }
  }
  EXPECT_EQ(PortRange::Parse("1000-2000")->ToString(), "1000-2000");
  EXPECT_TRUE(PortRange::Parse("*")->is_any());
}

}  // namespace
}  // namespace vnet::net
