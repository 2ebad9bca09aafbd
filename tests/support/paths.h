#pragma once
#include <filesystem>
#include <string>

namespace octgate::testing {

// The octgate binary built beside the tests.
inline std::string octgate_binary() { return OCTGATE_BINARY; }
// ../shared beside the checkout; may be absent (tests that need it skip with a message).
inline std::filesystem::path shared_dir() { return OCTGATE_SHARED_DIR; }

}  // namespace octgate::testing
