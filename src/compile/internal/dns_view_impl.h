// The DNS view builder's parts, shared by its files: dns_view.cc (types, private zones, links,
// auto-registration), dns_public_names.cc (public DNS of service resources), dns_servers.cc
// (custom DNS servers).
#pragma once
#include <string>
#include <string_view>

#include "compile/dns_view.h"
#include "compile/internal/json_read.h"

namespace vnet::compile::internal {

// The document of `id` (any casing), or nullptr.
const model::Doc* DocOf(const model::DocMap& docs, std::string_view id);

// Lower-case, trailing dots removed.
std::string NormalizeName(std::string_view name);

// Adds one record to the set of `type` at `owner` in `zone` (created as needed; a set keeps the
// TTL it was created with).
void AddRecord(DnsZone& zone, const std::string& owner, RrType type, uint32_t ttl, DnsRecord r);

// The public zones vnetd answers for, each with its SOA, and the service resources' names in
// them (dns_public_names.cc).
void AddPublicNames(const model::DocMap& docs, const Topology& t, DnsView& view);

// The custom DNS servers the VNets name, and the servers those forward to (dns_servers.cc).
void AddCustomServers(const model::DocMap& docs, const Topology& t, DnsView& view);

}  // namespace vnet::compile::internal
