// Tests for Run(): exit codes, error lines, global options and environment, without a server.
#include "cli/main.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/internal/arm_client.h"
#include "cli/internal/fake_http_client.h"

namespace vnet::cli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunWith(FakeHttpClient& fake, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {}) {
  std::ostringstream out, err;
  const int code = Run(args, env, fake.Factory(), out, err);
  return {code, out.str(), err.str()};
}

TEST(MainTest, ServerErrorPrintsArmCodeAndExitsOne) {
  FakeHttpClient fake;
  const Outcome o = RunWith(fake, {"network", "vnet", "show", "-g", "rg", "-n", "nope"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.err, "ERROR: (ResourceNotFound) not found\n");
  EXPECT_EQ(o.out, "");
}

TEST(MainTest, ConflictFromServer) {
  FakeHttpClient fake;
  fake.Expect("DELETE",
              "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
              "Microsoft.Network/virtualNetworks/v/subnets/s",
              409,
              R"({"error":{"code":"InUseSubnetCannotBeDeleted","message":"Subnet s is in use."}})");
  const Outcome o = RunWith(
      fake, {"network", "vnet", "subnet", "delete", "-g", "rg", "--vnet-name", "v", "-n", "s"});
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.err, "ERROR: (InUseSubnetCannotBeDeleted) Subnet s is in use.\n");
}

TEST(MainTest, UsageErrorsExitTwo) {
  struct Case {
    std::vector<std::string> args;
    std::string err_prefix;
  };
  const Case kCases[] = {
      {{"network", "vnet", "create", "-g", "rg"}, "ERROR: --name is required"},
      {{"network", "vnet", "shw"}, "ERROR: "},
      {{"network", "vnet", "show", "-g", "rg"},
       "ERROR: usage error: --ids IDS | --resource-group NAME --name NAME\n"},
      {{"network", "nic", "create", "-g", "rg", "-n", "n", "--subnet", "s"},
       "ERROR: usage error: --subnet ID | --subnet NAME --vnet-name NAME\n"},
      {{"-o", "yaml", "group", "list"}, "ERROR: argument --output/-o: invalid choice"},
      {{"network", "nsg", "rule", "create", "-g", "rg", "--nsg-name", "n", "-n", "r", "--priority",
        "high"},
       "ERROR: argument --priority: invalid int value: 'high'\n"},
      {{"network", "nsg", "rule", "create", "-g", "rg", "--nsg-name", "n", "-n", "r", "--priority",
        "100", "--access", "maybe"},
       "ERROR: argument --access: invalid choice: 'maybe' (choose from 'Allow', 'Deny')\n"},
      {{"network", "vnet", "peering", "create", "-g", "rg", "--vnet-name", "a", "-n", "p",
        "--remote-vnet", "b", "--allow-vnet-access", "perhaps"},
       "ERROR: argument --allow-vnet-access: invalid value 'perhaps'"},
  };
  for (const Case& c : kCases) {
    FakeHttpClient fake;
    const Outcome o = RunWith(fake, c.args);
    SCOPED_TRACE(o.err);
    EXPECT_EQ(o.code, 2);
    EXPECT_EQ(o.err.substr(0, c.err_prefix.size()), c.err_prefix);
    EXPECT_TRUE(fake.writes().empty());
  }
}

TEST(MainTest, HelpExitsZero) {
  FakeHttpClient fake;
  const Outcome o = RunWith(fake, {"network", "vnet", "subnet", "create", "--help"});
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("--service-endpoints"), std::string::npos);
  const Outcome group = RunWith(fake, {"network"});
  EXPECT_EQ(group.code, 0);
  EXPECT_NE(group.out.find("private-endpoint-connection"), std::string::npos);
}

TEST(MainTest, SubscriptionFromFlagOrEnvironment) {
  FakeHttpClient fake;
  for (const char* sub : {"env-sub", "flag-sub"}) {
    fake.Expect(
        "GET",
        std::string("/subscriptions/") + sub + "/providers/Microsoft.Network/virtualNetworks", 200,
        R"({"value":[]})");
  }
  ASSERT_EQ(RunWith(fake, {"network", "vnet", "list"}, {{"VNET_SUBSCRIPTION", "env-sub"}}).code, 0);
  ASSERT_EQ(RunWith(fake, {"network", "vnet", "list", "--subscription", "flag-sub"},
                    {{"VNET_SUBSCRIPTION", "env-sub"}})
                .code,
            0);
  ASSERT_EQ(fake.requests().size(), 2u);
  EXPECT_EQ(fake.requests()[0].target.rfind("/subscriptions/env-sub/providers/"
                                            "Microsoft.Network/virtualNetworks?api-version=",
                                            0),
            0u);
  EXPECT_EQ(fake.requests()[1].target.rfind("/subscriptions/flag-sub/", 0), 0u);
}

