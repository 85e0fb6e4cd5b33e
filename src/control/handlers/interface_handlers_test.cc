// Tests for NICs, VMs, public IPs, NAT gateways, virtual network gateways and network watchers:
// each rule as a row (request, expected ARM code, store unchanged), and the addresses Azure
// would allocate.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kSubnet = kVnet + "/subnets/a";

void AddNetwork(Env& env) {
  Json vnet{
      {"location", "eastus"},
      {"properties",
       {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
        {"subnets",
         {{{"name", "a"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}},
          {{"name", "GatewaySubnet"}, {"properties", {{"addressPrefix", "10.0.255.0/27"}}}}}}}}};
  ASSERT_OK(env.Put(kVnet, vnet));
}

Json Nic(Json ip_config_props, std::string location = "eastus") {
  return Json{
      {"location", location},
      {"properties", {{"ipConfigurations", {{{"name", "c1"}, {"properties", ip_config_props}}}}}}};
}

std::string IpOf(const Reply& r) {
  return r.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"];
}

TEST(InterfaceHandlersTest, AllocatesLikeAzure) {
  Env env;
  AddNetwork(env);
  ASSERT_OK_AND_ASSIGN(Reply first, env.Put(Env::Id("Microsoft.Network/networkInterfaces/n1"),
                                            Nic({{"subnet", {{"id", kSubnet}}}})));
  EXPECT_EQ(IpOf(first), "10.0.0.4");
  EXPECT_EQ(first.body["properties"]["ipConfigurations"][0]["properties"]["primary"], true);
  EXPECT_EQ(
      first.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAllocationMethod"],
      "Dynamic");
  ASSERT_OK_AND_ASSIGN(Reply second, env.Put(Env::Id("Microsoft.Network/networkInterfaces/n2"),
                                             Nic({{"subnet", {{"id", kSubnet}}}})));
  EXPECT_EQ(IpOf(second), "10.0.0.5");
  // An update keeps the address.
  ASSERT_OK_AND_ASSIGN(Reply again, env.Put(Env::Id("Microsoft.Network/networkInterfaces/n1"),
                                            Nic({{"subnet", {{"id", kSubnet}}}})));
  EXPECT_EQ(IpOf(again), "10.0.0.4");
  ASSERT_OK_AND_ASSIGN(Reply fixed, env.Put(Env::Id("Microsoft.Network/networkInterfaces/n3"),
                                            Nic({{"subnet", {{"id", kSubnet}}},
                                                 {"privateIPAllocationMethod", "static"},
                                                 {"privateIPAddress", "10.0.0.200"}})));
  EXPECT_EQ(IpOf(fixed), "10.0.0.200");
  EXPECT_EQ(
      fixed.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAllocationMethod"],
      "Static");
}

