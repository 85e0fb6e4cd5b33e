// The generic ARM lifecycle. Type-specific rules live in handlers (handler.h).
#include "control/resource_manager.h"

#include "base/strings.h"
#include "control/document.h"
#include "control/handler.h"
#include "control/operations.h"

namespace vnet::control {

namespace {

using model::ResourceType;
using model::Storage;

class DbView : public ReadView {
 public:
  explicit DbView(const Database& db) : db_(db) {}
  const Doc* Find(const std::string& key) const override { return db_.Find(key); }
  std::vector<Ref> Referrers(const std::string& key) const override { return db_.Referrers(key); }
  std::vector<std::string> ChildKeys(const std::string& key) const override {
    return db_.ChildKeys(key);
  }

 private:
  const Database& db_;
};

Result<Json> ParseBody(const arm::ResourceId& id, std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false,
                       /*ignore_comments=*/true);
  if (j.is_discarded()) return UnreadableBody(id, "The body is not valid JSON.");
  if (!j.is_object()) return UnreadableBody(id, "The body must be a JSON object.");
  return j;
}

Status CheckPreconditions(const Preconditions& pre, const std::string* current_etag) {
  if (!pre.if_match.empty()) {
    if (!current_etag) {
      return Status::PreconditionFailed("PreconditionFailed",
                                        "The condition specified using HTTP conditional header(s) "
                                        "is not met: the resource does not exist.");
    }
    if (pre.if_match != "*" && pre.if_match != *current_etag) {
      return Status::PreconditionFailed(
          "PreconditionFailed",
          "The condition specified using HTTP conditional header(s) is not met: If-Match '" +
              pre.if_match + "' does not match the current etag " + *current_etag + ".");
    }
  }
  if (!pre.if_none_match.empty() && current_etag) {
    if (pre.if_none_match == "*" || pre.if_none_match == *current_etag) {
      return Status::PreconditionFailed("PreconditionFailed",
                                        "The condition specified using HTTP conditional header(s) "
                                        "is not met: the resource already exists.");
    }
  }
  return {};
}

const ResourceType* TypeOf(const arm::ResourceId& id) {
  return model::FindResourceType(id.FullType());
}

Status UnknownType(const arm::ResourceId& id) {
  return Status::InvalidArgument(
      "InvalidResourceType", "The resource type '" + id.FullType() +
                                 "' could not be found in the namespace '" + id.provider() + "'.");
}

// JSON merge patch (RFC 7396).
void MergePatch(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_null()) {
      target.erase(it.key());
    } else {
      MergePatch(target[it.key()], it.value());
    }
  }
}

// Runs a handler's Prepare. nlohmann::json throws type_error when a document has a value of the
// wrong JSON type where a handler expects an object or array (e.g. "ipRules": [5]); that is the
// user's input, so it is answered as an unreadable body (400) and nothing is written. No other
// exception is caught here: those are bugs, answered 500 at the API boundary.
Status PrepareChecked(const Handler& handler, PutContext& ctx) {
  try {
    handler.Prepare(ctx);
  } catch (const nlohmann::json::type_error& e) {
    return UnreadableBody(ctx.id,
                          std::string("a property has the wrong JSON type (") + e.what() + ").");
  }
  return ctx.problems.ToStatus();
}

}  // namespace

Status Problems::ToStatus() const {
  if (list_.empty()) return {};
  if (list_.size() == 1) return list_.front();
  return list_.front().WithDetails(list_);
}

Result<std::unique_ptr<ResourceManager>> ResourceManager::Open(
    std::unique_ptr<store::Store> store) {
  std::unique_ptr<ResourceManager> rm(new ResourceManager(std::move(store)));
  VNET_RETURN_IF_ERROR(rm->LoadFromStore());
  return rm;
}

Status ResourceManager::LoadFromStore() {
  VNET_ASSIGN_OR_RETURN(std::vector<store::StoredResource> all, store_->LoadAll());
  Database fresh;
  for (store::StoredResource& r : all) {
    Result<arm::ResourceId> id = arm::ResourceId::Parse(r.id);
    const ResourceType* type = model::FindResourceType(r.type);
    if (!id.ok() || !type) return Status::Internal("store holds an unreadable resource: " + r.id);
    auto doc = std::make_shared<Doc>();
    doc->id = *id;
    doc->type = type;
    doc->body = Json::parse(r.body, nullptr, false);
    if (doc->body.is_discarded()) return Status::Internal("store holds bad JSON for " + r.id);
    doc->etag = r.etag;
    doc->revision = r.revision;
    fresh.Put(std::move(doc));
  }
  std::unique_lock lock(db_mutex_);
  db_ = std::move(fresh);
  next_revision_ = store_->durable_revision() + 1;
  applied_revision_ = next_revision_ - 1;
  InvalidateSnapshot();
  return {};
}

