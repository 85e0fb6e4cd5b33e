// Tests for NICs, VMs, public IPs, NAT gateways, virtual network and local gateways,
// connections and network watchers: each rule as a row (request, expected ARM code) with the
// store unchanged after the refusal, and the computed values (addresses, back-references) read
// back exactly.
#include <gtest/gtest.h>

#include "base/testing.h"
#include "control/handlers/test_support.h"

namespace vnet::control {
namespace {

using testing::Env;

const std::string kVnet = Env::Id("Microsoft.Network/virtualNetworks/v1");
const std::string kSubnet = kVnet + "/subnets/a";
const std::string kSubnetB = kVnet + "/subnets/b";
const std::string kTiny = kVnet + "/subnets/tiny";
const std::string kDual = kVnet + "/subnets/dual";
const std::string kGatewaySubnet = kVnet + "/subnets/GatewaySubnet";
const std::string kVnet2 = Env::Id("Microsoft.Network/virtualNetworks/v2");
const std::string kVnetWest = Env::Id("Microsoft.Network/virtualNetworks/west");
const std::string kNsg = Env::Id("Microsoft.Network/networkSecurityGroups/nsg");
const std::string kNsgWest = Env::Id("Microsoft.Network/networkSecurityGroups/nsgwest");
const std::string kAsg1 = Env::Id("Microsoft.Network/applicationSecurityGroups/asg1");
const std::string kAsg2 = Env::Id("Microsoft.Network/applicationSecurityGroups/asg2");
const std::string kAsgWest = Env::Id("Microsoft.Network/applicationSecurityGroups/asgwest");

std::string NicId(const std::string& name) {
  return Env::Id("Microsoft.Network/networkInterfaces/" + name);
}
std::string PipId(const std::string& name) {
  return Env::Id("Microsoft.Network/publicIPAddresses/" + name);
}
std::string VmId(const std::string& name) {
  return Env::Id("Microsoft.Compute/virtualMachines/" + name);
}
std::string GatewayId(const std::string& name) {
  return Env::Id("Microsoft.Network/virtualNetworkGateways/" + name);
}

Json BodyOf(const Reply& reply) { return reply.text ? Json::parse(*reply.text) : reply.body; }

Json GetBody(Env& env, const std::string& id) {
  Result<Reply> r = env.Get(id);
  return r.ok() ? BodyOf(*r) : Json();
}

Json Subnet(const std::string& name, Json prefixes) {
  Json props =
      prefixes.is_array() ? Json{{"addressPrefixes", prefixes}} : Json{{"addressPrefix", prefixes}};
  return Json{{"name", name}, {"properties", props}};
}

Json Vnet(Json space, Json subnets, const std::string& location = "eastus") {
  return Json{
      {"location", location},
      {"properties", {{"addressSpace", {{"addressPrefixes", space}}}, {"subnets", subnets}}}};
}

// v1 (eastus): a 10.0.0.0/24, b 10.0.1.0/24, tiny 10.0.3.0/29 (3 usable), dual (IPv4 + IPv6),
// GatewaySubnet 10.0.255.0/27. v2 (eastus) 10.1.0.0/16; west (westus) 10.2.0.0/16. NSGs and
// ASGs in eastus and westus.
void AddNetwork(Env& env) {
  ASSERT_OK(env.Put(kVnet, Vnet({"10.0.0.0/16", "fd00:db8:deca::/48"},
                                {Subnet("a", "10.0.0.0/24"), Subnet("b", "10.0.1.0/24"),
                                 Subnet("tiny", "10.0.3.0/29"),
                                 Subnet("dual", Json{"10.0.2.0/24", "fd00:db8:deca::/64"}),
                                 Subnet("GatewaySubnet", "10.0.255.0/27")})));
  ASSERT_OK(env.Put(kVnet2, Vnet({"10.1.0.0/16"}, {Subnet("a", "10.1.0.0/24"),
                                                   Subnet("GatewaySubnet", "10.1.255.0/27")})));
  ASSERT_OK(env.Put(
      kVnetWest,
      Vnet({"10.2.0.0/16"}, {Subnet("a", "10.2.0.0/24"), Subnet("GatewaySubnet", "10.2.255.0/27")},
           "westus")));
  ASSERT_OK(env.Put(kNsg, Json{{"location", "eastus"}}));
  ASSERT_OK(env.Put(kNsgWest, Json{{"location", "westus"}}));
  for (const std::string& asg : {kAsg1, kAsg2})
    ASSERT_OK(env.Put(asg, Json{{"location", "eastus"}}));
  ASSERT_OK(env.Put(kAsgWest, Json{{"location", "westus"}}));
}

Json Ref(const std::string& id) { return Json{{"id", id}}; }

Json Config(const std::string& name, Json props) {
  return Json{{"name", name}, {"properties", std::move(props)}};
}

Json NicOf(Json configs, const std::string& location = "eastus", Json extra = Json::object()) {
  extra["ipConfigurations"] = std::move(configs);
  return Json{{"location", location}, {"properties", std::move(extra)}};
}

Json Nic(Json ip_config_props, const std::string& location = "eastus") {
  return NicOf(Json::array({Config("c1", std::move(ip_config_props))}), location);
}

Json InSubnet(const std::string& subnet, Json extra = Json::object()) {
  extra["subnet"] = Ref(subnet);
  return extra;
}

Json Static(const std::string& address, const std::string& subnet = kSubnet) {
  return InSubnet(subnet, {{"privateIPAllocationMethod", "Static"}, {"privateIPAddress", address}});
}

std::string IpOf(const Json& nic, size_t i = 0) {
  return nic["properties"]["ipConfigurations"][i]["properties"].value("privateIPAddress", "");
}

Json Pip(const std::string& location = "eastus", Json props = Json::object()) {
  return Json{{"location", location}, {"sku", {{"name", "Standard"}}}, {"properties", props}};
}

struct Case {
  std::string what;
  std::string id;
  Json body;
  std::string code;
};

// Each case is refused with its code and leaves the store as it was.
void ExpectRefused(Env& env, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.PutError(c.id, c.body), c.code);
    EXPECT_EQ(env.rm().revision(), before);
  }
}

void ExpectDeleteRefused(Env& env, const std::string& id, const std::string& code) {
  SCOPED_TRACE("delete " + id);
  int64_t before = env.rm().revision();
  EXPECT_EQ(env.DeleteError(id), code);
  EXPECT_EQ(env.rm().revision(), before);
  EXPECT_TRUE(env.Get(id).ok());
}

