// Region pairs from Azure's "cross-region replication" table (Microsoft Learn,
// reliability/cross-region-replication-azure), for the regions most used.
#include "model/regions.h"

#include <utility>

#include "base/strings.h"

namespace vnet::model {

namespace {
constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
    {"eastus", "westus"},
    {"eastus2", "centralus"},
    {"northcentralus", "southcentralus"},
    {"westus2", "westcentralus"},
    {"westus3", "eastus"},
    {"canadacentral", "canadaeast"},
    {"brazilsouth", "southcentralus"},
    {"northeurope", "westeurope"},
    {"uksouth", "ukwest"},
    {"francecentral", "francesouth"},
    {"germanywestcentral", "germanynorth"},
    {"switzerlandnorth", "switzerlandwest"},
    {"norwayeast", "norwaywest"},
    {"swedencentral", "swedensouth"},
    {"eastasia", "southeastasia"},
    {"japaneast", "japanwest"},
    {"koreacentral", "koreasouth"},
    {"australiaeast", "australiasoutheast"},
    {"australiacentral", "australiacentral2"},
    {"centralindia", "southindia"},
    {"westindia", "southindia"},
    {"uaenorth", "uaecentral"},
    {"southafricanorth", "southafricawest"},
};
}  // namespace

std::string_view PairedRegion(std::string_view region) {
  for (const auto& [a, b] : kPairs) {
    if (EqualsIgnoreCase(a, region)) return b;
  }
  // Pairs are symmetric except where a region pairs into another pair (westus3 -> eastus,
  // brazilsouth -> southcentralus, westindia -> southindia); the reverse lookup takes the first.
  for (const auto& [a, b] : kPairs) {
    if (EqualsIgnoreCase(b, region)) return a;
  }
  return "";
}

bool IsKnownRegion(std::string_view region) { return !PairedRegion(region).empty(); }

}  // namespace vnet::model
