// Tests for the diagnostics routes: the JSON shapes of effectiveRouteTable,
// effectiveNetworkSecurityGroups, ipFlowVerify, nextHop, connectivityCheck, evaluateFlow and the
// analyses, with concrete values, and the ARM errors for missing resources and bad bodies.
#include "api/diagnostics_routes.h"

#include <gtest/gtest.h>

#include <set>

#include "control/handlers/test_support.h"

namespace vnet::api {
namespace {

using control::testing::Env;
using Json = nlohmann::json;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kSubnetA = kVnet + "/subnets/a";
const std::string kSubnetB = kVnet + "/subnets/b";
const std::string kNsg = Env::Id("Microsoft.Network/networkSecurityGroups/nsg1");
const std::string kRt = Env::Id("Microsoft.Network/routeTables/rt1");
const std::string kNic1 = Env::Id("Microsoft.Network/networkInterfaces/nic1");
const std::string kNic2 = Env::Id("Microsoft.Network/networkInterfaces/nic2");
const std::string kVm1 = Env::Id("Microsoft.Compute/virtualMachines/vm1");
const std::string kWatcher = Env::Id("Microsoft.Network/networkWatchers/nw1");
const char kVersion[] = "2023-09-01";

Json Ref(const std::string& id) { return Json{{"id", id}}; }

Json NicBody(const std::string& subnet, const std::string& ip) {
  return Json{{"location", "eastus"},
              {"properties",
               {{"ipConfigurations",
                 {{{"name", "ipconfig1"},
                   {"properties",
                    {{"subnet", Ref(subnet)},
                     {"privateIPAllocationMethod", "Static"},
                     {"privateIPAddress", ip}}}}}}}}};
}

Json Rule(const std::string& name, int priority, const std::string& direction,
          const std::string& access, const std::string& dst, const std::string& port) {
  return Json{{"name", name},
              {"properties",
               {{"protocol", "Tcp"},
                {"sourcePortRange", "*"},
                {"destinationPortRange", port},
                {"sourceAddressPrefix", "*"},
                {"destinationAddressPrefix", dst},
                {"access", access},
                {"priority", priority},
                {"direction", direction}}}};
}

class DiagnosticsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    routes_ = MakeDiagnosticsRoutes(env_.rm());
    Put(kNsg, Json{{"location", "eastus"},
                   {"properties",
                    {{"securityRules",
                      {Rule("deny-x", 100, "Outbound", "Deny", "13.107.21.200", "80")}}}}});
    Put(kVnet, Json{{"location", "eastus"},
                    {"properties",
                     {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                      {"subnets",
                       {{{"name", "a"},
                         {"properties",
                          {{"addressPrefix", "10.0.0.0/24"}, {"networkSecurityGroup", Ref(kNsg)}}}},
                        {{"name", "b"}, {"properties", {{"addressPrefix", "10.0.1.0/24"}}}}}}}}});
    Put(kNic1, NicBody(kSubnetA, "10.0.0.4"));
    Put(kNic2, NicBody(kSubnetB, "10.0.1.5"));
    Put(kVm1, Json{{"location", "eastus"},
                   {"properties",
                    {{"hardwareProfile", {{"vmSize", "Standard_B1s"}}},
                     {"networkProfile", {{"networkInterfaces", {Ref(kNic1)}}}}}}});
    Put(kWatcher, Json{{"location", "eastus"}});
  }
  void Put(const std::string& id, const Json& body) {
    Result<control::Reply> r = env_.Put(id, body);
    ASSERT_TRUE(r.ok()) << id << ": " << r.status().ToString();
  }
  HttpResponse Post(const std::string& path, const Json& body,
                    const std::string& version = kVersion) {
    HttpRequest r;
    r.method = "POST";
    r.path = path;
    if (!version.empty()) r.query["api-version"] = version;
    r.body = body.is_null() ? "" : body.dump();
    std::optional<HttpResponse> answer = routes_->Handle(r);
    EXPECT_TRUE(answer.has_value()) << path;
    return answer ? *answer : HttpResponse{};
  }
  Json Ok(const std::string& path, const Json& body) {
    HttpResponse r = Post(path, body);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    return Json::parse(r.body, nullptr, false);
  }
  static std::string Code(const HttpResponse& r) {
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
  }
  Json FlowVerify(const std::string& direction, const std::string& local,
                  const std::string& local_port, const std::string& remote,
                  const std::string& remote_port) {
    return Ok(kWatcher + "/ipFlowVerify", Json{{"targetResourceId", kVm1},
                                               {"direction", direction},
                                               {"protocol", "TCP"},
                                               {"localIPAddress", local},
                                               {"localPort", local_port},
                                               {"remoteIPAddress", remote},
                                               {"remotePort", remote_port}});
  }

