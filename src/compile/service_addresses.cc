// Deterministic public front-end addresses inside the service's regional tag (FNV-1a of the
// resource's identity over the tag's IPv4 addresses, skipping each prefix's first and last).
#include "compile/service_addresses.h"

#include "base/strings.h"

namespace vnet::compile {

std::string_view ServiceTagBaseOf(std::string_view resource_type) {
  struct Row {
    std::string_view type, tag;
  } static const kRows[] = {
      {"Microsoft.Storage/storageAccounts", "Storage"},
      {"Microsoft.Sql/servers", "Sql"},
      {"Microsoft.KeyVault/vaults", "AzureKeyVault"},
      {"Microsoft.DocumentDB/databaseAccounts", "AzureCosmosDB"},
      {"Microsoft.EventHub/namespaces", "EventHub"},
      {"Microsoft.ServiceBus/namespaces", "ServiceBus"},
  };
  for (const Row& r : kRows) {
    if (EqualsIgnoreCase(r.type, resource_type)) return r.tag;
  }
  return "";
}

Result<net::IpAddress> ServicePublicAddress(const ServiceTagCatalogue& tags,
                                            std::string_view resource_type, std::string_view name,
                                            std::string_view region,
                                            std::string_view sub_resource) {
  std::string_view base = ServiceTagBaseOf(resource_type);
  if (base.empty())
    return Status::NotFound("NoServiceTag", "no service tag covers " + std::string(resource_type));
  const ServiceTag* tag = tags.Regional(base, region);
  auto usable = [](const ServiceTag* t) {
    uint64_t total = 0;
    for (const net::Cidr& c : t->prefixes) {
      if (c.is_v4()) total += c.Size() > 2 ? c.Size() - 2 : c.Size();
    }
    return total;
  };
  if (!tag || usable(tag) == 0) tag = tags.Find(base);
  if (!tag || usable(tag) == 0) {
    return Status::NotFound("NoServiceTag", "the catalogue has no IPv4 prefix for " +
                                                std::string(base) + " in " + std::string(region));
  }
  uint64_t h = 1469598103934665603ULL;
  std::string key = AsciiLower(resource_type) + "|" + AsciiLower(name) + "|" + AsciiLower(region) +
                    "|" + AsciiLower(sub_resource);
  for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  uint64_t pick = h % usable(tag);
  for (const net::Cidr& c : tag->prefixes) {
    if (!c.is_v4()) continue;
    bool skip_ends = c.Size() > 2;
    uint64_t n = skip_ends ? c.Size() - 2 : c.Size();
    if (pick < n) return c.address().Plus(pick + (skip_ends ? 1 : 0));
    pick -= n;
  }
  return Status::Internal("address pick out of range");
}

}  // namespace vnet::compile
