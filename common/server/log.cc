#include "common/server/log.h"

#include <pthread.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sales::log {
namespace {

// A line as logged, formatted later by the writer thread. Its extra fields are either a
// JSON object or already formatted (Fields).
struct Entry {
  absl::Time time;
  std::string level;
  std::string message;
  std::string service;  // as Init set it when the line was logged
  nlohmann::json fields;
  std::string formatted_fields;
};

struct Sink {
  absl::Mutex mu;
  std::string service ABSL_GUARDED_BY(mu);
  std::vector<Entry> queue ABSL_GUARDED_BY(mu);
  uint64_t queued ABSL_GUARDED_BY(mu) = 0;   // lines ever queued
  uint64_t written ABSL_GUARDED_BY(mu) = 0;  // lines ever written and flushed
  // Callers waiting for their lines to be written (Write, Flush): the writer does not
  // wait for more lines while there are any.
  int waiting ABSL_GUARDED_BY(mu) = 0;
  bool writer_started ABSL_GUARDED_BY(mu) = false;
};

// Leaked on purpose: threads may still log while static destructors run.
Sink& GetSink() {
  static Sink* const sink = new Sink;
  return *sink;
}

// A JSON string; invalid UTF-8 (e.g. from a client's request_id) is replaced rather than
// thrown on.
void AppendJson(const nlohmann::json& value, std::string& out) {
  out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool IsCoreField(const std::string& key) {
  return key == "time" || key == "level" || key == "service" || key == "msg";
}

// time, level, service and msg first, which is what a reader scans; then the extra fields
// (by name), none of which may replace a core field.
void AppendLine(const Entry& entry, std::string& out) {
  out += "{\"time\":\"";
  out += absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", entry.time, absl::UTCTimeZone());
  out += "\",\"level\":";
  AppendJson(entry.level, out);
  out += ",\"service\":";
  AppendJson(entry.service, out);
  out += ",\"msg\":";
  AppendJson(entry.message, out);
  if (entry.fields.is_object()) {
    for (auto it = entry.fields.begin(); it != entry.fields.end(); ++it) {
      if (IsCoreField(it.key())) continue;  // the core fields win
      out.push_back(',');
      AppendJson(it.key(), out);
      out.push_back(':');
      AppendJson(it.value(), out);
    }
  } else if (!entry.fields.is_null()) {
    out += ",\"fields\":";
    AppendJson(entry.fields, out);
  }
  out += entry.formatted_fields;
  out += "}\n";
}

// Whether the writer should write now rather than let more lines collect.
bool WriteNow(Sink* sink) ABSL_EXCLUSIVE_LOCKS_REQUIRED(sink->mu) {
  return sink->waiting > 0 || sink->queue.size() >= kBatchLines;
}

// The writer thread: takes every queued line at once, formats them, writes them in one
// call and flushes, then tells waiters how far it got. Idle, it sleeps until a line comes;
// then it lets lines collect for up to kBatchDelay, so that under load it wakes a few
// hundred times a second instead of once per line (each wake is a context switch that the
// request threads pay for on a busy machine).
[[noreturn]] void WriterLoop(Sink* sink) {
  pthread_setname_np(pthread_self(), "log_writer");
  std::vector<Entry> batch;
  std::string text;
  for (;;) {
    uint64_t last = 0;
    {
      sink->mu.LockWhen(absl::Condition(
          +[](std::vector<Entry>* queue) { return !queue->empty(); }, &sink->queue));
      if (!WriteNow(sink)) {
        sink->mu.AwaitWithTimeout(absl::Condition(&WriteNow, sink), kBatchDelay);
      }
      batch.swap(sink->queue);
      last = sink->queued;
      sink->mu.Unlock();
    }
    text.clear();
    for (const Entry& entry : batch) AppendLine(entry, text);
    batch.clear();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    absl::MutexLock lock(&sink->mu);
    sink->written = last;
  }
}

// Queues one line; returns its sequence number. With `wait`, the caller is counted among
// those waiting for their lines (WaitWritten uncounts it).
uint64_t Enqueue(std::string_view level, std::string_view message, nlohmann::json fields,
                 std::string formatted_fields, bool wait) {
  Sink& sink = GetSink();
  const absl::Time now = absl::Now();
  sink.mu.LockWhen(absl::Condition(
      +[](std::vector<Entry>* queue) { return queue->size() < kMaxQueuedLines; }, &sink.queue));
  if (!sink.writer_started) {
    sink.writer_started = true;
    std::thread(WriterLoop, &sink).detach();
    std::atexit(Flush);
  }
  sink.queue.push_back({now, std::string(level), std::string(message), sink.service,
                        std::move(fields), std::move(formatted_fields)});
  const uint64_t seq = ++sink.queued;
  if (wait) ++sink.waiting;
  sink.mu.Unlock();
  return seq;
}

// Waits until line `seq` is written; the caller was counted in `waiting`.
void WaitWritten(uint64_t seq) {
  Sink& sink = GetSink();
  struct Args {
    Sink* sink;
    uint64_t seq;
  } args{&sink, seq};
  absl::MutexLock lock(&sink.mu, absl::Condition(
                                     +[](Args* a) { return a->sink->written >= a->seq; }, &args));
  --sink.waiting;
}

// Appends `value` as a JSON string: printable ASCII as it is, anything else through
// nlohmann (escapes, invalid UTF-8 replaced).
void AppendJsonString(std::string_view value, std::string& out) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      AppendJson(nlohmann::json(std::string(value)), out);
      return;
    }
  }
  out.push_back('"');
  out.append(value);
  out.push_back('"');
}

}  // namespace

