// Tests for ArmRouter: path shapes, api-version checks and the ARM error envelope.
#include "api/arm_router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace vnet::api {
namespace {

using Json = nlohmann::json;

class ArmRouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore({":memory:", false});
    ASSERT_TRUE(store.ok());
    auto rm = control::ResourceManager::Open(std::move(store).value());
    ASSERT_TRUE(rm.ok());
    rm_ = std::move(rm).value();
    router_ = std::make_unique<ArmRouter>(*rm_);
  }
  HttpResponse Call(const std::string& method, const std::string& path, const std::string& version,
                    const std::string& body = "") {
    HttpRequest r;
    r.method = method;
    size_t q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      std::string kv = path.substr(q + 1);
      size_t eq = kv.find('=');
      r.query[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (!version.empty()) r.query["api-version"] = version;
    r.body = body;
    return router_->Handle(r);
  }
  static std::string Code(const HttpResponse& r) {
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"]["code"].get<std::string>() : "";
  }
  std::unique_ptr<control::ResourceManager> rm_;
  std::unique_ptr<ArmRouter> router_;
};

TEST_F(ArmRouterTest, Routes) {
  const std::string rg = "/subscriptions/s1/resourcegroups/rg1";
  const std::string vnets = rg + "/providers/Microsoft.Network/virtualNetworks";
  struct Case {
    std::string method, path, version, body;
    int status;
    std::string code;
  };
  const Case kCases[] = {
      {"PUT", rg, "", R"({"location":"eastus"})", 400, "MissingApiVersionParameter"},
      {"PUT", rg, "1999-01-01", R"({"location":"eastus"})", 400, ""},
      {"PUT", rg, "2022-09-01", R"({"location":"eastus"})", 201, ""},
      {"GET", rg, "2022-09-01", "", 200, ""},
      {"GET", "/subscriptions/s1/resourcegroups", "2022-09-01", "", 200, ""},
      {"PUT", vnets + "/v1", "2023-09-01", "{bad", 400, "InvalidRequestFormat"},
      {"PUT", vnets + "/v1", "2023-09-01",
       R"({"location":"eastus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}})",
       201, ""},
      {"GET", vnets, "2023-09-01", "", 200, ""},
      {"GET", vnets + "/v1/subnets", "2023-09-01", "", 200, ""},
      {"GET", vnets + "/missing", "2023-09-01", "", 404, "ResourceNotFound"},
      {"GET", "/subscriptions/s1/providers/Microsoft.Network/virtualNetworks", "2023-09-01", "",
       200, ""},
      {"GET", "/nothing/here", "2023-09-01", "", 404, "InvalidResourceType"},
      {"POST", vnets, "2023-09-01", "", 400, "MethodNotAllowed"},
      {"GET", vnets + "/v1/CheckIPAddressAvailability?ipAddress=10.0.0.4", "2023-09-01", "", 200,
       ""},
      {"GET", vnets + "/v1/NoSuchOperation", "2023-09-01", "", 404, "InvalidResourceType"},
      {"DELETE", vnets + "/v1", "2023-09-01", "", 200, ""},
      {"DELETE", vnets + "/v1", "2023-09-01", "", 204, ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.method + " " + c.path + " " + c.version);
    HttpResponse r = Call(c.method, c.path, c.version, c.body);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (!c.code.empty()) {
      EXPECT_EQ(Code(r), c.code) << r.body;
    }
  }
}

TEST_F(ArmRouterTest, ListShapes) {
  Call("PUT", "/subscriptions/s1/resourcegroups/rg1", "2022-09-01", R"({"location":"eastus"})");
  HttpResponse r = Call("GET", "/subscriptions/s1/resourcegroups", "2022-09-01");
  Json j = Json::parse(r.body);
  ASSERT_EQ(j["value"].size(), 1u);
  EXPECT_EQ(j["value"][0]["name"], "rg1");
  EXPECT_EQ(j["value"][0]["id"], "/subscriptions/s1/resourceGroups/rg1");
}

}  // namespace
}  // namespace vnet::api
