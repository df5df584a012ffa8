#include "common/server/metrics.h"

#include <httplib.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sales {
namespace {

constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

constexpr std::array<std::string_view, Metrics::kCanonicalCodes> kCodeNames = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string_view StatusCodeName(absl::StatusCode code) {
  const int number = static_cast<int>(code);
  if (number < 0 || number >= Metrics::kCanonicalCodes) return "";
  return kCodeNames[static_cast<size_t>(number)];
}

Metrics::Metrics(std::string service) : service_(std::move(service)) {}

Metrics::~Metrics() = default;

Metrics::MethodStats& Metrics::StatsFor(std::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = methods_.find(method); it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = methods_.try_emplace(std::string(method), nullptr);
  if (inserted) it->second = std::make_unique<MethodStats>();
  return *it->second;
}

void Metrics::Observe(MethodStats& stats, absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
  stats.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  stats.sum_nanos.fetch_add(absl::ToInt64Nanoseconds(latency), std::memory_order_relaxed);
}

void Metrics::RecordRpc(std::string_view method, absl::StatusCode code, absl::Duration latency) {
  MethodStats& stats = StatsFor(method);
  const int number = static_cast<int>(code);
  if (number >= 0 && number < kCanonicalCodes) {
    stats.by_code[static_cast<size_t>(number)].fetch_add(1, std::memory_order_relaxed);
  } else {
    absl::MutexLock lock(&mu_);
    ++other_codes_[{std::string(method), ""}];
  }
  Observe(stats, latency);
}

void Metrics::RecordRpc(std::string_view method, std::string_view code, absl::Duration latency) {
  for (int number = 0; number < kCanonicalCodes; ++number) {
    if (kCodeNames[static_cast<size_t>(number)] == code) {
      RecordRpc(method, static_cast<absl::StatusCode>(number), latency);
      return;
    }
  }
  MethodStats& stats = StatsFor(method);
  {
    absl::MutexLock lock(&mu_);
    ++other_codes_[{std::string(method), std::string(code)}];
  }
  Observe(stats, latency);
}

void Metrics::AddCollector(Collector collector) {
  absl::MutexLock lock(&mu_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::Render() const {
  const std::string service = EscapeLabelValue(service_);
  std::string out;
  std::vector<Collector> collectors;
  {
    absl::MutexLock lock(&mu_);
    absl::StrAppend(&out,
                    "# HELP sales_rpc_requests_total Finished RPCs by method and status code.\n"
                    "# TYPE sales_rpc_requests_total counter\n");
    for (const auto& [method, stats] : methods_) {
      // By code name, as the exposition always listed them.
      std::map<std::string, int64_t> by_name;
      for (int number = 0; number < kCanonicalCodes; ++number) {
        const int64_t count = stats->by_code[static_cast<size_t>(number)].load();
        if (count > 0) by_name[std::string(kCodeNames[static_cast<size_t>(number)])] += count;
      }
      for (auto it = other_codes_.lower_bound({method, ""});
           it != other_codes_.end() && it->first.first == method; ++it) {
        by_name[it->first.second] += it->second;
      }
      for (const auto& [code, count] : by_name) {
        absl::StrAppend(&out, "sales_rpc_requests_total{service=\"", service, "\",method=\"",
                        EscapeLabelValue(method), "\",code=\"", EscapeLabelValue(code), "\"} ",
                        count, "\n");
      }
    }
    absl::StrAppend(&out,
                    "# HELP sales_rpc_latency_seconds Time from receiving an RPC to its answer.\n"
                    "# TYPE sales_rpc_latency_seconds histogram\n");
    for (const auto& [method, stats] : methods_) {
      const std::string labels =
          absl::StrCat("service=\"", service, "\",method=\"", EscapeLabelValue(method), "\"");
      // Cumulative, as exposed; the count is the +Inf bucket, so the two always agree.
      int64_t cumulative = 0;
      for (size_t i = 0; i < kBounds.size(); ++i) {
        cumulative += stats->buckets[i].load();
        absl::StrAppend(&out, "sales_rpc_latency_seconds_bucket{", labels, ",le=\"", kBounds[i],
                        "\"} ", cumulative, "\n");
      }
      cumulative += stats->buckets[kBounds.size()].load();
      absl::StrAppend(&out, "sales_rpc_latency_seconds_bucket{", labels, ",le=\"+Inf\"} ",
                      cumulative, "\n");
      absl::StrAppend(&out, "sales_rpc_latency_seconds_sum{", labels, "} ",
                      absl::StrFormat("%.6f", static_cast<double>(stats->sum_nanos.load()) / 1e9),
                      "\n");
      absl::StrAppend(&out, "sales_rpc_latency_seconds_count{", labels, "} ", cumulative, "\n");
    }
    collectors = collectors_;
  }
  // Collectors run outside the lock: they take other locks (the pool's) and may be slow.
  for (const Collector& collector : collectors) collector(&out);
  return out;
}

struct MetricsHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> done{false};
};

MetricsHttpServer::MetricsHttpServer() = default;

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::Status MetricsHttpServer::Start(const std::string& host, int port, const Metrics& metrics) {
  if (impl_ != nullptr) return absl::FailedPreconditionError("metrics server already started");
  auto impl = std::make_unique<Impl>();
  // httplib's default options add SO_REUSEPORT, which would let a second process share a
  // busy port silently; a port clash must fail loudly instead.
  impl->server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // A scrape every few seconds needs no more than two workers.
  impl->server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  impl->server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.Render(), kContentType);
  });
  impl->server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  if (!impl->server.bind_to_port(host, port)) {
    return absl::UnavailableError(absl::StrCat("metrics endpoint cannot listen on ", host, ":",
                                               port, " (port in use or address not available)"));
  }
  Impl* raw = impl.get();
  raw->thread = std::thread([raw] {
    raw->server.listen_after_bind();
    raw->done = true;
  });
  impl_ = std::move(impl);
  return absl::OkStatus();
}

void MetricsHttpServer::Stop() {
  if (impl_ == nullptr) return;
  // stop() does nothing before the accept loop has started: wait for it to start first.
  while (!impl_->done && !impl_->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
  impl_->thread.join();
  impl_.reset();
}

}  // namespace sales
