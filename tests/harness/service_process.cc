#include "tests/harness/service_process.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/harness/port_owner.h"
#include "tests/harness/subprocess.h"

namespace sales::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

constexpr int kStartAttempts = 3;
// FreePort() asks the kernel again this many times for a port it has not given before.
constexpr int kPortProbes = 20;
constexpr absl::Duration kTermGrace = absl::Seconds(10);

// A log file name unique to this test, process and start: <binary>-<Suite.Test>-<pid>-<n>.
std::string LogPathFor(const std::string& binary) {
  static std::atomic<int> counter{0};
  std::string test = "no-test";
  if (const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
      info != nullptr) {
    test = absl::StrCat(info->test_suite_name(), ".", info->name());
  }
  for (char& c : test) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '_';
  }
  return absl::StrCat(::testing::TempDir(), std::filesystem::path(binary).filename().string(), "-",
                      test, "-", getpid(), "-", counter.fetch_add(1), ".log");
}

// Whether the log says the process could not bind one of its ports.
bool PortClash(const std::string& log_tail) {
  const std::string lower = absl::AsciiStrToLower(log_tail);
  return absl::StrContains(lower, "in use") || absl::StrContains(lower, "cannot listen") ||
         absl::StrContains(lower, "cannot start the metrics endpoint");
}

