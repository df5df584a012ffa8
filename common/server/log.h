// JSON-line logs on stdout: one object per line with time (UTC, RFC 3339), level,
// service, message and any extra fields. Thread-safe; lines never interleave.
//
// One writer thread formats and writes every line, in the order they were logged.
// Write/Info/Warn/Error return once their line (and every line before it) is on stdout;
// WriteAsync, for the per-call line of the hot path, returns at once and leaves the JSON
// formatting and the write to that thread. Flush waits for every line logged so far.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sales::log {

void Init(std::string service);

void Write(std::string_view level, std::string_view message, const nlohmann::json& fields = {});
inline void Info(std::string_view message, const nlohmann::json& fields = {}) {
  Write("info", message, fields);
}
inline void Warn(std::string_view message, const nlohmann::json& fields = {}) {
  Write("warn", message, fields);
}
inline void Error(std::string_view message, const nlohmann::json& fields = {}) {
  Write("error", message, fields);
}

// Queues the line and returns without waiting for it to be written (it keeps the time of
// this call). Blocks only while the queue holds kMaxQueuedLines lines, so a stalled
// stdout slows callers down rather than growing memory without bound.
void WriteAsync(std::string_view level, std::string_view message, nlohmann::json fields);
inline constexpr size_t kMaxQueuedLines = 65536;

// Returns once every line logged before the call is written and flushed. Also runs at
// normal process exit.
void Flush();

}  // namespace sales::log
