// The service tag catalogue against Microsoft's real files (../shared/external/service-tags and
// the copy vnetd ships in data/), and its refusal of malformed files.
#include "compile/service_tags.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace vnet::compile {
namespace {

const char* kShared = "../shared/external/service-tags/";

TEST(ServiceTagsTest, LoadsTheShippedFile) {
  auto tags = ServiceTagCatalogue::Default();
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  const ServiceTagCatalogue& c = **tags;
  EXPECT_EQ(c.change_number(), 375);
  EXPECT_EQ(c.cloud(), "Public");
  EXPECT_GT(c.tags().size(), 2000u);
  const ServiceTag* east = c.Find("storage.eastus");
  ASSERT_NE(east, nullptr);
  EXPECT_EQ(east->name, "Storage.EastUS");
  EXPECT_EQ(east->region, "eastus");
  EXPECT_EQ(east->system_service, "AzureStorage");
  EXPECT_EQ(c.Regional("Storage", "eastus"), east);
  EXPECT_EQ(c.Regional("AzureCloud", "EASTUS")->name, "AzureCloud.eastus");
  EXPECT_EQ(c.Find("NoSuchTag"), nullptr);
  // IPv4 first, then IPv6, each sorted.
  bool seen_v6 = false;
  for (size_t i = 0; i < east->prefixes.size(); ++i) {
    if (!east->prefixes[i].is_v4()) seen_v6 = true;
    EXPECT_FALSE(seen_v6 && east->prefixes[i].is_v4());
    if (i > 0 && east->prefixes[i].is_v4() == east->prefixes[i - 1].is_v4()) {
      EXPECT_LT(east->prefixes[i - 1], east->prefixes[i]);
    }
  }
  EXPECT_TRUE(seen_v6);
}

TEST(ServiceTagsTest, ParsesTheOtherPublishedFiles) {
  for (const char* file :
       {"ServiceTags_Public.changeNumber165.2021-09-08.json", "ServiceTags_AzureGovernment.json"}) {
    std::string path = std::string(kShared) + file;
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (a user's clone)";
    auto tags = ServiceTagCatalogue::Load(path);
    ASSERT_TRUE(tags.ok()) << tags.status().message();
    EXPECT_NE((*tags)->Find("AzureCloud"), nullptr) << file;
  }
}

TEST(ServiceTagsTest, RefusesMalformedFiles) {
  for (const char* text :
       {"", "[]", "{}", R"({"values": 3})", R"({"values": [{"id": "x"}]})",
        R"({"values": [{"name": "A"}]})", R"({"values": [{"name": "A", "properties": {}}]})",
        R"({"values": [{"name": "A", "properties": {"addressPrefixes": ["10.0.0.1/8"]}}]})",
        R"({"values": [{"name": "A", "properties": {"addressPrefixes": [5]}}]})"}) {
    auto parsed = ServiceTagCatalogue::Parse(text);
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
    }
  }
}

}  // namespace
}  // namespace vnet::compile