// ---------------------------------------------------------------- network interfaces

TEST(InterfaceHandlersTest, AllocatesLikeAzure) {
  Env env;
  AddNetwork(env);
  ASSERT_OK_AND_ASSIGN(Reply first, env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  const Json& config = first.body["properties"]["ipConfigurations"][0];
  EXPECT_EQ(IpOf(first.body), "10.0.0.4");
  EXPECT_EQ(config["id"], NicId("n1") + "/ipConfigurations/c1");
  EXPECT_EQ(config["properties"]["primary"], true);
  EXPECT_EQ(config["properties"]["privateIPAllocationMethod"], "Dynamic");
  EXPECT_EQ(config["properties"]["privateIPAddressVersion"], "IPv4");
  EXPECT_EQ(config["properties"]["provisioningState"], "Succeeded");
  EXPECT_EQ(first.body["properties"]["enableIPForwarding"], false);
  EXPECT_EQ(first.body["properties"]["enableAcceleratedNetworking"], false);
  EXPECT_EQ(first.body["properties"]["dnsSettings"],
            (Json{{"dnsServers", Json::array()}, {"appliedDnsServers", Json::array()}}));
  EXPECT_TRUE(first.body["properties"]["resourceGuid"].is_string());
  EXPECT_FALSE(first.body["properties"].contains("virtualMachine"));
  ASSERT_OK_AND_ASSIGN(Reply second, env.Put(NicId("n2"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(second.body), "10.0.0.5");
  // An update keeps the address, also when the client does not send it back.
  ASSERT_OK_AND_ASSIGN(Reply again, env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(again.body), "10.0.0.4");
  ASSERT_OK_AND_ASSIGN(Reply fixed, env.Put(NicId("n3"), Nic(Static("10.0.0.200"))));
  EXPECT_EQ(IpOf(fixed.body), "10.0.0.200");
  EXPECT_EQ(
      fixed.body["properties"]["ipConfigurations"][0]["properties"]["privateIPAllocationMethod"],
      "Static");
  // A static NIC may PUT its own address again.
  EXPECT_OK(env.Put(NicId("n3"), Nic(Static("10.0.0.200"))));
}

TEST(InterfaceHandlersTest, DynamicAddressesSurviveGapsAndMoveWithTheSubnet) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Put(NicId("n2"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Delete(NicId("n1")));
  // n2 keeps 10.0.0.5 although 10.0.0.4 is free again; a new NIC takes 10.0.0.4.
  ASSERT_OK_AND_ASSIGN(Reply n2, env.Put(NicId("n2"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(n2.body), "10.0.0.5");
  ASSERT_OK_AND_ASSIGN(Reply n3, env.Put(NicId("n3"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(n3.body), "10.0.0.4");
  // Moving to another subnet allocates there.
  ASSERT_OK_AND_ASSIGN(Reply moved, env.Put(NicId("n2"), Nic(InSubnet(kSubnetB))));
  EXPECT_EQ(IpOf(moved.body), "10.0.1.4");
  // Static -> Dynamic keeps the address.
  ASSERT_OK(env.Put(NicId("s"), Nic(Static("10.0.0.77"))));
  ASSERT_OK_AND_ASSIGN(Reply dyn, env.Put(NicId("s"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(dyn.body), "10.0.0.77");
}

TEST(InterfaceHandlersTest, SeveralConfigurationsAndIpv6) {
  Env env;
  AddNetwork(env);
  ASSERT_OK_AND_ASSIGN(
      Reply r,
      env.Put(NicId("multi"),
              NicOf({Config("v4a", InSubnet(kDual)), Config("v4b", InSubnet(kDual)),
                     Config("v6", InSubnet(kDual, {{"privateIPAddressVersion", "IPv6"}}))})));
  const Json& configs = r.body["properties"]["ipConfigurations"];
  EXPECT_EQ(configs[0]["properties"]["primary"], true);
  EXPECT_EQ(configs[1]["properties"]["primary"], false);
  EXPECT_EQ(configs[2]["properties"]["primary"], false);
  EXPECT_EQ(IpOf(r.body, 0), "10.0.2.4");
  EXPECT_EQ(IpOf(r.body, 1), "10.0.2.5");
  EXPECT_EQ(IpOf(r.body, 2), "fd00:db8:deca::4");
  EXPECT_EQ(configs[2]["properties"]["privateIPAddressVersion"], "IPv6");
  // A second NIC continues after them; an explicit primary is kept.
  ASSERT_OK_AND_ASSIGN(
      Reply next,
      env.Put(NicId("next"), NicOf({Config("x", InSubnet(kDual)),
                                    Config("y", InSubnet(kDual, {{"primary", true}}))})));
  EXPECT_EQ(IpOf(next.body, 0), "10.0.2.6");
  EXPECT_EQ(next.body["properties"]["ipConfigurations"][0]["properties"]["primary"], false);
  EXPECT_EQ(next.body["properties"]["ipConfigurations"][1]["properties"]["primary"], true);
}

TEST(InterfaceHandlersTest, ReadOnlyPropertiesAreIgnored) {
  Env env;
  AddNetwork(env);
  Json body = NicOf({Config("c", InSubnet(kSubnet))}, "eastus",
                    {{"virtualMachine", Ref(VmId("ghost"))},
                     {"privateEndpoint", Ref(Env::Id("Microsoft.Network/privateEndpoints/pe"))},
                     {"macAddress", "00-11-22-33-44-55"},
                     {"dnsSettings", {{"dnsServers", {"10.0.0.10"}}}}});
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(NicId("n"), body));
  EXPECT_FALSE(r.body["properties"].contains("virtualMachine"));
  EXPECT_FALSE(r.body["properties"].contains("privateEndpoint"));
  EXPECT_FALSE(r.body["properties"].contains("macAddress"));
  EXPECT_EQ(r.body["properties"]["dnsSettings"]["appliedDnsServers"], Json::array({"10.0.0.10"}));
  // Not a private endpoint's NIC: the user may change and delete it.
  EXPECT_OK(env.Put(NicId("n"), body));
  EXPECT_OK(env.Delete(NicId("n")));
}

TEST(InterfaceHandlersTest, RefusesInvalidInterfaces) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(PipId("used"), Pip()));
  ASSERT_OK(
      env.Put(NicId("taken"),
              NicOf({Config("c", InSubnet(kSubnet, {{"applicationSecurityGroups", {Ref(kAsg1)}},
                                                    {"publicIPAddress", Ref(PipId("used"))}}))})));
  ASSERT_OK(env.Put(PipId("free"), Pip()));
  ASSERT_OK(env.Put(PipId("west"), Pip("westus")));
  for (const char* n : {"t1", "t2", "t3"}) ASSERT_OK(env.Put(NicId(n), Nic(InSubnet(kTiny))));
  const std::string id = NicId("n9");
  Json many_dns = Json::array();
  for (int i = 0; i < 21; ++i) many_dns.push_back("10.0.0." + std::to_string(10 + i));
  Json many_asgs = Json::array();
  for (int i = 0; i < 21; ++i) many_asgs.push_back(Ref(kAsg1));
  ExpectRefused(
      env,
      {
          {"no ip configuration", id, Json{{"location", "eastus"}, {"properties", Json::object()}},
           "NetworkInterfaceMustHaveAtLeastOneIpConfiguration"},
          {"empty ip configurations", id, NicOf(Json::array()),
           "NetworkInterfaceMustHaveAtLeastOneIpConfiguration"},
          {"no subnet", id, Nic(Json::object()), "InvalidRequestFormat"},
          {"missing subnet", id, Nic(InSubnet(kVnet + "/subnets/zz")), "InvalidResourceReference"},
          {"malformed subnet id", id, Nic(InSubnet("not-an-id")), "LinkedInvalidPropertyId"},
          {"subnet in another region", id, Nic(InSubnet(kSubnet), "westus"),
           "InvalidResourceReference"},
          {"two vnets", id,
           NicOf({Config("x", InSubnet(kSubnet)), Config("y", InSubnet(kVnet2 + "/subnets/a"))}),
           "IpConfigurationsOfNicInDifferentVnets"},
          {"two primaries", id,
           NicOf({Config("x", InSubnet(kSubnet, {{"primary", true}})),
                  Config("y", InSubnet(kSubnet, {{"primary", true}}))}),
           "NetworkInterfaceMustHaveOneOneIPConfigAsPrimary"},
          {"ipv6 primary", id, Nic(InSubnet(kDual, {{"privateIPAddressVersion", "IPv6"}})),
           "PrimaryIpConfigurationMustBeIPv4"},
          {"bad version", id, Nic(InSubnet(kSubnet, {{"privateIPAddressVersion", "IPv5"}})),
           "InvalidRequestFormat"},
          {"bad method", id, Nic(InSubnet(kSubnet, {{"privateIPAllocationMethod", "Sometimes"}})),
           "InvalidRequestFormat"},
          {"static outside", id, Nic(Static("10.0.1.9")), "PrivateIPAddressNotInSubnet"},
          {"static reserved .3", id, Nic(Static("10.0.0.3")), "PrivateIPAddressInReservedRange"},
          {"static network address", id, Nic(Static("10.0.0.0")),
           "PrivateIPAddressInReservedRange"},
          {"static broadcast", id, Nic(Static("10.0.0.255")), "PrivateIPAddressInReservedRange"},
          {"static taken", id, Nic(Static("10.0.0.4")), "PrivateIPAddressIsAllocated"},
          {"static twice in one request", id,
           NicOf({Config("x", Static("10.0.0.50")), Config("y", Static("10.0.0.50"))}),
           "PrivateIPAddressIsAllocated"},
          {"static without address", id,
           Nic(InSubnet(kSubnet, {{"privateIPAllocationMethod", "Static"}})),
           "PrivateIPAddressRequired"},
          {"ipv6 in an ipv4 subnet", id,
           NicOf({Config("x", InSubnet(kSubnet)),
                  Config("y", InSubnet(kSubnet, {{"privateIPAddressVersion", "IPv6"}}))}),
           "PrivateIPAddressNotInSubnet"},
          {"subnet full", id, Nic(InSubnet(kTiny)), "SubnetIsFull"},
          {"missing nsg", id,
           NicOf({Config("c", InSubnet(kSubnet))}, "eastus",
                 {{"networkSecurityGroup",
                   Ref(Env::Id("Microsoft.Network/networkSecurityGroups/x"))}}),
           "InvalidResourceReference"},
          {"nsg in another region", id,
           NicOf({Config("c", InSubnet(kSubnet))}, "eastus",
                 {{"networkSecurityGroup", Ref(kNsgWest)}}),
           "InvalidResourceReference"},
          {"missing public ip", id, Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("x"))}})),
           "InvalidResourceReference"},
          {"public ip in another region", id,
           Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("west"))}})),
           "InvalidResourceReference"},
          {"public ip used by another nic", id,
           Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("used"))}})),
           "PublicIPAddressInUse"},
          {"public ip on two configurations", id,
           NicOf({Config("x", InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("free"))}})),
                  Config("y", InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("free"))}}))}),
           "PublicIPAddressInUse"},
          {"missing asg", id,
           Nic(InSubnet(kSubnet,
                        {{"applicationSecurityGroups",
                          {Ref(Env::Id("Microsoft.Network/applicationSecurityGroups/x"))}}})),
           "InvalidResourceReference"},
          {"asg in another region", id,
           Nic(InSubnet(kSubnet, {{"applicationSecurityGroups", {Ref(kAsgWest)}}})),
           "InvalidResourceReference"},
          {"21 asgs", id, Nic(InSubnet(kSubnet, {{"applicationSecurityGroups", many_asgs}})),
           "ApplicationSecurityGroupCountLimitReached"},
          {"configurations in different asgs", id,
           NicOf({Config("x", InSubnet(kSubnet, {{"applicationSecurityGroups", {Ref(kAsg1)}}})),
                  Config("y", InSubnet(kSubnet, {{"applicationSecurityGroups", {Ref(kAsg2)}}}))}),
           "AllIpConfigurationsOnANicMustBelongToTheSameApplicationSecurityGroups"},
          {"asg holding a nic of another vnet", id,
           Nic(InSubnet(kVnet2 + "/subnets/a", {{"applicationSecurityGroups", {Ref(kAsg1)}}})),
           "ApplicationSecurityGroupMembersInDifferentVnets"},
          {"21 dns servers", id,
           NicOf({Config("c", InSubnet(kSubnet))}, "eastus",
                 {{"dnsSettings", {{"dnsServers", many_dns}}}}),
           "DnsServerCountLimitReached"},
          {"bad dns server", id,
           NicOf({Config("c", InSubnet(kSubnet))}, "eastus",
                 {{"dnsSettings", {{"dnsServers", {"dns.example"}}}}}),
           "InvalidDnsServerIpAddress"},
          {"forwarding not a boolean", id,
           NicOf({Config("c", InSubnet(kSubnet))}, "eastus", {{"enableIPForwarding", "yes"}}),
           "InvalidRequestFormat"},
      });
}

