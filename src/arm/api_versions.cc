// Published api-version tables for the resource types vnetd serves, and the checks over them.
// Static data only: a sorted table of types pointing at per-provider version lists.
#include "arm/api_versions.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <span>
#include <string>

#include "base/strings.h"

namespace vnet::arm {
namespace {

// Where the lists come from. ARM accepts the api-versions each resource provider registers; the
// public record of those is the Azure/azure-rest-api-specs repository (one folder per version
// under specification/<service>/resource-manager/<Namespace>/{stable,preview}/). The lists below
// are the version folders of each provider's spec that contain the resource types served here,
// as listed by the generated per-version folders of Azure/bicep-types-az (which is built from
// azure-rest-api-specs) and its index.md, cross-checked against spec folders
// (Microsoft.Network stable/2025-05-01, Microsoft.Resources stable/2024-11-01 .. 2025-04-01,
// Microsoft.Compute ComputeRP/stable/2024-11-01 and 2025-04-01, privatedns stable/*).
//
// Completeness, honestly:
// - Microsoft.Network: every stable version up to 2024-01-01 is confirmed per type (bicep index);
//   2024-03-01 .. 2026-01-01 are confirmed as Network-wide releases, not per type. Previews are
//   left out except 2015-05-01-preview: the other Network previews (2021-02-01-preview ..
//   2023-03-01-preview) only carry Network Manager types, none of which vnetd serves.
//   "2016-10-01" is in no spec folder but ARM accepts it: a deployed Azure quickstart template in
//   shared/external/quickstart-templates uses it for networkInterfaces.
// - The newest versions of every provider (2025-2026) come from folder listings only.
// - Compute lists only the ComputeRP versions (virtualMachines), not the disk/gallery ones.
// - Sql and DocumentDB use one list for the provider; a few old versions there (2017-03-01-preview
//   for Sql, 2019-08-01-preview for DocumentDB) carry only some of the types.
// - Child types without an entry use their parent's list, so for them the lists may be wider
//   than what ARM registers for the child.
// Every api-version in shared/external (CLI recordings, REST examples, quickstart templates) for
// a type served here is in these lists; api_versions_test.cc holds that table.

// Each list: newest first, one entry per published version, "YYYY-MM-DD" or "YYYY-MM-DD-preview".
constexpr auto kNetworkVersions = std::to_array<std::string_view>({
    "2026-01-01", "2025-09-01", "2025-07-01", "2025-05-01",         "2025-03-01", "2025-01-01",
    "2024-10-01", "2024-07-01", "2024-05-01", "2024-03-01",         "2024-01-01", "2023-11-01",
    "2023-09-01", "2023-06-01", "2023-05-01", "2023-04-01",         "2023-02-01", "2022-11-01",
    "2022-09-01", "2022-07-01", "2022-05-01", "2022-01-01",         "2021-08-01", "2021-05-01",
    "2021-03-01", "2021-02-01", "2020-11-01", "2020-08-01",         "2020-07-01", "2020-06-01",
    "2020-05-01", "2020-04-01", "2020-03-01", "2019-12-01",         "2019-11-01", "2019-09-01",
    "2019-08-01", "2019-07-01", "2019-06-01", "2019-04-01",         "2019-02-01", "2018-12-01",
    "2018-11-01", "2018-10-01", "2018-08-01", "2018-07-01",         "2018-06-01", "2018-04-01",
    "2018-02-01", "2018-01-01", "2017-11-01", "2017-10-01",         "2017-09-01", "2017-08-01",
    "2017-06-01", "2017-03-30", "2017-03-01", "2016-12-01",         "2016-10-01", "2016-09-01",
    "2016-06-01", "2016-03-30", "2015-06-15", "2015-05-01-preview",
});

// Private DNS has its own spec (specification/privatedns) and its own versions, though its types
// live in the Microsoft.Network namespace.
constexpr auto kPrivateDnsVersions = std::to_array<std::string_view>({
    "2024-06-01",
    "2020-06-01",
    "2020-01-01",
    "2018-09-01",
});

// The Microsoft.Resources versions whose resources.json has resourceGroups and deployments.
constexpr auto kResourcesVersions = std::to_array<std::string_view>({
    "2025-04-01", "2025-03-01", "2024-11-01", "2024-07-01", "2024-03-01",
    "2023-07-01", "2022-09-01", "2021-04-01", "2021-01-01", "2020-10-01",
    "2020-08-01", "2020-06-01", "2019-10-01", "2019-08-01", "2019-07-01",
    "2019-05-10", "2019-05-01", "2019-03-01", "2018-05-01", "2018-02-01",
    "2017-05-10", "2016-09-01", "2016-07-01", "2016-02-01", "2015-11-01",
});

constexpr auto kComputeVersions = std::to_array<std::string_view>({
    "2025-04-01",         "2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01", "2023-07-01",
    "2023-03-01",         "2022-11-01", "2022-08-01", "2022-03-01", "2021-11-01", "2021-07-01",
    "2021-04-01",         "2021-03-01", "2020-12-01", "2020-06-01", "2019-12-01", "2019-07-01",
    "2019-03-01",         "2018-10-01", "2018-06-01", "2018-04-01", "2017-12-01", "2017-03-30",
    "2016-04-30-preview", "2016-03-30", "2015-06-15",
});

constexpr auto kStorageVersions = std::to_array<std::string_view>({
    "2026-09-01", "2026-06-01",         "2026-04-01", "2025-08-01",         "2025-06-01",
    "2025-01-01", "2024-01-01",         "2023-05-01", "2023-04-01",         "2023-01-01",
    "2022-09-01", "2022-05-01",         "2021-09-01", "2021-08-01",         "2021-06-01",
    "2021-04-01", "2021-02-01",         "2021-01-01", "2020-08-01-preview", "2019-06-01",
    "2019-04-01", "2018-11-01",         "2018-07-01", "2018-03-01-preview", "2018-02-01",
    "2017-10-01", "2017-06-01",         "2016-12-01", "2016-05-01",         "2016-01-01",
    "2015-06-15", "2015-05-01-preview",
});

constexpr auto kSqlVersions = std::to_array<std::string_view>({
    "2024-11-01-preview", "2024-05-01-preview", "2023-08-01-preview", "2023-08-01",
    "2023-05-01-preview", "2023-02-01-preview", "2022-11-01-preview", "2022-08-01-preview",
    "2022-05-01-preview", "2022-02-01-preview", "2021-11-01-preview", "2021-11-01",
    "2021-08-01-preview", "2021-05-01-preview", "2021-02-01-preview", "2020-11-01-preview",
    "2020-08-01-preview", "2020-02-02-preview", "2019-06-01-preview", "2018-06-01-preview",
    "2017-10-01-preview", "2017-03-01-preview", "2015-05-01-preview", "2014-04-01",
});

constexpr auto kKeyVaultVersions = std::to_array<std::string_view>({
    "2026-06-01-preview", "2026-05-15",         "2026-03-01-preview", "2026-02-01",
    "2025-05-01",         "2024-12-01-preview", "2024-11-01",         "2024-04-01-preview",
    "2023-07-01",         "2023-02-01",         "2022-11-01",         "2022-07-01",
    "2022-02-01-preview", "2021-11-01-preview", "2021-10-01",         "2021-06-01-preview",
    "2021-04-01-preview", "2020-04-01-preview", "2019-09-01",         "2018-02-14-preview",
    "2018-02-14",         "2016-10-01",         "2015-06-01",
});

constexpr auto kCosmosDbVersions = std::to_array<std::string_view>({
    "2026-04-01-preview", "2026-03-15",         "2025-11-01-preview", "2025-10-15",
    "2025-05-01-preview", "2025-04-15",         "2024-12-01-preview", "2024-11-15",
    "2024-09-01-preview", "2024-08-15",         "2024-05-15-preview", "2024-05-15",
    "2024-02-15-preview", "2023-11-15-preview", "2023-11-15",         "2023-09-15-preview",
    "2023-09-15",         "2023-04-15",         "2023-03-15-preview", "2023-03-15",
    "2023-03-01-preview", "2022-11-15-preview", "2022-11-15",         "2022-08-15-preview",
    "2022-08-15",         "2022-05-15-preview", "2022-05-15",         "2022-02-15-preview",
    "2021-11-15-preview", "2021-10-15-preview", "2021-10-15",         "2021-07-01-preview",
    "2021-06-15",         "2021-05-15",         "2021-04-15",         "2021-04-01-preview",
    "2021-03-15",         "2021-03-01-preview", "2021-01-15",         "2020-09-01",
    "2020-06-01-preview", "2020-04-01",         "2020-03-01",         "2019-12-12",
    "2019-08-01-preview", "2019-08-01",         "2016-03-31",         "2016-03-19",
    "2015-11-06",         "2015-04-08",         "2015-04-01",
});

constexpr auto kEventHubVersions = std::to_array<std::string_view>({
    "2026-07-01-preview",
    "2026-01-01",
    "2025-05-01-preview",
    "2024-05-01-preview",
    "2024-01-01",
    "2023-01-01-preview",
    "2022-10-01-preview",
    "2022-01-01-preview",
    "2021-11-01",
    "2021-06-01-preview",
    "2021-01-01-preview",
    "2018-01-01-preview",
    "2017-04-01",
    "2015-08-01",
    "2014-09-01",
});

constexpr auto kServiceBusVersions = std::to_array<std::string_view>({
    "2026-07-01-preview",
    "2026-01-01",
    "2025-05-01-preview",
    "2024-01-01",
    "2023-01-01-preview",
    "2022-10-01-preview",
    "2022-01-01-preview",
    "2021-11-01",
    "2021-06-01-preview",
    "2021-01-01-preview",
    "2018-01-01-preview",
    "2017-04-01",
    "2015-08-01",
});

// The api-versions of one resource provider's spec, and the one the vnet CLI sends.
struct Family {
  std::span<const std::string_view> versions;  // newest first
  std::string_view default_version;            // recent, stable, and in `versions`
};

constexpr Family kNetwork{kNetworkVersions, "2024-05-01"};
constexpr Family kPrivateDns{kPrivateDnsVersions, "2024-06-01"};
constexpr Family kResources{kResourcesVersions, "2024-03-01"};
constexpr Family kCompute{kComputeVersions, "2024-07-01"};
constexpr Family kStorage{kStorageVersions, "2024-01-01"};
constexpr Family kSql{kSqlVersions, "2023-08-01"};
constexpr Family kKeyVault{kKeyVaultVersions, "2023-07-01"};
constexpr Family kCosmosDb{kCosmosDbVersions, "2024-05-15"};
constexpr Family kEventHub{kEventHubVersions, "2024-01-01"};
constexpr Family kServiceBus{kServiceBusVersions, "2024-01-01"};

// A resource type and the versions that carry it: the family's versions dated `since` or later
// (all of them when `since` is empty).
struct TypeEntry {
  std::string_view type;  // lower case "namespace/type[/childtype...]"
  const Family* family;
  std::string_view since;  // "YYYY-MM-DD" of the first version with the type, or ""
};

// Sorted by `type` for binary search. "locations" entries cover the async-operation and
// per-location list endpoints (".../locations/operations", ".../locations/asyncoperations").
constexpr TypeEntry kTypes[] = {
    {"microsoft.compute/virtualmachines", &kCompute, ""},
    {"microsoft.documentdb/databaseaccounts", &kCosmosDb, ""},
    {"microsoft.documentdb/databaseaccounts/privateendpointconnections", &kCosmosDb, "2019-08-01"},
    {"microsoft.documentdb/databaseaccounts/privatelinkresources", &kCosmosDb, "2019-08-01"},
    {"microsoft.documentdb/locations", &kCosmosDb, ""},
    {"microsoft.eventhub/checknameavailability", &kEventHub, ""},
    {"microsoft.eventhub/locations", &kEventHub, ""},
    {"microsoft.eventhub/namespaces", &kEventHub, ""},
    {"microsoft.eventhub/namespaces/networkrulesets", &kEventHub, "2017-04-01"},
    {"microsoft.eventhub/namespaces/privateendpointconnections", &kEventHub, "2018-01-01"},
    {"microsoft.keyvault/vaults", &kKeyVault, ""},
    {"microsoft.keyvault/vaults/privateendpointconnections", &kKeyVault, "2018-02-14"},
    {"microsoft.keyvault/vaults/privatelinkresources", &kKeyVault, "2018-02-14"},
    {"microsoft.network/applicationsecuritygroups", &kNetwork, "2017-09-01"},
    {"microsoft.network/connections", &kNetwork, ""},
    {"microsoft.network/localnetworkgateways", &kNetwork, ""},
    {"microsoft.network/locations", &kNetwork, ""},
    {"microsoft.network/natgateways", &kNetwork, "2019-02-01"},
    {"microsoft.network/networkinterfaces", &kNetwork, ""},
    {"microsoft.network/networksecuritygroups", &kNetwork, ""},
    {"microsoft.network/networkwatchers", &kNetwork, "2016-09-01"},
    {"microsoft.network/privatednsoperationresults", &kPrivateDns, ""},
    {"microsoft.network/privatednsoperationstatuses", &kPrivateDns, ""},
    {"microsoft.network/privatednszones", &kPrivateDns, ""},
    {"microsoft.network/privateendpoints", &kNetwork, "2019-04-01"},
    {"microsoft.network/privateendpoints/privatednszonegroups", &kNetwork, "2020-03-01"},
    {"microsoft.network/privatelinkservices", &kNetwork, "2019-04-01"},
    {"microsoft.network/publicipaddresses", &kNetwork, ""},
    {"microsoft.network/routetables", &kNetwork, ""},
    {"microsoft.network/serviceendpointpolicies", &kNetwork, "2018-07-01"},
    {"microsoft.network/virtualnetworkgateways", &kNetwork, ""},
    {"microsoft.network/virtualnetworks", &kNetwork, ""},
    {"microsoft.network/virtualnetworks/virtualnetworkpeerings", &kNetwork, "2016-06-01"},
    {"microsoft.resources/deployments", &kResources, ""},
    {"microsoft.resources/resourcegroups", &kResources, ""},
    {"microsoft.resources/resources", &kResources, ""},  // GET /subscriptions/{id}/resources
    {"microsoft.servicebus/checknameavailability", &kServiceBus, ""},
    {"microsoft.servicebus/locations", &kServiceBus, ""},
    {"microsoft.servicebus/namespaces", &kServiceBus, ""},
    {"microsoft.servicebus/namespaces/networkrulesets", &kServiceBus, "2017-04-01"},
    {"microsoft.servicebus/namespaces/privateendpointconnections", &kServiceBus, "2018-01-01"},
    {"microsoft.sql/locations", &kSql, ""},
    {"microsoft.sql/servers", &kSql, ""},
    {"microsoft.sql/servers/privateendpointconnections", &kSql, "2018-06-01"},
    {"microsoft.sql/servers/virtualnetworkrules", &kSql, "2015-05-01"},
    {"microsoft.storage/checknameavailability", &kStorage, ""},
    {"microsoft.storage/locations", &kStorage, ""},
    {"microsoft.storage/storageaccounts", &kStorage, ""},
    {"microsoft.storage/storageaccounts/privateendpointconnections", &kStorage, "2019-06-01"},
    {"microsoft.storage/storageaccounts/privatelinkresources", &kStorage, "2019-06-01"},
};

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr bool IsDate(std::string_view s) {
  if (s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 4 || i == 7 ? s[i] != '-' : !IsDigit(s[i])) return false;
  }
  return true;
}

constexpr bool IsWellFormedVersion(std::string_view v) {
  return IsDate(v.substr(0, 10)) && (v.size() == 10 || v.substr(10) == "-preview");
}

// Strictly descending, so sorted newest first and free of duplicates.
constexpr bool IsNewestFirst(std::span<const std::string_view> versions) {
  for (size_t i = 0; i < versions.size(); ++i) {
    if (!IsWellFormedVersion(versions[i])) return false;
    if (i > 0 && !(versions[i - 1] > versions[i])) return false;
  }
  return !versions.empty();
}

constexpr bool Contains(std::span<const std::string_view> versions, std::string_view v) {
  return std::find(versions.begin(), versions.end(), v) != versions.end();
}

constexpr bool IsValidFamily(const Family& f) {
  return IsNewestFirst(f.versions) && Contains(f.versions, f.default_version) &&
         !f.default_version.ends_with("-preview");
}

static_assert(IsValidFamily(kNetwork));
static_assert(IsValidFamily(kPrivateDns));
static_assert(IsValidFamily(kResources));
static_assert(IsValidFamily(kCompute));
static_assert(IsValidFamily(kStorage));
static_assert(IsValidFamily(kSql));
static_assert(IsValidFamily(kKeyVault));
static_assert(IsValidFamily(kCosmosDb));
static_assert(IsValidFamily(kEventHub));
static_assert(IsValidFamily(kServiceBus));

constexpr bool IsLowerType(std::string_view t) {
  const size_t slash = t.find('/');
  if (slash == std::string_view::npos || slash == 0 || t.back() == '/') return false;
  for (char c : t) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

constexpr bool IsValidTypeTable() {
  for (size_t i = 0; i < std::size(kTypes); ++i) {
    const TypeEntry& e = kTypes[i];
    if (!IsLowerType(e.type) || e.family == nullptr) return false;
    if (!e.since.empty() && !IsDate(e.since)) return false;
    if (e.family->default_version < e.since) return false;  // the CLI default must carry the type
    if (i > 0 && !(kTypes[i - 1].type < e.type)) return false;
  }
  return true;
}
static_assert(IsValidTypeTable(), "kTypes must be lower case, sorted and unique");

// How many versions an InvalidApiVersionParameter message names.
constexpr size_t kVersionsNamedInError = 5;

const TypeEntry* FindExact(std::string_view lower_type) {
  const auto* end = std::end(kTypes);
  const auto* it =
      std::lower_bound(std::begin(kTypes), end, lower_type,
                       [](const TypeEntry& e, std::string_view key) { return e.type < key; });
  return it != end && it->type == lower_type ? it : nullptr;
}

// The entry for `full_type`, or for its nearest listed parent type; nullptr if neither is
// served. Never falls back past "namespace/type".
const TypeEntry* Resolve(std::string_view full_type) {
  const std::string lower = AsciiLower(full_type);
  std::string_view key = lower;
  while (true) {
    if (const TypeEntry* e = FindExact(key)) return e;
    const size_t last = key.rfind('/');
    if (last == std::string_view::npos || last == key.find('/')) return nullptr;
    key = key.substr(0, last);
  }
}

bool Carries(const TypeEntry& e, std::string_view version) {
  return e.since.empty() || version.substr(0, 10) >= e.since;
}

bool IsPublishedFor(const TypeEntry& e, std::string_view api_version) {
  for (std::string_view v : e.family->versions) {
    if (EqualsIgnoreCase(v, api_version)) return Carries(e, v);
  }
  return false;
}

std::vector<std::string_view> VersionsOf(const TypeEntry& e) {
  std::vector<std::string_view> out;
  for (std::string_view v : e.family->versions) {
    if (Carries(e, v)) out.push_back(v);
  }
  return out;
}

bool IsServedNamespace(std::string_view name_space) {
  const std::string prefix = AsciiLower(name_space) + "/";
  return std::any_of(std::begin(kTypes), std::end(kTypes),
                     [&](const TypeEntry& e) { return e.type.starts_with(prefix); });
}

Status UnknownType(std::string_view full_type, std::string_view api_version) {
  const size_t slash = full_type.find('/');
  const std::string_view name_space = full_type.substr(0, slash);
  if (!IsServedNamespace(name_space)) {
    return Status::InvalidArgument(
        "InvalidResourceNamespace",
        "The resource namespace '" + std::string(name_space) + "' is invalid.");
  }
  const std::string_view type =
      slash == std::string_view::npos ? std::string_view() : full_type.substr(slash + 1);
  return Status::InvalidArgument(
      "InvalidResourceType",
      "The resource type '" + std::string(type) + "' could not be found in the namespace '" +
          std::string(name_space) + "' for api version '" + std::string(api_version) + "'.");
}

Status UnpublishedVersion(std::string_view full_type, std::string_view api_version,
                          const std::vector<std::string_view>& published) {
  std::string named;
  const size_t count = std::min(published.size(), kVersionsNamedInError);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) named += ',';
    named += published[i];
  }
  std::string message = "The api-version '" + std::string(api_version) +
                        "' is invalid for resource type '" + std::string(full_type) +
                        "'. The supported versions are '" + named + "'";
  if (published.size() > count) {
    message += " and " + std::to_string(published.size() - count) + " older ones";
  }
  message += ". Please note that the supported versions may differ per resource type.";
  return Status::InvalidArgument("InvalidApiVersionParameter", std::move(message));
}

}  // namespace

bool IsPublishedApiVersion(std::string_view full_type, std::string_view api_version) {
  const TypeEntry* e = Resolve(full_type);
  return e != nullptr && IsPublishedFor(*e, api_version);
}

Status CheckApiVersion(std::string_view full_type, std::string_view api_version) {
  // ARM rejects a missing api-version before it looks at the path.
  if (api_version.empty()) {
    return Status::InvalidArgument(
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const TypeEntry* e = Resolve(full_type);
  if (e == nullptr) return UnknownType(full_type, api_version);
  if (IsPublishedFor(*e, api_version)) return Status();
  return UnpublishedVersion(full_type, api_version, VersionsOf(*e));
}

std::string_view DefaultApiVersion(std::string_view full_type) {
  const TypeEntry* e = Resolve(full_type);
  return e == nullptr ? std::string_view() : e->family->default_version;
}

std::vector<std::string_view> PublishedApiVersions(std::string_view full_type) {
  const TypeEntry* e = Resolve(full_type);
  return e == nullptr ? std::vector<std::string_view>() : VersionsOf(*e);
}

}  // namespace vnet::arm
