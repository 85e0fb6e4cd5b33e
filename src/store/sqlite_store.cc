// SqliteStore: the Store on one SQLite database, with group commit. Append() numbers a batch and
// queues it; a single writer thread commits everything queued in one transaction, so concurrent
// writers share one fsync instead of paying one each.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/result.h"
#include "store/internal/sqlite_statement.h"
#include "store/store.h"

namespace vnet::store {
namespace {

using internal::DbHandle;
using internal::Exec;
using internal::SqliteError;
using internal::Statement;
using internal::StoreError;

constexpr int64_t kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 5000;

constexpr char kMetaSql[] =
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)";

constexpr char kSchemaSql[] = R"sql(
CREATE TABLE IF NOT EXISTS resources (
  key TEXT PRIMARY KEY NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, parent_key TEXT NOT NULL,
  body TEXT NOT NULL, etag TEXT NOT NULL, revision INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS resources_by_parent ON resources (parent_key);
CREATE TABLE IF NOT EXISTS changes (
  revision INTEGER NOT NULL, key TEXT NOT NULL, deleted INTEGER NOT NULL,
  PRIMARY KEY (revision, key)) WITHOUT ROWID;
)sql";

// Every statement the store runs after opening, prepared once.
struct Statements {
  Statement begin, commit, rollback;
  Statement put, remove, change, set_revision;
  Statement load_all, changes_between;
};

Result<Statements> PrepareAll(sqlite3* db) {
  Statements s;
  VNET_ASSIGN_OR_RETURN(s.begin, Statement::Prepare(db, "BEGIN IMMEDIATE"));
  VNET_ASSIGN_OR_RETURN(s.commit, Statement::Prepare(db, "COMMIT"));
  VNET_ASSIGN_OR_RETURN(s.rollback, Statement::Prepare(db, "ROLLBACK"));
  VNET_ASSIGN_OR_RETURN(
      s.put, Statement::Prepare(db,
                                "INSERT OR REPLACE INTO resources (key, id, type, parent_key, "
                                "body, etag, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  VNET_ASSIGN_OR_RETURN(s.remove, Statement::Prepare(db, "DELETE FROM resources WHERE key = ?1"));
  // (revision, key) is the primary key: a key written twice in one batch leaves its last change.
  VNET_ASSIGN_OR_RETURN(
      s.change, Statement::Prepare(db,
                                   "INSERT OR REPLACE INTO changes (revision, key, deleted) "
                                   "VALUES (?1, ?2, ?3)"));
  VNET_ASSIGN_OR_RETURN(
      s.set_revision, Statement::Prepare(db, "UPDATE meta SET value = ?1 WHERE name = 'revision'"));
  VNET_ASSIGN_OR_RETURN(s.load_all,
                        Statement::Prepare(db,
                                           "SELECT key, id, type, parent_key, body, etag, revision "
                                           "FROM resources ORDER BY key"));
  VNET_ASSIGN_OR_RETURN(
      s.changes_between,
      Statement::Prepare(db,
                         "SELECT revision, key, deleted FROM changes WHERE revision > ?1 AND "
                         "revision <= ?2 ORDER BY revision, key LIMIT ?3"));
  return s;
}

Result<std::optional<int64_t>> ReadMeta(sqlite3* db, std::string_view name) {
  VNET_ASSIGN_OR_RETURN(Statement q,
                        Statement::Prepare(db, "SELECT value FROM meta WHERE name = ?1"));
  q.BindText(1, name);
  VNET_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return std::optional<int64_t>();
  const int64_t value = q.ColumnInt(0);
  q.Reset();
  return std::optional<int64_t>(value);
}

// Creates the schema in a fresh database or checks an existing one's version. Returns the
// newest committed revision. Runs inside the caller's transaction.
Result<int64_t> InitSchemaInTransaction(sqlite3* db) {
  VNET_RETURN_IF_ERROR(Exec(db, kMetaSql));
  VNET_ASSIGN_OR_RETURN(std::optional<int64_t> version, ReadMeta(db, "schema_version"));
  if (!version.has_value()) {
    VNET_RETURN_IF_ERROR(Exec(db, "INSERT INTO meta (name, value) VALUES ('schema_version', " +
                                      std::to_string(kSchemaVersion) + "), ('revision', 0)"));
  } else if (*version != kSchemaVersion) {
    return StoreError("schema version " + std::to_string(*version) +
                      " is not supported (this vnetd reads version " +
                      std::to_string(kSchemaVersion) + ")");
  }
  VNET_RETURN_IF_ERROR(Exec(db, kSchemaSql));
  VNET_ASSIGN_OR_RETURN(std::optional<int64_t> revision, ReadMeta(db, "revision"));
  if (!revision.has_value()) return StoreError("meta table has no revision");
  return *revision;
}

Result<int64_t> InitSchema(sqlite3* db) {
  VNET_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  Result<int64_t> revision = InitSchemaInTransaction(db);
  if (!revision.ok()) {
    static_cast<void>(Exec(db, "ROLLBACK"));
    return revision;
  }
  VNET_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  return revision;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(DbHandle db, Statements statements, int64_t revision)
      : db_(std::move(db)),
        stmts_(std::move(statements)),
        last_assigned_(revision),
        processed_revision_(revision),
        durable_revision_(revision) {
    writer_ = std::thread([this] { WriterLoop(); });
  }

  // The writer drains the queue before it stops: every appended batch is written.
  ~SqliteStore() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    queued_cv_.notify_one();
    writer_.join();
  }

  Result<std::vector<StoredResource>> LoadAll() override {
    std::lock_guard<std::mutex> db_lock(db_mu_);
    std::vector<StoredResource> out;
    Statement& q = stmts_.load_all;
    for (;;) {
      VNET_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return out;
      out.push_back({.key = q.ColumnText(0),
                     .id = q.ColumnText(1),
                     .type = q.ColumnText(2),
                     .parent_key = q.ColumnText(3),
                     .body = q.ColumnText(4),
                     .etag = q.ColumnText(5),
                     .revision = q.ColumnInt(6)});
    }
  }

  Result<int64_t> Append(WriteBatch batch) override {
    for (const StoredResource& put : batch.puts) {
      if (put.key.empty()) return Status::InvalidArgument("InvalidStoreKey", "put with empty key");
    }
    int64_t revision = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      revision = ++last_assigned_;
      queue_.push_back({revision, std::move(batch)});
    }
    queued_cv_.notify_one();
    return revision;
  }

  Status WaitDurable(int64_t revision) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (revision > last_assigned_) {
      return Status::InvalidArgument(
          "UnknownRevision", "revision " + std::to_string(revision) + " has not been appended");
    }
    done_cv_.wait(lock, [&] { return processed_revision_ >= revision; });
    for (const Failure& f : failures_) {
      if (f.first <= revision && revision <= f.last) return f.status;
    }
    return {};
  }

