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

// Upper bounds of the latency buckets, in seconds; +Inf is the total count.
constexpr std::array<double, 14> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};

constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

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

Metrics::Metrics(std::string service) : service_(std::move(service)) {}

void Metrics::RecordRpc(std::string_view method, std::string_view code, absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  absl::MutexLock lock(&mu_);
  ++requests_[{std::string(method), std::string(code)}];
  Histogram& histogram = latency_[std::string(method)];
  if (histogram.buckets.empty()) histogram.buckets.assign(kBounds.size(), 0);
  // Buckets are stored cumulative, as they are exposed.
  for (size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum_seconds += seconds;
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
    for (const auto& [key, count] : requests_) {
      absl::StrAppend(&out, "sales_rpc_requests_total{service=\"", service, "\",method=\"",
                      EscapeLabelValue(key.first), "\",code=\"", EscapeLabelValue(key.second),
                      "\"} ", count, "\n");
    }
    absl::StrAppend(&out,
                    "# HELP sales_rpc_latency_seconds Time from receiving an RPC to its answer.\n"
                    "# TYPE sales_rpc_latency_seconds histogram\n");
    for (const auto& [method, histogram] : latency_) {
      const std::string labels =
          absl::StrCat("service=\"", service, "\",method=\"", EscapeLabelValue(method), "\"");
      for (size_t i = 0; i < kBounds.size(); ++i) {
        absl::StrAppend(&out, "sales_rpc_latency_seconds_bucket{", labels, ",le=\"", kBounds[i],
                        "\"} ", histogram.buckets[i], "\n");
      }
      absl::StrAppend(&out, "sales_rpc_latency_seconds_bucket{", labels, ",le=\"+Inf\"} ",
                      histogram.count, "\n");
      absl::StrAppend(&out, "sales_rpc_latency_seconds_sum{", labels, "} ",
                      absl::StrFormat("%.6f", histogram.sum_seconds), "\n");
      absl::StrAppend(&out, "sales_rpc_latency_seconds_count{", labels, "} ", histogram.count,
                      "\n");
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
