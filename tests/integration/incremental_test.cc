// Updating a compiled network for subnet property changes (Compiler::Update, and the evaluator
// index reusing what did not change) must answer exactly as a full compile of the new documents:
// checked on random networks with random edits (endpoints, NSG and route table associations,
// private endpoint network policies), over every subnet's routes and thousands of flows.
#include <gtest/gtest.h>

#include <random>

#include "compile/compiler.h"
#include "compile/service_tags.h"
#include "eval/evaluator.h"
#include "network_fixture.h"
#include "random_network.h"

namespace vnet::testing {
namespace {

std::string RoutesText(const compile::SubnetRoutes& r) {
  std::string out;
  for (const auto& e : r.routes) {
    out += std::string(compile::NextHopTypeName(e.next_hop)) + (e.active ? "+" : "-") +
           (e.shadowed ? "s" : "") + std::to_string(e.prefixes.size()) + ":" +
           (e.prefixes.empty() ? "" : e.prefixes[0].ToString()) + ";";
  }
  return out;
}

// A copy of one random VNet document with one random subnet property changed.
std::shared_ptr<model::Doc> Edit(const model::Doc& vnet, std::mt19937_64& rng) {
  auto doc = std::make_shared<model::Doc>(vnet);
  auto& subnets = doc->body["properties"]["subnets"];
  if (subnets.empty()) return doc;
  auto& p = subnets[rng() % subnets.size()]["properties"];
  const std::string rg = "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/";
  switch (rng() % 5) {
    case 0:
      p["serviceEndpoints"] =
          p["serviceEndpoints"].empty()
              ? nlohmann::json::array({{{"service", "Microsoft.Storage"}, {"locations", {"*"}}}})
              : nlohmann::json::array();
      break;
    case 1:
      p["networkSecurityGroup"] = {
          {"id", rg + "networkSecurityGroups/nsg" + std::to_string(rng() % 4)}};
      break;
    case 2:
      if (p.contains("routeTable"))
        p.erase("routeTable");
      else
        p["routeTable"] = {{"id", rg + "routeTables/rt" + std::to_string(rng() % 3)}};
      break;
    case 3: {
      static const char* const kPolicies[] = {"Disabled", "Enabled", "NetworkSecurityGroupEnabled",
                                              "RouteTableEnabled"};
      p["privateEndpointNetworkPolicies"] = kPolicies[rng() % 4];
      break;
    }
    case 4:
      p["serviceEndpointPolicies"] = nlohmann::json::array(
          {{{"id", rg + "serviceEndpointPolicies/sep" + std::to_string(rng() % 2)}}});
      break;
  }
  return doc;
}

TEST(IncrementalTest, UpdatesAnswerAsAFullCompileDoes) {
  auto tags = compile::ServiceTagCatalogue::Default();
  ASSERT_TRUE(tags.ok());
  std::mt19937_64 rng(7);
  int updates = 0, flows = 0;
  for (int seed = 1; seed <= 8; ++seed) {
    model::DocMap docs = RandomNetwork(seed);
    auto net = compile::Compiler::CompileDocs(docs, *tags, 1);
    auto evaluator = std::make_shared<eval::FastEvaluator>(net);
    std::vector<std::string> vnets;
    for (const auto& [key, doc] : docs) {
      if (doc->id.FullType() == "Microsoft.Network/virtualNetworks") vnets.push_back(key);
    }
    for (int step = 0; step < 6; ++step) {
      const std::string& key = vnets[rng() % vnets.size()];
      model::DocMap next = docs;
      next[key] = Edit(*docs.at(key), rng);
      auto updated = compile::Compiler::Update(*net, docs, next, {key}, net->revision + 1);
      ASSERT_NE(updated, nullptr) << "seed " << seed << " step " << step;
      ++updates;
      auto full = compile::Compiler::CompileDocs(next, *tags, net->revision + 1);
      ASSERT_EQ(updated->routes.size(), full->routes.size());
      for (size_t s = 0; s < full->routes.size(); ++s)
        EXPECT_EQ(RoutesText(*updated->routes[s]), RoutesText(*full->routes[s])) << "subnet " << s;
      auto next_evaluator = std::make_shared<eval::FastEvaluator>(updated, evaluator.get());
      eval::ReferenceEvaluator reference(full);
      FlowGenerator gen(*full, seed * 100 + step);
      for (int i = 0; i < 1000; ++i, ++flows) {
        eval::Flow f = gen.Next();
        eval::Verdict a = next_evaluator->Evaluate(f);
        eval::Verdict b = reference.Evaluate(f);
        ASSERT_EQ(a.Signature(), b.Signature())
            << "seed " << seed << " step " << step << "\n"
            << NetworkFixture::Trace(a) << NetworkFixture::Trace(b);
      }
      docs = std::move(next);
      net = updated;
      evaluator = next_evaluator;
    }
  }
  EXPECT_EQ(updates, 48);
  EXPECT_EQ(flows, 48 * 1000);
}

TEST(IncrementalTest, OtherChangesCompileInFull) {
  auto tags = compile::ServiceTagCatalogue::Default();
  ASSERT_TRUE(tags.ok());
  model::DocMap docs = RandomNetwork(3);
  auto net = compile::Compiler::CompileDocs(docs, *tags, 1);
  // A NIC changed: not a subnet property, so no update.
  for (const auto& [key, doc] : docs) {
    if (doc->id.FullType() != "Microsoft.Network/networkInterfaces") continue;
    model::DocMap next = docs;
    auto edited = std::make_shared<model::Doc>(*doc);
    edited->body["properties"]["enableIPForwarding"] = true;
    next[key] = edited;
    EXPECT_EQ(compile::Compiler::Update(*net, docs, next, {key}, 2), nullptr);
    break;
  }
  // A VNet's address space changed: its shape, so no update.
  for (const auto& [key, doc] : docs) {
    if (doc->id.FullType() != "Microsoft.Network/virtualNetworks") continue;
    model::DocMap next = docs;
    auto edited = std::make_shared<model::Doc>(*doc);
    edited->body["properties"]["addressSpace"]["addressPrefixes"].push_back("10.200.0.0/16");
    next[key] = edited;
    EXPECT_EQ(compile::Compiler::Update(*net, docs, next, {key}, 2), nullptr);
    break;
  }
}

}  // namespace
}  // namespace vnet::testing