  int64_t durable_revision() const override {
    return durable_revision_.load(std::memory_order_acquire);
  }

  // A consumer resumes from the last revision it saw, so a page never ends inside a revision:
  // a revision cut by `limit` is left for the next page, and a first revision larger than
  // `limit` is returned whole (else the consumer could never get past it).
  Result<std::vector<Change>> ChangesSince(int64_t after, size_t limit) override {
    if (limit == 0) return std::vector<Change>();
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    const int64_t capped = static_cast<int64_t>(std::min<uint64_t>(limit, kMax - 1));
    std::lock_guard<std::mutex> db_lock(db_mu_);
    // One row past the limit says whether the last revision on the page is complete.
    VNET_ASSIGN_OR_RETURN(std::vector<Change> changes, ChangesBetween(after, kMax, capped + 1));
    if (changes.size() <= static_cast<size_t>(capped)) return changes;
    const int64_t cut = changes.back().revision;
    changes.pop_back();
    while (!changes.empty() && changes.back().revision == cut) changes.pop_back();
    if (!changes.empty()) return changes;
    return ChangesBetween(cut - 1, cut, -1);  // LIMIT -1: no limit
  }

 private:
  struct Pending {
    int64_t revision;
    WriteBatch batch;
  };
  struct Failure {
    int64_t first, last;  // revisions of the failed transaction's batches
    Status status;
  };

