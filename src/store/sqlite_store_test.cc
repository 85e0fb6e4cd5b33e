// Tests for the SQLite store: round trips, revisions, atomicity across reopen, group commit under
// concurrent writers, the change feed and refusal of databases it cannot read.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/testing.h"
#include "store/store.h"

namespace vnet::store {
namespace {

// A database path under the test temp dir, removed (with its WAL files) before and after.
class TempDb {
 public:
  explicit TempDb(const std::string& name)
      : path_(::testing::TempDir() + "vnet_store_" + name + "_" + std::to_string(getpid()) +
              ".db") {
    Remove();
  }
  ~TempDb() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() const {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  std::string path_;
};

StoredResource Resource(const std::string& key, const std::string& body) {
  return {.key = key,
          .id = "/subscriptions/S/" + key,
          .type = "Microsoft.Network/virtualNetworks",
          .parent_key = "/subscriptions/s",
          .body = body,
          .etag = "W/\"" + body + "\"",
          .revision = 0};
}

void ExpectResource(const StoredResource& got, const std::string& key, const std::string& body,
                    int64_t revision) {
  SCOPED_TRACE(key);
  const StoredResource want = Resource(key, body);
  EXPECT_EQ(got.key, want.key);
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.type, want.type);
  EXPECT_EQ(got.parent_key, want.parent_key);
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.etag, want.etag);
  EXPECT_EQ(got.revision, revision);
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, bool synchronous = true) {
  Result<std::unique_ptr<Store>> store =
      OpenSqliteStore({.path = path, .synchronous = synchronous});
  EXPECT_OK(store);
  return store.ok() ? std::move(store).value() : nullptr;
}

WriteBatch Puts(const std::vector<std::string>& keys, const std::string& body) {
  WriteBatch batch;
  for (const std::string& key : keys) batch.puts.push_back(Resource(key, body));
  return batch;
}

// key -> body of everything stored.
std::map<std::string, std::string> Bodies(Store& store) {
  std::map<std::string, std::string> out;
  Result<std::vector<StoredResource>> all = store.LoadAll();
  EXPECT_OK(all);
  if (all.ok()) {
    for (const StoredResource& r : *all) out[r.key] = r.body;
  }
  return out;
}

// "1+a 2-b": revision, put (+) or delete (-), key.
std::string Describe(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) {
    if (!out.empty()) out += " ";
    out += std::to_string(c.revision) + (c.deleted ? "-" : "+") + c.key;
  }
  return out;
}

TEST(SqliteStoreTest, RoundTripsPutsAndDeletes) {
  struct Step {
    std::vector<std::string> puts;
    std::vector<std::string> deletes;
  };
  const Step kSteps[] = {
      {{"b", "c", "a"}, {}},
      {{"a"}, {"c"}},     // overwrite one, delete another
      {{"d"}, {"d"}},     // put and delete in one batch: deleted
      {{}, {"missing"}},  // deleting an absent key is not an error
      {{"c", "c"}, {}},   // the same key twice in a batch
      {{}, {}},           // an empty batch still takes a revision
  };
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  std::map<std::string, std::pair<std::string, int64_t>> want;  // key -> (body, revision)
  int step_index = 0;
  for (const Step& step : kSteps) {
    SCOPED_TRACE("step " + std::to_string(step_index));
    const std::string body = "body" + std::to_string(step_index++);
    WriteBatch batch = Puts(step.puts, body);
    batch.deletes = step.deletes;
    ASSERT_OK_AND_ASSIGN(const int64_t rev, store->Commit(batch));
    EXPECT_EQ(rev, step_index);
    for (const std::string& key : step.puts) want[key] = {body, rev};
    for (const std::string& key : step.deletes) want.erase(key);

    ASSERT_OK_AND_ASSIGN(const std::vector<StoredResource> got, store->LoadAll());
    ASSERT_EQ(got.size(), want.size());
    auto it = want.begin();
    for (const StoredResource& r : got) {  // ordered by key, as the map is
      ExpectResource(r, it->first, it->second.first, it->second.second);
      ++it;
    }
  }
}

TEST(SqliteStoreTest, RevisionsStrictlyIncrease) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->durable_revision(), 0);
  EXPECT_OK(store->WaitDurable(0));  // nothing to wait for
  std::vector<int64_t> revs;
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK_AND_ASSIGN(const int64_t rev, store->Append(Puts({"k" + std::to_string(i)}, "x")));
    revs.push_back(rev);
  }
  for (size_t i = 0; i < revs.size(); ++i) EXPECT_EQ(revs[i], static_cast<int64_t>(i) + 1);
  EXPECT_OK(store->WaitDurable(revs.back()));
  EXPECT_EQ(store->durable_revision(), revs.back());
  for (const int64_t rev : revs) EXPECT_OK(store->WaitDurable(rev));
}

