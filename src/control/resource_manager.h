// ResourceManager: the ARM lifecycle over the store. Create-or-replace PUT, GET, LIST, PATCH
// (JSON merge patch, then the same rules as PUT), DELETE, for every type in model's table;
// inline children (subnets, rules, routes...) addressable at their own paths; If-Match and
// If-None-Match; every rule of the type's Handler; one atomic, durable store write per request.
// Thread safety: all methods may be called concurrently; writes are serialized, reads share a lock.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "control/database.h"
#include "store/store.h"

namespace vnet::control {

struct Preconditions {
  std::string if_match;       // "" when absent; "*" or an etag
  std::string if_none_match;  // "" when absent; "*" or an etag
};

struct Reply {
  int http_status = 200;
  Json body;             // null for 204
  std::string etag;      // for the ETag header; may be empty
  int64_t revision = 0;  // the store revision that carries this write (0 for reads)
  // For GET: the body already serialized (shared with a cache); when set, `body` is null.
  std::shared_ptr<const std::string> text;
};

class ResourceManager {
 public:
  // Loads every document from `store`.
  static Result<std::unique_ptr<ResourceManager>> Open(std::unique_ptr<store::Store> store);

  Result<Reply> Put(const arm::ResourceId& id, std::string_view body_text,
                    const Preconditions& pre);
  Result<Reply> Patch(const arm::ResourceId& id, std::string_view body_text,
                      const Preconditions& pre);
  Result<Reply> Delete(const arm::ResourceId& id, const Preconditions& pre);
  Result<Reply> Get(const arm::ResourceId& id) const;
  // Get, with the body serialized in Reply::text (and body null), served from a cache that any
  // write invalidates: the API's read path.
  Result<Reply> GetSerialized(const arm::ResourceId& id) const;
  // Lists resources of `type` (canonical or any casing) under `scope`: a subscription, a resource
  // group, or (for child types) the parent resource. {"value": [...]}.
  Result<Reply> List(const arm::ResourceId& scope, std::string_view type) const;

  // A read-only operation on a resource (operations.h), answered 200 with its JSON.
  Result<Reply> Operation(const arm::ResourceId& target, std::string_view name,
                          const std::map<std::string, std::string>& query) const;

  // Every document as of the last applied write, immutable and shared: what compile reads.
  // Built on first use after a write (a copy of the index of shared documents), then reused.
  model::DocSnapshot Snapshot() const;
  // Revision of the last committed write.
  int64_t revision() const;
  size_t resource_count() const;

 private:
  explicit ResourceManager(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}
  struct Staged;
  Result<Reply> PutLocked(const arm::ResourceId& id, Json body, const Preconditions& pre);
  Status Commit(Txn& txn, int64_t* revision);
  // Loads every document from the store into a fresh Database (at start, and after a failed
  // write so that memory never holds what the disk does not).
  Status LoadFromStore();
  void InvalidateSnapshot();  // caller holds db_mutex_ exclusively
  // WaitDurable; on failure, reloads from the store before returning the error.
  Status AwaitDurable(int64_t revision);
  Result<Reply> GetLocked(const arm::ResourceId& id) const;  // caller holds db_mutex_
  Json Render(const Doc& doc) const;                         // caller holds db_mutex_ (shared)
  Result<Json> RenderChild(const Doc& parent, const arm::ResourceId& child_id) const;

  std::unique_ptr<store::Store> store_;
  std::mutex write_mutex_;              // one writer at a time
  mutable std::shared_mutex db_mutex_;  // readers vs the writer's apply step
  Database db_;
  int64_t next_revision_ = 1;
  int64_t applied_revision_ = 0;  // revision of the last change applied to db_ (db_mutex_)

  // Serialized GET bodies, valid while applied_revision_ has not moved: any write may change a
  // computed back-reference, so every write invalidates every entry.
  struct CachedGet {
    int64_t revision = 0;
    std::shared_ptr<const std::string> text;
    std::string etag;
  };
  mutable std::mutex snapshot_mutex_;
  mutable model::DocSnapshot snapshot_;  // docs null when stale (reset under db_mutex_)
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, CachedGet> get_cache_;
};

}  // namespace vnet::control