  Env env_;
  std::shared_ptr<const RouteExtension> routes_;
};

// (prefix, nextHopType, state, source) of each route.
std::set<std::string> RouteSet(const Json& value) {
  std::set<std::string> out;
  for (const Json& r : value) {
    std::string prefixes;
    for (const Json& p : r["addressPrefix"]) prefixes += p.get<std::string>() + " ";
    out.insert(prefixes + r["nextHopType"].get<std::string>() + " " +
               r["state"].get<std::string>() + " " + r["source"].get<std::string>());
  }
  return out;
}

TEST_F(DiagnosticsRoutesTest, EffectiveRouteTableHasTheDefaultRoutes) {
  Json answer = Ok(kNic1 + "/effectiveRouteTable", Json());
  ASSERT_EQ(answer["value"].size(), 6u) << answer.dump(1);
  EXPECT_EQ(RouteSet(answer["value"]),
            (std::set<std::string>{
                "10.0.0.0/16 VnetLocal Active Default", "0.0.0.0/0 Internet Active Default",
                "10.0.0.0/8 None Active Default", "172.16.0.0/12 None Active Default",
                "192.168.0.0/16 None Active Default", "100.64.0.0/10 None Active Default"}));
  const Json& first = answer["value"][0];
  EXPECT_EQ(first["nextHopIpAddress"], Json::array());
  EXPECT_EQ(first["disableBgpRoutePropagation"], false);
  EXPECT_FALSE(first.contains("name"));
}

TEST_F(DiagnosticsRoutesTest, UserRouteMakesTheDefaultRouteInvalid) {
  Put(kRt, Json{{"location", "eastus"},
                {"properties",
                 {{"routes",
                   {{{"name", "to-nva"},
                     {"properties",
                      {{"addressPrefix", "0.0.0.0/0"},
                       {"nextHopType", "VirtualAppliance"},
                       {"nextHopIpAddress", "10.0.1.5"}}}}}}}}});
  Result<control::Reply> got = env_.Get(kSubnetA);
  ASSERT_TRUE(got.ok());
  Json subnet = got->text ? Json::parse(*got->text) : got->body;
  subnet["properties"]["routeTable"] = Ref(kRt);
  Put(kSubnetA, subnet);
  Json answer = Ok(kNic1 + "/effectiveRouteTable", Json());
  std::set<std::string> routes = RouteSet(answer["value"]);
  EXPECT_TRUE(routes.count("0.0.0.0/0 Internet Invalid Default")) << answer.dump(1);
  EXPECT_TRUE(routes.count("0.0.0.0/0 VirtualAppliance Active User")) << answer.dump(1);
  bool named = false;
  for (const Json& r : answer["value"]) {
    if (r.value("name", "") == "to-nva") {
      named = true;
      EXPECT_EQ(r["nextHopIpAddress"], Json::array({"10.0.1.5"}));
    }
  }
  EXPECT_TRUE(named);
  Json hop = Ok(kWatcher + "/nextHop", Json{{"targetResourceId", kVm1},
                                            {"sourceIPAddress", "10.0.0.4"},
                                            {"destinationIPAddress", "13.107.21.200"}});
  EXPECT_EQ(hop, (Json{{"nextHopType", "VirtualAppliance"},
                       {"nextHopIpAddress", "10.0.1.5"},
                       {"routeTableId", kRt}}));
}