TEST(SqliteStoreTest, WaitDurableRejectsRevisionNeverAppended) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  const Status status = store->WaitDurable(1);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.reason(), "UnknownRevision");
}

TEST(SqliteStoreTest, RejectsPutWithEmptyKey) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  const Result<int64_t> rev = store->Append(Puts({"a", ""}, "x"));
  EXPECT_EQ(rev.status().code(), StatusCode::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(const int64_t next, store->Commit(Puts({"a"}, "x")));
  EXPECT_EQ(next, 1);  // the rejected batch took no revision
}

TEST(SqliteStoreTest, LargeBatchIsWholeAfterReopen) {
  TempDb db("large_batch");
  constexpr int kPuts = 2000;
  {
    std::unique_ptr<Store> store = OpenOrDie(db.path());
    ASSERT_NE(store, nullptr);
    ASSERT_OK(store->Commit(Puts({"doomed1", "doomed2"}, "old")));
    std::vector<std::string> keys;
    keys.reserve(kPuts);
    for (int i = 0; i < kPuts; ++i) keys.push_back("vnet" + std::to_string(10000 + i));
    WriteBatch batch = Puts(keys, std::string(512, 'j'));
    batch.deletes = {"doomed1", "doomed2"};
    ASSERT_OK_AND_ASSIGN(const int64_t rev, store->Commit(std::move(batch)));
    EXPECT_EQ(rev, 2);
  }
  std::unique_ptr<Store> store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->durable_revision(), 2);
  ASSERT_OK_AND_ASSIGN(const std::vector<StoredResource> all, store->LoadAll());
  ASSERT_EQ(all.size(), static_cast<size_t>(kPuts));
  for (int i = 0; i < kPuts; ++i) {
    ExpectResource(all[i], "vnet" + std::to_string(10000 + i), std::string(512, 'j'), 2);
  }
}

TEST(SqliteStoreTest, ReopenKeepsDataAndContinuesRevisions) {
  for (const bool synchronous : {true, false}) {
    SCOPED_TRACE(synchronous ? "synchronous=FULL" : "synchronous=NORMAL");
    TempDb db(std::string("reopen_") + (synchronous ? "full" : "normal"));
    {
      std::unique_ptr<Store> store = OpenOrDie(db.path(), synchronous);
      ASSERT_NE(store, nullptr);
      ASSERT_OK(store->Commit(Puts({"a", "b"}, "one")));
      ASSERT_OK(store->Commit(Puts({"c"}, "two")));
      WriteBatch del;
      del.deletes = {"a"};
      ASSERT_OK(store->Commit(del));
    }
    std::unique_ptr<Store> store = OpenOrDie(db.path(), synchronous);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->durable_revision(), 3);
    ASSERT_OK_AND_ASSIGN(const std::vector<StoredResource> all, store->LoadAll());
    ASSERT_EQ(all.size(), 2u);
    ExpectResource(all[0], "b", "one", 1);
    ExpectResource(all[1], "c", "two", 2);
    ASSERT_OK_AND_ASSIGN(const int64_t next, store->Commit(Puts({"d"}, "three")));
    EXPECT_EQ(next, 4);
    ASSERT_OK_AND_ASSIGN(const std::vector<Change> changes, store->ChangesSince(0, 100));
    EXPECT_EQ(Describe(changes), "1+a 1+b 2+c 3-a 4+d");
  }
}

TEST(SqliteStoreTest, DestructorWritesEveryQueuedBatch) {
  TempDb db("drain");
  constexpr int kBatches = 500;
  {
    std::unique_ptr<Store> store = OpenOrDie(db.path(), /*synchronous=*/false);
    ASSERT_NE(store, nullptr);
    for (int i = 0; i < kBatches; ++i) {
      ASSERT_OK(store->Append(Puts({"k" + std::to_string(i)}, std::to_string(i))));
    }
  }  // no WaitDurable: the destructor must drain the queue
  std::unique_ptr<Store> store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->durable_revision(), kBatches);
  EXPECT_EQ(Bodies(*store).size(), static_cast<size_t>(kBatches));
}

