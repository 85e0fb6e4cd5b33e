// NetworkFixture's builders over the control plane and its dual evaluation.
#include "network_fixture.h"

#include "compile/service_tags.h"

namespace vnet::testing {

Json NetworkFixture::Put(const std::string& id, const Json& body) {
  Result<control::Reply> r = env.Put(id, body);
  EXPECT_TRUE(r.ok()) << id << ": " << r.status().reason() << " " << r.status().message();
  return r.ok() ? r->body : Json();
}

void NetworkFixture::Delete(const std::string& id) {
  Result<control::Reply> r = env.Delete(id);
  EXPECT_TRUE(r.ok()) << id << ": " << r.status().reason() << " " << r.status().message();
}

Json NetworkFixture::Get(const std::string& id) {
  Result<control::Reply> r = env.Get(id);
  EXPECT_TRUE(r.ok()) << id;
  return r.ok() ? r->body : Json();
}

void NetworkFixture::Vnet(const std::string& name, const std::string& location,
                          const std::vector<std::string>& space,
                          const std::vector<std::pair<std::string, std::string>>& subnets) {
  Json subs = Json::array();
  for (const auto& [s, prefix] : subnets)
    subs.push_back(Json{{"name", s}, {"properties", {{"addressPrefix", prefix}}}});
  Put(VnetId(name),
      Json{{"location", location},
           {"properties", {{"addressSpace", {{"addressPrefixes", space}}}, {"subnets", subs}}}});
}

void NetworkFixture::Subnet(const std::string& vnet, const std::string& name,
                            const std::string& prefix, Json extra) {
  extra["addressPrefix"] = prefix;
  Put(SubnetId(vnet, name), Json{{"properties", extra}});
}

std::string NetworkFixture::Nic(const std::string& name, const std::string& subnet_id,
                                bool forwarding, const std::string& ip,
                                const std::string& location) {
  Json config{{"subnet", {{"id", subnet_id}}}};
  if (!ip.empty()) {
    config["privateIPAllocationMethod"] = "Static";
    config["privateIPAddress"] = ip;
  }
  Json body =
      Put(NicId(name),
          Json{{"location", location},
               {"properties",
                {{"enableIPForwarding", forwarding},
                 {"ipConfigurations", {{{"name", "ipconfig1"}, {"properties", config}}}}}}});
  return body["properties"]["ipConfigurations"][0]["properties"].value("privateIPAddress", "");
}

void NetworkFixture::Storage(const std::string& name, const std::string& location, Json acls,
                             Json extra_props) {
  Json props = extra_props;
  if (!acls.is_null()) props["networkAcls"] = acls;
  Put(StorageId(name), Json{{"location", location},
                            {"kind", "StorageV2"},
                            {"sku", {{"name", "Standard_LRS"}}},
                            {"properties", props}});
}

std::string NetworkFixture::PrivateEndpoint(const std::string& name, const std::string& subnet_id,
                                            const std::string& target, const std::string& group,
                                            bool manual) {
  Json conn{{"name", name + "-conn"},
            {"properties", {{"privateLinkServiceId", target}, {"groupIds", {group}}}}};
  if (manual) conn["properties"]["requestMessage"] = "please";
  Put(Id("Microsoft.Network/privateEndpoints/" + name),
      Json{{"location", "eastus"},
           {"properties",
            {{"subnet", {{"id", subnet_id}}},
             {manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections",
              Json::array({conn})}}}});
  Json nic_ref = Get(
      Id("Microsoft.Network/privateEndpoints/" + name))["properties"]["networkInterfaces"][0]["id"];
  Json nic = Get(nic_ref.get<std::string>());
  return nic["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"];
}

namespace {
std::string ConnectionId(const Json& target, const std::string& pe) {
  for (const Json& c : target["properties"]["privateEndpointConnections"]) {
    std::string pe_id = c["properties"]["privateEndpoint"]["id"];
    if (pe_id.size() >= pe.size() && pe_id.compare(pe_id.size() - pe.size(), pe.size(), pe) == 0)
      return c["id"];
  }
  return "";
}
}  // namespace

void NetworkFixture::SetConnection(const std::string& target, const std::string& pe,
                                   const std::string& status) {
  std::string id = ConnectionId(Get(target), "/" + pe);
  ASSERT_FALSE(id.empty()) << "no connection of " << pe << " on " << target;
  Put(id,
      Json{{"properties",
            {{"privateLinkServiceConnectionState", {{"status", status}, {"description", "x"}}}}}});
}

void NetworkFixture::DeleteConnection(const std::string& target, const std::string& pe) {
  std::string id = ConnectionId(Get(target), "/" + pe);
  ASSERT_FALSE(id.empty());
  Delete(id);
}

std::shared_ptr<const compile::CompiledNetwork> NetworkFixture::Compile() {
  auto tags = compile::ServiceTagCatalogue::Default();
  EXPECT_TRUE(tags.ok()) << tags.status().message();
  model::DocSnapshot snap = env.rm().Snapshot();
  return compile::Compiler::CompileDocs(*snap.docs, *tags, snap.revision);
}

std::string NetworkFixture::PublicIp(const std::string& service_id) {
  auto net = Compile();
  compile::Index i = net->t().Find(service_id);
  EXPECT_NE(i, compile::kNoIndex) << service_id;
  return i == compile::kNoIndex ? "" : net->t().services[i].public_ip.ToString();
}

eval::Verdict NetworkFixture::Evaluate(const eval::Flow& flow) {
  auto net = Compile();
  eval::Verdict fast = eval::FastEvaluator(net).Evaluate(flow);
  eval::Verdict ref = eval::ReferenceEvaluator(net).Evaluate(flow);
  EXPECT_EQ(fast.Signature(), ref.Signature()) << "fast:\n"
                                               << Trace(fast) << "reference:\n"
                                               << Trace(ref);
  return fast;
}

eval::Verdict NetworkFixture::FromNic(const std::string& nic_id, const std::string& dst,
                                      uint16_t port, net::Protocol protocol) {
  auto net = Compile();
  eval::Flow f;
  f.source.kind = eval::FlowSource::Kind::kNic;
  f.source.nic = net->t().Find(nic_id);
  EXPECT_NE(f.source.nic, compile::kNoIndex) << nic_id;
  f.destination = net::IpAddress::Parse(dst).value();
  f.destination_port = port;
  f.protocol = protocol;
  return Evaluate(f);
}

eval::Verdict NetworkFixture::FromInternet(const std::string& src, const std::string& dst,
                                           uint16_t port) {
  eval::Flow f;
  f.source.kind = eval::FlowSource::Kind::kInternet;
  f.source.address = net::IpAddress::Parse(src).value();
  f.destination = net::IpAddress::Parse(dst).value();
  f.destination_port = port;
  return Evaluate(f);
}

eval::Verdict NetworkFixture::FromOnPrem(const std::string& site_id, const std::string& src,
                                         const std::string& dst, const std::string& nat,
                                         uint16_t port) {
  auto net = Compile();
  eval::Flow f;
  f.source.kind = eval::FlowSource::Kind::kOnPrem;
  f.source.site = net->t().Find(site_id);
  EXPECT_NE(f.source.site, compile::kNoIndex);
  f.source.address = net::IpAddress::Parse(src).value();
  if (!nat.empty()) {
    f.source.has_nat_address = true;
    f.source.nat_address = net::IpAddress::Parse(nat).value();
  }
  f.destination = net::IpAddress::Parse(dst).value();
  f.destination_port = port;
  return Evaluate(f);
}

std::string NetworkFixture::Trace(const eval::Verdict& v) {
  std::string out =
      std::string(eval::OutcomeName(v.outcome)) + " (" + std::string(v.reason) + ")\n";
  for (const eval::TraceStep& s : v.trace) out += "  [" + s.step + "] " + s.summary + "\n";
  for (const std::string& r : v.remedies) out += "  remedy: " + r + "\n";
  return out;
}

}  // namespace vnet::testing
