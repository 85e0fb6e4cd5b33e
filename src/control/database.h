// Database: the in-memory working set of ARM documents (the store is their durable copy), with
// indexes by type, by parent and by reference target. Txn: a write transaction as an overlay
// over a Database, so that rules see the request's own changes before anything is committed.
// Thread safety: Database is guarded by ResourceManager's lock; a Txn lives on one thread.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "arm/resource_id.h"
#include "model/doc.h"
#include "model/resource_types.h"

namespace vnet::control {

using Json = nlohmann::json;

using model::Doc;
using model::DocPtr;

// A reference from one document to another: `path` is the JSON pointer of the "id" string.
struct Ref {
  std::string source_key;
  std::string path;
  friend auto operator<=>(const Ref&, const Ref&) = default;
};

// Every resource id a document mentions (outside its own id and its inline children's ids).
std::vector<std::pair<std::string, std::string>> ExtractRefs(const Doc& doc);  // (target key, path)

class Database {
 public:
  const Doc* Find(const std::string& key) const;
  DocPtr FindPtr(const std::string& key) const;
  // Keys of every document of a type (canonical type name), ordered.
  std::vector<std::string> KeysOfType(std::string_view type) const;
  // Keys of the standalone children and top-level resources directly under `parent_key`.
  std::vector<std::string> ChildKeys(const std::string& parent_key) const;
  std::vector<Ref> Referrers(const std::string& target_key) const;
  size_t size() const { return docs_.size(); }
  const std::map<std::string, DocPtr>& all() const { return docs_; }

  void Put(DocPtr doc);
  void Erase(const std::string& key);

 private:
  void Unindex(const Doc& doc);
  std::map<std::string, DocPtr> docs_;
  std::map<std::string, std::set<std::string>> by_type_;   // lower-cased type -> keys
  std::map<std::string, std::set<std::string>> children_;  // parent key -> keys
  std::map<std::string, std::set<Ref>> referrers_;         // target key -> refs
};

class Txn {
 public:
  explicit Txn(const Database& db) : db_(db) {}

  const Doc* Find(const std::string& key) const;
  const Doc* Find(const arm::ResourceId& id) const { return Find(id.Key()); }
  std::vector<const Doc*> OfType(std::string_view type) const;
  std::vector<const Doc*> ChildrenOf(const std::string& parent_key) const;
  std::vector<Ref> Referrers(const std::string& target_key) const;

  // Stages a new version of a document (etag and revision are set at commit).
  void Put(Doc doc);
  void Erase(const std::string& key);
  bool erased(const std::string& key) const;

  // Staged changes: key -> new document, or nullptr for a delete.
  const std::map<std::string, std::shared_ptr<Doc>>& changes() const { return changes_; }

 private:
  const Database& db_;
  std::map<std::string, std::shared_ptr<Doc>> changes_;
};

}  // namespace vnet::control