// ---------------------------------------------------------------- private endpoint NICs

TEST(InterfaceHandlersTest, PrivateEndpointNicsAreReadOnly) {
  Env env;
  AddNetwork(env);
  const std::string account = Env::Id("Microsoft.Storage/storageAccounts/acct");
  const std::string pe = Env::Id("Microsoft.Network/privateEndpoints/pe1");
  ASSERT_OK(env.Put(
      account,
      Json{{"location", "eastus"}, {"kind", "StorageV2"}, {"sku", {{"name", "Standard_LRS"}}}}));
  ASSERT_OK(env.Put(
      pe, Json{{"location", "eastus"},
               {"properties",
                {{"subnet", Ref(kSubnet)},
                 {"privateLinkServiceConnections",
                  {Config("c", {{"privateLinkServiceId", account}, {"groupIds", {"blob"}}})}}}}}));
  std::string nic = GetBody(env, pe)["properties"]["networkInterfaces"][0]["id"];
  Json stored = GetBody(env, nic);
  EXPECT_EQ(IpOf(stored), "10.0.0.4");
  // Its address counts as taken for users' NICs.
  ASSERT_OK_AND_ASSIGN(Reply user_nic, env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  EXPECT_EQ(IpOf(user_nic.body), "10.0.0.5");
  ExpectRefused(env,
                {{"change a PE NIC", nic, stored, "CannotModifyNicAttachedToPrivateEndpoint"},
                 {"static on the PE NIC's address", NicId("n2"), Nic(Static("10.0.0.4")),
                  "PrivateIPAddressIsAllocated"},
                 {"VM on a PE NIC", VmId("vm"),
                  Json{{"location", "eastus"},
                       {"properties", {{"networkProfile", {{"networkInterfaces", {Ref(nic)}}}}}}},
                  "CannotAttachNicOfPrivateEndpoint"}});
  {
    int64_t before = env.rm().revision();
    EXPECT_EQ(env.Patch(nic, Json{{"tags", {{"a", "b"}}}}).status().reason(),
              "CannotModifyNicAttachedToPrivateEndpoint");
    EXPECT_EQ(env.rm().revision(), before);
  }
  ExpectDeleteRefused(env, nic, "CannotDeleteNicAttachedToPrivateEndpoint");
  // Deleting the endpoint takes its NIC along.
  ASSERT_OK(env.Delete(pe));
  EXPECT_FALSE(env.Get(nic).ok());
}

// ---------------------------------------------------------------- virtual machines

Json Vm(Json nics, const std::string& location = "eastus") {
  return Json{{"location", location},
              {"properties",
               {{"hardwareProfile", {{"vmSize", "Standard_B1s"}}},
                {"networkProfile", {{"networkInterfaces", std::move(nics)}}}}}};
}

TEST(InterfaceHandlersTest, VirtualMachinesHoldTheirNics) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Put(NicId("n2"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Put(NicId("n3"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Put(NicId("n4"), Nic(InSubnet(kSubnet))));
  ASSERT_OK(env.Put(NicId("w"), Nic(InSubnet(kVnetWest + "/subnets/a"), "westus")));
  ASSERT_OK_AND_ASSIGN(
      Reply vm,
      env.Put(VmId("vm1"),
              Vm({Ref(NicId("n1")), {{"id", NicId("n2")}, {"properties", {{"primary", true}}}}})));
  EXPECT_TRUE(vm.body["properties"]["vmId"].is_string());
  EXPECT_EQ(vm.body["properties"]["hardwareProfile"], (Json{{"vmSize", "Standard_B1s"}}));
  Json n1 = GetBody(env, NicId("n1"));
  Json n2 = GetBody(env, NicId("n2"));
  EXPECT_EQ(n1["properties"]["virtualMachine"], Ref(VmId("vm1")));
  EXPECT_EQ(n1["properties"]["primary"], false);
  EXPECT_EQ(n2["properties"]["primary"], true);
  ExpectRefused(
      env,
      {
          {"no nics", VmId("vm2"), Vm(Json::array()), "InvalidParameter"},
          {"no network profile", VmId("vm2"), Json{{"location", "eastus"}}, "InvalidParameter"},
          {"nic not an object", VmId("vm2"), Vm({"x"}), "InvalidParameter"},
          {"missing nic", VmId("vm2"), Vm({Ref(NicId("none"))}), "InvalidResourceReference"},
          {"nic of another vm", VmId("vm2"), Vm({Ref(NicId("n1"))}), "NicInUse"},
          {"nic in another region", VmId("vm2"), Vm({Ref(NicId("w"))}), "NicInOtherRegion"},
          {"two nics, no primary", VmId("vm2"), Vm({Ref(NicId("n3")), Ref(NicId("n4"))}),
           "InvalidParameter"},
          {"same nic twice", VmId("vm2"),
           Vm({{{"id", NicId("n3")}, {"properties", {{"primary", true}}}}, Ref(NicId("n3"))}),
           "InvalidParameter"},
      });
  ExpectDeleteRefused(env, NicId("n1"), "NicInUse");
  // The VM may be updated with its own NICs.
  EXPECT_OK(env.Put(VmId("vm1"), Vm({{{"id", NicId("n1")}, {"properties", {{"primary", true}}}},
                                     Ref(NicId("n2"))})));
  ASSERT_OK(env.Delete(VmId("vm1")));
  EXPECT_FALSE(GetBody(env, NicId("n1"))["properties"].contains("virtualMachine"));
  EXPECT_OK(env.Delete(NicId("n1")));
}

// ---------------------------------------------------------------- public IP addresses

TEST(InterfaceHandlersTest, PublicAddressesComeFromTheRegionPool) {
  Env env;
  ASSERT_OK_AND_ASSIGN(Reply a, env.Put(PipId("a"), Pip()));
  ASSERT_OK_AND_ASSIGN(Reply b, env.Put(PipId("b"), Pip()));
  // eastus: the first /16 of AzureCloud.eastus's largest prefix, 4.156.0.0/15.
  EXPECT_EQ(a.body["properties"]["ipAddress"], "4.156.0.4");
  EXPECT_EQ(b.body["properties"]["ipAddress"], "4.156.0.5");
  EXPECT_EQ(a.body["properties"]["publicIPAllocationMethod"], "Static");
  EXPECT_EQ(a.body["properties"]["publicIPAddressVersion"], "IPv4");
  EXPECT_EQ(a.body["properties"]["idleTimeoutInMinutes"], 4);
  EXPECT_EQ(a.body["properties"]["ipTags"], Json::array());
  EXPECT_EQ(a.body["sku"], (Json{{"name", "Standard"}, {"tier", "Regional"}}));
  // Without a sku: Standard, as Azure today.
  ASSERT_OK_AND_ASSIGN(Reply plain, env.Put(PipId("plain"), Json{{"location", "eastus"}}));
  EXPECT_EQ(plain.body["sku"]["name"], "Standard");
  EXPECT_EQ(plain.body["properties"]["ipAddress"], "4.156.0.6");
  // Without a sku but asking for Dynamic: Basic, as the az CLI recording shows.
  ASSERT_OK_AND_ASSIGN(Reply cli,
                       env.Put(PipId("cli"), Json{{"location", "westus"},
                                                  {"properties",
                                                   {{"publicIPAllocationMethod", "Dynamic"},
                                                    {"idleTimeoutInMinutes", 4},
                                                    {"publicIPAddressVersion", "IPv4"}}}}));
  EXPECT_EQ(cli.body["sku"], (Json{{"name", "Basic"}, {"tier", "Regional"}}));
  EXPECT_FALSE(cli.body["properties"].contains("ipAddress"));
  // Updates keep the address, even when the client sends another one.
  ASSERT_OK_AND_ASSIGN(Reply again, env.Put(PipId("a"), Pip("eastus", {{"ipAddress", "1.2.3.4"}})));
  EXPECT_EQ(again.body["properties"]["ipAddress"], "4.156.0.4");
  // Other regions and the fallback pool.
  ASSERT_OK_AND_ASSIGN(Reply weu, env.Put(PipId("weu"), Pip("westeurope")));
  EXPECT_EQ(weu.body["properties"]["ipAddress"], "13.80.0.4");
  ASSERT_OK_AND_ASSIGN(Reply wus, env.Put(PipId("wus"), Pip("westus")));
  EXPECT_EQ(wus.body["properties"]["ipAddress"], "172.184.0.4");
  ASSERT_OK_AND_ASSIGN(Reply other, env.Put(PipId("other"), Pip("mexicocentral")));
  EXPECT_EQ(other.body["properties"]["ipAddress"], "20.33.0.4");
  // A freed address is handed out again (first free).
  ASSERT_OK(env.Delete(PipId("b")));
  ASSERT_OK_AND_ASSIGN(Reply c, env.Put(PipId("c"), Pip()));
  EXPECT_EQ(c.body["properties"]["ipAddress"], "4.156.0.5");
  // Basic Dynamic: no address while no running VM holds it (as recorded).
  ASSERT_OK_AND_ASSIGN(
      Reply dyn, env.Put(PipId("dyn"), Json{{"location", "westus"}, {"sku", {{"name", "Basic"}}}}));
  EXPECT_EQ(dyn.body["properties"]["publicIPAllocationMethod"], "Dynamic");
  EXPECT_FALSE(dyn.body["properties"].contains("ipAddress"));
  // DNS name.
  ASSERT_OK_AND_ASSIGN(
      Reply named,
      env.Put(PipId("named"), Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "web-1"}}}})));
  EXPECT_EQ(named.body["properties"]["dnsSettings"]["fqdn"], "web-1.eastus.cloudapp.azure.com");
  EXPECT_OK(
      env.Put(PipId("named"), Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "web-1"}}}})));
  EXPECT_OK(env.Put(PipId("named-west"),
                    Pip("westus", {{"dnsSettings", {{"domainNameLabel", "web-1"}}}})));
}