// A file holding `password`, mode 600, in the test's temp dir: services are started the
// way a Kubernetes Secret is mounted, and the password stays out of `ps`.
std::string PasswordFileFor(const std::string& password) {
  static std::atomic<int> counter{0};
  const std::string path =
      absl::StrCat(::testing::TempDir(), "db-password-", getpid(), "-", counter.fetch_add(1));
  {
    std::ofstream file(path, std::ios::trunc);
    file << password << "\n";
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return path;
}

// A port on 127.0.0.1 the kernel says is free now (bind to port 0, read, close).
int ProbeFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(absl::StrCat("socket(): ", strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    close(fd);
    throw std::runtime_error(absl::StrCat("cannot find a free port: ", strerror(err)));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

int FreePort() {
  // The kernel may hand a port that was free a moment ago out again once its probe socket
  // is closed: never give the same port twice in one test process (a fixture that picks a
  // peer's port before starting another server would otherwise see both on it).
  ABSL_CONST_INIT static absl::Mutex mu(absl::kConstInit);
  static auto* const given = new absl::flat_hash_set<int>();  // never destroyed
  for (int attempt = 0;; ++attempt) {
    const int port = ProbeFreePort();
    absl::MutexLock lock(&mu);
    if (given->insert(port).second || attempt >= kPortProbes) return port;
  }
}

std::unique_ptr<ServiceProcess> ServiceProcess::Start(const std::string& binary,
                                                      const db::DbConfig& db,
                                                      std::vector<std::string> extra_args,
                                                      absl::Duration ready_timeout,
                                                      int fixed_grpc_port) {
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    const int grpc_port = fixed_grpc_port != 0 ? fixed_grpc_port : FreePort();
    int metrics_port = FreePort();
    while (metrics_port == grpc_port) metrics_port = FreePort();
    std::vector<std::string> argv = {
        binary,
        "--listen_host=127.0.0.1",
        absl::StrCat("--grpc_port=", grpc_port),
        absl::StrCat("--metrics_port=", metrics_port),
        absl::StrCat("--db_host=", db.host),
        absl::StrCat("--db_port=", db.port),
        absl::StrCat("--db_user=", db.user),
        absl::StrCat("--db_password_file=", PasswordFileFor(db.password)),
        absl::StrCat("--db_name=", db.database),
        absl::StrCat("--db_pool_size=", db.pool_size),
    };
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    const std::string log_path = LogPathFor(binary);
    std::string error;
    const pid_t pid = Spawn(argv, log_path, &error);
    if (pid < 0) {
      ADD_FAILURE() << "cannot start " << binary << ": " << error;
      return nullptr;
    }
    std::unique_ptr<ServiceProcess> process(
        new ServiceProcess(pid, grpc_port, metrics_port, log_path));

    const absl::Time deadline = absl::Now() + ready_timeout;
    bool exited = false;
    bool stolen = false;
    while (absl::Now() < deadline) {
      if (process->Reap(/*block=*/false)) {
        exited = true;
        break;
      }
      if (process->Serving("", absl::Milliseconds(500))) {
        // SERVING from someone else (a parallel test's server took the port first) must
        // not pass for ours: calls would reach the wrong service.
        if (ListensOn(process->pid(), grpc_port)) return process;
        stolen = true;
        break;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    if (stolen) {
      if (fixed_grpc_port == 0 && attempt < kStartAttempts) {
        std::cerr << "[harness] another process answers on port " << grpc_port << " meant for "
                  << binary << ", retrying on new ports\n";
        continue;
      }
      ADD_FAILURE() << "another process answers on port " << grpc_port << " meant for " << binary
                    << "; log " << log_path << " ends with:\n"
                    << process->LogTail();
      return nullptr;
    }
    const std::string tail = process->LogTail();
    if (exited && attempt < kStartAttempts && PortClash(tail)) {
      std::cerr << "[harness] " << binary << " lost a port to someone else, retrying\n";
      continue;
    }
    if (exited) {
      ADD_FAILURE() << binary << " exited at start with status " << process->exit_code_ << "; log "
                    << log_path << " ends with:\n"
                    << tail;
    } else {
      ADD_FAILURE() << binary << " did not report SERVING within " << ready_timeout << "; log "
                    << log_path << " ends with:\n"
                    << tail;
    }
    return nullptr;
  }
  return nullptr;
}

ServiceProcess::ServiceProcess(pid_t pid, int grpc_port, int metrics_port, std::string log_path)
    : pid_(pid),
      grpc_port_(grpc_port),
      metrics_port_(metrics_port),
      log_path_(std::move(log_path)) {
  grpc::ChannelArguments args;
  // The server may come up (or back) at any moment: do not back off for long.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  channel_ = grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args);
}

ServiceProcess::~ServiceProcess() {
  if (!Reap(/*block=*/false)) {
    Signal(SIGTERM);
    if (WaitForExit(kTermGrace) < 0) {
      std::cerr << "[harness] pid " << pid_ << " ignored SIGTERM for " << kTermGrace
                << ", sending SIGKILL\n";
      kill(pid_, SIGKILL);
      Reap(/*block=*/true);
    }
  }
  if (::testing::Test::HasFailure()) {
    std::cerr << "[harness] log of pid " << pid_ << ": " << log_path_ << "\n" << LogTail(20);
  }
}

std::string ServiceProcess::address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

void ServiceProcess::Signal(int signal) {
  // An unreaped child keeps its pid, so this cannot hit another process.
  if (!Reap(/*block=*/false)) kill(pid_, signal);
}

int ServiceProcess::WaitForExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!Reap(/*block=*/false)) {
    if (absl::Now() >= deadline) return -1;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return exit_code_;
}

bool ServiceProcess::Running() { return !Reap(/*block=*/false); }

bool ServiceProcess::Serving(const std::string& service, absl::Duration timeout) {
  if (exited_) return false;
  auto stub = Health::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  ctx.set_wait_for_ready(true);  // wait for the port to open instead of failing at once
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = stub->Check(&ctx, request, &response);
  return status.ok() && response.status() == HealthCheckResponse::SERVING;
}

std::string ServiceProcess::LogTail(int max_lines) const { return ReadTail(log_path_, max_lines); }

bool ServiceProcess::Reap(bool block) {
  if (exited_) return true;
  int status = 0;
  pid_t done = 0;
  do {
    done = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == pid_) {
    exited_ = true;
    exit_code_ = ExitCodeOf(status);
  } else if (done < 0) {
    exited_ = true;  // not our child any more (ECHILD): nothing left to wait for
  }
  return exited_;
}

}  // namespace sales::testing
