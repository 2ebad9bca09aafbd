#include "support/service_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "support/paths.h"

namespace octgate::testing {
namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "octgate-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  return made ? std::filesystem::path(made) : std::filesystem::path();
}

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& out_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  close(fd);
  for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  execv(cargv[0], cargv.data());
  _exit(127);
}

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace

ServiceProcess::ServiceProcess(std::vector<std::string> args, std::vector<std::string> env) : dir_(make_temp_dir()) {
  std::vector<std::string> argv{octgate_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto port_file = (dir_ / "port").string();
  bool has_listen = std::find(args.begin(), args.end(), "--listen") != args.end();
  if (!has_listen) argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
  argv.insert(argv.end(), {"--port-file", port_file});
  // Each service gets its own job store unless the test shares one (e.g. to restart on it).
  bool has_data_dir = std::find(args.begin(), args.end(), "--data-dir") != args.end();
  if (!args.empty() && args[0] == "serve" && !has_data_dir) argv.insert(argv.end(), {"--data-dir", (dir_ / "data").string()});
  pid_ = spawn(argv, env, (dir_ / "output.log").string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    if (in >> port_) return;
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) stop(std::chrono::milliseconds(3000));
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ServiceProcess::log() const {
  std::ifstream in(dir_ / "output.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ServiceProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_, std::chrono::milliseconds(5000));
  pid_ = -1;
}

int ServiceProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = wait_exit(pid_, grace);
  if (status < 0) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::milliseconds(5000));
  }
  pid_ = -1;
  return status;
}

int run_command(const std::vector<std::string>& argv, std::string& output) {
  auto dir = make_temp_dir();
  auto out = (dir / "out").string();
  pid_t pid = spawn(argv, {}, out);
  int status = wait_exit(pid, std::chrono::minutes(5));
  std::ifstream in(out);
  std::stringstream s;
  s << in.rdbuf();
  output = s.str();
  std::filesystem::remove_all(dir);
  return status;
}

}  // namespace octgate::testing