TEST(InterfaceHandlersTest, RefusesInvalidPublicAddresses) {
  Env env;
  ASSERT_OK(
      env.Put(PipId("named"), Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "web"}}}})));
  const std::string id = PipId("p");
  auto with_sku = [](Json sku, Json props = Json::object()) {
    return Json{{"location", "eastus"}, {"sku", std::move(sku)}, {"properties", std::move(props)}};
  };
  ExpectRefused(
      env, {
               {"standard dynamic", id, Pip("eastus", {{"publicIPAllocationMethod", "Dynamic"}}),
                "StandardSkuPublicIPAddressesMustBeStatic"},
               {"idle 31", id, Pip("eastus", {{"idleTimeoutInMinutes", 31}}),
                "PublicIPIdleTimeoutIsOutOfRange"},
               {"idle 3", id, Pip("eastus", {{"idleTimeoutInMinutes", 3}}),
                "PublicIPIdleTimeoutIsOutOfRange"},
               {"idle not a number", id, Pip("eastus", {{"idleTimeoutInMinutes", "4"}}),
                "PublicIPIdleTimeoutIsOutOfRange"},
               {"bad sku", id, with_sku({{"name", "Premium"}}), "InvalidRequestFormat"},
               {"bad tier", id, with_sku({{"name", "Standard"}, {"tier", "Local"}}),
                "InvalidRequestFormat"},
               {"sku not an object", id, with_sku("Standard"), "InvalidRequestFormat"},
               {"bad version", id, Pip("eastus", {{"publicIPAddressVersion", "IPv5"}}),
                "InvalidRequestFormat"},
               {"bad method", id, Pip("eastus", {{"publicIPAllocationMethod", "Sticky"}}),
                "InvalidRequestFormat"},
               {"bad label", id, Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "Web_1"}}}}),
                "InvalidDomainNameLabel"},
               {"short label", id, Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "ab"}}}}),
                "InvalidDomainNameLabel"},
               {"label taken in the region", id,
                Pip("eastus", {{"dnsSettings", {{"domainNameLabel", "web"}}}}), "DnsRecordInUse"},
           });
}

