// The serviceTags discovery route: Azure's shape, the catalogue's values, the errors.
#include "api/service_tags_routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "control/handlers/test_support.h"

namespace vnet::api {
namespace {

HttpResponse Get(const std::string& path, const std::string& version = "2024-03-01") {
  control::testing::Env env;
  auto routes = MakeServiceTagsRoutes(env.rm());
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  if (!version.empty()) r.query["api-version"] = version;
  std::optional<HttpResponse> out = routes->Handle(r);
  EXPECT_TRUE(out.has_value()) << path;
  return out.value_or(HttpResponse{});
}

const char* kPath = "/subscriptions/sub1/providers/Microsoft.Network/locations/eastus/serviceTags";

TEST(ServiceTagsRoutesTest, AnswersTheCatalogue) {
  HttpResponse r = Get(kPath);
  ASSERT_EQ(r.status, 200) << r.body;
  nlohmann::json j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["name"], "Public");
  EXPECT_EQ(j["id"], "/subscriptions/sub1/providers/Microsoft.Network/serviceTags/Public");
  EXPECT_EQ(j["type"], "Microsoft.Network/serviceTags");
  EXPECT_EQ(j["changeNumber"], "375");
  EXPECT_EQ(j["cloud"], "Public");
  bool found = false;
  for (const auto& v : j["values"]) {
    EXPECT_NE(std::find(v["properties"]["networkFeatures"].begin(),
                        v["properties"]["networkFeatures"].end(), "NSG"),
              v["properties"]["networkFeatures"].end());
    if (v["name"] == "Storage.EastUS") {
      found = true;
      EXPECT_EQ(v["properties"]["region"], "eastus");
      EXPECT_EQ(v["properties"]["systemService"], "AzureStorage");
      EXPECT_GT(v["properties"]["addressPrefixes"].size(), 10u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(ServiceTagsRoutesTest, Errors) {
  EXPECT_EQ(Get(kPath, "").status, 400);
  HttpResponse bad =
      Get("/subscriptions/sub1/providers/Microsoft.Network/locations/nowhere/serviceTags");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("LocationNotAvailableForResourceType"), std::string::npos);
  control::testing::Env env;
  HttpRequest other;
  other.method = "GET";
  other.path = "/subscriptions/sub1/resourceGroups/rg1";
  EXPECT_FALSE(MakeServiceTagsRoutes(env.rm())->Handle(other).has_value());
}

}  // namespace
}  // namespace vnet::api
