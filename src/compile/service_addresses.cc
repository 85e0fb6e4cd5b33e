// Deterministic public front-end addresses inside the service's regional tag: FNV-1a of the
// resource's identity picks an index into the tag's usable IPv4 addresses, counted prefix by
// prefix without enumerating them.
#include "compile/service_addresses.h"

#include "base/strings.h"

namespace vnet::compile {

namespace {

// Addresses of an IPv4 prefix that may be handed out: none ending in .0 or .255, which look like
// a network's or a broadcast address to anyone reading a trace.
uint64_t UsableCount(const net::Cidr& c) {
  if (c.prefix_len() <= 24) return c.Size() / 256 * 254;
  uint32_t first = c.address().v4();
  uint32_t last = c.last().v4();
  return c.Size() - ((first & 0xff) == 0 ? 1 : 0) - ((last & 0xff) == 255 ? 1 : 0);
}

// The i-th usable address of `c` (i < UsableCount(c)).
net::IpAddress NthUsable(const net::Cidr& c, uint64_t i) {
  if (c.prefix_len() <= 24) return c.address().Plus(i / 254 * 256 + i % 254 + 1);
  return c.address().Plus(i + ((c.address().v4() & 0xff) == 0 ? 1 : 0));
}

uint64_t UsableCount(const ServiceTag& t) {
  uint64_t total = 0;
  for (const net::Cidr& c : t.prefixes) {
    if (c.is_v4()) total += UsableCount(c);
  }
  return total;
}

// FNV-1a, 64 bits: stable across platforms and releases, unlike std::hash.
uint64_t Fnv1a64(std::string_view s) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace

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
  if (base.empty()) {
    return Status::InvalidArgument("NoServiceTag", "no service tag covers resources of type '" +
                                                       std::string(resource_type) + "'");
  }
  const ServiceTag* tag = tags.Regional(base, region);
  uint64_t usable = tag ? UsableCount(*tag) : 0;
  if (usable == 0) {
    tag = tags.Find(base);
    usable = tag ? UsableCount(*tag) : 0;
  }
  if (usable == 0) {
    return Status::NotFound("NoServiceTag", "the service tag catalogue has no IPv4 prefix for " +
                                                std::string(base) + " in '" + std::string(region) +
                                                "' nor a global one");
  }
  std::string location;  // "East US" and "eastus" are one region
  for (char c : AsciiLower(region)) {
    if (c != ' ') location += c;
  }
  std::string key = AsciiLower(resource_type) + "|" + AsciiLower(name) + "|" + location + "|" +
                    AsciiLower(sub_resource);
  uint64_t pick = Fnv1a64(key) % usable;
  for (const net::Cidr& c : tag->prefixes) {
    if (!c.is_v4()) continue;
    uint64_t n = UsableCount(c);
    if (pick < n) return NthUsable(c, pick);
    pick -= n;
  }
  return Status::Internal("service address: index past the tag's usable addresses");
}

}  // namespace vnet::compile