// 8 writers each commit their own keys while a reader follows the change feed: every batch
// becomes durable with a unique revision, and the feed delivers each revision whole, in order.
TEST(SqliteStoreTest, ConcurrentWritersAllBecomeDurable) {
  constexpr int kThreads = 8;
  constexpr int kBatchesPerThread = 200;
  constexpr int64_t kTotal = int64_t{kThreads} * kBatchesPerThread;
  TempDb db("concurrent");
  std::unique_ptr<Store> store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);

  std::vector<std::vector<int64_t>> revs(kThreads);
  std::vector<std::thread> writers;
  writers.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&store, &revs, t] {
      for (int i = 0; i < kBatchesPerThread; ++i) {
        // Each batch writes the thread's current key and deletes its previous one.
        const std::string prefix = "t" + std::to_string(t) + "-";
        WriteBatch batch = Puts({prefix + std::to_string(i)}, std::to_string(i));
        if (i > 0) batch.deletes.push_back(prefix + std::to_string(i - 1));
        Result<int64_t> rev = store->Commit(std::move(batch));
        EXPECT_OK(rev);
        if (!rev.ok()) return;
        EXPECT_GE(store->durable_revision(), *rev);
        revs[t].push_back(*rev);
      }
    });
  }
  std::atomic<bool> writers_done = false;
  std::vector<Change> feed;
  std::thread reader([&store, &feed, &writers_done] {
    int64_t after = 0;
    while (after < kTotal) {
      const bool done = writers_done.load();
      Result<std::vector<Change>> page = store->ChangesSince(after, 7);
      EXPECT_OK(page);
      if (!page.ok() || (page->empty() && done)) return;  // no hang if a writer failed
      for (const Change& c : *page) feed.push_back(c);
      if (!page->empty()) after = page->back().revision;
    }
  });
  for (std::thread& w : writers) w.join();
  writers_done = true;
  reader.join();

  std::set<int64_t> unique;
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(revs[t].size(), static_cast<size_t>(kBatchesPerThread));
    for (size_t i = 1; i < revs[t].size(); ++i) EXPECT_LT(revs[t][i - 1], revs[t][i]);
    unique.insert(revs[t].begin(), revs[t].end());
  }
  EXPECT_EQ(unique.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(*unique.begin(), 1);
  EXPECT_EQ(*unique.rbegin(), kTotal);
  EXPECT_EQ(store->durable_revision(), kTotal);

  std::map<std::string, std::string> want;
  for (int t = 0; t < kThreads; ++t) {
    want["t" + std::to_string(t) + "-" + std::to_string(kBatchesPerThread - 1)] =
        std::to_string(kBatchesPerThread - 1);
  }
  EXPECT_EQ(Bodies(*store), want);

  // Revision r carries a put, and a delete unless it was its thread's first batch.
  ASSERT_OK_AND_ASSIGN(const std::vector<Change> all, store->ChangesSince(0, 1'000'000));
  EXPECT_EQ(all.size(), static_cast<size_t>(2 * kTotal - kThreads));
  EXPECT_EQ(Describe(feed), Describe(all));
}

TEST(SqliteStoreTest, ChangesSincePagesWholeRevisions) {
  std::unique_ptr<Store> store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Commit(Puts({"a", "b", "c", "d"}, "1")));  // revision 1: 4 changes
  WriteBatch second = Puts({"e", "f"}, "2");                  // revision 2: 3 changes
  second.deletes = {"a"};
  ASSERT_OK(store->Commit(second));
  ASSERT_OK(store->Commit(Puts({"g"}, "3")));  // revision 3: 1 change

  struct Case {
    int64_t after;
    size_t limit;
    std::string_view want;
  };
  const Case kCases[] = {
      {0, 100, "1+a 1+b 1+c 1+d 2-a 2+e 2+f 3+g"},
      {0, 8, "1+a 1+b 1+c 1+d 2-a 2+e 2+f 3+g"},
      {0, 7, "1+a 1+b 1+c 1+d 2-a 2+e 2+f"},  // exactly two revisions
      {0, 6, "1+a 1+b 1+c 1+d"},              // revision 2 would be cut: left for the next page
      {0, 4, "1+a 1+b 1+c 1+d"},
      {0, 2, "1+a 1+b 1+c 1+d"},  // a revision larger than the limit comes whole
      {1, 1, "2-a 2+e 2+f"},
      {1, 3, "2-a 2+e 2+f"},
      {1, 4, "2-a 2+e 2+f 3+g"},
      {2, 100, "3+g"},
      {3, 100, ""},
      {0, 0, ""},
      {-5, SIZE_MAX, "1+a 1+b 1+c 1+d 2-a 2+e 2+f 3+g"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE("after " + std::to_string(c.after) + " limit " + std::to_string(c.limit));
    ASSERT_OK_AND_ASSIGN(const std::vector<Change> got, store->ChangesSince(c.after, c.limit));
    EXPECT_EQ(Describe(got), c.want);
  }
}