TEST(InterfaceHandlersTest, PublicAddressesInUseStay) {
  Env env;
  AddNetwork(env);
  for (const char* p : {"nicip", "natip", "gwip"}) ASSERT_OK(env.Put(PipId(p), Pip()));
  ASSERT_OK(
      env.Put(NicId("n1"), Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("nicip"))}}))));
  const std::string nat = Env::Id("Microsoft.Network/natGateways/nat");
  ASSERT_OK(env.Put(nat, Json{{"location", "eastus"},
                              {"properties", {{"publicIpAddresses", {Ref(PipId("natip"))}}}}}));
  ASSERT_OK(env.Put(GatewayId("g"),
                    Json{{"location", "eastus"},
                         {"properties",
                          {{"ipConfigurations",
                            {Config("gc", {{"subnet", Ref(kGatewaySubnet)},
                                           {"publicIPAddress", Ref(PipId("gwip"))}})}}}}}));
  EXPECT_EQ(GetBody(env, PipId("nicip"))["properties"]["ipConfiguration"],
            Ref(NicId("n1") + "/ipConfigurations/c1"));
  EXPECT_EQ(GetBody(env, PipId("natip"))["properties"]["natGateway"], Ref(nat));
  EXPECT_EQ(GetBody(env, PipId("gwip"))["properties"]["ipConfiguration"],
            Ref(GatewayId("g") + "/ipConfigurations/gc"));
  for (const char* p : {"nicip", "natip", "gwip"})
    ExpectDeleteRefused(env, PipId(p), "PublicIPAddressCannotBeDeleted");
  // Released once the user lets go.
  ASSERT_OK(env.Put(NicId("n1"), Nic(InSubnet(kSubnet))));
  EXPECT_FALSE(GetBody(env, PipId("nicip"))["properties"].contains("ipConfiguration"));
  EXPECT_OK(env.Delete(PipId("nicip")));
}