TEST_F(DiagnosticsRoutesTest, EffectiveNetworkSecurityGroups) {
  Json answer = Ok(kNic1 + "/effectiveNetworkSecurityGroups", Json());
  ASSERT_EQ(answer["value"].size(), 1u) << answer.dump(1);
  const Json& group = answer["value"][0];
  EXPECT_EQ(group["networkSecurityGroup"]["id"], kNsg);
  EXPECT_EQ(group["association"], (Json{{"subnet", {{"id", kSubnetA}}}}));
  EXPECT_TRUE(group["tagMap"].is_object());
  std::map<std::string, Json> rules;
  for (const Json& r : group["effectiveSecurityRules"]) rules[r["name"]] = r;
  ASSERT_EQ(rules.size(), 7u);
  const Json& deny = rules["securityRules/deny-x"];
  EXPECT_EQ(deny["protocol"], "Tcp");
  EXPECT_EQ(deny["sourcePortRange"], "0-65535");
  EXPECT_EQ(deny["destinationPortRange"], "80-80");
  EXPECT_EQ(deny["sourceAddressPrefix"], "0.0.0.0/0");
  EXPECT_EQ(deny["destinationAddressPrefix"], "13.107.21.200/32");
  EXPECT_EQ(deny["access"], "Deny");
  EXPECT_EQ(deny["priority"], 100);
  EXPECT_EQ(deny["direction"], "Outbound");
  const Json& internet = rules["defaultSecurityRules/AllowInternetOutBound"];
  EXPECT_EQ(internet["protocol"], "All");
  EXPECT_EQ(internet["destinationAddressPrefix"], "Internet");
  EXPECT_EQ(internet["priority"], 65001);
  EXPECT_FALSE(internet["expandedDestinationAddressPrefix"].empty());
  const Json& deny_all = rules["defaultSecurityRules/DenyAllInBound"];
  EXPECT_EQ(deny_all["sourceAddressPrefix"], "0.0.0.0/0");
  EXPECT_EQ(deny_all["destinationPortRange"], "0-65535");
  EXPECT_FALSE(deny_all.contains("expandedSourceAddressPrefix"));
  const Json& vnet_in = rules["defaultSecurityRules/AllowVnetInBound"];
  EXPECT_EQ(vnet_in["sourceAddressPrefix"], "VirtualNetwork");
  bool has_vnet = false;
  for (const Json& p : vnet_in["expandedSourceAddressPrefix"]) has_vnet |= p == "10.0.0.0/16";
  EXPECT_TRUE(has_vnet) << vnet_in.dump();
  // A NIC without NSGs anywhere has none.
  EXPECT_EQ(Ok(kNic2 + "/effectiveNetworkSecurityGroups", Json())["value"], Json::array());
}

TEST_F(DiagnosticsRoutesTest, IpFlowVerifyNamesTheDecidingRule) {
  EXPECT_EQ(FlowVerify("Outbound", "10.0.0.4", "60000", "13.107.21.200", "80"),
            (Json{{"access", "Deny"}, {"ruleName", "securityRules/deny-x"}}));
  EXPECT_EQ(
      FlowVerify("Outbound", "10.0.0.4", "60000", "13.107.21.200", "443"),
      (Json{{"access", "Allow"}, {"ruleName", "defaultSecurityRules/AllowInternetOutBound"}}));
  EXPECT_EQ(FlowVerify("Inbound", "10.0.0.4", "22", "10.0.1.5", "50000"),
            (Json{{"access", "Allow"}, {"ruleName", "defaultSecurityRules/AllowVnetInBound"}}));
  EXPECT_EQ(FlowVerify("Inbound", "10.0.0.4", "22", "52.1.2.3", "50000"),
            (Json{{"access", "Deny"}, {"ruleName", "defaultSecurityRules/DenyAllInBound"}}));
}

