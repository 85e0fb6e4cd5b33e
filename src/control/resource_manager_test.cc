// Tests for the generic ARM lifecycle over an in-memory SQLite store.
#include "control/resource_manager.h"

#include <gtest/gtest.h>

#include "base/testing.h"

namespace vnet::control {
namespace {

constexpr char kRg[] = "/subscriptions/sub1/resourceGroups/rg1";

arm::ResourceId Id(const std::string& text) { return arm::ResourceId::Parse(text).value(); }

std::unique_ptr<ResourceManager> NewManager() {
  auto store = store::OpenSqliteStore({":memory:", false});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  auto rm = ResourceManager::Open(std::move(store).value());
  EXPECT_TRUE(rm.ok()) << rm.status().ToString();
  return std::move(rm).value();
}

TEST(ResourceManagerTest, ResourceGroupLifecycle) {
  auto rm = NewManager();
  ASSERT_OK_AND_ASSIGN(Reply created, rm->Put(Id(kRg), R"({"location":"East US"})", {}));
  EXPECT_EQ(created.http_status, 201);
  EXPECT_EQ(created.body["location"], "eastus");
  EXPECT_EQ(created.body["name"], "rg1");
  ASSERT_OK_AND_ASSIGN(Reply again, rm->Put(Id(kRg), R"({"location":"eastus"})", {}));
  EXPECT_EQ(again.http_status, 200);
  EXPECT_EQ(rm->Put(Id(kRg), R"({"location":"westus"})", {}).status().reason(),
            "InvalidResourceGroupLocation");
  EXPECT_OK(rm->Get(Id(kRg)));
  EXPECT_OK(rm->Delete(Id(kRg), {}));
  EXPECT_EQ(rm->Get(Id(kRg)).status().reason(), "ResourceNotFound");
}

TEST(ResourceManagerTest, RejectsBadBodiesAndMissingGroup) {
  auto rm = NewManager();
  const std::string vnet = std::string(kRg) + "/providers/Microsoft.Network/virtualNetworks/v1";
  EXPECT_EQ(rm->Put(Id(vnet), R"({"location":"eastus"})", {}).status().reason(),
            "ResourceGroupNotFound");
  ASSERT_OK(rm->Put(Id(kRg), R"({"location":"eastus"})", {}));
  Status bad_json = rm->Put(Id(vnet), "{not json", {}).status();
  EXPECT_EQ(bad_json.reason(), "InvalidRequestFormat");
  ASSERT_EQ(bad_json.details().size(), 1u);
  EXPECT_EQ(bad_json.details()[0].reason(), "InvalidJson");
  EXPECT_EQ(rm->Put(Id(vnet), "[]", {}).status().reason(), "InvalidRequestFormat");
  EXPECT_EQ(rm->Put(Id(std::string(kRg) + "/providers/Microsoft.Storage/storageAccounts/a"),
                    "{not json", {})
                .status()
                .reason(),
            "InvalidRequestContent");
  EXPECT_EQ(rm->Put(Id(vnet), "{}", {}).status().reason(), "LocationRequired");
  EXPECT_EQ(rm->revision(), 1);  // only the group was written
}

TEST(ResourceManagerTest, EtagPreconditions) {
  auto rm = NewManager();
  ASSERT_OK(rm->Put(Id(kRg), R"({"location":"eastus"})", {}));
  const std::string asg =
      std::string(kRg) + "/providers/Microsoft.Network/applicationSecurityGroups/a1";
  ASSERT_OK_AND_ASSIGN(Reply first, rm->Put(Id(asg), R"({"location":"eastus"})", {}));
  ASSERT_FALSE(first.etag.empty());
  EXPECT_EQ(first.body["etag"], first.etag);
  EXPECT_EQ(rm->Put(Id(asg), R"({"location":"eastus"})", {"W/\"stale\"", ""}).status().code(),
            StatusCode::kPreconditionFailed);
  EXPECT_EQ(rm->Put(Id(asg), R"({"location":"eastus"})", {"", "*"}).status().code(),
            StatusCode::kPreconditionFailed);
  ASSERT_OK_AND_ASSIGN(Reply second, rm->Put(Id(asg), R"({"location":"eastus","tags":{"a":"b"}})",
                                             {first.etag, ""}));
  EXPECT_NE(second.etag, first.etag);
  ASSERT_OK_AND_ASSIGN(Reply patched, rm->Patch(Id(asg), R"({"tags":{"c":"d"}})", {}));
  EXPECT_EQ(patched.body["tags"], (Json{{"a", "b"}, {"c", "d"}}));
}

TEST(ResourceManagerTest, SerializedGetFollowsWrites) {
  auto rm = NewManager();
  ASSERT_OK(rm->Put(Id(kRg), R"({"location":"eastus"})", {}));
  const std::string asg =
      std::string(kRg) + "/providers/Microsoft.Network/applicationSecurityGroups/a1";
  ASSERT_OK(rm->Put(Id(asg), R"({"location":"eastus","tags":{"v":"1"}})", {}));
  ASSERT_OK_AND_ASSIGN(Reply first, rm->GetSerialized(Id(asg)));
  ASSERT_TRUE(first.text);
  EXPECT_EQ(Json::parse(*first.text)["tags"]["v"], "1");
  ASSERT_OK_AND_ASSIGN(Reply cached, rm->GetSerialized(Id(asg)));
  EXPECT_EQ(cached.text.get(), first.text.get());  // served from the cache
  ASSERT_OK(rm->Put(Id(asg), R"({"location":"eastus","tags":{"v":"2"}})", {}));
  ASSERT_OK_AND_ASSIGN(Reply fresh, rm->GetSerialized(Id(asg)));
  EXPECT_EQ(Json::parse(*fresh.text)["tags"]["v"], "2");
  EXPECT_EQ(rm->GetSerialized(Id(std::string(kRg) + "/providers/Microsoft.Network/"
                                                    "applicationSecurityGroups/none"))
                .status()
                .reason(),
            "ResourceNotFound");
}

TEST(ResourceManagerTest, ListsByGroupAndSubscription) {
  auto rm = NewManager();
  ASSERT_OK(rm->Put(Id(kRg), R"({"location":"eastus"})", {}));
  ASSERT_OK(rm->Put(Id("/subscriptions/sub1/resourceGroups/rg2"), R"({"location":"eastus"})", {}));
  for (const char* rg : {"rg1", "rg2"}) {
    ASSERT_OK(rm->Put(Id(std::string("/subscriptions/sub1/resourceGroups/") + rg +
                         "/providers/Microsoft.Network/applicationSecurityGroups/a"),
                      R"({"location":"eastus"})", {}));
  }
  ASSERT_OK_AND_ASSIGN(Reply in_rg,
                       rm->List(Id(kRg), "Microsoft.Network/applicationSecurityGroups"));
  EXPECT_EQ(in_rg.body["value"].size(), 1u);
  ASSERT_OK_AND_ASSIGN(Reply in_sub, rm->List(Id("/subscriptions/sub1"),
                                              "Microsoft.Network/applicationSecurityGroups"));
  EXPECT_EQ(in_sub.body["value"].size(), 2u);
}

}  // namespace
}  // namespace vnet::control
