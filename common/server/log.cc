#include "common/server/log.h"

#include <cstdio>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sales::log {
namespace {

struct Sink {
  absl::Mutex mu;
  std::string service ABSL_GUARDED_BY(mu);
};

// Leaked on purpose: threads may still log while static destructors run.
Sink& GetSink() {
  static Sink* const sink = new Sink;
  return *sink;
}

}  // namespace

void Init(std::string service) {
  Sink& sink = GetSink();
  absl::MutexLock lock(&sink.mu);
  sink.service = std::move(service);
}

void Write(std::string_view level, std::string_view message, const nlohmann::json& fields) {
  Sink& sink = GetSink();
  std::string service;
  {
    absl::MutexLock lock(&sink.mu);
    service = sink.service;
  }
  // ordered_json keeps time, level, service and msg first, which is what a reader scans.
  nlohmann::ordered_json line;
  line["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = level;
  line["service"] = std::move(service);
  line["msg"] = message;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (!line.contains(it.key())) line[it.key()] = it.value();  // the core fields win
    }
  } else if (!fields.is_null()) {
    line["fields"] = fields;
  }
  // Invalid UTF-8 (e.g. from a client's request_id) is replaced rather than thrown on.
  std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  text.push_back('\n');
  absl::MutexLock lock(&sink.mu);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace sales::log
