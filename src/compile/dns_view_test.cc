// The DNS view read from documents: private zones and every record type, links and their
// policies, auto-registration (and a manual record winning), custom DNS servers from tags, and
// the public chain of service names with and without the privatelink hop (SEMANTICS.md 9).
#include "compile/dns_view.h"

#include <gtest/gtest.h>

#include "compile/topology_builder.h"

namespace vnet::compile {
namespace {

using Json = nlohmann::json;
const std::string kRg = "/subscriptions/s/resourceGroups/rg/providers/";
const std::string kZone = "Microsoft.Network/privateDnsZones/";

void Add(model::DocMap& docs, const std::string& suffix, Json body) {
  auto doc = std::make_shared<model::Doc>();
  doc->id = arm::ResourceId::Parse(kRg + suffix).value();
  doc->type = model::FindResourceType(doc->id.FullType());
  ASSERT_NE(doc->type, nullptr) << suffix;
  body["id"] = doc->id.ToString();
  doc->body = std::move(body);
  docs[doc->key()] = doc;
}

std::shared_ptr<const DnsView> Build(const model::DocMap& docs) {
  auto t = std::make_shared<Topology>(BuildTopology(docs, *ServiceTagCatalogue::Default().value()));
  return BuildDnsView(docs, t, 7);
}

// A VNet document as the control plane stores it (inline subnets carry their ids).
Json Vnet(const std::string& name, const std::string& prefix, Json dns_servers = Json::array()) {
  Json subnet = {{"name", "s"},
                 {"id", kRg + "Microsoft.Network/virtualNetworks/" + name + "/subnets/s"},
                 {"properties", {{"addressPrefix", prefix + ".0.0/24"}}}};
  return {{"location", "eastus"},
          {"properties",
           {{"addressSpace", {{"addressPrefixes", {prefix + ".0.0/16"}}}},
            {"dhcpOptions", {{"dnsServers", dns_servers}}},
            {"subnets", Json::array({subnet})}}}};
}

Json Nic(const std::string& vnet, const std::string& ip, Json tags = Json::object()) {
  return {
      {"location", "eastus"},
      {"tags", tags},
      {"properties",
       {{"ipConfigurations",
         {{{"name", "ipconfig1"},
           {"properties",
            {{"primary", true},
             {"privateIPAddress", ip},
             {"subnet",
              {{"id", kRg + "Microsoft.Network/virtualNetworks/" + vnet + "/subnets/s"}}}}}}}}}}};
}

const DnsRecordSet* SetAt(const DnsView& v, const std::string& zone, const std::string& owner,
                          RrType type) {
  for (const DnsZone& z : v.zones) {
    if (z.name != zone) continue;
    const auto* sets = z.Find(owner);
    if (!sets) return nullptr;
    for (const DnsRecordSet& s : *sets) {
      if (s.type == type) return &s;
    }
  }
  return nullptr;
}

TEST(DnsViewTest, ReadsPrivateZonesAndEveryRecordType) {
  model::DocMap docs;
  Add(docs, kZone + "contoso.internal", {{"location", "global"}});
  Add(docs, kZone + "contoso.internal/A/web",
      {{"properties",
        {{"ttl", 300},
         {"aRecords", {{{"ipv4Address", "10.0.0.5"}}, {{"ipv4Address", "not-an-ip"}}}}}}});
  Add(docs, kZone + "contoso.internal/AAAA/web",
      {{"properties", {{"ttl", 300}, {"aaaaRecords", {{{"ipv6Address", "fd00::5"}}}}}}});
  Add(docs, kZone + "contoso.internal/CNAME/www",
      {{"properties", {{"ttl", 60}, {"cnameRecord", {{"cname", "Web.Contoso.Internal."}}}}}});
  Add(docs, kZone + "contoso.internal/MX/@",
      {{"properties",
        {{"ttl", 3600},
         {"mxRecords", {{{"preference", 10}, {"exchange", "mail.contoso.internal"}}}}}}});
  Add(docs, kZone + "contoso.internal/PTR/five",
      {{"properties", {{"ttl", 3600}, {"ptrRecords", {{{"ptrdname", "web.contoso.internal"}}}}}}});
  Json srv_record = {
      {"priority", 1}, {"weight", 5}, {"port", 5060}, {"target", "sip.contoso.internal"}};
  Add(docs, kZone + "contoso.internal/SRV/_sip._tcp",
      {{"properties", {{"ttl", 3600}, {"srvRecords", Json::array({srv_record})}}}});
  Add(docs, kZone + "contoso.internal/TXT/info",
      {{"properties", {{"ttl", 3600}, {"txtRecords", {{{"value", {"a", "b c"}}}}}}}});
  Add(docs, kZone + "contoso.internal/SOA/@",
      {{"properties",
        {{"ttl", 3600},
         {"soaRecord",
          {{"host", "azureprivatedns.net"},
           {"email", "azureprivatedns-host.microsoft.com"},
           {"serialNumber", 1},
           {"refreshTime", 3600},
           {"retryTime", 300},
           {"expireTime", 2419200},
           {"minimumTtl", 30}}}}}});
  auto v = Build(docs);
  EXPECT_EQ(v->revision, 7);
  const DnsRecordSet* a = SetAt(*v, "contoso.internal", "web.contoso.internal", RrType::kA);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->ttl, 300u);
  ASSERT_EQ(a->records.size(), 1u);  // the unparsable address is skipped, and noted
  EXPECT_EQ(a->records[0].ip.ToString(), "10.0.0.5");
  EXPECT_EQ(v->notes.size(), 1u);
  EXPECT_EQ(SetAt(*v, "contoso.internal", "web.contoso.internal", RrType::kAaaa)
                ->records[0]
                .ip.ToString(),
            "fd00::5");
  EXPECT_EQ(
      SetAt(*v, "contoso.internal", "www.contoso.internal", RrType::kCname)->records[0].target,
      "web.contoso.internal");
  const DnsRecordSet* mx = SetAt(*v, "contoso.internal", "contoso.internal", RrType::kMx);
  ASSERT_NE(mx, nullptr);
  EXPECT_EQ(mx->records[0].preference, 10);
  EXPECT_EQ(SetAt(*v, "contoso.internal", "five.contoso.internal", RrType::kPtr)->records[0].target,
            "web.contoso.internal");
  const DnsRecordSet* srv =
      SetAt(*v, "contoso.internal", "_sip._tcp.contoso.internal", RrType::kSrv);
  ASSERT_NE(srv, nullptr);
  EXPECT_EQ(srv->records[0].port, 5060);
  EXPECT_EQ(srv->records[0].weight, 5);
  EXPECT_EQ(SetAt(*v, "contoso.internal", "info.contoso.internal", RrType::kTxt)->records[0].texts,
            (std::vector<std::string>{"a", "b c"}));
  const DnsZone& z = v->zones[0];
  EXPECT_EQ(z.kind, DnsZone::Kind::kPrivate);
  EXPECT_EQ(z.soa.records[0].minimum, 30u);
  EXPECT_TRUE(z.HasNamesBelow("_tcp.contoso.internal"));
  EXPECT_FALSE(z.HasNamesBelow("web.contoso.internal"));
}

TEST(DnsViewTest, LinksRegistrationAndLongestZone) {
  model::DocMap docs;
  const std::string a = kRg + "Microsoft.Network/virtualNetworks/a";
  Add(docs, "Microsoft.Network/virtualNetworks/a", Vnet("a", "10.1"));
  Add(docs, "Microsoft.Network/virtualNetworks/b", Vnet("b", "10.2"));
  Add(docs, "Microsoft.Network/networkInterfaces/vm1-nic", Nic("a", "10.1.0.4"));
  Add(docs, "Microsoft.Network/networkInterfaces/vm2-nic", Nic("a", "10.1.0.5"));
  Add(docs, "Microsoft.Compute/virtualMachines/vm1",
      {{"location", "eastus"},
       {"properties",
        {{"osProfile", {{"computerName", "Web01"}}},
         {"networkProfile",
          {{"networkInterfaces",
            {{{"id", kRg + "Microsoft.Network/networkInterfaces/vm1-nic"}}}}}}}}});
  Add(docs, "Microsoft.Compute/virtualMachines/vm2",
      {{"location", "eastus"},
       {"properties",
        {{"networkProfile",
          {{"networkInterfaces",
            {{{"id", kRg + "Microsoft.Network/networkInterfaces/vm2-nic"}}}}}}}}});
  Add(docs, kZone + "corp.example", {{"location", "global"}});
  Add(docs, kZone + "corp.example/A/vm2",  // a manual record wins over registration
      {{"properties", {{"ttl", 300}, {"aRecords", {{{"ipv4Address", "10.9.9.9"}}}}}}});
  Add(docs, kZone + "corp.example/virtualNetworkLinks/a",
      {{"location", "global"},
       {"properties", {{"virtualNetwork", {{"id", a}}}, {"registrationEnabled", true}}}});
  Add(docs, kZone + "privatelink.blob.core.windows.net", {{"location", "global"}});
  Add(docs, kZone + "privatelink.blob.core.windows.net/virtualNetworkLinks/a",
      {{"location", "global"},
       {"properties",
        {{"virtualNetwork", {{"id", a}}}, {"resolutionPolicy", "NxDomainRedirect"}}}});
  Add(docs, kZone + "core.windows.net.example", {{"location", "global"}});
  auto v = Build(docs);
  const Topology& t = *v->topology;
  Index va = t.Find(a);
  ASSERT_EQ(v->links.size(), 2u);
  ASSERT_EQ(v->links[va].size(), 2u);
  EXPECT_TRUE(v->links[t.Find(kRg + "Microsoft.Network/virtualNetworks/b")].empty());

  const DnsRecordSet* web01 = SetAt(*v, "corp.example", "web01.corp.example", RrType::kA);
  ASSERT_NE(web01, nullptr);
  EXPECT_TRUE(web01->auto_registered);
  EXPECT_EQ(web01->ttl, kRegisteredRecordTtl);
  EXPECT_EQ(web01->records[0].ip.ToString(), "10.1.0.4");
  const DnsRecordSet* vm2 = SetAt(*v, "corp.example", "vm2.corp.example", RrType::kA);
  ASSERT_NE(vm2, nullptr);
  EXPECT_FALSE(vm2->auto_registered);
  EXPECT_EQ(vm2->records[0].ip.ToString(), "10.9.9.9");

  const DnsLink* pl = v->LinkedZoneFor(va, "acct.privatelink.blob.core.windows.net");
  ASSERT_NE(pl, nullptr);
  EXPECT_TRUE(pl->nxdomain_redirect);
  EXPECT_EQ(v->zones[pl->zone].name, "privatelink.blob.core.windows.net");
  EXPECT_EQ(v->LinkedZoneFor(va, "acct.blob.core.windows.net"), nullptr);
  EXPECT_EQ(v->LinkedZoneFor(va, "xcorp.example"), nullptr);  // label boundary
  ASSERT_NE(v->LinkedZoneFor(va, "corp.example"), nullptr);
}

TEST(DnsViewTest, PublicChainWithAndWithoutPrivateLinkHop) {
  model::DocMap docs;
  Add(docs, "Microsoft.Network/virtualNetworks/a", Vnet("a", "10.1"));
  Add(docs, "Microsoft.Storage/storageAccounts/acct",
      {{"location", "eastus"},
       {"sku", {{"name", "Standard_RAGRS"}}},
       {"properties", Json::object()}});
  Add(docs, "Microsoft.Storage/storageAccounts/plain",
      {{"location", "eastus"},
       {"sku", {{"name", "Standard_LRS"}}},
       {"properties", Json::object()}});
  Add(docs, "Microsoft.Network/privateEndpoints/pe1",
      {{"location", "eastus"},
       {"properties",
        {{"subnet", {{"id", kRg + "Microsoft.Network/virtualNetworks/a/subnets/s"}}},
         {"manualPrivateLinkServiceConnections",
          {{{"name", "c"},
            {"properties",
             {{"privateLinkServiceId", kRg + "Microsoft.Storage/storageAccounts/acct"},
              {"groupIds", {"blob"}},
              {"privateLinkServiceConnectionState", {{"status", "Pending"}}}}}}}}}}});
  auto v = Build(docs);
  const Topology& t = *v->topology;
  const ServiceResource& acct = t.services[t.Find(kRg + "Microsoft.Storage/storageAccounts/acct")];
  ASSERT_TRUE(acct.has_public_ip);

  // blob: a pending connection already puts in the privatelink hop (SEMANTICS.md 0, point 11).
  const DnsRecordSet* blob =
      SetAt(*v, "blob.core.windows.net", "acct.blob.core.windows.net", RrType::kCname);
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(blob->records[0].target, "acct.privatelink.blob.core.windows.net");
  EXPECT_EQ(blob->ttl, kPublicRecordTtl);
  const DnsRecordSet* hop = SetAt(*v, "privatelink.blob.core.windows.net",
                                  "acct.privatelink.blob.core.windows.net", RrType::kCname);
  ASSERT_NE(hop, nullptr);
  const std::string front = hop->records[0].target;
  EXPECT_TRUE(front.starts_with("blob.eastusprdstr")) << front;
  const DnsRecordSet* fa = SetAt(*v, "store.core.windows.net", front, RrType::kA);
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ(fa->records[0].ip, acct.public_ip);
  // file: no endpoint, no hop.
  const DnsRecordSet* file =
      SetAt(*v, "file.core.windows.net", "acct.file.core.windows.net", RrType::kCname);
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(file->records[0].target.starts_with("file.eastusprdstr"));
  // Secondaries only for read-access geo-redundant accounts.
  EXPECT_NE(
      SetAt(*v, "blob.core.windows.net", "acct-secondary.blob.core.windows.net", RrType::kCname),
      nullptr);
  EXPECT_EQ(
      SetAt(*v, "blob.core.windows.net", "plain-secondary.blob.core.windows.net", RrType::kCname),
      nullptr);
  // Public zones answer for the whole service namespace, and no further.
  ASSERT_NE(v->PublicZoneFor("nosuch.blob.core.windows.net"), nullptr);
  EXPECT_EQ(v->PublicZoneFor("nosuch.blob.core.windows.net")->name, "blob.core.windows.net");
  EXPECT_EQ(v->PublicZoneFor("acct.privatelink.blob.core.windows.net")->name,
            "privatelink.blob.core.windows.net");
  EXPECT_EQ(v->PublicZoneFor("www.example.com"), nullptr);
  EXPECT_EQ(v->PublicZoneFor("core.windows.net"), nullptr);
}

TEST(DnsViewTest, CustomServersFromTags) {
  model::DocMap docs;
  Add(docs, "Microsoft.Network/virtualNetworks/hub", Vnet("hub", "10.0"));
  Add(docs, "Microsoft.Network/virtualNetworks/spoke",
      Vnet("spoke", "10.1", {"10.0.0.4", "10.0.0.99"}));
  Add(docs, "Microsoft.Network/networkInterfaces/dns1-nic", Nic("hub", "10.0.0.4"));
  Add(docs, "Microsoft.Network/networkInterfaces/dns2-nic",
      Nic("hub", "10.0.0.5",
          {{"VNETD-DNS-FORWARDERS", "8.8.8.8"},
           {"vnetd-dns-conditional-forwarders",
            "core.windows.net=168.63.129.16; blob.core.windows.net = 10.0.0.4 ;bad"}}));
  Add(docs, "Microsoft.Compute/virtualMachines/dns1",
      {{"location", "eastus"},
       {"tags", {{"vnetd-dns-forwarders", "10.0.0.5, 168.63.129.16"}}},
       {"properties",
        {{"networkProfile",
          {{"networkInterfaces",
            {{{"id", kRg + "Microsoft.Network/networkInterfaces/dns1-nic"}}}}}}}}});
  auto v = Build(docs);
  const Topology& t = *v->topology;
  ASSERT_EQ(v->servers.size(), 2u);  // 10.0.0.99 is no VM of the model
  const CustomDnsServer& s1 = v->servers.at(net::IpAddress::Parse("10.0.0.4").value());
  EXPECT_EQ(s1.vnet, t.Find(kRg + "Microsoft.Network/virtualNetworks/hub"));
  EXPECT_EQ(s1.described_by, kRg + "Microsoft.Compute/virtualMachines/dns1");
  ASSERT_EQ(s1.forwarders.size(), 2u);
  EXPECT_EQ(s1.forwarders[1], kAzureDnsIp);
  const CustomDnsServer& s2 = v->servers.at(net::IpAddress::Parse("10.0.0.5").value());
  EXPECT_EQ(s2.described_by, kRg + "Microsoft.Network/networkInterfaces/dns2-nic");
  ASSERT_EQ(s2.conditional.size(), 2u);
  EXPECT_EQ(s2.conditional[0].zone, "blob.core.windows.net");  // longest first
  EXPECT_EQ(s2.conditional[1].targets[0], kAzureDnsIp);
  EXPECT_EQ(s2.forwarders[0].ToString(), "8.8.8.8");
}

TEST(DnsViewTest, ANicsOwnDnsServersAreRead) {
  model::DocMap docs;
  Add(docs, "Microsoft.Network/virtualNetworks/hub", Vnet("hub", "10.0"));
  Add(docs, "Microsoft.Network/virtualNetworks/spoke", Vnet("spoke", "10.1"));
  Add(docs, "Microsoft.Network/networkInterfaces/dns-nic", Nic("hub", "10.0.0.6"));
  Json vm_nic = Nic("spoke", "10.1.0.4");
  vm_nic["properties"]["dnsSettings"] = {{"dnsServers", {"10.0.0.6", "not-an-ip"}}};
  Add(docs, "Microsoft.Network/networkInterfaces/vm-nic", vm_nic);
  auto v = Build(docs);
  const Topology& t = *v->topology;
  const ::vnet::compile::Nic& nic =
      t.nics[t.Find(kRg + "Microsoft.Network/networkInterfaces/vm-nic")];
  ASSERT_EQ(nic.dns_servers.size(), 1u);  // what does not parse is left out
  EXPECT_EQ(nic.dns_servers[0].ToString(), "10.0.0.6");
  ASSERT_EQ(v->servers.count(net::IpAddress::Parse("10.0.0.6").value()), 1u);
  EXPECT_EQ(v->servers.at(net::IpAddress::Parse("10.0.0.6").value()).vnet,
            t.Find(kRg + "Microsoft.Network/virtualNetworks/hub"));
}

TEST(DnsViewTest, RecordTypeNames) {
  EXPECT_EQ(ParseRrType("aaaa").value(), RrType::kAaaa);
  EXPECT_EQ(ParseRrType("Cname").value(), RrType::kCname);
  EXPECT_FALSE(ParseRrType("CAA").ok());
  EXPECT_STREQ(RrTypeName(RrType::kSrv), "SRV");
  EXPECT_TRUE(InZone("a.b.c", "b.c"));
  EXPECT_TRUE(InZone("b.c", "b.c"));
  EXPECT_FALSE(InZone("ab.c", "b.c"));
  EXPECT_FALSE(InZone("c", "b.c"));
}

}  // namespace
}  // namespace vnet::compile