TEST(InterfaceHandlersTest, RefusesInvalidInterfaces) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(Env::Id("Microsoft.Network/networkInterfaces/taken"),
                    Nic({{"subnet", {{"id", kSubnet}}}})));
  struct Case {
    std::string what;
    Json body;
    std::string code;
  };
  const Case kCases[] = {
      {"no ip configuration", Json{{"location", "eastus"}, {"properties", Json::object()}},
       "NetworkInterfaceMustHaveAtLeastOneIpConfiguration"},
      {"no subnet", Nic(Json::object()), "InvalidRequestFormat"},
      {"missing subnet", Nic({{"subnet", {{"id", kVnet + "/subnets/zz"}}}}),
       "InvalidResourceReference"},
      {"other region", Nic({{"subnet", {{"id", kSubnet}}}}, "westus"), "InvalidResourceReference"},
      {"static outside",
       Nic({{"subnet", {{"id", kSubnet}}},
            {"privateIPAllocationMethod", "Static"},
            {"privateIPAddress", "10.0.1.9"}}),
       "PrivateIPAddressNotInSubnet"},
      {"static reserved",
       Nic({{"subnet", {{"id", kSubnet}}},
            {"privateIPAllocationMethod", "Static"},
            {"privateIPAddress", "10.0.0.3"}}),
       "PrivateIPAddressInReservedRange"},
      {"static broadcast",
       Nic({{"subnet", {{"id", kSubnet}}},
            {"privateIPAllocationMethod", "Static"},
            {"privateIPAddress", "10.0.0.255"}}),
       "PrivateIPAddressInReservedRange"},
      {"static taken",
       Nic({{"subnet", {{"id", kSubnet}}},
            {"privateIPAllocationMethod", "Static"},
            {"privateIPAddress", "10.0.0.4"}}),
       "PrivateIPAddressIsAllocated"},
      {"static without address",
       Nic({{"subnet", {{"id", kSubnet}}}, {"privateIPAllocationMethod", "Static"}}),
       "PrivateIPAddressRequired"},
      {"bad method",
       Nic({{"subnet", {{"id", kSubnet}}}, {"privateIPAllocationMethod", "Sometimes"}}),
       "InvalidRequestFormat"},
      {"missing nsg",
       Json{{"location", "eastus"},
            {"properties",
             {{"networkSecurityGroup",
               {{"id", Env::Id("Microsoft.Network/networkSecurityGroups/x")}}},
              {"ipConfigurations",
               {{{"name", "c"}, {"properties", {{"subnet", {{"id", kSubnet}}}}}}}}}}},
       "InvalidResourceReference"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(Env::Id("Microsoft.Network/networkInterfaces/n9"), c.body), c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
}

TEST(InterfaceHandlersTest, VirtualMachinesHoldTheirNics) {
  Env env;
  AddNetwork(env);
  const std::string nic = Env::Id("Microsoft.Network/networkInterfaces/n1");
  ASSERT_OK(env.Put(nic, Nic({{"subnet", {{"id", kSubnet}}}})));
  auto vm = [&](const std::string& nic_id) {
    return Json{{"location", "eastus"},
                {"properties", {{"networkProfile", {{"networkInterfaces", {{{"id", nic_id}}}}}}}}};
  };
  ASSERT_OK(env.Put(Env::Id("Microsoft.Compute/virtualMachines/vm1"), vm(nic)));
  EXPECT_EQ(env.PutError(Env::Id("Microsoft.Compute/virtualMachines/vm2"), vm(nic)), "NicInUse");
  EXPECT_EQ(env.PutError(Env::Id("Microsoft.Compute/virtualMachines/vm3"),
                         vm(Env::Id("Microsoft.Network/networkInterfaces/none"))),
            "InvalidResourceReference");
  EXPECT_EQ(env.DeleteError(nic), "NicInUse");
  ASSERT_OK_AND_ASSIGN(Reply read, env.Get(nic));
  EXPECT_EQ(read.body["properties"]["virtualMachine"]["id"],
            Env::Id("Microsoft.Compute/virtualMachines/vm1"));
  ASSERT_OK(env.Delete(Env::Id("Microsoft.Compute/virtualMachines/vm1")));
  EXPECT_OK(env.Delete(nic));
}

TEST(InterfaceHandlersTest, PublicAddressesComeFromTheRegionPool) {
  Env env;
  const Json pip{{"location", "eastus"}, {"sku", {{"name", "Standard"}}}};
  ASSERT_OK_AND_ASSIGN(Reply a, env.Put(Env::Id("Microsoft.Network/publicIPAddresses/a"), pip));
  ASSERT_OK_AND_ASSIGN(Reply b, env.Put(Env::Id("Microsoft.Network/publicIPAddresses/b"), pip));
  // eastus: the first /16 of AzureCloud.eastus's largest prefix, 4.156.0.0/15.
  EXPECT_EQ(a.body["properties"]["ipAddress"], "4.156.0.4");
  EXPECT_EQ(b.body["properties"]["ipAddress"], "4.156.0.5");
  EXPECT_EQ(a.body["properties"]["publicIPAllocationMethod"], "Static");
  ASSERT_OK_AND_ASSIGN(Reply again, env.Put(Env::Id("Microsoft.Network/publicIPAddresses/a"), pip));
  EXPECT_EQ(again.body["properties"]["ipAddress"], "4.156.0.4");
  EXPECT_EQ(env.PutError(Env::Id("Microsoft.Network/publicIPAddresses/c"),
                         Json{{"location", "eastus"},
                              {"sku", {{"name", "Standard"}}},
                              {"properties", {{"publicIPAllocationMethod", "Dynamic"}}}}),
            "StandardSkuPublicIPAddressesMustBeStatic");
  EXPECT_EQ(
      env.PutError(Env::Id("Microsoft.Network/publicIPAddresses/c"),
                   Json{{"location", "eastus"}, {"properties", {{"idleTimeoutInMinutes", 31}}}}),
      "PublicIPIdleTimeoutIsOutOfRange");
  AddNetwork(env);
  ASSERT_OK(env.Put(
      Env::Id("Microsoft.Network/networkInterfaces/n1"),
      Nic({{"subnet", {{"id", kSubnet}}},
           {"publicIPAddress", {{"id", Env::Id("Microsoft.Network/publicIPAddresses/a")}}}})));
  EXPECT_EQ(env.DeleteError(Env::Id("Microsoft.Network/publicIPAddresses/a")),
            "PublicIPAddressCannotBeDeleted");
  EXPECT_EQ(
      env.PutError(
          Env::Id("Microsoft.Network/networkInterfaces/n2"),
          Nic({{"subnet", {{"id", kSubnet}}},
               {"publicIPAddress", {{"id", Env::Id("Microsoft.Network/publicIPAddresses/a")}}}})),
      "PublicIPAddressInUse");
}

TEST(InterfaceHandlersTest, GatewaysLiveInGatewaySubnet) {
  Env env;
  AddNetwork(env);
  auto gateway = [](const std::string& subnet, const std::string& type) {
    return Json{{"location", "eastus"},
                {"properties",
                 {{"gatewayType", type},
                  {"enableBgp", true},
                  {"ipConfigurations",
                   {{{"name", "g"}, {"properties", {{"subnet", {{"id", subnet}}}}}}}}}}};
  };
  EXPECT_EQ(
      env.PutError(Env::Id("Microsoft.Network/virtualNetworkGateways/g0"), gateway(kSubnet, "Vpn")),
      "GatewaySubnetRequired");
  ASSERT_OK_AND_ASSIGN(Reply vpn, env.Put(Env::Id("Microsoft.Network/virtualNetworkGateways/g1"),
                                          gateway(kVnet + "/subnets/GatewaySubnet", "Vpn")));
  EXPECT_EQ(vpn.body["properties"]["bgpSettings"]["bgpPeeringAddress"], "10.0.255.30");
  EXPECT_EQ(env.PutError(Env::Id("Microsoft.Network/virtualNetworkGateways/g2"),
                         gateway(kVnet + "/subnets/GatewaySubnet", "Vpn")),
            "VnetGatewayCountLimitReached");
  EXPECT_OK(env.Put(Env::Id("Microsoft.Network/virtualNetworkGateways/er"),
                    gateway(kVnet + "/subnets/GatewaySubnet", "ExpressRoute")));
  const std::string local = Env::Id("Microsoft.Network/localNetworkGateways/onprem");
  EXPECT_EQ(
      env.PutError(
          local, Json{{"location", "eastus"},
                      {"properties",
                       {{"localNetworkAddressSpace", {{"addressPrefixes", {"192.168.0.0/16"}}}}}}}),
      "LocalNetworkGatewayMustHaveIpAddressOrFqdn");
  ASSERT_OK(env.Put(
      local, Json{{"location", "eastus"},
                  {"properties",
                   {{"gatewayIpAddress", "203.0.113.10"},
                    {"localNetworkAddressSpace", {{"addressPrefixes", {"192.168.0.0/16"}}}}}}}));
  ASSERT_OK_AND_ASSIGN(
      Reply conn, env.Put(Env::Id("Microsoft.Network/connections/c1"),
                          Json{{"location", "eastus"},
                               {"properties",
                                {{"connectionType", "IPsec"},
                                 {"virtualNetworkGateway1",
                                  {{"id", Env::Id("Microsoft.Network/virtualNetworkGateways/g1")}}},
                                 {"localNetworkGateway2", {{"id", local}}}}}}));
  EXPECT_EQ(conn.body["properties"]["connectionStatus"], "Connected");
  EXPECT_EQ(env.DeleteError(local), "InUseLocalNetworkGatewayCannotBeDeleted");
  EXPECT_EQ(env.DeleteError(Env::Id("Microsoft.Network/virtualNetworkGateways/g1")),
            "InUseVirtualNetworkGatewayCannotBeDeleted");
  // The gateway makes GatewaySubnet in use.
  EXPECT_EQ(env.DeleteError(kVnet + "/subnets/GatewaySubnet"), "InUseSubnetCannotBeDeleted");
}

TEST(InterfaceHandlersTest, OneNetworkWatcherPerRegion) {
  Env env;
  ASSERT_OK(
      env.Put(Env::Id("Microsoft.Network/networkWatchers/nw1"), Json{{"location", "eastus"}}));
  EXPECT_OK(
      env.Put(Env::Id("Microsoft.Network/networkWatchers/nw1"), Json{{"location", "eastus"}}));
  EXPECT_EQ(
      env.PutError(Env::Id("Microsoft.Network/networkWatchers/nw2"), Json{{"location", "eastus"}}),
      "NetworkWatcherCountLimitReached");
  EXPECT_OK(
      env.Put(Env::Id("Microsoft.Network/networkWatchers/nw3"), Json{{"location", "westus"}}));
}

}  // namespace
}  // namespace vnet::control