// ---------------------------------------------------------------- NAT gateways

TEST(InterfaceHandlersTest, NatGateways) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(PipId("std"), Pip()));
  ASSERT_OK(env.Put(PipId("std2"), Pip()));
  ASSERT_OK(env.Put(PipId("west"), Pip("westus")));
  ASSERT_OK(env.Put(PipId("basic"), Json{{"location", "eastus"}, {"sku", {{"name", "Basic"}}}}));
  ASSERT_OK(
      env.Put(NicId("n1"), Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("std2"))}}))));
  const std::string nat = Env::Id("Microsoft.Network/natGateways/nat");
  auto nat_body = [](Json pips, Json extra = Json::object()) {
    extra["publicIpAddresses"] = std::move(pips);
    return Json{{"location", "eastus"}, {"properties", std::move(extra)}};
  };
  ExpectRefused(
      env,
      {
          {"basic sku", nat, Json{{"location", "eastus"}, {"sku", {{"name", "Basic"}}}},
           "InvalidRequestFormat"},
          {"idle 121", nat, nat_body(Json::array(), {{"idleTimeoutInMinutes", 121}}),
           "NatGatewayIdleTimeoutIsOutOfRange"},
          {"idle 3", nat, nat_body(Json::array(), {{"idleTimeoutInMinutes", 3}}),
           "NatGatewayIdleTimeoutIsOutOfRange"},
          {"missing public ip", nat, nat_body({Ref(PipId("none"))}), "InvalidResourceReference"},
          {"basic public ip", nat, nat_body({Ref(PipId("basic"))}),
           "NatGatewayCannotUseBasicSkuPublicIp"},
          {"public ip in another region", nat, nat_body({Ref(PipId("west"))}),
           "InvalidResourceReference"},
          {"public ip used by a nic", nat, nat_body({Ref(PipId("std2"))}), "PublicIPAddressInUse"},
          {"public ips not an array", nat, nat_body(Ref(PipId("std"))), "InvalidRequestFormat"},
      });
  ASSERT_OK_AND_ASSIGN(Reply r, env.Put(nat, nat_body({Ref(PipId("std"))})));
  EXPECT_EQ(r.body["sku"], (Json{{"name", "Standard"}}));
  EXPECT_EQ(r.body["properties"]["idleTimeoutInMinutes"], 4);
  EXPECT_FALSE(r.body["properties"].contains("subnets"));
  // A subnet that uses it shows up, and keeps it from being deleted.
  Json vnet = GetBody(env, kVnet);
  vnet["properties"]["subnets"][0]["properties"]["natGateway"] = Ref(nat);
  ASSERT_OK(env.Put(kVnet, vnet));
  EXPECT_EQ(GetBody(env, nat)["properties"]["subnets"], Json::array({Ref(kSubnet)}));
  ExpectDeleteRefused(env, nat, "InUseNatGatewayCannotBeDeleted");
  vnet["properties"]["subnets"][0]["properties"].erase("natGateway");
  ASSERT_OK(env.Put(kVnet, vnet));
  EXPECT_OK(env.Delete(nat));
}

// ---------------------------------------------------------------- gateways and connections

Json Gateway(const std::string& subnet, const std::string& type = "Vpn",
             const std::string& location = "eastus", Json extra = Json::object()) {
  extra["gatewayType"] = type;
  if (!extra.contains("ipConfigurations"))
    extra["ipConfigurations"] = {Config("g", {{"subnet", Ref(subnet)}})};
  return Json{{"location", location}, {"properties", std::move(extra)}};
}

Json Local(Json props) { return Json{{"location", "eastus"}, {"properties", std::move(props)}}; }

Json Connection(Json props, const std::string& location = "eastus") {
  return Json{{"location", location}, {"properties", std::move(props)}};
}

