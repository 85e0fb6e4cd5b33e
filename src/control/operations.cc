// Read-only operations: CheckIPAddressAvailability on virtual networks.
#include "control/operations.h"

#include <algorithm>

#include "base/strings.h"
#include "control/document.h"
#include "control/handlers/common.h"

namespace vnet::control {

namespace {

// Azure's answer: whether the address is free, and up to five free addresses from it on.
Result<Json> CheckIpAddressAvailability(const Txn& view, const Doc& vnet,
                                        const std::map<std::string, std::string>& query) {
  auto it = query.find("ipAddress");
  if (it == query.end()) {
    return Status::InvalidArgument("MissingParameter",
                                   "The query parameter 'ipAddress' is required.");
  }
  Result<net::IpAddress> ip = net::IpAddress::Parse(it->second);
  if (!ip.ok()) {
    return Status::InvalidArgument("InvalidIPAddress",
                                   "'" + it->second + "' is not a valid IP address.");
  }
  Json result{{"available", false}, {"availableIPAddresses", Json::array()}};
  const Json* subnets = handlers::Get(vnet.body["properties"], "subnets");
  if (!subnets || !subnets->is_array()) return result;
  for (const Json& subnet : *subnets) {
    for (const net::Cidr& prefix : handlers::SubnetPrefixes(subnet)) {
      if (!prefix.Contains(*ip) || !prefix.is_v4()) continue;
      std::vector<net::IpAddress> used =
          handlers::UsedAddressesInSubnet(view, AsciiLower(subnet.value("id", "")));
      auto is_free = [&](const net::IpAddress& a) {
        return handlers::IsAssignableInSubnet(subnet, a) &&
               !std::binary_search(used.begin(), used.end(), a);
      };
      result["available"] = is_free(*ip);
      net::IpAddress candidate = *ip;
      Json& free_list = result["availableIPAddresses"];
      while (free_list.size() < 5 && prefix.Contains(candidate)) {
        if (candidate != *ip && is_free(candidate)) free_list.push_back(candidate.ToString());
        if (candidate == prefix.last()) break;
        candidate = candidate.Plus(1);
      }
      return result;
    }
  }
  return result;
}

}  // namespace

Result<Json> RunOperation(const Txn& view, const arm::ResourceId& target, std::string_view name,
                          const std::map<std::string, std::string>& query) {
  const Doc* doc = view.Find(target);
  if (!doc) return ResourceNotFound(target);
  if (EqualsIgnoreCase(doc->type->name, "Microsoft.Network/virtualNetworks") &&
      EqualsIgnoreCase(name, "CheckIPAddressAvailability")) {
    return CheckIpAddressAvailability(view, *doc, query);
  }
  return Status::NotFound("InvalidResourceType",
                          "The resource type '" + target.FullType() + "/" + std::string(name) +
                              "' could not be found in the namespace '" + target.provider() + "'.");
}

}  // namespace vnet::control
