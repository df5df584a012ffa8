// Prometheus text metrics: per-RPC request counts by code and latency histograms, plus
// gauges that collectors fill at scrape time (pool use, consumer lag), served over HTTP.
#pragma once

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

class Metrics final {
 public:
  // Appends Prometheus text for gauges computed at scrape time.
  using Collector = std::function<void(std::string* out)>;

  explicit Metrics(std::string service);

  // Counts one finished RPC: sales_rpc_requests_total{service,method,code} and
  // sales_rpc_latency_seconds{service,method} histogram.
  void RecordRpc(std::string_view method, std::string_view code, absl::Duration latency);
  void AddCollector(Collector collector);
  // The whole exposition in Prometheus text format 0.0.4.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<int64_t> buckets;  // cumulative counts per bound in kBounds
    int64_t count = 0;
    double sum_seconds = 0;
  };
  const std::string service_;
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, int64_t> requests_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Histogram> latency_ ABSL_GUARDED_BY(mu_);
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
