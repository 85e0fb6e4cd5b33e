// libFuzzer target: request bodies. The first input byte picks a resource path; the rest is
// the body of a PUT (or PATCH) to it, against one ResourceManager over in-memory SQLite that
// keeps its state across inputs. Never crashes; a refused request leaves the revision unchanged;
// an accepted one reads back.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/check.h"
#include "control/resource_manager.h"

namespace {

const char* const kPaths[] = {
    "/providers/Microsoft.Network/virtualNetworks/v1",
    "/providers/Microsoft.Network/virtualNetworks/v1/subnets/s1",
    "/providers/Microsoft.Network/virtualNetworks/v1/virtualNetworkPeerings/p1",
    "/providers/Microsoft.Network/virtualNetworks/v2",
    "/providers/Microsoft.Network/networkSecurityGroups/n1",
    "/providers/Microsoft.Network/networkSecurityGroups/n1/securityRules/r1",
    "/providers/Microsoft.Network/routeTables/t1/routes/r1",
    "/providers/Microsoft.Network/networkInterfaces/nic1",
    "/providers/Microsoft.Network/privateEndpoints/pe1",
    "/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
    "/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/A/acct",
    "/providers/Microsoft.Storage/storageAccounts/acct",
    "/providers/Microsoft.Sql/servers/sql1/virtualNetworkRules/r1",
    "/providers/Microsoft.KeyVault/vaults/kv1",
};
constexpr char kGroup[] = "/subscriptions/s1/resourceGroups/rg1";

vnet::control::ResourceManager& Manager() {
  static std::unique_ptr<vnet::control::ResourceManager> rm = [] {
    auto store = vnet::store::OpenSqliteStore({":memory:", false});
    VNET_CHECK(store.ok());
    auto opened = vnet::control::ResourceManager::Open(std::move(store).value());
    VNET_CHECK(opened.ok());
    auto group = vnet::arm::ResourceId::Parse(kGroup);
    VNET_CHECK((*opened)->Put(*group, R"({"location":"eastus"})", {}).ok());
    return std::move(opened).value();
  }();
  return *rm;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t n = sizeof(kPaths) / sizeof(kPaths[0]);
  const bool patch = data[0] & 0x80;
  auto id = vnet::arm::ResourceId::Parse(std::string(kGroup) + kPaths[(data[0] & 0x7F) % n]);
  VNET_CHECK(id.ok());
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  vnet::control::ResourceManager& rm = Manager();
  int64_t before = rm.revision();
  auto reply = patch ? rm.Patch(*id, body, {}) : rm.Put(*id, body, {});
  if (!reply.ok()) {
    VNET_CHECK(rm.revision() == before);
    VNET_CHECK(!reply.status().reason().empty());
    return 0;
  }
  VNET_CHECK(rm.Get(*id).ok());
  return 0;
}
