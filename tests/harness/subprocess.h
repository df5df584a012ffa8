// Child processes for the harness: spawn with output appended to a log file, run to
// completion, read the end of a log. Processes are addressed by pid only, never by name.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sales::testing {

// Starts argv[0] (an absolute path) with argv, stdin from /dev/null and stdout and stderr
// appended to `log_path`. The child gets no descriptor of ours but the three, a clean
// signal mask, and SIGTERM when the thread that started it exits (so a crashed test leaves
// no server behind). Returns the pid, or -1 with `error` set.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log_path, std::string* error);

// Spawns argv and waits for it. Returns its exit code, 128 + signal if a signal ended it,
// or -1 if it could not start (`error` says why).
int RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
               std::string* error);

// Decodes a waitpid() status: the exit code, or 128 + the signal number.
int ExitCodeOf(int wait_status);

// The last `max_lines` lines of a text file ("" if it cannot be read).
std::string ReadTail(const std::string& path, int max_lines);

}  // namespace sales::testing
