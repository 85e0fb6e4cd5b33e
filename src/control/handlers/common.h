// Helpers shared by the handlers: reading properties, resolving references to other resources,
// and the ARM errors that several types raise in the same words.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/handler.h"
#include "net/cidr.h"

namespace vnet::control::handlers {

// Properties that are absent and properties that are JSON null read the same.
const Json* Get(const Json& obj, std::string_view key);
std::string GetString(const Json& obj, std::string_view key, std::string_view fallback = "");
bool GetBool(const Json& obj, std::string_view key, bool fallback);
// obj[key] as an array of strings; absent/null -> empty. Problems for non-strings go to `problems`.
std::vector<std::string> GetStringList(const Json& obj, std::string_view key);

Status Invalid(std::string reason, std::string message);
Status Conflict(std::string reason, std::string message);

// The location of the top-level resource that holds `doc`.
std::string LocationOf(const Txn& txn, const Doc& doc);

// Resolves {"id": "..."} at obj[key] to a stored resource of `expected_type` (canonical name,
// or "" for any). Absent -> nullptr with no problem. A malformed id, a missing resource or a
// resource of another type adds InvalidResourceReference / LinkedInvalidPropertyId to ctx.
const Doc* ResolveRef(PutContext& ctx, const Json& obj, std::string_view key,
                      std::string_view expected_type, std::string_view what);
// The same for an id string.
const Doc* ResolveIdText(PutContext& ctx, const std::string& text, std::string_view expected_type,
                         std::string_view what);

// A subnet: its VNet document and the subnet element inside it.
struct SubnetView {
  const Doc* vnet = nullptr;
  const Json* subnet = nullptr;
  explicit operator bool() const { return subnet != nullptr; }
};
SubnetView FindSubnet(const Txn& txn, const std::string& subnet_id_text);
// Every IPv4/IPv6 prefix of a subnet (addressPrefix and addressPrefixes), skipping bad ones.
std::vector<net::Cidr> SubnetPrefixes(const Json& subnet);
// Every prefix of a VNet's address space, skipping bad ones.
std::vector<net::Cidr> VnetPrefixes(const Json& vnet_doc);

// Private addresses in use in a subnet (NIC ipConfigurations and other users), from `txn`.
std::vector<net::IpAddress> UsedAddressesInSubnet(const Txn& txn, const std::string& subnet_key);
// The first free address in the subnet after the reserved ones (Azure's allocator), or
// InvalidArgument "SubnetIsFull" when there is none. IPv4 only.
Result<net::IpAddress> AllocateAddress(const Txn& txn, const SubnetView& subnet);
// True if `ip` is usable in `subnet` (inside a prefix, not one of the 5 reserved addresses).
bool IsAssignableInSubnet(const Json& subnet, const net::IpAddress& ip);

// Types whose references to a subnet mean "something is deployed in it".
bool IsSubnetUserType(std::string_view type);

}  // namespace vnet::control::handlers
