#include "tests/harness/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sales::testing {
namespace {

// Writes a message from the forked child, where only async-signal-safe calls are allowed.
void ChildWrite(const char* text) {
  const ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
  (void)ignored;
}

}  // namespace

pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path, std::string* error) {
  if (argv.empty()) {
    *error = "empty command line";
    return -1;
  }
  // Everything the child needs is prepared before fork(): a multithreaded parent's child
  // may only make async-signal-safe calls until it execs.
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    *error = absl::StrCat("cannot open ", log_path, ": ", strerror(errno));
    return -1;
  }
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    *error = absl::StrCat("cannot open /dev/null: ", strerror(errno));
    close(log_fd);
    return -1;
  }
  struct rlimit files {};
  const int max_fd = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
                         ? static_cast<int>(std::min<rlim_t>(files.rlim_cur, 65536))
                         : 65536;
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGTERM, SIGINT, SIGPIPE, SIGCHLD, SIGHUP}) signal(sig, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(126);  // the parent died before prctl() took effect
    if (dup2(null_fd, STDIN_FILENO) < 0 || dup2(log_fd, STDOUT_FILENO) < 0 ||
        dup2(log_fd, STDERR_FILENO) < 0) {
      _exit(126);
    }
    // No descriptor of the test process (database connections, gRPC sockets) survives
    // in the child, or closing it in the test would not close it for the peer.
    if (close_range(3, ~0U, 0) != 0) {
      for (int fd = 3; fd < max_fd; ++fd) close(fd);
    }
    execv(args[0], args.data());
    ChildWrite("harness: cannot exec ");
    ChildWrite(args[0]);
    ChildWrite(": ");
    ChildWrite(strerror(errno));
    ChildWrite("\n");
    _exit(127);
  }
  const int fork_errno = errno;
  close(log_fd);
  close(null_fd);
  if (pid < 0) {
    *error = absl::StrCat("fork failed: ", strerror(fork_errno));
    return -1;
  }
  return pid;
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

int RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
               std::string* error) {
  const pid_t pid = Spawn(argv, log_path, error);
  if (pid < 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      *error = absl::StrCat("waitpid(", pid, ") failed: ", strerror(errno));
      return -1;
    }
  }
  return ExitCodeOf(status);
}

std::string ReadTail(const std::string& path, int max_lines) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
    if (static_cast<int>(lines.size()) > max_lines) lines.pop_front();
  }
  return lines.empty() ? std::string() : absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

}  // namespace sales::testing