  void WriterLoop() {
    std::vector<Pending> group;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        queued_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to write
        group.swap(queue_);
      }
      const Status status = WriteGroup(group);
      {
        std::lock_guard<std::mutex> lock(mu_);
        // A failed transaction loses only its own batches; later ones are written as usual and
        // the feed has a gap. Only a restarted store may reuse a lost (never acknowledged)
        // revision.
        if (status.ok()) {
          durable_revision_.store(group.back().revision, std::memory_order_release);
        } else {
          failures_.push_back({group.front().revision, group.back().revision, status});
        }
        processed_revision_ = group.back().revision;
      }
      done_cv_.notify_all();
      group.clear();
    }
  }

  // One transaction for the whole group, with the revision in meta updated in it.
  Status WriteGroup(const std::vector<Pending>& group) {
    std::lock_guard<std::mutex> db_lock(db_mu_);
    VNET_RETURN_IF_ERROR(stmts_.begin.Run());
    Status status;
    for (const Pending& p : group) {
      status = WriteOne(p);
      if (!status.ok()) break;
    }
    if (status.ok()) {
      stmts_.set_revision.BindInt(1, group.back().revision);
      status = stmts_.set_revision.Run();
    }
    if (status.ok()) status = stmts_.commit.Run();
    // SQLite rolls some failures back by itself; roll back only if a transaction is still open.
    if (!status.ok() && sqlite3_get_autocommit(db_.get()) == 0) {
      static_cast<void>(stmts_.rollback.Run());
    }
    return status;
  }

  Status WriteOne(const Pending& p) {
    for (const StoredResource& r : p.batch.puts) {
      Statement& put = stmts_.put;
      put.BindText(1, r.key);
      put.BindText(2, r.id);
      put.BindText(3, r.type);
      put.BindText(4, r.parent_key);
      put.BindText(5, r.body);
      put.BindText(6, r.etag);
      put.BindInt(7, p.revision);
      VNET_RETURN_IF_ERROR(put.Run());
      VNET_RETURN_IF_ERROR(WriteChange(p.revision, r.key, false));
    }
    // Deletes after puts: a key both put and deleted in one batch ends deleted.
    for (const std::string& key : p.batch.deletes) {
      stmts_.remove.BindText(1, key);
      VNET_RETURN_IF_ERROR(stmts_.remove.Run());
      VNET_RETURN_IF_ERROR(WriteChange(p.revision, key, true));
    }
    return {};
  }

  Status WriteChange(int64_t revision, const std::string& key, bool deleted) {
    stmts_.change.BindInt(1, revision);
    stmts_.change.BindText(2, key);
    stmts_.change.BindInt(3, deleted ? 1 : 0);
    return stmts_.change.Run();
  }

  Result<std::vector<Change>> ChangesBetween(int64_t after, int64_t upto, int64_t limit) {
    Statement& q = stmts_.changes_between;
    q.BindInt(1, after);
    q.BindInt(2, upto);
    q.BindInt(3, limit);
    std::vector<Change> out;
    for (;;) {
      VNET_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return out;
      out.push_back(
          {.revision = q.ColumnInt(0), .key = q.ColumnText(1), .deleted = q.ColumnInt(2) != 0});
    }
  }

  // The connection and its statements, used by the writer and by readers one at a time. Readers
  // therefore never see a transaction in progress. stmts_ is declared after db_ so that the
  // statements are finalized before the connection closes.
  std::mutex db_mu_;
  DbHandle db_;
  Statements stmts_;

  // Guards the queue and the revision bookkeeping below.
  std::mutex mu_;
  std::condition_variable queued_cv_;  // the writer waits for work or stopping_
  std::condition_variable done_cv_;    // WaitDurable waits for processed_revision_
  std::vector<Pending> queue_;         // in revision order: numbered and queued under mu_
  int64_t last_assigned_;
  int64_t processed_revision_;  // newest revision the writer has finished, committed or failed
  std::vector<Failure> failures_;
  bool stopping_ = false;
  std::atomic<int64_t> durable_revision_;
  std::thread writer_;
};

Result<std::unique_ptr<Store>> Open(const SqliteOptions& options) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(options.path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);  // sqlite3_open_v2 may return a handle even when it fails
  if (rc != SQLITE_OK) return SqliteError(db.get(), "open");
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // ":memory:" answers "memory" instead of switching to WAL; that is fine for tests.
  VNET_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA journal_mode=WAL"));
  VNET_RETURN_IF_ERROR(Exec(
      db.get(), options.synchronous ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  VNET_ASSIGN_OR_RETURN(int64_t revision, InitSchema(db.get()));
  VNET_ASSIGN_OR_RETURN(Statements statements, PrepareAll(db.get()));
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(db), std::move(statements), revision));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  Result<std::unique_ptr<Store>> store = Open(options);
  if (!store.ok()) return store.status().WithContext("store '" + options.path + "'");
  return store;
}

}  // namespace vnet::store
