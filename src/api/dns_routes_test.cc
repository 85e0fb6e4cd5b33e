// resolveDnsName over the real control plane (in-memory store): a private endpoint with a zone
// group and a VNet link seen from the linked VNet and the internet, a custom DNS server with
// conditional forwarders described by tags, the errors for bad bodies and unknown VNets, a write
// seen by the next CurrentDns, and ipFlowVerify taking a name.
#include "api/dns_routes.h"

#include <gtest/gtest.h>

#include "api/diagnostics_routes.h"
#include "control/handlers/test_support.h"

namespace vnet::api {
namespace {

using control::testing::Env;
using Json = nlohmann::json;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/hub");
const std::string kSpoke = Env::Id("Microsoft.Network/virtualNetworks/spoke");
const std::string kAccount = Env::Id("Microsoft.Storage/storageAccounts/dnsroutes1");
const std::string kZone =
    Env::Id("Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net");
const std::string kPe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
const std::string kNic = Env::Id("Microsoft.Network/networkInterfaces/dns-nic");
const std::string kVm = Env::Id("Microsoft.Compute/virtualMachines/dns1");
const std::string kWatcher = Env::Id("Microsoft.Network/networkWatchers/nw1");
const std::string kBlob = "dnsroutes1.blob.core.windows.net";

Json VnetBody(const std::string& prefix, Json dns = Json::array()) {
  return Json{
      {"location", "eastus"},
      {"properties",
       {{"addressSpace", {{"addressPrefixes", {prefix + ".0.0/16"}}}},
        {"dhcpOptions", {{"dnsServers", dns}}},
        {"subnets", {{{"name", "s"}, {"properties", {{"addressPrefix", prefix + ".0.0/24"}}}}}}}}};
}

class DnsRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_ = std::make_shared<DiagnosticsState>(env_.rm());
    dns_ = MakeDnsRoutes(state_);
    diagnostics_ = MakeDiagnosticsRoutes(state_);
    Put(kVnet, VnetBody("10.1"));
    Put(kSpoke, VnetBody("10.2", {"10.1.0.10"}));
    Put(kAccount, Json{{"location", "eastus"},
                       {"sku", {{"name", "Standard_LRS"}}},
                       {"kind", "StorageV2"},
                       {"properties", Json::object()}});
    Put(kNic, Json{{"location", "eastus"},
                   {"properties",
                    {{"ipConfigurations",
                      {{{"name", "ipconfig1"},
                        {"properties",
                         {{"subnet", {{"id", kVnet + "/subnets/s"}}},
                          {"privateIPAllocationMethod", "Static"},
                          {"privateIPAddress", "10.1.0.10"}}}}}}}}});
    // The spoke's DNS server forwards blob.core.windows.net to Azure DNS (from the hub), the
    // rest nowhere.
    Put(kVm, Json{{"location", "eastus"},
                  {"tags",
                   {{"vnetd-dns-conditional-forwarders", "blob.core.windows.net=168.63.129.16"}}},
                  {"properties",
                   {{"hardwareProfile", {{"vmSize", "Standard_B1s"}}},
                    {"networkProfile", {{"networkInterfaces", {{{"id", kNic}}}}}}}}});
    Put(kWatcher, Json{{"location", "eastus"}});
  }
  void Put(const std::string& id, const Json& body) {
    Result<control::Reply> r = env_.Put(id, body);
    ASSERT_TRUE(r.ok()) << id << ": " << r.status().ToString();
  }
  HttpResponse Post(const RouteExtension& routes, const std::string& path, const Json& body) {
    HttpRequest r;
    r.method = "POST";
    r.path = path;
    r.query["api-version"] = "2023-09-01";
    r.body = body.dump();
    std::optional<HttpResponse> answer = routes.Handle(r);
    EXPECT_TRUE(answer.has_value()) << path;
    return answer ? *answer : HttpResponse{};
  }
  // ipFlowVerify of TCP 443 from the VM to `remote` (an address or a name).
  HttpResponse FlowVerify(const std::string& remote) {
    return Post(*diagnostics_, kWatcher + "/ipFlowVerify",
                Json{{"targetResourceId", kVm},
                     {"direction", "Outbound"},
                     {"protocol", "TCP"},
                     {"localIPAddress", "10.1.0.10"},
                     {"localPort", "*"},
                     {"remoteIPAddress", remote},
                     {"remotePort", "443"}});
  }
  Json Resolve(const std::string& at, const std::string& name) {
    HttpResponse r = Post(*dns_, at + "/resolveDnsName", Json{{"name", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body, nullptr, false);
  }
  static std::string Code(const HttpResponse& r) {
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
  }
  void MakeEndpoint() {
    Put(kZone, Json{{"location", "global"}});
    Put(kZone + "/virtualNetworkLinks/hub",
        Json{
            {"location", "global"},
            {"properties", {{"virtualNetwork", {{"id", kVnet}}}, {"registrationEnabled", false}}}});
    Put(kPe, Json{{"location", "eastus"},
                  {"properties",
                   {{"subnet", {{"id", kVnet + "/subnets/s"}}},
                    {"privateLinkServiceConnections",
                     {{{"name", "c"},
                       {"properties",
                        {{"privateLinkServiceId", kAccount}, {"groupIds", {"blob"}}}}}}}}}});
    Put(kPe + "/privateDnsZoneGroups/default",
        Json{{"properties",
              {{"privateDnsZoneConfigs",
                {{{"name", "blob"}, {"properties", {{"privateDnsZoneId", kZone}}}}}}}}});
  }

  Env env_;
  std::shared_ptr<DiagnosticsState> state_;
  std::shared_ptr<const RouteExtension> dns_, diagnostics_;
  const std::string internet_ = std::string(Env::kSub) + "/providers/Microsoft.Network";
};

TEST_F(DnsRoutesTest, PrivateEndpointSeenFromLinkedVnetSpokeAndInternet) {
  Json before = Resolve(kVnet, kBlob);
  EXPECT_EQ(before["responseCode"], "NOERROR");
  ASSERT_EQ(before["addresses"].size(), 1u);
  const std::string public_ip = before["addresses"][0];
  EXPECT_EQ(before["records"].size(), 2u);  // CNAME to the front end, its A record
  const int64_t revision = state_->CurrentDns()->revision;

  MakeEndpoint();
  EXPECT_GT(state_->CurrentDns()->revision, revision);  // the write is seen at once
  Json hub = Resolve(kVnet, kBlob);
  ASSERT_EQ(hub["addresses"].size(), 1u);
  EXPECT_TRUE(hub["addresses"][0].get<std::string>().starts_with("10.1.0."));
  EXPECT_EQ(hub["steps"][1]["privateDnsZone"], kZone);
  EXPECT_EQ(hub["records"][1]["ttl"], 10);
  // The spoke's server forwards the zone to Azure DNS from the hub, which is linked.
  Json spoke = Resolve(kSpoke, kBlob);
  EXPECT_EQ(spoke["addresses"], hub["addresses"]);
  EXPECT_NE(spoke["steps"][0]["resolver"].get<std::string>().find(
                "conditional forwarder for blob.core.windows.net -> Azure DNS (168.63.129.16) "
                "for hub"),
            std::string::npos)
      << spoke.dump();
  Json internet = Resolve(internet_, kBlob);
  EXPECT_EQ(internet["view"], "the internet");
  EXPECT_EQ(internet["addresses"][0], public_ip);
  EXPECT_EQ(internet["records"][0]["data"], "dnsroutes1.privatelink.blob.core.windows.net.");
}

TEST_F(DnsRoutesTest, Errors) {
  EXPECT_EQ(Code(Post(*dns_, kVnet + "/resolveDnsName", Json::object())), "InvalidRequestFormat");
  EXPECT_EQ(
      Code(Post(*dns_, kVnet + "/resolveDnsName", Json{{"name", kBlob}, {"recordType", "CAA"}})),
      "InvalidRequestFormat");
  HttpResponse missing = Post(*dns_, kVnet + "-gone/resolveDnsName", Json{{"name", kBlob}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Code(missing), "ResourceNotFound");
  HttpResponse bad = Post(*dns_, kVnet + "/resolveDnsName", Json{{"name", "a..b"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Code(bad), "InvalidDnsName");
  HttpRequest no_version;
  no_version.method = "POST";
  no_version.path = kVnet + "/resolveDnsName";
  no_version.body = Json{{"name", kBlob}}.dump();
  EXPECT_EQ(dns_->Handle(no_version)->status, 400);
  HttpRequest get = no_version;
  get.method = "GET";
  EXPECT_FALSE(dns_->Handle(get).has_value());
}

TEST_F(DnsRoutesTest, IpFlowVerifyTakesAName) {
  MakeEndpoint();
  HttpResponse r = FlowVerify(kBlob);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = Json::parse(r.body);
  EXPECT_EQ(j["access"], "Allow");
  EXPECT_EQ(j["ruleName"], "");  // no NSG on the NIC or its subnet
  EXPECT_TRUE(j["vnetdResolution"]["addresses"][0].get<std::string>().starts_with("10.1.0."));
  EXPECT_EQ(j["vnetdResolution"]["responseCode"], "NOERROR");
  HttpResponse nx = FlowVerify("nosuch.blob.core.windows.net");
  EXPECT_EQ(nx.status, 400);
  EXPECT_NE(nx.body.find("NXDOMAIN"), std::string::npos) << nx.body;
}

// A NIC's own DNS servers replace its VNet's for the VM's names: 8.8.8.8 (not a VM of the
// model) answers as public DNS, so the name leaves the private endpoint.
TEST_F(DnsRoutesTest, TheSourceNicsDnsServersDecideTheAddress) {
  MakeEndpoint();
  auto resolved = [&] {
    HttpResponse r = FlowVerify(kBlob);
    EXPECT_EQ(r.status, 200) << r.body;
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() ? j["vnetdResolution"]["addresses"][0].get<std::string>() : "";
  };
  EXPECT_TRUE(resolved().starts_with("10.1.0."));
  Put(kNic, Json{{"location", "eastus"},
                 {"properties",
                  {{"dnsSettings", {{"dnsServers", {"8.8.8.8"}}}},
                   {"ipConfigurations",
                    {{{"name", "ipconfig1"},
                      {"properties",
                       {{"subnet", {{"id", kVnet + "/subnets/s"}}},
                        {"privateIPAllocationMethod", "Static"},
                        {"privateIPAddress", "10.1.0.10"}}}}}}}}});
  std::string address = resolved();
  EXPECT_FALSE(address.empty());
  EXPECT_FALSE(address.starts_with("10.")) << address;
  // The VNet's own view is unchanged: Azure DNS with the linked zone.
  Json hub = Resolve(kVnet, kBlob);
  EXPECT_TRUE(hub["addresses"][0].get<std::string>().starts_with("10.1.0.")) << hub.dump();
}

}  // namespace
}  // namespace vnet::api
