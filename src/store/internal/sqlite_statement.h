// RAII owners and a prepared-statement wrapper over the sqlite3 C API, private to store/.
// Not thread-safe: the caller serializes all use of a connection and its statements.
#pragma once
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

namespace vnet::store::internal {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// How every store failure reaches callers: kInternal, reason "StoreUnavailable".
inline Status StoreError(std::string message) {
  return {StatusCode::kInternal, "StoreUnavailable", std::move(message)};
}

// `what` failed on `db`: the message carries SQLite's own explanation.
inline Status SqliteError(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return StoreError(std::move(message));
}

// Runs `sql` (one or more statements, rows ignored): schema and pragmas.
inline Status Exec(sqlite3* db, const std::string& sql) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    // Name the failing statement by its first words: "PRAGMA journal_mode=WAL", "CREATE TABLE".
    const size_t start = std::min(sql.find_first_not_of(" \n"), sql.size());
    return SqliteError(db, sql.substr(start, sql.find_first_of("(\n", start) - start));
  }
  return {};
}

// A statement prepared once and reused. After Step() returns false (done) or an error the
// statement is reset and its bindings cleared; a caller that stops on a row calls Reset().
class Statement {
 public:
  Statement() = default;

  static Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &raw, nullptr) != SQLITE_OK) {
      return SqliteError(db, "prepare '" + std::string(sql) + "'");
    }
    return Statement(db, StmtHandle(raw));
  }

  // Binds without copying: `text` must stay alive until the statement is reset.
  void BindText(int index, std::string_view text) {
    // A null destructor is SQLITE_STATIC, spelled without its C-style cast.
    sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), nullptr, SQLITE_UTF8);
  }
  void BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_.get(), index, value); }

  // True with a row to read, false when done.
  Result<bool> Step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    Status status;
    if (rc != SQLITE_DONE) status = SqliteError(db_, sqlite3_sql(stmt_.get()));
    Reset();
    if (!status.ok()) return status;
    return false;
  }

  // Steps a statement that returns no rows to completion.
  Status Run() {
    VNET_ASSIGN_OR_RETURN(bool row, Step());
    if (row) {
      Reset();
      return StoreError(std::string("unexpected row from ") + sqlite3_sql(stmt_.get()));
    }
    return {};
  }

  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }

  std::string ColumnText(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_.get(), index);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), index))};
  }
  int64_t ColumnInt(int index) const { return sqlite3_column_int64(stmt_.get(), index); }

 private:
  Statement(sqlite3* db, StmtHandle stmt) : db_(db), stmt_(std::move(stmt)) {}

  sqlite3* db_ = nullptr;
  StmtHandle stmt_;
};

}  // namespace vnet::store::internal