TEST_F(DiagnosticsRoutesTest, NextHop) {
  auto hop = [&](const std::string& dst) {
    return Ok(kWatcher + "/nextHop", Json{{"targetResourceId", kVm1},
                                          {"sourceIPAddress", "10.0.0.4"},
                                          {"destinationIPAddress", dst},
                                          {"targetNicResourceId", kNic1}});
  };
  EXPECT_EQ(hop("13.107.21.200"),
            (Json{{"nextHopType", "Internet"}, {"routeTableId", "System Route"}}));
  EXPECT_EQ(hop("10.0.1.5"),
            (Json{{"nextHopType", "VnetLocal"}, {"routeTableId", "System Route"}}));
  EXPECT_EQ(hop("10.9.0.1"), (Json{{"nextHopType", "None"}, {"routeTableId", "System Route"}}));
}

TEST_F(DiagnosticsRoutesTest, ConnectivityCheckWithTrace) {
  Json denied = Ok(kWatcher + "/connectivityCheck",
                   Json{{"source", {{"resourceId", kVm1}}},
                        {"destination", {{"address", "13.107.21.200"}, {"port", 80}}}});
  EXPECT_EQ(denied["connectionStatus"], "Disconnected") << denied.dump(1);
  EXPECT_EQ(denied["probesFailed"], 100);
  ASSERT_GE(denied["hops"].size(), 1u);
  const Json& source = denied["hops"][0];
  EXPECT_EQ(source["type"], "Source");
  EXPECT_EQ(source["address"], "10.0.0.4");
  EXPECT_EQ(source["resourceId"], kNic1 + "/ipConfigurations/ipconfig1");
  ASSERT_EQ(source["issues"].size(), 1u) << denied.dump(1);
  EXPECT_EQ(source["issues"][0]["type"], "NetworkSecurityRule");
  EXPECT_EQ(source["issues"][0]["origin"], "Outbound");
  EXPECT_EQ(denied["vnetdTrace"]["outcome"], "Denied");
  EXPECT_EQ(denied["vnetdTrace"]["reason"], "NetworkSecurityRule");
  EXPECT_EQ(denied["vnetdTrace"]["decidingRules"], kNsg + ":securityRules/deny-x");

  Json to_nic = Ok(kWatcher + "/connectivityCheck",
                   Json{{"source", {{"resourceId", kVm1}}},
                        {"destination", {{"resourceId", kNic2}, {"port", 22}}},
                        {"protocol", "Tcp"}});
  EXPECT_EQ(to_nic["connectionStatus"], "Connected") << to_nic.dump(1);
  ASSERT_EQ(to_nic["hops"].size(), 2u);
  EXPECT_EQ(to_nic["hops"][0]["nextHopIds"], Json::array({to_nic["hops"][1]["id"]}));
  EXPECT_EQ(to_nic["hops"][1]["type"], "VirtualNetwork");
  EXPECT_EQ(to_nic["hops"][1]["address"], "10.0.1.5");
  EXPECT_EQ(to_nic["hops"][1]["resourceId"], kNic2 + "/ipConfigurations/ipconfig1");
  EXPECT_EQ(to_nic["vnetdTrace"]["route"], "10.0.0.0/16 VnetLocal Default");
}

TEST_F(DiagnosticsRoutesTest, EvaluateFlowFromTheInternet) {
  Json answer = Ok("/subscriptions/sub1/providers/Microsoft.Network/evaluateFlow",
                   Json{{"source", {{"address", "52.1.2.3"}, {"internet", true}}},
                        {"destination", {{"address", "10.0.0.4"}}},
                        {"protocol", "Tcp"},
                        {"destinationPort", 22}});
  EXPECT_EQ(answer["outcome"], "Denied") << answer.dump(1);
  EXPECT_FALSE(answer["steps"].empty());
  Json from_vm = Ok("/subscriptions/sub1/providers/Microsoft.Network/evaluateFlow",
                    Json{{"source", {{"resourceId", kVm1}}},
                         {"destination", {{"address", "13.107.21.200"}}},
                         {"destinationPort", 443}});
  EXPECT_EQ(from_vm["outcome"], "Allowed") << from_vm.dump(1);
  EXPECT_EQ(from_vm["flow"]["destinationPort"], 443);
}

