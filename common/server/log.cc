#include "common/server/log.h"

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

// A line as logged, formatted later by the writer thread.
struct Entry {
  absl::Time time;
  std::string level;
  std::string message;
  std::string service;  // as Init set it when the line was logged
  nlohmann::json fields;
};

struct Sink {
  absl::Mutex mu;
  std::string service ABSL_GUARDED_BY(mu);
  std::vector<Entry> queue ABSL_GUARDED_BY(mu);
  uint64_t queued ABSL_GUARDED_BY(mu) = 0;   // lines ever queued
  uint64_t written ABSL_GUARDED_BY(mu) = 0;  // lines ever written and flushed
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
  out += "}\n";
}

// The writer thread: takes every queued line at once, formats them, writes them in one
// call and flushes, then tells waiters how far it got.
[[noreturn]] void WriterLoop(Sink* sink) {
  std::vector<Entry> batch;
  std::string text;
  for (;;) {
    uint64_t last = 0;
    {
      sink->mu.LockWhen(absl::Condition(
          +[](std::vector<Entry>* queue) { return !queue->empty(); }, &sink->queue));
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

// Queues one line; returns its sequence number.
uint64_t Enqueue(std::string_view level, std::string_view message, nlohmann::json fields) {
  Sink& sink = GetSink();
  const absl::Time now = absl::Now();
  sink.mu.LockWhen(absl::Condition(
      +[](std::vector<Entry>* queue) { return queue->size() < kMaxQueuedLines; }, &sink.queue));
  if (!sink.writer_started) {
    sink.writer_started = true;
    std::thread(WriterLoop, &sink).detach();
    std::atexit(Flush);
  }
  sink.queue.push_back(
      {now, std::string(level), std::string(message), sink.service, std::move(fields)});
  const uint64_t seq = ++sink.queued;
  sink.mu.Unlock();
  return seq;
}

void WaitWritten(uint64_t seq) {
  Sink& sink = GetSink();
  struct Args {
    Sink* sink;
    uint64_t seq;
  } args{&sink, seq};
  absl::MutexLock lock(&sink.mu, absl::Condition(
                                     +[](Args* a) { return a->sink->written >= a->seq; }, &args));
}

}  // namespace

void Init(std::string service) {
  Sink& sink = GetSink();
  absl::MutexLock lock(&sink.mu);
  sink.service = std::move(service);
}

void Write(std::string_view level, std::string_view message, const nlohmann::json& fields) {
  WaitWritten(Enqueue(level, message, fields));
}

void WriteAsync(std::string_view level, std::string_view message, nlohmann::json fields) {
  Enqueue(level, message, std::move(fields));
}

void Flush() {
  uint64_t queued = 0;
  {
    Sink& sink = GetSink();
    absl::MutexLock lock(&sink.mu);
    queued = sink.queued;
  }
  WaitWritten(queued);
}

}  // namespace sales::log
