// A DNS resolution as JSON (the resolveDnsName answer, and the dns step of a connectivity
// trace), and as one sentence for people.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "compile/dns_view.h"
#include "dns/resolver.h"

namespace vnet::api {

// {name, recordType, view, responseCode, records[], authority, addresses[], steps[], error}.
nlohmann::json ResolutionJson(const dns::Resolution& r, const compile::DnsView& view,
                              dns::Viewpoint from, std::string_view name, compile::RrType type);

// "acct.blob.core.windows.net from vnet-a: CNAME acct.privatelink.blob.core.windows.net
// (public DNS, blob.core.windows.net), A 10.1.0.5 (private DNS zone
// privatelink.blob.core.windows.net, linked)".
std::string ResolutionSummary(const dns::Resolution& r, const compile::DnsView& view,
                              dns::Viewpoint from, std::string_view name);

// "vnet vnet-a" or "the internet".
std::string ViewpointName(const compile::DnsView& view, dns::Viewpoint from);

}  // namespace vnet::api