TEST_F(DiagnosticsRoutesTest, WhoCanReachAndExfiltration) {
  Json who = Ok("/subscriptions/sub1/providers/Microsoft.Network/analyze/whoCanReach",
                Json{{"resourceId", kNic2}, {"port", 22}});
  std::map<std::string, std::string> outcome;
  for (const Json& row : who["value"]) outcome[row["source"]] = row["outcome"];
  EXPECT_EQ(outcome[kNic1], "Allowed") << who.dump(1);
  EXPECT_EQ(outcome["Internet"], "Denied");
  Json ex = Ok("/subscriptions/sub1/providers/Microsoft.Network/analyze/exfiltration",
               Json{{"subnetId", kSubnetA}});
  EXPECT_EQ(ex["sourceNetworkInterface"], kNic1);
  EXPECT_TRUE(ex["value"].is_array());
}

TEST_F(DiagnosticsRoutesTest, Errors) {
  const std::string missing_nic = Env::Id("Microsoft.Network/networkInterfaces/none");
  EXPECT_EQ(Code(Post(missing_nic + "/effectiveRouteTable", Json())), "ResourceNotFound");
  EXPECT_EQ(Post(missing_nic + "/effectiveRouteTable", Json()).status, 404);
  EXPECT_EQ(Code(Post(kNic1 + "/effectiveRouteTable", Json(), "")), "MissingApiVersionParameter");
  const Json flow{{"targetResourceId", kVm1}, {"direction", "Outbound"},
                  {"protocol", "TCP"},        {"localIPAddress", "10.0.0.4"},
                  {"localPort", "60000"},     {"remoteIPAddress", "13.107.21.200"},
                  {"remotePort", "80"}};
  EXPECT_EQ(Code(Post(Env::Id("Microsoft.Network/networkWatchers/none/ipFlowVerify"), flow)),
            "ResourceNotFound");
  Json no_vm = flow;
  no_vm["targetResourceId"] = Env::Id("Microsoft.Compute/virtualMachines/none");
  HttpResponse r = Post(kWatcher + "/ipFlowVerify", no_vm);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "NotFound");
  Json bad = flow;
  bad["direction"] = "Sideways";
  EXPECT_EQ(Code(Post(kWatcher + "/ipFlowVerify", bad)), "InvalidRequestFormat");
  bad = flow;
  bad["localIPAddress"] = "10.0.0.99";
  EXPECT_EQ(Code(Post(kWatcher + "/ipFlowVerify", bad)), "InvalidRequestFormat");
  bad = flow;
  bad.erase("remotePort");
  EXPECT_EQ(Code(Post(kWatcher + "/ipFlowVerify", bad)), "InvalidRequestFormat");
  HttpRequest junk;
  junk.method = "POST";
  junk.path = kWatcher + "/nextHop";
  junk.query["api-version"] = kVersion;
  junk.body = "{not json";
  EXPECT_EQ(Code(*routes_->Handle(junk)), "InvalidRequestFormat");
  // A watcher in another region than the VM.
  Put(Env::Id("Microsoft.Network/networkWatchers/west"), Json{{"location", "westus"}});
  EXPECT_EQ(Code(Post(Env::Id("Microsoft.Network/networkWatchers/west/ipFlowVerify"), flow)),
            "InvalidTargetResourceLocation");
  // Paths that are not diagnostics are left to the router.
  HttpRequest get;
  get.method = "GET";
  get.path = kNic1;
  EXPECT_FALSE(routes_->Handle(get).has_value());
}

}  // namespace
}  // namespace vnet::api
