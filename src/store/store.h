// Store: durable home of every ARM resource document, with a global revision and a change feed.
// The control layer keeps the working set in memory; the store is what survives a crash.
// Thread safety: every method may be called from any thread.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"

namespace vnet::store {

struct StoredResource {
  std::string key;         // lower-cased resource id: the primary key
  std::string id;          // resource id as first written (ARM keeps the caller's casing)
  std::string type;        // full type, e.g. "Microsoft.Network/virtualNetworks"
  std::string parent_key;  // lower-cased id of the parent resource; "" for resource groups
  std::string body;        // the ARM JSON document, as text
  std::string etag;
  int64_t revision = 0;  // global revision of the write that produced this version
};

// One atomic write: all puts and deletes land together or not at all.
struct WriteBatch {
  std::vector<StoredResource> puts;  // revision is assigned by the store
  std::vector<std::string> deletes;  // keys
  bool empty() const { return puts.empty() && deletes.empty(); }
};

// One entry of the change feed: a key written or deleted at a revision.
struct Change {
  int64_t revision = 0;
  std::string key;
  bool deleted = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // Every stored resource, ordered by key. Used once at start-up.
  virtual Result<std::vector<StoredResource>> LoadAll() = 0;

  // Queues `batch` and returns the revision it will carry (strictly increasing, one per batch).
  // Cheap and non-blocking: call WaitDurable(revision) before acknowledging the write.
  virtual Result<int64_t> Append(WriteBatch batch) = 0;

  // Blocks until every batch up to `revision` is on disk (fsync'd), so that it survives
  // kill -9 and power loss. kInternal if the write failed (the batch is then lost).
  virtual Status WaitDurable(int64_t revision) = 0;

  // Append + WaitDurable.
  Result<int64_t> Commit(WriteBatch batch) {
    VNET_ASSIGN_OR_RETURN(int64_t rev, Append(std::move(batch)));
    VNET_RETURN_IF_ERROR(WaitDurable(rev));
    return rev;
  }

  // The newest revision that is durable.
  virtual int64_t durable_revision() const = 0;

  // Changes with revision > `after`, oldest first, at most `limit` of them.
  virtual Result<std::vector<Change>> ChangesSince(int64_t after, size_t limit) = 0;
};

struct SqliteOptions {
  std::string path;         // file path, or ":memory:" for tests
  bool synchronous = true;  // fsync at each commit (PRAGMA synchronous=FULL); false: NORMAL
};

// Opens (creating if needed) a SQLite database in WAL mode. Concurrent Append() calls are
// grouped into one transaction by a writer thread (group commit), so that durable writes
// are not limited by one fsync per request. kInternal (reason "StoreUnavailable") if the
// file cannot be opened or its schema is from an unknown version.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace vnet::store
