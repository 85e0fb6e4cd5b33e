// Database indexes and the Txn overlay.
#include "control/database.h"

#include "base/strings.h"

namespace vnet::control {

namespace {

void Walk(const Json& j, const std::string& path, const std::string& own_prefix,
          std::vector<std::pair<std::string, std::string>>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string escaped;
      for (char c : it.key()) {
        if (c == '~') {
          escaped += "~0";
        } else if (c == '/') {
          escaped += "~1";
        } else {
          escaped += c;
        }
      }
      std::string child = path + "/" + escaped;
      if (it.key() == "id" && it.value().is_string()) {
        const std::string& text = it.value().get_ref<const std::string&>();
        Result<arm::ResourceId> id = arm::ResourceId::Parse(text);
        if (!id.ok() || !id->is_resource()) continue;
        std::string key = id->Key();
        // Skip the document's own id and those of its inline children.
        if (key == own_prefix || StartsWithIgnoreCase(key, own_prefix + "/")) continue;
        out.emplace_back(std::move(key), child);
      } else {
        Walk(it.value(), child, own_prefix, out);
      }
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i)
      Walk(j[i], path + "/" + std::to_string(i), own_prefix, out);
  }
}

std::string ParentKeyOf(const Doc& doc) {
  if (doc.id.is_resource_group()) return "";
  return doc.id.Parent().Key();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ExtractRefs(const Doc& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  if (doc.body.contains("properties")) Walk(doc.body["properties"], "/properties", doc.key(), out);
  return out;
}

const Doc* Database::Find(const std::string& key) const {
  auto it = docs_.find(key);
  return it == docs_.end() ? nullptr : it->second.get();
}

DocPtr Database::FindPtr(const std::string& key) const {
  auto it = docs_.find(key);
  return it == docs_.end() ? nullptr : it->second;
}

std::vector<std::string> Database::KeysOfType(std::string_view type) const {
  auto it = by_type_.find(AsciiLower(type));
  if (it == by_type_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<std::string> Database::ChildKeys(const std::string& parent_key) const {
  auto it = children_.find(parent_key);
  if (it == children_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::vector<Ref> Database::Referrers(const std::string& target_key) const {
  auto it = referrers_.find(target_key);
  if (it == referrers_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void Database::Unindex(const Doc& doc) {
  std::string key = doc.key();
  by_type_[AsciiLower(doc.type->name)].erase(key);
  children_[ParentKeyOf(doc)].erase(key);
  for (auto& [target, path] : ExtractRefs(doc)) {
    auto it = referrers_.find(target);
    if (it == referrers_.end()) continue;
    it->second.erase(Ref{key, path});
    if (it->second.empty()) referrers_.erase(it);
  }
}

void Database::Put(DocPtr doc) {
  std::string key = doc->key();
  auto it = docs_.find(key);
  if (it != docs_.end()) Unindex(*it->second);
  by_type_[AsciiLower(doc->type->name)].insert(key);
  children_[ParentKeyOf(*doc)].insert(key);
  for (auto& [target, path] : ExtractRefs(*doc)) referrers_[target].insert(Ref{key, path});
  docs_[key] = std::move(doc);
}

void Database::Erase(const std::string& key) {
  auto it = docs_.find(key);
  if (it == docs_.end()) return;
  Unindex(*it->second);
  docs_.erase(it);
}

const Doc* Txn::Find(const std::string& key) const {
  auto it = changes_.find(key);
  if (it != changes_.end()) return it->second.get();
  return db_.Find(key);
}

std::vector<const Doc*> Txn::OfType(std::string_view type) const {
  std::vector<const Doc*> out;
  std::set<std::string> seen;
  for (const std::string& key : db_.KeysOfType(type)) {
    seen.insert(key);
    if (const Doc* d = Find(key)) out.push_back(d);
  }
  for (const auto& [key, doc] : changes_) {
    if (doc && !seen.count(key) && EqualsIgnoreCase(doc->type->name, type))
      out.push_back(doc.get());
  }
  return out;
}

std::vector<const Doc*> Txn::ChildrenOf(const std::string& parent_key) const {
  std::vector<const Doc*> out;
  std::set<std::string> seen;
  for (const std::string& key : db_.ChildKeys(parent_key)) {
    seen.insert(key);
    if (const Doc* d = Find(key)) out.push_back(d);
  }
  for (const auto& [key, doc] : changes_) {
    if (doc && !seen.count(key) && !doc->id.is_resource_group() &&
        doc->id.Parent().Key() == parent_key)
      out.push_back(doc.get());
  }
  return out;
}

std::vector<Ref> Txn::Referrers(const std::string& target_key) const {
  std::set<Ref> out;
  for (const Ref& r : db_.Referrers(target_key)) {
    if (!changes_.count(r.source_key)) out.insert(r);
  }
  for (const auto& [key, doc] : changes_) {
    if (!doc) continue;
    for (auto& [target, path] : ExtractRefs(*doc)) {
      if (target == target_key) out.insert(Ref{key, path});
    }
  }
  return {out.begin(), out.end()};
}

void Txn::Put(Doc doc) {
  std::string key = doc.key();
  changes_[key] = std::make_shared<Doc>(std::move(doc));
}

void Txn::Erase(const std::string& key) { changes_[key] = nullptr; }

bool Txn::erased(const std::string& key) const {
  auto it = changes_.find(key);
  return it != changes_.end() && it->second == nullptr;
}

}  // namespace vnet::control
