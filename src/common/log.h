#pragma once
// Structured logs: one JSON object per line on stdout, with the reference service's fields
// (model, examination_id, status, filename, request_uuid, error) where they apply.
#include <boost/json/object.hpp>
#include <string_view>

namespace octgate::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Parses "debug" | "info" | "warn" | "error"; false when the name is unknown.
bool parse_level(std::string_view name, Level& out);
void set_level(Level level);
bool enabled(Level level);

void write(Level level, boost::json::object fields);
inline void debug(boost::json::object f) { write(Level::kDebug, std::move(f)); }
inline void info(boost::json::object f) { write(Level::kInfo, std::move(f)); }
inline void warn(boost::json::object f) { write(Level::kWarn, std::move(f)); }
inline void error(boost::json::object f) { write(Level::kError, std::move(f)); }

}  // namespace octgate::log