void ResourceManager::InvalidateSnapshot() {
  std::lock_guard lock(snapshot_mutex_);
  snapshot_.docs.reset();
}

model::DocSnapshot ResourceManager::Snapshot() const {
  std::shared_lock lock(db_mutex_);
  std::lock_guard snap_lock(snapshot_mutex_);
  if (!snapshot_.docs) {
    snapshot_.revision = applied_revision_;
    snapshot_.docs = std::make_shared<const model::DocMap>(db_.all());
  }
  return snapshot_;
}

Status ResourceManager::AwaitDurable(int64_t revision) {
  Status durable = store_->WaitDurable(revision);
  if (durable.ok()) return durable;
  // The write did not reach the disk, but memory already shows it (and maybe later writes):
  // go back to exactly what the store holds.
  std::lock_guard lock(write_mutex_);
  Status reloaded = LoadFromStore();
  return durable.WithContext(reloaded.ok() ? "write lost, state reloaded from the store"
                                           : "write lost; reload failed: " + reloaded.message());
}

int64_t ResourceManager::revision() const { return store_->durable_revision(); }

size_t ResourceManager::resource_count() const {
  std::shared_lock lock(db_mutex_);
  return db_.size();
}

Status ResourceManager::Commit(Txn& txn, int64_t* revision) {
  if (txn.changes().empty()) {
    *revision = store_->durable_revision();
    return {};
  }
  int64_t rev = next_revision_;
  store::WriteBatch batch;
  for (const auto& [key, doc] : txn.changes()) {
    if (!doc) {
      batch.deletes.push_back(key);
      continue;
    }
    doc->revision = rev;
    doc->etag = MakeEtag(key, rev);
    StampEtag(*doc->type, doc->etag, doc->body);
    store::StoredResource r;
    r.key = key;
    r.id = doc->id.ToString();
    r.type = std::string(doc->type->name);
    r.parent_key = doc->id.is_resource_group() ? "" : doc->id.Parent().Key();
    r.body = doc->body.dump();
    r.etag = doc->etag;
    batch.puts.push_back(std::move(r));
  }
  VNET_ASSIGN_OR_RETURN(int64_t assigned, store_->Append(std::move(batch)));
  if (assigned != rev) return Status::Internal("store revision out of step");
  ++next_revision_;
  {
    std::unique_lock lock(db_mutex_);
    applied_revision_ = rev;
    InvalidateSnapshot();
    for (const auto& [key, doc] : txn.changes()) {
      if (doc) {
        db_.Put(doc);
      } else {
        db_.Erase(key);
      }
    }
  }
  *revision = rev;
  return {};
}

Result<Reply> ResourceManager::Put(const arm::ResourceId& id, std::string_view body_text,
                                   const Preconditions& pre) {
  VNET_ASSIGN_OR_RETURN(Json body, ParseBody(id, body_text));
  int64_t rev = 0;
  Result<Reply> reply = Status::Internal("unset");
  {
    std::lock_guard lock(write_mutex_);
    reply = PutLocked(id, std::move(body), pre);
    if (!reply.ok()) return reply;
    rev = reply->revision;
  }
  VNET_RETURN_IF_ERROR(AwaitDurable(rev));
  return reply;
}

Result<Reply> ResourceManager::Patch(const arm::ResourceId& id, std::string_view body_text,
                                     const Preconditions& pre) {
  VNET_ASSIGN_OR_RETURN(Json patch, ParseBody(id, body_text));
  int64_t rev = 0;
  Result<Reply> reply = Status::Internal("unset");
  {
    std::lock_guard lock(write_mutex_);
    const ResourceType* type = TypeOf(id);
    if (!type) return UnknownType(id);
    Json current;
    if (type->storage == Storage::kInline) {
      const Doc* parent = db_.Find(id.Parent().Key());
      const Json* element =
          parent ? FindInline(parent->body, type->inline_property, id.name()) : nullptr;
      if (!element) return ResourceNotFound(id);
      current = *element;
    } else {
      const Doc* doc = db_.Find(id.Key());
      if (!doc) return ResourceNotFound(id);
      current = doc->body;
    }
    MergePatch(current, patch);
    reply = PutLocked(id, std::move(current), pre);
    if (!reply.ok()) return reply;
    reply->http_status = 200;
    rev = reply->revision;
  }
  VNET_RETURN_IF_ERROR(AwaitDurable(rev));
  return reply;
}

