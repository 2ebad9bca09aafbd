#pragma once
// A thin RAII layer over the SQLite C API: a connection and prepared statements.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace octgate::jobs {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  bool valid() const { return stmt_ != nullptr; }
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind_blob(int index, const void* data, std::size_t size);
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind_optional(int index, const std::optional<std::string>& text);

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  void reset();

  std::string column_text(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  const void* column_blob(int index) const;
  int column_bytes(int index) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
 public:
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path);
  ~SqliteDb();
  sqlite3* handle() const { return db_; }
  Status exec(std::string_view sql);
  std::string last_error() const { return sqlite3_errmsg(db_); }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace octgate::jobs
