// Tests for the service endpoint catalogue and region pairs.
#include "model/service_endpoints.h"

#include <gtest/gtest.h>

#include "model/regions.h"

namespace vnet::model {
namespace {

TEST(ServiceEndpointsTest, LocationRules) {
  struct Case {
    std::string_view service, vnet_region, location;
    bool allowed;
  };
  const Case kCases[] = {
      {"Microsoft.Storage", "eastus", "eastus", true},
      {"Microsoft.Storage", "eastus", "westus", true},  // paired region
      {"Microsoft.Storage", "eastus", "westeurope", false},
      {"Microsoft.Storage", "eastus", "*", true},
      {"Microsoft.Storage.Global", "eastus", "westeurope", true},
      {"Microsoft.Sql", "eastus", "eastus", true},
      {"Microsoft.Sql", "eastus", "westus", false},
      {"Microsoft.KeyVault", "eastus", "japaneast", true},
  };
  for (const Case& c : kCases) {
    const EndpointService* s = FindEndpointService(c.service);
    ASSERT_NE(s, nullptr) << c.service;
    EXPECT_EQ(EndpointLocationAllowed(*s, c.vnet_region, c.location), c.allowed)
        << c.service << " " << c.location;
  }
  EXPECT_EQ(FindEndpointService("microsoft.storage")->name, "Microsoft.Storage");
  EXPECT_EQ(FindEndpointService("Microsoft.Nope"), nullptr);
}

TEST(ServiceEndpointsTest, DefaultLocations) {
  EXPECT_EQ(DefaultEndpointLocations(*FindEndpointService("Microsoft.Storage"), "eastus"),
            std::vector<std::string>{"*"});
  EXPECT_EQ(DefaultEndpointLocations(*FindEndpointService("Microsoft.Sql"), "eastus"),
            std::vector<std::string>{"eastus"});
}

TEST(RegionsTest, Pairs) {
  EXPECT_EQ(PairedRegion("eastus"), "westus");
  EXPECT_EQ(PairedRegion("westus"), "eastus");
  EXPECT_EQ(PairedRegion("westeurope"), "northeurope");
  EXPECT_EQ(PairedRegion("mars"), "");
}

}  // namespace
}  // namespace vnet::model