Result<Reply> ResourceManager::PutLocked(const arm::ResourceId& id, Json body,
                                         const Preconditions& pre) {
  const ResourceType* type = TypeOf(id);
  if (!type) return UnknownType(id);
  if (type->read_only) {
    return Status::InvalidArgument("OperationNotAllowed",
                                   "Resources of type '" + std::string(type->name) +
                                       "' are managed by the platform and cannot be written.");
  }
  Txn txn(db_);
  Problems problems;
  bool created = false;
  Json response;

  if (type->storage == Storage::kResourceGroup) {
    const Doc* existing = txn.Find(id);
    VNET_RETURN_IF_ERROR(CheckPreconditions(pre, existing ? &existing->etag : nullptr));
    VNET_RETURN_IF_ERROR(NormalizeDocument(id, *type, body));
    body["properties"] = Json{{"provisioningState", "Succeeded"}};
    if (existing && existing->body.value("location", "") != body["location"]) {
      return Status::InvalidArgument("InvalidResourceGroupLocation",
                                     "Invalid resource group location '" +
                                         body["location"].get<std::string>() +
                                         "'. The Resource group already exists in location '" +
                                         existing->body.value("location", "") + "'.");
    }
    created = existing == nullptr;
    txn.Put(Doc{id, type, body, "", 0});
  } else {
    arm::ResourceId group = arm::ResourceId::ResourceGroup(id.subscription(), id.resource_group());
    if (!txn.Find(group)) return ResourceGroupNotFound(id);
    if (type->storage == Storage::kInline) {
      arm::ResourceId parent_id = id.Parent();
      const Doc* parent = txn.Find(parent_id);
      if (!parent) return ParentResourceNotFound(id);
      const Json* old_element = FindInline(parent->body, type->inline_property, id.name());
      VNET_RETURN_IF_ERROR(CheckPreconditions(pre, old_element ? &parent->etag : nullptr));
      created = old_element == nullptr;
      Json element = Json::object();
      element["name"] = old_element ? (*old_element)["name"] : Json(id.name());
      element["properties"] = body.contains("properties") ? body["properties"] : Json::object();
      if (!element["properties"].is_object()) {
        return UnreadableBody(id, "The property 'properties' must be a JSON object.");
      }
      Json doc = parent->body;
      std::string array(type->inline_property);
      if (!doc["properties"].contains(array) || !doc["properties"][array].is_array())
        doc["properties"][array] = Json::array();
      if (Json* slot = FindInline(doc, array, id.name())) {
        *slot = element;
      } else {
        doc["properties"][array].push_back(element);
      }
      VNET_RETURN_IF_ERROR(NormalizeInlineChildren(parent_id, *parent->type, doc));
      PutContext ctx{
          txn,       parent_id, doc,     parent, std::string(model::ShortTypeName(type->name)),
          id.name(), false,     problems};
      VNET_RETURN_IF_ERROR(PrepareChecked(HandlerFor(parent->type->name), ctx));
      MarkSucceeded(*parent->type, doc);
      txn.Put(Doc{parent_id, parent->type, doc, "", 0});
    } else {
      if (type->storage == Storage::kStandalone && !txn.Find(id.Parent()))
        return ParentResourceNotFound(id);
      const Doc* existing = txn.Find(id);
      VNET_RETURN_IF_ERROR(CheckPreconditions(pre, existing ? &existing->etag : nullptr));
      created = existing == nullptr;
      VNET_RETURN_IF_ERROR(NormalizeDocument(id, *type, body));
      VNET_RETURN_IF_ERROR(NormalizeInlineChildren(id, *type, body));
      PutContext ctx{txn, id, body, existing, "", "", false, problems};
      VNET_RETURN_IF_ERROR(PrepareChecked(HandlerFor(type->name), ctx));
      MarkSucceeded(*type, body);
      txn.Put(Doc{id, type, body, "", 0});
    }
  }
  int64_t rev = 0;
  VNET_RETURN_IF_ERROR(Commit(txn, &rev));
  Reply reply;
  reply.http_status = created ? 201 : 200;
  {
    std::shared_lock lock(db_mutex_);
    if (type->storage == Storage::kInline) {
      const Doc* parent = db_.Find(id.Parent().Key());
      VNET_ASSIGN_OR_RETURN(reply.body, RenderChild(*parent, id));
      reply.etag = parent->etag;
    } else {
      const Doc* doc = db_.Find(id.Key());
      reply.body = Render(*doc);
      reply.etag = doc->etag;
    }
  }
  reply.revision = rev;
  return reply;
}

