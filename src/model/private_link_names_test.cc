// The group id table against SEMANTICS.md 9.1, members of each modelled type, privatelink names.
#include "model/private_link_names.h"

#include <gtest/gtest.h>

namespace vnet::model {
namespace {

Doc MakeDoc(const std::string& id, const std::string& type, Json body) {
  Doc d;
  d.id = arm::ResourceId::Parse(id).value();
  d.type = FindResourceType(type);
  d.body = std::move(body);
  return d;
}

const std::string kRg = "/subscriptions/s/resourceGroups/rg/providers/";

TEST(PrivateLinkNamesTest, GroupsAndZones) {
  struct Case {
    std::string_view type, group, public_zone, private_zone;
  };
  const Case kCases[] = {
      {"Microsoft.Storage/storageAccounts", "blob", "blob.core.windows.net",
       "privatelink.blob.core.windows.net"},
      {"microsoft.storage/storageaccounts", "DFS_SECONDARY", "dfs.core.windows.net",
       "privatelink.dfs.core.windows.net"},
      {"Microsoft.Sql/servers", "sqlserver", "database.windows.net",
       "privatelink.database.windows.net"},
      {"Microsoft.KeyVault/vaults", "vault", "vault.azure.net", "privatelink.vaultcore.azure.net"},
      {"Microsoft.DocumentDB/databaseAccounts", "sql", "documents.azure.com",
       "privatelink.documents.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "MongoDB", "mongo.cosmos.azure.com",
       "privatelink.mongo.cosmos.azure.com"},
      {"Microsoft.EventHub/namespaces", "namespace", "servicebus.windows.net",
       "privatelink.servicebus.windows.net"},
      {"Microsoft.ServiceBus/namespaces", "namespace", "servicebus.windows.net",
       "privatelink.servicebus.windows.net"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.type) + " " + std::string(c.group));
    auto g = FindPrivateLinkGroup(c.type, c.group);
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(g->public_zone, c.public_zone);
    EXPECT_EQ(g->private_zone, c.private_zone);
  }
  EXPECT_FALSE(FindPrivateLinkGroup("Microsoft.Storage/storageAccounts", "sqlServer"));
  EXPECT_FALSE(FindPrivateLinkGroup("Microsoft.Network/virtualNetworks", "blob"));
  EXPECT_EQ(PrivateLinkGroupsOf("Microsoft.Storage/storageAccounts").size(), 12u);
}

TEST(PrivateLinkNamesTest, Members) {
  Doc acct = MakeDoc(kRg + "Microsoft.Storage/storageAccounts/acct",
                     "Microsoft.Storage/storageAccounts", {{"location", "eastus"}});
  auto blob = PrivateLinkMembersOf(acct, "Blob");
  ASSERT_TRUE(blob);
  ASSERT_EQ(blob->size(), 1u);
  EXPECT_EQ((*blob)[0].name, "blob");
  EXPECT_EQ((*blob)[0].fqdns, std::vector<std::string>{"acct.blob.core.windows.net"});
  auto secondary = PrivateLinkMembersOf(acct, "queue_secondary");
  ASSERT_TRUE(secondary);
  EXPECT_EQ((*secondary)[0].fqdns,
            std::vector<std::string>{"acct-secondary.queue.core.windows.net"});
  EXPECT_FALSE(PrivateLinkMembersOf(acct, "vault"));

  Doc kv = MakeDoc(kRg + "Microsoft.KeyVault/vaults/kv1", "Microsoft.KeyVault/vaults", {});
  auto vault = PrivateLinkMembersOf(kv, "vault");
  ASSERT_TRUE(vault);
  EXPECT_EQ((*vault)[0].name, "default");
  EXPECT_EQ((*vault)[0].fqdns, std::vector<std::string>{"kv1.vault.azure.net"});

  Doc cosmos = MakeDoc(
      kRg + "Microsoft.DocumentDB/databaseAccounts/db1", "Microsoft.DocumentDB/databaseAccounts",
      {{"location", "eastus"},
       {"properties",
        {{"locations", {{{"locationName", "East US"}}, {{"locationName", "West Europe"}}}}}}});
  auto sql = PrivateLinkMembersOf(cosmos, "Sql");
  ASSERT_TRUE(sql);
  ASSERT_EQ(sql->size(), 3u);
  EXPECT_EQ((*sql)[0].fqdns, std::vector<std::string>{"db1.documents.azure.com"});
  EXPECT_EQ((*sql)[1].name, "db1-eastus");
  EXPECT_EQ((*sql)[2].fqdns, std::vector<std::string>{"db1-westeurope.documents.azure.com"});
}

TEST(PrivateLinkNamesTest, PrivateLinkName) {
  auto blob = *FindPrivateLinkGroup("Microsoft.Storage/storageAccounts", "blob");
  auto vault = *FindPrivateLinkGroup("Microsoft.KeyVault/vaults", "vault");
  EXPECT_EQ(PrivateLinkNameOf(blob, "Acct.Blob.Core.Windows.Net."),
            "acct.privatelink.blob.core.windows.net");
  EXPECT_EQ(PrivateLinkNameOf(vault, "kv1.vault.azure.net"), "kv1.privatelink.vaultcore.azure.net");
  EXPECT_EQ(PrivateLinkNameOf(blob, "blob.core.windows.net"), "");
  EXPECT_EQ(PrivateLinkNameOf(blob, "acctblob.core.windows.net"), "");
  EXPECT_EQ(PrivateLinkNameOf(blob, "acct.file.core.windows.net"), "");
  EXPECT_EQ(RegionLabel("West Europe"), "westeurope");
}

}  // namespace
}  // namespace vnet::model
