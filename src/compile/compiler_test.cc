// Compiler: caching by revision, choosing an update for subnet property changes and a full
// compile otherwise, and the document diff.
#include "compile/compiler.h"

#include <gtest/gtest.h>

namespace vnet::compile {
namespace {

using Json = nlohmann::json;
const std::string kVnet =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v";

model::DocPtr Vnet(Json subnet_props) {
  auto doc = std::make_shared<model::Doc>();
  doc->id = arm::ResourceId::Parse(kVnet).value();
  doc->type = model::FindResourceType(doc->id.FullType());
  subnet_props["addressPrefix"] = "10.0.0.0/24";
  doc->body =
      Json{{"id", kVnet},
           {"location", "eastus"},
           {"properties",
            {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
             {"subnets",
              {{{"id", kVnet + "/subnets/s"}, {"name", "s"}, {"properties", subnet_props}}}}}}};
  return doc;
}

model::DocSnapshot Snap(int64_t revision, model::DocPtr vnet) {
  auto docs = std::make_shared<model::DocMap>();
  (*docs)[vnet->key()] = vnet;
  return {revision, docs};
}

TEST(CompilerTest, CachesByRevisionAndUpdatesSubnetChanges) {
  Compiler compiler(ServiceTagCatalogue::Default().value());
  auto first = compiler.Compile(Snap(1, Vnet(Json::object())));
  EXPECT_FALSE(first->incremental);
  EXPECT_EQ(first->routes[0]->routes.size(), 6u);
  EXPECT_EQ(compiler.Compile(Snap(1, Vnet(Json::object()))), first);  // same revision: cached
  auto second = compiler.Compile(
      Snap(2, Vnet(Json{{"serviceEndpoints",
                         {{{"service", "Microsoft.Storage"}, {"locations", {"*"}}}}}})));
  EXPECT_TRUE(second->incremental);
  EXPECT_EQ(second->recompiled_subnets, 1u);
  EXPECT_EQ(second->routes[0]->routes.size(), 7u);  // plus the endpoint route
  EXPECT_EQ(first->routes[0]->routes.size(), 6u);   // the old network is untouched
}

TEST(CompilerTest, ChangedKeysFindsAddedRemovedAndReplaced) {
  auto a = Vnet(Json::object());
  auto b = Vnet(Json::object());
  model::DocMap x{{"k1", a}, {"k2", a}, {"k3", a}};
  model::DocMap y{{"k2", a}, {"k3", b}, {"k4", b}};
  EXPECT_EQ(Compiler::ChangedKeys(x, y), (std::vector<std::string>{"k1", "k3", "k4"}));
}

}  // namespace
}  // namespace vnet::compile
