// Tests for Status, Result<T> and the string helpers.
#include "base/status.h"

#include <gtest/gtest.h>

#include "base/result.h"
#include "base/strings.h"
#include "base/testing.h"

namespace vnet {
namespace {

TEST(StatusTest, HttpMapping) {
  struct Case {
    StatusCode code;
    int http;
  };
  const Case kCases[] = {{StatusCode::kOk, 200},
                         {StatusCode::kInvalidArgument, 400},
                         {StatusCode::kNotFound, 404},
                         {StatusCode::kAlreadyExists, 409},
                         {StatusCode::kFailedPrecondition, 409},
                         {StatusCode::kPreconditionFailed, 412},
                         {StatusCode::kInternal, 500}};
  for (const Case& c : kCases) EXPECT_EQ(HttpStatusOf(c.code), c.http) << StatusCodeName(c.code);
}

TEST(StatusTest, ContextPrefixesMessage) {
  Status s =
      Status::InvalidArgument("InvalidCIDRNotation", "bad prefix").WithContext("subnet 'web'");
  EXPECT_EQ(s.message(), "subnet 'web': bad prefix");
  EXPECT_EQ(s.reason(), "InvalidCIDRNotation");
  EXPECT_EQ(s.ToString(), "InvalidArgument/InvalidCIDRNotation: subnet 'web': bad prefix");
}

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("Odd", "odd");
  return x / 2;
}
Result<int> Quarter(int x) {
  VNET_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(ResultTest, PropagatesErrors) {
  ASSERT_OK_AND_ASSIGN(int q, Quarter(8));
  EXPECT_EQ(q, 2);
  EXPECT_EQ(Quarter(6).status().reason(), "Odd");
}

TEST(StringsTest, CaseAndSplit) {
  EXPECT_EQ(AsciiLower("Microsoft.Network"), "microsoft.network");
  EXPECT_TRUE(EqualsIgnoreCase("resourceGroups", "RESOURCEGROUPS"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "ab"));
  EXPECT_EQ(Split("a//b", '/').size(), 3u);
  EXPECT_EQ(Trim("  x \n"), "x");
}

}  // namespace
}  // namespace vnet
