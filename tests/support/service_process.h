#pragma once
// Starts a real `octgate` process for end-to-end tests, on a free loopback port, with its
// stdout (the JSON log) captured to a file. Stopped (SIGTERM, then SIGKILL) on destruction.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace octgate::testing {

class ServiceProcess {
 public:
  // args after the binary, e.g. {"serve", "--backend", "embedded"}; --port-file is added, and
  // --listen 127.0.0.1:0 unless args give one.
  explicit ServiceProcess(std::vector<std::string> args, std::vector<std::string> env = {});
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  bool started() const { return port_ != 0; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  std::string log() const;            // everything it printed so far
  const std::filesystem::path& dir() const { return dir_; }  // its private temp folder

  void kill_hard();                   // SIGKILL, no cleanup
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));  // SIGTERM; exit status

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Runs a command to completion; returns its exit status and fills output (stdout + stderr).
int run_command(const std::vector<std::string>& argv, std::string& output);

}  // namespace octgate::testing
