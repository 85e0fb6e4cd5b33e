// Rule-list merging shared by the storage, keyvault, cosmosdb, eventhubs and servicebus commands.
#include "cli/internal/network_rules.h"

#include "base/strings.h"

namespace vnet::cli {
namespace {

const Json* At(const Json& item, std::string_view key_path) {
  const Json* node = &item;
  for (std::string_view key : Split(key_path, '.')) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(key));
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

bool Matches(const Json& item, std::string_view key_path, std::string_view value) {
  const Json* v = At(item, key_path);
  return v != nullptr && v->is_string() && SameRuleValue(v->get<std::string>(), value);
}

}  // namespace

std::string WithPrefixLength(std::string_view ip) {
  const std::string text(Trim(ip));
  if (text.empty() || text.find('/') != std::string::npos || text[0] == '/') return text;
  if (text.find(':') != std::string::npos) return text + "/128";
  if (text.find('.') != std::string::npos) return text + "/32";
  return text;
}

bool SameRuleValue(std::string_view a, std::string_view b) {
  if (EqualsIgnoreCase(Trim(a), Trim(b))) return true;
  return EqualsIgnoreCase(WithPrefixLength(a), WithPrefixLength(b));
}

bool AddUniqueRule(Json& parent, std::string_view list, std::string_view key_path,
                   const Json& entry) {
  const std::string key(list);
  if (!parent.contains(key) || !parent[key].is_array()) parent[key] = Json::array();
  const Json* value = At(entry, key_path);
  const std::string wanted =
      value != nullptr && value->is_string() ? value->get<std::string>() : "";
  for (const Json& existing : parent[key]) {
    if (Matches(existing, key_path, wanted)) return false;
  }
  parent[key].push_back(entry);
  return true;
}

int RemoveRules(Json& parent, std::string_view list, std::string_view key_path,
                std::string_view value) {
  const std::string key(list);
  if (!parent.contains(key) || !parent[key].is_array()) return 0;
  Json kept = Json::array();
  int removed = 0;
  for (const Json& existing : parent[key]) {
    if (Matches(existing, key_path, value)) {
      ++removed;
    } else {
      kept.push_back(existing);
    }
  }
  parent[key] = std::move(kept);
  return removed;
}

Json StorageAclsForPatch(const Json& account) {
  Json acls = Json::object();
  if (account.is_object() && account.contains("properties") && account["properties"].is_object() &&
      account["properties"].contains("networkAcls") &&
      account["properties"]["networkAcls"].is_object()) {
    acls = account["properties"]["networkAcls"];
  }
  if (acls.contains("ipv6Rules") && acls["ipv6Rules"].is_array() && acls["ipv6Rules"].empty()) {
    acls.erase("ipv6Rules");
  }
  if (!acls.contains("virtualNetworkRules")) acls["virtualNetworkRules"] = Json::array();
  if (!acls.contains("ipRules")) acls["ipRules"] = Json::array();
  return acls;
}

}  // namespace vnet::cli