// Runs `sql` on the database at `path` through a second connection, behind the store's back.
// Returns the first column of the last row, if any.
std::string ExecBehindTheStore(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string last;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const auto keep_last = [](void* out, int columns, char** values, char**) {
    if (columns > 0 && values[0] != nullptr) *static_cast<std::string*>(out) = values[0];
    return 0;
  };
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), keep_last, &last, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  return last;
}

void SetSchemaVersion(const std::string& path, int version) {
  ExecBehindTheStore(path, "UPDATE meta SET value = " + std::to_string(version) +
                               " WHERE name = 'schema_version'");
}

// A failed transaction fails WaitDurable for its own revisions only; the store keeps going.
TEST(SqliteStoreTest, FailedWriteIsReportedAndLaterWritesSucceed) {
  TempDb db("failed_write");
  std::unique_ptr<Store> store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(ExecBehindTheStore(db.path(), "PRAGMA journal_mode"), "wal");
  ExecBehindTheStore(db.path(),
                     "CREATE TRIGGER poison BEFORE INSERT ON resources WHEN NEW.key = 'poison' "
                     "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  ASSERT_OK(store->Commit(Puts({"a"}, "1")));

  ASSERT_OK_AND_ASSIGN(const int64_t bad, store->Append(Puts({"b", "poison"}, "2")));
  const Status status = store->WaitDurable(bad);
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.reason(), "StoreUnavailable");
  EXPECT_NE(status.message().find("injected failure"), std::string::npos) << status.message();
  EXPECT_EQ(store->durable_revision(), 1);
  EXPECT_EQ(store->WaitDurable(bad).code(), StatusCode::kInternal);  // asked again: same answer

  ASSERT_OK_AND_ASSIGN(const int64_t good, store->Commit(Puts({"c"}, "3")));
  EXPECT_EQ(good, 3);
  EXPECT_EQ(store->durable_revision(), 3);
  const std::map<std::string, std::string> want = {{"a", "1"}, {"c", "3"}};
  EXPECT_EQ(Bodies(*store), want);
  ASSERT_OK_AND_ASSIGN(const std::vector<Change> changes, store->ChangesSince(0, 100));
  EXPECT_EQ(Describe(changes), "1+a 3+c");  // revision 2 was lost

  store.reset();
  store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Bodies(*store), want);
  ASSERT_OK_AND_ASSIGN(const int64_t next, store->Commit(Puts({"d"}, "4")));
  EXPECT_EQ(next, 4);
}

TEST(SqliteStoreTest, OpenRefusesWhatItCannotRead) {
  TempDb future("future_schema");
  {
    std::unique_ptr<Store> store = OpenOrDie(future.path());
    ASSERT_NE(store, nullptr);
  }
  SetSchemaVersion(future.path(), 99);
  TempDb garbage("garbage");
  {
    std::ofstream out(garbage.path());
    out << std::string(4096, 'x');
  }
  const std::string missing_dir = ::testing::TempDir() + "vnet_store_no_such_dir/x.db";

  struct Case {
    std::string path;
    std::string_view message_part;
  };
  const Case kCases[] = {
      {future.path(), "schema version 99 is not supported (this vnetd reads version 1)"},
      {garbage.path(), "file is not a database"},
      {missing_dir, "open: unable to open database file"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.path);
    const Result<std::unique_ptr<Store>> store = OpenSqliteStore({.path = c.path});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInternal);
    EXPECT_EQ(store.status().reason(), "StoreUnavailable");
    EXPECT_EQ(store.status().message().rfind("store '" + c.path + "': ", 0), 0u)
        << store.status().message();
    EXPECT_NE(store.status().message().find(c.message_part), std::string::npos)
        << store.status().message();
  }

  SetSchemaVersion(future.path(), 1);  // the refused file was left readable
  std::unique_ptr<Store> store = OpenOrDie(future.path());
  EXPECT_NE(store, nullptr);
}

}  // namespace
}  // namespace vnet::store