void Init(std::string service) {
  Sink& sink = GetSink();
  absl::MutexLock lock(&sink.mu);
  sink.service = std::move(service);
}

void Write(std::string_view level, std::string_view message, const nlohmann::json& fields) {
  WaitWritten(Enqueue(level, message, fields, {}, /*wait=*/true));
}

void WriteAsync(std::string_view level, std::string_view message, nlohmann::json fields) {
  Enqueue(level, message, std::move(fields), {}, /*wait=*/false);
}

void WriteFields(std::string_view level, std::string_view message, Fields fields) {
  WaitWritten(Enqueue(level, message, nullptr, fields.Release(), /*wait=*/true));
}

void WriteFieldsAsync(std::string_view level, std::string_view message, Fields fields) {
  Enqueue(level, message, nullptr, fields.Release(), /*wait=*/false);
}

void Flush() {
  uint64_t queued = 0;
  {
    Sink& sink = GetSink();
    absl::MutexLock lock(&sink.mu);
    queued = sink.queued;
    ++sink.waiting;
  }
  WaitWritten(queued);
}

void Fields::AppendKey(std::string_view key) {
  json_.push_back(',');
  AppendJsonString(key, json_);
  json_.push_back(':');
}

Fields& Fields::Add(std::string_view key, std::string_view value) {
  AppendKey(key);
  AppendJsonString(value, json_);
  return *this;
}

Fields& Fields::Add(std::string_view key, int64_t value) {
  AppendKey(key);
  char digits[24];
  const int n = std::snprintf(digits, sizeof(digits), "%" PRId64, value);
  json_.append(digits, static_cast<size_t>(n));
  return *this;
}

Fields& Fields::AddMillis(std::string_view key, absl::Duration value) {
  AppendKey(key);
  const int64_t micros = absl::ToInt64Microseconds(value);
  const uint64_t magnitude =
      micros < 0 ? uint64_t{0} - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  char digits[32];
  const int n = std::snprintf(digits, sizeof(digits), "%s%" PRIu64 ".%03" PRIu64,
                              micros < 0 ? "-" : "", magnitude / 1000, magnitude % 1000);
  json_.append(digits, static_cast<size_t>(n));
  return *this;
}

}  // namespace sales::log
