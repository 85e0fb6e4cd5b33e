// arm::DefaultApiVersion decides for every type vnetd serves. The fallback table covers the rest
// (operation polls, `vnet rest` to arbitrary paths) with versions Azure CLI 2.55 sent in the
// recordings under shared/external.
#include "cli/internal/api_version.h"

#include "arm/api_versions.h"
#include "base/strings.h"

namespace vnet::cli {
namespace {

struct Entry {
  std::string_view prefix;  // lower-case type or provider prefix; longest match wins
  std::string_view version;
};

constexpr Entry kEntries[] = {
    {"microsoft.resources", "2022-09-01"},
    {"microsoft.network", "2023-09-01"},
    {"microsoft.network/privatednszones", "2018-09-01"},
    {"microsoft.storage", "2023-01-01"},
    {"microsoft.keyvault", "2023-02-01"},
    {"microsoft.sql", "2021-05-01-preview"},
    {"microsoft.documentdb", "2023-11-15"},
    {"microsoft.eventhub", "2023-01-01-preview"},
    {"microsoft.servicebus", "2022-10-01-preview"},
    {"microsoft.compute", "2023-09-01"},
};

}  // namespace

std::string_view ApiVersionForType(std::string_view full_type) {
  if (std::string_view known = arm::DefaultApiVersion(full_type); !known.empty()) return known;
  const std::string type = AsciiLower(full_type);
  std::string_view best = "2023-09-01";
  size_t best_len = 0;
  for (const Entry& e : kEntries) {
    const bool matches = type.compare(0, e.prefix.size(), e.prefix) == 0 &&
                         (type.size() == e.prefix.size() || type[e.prefix.size()] == '/');
    if (matches && e.prefix.size() > best_len) {
      best = e.version;
      best_len = e.prefix.size();
    }
  }
  return best;
}

}  // namespace vnet::cli
