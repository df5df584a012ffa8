// JSON-line logs on stdout: one object per line with time (UTC, RFC 3339), level,
// service, message and any extra fields. Thread-safe; lines never interleave.
//
// One writer thread formats and writes every line, in the order they were logged.
// Write/Info/Warn/Error return once their line (and every line before it) is on stdout;
// WriteAsync, for the per-call line of the hot path, returns at once and leaves the JSON
// formatting and the write to that thread. Flush waits for every line logged so far.
//
// Under load the writer does not wake for every line: after a write it lets queued lines
// collect for up to kBatchDelay (or until kBatchLines are queued, or someone waits in
// Write/Flush), then writes them with one write and one flush. A queued line is out within
// about kBatchDelay; none is ever dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/time/time.h"

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
inline constexpr size_t kBatchLines = 256;
inline constexpr absl::Duration kBatchDelay = absl::Milliseconds(5);

// A line's extra fields, formatted to JSON as they are added: for the line every call
// logs, cheaper than a nlohmann::json object (one buffer, no tree of nodes). Keys are
// written as given: each at most once, never a core field (time, level, service, msg).
class Fields final {
 public:
  // A JSON string; invalid UTF-8 is replaced, as in the other lines.
  Fields& Add(std::string_view key, std::string_view value);
  Fields& Add(std::string_view key, int64_t value);
  // Milliseconds with three decimals (microseconds), e.g. "latency_ms":1.234.
  Fields& AddMillis(std::string_view key, absl::Duration value);
  // ,"key":value... as it goes into the line.
  const std::string& json() const { return json_; }
  std::string Release() { return std::move(json_); }

 private:
  void AppendKey(std::string_view key);
  std::string json_;
};

// Write and WriteAsync for a line whose extra fields are Fields.
void WriteFields(std::string_view level, std::string_view message, Fields fields);
void WriteFieldsAsync(std::string_view level, std::string_view message, Fields fields);

// Returns once every line logged before the call is written and flushed. Also runs at
// normal process exit.
void Flush();

}  // namespace sales::log