Result<Reply> ResourceManager::Delete(const arm::ResourceId& id, const Preconditions& pre) {
  int64_t rev = 0;
  {
    std::lock_guard lock(write_mutex_);
    const ResourceType* type = TypeOf(id);
    if (!type) return UnknownType(id);
    if (type->read_only) {
      return Status::InvalidArgument("OperationNotAllowed",
                                     "Resources of type '" + std::string(type->name) +
                                         "' are managed by the platform and cannot be deleted.");
    }
    Txn txn(db_);
    Problems problems;
    if (type->storage == Storage::kInline) {
      const Doc* parent = txn.Find(id.Parent());
      const Json* element =
          parent ? FindInline(parent->body, type->inline_property, id.name()) : nullptr;
      if (!element) return Reply{204, nullptr, "", 0, nullptr};
      VNET_RETURN_IF_ERROR(CheckPreconditions(pre, &parent->etag));
      Json doc = parent->body;
      Json& array = doc["properties"][std::string(type->inline_property)];
      for (size_t i = 0; i < array.size(); ++i) {
        if (EqualsIgnoreCase(array[i].value("name", ""), id.name())) {
          array.erase(i);
          break;
        }
      }
      PutContext ctx{
          txn,       parent->id, doc,     parent, std::string(model::ShortTypeName(type->name)),
          id.name(), true,       problems};
      VNET_RETURN_IF_ERROR(PrepareChecked(HandlerFor(parent->type->name), ctx));
      txn.Put(Doc{parent->id, parent->type, doc, "", 0});
    } else {
      const Doc* doc = txn.Find(id);
      if (!doc) return Reply{204, nullptr, "", 0, nullptr};
      VNET_RETURN_IF_ERROR(CheckPreconditions(pre, &doc->etag));
      // Stage the deletion of the resource and everything under it first, so in-use checks see
      // only references from outside what is going away.
      std::vector<const Doc*> doomed;
      std::vector<const Doc*> frontier{doc};
      while (!frontier.empty()) {
        const Doc* d = frontier.back();
        frontier.pop_back();
        doomed.push_back(d);
        for (const Doc* c : txn.ChildrenOf(d->key())) frontier.push_back(c);
      }
      std::vector<DocPtr> keep_alive;
      for (const Doc* d : doomed) keep_alive.push_back(std::make_shared<Doc>(*d));
      for (const DocPtr& d : keep_alive) txn.Erase(d->key());
      for (const DocPtr& d : keep_alive) {
        VNET_RETURN_IF_ERROR(HandlerFor(d->type->name).BeforeDelete(txn, *d));
      }
    }
    VNET_RETURN_IF_ERROR(Commit(txn, &rev));
  }
  VNET_RETURN_IF_ERROR(AwaitDurable(rev));
  return Reply{200, nullptr, "", rev, nullptr};
}

Json ResourceManager::Render(const Doc& doc) const {
  Json out = doc.body;
  DbView view(db_);
  HandlerFor(doc.type->name).Render(view, doc, out);
  return out;
}

Result<Json> ResourceManager::RenderChild(const Doc& parent,
                                          const arm::ResourceId& child_id) const {
  const ResourceType* type = TypeOf(child_id);
  Json rendered = Render(parent);
  const Json* element = FindInline(rendered, type->inline_property, child_id.name());
  if (!element) return ResourceNotFound(child_id);
  return *element;
}

Result<Reply> ResourceManager::Get(const arm::ResourceId& id) const {
  std::shared_lock lock(db_mutex_);
  return GetLocked(id);
}