TEST(InterfaceHandlersTest, GatewaysLiveInGatewaySubnet) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(PipId("gw"), Pip()));
  ASSERT_OK(env.Put(PipId("used"), Pip()));
  ASSERT_OK(
      env.Put(NicId("n1"), Nic(InSubnet(kSubnet, {{"publicIPAddress", Ref(PipId("used"))}}))));
  ASSERT_OK_AND_ASSIGN(
      Reply vpn, env.Put(GatewayId("g1"),
                         Gateway("", "Vpn", "eastus",
                                 {{"enableBgp", true},
                                  {"ipConfigurations",
                                   {Config("g", {{"subnet", Ref(kGatewaySubnet)},
                                                 {"publicIPAddress", Ref(PipId("gw"))}})}}})));
  const Json& props = vpn.body["properties"];
  EXPECT_EQ(props["ipConfigurations"][0]["id"], GatewayId("g1") + "/ipConfigurations/g");
  EXPECT_EQ(props["ipConfigurations"][0]["properties"]["privateIPAllocationMethod"], "Dynamic");
  EXPECT_EQ(props["vpnType"], "RouteBased");
  EXPECT_EQ(props["sku"], (Json{{"name", "VpnGw1"}, {"tier", "VpnGw1"}}));
  EXPECT_EQ(props["bgpSettings"]["asn"], 65515);
  EXPECT_EQ(props["bgpSettings"]["peerWeight"], 0);
  EXPECT_EQ(props["bgpSettings"]["bgpPeeringAddress"], "10.0.255.30");
  EXPECT_EQ(props["bgpSettings"]["bgpPeeringAddresses"],
            Json::array({{{"ipconfigurationId", GatewayId("g1") + "/ipConfigurations/g"},
                          {"defaultBgpIpAddresses", Json::array({"10.0.255.30"})},
                          {"customBgpIpAddresses", Json::array()},
                          {"tunnelIpAddresses",
                           Json::array({GetBody(env, PipId("gw"))["properties"]["ipAddress"]})}}}));
  // An ExpressRoute gateway may join the VPN one; active-active takes two addresses.
  ASSERT_OK_AND_ASSIGN(Reply er,
                       env.Put(GatewayId("er"), Gateway(kGatewaySubnet, "ExpressRoute", "eastus",
                                                        {{"sku", {{"name", "ErGw1AZ"}}}})));
  EXPECT_EQ(er.body["properties"]["sku"]["tier"], "ErGw1AZ");
  ASSERT_OK_AND_ASSIGN(
      Reply aa,
      env.Put(GatewayId("aa"),
              Gateway("", "Vpn", "eastus",
                      {{"activeActive", true},
                       {"ipConfigurations",
                        {Config("x", {{"subnet", Ref(kVnet2 + "/subnets/GatewaySubnet")}}),
                         Config("y", {{"subnet", Ref(kVnet2 + "/subnets/GatewaySubnet")}})}}})));
  EXPECT_EQ(aa.body["properties"]["bgpSettings"]["bgpPeeringAddress"], "10.1.255.30,10.1.255.29");
  const std::string id = GatewayId("g2");
  ExpectRefused(
      env,
      {
          {"not GatewaySubnet", id, Gateway(kSubnet), "GatewaySubnetRequired"},
          {"no ip configuration", id,
           Gateway("", "Vpn", "eastus", {{"ipConfigurations", Json::array()}}),
           "VirtualNetworkGatewayMustHaveIpConfiguration"},
          {"no subnet", id,
           Gateway("", "Vpn", "eastus", {{"ipConfigurations", {Config("g", Json::object())}}}),
           "InvalidRequestFormat"},
          {"missing subnet", id, Gateway(kVnet + "/subnets/nope"), "InvalidResourceReference"},
          {"vnet in another region", id, Gateway(kGatewaySubnet, "Vpn", "westus"),
           "InvalidResourceReference"},
          {"second vpn gateway", id, Gateway(kGatewaySubnet), "VnetGatewayCountLimitReached"},
          {"second er gateway", id, Gateway(kGatewaySubnet, "ExpressRoute"),
           "VnetGatewayCountLimitReached"},
          {"bad gateway type", id,
           Gateway(kVnetWest + "/subnets/GatewaySubnet", "Satellite", "westus"),
           "InvalidRequestFormat"},
          {"er sku on vpn", id,
           Gateway(kVnetWest + "/subnets/GatewaySubnet", "Vpn", "westus",
                   {{"sku", {{"name", "ErGw1AZ"}}}}),
           "InvalidGatewaySku"},
          {"bad vpn type", id,
           Gateway(kVnetWest + "/subnets/GatewaySubnet", "Vpn", "westus", {{"vpnType", "Any"}}),
           "InvalidRequestFormat"},
          {"bad asn", id,
           Gateway(kVnetWest + "/subnets/GatewaySubnet", "Vpn", "westus",
                   {{"bgpSettings", {{"asn", -1}}}}),
           "InvalidRequestFormat"},
          {"missing public ip", id,
           Gateway("", "Vpn", "westus",
                   {{"ipConfigurations",
                     {Config("g", {{"subnet", Ref(kVnetWest + "/subnets/GatewaySubnet")},
                                   {"publicIPAddress", Ref(PipId("none"))}})}}}),
           "InvalidResourceReference"},
          {"public ip of a nic", id,
           Gateway("", "Vpn", "eastus",
                   {{"ipConfigurations",
                     {Config("g", {{"subnet", Ref(kVnet2 + "/subnets/GatewaySubnet")},
                                   {"publicIPAddress", Ref(PipId("used"))}})}}}),
           "PublicIPAddressInUse"},
      });
  // The gateway makes GatewaySubnet in use.
  EXPECT_EQ(env.DeleteError(kGatewaySubnet), "InUseSubnetCannotBeDeleted");
}

