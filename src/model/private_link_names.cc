// The group id table of SEMANTICS.md 9.1 for the modelled service types.
#include "model/private_link_names.h"

#include "base/strings.h"

namespace vnet::model {

namespace {

struct TypeGroups {
  std::string_view type;
  std::vector<PrivateLinkGroup> groups;
};

const std::vector<TypeGroups>& Table() {
  static const std::vector<TypeGroups> kTable = {
      {"Microsoft.Storage/storageAccounts",
       {{"blob", "blob.core.windows.net", "privatelink.blob.core.windows.net"},
        {"blob_secondary", "blob.core.windows.net", "privatelink.blob.core.windows.net"},
        {"table", "table.core.windows.net", "privatelink.table.core.windows.net"},
        {"table_secondary", "table.core.windows.net", "privatelink.table.core.windows.net"},
        {"queue", "queue.core.windows.net", "privatelink.queue.core.windows.net"},
        {"queue_secondary", "queue.core.windows.net", "privatelink.queue.core.windows.net"},
        {"file", "file.core.windows.net", "privatelink.file.core.windows.net"},
        {"file_secondary", "file.core.windows.net", "privatelink.file.core.windows.net"},
        {"web", "web.core.windows.net", "privatelink.web.core.windows.net"},
        {"web_secondary", "web.core.windows.net", "privatelink.web.core.windows.net"},
        {"dfs", "dfs.core.windows.net", "privatelink.dfs.core.windows.net"},
        {"dfs_secondary", "dfs.core.windows.net", "privatelink.dfs.core.windows.net"}}},
      {"Microsoft.Sql/servers",
       {{"sqlServer", "database.windows.net", "privatelink.database.windows.net"}}},
      {"Microsoft.KeyVault/vaults",
       {{"vault", "vault.azure.net", "privatelink.vaultcore.azure.net"}}},
      {"Microsoft.DocumentDB/databaseAccounts",
       {{"Sql", "documents.azure.com", "privatelink.documents.azure.com"},
        {"MongoDB", "mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.com"},
        {"Cassandra", "cassandra.cosmos.azure.com", "privatelink.cassandra.cosmos.azure.com"},
        {"Gremlin", "gremlin.cosmos.azure.com", "privatelink.gremlin.cosmos.azure.com"},
        {"Table", "table.cosmos.azure.com", "privatelink.table.cosmos.azure.com"},
        {"Analytical", "analytics.cosmos.azure.com", "privatelink.analytics.cosmos.azure.com"}}},
      {"Microsoft.EventHub/namespaces",
       {{"namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net"}}},
      {"Microsoft.ServiceBus/namespaces",
       {{"namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net"}}},
  };
  return kTable;
}

const Json& PropsOf(const Json& body) {
  static const Json kEmpty = Json::object();
  auto it = body.find("properties");
  return it != body.end() && it->is_object() ? *it : kEmpty;
}

std::string StringAt(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// Cosmos DB: a global member and one per region (SEMANTICS.md 8.2).
std::vector<PrivateLinkMember> CosmosMembers(const Doc& account, std::string_view zone) {
  const std::string& name = account.id.name();
  std::vector<PrivateLinkMember> out{{name, {name + "." + std::string(zone)}}};
  std::vector<std::string> regions;
  const Json& props = PropsOf(account.body);
  if (auto it = props.find("locations"); it != props.end() && it->is_array()) {
    for (const Json& l : *it) {
      if (!l.is_object()) continue;
      std::string r = RegionLabel(StringAt(l, "locationName"));
      if (!r.empty()) regions.push_back(r);
    }
  }
  if (regions.empty()) regions.push_back(RegionLabel(StringAt(account.body, "location")));
  for (const std::string& r : regions) {
    std::string member = name + "-" + r;
    out.push_back({member, {member + "." + std::string(zone)}});
  }
  return out;
}

}  // namespace

std::vector<PrivateLinkGroup> PrivateLinkGroupsOf(std::string_view resource_type) {
  for (const TypeGroups& t : Table()) {
    if (EqualsIgnoreCase(t.type, resource_type)) return t.groups;
  }
  return {};
}

std::optional<PrivateLinkGroup> FindPrivateLinkGroup(std::string_view resource_type,
                                                     std::string_view group_id) {
  for (const PrivateLinkGroup& g : PrivateLinkGroupsOf(resource_type)) {
    if (EqualsIgnoreCase(g.group_id, group_id)) return g;
  }
  return std::nullopt;
}

std::optional<std::vector<PrivateLinkMember>> PrivateLinkMembersOf(const Doc& target,
                                                                   std::string_view group_id) {
  if (!target.type) return std::nullopt;
  std::optional<PrivateLinkGroup> g = FindPrivateLinkGroup(target.type->name, group_id);
  if (!g) return std::nullopt;
  const std::string& name = target.id.name();
  std::string zone(g->public_zone);
  if (EqualsIgnoreCase(target.type->name, "Microsoft.DocumentDB/databaseAccounts")) {
    return CosmosMembers(target, zone);
  }
  std::string id(g->group_id);
  if (EqualsIgnoreCase(target.type->name, "Microsoft.Storage/storageAccounts")) {
    const std::string_view suffix = "_secondary";
    if (id.size() > suffix.size() && id.ends_with(suffix)) {
      return std::vector<PrivateLinkMember>{{id, {name + "-secondary." + zone}}};
    }
    return std::vector<PrivateLinkMember>{{id, {name + "." + zone}}};
  }
  // Key Vault's single member is "default"; the other services name it after the group.
  if (EqualsIgnoreCase(target.type->name, "Microsoft.KeyVault/vaults")) id = "default";
  return std::vector<PrivateLinkMember>{{id, {name + "." + zone}}};
}

std::string PrivateLinkNameOf(const PrivateLinkGroup& group, std::string_view fqdn) {
  std::string f = AsciiLower(fqdn);
  while (!f.empty() && f.back() == '.') f.pop_back();
  const std::string_view zone = group.public_zone;
  if (f.size() <= zone.size() + 1 || !f.ends_with(zone) || f[f.size() - zone.size() - 1] != '.') {
    return "";
  }
  return f.substr(0, f.size() - zone.size()) + std::string(group.private_zone);
}

std::string RegionLabel(std::string_view region) {
  std::string out;
  for (char c : AsciiLower(region)) {
    if (c != ' ') out += c;
  }
  return out;
}

}  // namespace vnet::model
