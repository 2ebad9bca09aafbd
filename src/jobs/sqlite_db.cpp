#include "jobs/sqlite_db.h"

#include <memory>

namespace octgate::jobs {

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) {
  sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
}
SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int i, std::int64_t value) {
  sqlite3_bind_int64(stmt_, i, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int i, double value) {
  sqlite3_bind_double(stmt_, i, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind_blob(int i, const void* data, std::size_t size) {
  sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_STATIC);
  return *this;
}
SqliteStatement& SqliteStatement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}
SqliteStatement& SqliteStatement::bind_optional(int i, const std::optional<std::string>& text) {
  return text ? bind(i, std::string_view(*text)) : bind_null(i);
}

int SqliteStatement::step() { return sqlite3_step(stmt_); }
void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::column_text(int i) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, i)) : std::string();
}
std::optional<std::string> SqliteStatement::column_optional_text(int i) const {
  if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return std::nullopt;
  return column_text(i);
}
std::int64_t SqliteStatement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
double SqliteStatement::column_double(int i) const { return sqlite3_column_double(stmt_, i); }
const void* SqliteStatement::column_blob(int i) const { return sqlite3_column_blob(stmt_, i); }
int SqliteStatement::column_bytes(int i) const { return sqlite3_column_bytes(stmt_, i); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return unavailable("cannot open job store " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db));
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

Status SqliteDb::exec(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return internal_error("job store: " + message);
  }
  return Status::ok();
}

}  // namespace octgate::jobs