TEST(InterfaceHandlersTest, LocalGatewaysAndConnections) {
  Env env;
  AddNetwork(env);
  ASSERT_OK(env.Put(GatewayId("vpn"), Gateway(kGatewaySubnet)));
  ASSERT_OK(env.Put(GatewayId("vpn2"), Gateway(kVnet2 + "/subnets/GatewaySubnet")));
  ASSERT_OK(env.Put(GatewayId("er"), Gateway(kGatewaySubnet, "ExpressRoute")));
  const std::string local = Env::Id("Microsoft.Network/localNetworkGateways/onprem");
  Json space = {{"addressPrefixes", {"192.168.0.0/16"}}};
  ExpectRefused(
      env, {
               {"no address or fqdn", local, Local({{"localNetworkAddressSpace", space}}),
                "LocalNetworkGatewayMustHaveIpAddressOrFqdn"},
               {"bad address", local, Local({{"gatewayIpAddress", "203.0.113"}}),
                "InvalidGatewayIpAddress"},
               {"bad prefix", local,
                Local({{"gatewayIpAddress", "203.0.113.10"},
                       {"localNetworkAddressSpace", {{"addressPrefixes", {"192.168.0.0/33"}}}}}),
                "InvalidAddressPrefixFormat"},
               {"host bits", local,
                Local({{"gatewayIpAddress", "203.0.113.10"},
                       {"localNetworkAddressSpace", {{"addressPrefixes", {"192.168.1.0/16"}}}}}),
                "InvalidCIDRNotation"},
               {"reserved asn", local,
                Local({{"fqdn", "vpn.example.com"},
                       {"bgpSettings", {{"asn", 65515}, {"bgpPeeringAddress", "192.168.0.1"}}}}),
                "BgpAsnReserved"},
               {"asn out of range", local,
                Local({{"fqdn", "vpn.example.com"},
                       {"bgpSettings", {{"asn", 0}, {"bgpPeeringAddress", "192.168.0.1"}}}}),
                "InvalidRequestFormat"},
               {"bad bgp address", local,
                Local({{"fqdn", "vpn.example.com"},
                       {"bgpSettings", {{"asn", 65010}, {"bgpPeeringAddress", "router"}}}}),
                "InvalidBgpPeeringAddress"},
           });
  ASSERT_OK_AND_ASSIGN(
      Reply lng,
      env.Put(local,
              Local({{"gatewayIpAddress", "203.0.113.10"},
                     {"localNetworkAddressSpace", space},
                     {"bgpSettings", {{"asn", 65010}, {"bgpPeeringAddress", "192.168.0.1"}}}})));
  EXPECT_EQ(lng.body["properties"]["bgpSettings"]["peerWeight"], 0);
  const std::string conn = Env::Id("Microsoft.Network/connections/c1");
  Json ipsec{{"connectionType", "IPsec"},
             {"virtualNetworkGateway1", Ref(GatewayId("vpn"))},
             {"localNetworkGateway2", Ref(local)},
             {"sharedKey", "s3cret"}};
  auto with = [](Json base, const std::string& key, Json value) {
    if (value.is_null()) {
      base.erase(key);
    } else {
      base[key] = std::move(value);
    }
    return base;
  };
  ExpectRefused(
      env, {
               {"no type", conn, Connection(with(ipsec, "connectionType", nullptr)),
                "InvalidRequestFormat"},
               {"bad type", conn, Connection(with(ipsec, "connectionType", "Carrier")),
                "InvalidRequestFormat"},
               {"no gateway1", conn, Connection(with(ipsec, "virtualNetworkGateway1", nullptr)),
                "InvalidRequestFormat"},
               {"missing gateway1", conn,
                Connection(with(ipsec, "virtualNetworkGateway1", Ref(GatewayId("none")))),
                "InvalidResourceReference"},
               {"gateway1 in another region", conn, Connection(ipsec, "westus"),
                "InvalidResourceReference"},
               {"ipsec without local gateway", conn,
                Connection(with(ipsec, "localNetworkGateway2", nullptr)), "InvalidRequestFormat"},
               {"ipsec with a missing local gateway", conn,
                Connection(with(ipsec, "localNetworkGateway2",
                                Ref(Env::Id("Microsoft.Network/localNetworkGateways/none")))),
                "InvalidResourceReference"},
               {"ipsec on an er gateway", conn,
                Connection(with(ipsec, "virtualNetworkGateway1", Ref(GatewayId("er")))),
                "ConnectionTypeNotSupportedByGateway"},
               {"vnet2vnet without gateway2", conn,
                Connection({{"connectionType", "Vnet2Vnet"},
                            {"virtualNetworkGateway1", Ref(GatewayId("vpn"))}}),
                "InvalidRequestFormat"},
               {"vnet2vnet to a missing gateway", conn,
                Connection({{"connectionType", "Vnet2Vnet"},
                            {"virtualNetworkGateway1", Ref(GatewayId("vpn"))},
                            {"virtualNetworkGateway2", Ref(GatewayId("none"))}}),
                "InvalidResourceReference"},
               {"vnet2vnet to itself", conn,
                Connection({{"connectionType", "Vnet2Vnet"},
                            {"virtualNetworkGateway1", Ref(GatewayId("vpn"))},
                            {"virtualNetworkGateway2", Ref(GatewayId("vpn"))}}),
                "InvalidRequestFormat"},
               {"expressroute without circuit", conn,
                Connection({{"connectionType", "ExpressRoute"},
                            {"virtualNetworkGateway1", Ref(GatewayId("er"))}}),
                "InvalidRequestFormat"},
               {"routing weight negative", conn, Connection(with(ipsec, "routingWeight", -1)),
                "InvalidRequestFormat"},
           });
  ASSERT_OK_AND_ASSIGN(Reply c, env.Put(conn, Connection(ipsec)));
  EXPECT_EQ(c.body["properties"]["connectionStatus"], "Connected");
  EXPECT_EQ(c.body["properties"]["sharedKey"], "s3cret");
  EXPECT_EQ(c.body["properties"]["routingWeight"], 0);
  EXPECT_EQ(c.body["properties"]["enableBgp"], false);
  EXPECT_EQ(c.body["properties"]["connectionProtocol"], "IKEv2");
  EXPECT_OK(env.Put(Env::Id("Microsoft.Network/connections/v2v"),
                    Connection({{"connectionType", "Vnet2Vnet"},
                                {"virtualNetworkGateway1", Ref(GatewayId("vpn"))},
                                {"virtualNetworkGateway2", Ref(GatewayId("vpn2"))}})));
  ExpectDeleteRefused(env, local, "InUseLocalNetworkGatewayCannotBeDeleted");
  ExpectDeleteRefused(env, GatewayId("vpn"), "InUseVirtualNetworkGatewayCannotBeDeleted");
  ExpectDeleteRefused(env, GatewayId("vpn2"), "InUseVirtualNetworkGatewayCannotBeDeleted");
  ASSERT_OK(env.Delete(conn));
  EXPECT_OK(env.Delete(local));
  ASSERT_OK(env.Delete(Env::Id("Microsoft.Network/connections/v2v")));
  EXPECT_OK(env.Delete(GatewayId("vpn")));
}

// ---------------------------------------------------------------- network watchers

TEST(InterfaceHandlersTest, OneNetworkWatcherPerRegion) {
  Env env;
  const std::string nw1 = Env::Id("Microsoft.Network/networkWatchers/nw1");
  ASSERT_OK(env.Put(nw1, Json{{"location", "eastus"}}));
  EXPECT_OK(env.Put(nw1, Json{{"location", "eastus"}}));
  ExpectRefused(env, {{"second in eastus", Env::Id("Microsoft.Network/networkWatchers/nw2"),
                       Json{{"location", "EastUS"}}, "NetworkWatcherCountLimitReached"}});
  EXPECT_OK(
      env.Put(Env::Id("Microsoft.Network/networkWatchers/nw3"), Json{{"location", "westus"}}));
  // Another subscription has its own.
  ASSERT_OK(env.Put("/subscriptions/sub2/resourceGroups/rg2", Json{{"location", "eastus"}}));
  EXPECT_OK(
      env.Put("/subscriptions/sub2/resourceGroups/rg2/providers/Microsoft.Network/"
              "networkWatchers/nw",
              Json{{"location", "eastus"}}));
}

}  // namespace
}  // namespace vnet::control
