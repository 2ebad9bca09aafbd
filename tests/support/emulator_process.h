#pragma once
// Storage emulators for end-to-end tests, each a child process on a free loopback port:
// Azurite (Azure Blob, in-memory) and the Cloud Storage emulator (tests/emulators/gcs-launcher.js).
// They come from tests/emulators/node_modules, which scripts/test-env.sh installs (npm ci).
// Stopped (SIGTERM, then SIGKILL) on destruction.
#include <sys/types.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace octgate::testing {

class EmulatorProcess {
 public:
  enum class Kind { kAzurite, kGcs };

  // Starts one and waits until it answers HTTP; on failure started() is false and error() says why.
  static std::unique_ptr<EmulatorProcess> start(Kind kind);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  bool started() const { return port_ != 0; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const;

  // Azurite: a connection string for the development account (key given, or the well-known one).
  std::string azure_connection_string(const std::string& account_key = "") const;

 private:
  explicit EmulatorProcess(Kind kind);
  bool launch(int port);
  void stop();

  Kind kind_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string error_;
};

// tests/emulators in the source tree.
std::filesystem::path emulators_dir();
// Empty when the emulators are installed; otherwise what is missing and how to install it.
std::string emulators_missing();
// A loopback port nothing listens on at the moment of the call.
int free_loopback_port();

}  // namespace octgate::testing

// At the top of a test that needs the emulators: fails (loudly, as CI must) when they are not
// installed, unless OCTGATE_SKIP_EMULATOR_TESTS=1 asks to skip explicitly.
#define OCTGATE_REQUIRE_EMULATORS()                                                              \
  do {                                                                                           \
    std::string missing_ = ::octgate::testing::emulators_missing();                              \
    if (!missing_.empty()) {                                                                     \
      const char* skip_ = std::getenv("OCTGATE_SKIP_EMULATOR_TESTS");                            \
      if (skip_ && std::string(skip_) == "1") GTEST_SKIP() << missing_;                          \
      FAIL() << missing_ << " (set OCTGATE_SKIP_EMULATOR_TESTS=1 to skip these tests knowingly)"; \
    }                                                                                            \
  } while (0)
