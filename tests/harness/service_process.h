// A service binary run as a child process of the test, on free ports, against a test
// schema; ready once its gRPC health service reports SERVING.
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/db_config.h"

namespace sales::testing {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read, close).
int FreePort();

class ServiceProcess final {
 public:
  // Starts `binary` with --listen_host=127.0.0.1, free --grpc_port and --metrics_port, the
  // --db_* flags of `db`, then `extra_args`; stdout and stderr go to a log file in the
  // test's temp dir. Waits until grpc.health.v1 Check("") answers SERVING. On failure
  // (exit at start, or not ready in time) records a test failure with the log's path and
  // end, and returns nullptr. A port taken meanwhile by someone else is retried.
  // A non-zero `grpc_port` is used instead of a free one (for a peer that must know the
  // address before the service starts).
  static std::unique_ptr<ServiceProcess> Start(const std::string& binary, const db::DbConfig& db,
                                               std::vector<std::string> extra_args = {},
                                               absl::Duration ready_timeout = absl::Seconds(30),
                                               int grpc_port = 0);

  // SIGTERM, up to 10 s for a clean exit, then SIGKILL. If the test failed, prints the
  // log's path and end.
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  pid_t pid() const { return pid_; }
  // "127.0.0.1:<grpc_port>".
  std::string address() const;
  // One channel to the service, reconnecting quickly (backoff 100 ms .. 1 s).
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  const std::string& log_path() const { return log_path_; }

  // Sends `signal` to the process (by pid; nothing once it has exited and been reaped).
  void Signal(int signal);
  // Waits for the process to exit: its exit code, 128 + signal if a signal ended it, or
  // -1 if it is still running after `timeout`.
  int WaitForExit(absl::Duration timeout);
  bool Running();
  // Whether health Check(`service`) answers SERVING within `timeout`.
  bool Serving(const std::string& service = "", absl::Duration timeout = absl::Seconds(2));
  // The last `max_lines` lines of the log.
  std::string LogTail(int max_lines = 40) const;

 private:
  ServiceProcess(pid_t pid, int grpc_port, int metrics_port, std::string log_path);
  // Reaps the process if it has exited; true if it has.
  bool Reap(bool block);

  const pid_t pid_;
  const int grpc_port_;
  const int metrics_port_;
  const std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
  bool exited_ = false;
  int exit_code_ = -1;
};

}  // namespace sales::testing
