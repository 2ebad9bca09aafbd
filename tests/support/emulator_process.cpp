#include "support/emulator_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "storage/azure_connection_string.h"

namespace octgate::testing {
namespace {

namespace fs = std::filesystem;

int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

}  // namespace

fs::path emulators_dir() { return fs::path(OCTGATE_SOURCE_DIR) / "tests" / "emulators"; }

std::string emulators_missing() {
  fs::path modules = emulators_dir() / "node_modules";
  for (const char* needed : {"azurite/dist/src/blob/main.js", "firebase-tools/lib/emulator/storage/index.js"}) {
    if (!fs::exists(modules / needed))
      return "storage emulators are not installed: " + (modules / needed).string() +
             " is missing; run `bash scripts/test-env.sh true` (npm ci in tests/emulators)";
  }
  return {};
}

int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

EmulatorProcess::EmulatorProcess(Kind kind) : kind_(kind) {
  std::string pattern = (fs::temp_directory_path() / "octgate-emulator-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made) dir_ = made;
}

std::unique_ptr<EmulatorProcess> EmulatorProcess::start(Kind kind) {
  std::unique_ptr<EmulatorProcess> emulator(new EmulatorProcess(kind));
  if (std::string missing = emulators_missing(); !missing.empty()) {
    emulator->error_ = missing;
    return emulator;
  }
  // Another process may take the port between our probe and the emulator's bind: try again then.
  for (int attempt = 0; attempt < 3 && !emulator->started(); ++attempt) emulator->launch(free_loopback_port());
  return emulator;
}

bool EmulatorProcess::launch(int port) {
  fs::path modules = emulators_dir() / "node_modules";
  std::vector<std::string> argv;
  std::string port_text = std::to_string(port);
  if (kind_ == Kind::kAzurite) {
    argv = {"node", (modules / "azurite/dist/src/blob/main.js").string(), "--blobHost", "127.0.0.1", "--blobPort",
            port_text, "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry"};
  } else {
    argv = {"node", (emulators_dir() / "gcs-launcher.js").string(), "--host", "127.0.0.1", "--port", port_text,
            "--project", "demo-test"};
  }
  fs::path tmp = dir_ / "tmp";
  fs::create_directories(tmp);
  std::string log_path = (dir_ / "emulator.log").string();
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    setenv("TMPDIR", tmp.c_str(), 1);
    if (chdir(dir_.c_str()) != 0) _exit(126);  // anything it writes stays in its own folder
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execvp(cargv[0], cargv.data());
    _exit(127);
  }

  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(0, 300000);
  client.set_read_timeout(2, 0);
  const char* probe = kind_ == Kind::kAzurite ? "/devstoreaccount1?comp=list" : "/b";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "the emulator exited during startup; its log:\n" + log();
      return false;
    }
    if (auto res = client.Get(probe); res && (kind_ == Kind::kAzurite || res->status == 200)) {
      port_ = port;
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error_ = "the emulator did not answer within 60 s; its log:\n" + log();
  stop();
  return false;
}

void EmulatorProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(pid_, std::chrono::milliseconds(8000)) < 0) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::milliseconds(5000));
  }
  pid_ = -1;
}

EmulatorProcess::~EmulatorProcess() {
  stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string EmulatorProcess::log() const {
  std::ifstream in(dir_ / "emulator.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string EmulatorProcess::azure_connection_string(const std::string& account_key) const {
  std::string key = account_key.empty() ? std::string(storage::kDevelopmentAccountKey) : account_key;
  return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + key +
         ";BlobEndpoint=" + base_url() + "/devstoreaccount1;";
}

}  // namespace octgate::testing