TEST(MainTest, ListPrintsTheValueArrayAndFollowsNextLink) {
  FakeHttpClient fake;
  const std::string path =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
      "Microsoft.Network/networkSecurityGroups";
  fake.Expect("GET", path, 200,
              R"({"value":[{"name":"a"}],"nextLink":"http://h:1)" + path + R"(?page=2"})");
  fake.Expect("GET", path, 200, R"({"value":[{"name":"b"}]})");
  const Outcome o = RunWith(fake, {"network", "nsg", "list", "-g", "rg", "-o", "tsv"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out,
            "a\t\t\n"
            "b\t\t\n");
}

TEST(MainTest, LocationDefaultsToTheGroups) {
  FakeHttpClient fake;
  fake.SetGroupLocation("northeurope");
  ASSERT_EQ(RunWith(fake, {"network", "asg", "create", "-g", "rg", "-n", "a"}).code, 0);
  EXPECT_EQ(Json::parse(fake.writes().front().body), Json::parse(R"({"location":"northeurope"})"));
}

TEST(MainTest, DeleteOfMissingResourceSucceeds) {
  FakeHttpClient fake;
  fake.Expect("DELETE",
              "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
              "Microsoft.Network/privateDnsZones/z.com",
              404, "");
  const Outcome o =
      RunWith(fake, {"network", "private-dns", "zone", "delete", "-g", "rg", "-n", "z.com", "-y"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(MainTest, LongRunningOperationIsAwaited) {
  const std::string id =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
      "Microsoft.Network/privateDnsZones/z.com";
  {
    // 201 + Azure-AsyncOperation, poll says Succeeded, then the resource is read back.
    FakeHttpClient fake;
    fake.ExpectResponse("PUT", id, {201, "{}", {{"azure-asyncoperation", "http://h:1/op/1"}}});
    fake.Expect("GET", "/op/1", 200, R"({"status":"Succeeded"})");
    fake.Expect("GET", id, 200,
                R"({"name":"z.com","properties":{"provisioningState":"Succeeded"}})");
    const Outcome o = RunWith(
        fake, {"network", "private-dns", "zone", "create", "-g", "rg", "-n", "z.com", "-o", "tsv"});
    EXPECT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out, "z.com\t\tSucceeded\n");
  }
  {
    // 202, then the poll reports the failure: as the privatedns PreconditionFailed recordings.
    FakeHttpClient fake;
    fake.ExpectResponse("PUT", id, {202, "", {{"azure-asyncoperation", "http://h:1/op/2"}}});
    fake.Expect("GET", "/op/2", 200,
                R"({"status":"Failed","error":{"code":"PreconditionFailed","message":"exists"}})");
    const Outcome o =
        RunWith(fake, {"network", "private-dns", "zone", "create", "-g", "rg", "-n", "z.com"});
    EXPECT_EQ(o.code, 1);
    EXPECT_EQ(o.err, "ERROR: (PreconditionFailed) exists\n");
  }
}

TEST(MainTest, RestSendsTheBodyAndSubstitutesSubscription) {
  FakeHttpClient fake;
  const Outcome o = RunWith(fake, {"rest", "--method", "put", "--url",
                                   "/subscriptions/{subscriptionId}/resourcegroups/rg", "--body",
                                   R"({"location":"eastus"})"});
  EXPECT_EQ(o.code, 0) << o.err;
  ASSERT_EQ(fake.writes().size(), 1u);
  EXPECT_EQ(fake.writes()[0].method, "PUT");
  EXPECT_EQ(fake.writes()[0].target.rfind(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg"
                "?api-version=",
                0),
            0u);
  EXPECT_EQ(Json::parse(o.out), Json::parse(R"({"location":"eastus"})"));
}

}  // namespace
}  // namespace vnet::cli
