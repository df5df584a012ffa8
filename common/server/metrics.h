// Prometheus text metrics: per-RPC request counts by code and latency histograms, plus
// gauges that collectors fill at scrape time (pool use, consumer lag), served over HTTP.
//
// Recording a call takes no lock once its method has been seen: each method has its own
// atomic counters (per canonical code) and histogram buckets, found under a reader lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sales {

// Escapes a Prometheus label value (backslash, double quote, newline); collectors that
// append their own samples use it too.
std::string EscapeLabelValue(std::string_view value);

// absl::StatusCodeToString without building a string: "OK", "NOT_FOUND", ...; "" for a
// number that is no canonical code.
std::string_view StatusCodeName(absl::StatusCode code);

class Metrics final {
 public:
  // Appends Prometheus text for gauges computed at scrape time.
  using Collector = std::function<void(std::string* out)>;

  explicit Metrics(std::string service);
  ~Metrics();

  // Counts one finished RPC: sales_rpc_requests_total{service,method,code} and
  // sales_rpc_latency_seconds{service,method} histogram.
  void RecordRpc(std::string_view method, absl::StatusCode code, absl::Duration latency);
  // The same with the code's name (a name that is no canonical code is counted too).
  void RecordRpc(std::string_view method, std::string_view code, absl::Duration latency);
  void AddCollector(Collector collector);
  // The whole exposition in Prometheus text format 0.0.4.
  std::string Render() const;

  // Canonical codes 0..16 (absl::StatusCode).
  static constexpr int kCanonicalCodes = 17;
  // Upper bounds of the latency buckets, in seconds; +Inf is the total count.
  static constexpr std::array<double, 14> kBounds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

 private:
  // One method's counters; updated with relaxed atomics, read at scrape time (a scrape may
  // see one call counted in its code but not yet in the histogram, never a torn number).
  struct MethodStats {
    std::array<std::atomic<int64_t>, kCanonicalCodes> by_code{};
    // Calls per bucket, not cumulative; the last one is above every bound (+Inf only).
    std::array<std::atomic<int64_t>, kBounds.size() + 1> buckets{};
    std::atomic<int64_t> sum_nanos{0};
  };
  MethodStats& StatsFor(std::string_view method);
  void Observe(MethodStats& stats, absl::Duration latency);

  const std::string service_;
  mutable absl::Mutex mu_;
  // Never shrinks: a MethodStats stays where it is once created.
  std::map<std::string, std::unique_ptr<MethodStats>, std::less<>> methods_ ABSL_GUARDED_BY(mu_);
  // Codes outside the canonical ones (only RecordRpc with a name can give them).
  std::map<std::pair<std::string, std::string>, int64_t> other_codes_ ABSL_GUARDED_BY(mu_);
  std::vector<Collector> collectors_ ABSL_GUARDED_BY(mu_);
};

// Serves GET /metrics (and /healthz) on host:port in a background thread.
class MetricsHttpServer final {
 public:
  MetricsHttpServer();
  ~MetricsHttpServer();
  // Binds and starts serving; an error if the port is taken.
  absl::Status Start(const std::string& host, int port, const Metrics& metrics);
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sales
