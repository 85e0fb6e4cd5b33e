// Shared handler helpers.
#include "control/handlers/common.h"

#include <algorithm>

#include "base/strings.h"
#include "control/document.h"

namespace vnet::control::handlers {

const Json* Get(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string GetString(const Json& obj, std::string_view key, std::string_view fallback) {
  const Json* v = Get(obj, key);
  if (!v || !v->is_string()) return std::string(fallback);
  return v->get<std::string>();
}

bool GetBool(const Json& obj, std::string_view key, bool fallback) {
  const Json* v = Get(obj, key);
  if (!v || !v->is_boolean()) return fallback;
  return v->get<bool>();
}

std::vector<std::string> GetStringList(const Json& obj, std::string_view key) {
  std::vector<std::string> out;
  const Json* v = Get(obj, key);
  if (!v || !v->is_array()) return out;
  for (const Json& e : *v) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

Status Invalid(std::string reason, std::string message) {
  return Status::InvalidArgument(std::move(reason), std::move(message));
}

Status Conflict(std::string reason, std::string message) {
  return Status::FailedPrecondition(std::move(reason), std::move(message));
}

std::string LocationOf(const Txn& txn, const Doc& doc) {
  if (doc.body.contains("location") && doc.body["location"].is_string())
    return doc.body["location"].get<std::string>();
  const Doc* root = txn.Find(doc.id.Root());
  if (root && root != &doc) return GetString(root->body, "location");
  return "";
}

const Doc* ResolveIdText(PutContext& ctx, const std::string& text, std::string_view expected_type,
                         std::string_view what) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(text);
  if (!id.ok() || !id->is_resource()) {
    ctx.problems.Add(Invalid("LinkedInvalidPropertyId",
                             "Property id '" + text + "' at path '" + std::string(what) +
                                 "' is invalid. Expect fully qualified resource Id that start "
                                 "with '/subscriptions/{subscriptionId}' or "
                                 "'/providers/{resourceProviderNamespace}/'."));
    return nullptr;
  }
  if (!expected_type.empty() && !EqualsIgnoreCase(id->FullType(), expected_type)) {
    ctx.problems.Add(Invalid("InvalidResourceReference",
                             "Resource '" + text + "' referenced by '" + ctx.id.ToString() +
                                 "' at '" + std::string(what) + "' is not of type '" +
                                 std::string(expected_type) + "'."));
    return nullptr;
  }
  const model::ResourceType* type = model::FindResourceType(id->FullType());
  const Doc* doc = nullptr;
  if (type && type->storage == model::Storage::kInline) {
    doc = ctx.txn.Find(id->Parent());
    if (doc && !FindInline(doc->body, type->inline_property, id->name())) doc = nullptr;
  } else {
    doc = ctx.txn.Find(*id);
  }
  if (!doc) {
    ctx.problems.Add(Invalid("InvalidResourceReference",
                             "Resource " + text + " referenced by resource " + ctx.id.ToString() +
                                 " was not found. Please make sure that the referenced resource "
                                 "exists, and that both resources are in the same region."));
  }
  return doc;
}

const Doc* ResolveRef(PutContext& ctx, const Json& obj, std::string_view key,
                      std::string_view expected_type, std::string_view what) {
  const Json* ref = Get(obj, key);
  if (!ref) return nullptr;
  if (!ref->is_object() || !Get(*ref, "id") || !(*ref)["id"].is_string()) {
    ctx.problems.Add(Invalid("InvalidRequestFormat", "Property '" + std::string(what) +
                                                         "' must be an object {\"id\": ...}."));
    return nullptr;
  }
  return ResolveIdText(ctx, (*ref)["id"].get<std::string>(), expected_type, what);
}

SubnetView FindSubnet(const Txn& txn, const std::string& subnet_id_text) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(subnet_id_text);
  if (!id.ok() || !EqualsIgnoreCase(id->FullType(), "Microsoft.Network/virtualNetworks/subnets"))
    return {};
  const Doc* vnet = txn.Find(id->Parent());
  if (!vnet) return {};
  const Json* subnet = FindInline(vnet->body, "subnets", id->name());
  if (!subnet) return {};
  return {vnet, subnet};
}

std::vector<net::Cidr> SubnetPrefixes(const Json& subnet) {
  std::vector<net::Cidr> out;
  const Json& props = subnet.contains("properties") ? subnet["properties"] : subnet;
  std::vector<std::string> texts = GetStringList(props, "addressPrefixes");
  std::string single = GetString(props, "addressPrefix");
  if (!single.empty()) texts.insert(texts.begin(), single);
  for (const std::string& t : texts) {
    Result<net::Cidr> c = net::Cidr::Parse(t);
    if (c.ok() && std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
  }
  return out;
}

std::vector<net::Cidr> VnetPrefixes(const Json& vnet_doc) {
  std::vector<net::Cidr> out;
  const Json* props = Get(vnet_doc, "properties");
  const Json* space = props ? Get(*props, "addressSpace") : nullptr;
  if (!space) return out;
  for (const std::string& t : GetStringList(*space, "addressPrefixes")) {
    Result<net::Cidr> c = net::Cidr::Parse(t);
    if (c.ok()) out.push_back(*c);
  }
  return out;
}

bool IsSubnetUserType(std::string_view type) {
  static const std::string_view kUsers[] = {
      "Microsoft.Network/networkInterfaces", "Microsoft.Network/privateEndpoints",
      "Microsoft.Network/privateLinkServices", "Microsoft.Network/virtualNetworkGateways"};
  for (std::string_view u : kUsers) {
    if (EqualsIgnoreCase(u, type)) return true;
  }
  return false;
}

std::vector<net::IpAddress> UsedAddressesInSubnet(const Txn& txn, const std::string& subnet_key) {
  std::vector<net::IpAddress> out;
  for (const Ref& ref : txn.Referrers(subnet_key)) {
    const Doc* user = txn.Find(ref.source_key);
    if (!user || !IsSubnetUserType(user->type->name)) continue;
    // The reference sits at .../properties/subnet/id inside an ipConfiguration; its sibling
    // privateIPAddress is the address in use.
    std::string ip_config_path =
        ref.path.substr(0, ref.path.size() - std::string("/subnet/id").size());
    Json::json_pointer pointer(ip_config_path);
    if (!user->body.contains(pointer)) continue;  // a reference elsewhere in the document
    const Json* node = &user->body.at(pointer);
    std::string ip = GetString(*node, "privateIPAddress");
    Result<net::IpAddress> addr = net::IpAddress::Parse(ip);
    if (addr.ok()) out.push_back(*addr);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsAssignableInSubnet(const Json& subnet, const net::IpAddress& ip) {
  for (const net::Cidr& c : SubnetPrefixes(subnet)) {
    if (!c.Contains(ip)) continue;
    if (!c.is_v4()) return ip != c.address();
    uint32_t offset = ip.v4() - c.address().v4();
    return offset >= 4 && ip != c.last();
  }
  return false;
}

Result<net::IpAddress> AllocateAddress(const Txn& txn, const SubnetView& subnet) {
  std::string key = AsciiLower(subnet.subnet->value("id", ""));
  std::vector<net::IpAddress> used = UsedAddressesInSubnet(txn, key);
  for (const net::Cidr& c : SubnetPrefixes(*subnet.subnet)) {
    if (!c.is_v4()) continue;
    for (uint64_t i = 4; i + 1 < c.Size(); ++i) {
      net::IpAddress candidate = c.address().Plus(i);
      if (!std::binary_search(used.begin(), used.end(), candidate)) return candidate;
    }
  }
  return Invalid("SubnetIsFull", "Subnet " + subnet.subnet->value("name", "") +
                                     " has no free private IP address left.");
}

}  // namespace vnet::control::handlers