Result<Reply> ResourceManager::GetLocked(const arm::ResourceId& id) const {
  const ResourceType* type = TypeOf(id);
  if (!type) return UnknownType(id);
  if (!id.is_resource_group() && !id.is_subscription()) {
    if (!db_.Find(arm::ResourceId::ResourceGroup(id.subscription(), id.resource_group()).Key()))
      return ResourceGroupNotFound(id);
  }
  if (type->storage == Storage::kInline) {
    const Doc* parent = db_.Find(id.Parent().Key());
    if (!parent) return ParentResourceNotFound(id);
    VNET_ASSIGN_OR_RETURN(Json body, RenderChild(*parent, id));
    return Reply{200, std::move(body), parent->etag, 0, nullptr};
  }
  const Doc* doc = db_.Find(id.Key());
  if (!doc) return ResourceNotFound(id);
  return Reply{200, Render(*doc), doc->etag, 0, nullptr};
}

Result<Reply> ResourceManager::GetSerialized(const arm::ResourceId& id) const {
  std::shared_lock lock(db_mutex_);
  std::string key = id.Key();
  {
    std::lock_guard cache_lock(cache_mutex_);
    auto it = get_cache_.find(key);
    if (it != get_cache_.end() && it->second.revision == applied_revision_) {
      return Reply{200, nullptr, it->second.etag, 0, it->second.text};
    }
  }
  VNET_ASSIGN_OR_RETURN(Reply reply, GetLocked(id));
  auto text = std::make_shared<const std::string>(reply.body.dump());
  {
    std::lock_guard cache_lock(cache_mutex_);
    if (get_cache_.size() > 200000) get_cache_.clear();
    get_cache_[key] = CachedGet{applied_revision_, text, reply.etag};
  }
  reply.body = nullptr;
  reply.text = std::move(text);
  return reply;
}

Result<Reply> ResourceManager::Operation(const arm::ResourceId& target, std::string_view name,
                                         const std::map<std::string, std::string>& query) const {
  std::shared_lock lock(db_mutex_);
  if (!db_.Find(
          arm::ResourceId::ResourceGroup(target.subscription(), target.resource_group()).Key()))
    return ResourceGroupNotFound(target);
  Txn view(db_);
  VNET_ASSIGN_OR_RETURN(Json body, RunOperation(view, target, name, query));
  return Reply{200, std::move(body), "", 0, nullptr};
}

Result<Reply> ResourceManager::List(const arm::ResourceId& scope,
                                    std::string_view type_name) const {
  const ResourceType* type = model::FindResourceType(type_name);
  if (!type) {
    return Status::InvalidArgument(
        "InvalidResourceType",
        "The resource type '" + std::string(type_name) + "' could not be found.");
  }
  std::shared_lock lock(db_mutex_);
  Json value = Json::array();
  if (scope.is_resource() || (type->storage == Storage::kInline) ||
      type->storage == Storage::kStandalone) {
    if (!scope.is_resource()) return UnknownType(scope);
    if (!db_.Find(
            arm::ResourceId::ResourceGroup(scope.subscription(), scope.resource_group()).Key()))
      return ResourceGroupNotFound(scope);
    const Doc* parent = db_.Find(scope.Key());
    if (!parent) return ResourceNotFound(scope);
    if (type->storage == Storage::kInline) {
      Json rendered = Render(*parent);
      const Json& props = rendered["properties"];
      std::string array(type->inline_property);
      if (props.contains(array) && props[array].is_array()) value = props[array];
    } else {
      for (const std::string& key : db_.ChildKeys(scope.Key())) {
        const Doc* d = db_.Find(key);
        if (d && EqualsIgnoreCase(d->type->name, type->name)) value.push_back(Render(*d));
      }
    }
    return Reply{200, Json{{"value", value}}, "", 0, nullptr};
  }
  if (scope.is_resource_group() &&
      !db_.Find(arm::ResourceId::ResourceGroup(scope.subscription(), scope.resource_group()).Key()))
    return ResourceGroupNotFound(scope);
  std::string prefix = scope.Key() + "/";
  for (const std::string& key : db_.KeysOfType(type->name)) {
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    value.push_back(Render(*db_.Find(key)));
  }
  return Reply{200, Json{{"value", value}}, "", 0, nullptr};
}

}  // namespace vnet::control
