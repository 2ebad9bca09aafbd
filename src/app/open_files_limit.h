#pragma once

#include <cstdint>

namespace octgate::app {

// Raises the soft limit on open files to the hard limit (capped at kMaxOpenFiles) and returns the
// soft limit now in force. Every connection, upload and SQLite file holds a descriptor; distributions
// start services with a soft limit of 1024 while allowing far more.
inline constexpr std::uint64_t kMaxOpenFiles = 1 << 20;
std::uint64_t raise_open_files_limit();

}  // namespace octgate::app
