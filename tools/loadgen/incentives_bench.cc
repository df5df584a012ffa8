// incentives_bench: the incentives service's credit ingest and live attainment (scripts/bench
// incentives).
//
// 1. Ingest: serves a synthetic orders feed (sales.events.v1.EventFeedService on
//    127.0.0.1:--feed_port; orders with their lifecycle up to completion, some cancelled or
//    partly returned, see synthetic_orders.h; generated before the clock starts and held in
//    memory, only the event types the credits consumer asks for; sent filtered by the statuses it
//    asks for, as the real feed filters) to an
//    incentives_server started with --orders_address pointing at it, and times from the consumer's
//    first Subscribe until its stored position reaches the last event: credits applied per second
//    (credit and reversal rows written), events per second, CPU per credit of each watched process.
//    --baseline_credits_per_s (the same figure from a server run with --credits_bulk=false, which
//    scripts/bench runs first) prints the ratio.
// 2. Latency (unless --ingest_only): opens WatchAttainment for one rep and the current year
//    (in --business_time_zone, which scripts/bench gives the server too),
//    then completes --watch_orders orders for that rep one at a time through the same feed
//    (each published at a random 30-60 ms after the previous update arrived) and times each
//    from its publication to the stream's update that shows it: p50/p99. As a reference,
//    GetAttainment of the same question, called in a loop: p50/p99 (the cost of one
//    recomputation, which every update includes).
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/events/consumer.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "common/time_util.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/latency_recorder.h"
#include "tools/loadgen/synthetic_orders.h"

namespace {

using sales::loadgen::LoadAverage;

namespace ev1 = ::sales::events::v1;
namespace iv1 = ::sales::incentives::v1;
using sales::loadgen::Clock;

constexpr absl::Duration kPollInterval = absl::Milliseconds(100);
constexpr absl::Duration kProgressInterval = absl::Seconds(15);
constexpr char kWatchedRep[] = "reps/bench-watch";

// The event types incentives' credits consumer subscribes to (ingest/order_credits.h).
const std::vector<std::string> kCreditEventTypes = {"order_status_changed", "return_resolved"};
// The order statuses it asks for (ingest/order_credits.h, kCreditStatuses).
const std::set<std::string> kCreditStatuses = {"ORDER_STATUS_COMPLETED", "ORDER_STATUS_CANCELLED"};

bool CreditsConsumerWants(const ev1::Event& e) {
  return !e.has_order_status_changed() ||
         kCreditStatuses.contains(e.order_status_changed().to_status());
}

// The synthetic history, generated before the clock starts and held in memory (only the
// event types the credits consumer asks for, with their feed positions, so that the ingest
// is timed and not the generator), then live events appended by the bench. Remembers when
// the first Subscribe arrived (the start of the ingest clock) and the CPU of the watched
// processes then.
class BenchFeedService final : public ev1::EventFeedService::Service {
 public:
  BenchFeedService(std::vector<ev1::Event> history, int64_t history_end,
                   std::vector<sales::loadgen::WatchedProcess> processes)
      : history_(std::move(history)), history_end_(history_end), processes_(std::move(processes)) {}

  grpc::Status Subscribe(grpc::ServerContext* context, const ev1::SubscribeRequest* request,
                         grpc::ServerWriter<ev1::Event>* writer) override {
    {
      absl::MutexLock lock(&mu_);
      ++subscribes_;
      if (!started_.has_value()) {
        started_ = absl::Now();
        for (const auto& p : processes_) {
          cpu_at_start_.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
        }
      }
    }
    const std::vector<std::string> types(request->types().begin(), request->types().end());
    if (types != kCreditEventTypes) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "this bench feed serves the credits consumer's event types only");
    }
    // As the real feed (common/events/feed_service.cc): status changes only of the statuses
    // asked for, when any are named. An older server asks for none and gets them all.
    const std::set<std::string> statuses(request->order_statuses().begin(),
                                         request->order_statuses().end());
    auto wanted = [&statuses](const ev1::Event& e) {
      return statuses.empty() || !e.has_order_status_changed() ||
             statuses.contains(e.order_status_changed().to_status());
    };
    auto it = std::upper_bound(
        history_.begin(), history_.end(), request->after_position(),
        [](int64_t position, const ev1::Event& e) { return position < e.position(); });
    for (; it != history_.end(); ++it) {
      if (!wanted(*it)) continue;
      if (context->IsCancelled() || !writer->Write(*it)) return grpc::Status::CANCELLED;
    }
    // Then the live events, as they are appended.
    int64_t sent = std::max(request->after_position(), history_end_);
    while (!context->IsCancelled()) {
      std::optional<ev1::Event> next;
      {
        absl::MutexLock lock(&mu_);
        auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return sent - history_end_ < static_cast<int64_t>(live_.size());
        };
        mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Milliseconds(20));
        if (ready()) next = live_[sent - history_end_];
      }
      if (!next.has_value()) continue;
      if (!writer->Write(*next)) return grpc::Status::CANCELLED;
      ++sent;
    }
    return grpc::Status::CANCELLED;
  }

  // Appends a live event; returns its position.
  int64_t Append(ev1::Event event) {
    absl::MutexLock lock(&mu_);
    const int64_t position = history_end_ + static_cast<int64_t>(live_.size()) + 1;
    event.set_position(position);
    live_.push_back(std::move(event));
    return position;
  }

  std::optional<absl::Time> started() {
    absl::MutexLock lock(&mu_);
    return started_;
  }
  std::vector<std::optional<double>> cpu_at_start() {
    absl::MutexLock lock(&mu_);
    return cpu_at_start_;
  }
  int subscribes() {
    absl::MutexLock lock(&mu_);
    return subscribes_;
  }

 private:
  const std::vector<ev1::Event> history_;  // by position
  const int64_t history_end_;
  const std::vector<sales::loadgen::WatchedProcess> processes_;
  absl::Mutex mu_;
  std::vector<ev1::Event> live_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Time> started_ ABSL_GUARDED_BY(mu_);
  std::vector<std::optional<double>> cpu_at_start_ ABSL_GUARDED_BY(mu_);
  int subscribes_ ABSL_GUARDED_BY(mu_) = 0;
};

std::optional<int64_t> StoredPosition(sales::db::ConnectionPool& pool) {
  int64_t position = 0;
  const absl::Status status = sales::db::RunReadOnly(
      pool, absl::Now() + absl::Seconds(10), [&](sales::db::Transaction& tx) {
        position = sales::events::ReadCheckpoint(tx, "orders");
        return absl::OkStatus();
      });
  if (!status.ok()) return std::nullopt;
  return position;
}

int64_t CountRows(sales::db::ConnectionPool& pool, const std::string& sql) {
  int64_t n = -1;
  const absl::Status status = sales::db::RunReadOnly(pool, absl::Now() + absl::Minutes(10),
                                                     [&](sales::db::Transaction& tx) {
                                                       auto rs = tx.Query(sql);
                                                       if (rs->next()) n = rs->getInt64(1);
                                                       return absl::OkStatus();
                                                     });
  if (!status.ok()) std::cerr << "incentives_bench: " << status.message() << "\n";
  return n;
}

// MariaDB's server-wide count of statements received and of commits.
struct StatementCounts {
  int64_t statements = 0;
  int64_t commits = 0;
};

std::optional<StatementCounts> ReadStatementCounts(sales::db::ConnectionPool& pool) {
  StatementCounts c;
  const absl::Status status = sales::db::RunReadOnly(
      pool, absl::Now() + absl::Seconds(10), [&](sales::db::Transaction& tx) {
        auto rs = tx.Query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')");
        while (rs->next()) {
          const std::string name = rs->getString(1);
          const int64_t value = std::stoll(std::string(rs->getString(2)));
          if (name == "Questions") c.statements = value;
          if (name == "Com_commit") c.commits = value;
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return std::nullopt;
  return c;
}

struct IngestResult {
  bool ok = false;
  double seconds = 0;
  std::vector<std::optional<double>> cpu_seconds;
};

IngestResult AwaitIngest(BenchFeedService& service, sales::db::ConnectionPool& pool,
                         int64_t last_position, absl::Duration stall,
                         const std::vector<sales::loadgen::WatchedProcess>& processes) {
  IngestResult result;
  absl::Time last_progress = absl::Now();
  absl::Time next_report = absl::Now() + kProgressInterval;
  int64_t last_seen = -1;
  for (;;) {
    absl::SleepFor(kPollInterval);
    const std::optional<int64_t> position = StoredPosition(pool);
    const absl::Time now = absl::Now();
    if (position.has_value() && *position > last_seen) {
      last_seen = *position;
      last_progress = now;
    }
    if (position.has_value() && *position >= last_position && service.started().has_value()) {
      result.ok = true;
      result.seconds = absl::ToDoubleSeconds(now - *service.started());
      const std::vector<std::optional<double>> before = service.cpu_at_start();
      for (size_t i = 0; i < processes.size(); ++i) {
        const std::optional<double> after = sales::loadgen::ProcessCpuSeconds(processes[i].pid);
        result.cpu_seconds.push_back(after && before[i] ? std::optional(*after - *before[i])
                                                        : std::nullopt);
      }
      return result;
    }
    if (now >= next_report) {
      next_report = now + kProgressInterval;
      std::cerr << absl::StrFormat("incentives_bench: ingest at position %d of %d, load %s\n",
                                   std::max<int64_t>(last_seen, 0), last_position, LoadAverage());
    }
    if (now - last_progress > stall) {
      std::cerr << "incentives_bench: the consumer made no progress for "
                << absl::FormatDuration(stall) << " (at position " << last_seen << " of "
                << last_position << ", " << service.subscribes() << " subscribes)\n";
      return result;
    }
  }
}

// A completed order of one 1.00 line for the watched rep, at `at`.
ev1::Event WatchedCompletion(int index, absl::Time at) {
  ev1::Event event;
  event.set_id(absl::StrCat("bench-watch-", index));
  event.set_type("order_status_changed");
  event.set_aggregate(absl::StrCat("orders/bench-watch-", index));
  *event.mutable_occur_time() = sales::ToProtoTime(at);
  auto* changed = event.mutable_order_status_changed();
  changed->set_from_status("ORDER_STATUS_DELIVERED");
  changed->set_to_status("ORDER_STATUS_COMPLETED");
  *changed->mutable_change_time() = sales::ToProtoTime(at);
  auto* order = changed->mutable_order();
  order->set_order(absl::StrCat("orders/bench-watch-", index));
  order->set_currency_code("CNY");
  auto* share = order->add_credits();
  share->set_rep(kWatchedRep);
  share->set_revenue_share_bp(10000);
  auto* line = order->add_lines();
  line->set_line_id(1);
  line->set_quantity(1);
  line->set_subtotal_minor(100);
  return event;
}

// The updates a watch stream received: (arrival, actual).
class UpdateLog final {
 public:
  void Push(int64_t actual) {
    std::lock_guard<std::mutex> lock(mu_);
    updates_.emplace_back(Clock::now(), actual);
    cv_.notify_all();
  }
  void End() {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
    cv_.notify_all();
  }
  // The arrival of the first update showing at least `actual`, waiting up to `timeout`.
  std::optional<Clock::time_point> AwaitActual(int64_t actual, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<Clock::time_point> found;
    cv_.wait_for(lock, timeout, [&] {
      for (const auto& [at, value] : updates_) {
        if (value >= actual) {
          found = at;
          return true;
        }
      }
      return ended_;
    });
    return found;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<Clock::time_point, int64_t>> updates_;
  bool ended_ = false;
};

std::string CpuMsPer(const std::vector<sales::loadgen::WatchedProcess>& processes,
                     const std::vector<std::optional<double>>& cpu_seconds, int64_t units) {
  std::string out;
  for (size_t i = 0; i < processes.size() && i < cpu_seconds.size(); ++i) {
    if (!out.empty()) out += ", ";
    out += cpu_seconds[i] ? absl::StrFormat("%s %.4f", processes[i].name,
                                            *cpu_seconds[i] * 1000 / static_cast<double>(units))
                          : absl::StrCat(processes[i].name, " ?");
  }
  return out;
}

std::pair<double, double> P50P99(std::vector<int64_t> ns) {
  std::sort(ns.begin(), ns.end());
  return {sales::loadgen::Percentile(ns, 0.5) / 1e6, sales::loadgen::Percentile(ns, 0.99) / 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50054", "the incentives service's gRPC address");
  const int feed_port = static_cast<int>(
      flags.Int("feed_port", "", 0, 0, 65535,
                "port (127.0.0.1) to serve the synthetic orders feed on; incentives_server's "
                "--orders_address must name it (scripts/bench sets both)"));
  sales::loadgen::OrderFeedShape shape;
  shape.lifecycle = true;  // completions are what credits
  shape.lines = flags.Int("lines", "", 100000, 1, 10000000,
                          "order lines in the feed (orders of 1-5 lines, ~3 on average)");
  shape.reps = static_cast<int>(flags.Int("reps", "", 40, 1, 100000, "reps credited"));
  const std::string label =
      flags.String("label", "", "batch path", "what the server runs, for the printed lines");
  const bool ingest_only =
      flags.Bool("ingest_only", "", false, "only the ingest (the baseline run of scripts/bench)");
  const double baseline = static_cast<double>(
      flags.Int("baseline_credits_per_s", "", 0, 0, 1000000000,
                "credits/s of a baseline run (--credits_bulk=false), for the ratio; 0: none"));
  const int watch_orders = static_cast<int>(
      flags.Int("watch_orders", "", 300, 1, 100000, "orders timed to their watch update"));
  const int get_calls = static_cast<int>(
      flags.Int("get_calls", "", 300, 0, 1000000, "GetAttainment calls of the reference"));
  const absl::Duration stall = absl::Seconds(flags.Int(
      "stall_seconds", "", 300, 10, 86400, "give up when the consumer makes no progress so long"));
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(flags.String(
          "cpu_pids", "", "", "processes whose CPU per credit to print, name=pid,..."));
  if (cpu.ok()) cpu->push_back({"incentives_bench", 0});
  sales::ServerConfig server = sales::ReadServerConfig(flags, "incentives", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "incentives_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (feed_port == 0) flags.AddError("feed_port", "required");
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "incentives_bench: " << status.message() << "\n";
    return 2;
  }

  // 1. Ingest.
  const sales::loadgen::SyntheticOrderFeed feed(shape);
  const sales::loadgen::OrderFeedTotals totals = feed.Count();
  std::cout << absl::StrFormat(
      "feed: %d events (%d orders of %d lines, %d reps, %d cancelled, %d returns resolved, %d "
      "lifecycle status changes; the consumer asks for status changes and returns only)\n",
      totals.events, totals.orders, totals.lines, shape.reps, totals.cancellations, totals.returns,
      totals.status_changes);
  std::vector<ev1::Event> history;
  feed.Stream(0, [&](ev1::Event&& e) {
    if (std::find(kCreditEventTypes.begin(), kCreditEventTypes.end(), e.type()) !=
        kCreditEventTypes.end()) {
      history.push_back(std::move(e));
    }
    return true;
  });
  // The consumer's stored position ends at the last event it asks for.
  int64_t last_wanted = 0;
  int64_t wanted = 0;
  for (const ev1::Event& e : history) {
    if (!CreditsConsumerWants(e)) continue;
    last_wanted = e.position();
    ++wanted;
  }
  std::cout << absl::StrFormat(
      "feed held in memory: %d events of the credits consumer's types, %d of them of the "
      "statuses it asks for (or returns); the last at position %d\n",
      history.size(), wanted, last_wanted);
  BenchFeedService service(std::move(history), totals.events, *cpu);
  grpc::ServerBuilder builder;
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", feed_port),
                           grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> feed_server = builder.BuildAndStart();
  if (feed_server == nullptr) {
    std::cerr << "incentives_bench: cannot serve the feed on 127.0.0.1:" << feed_port << "\n";
    return 1;
  }
  absl::Cleanup stop_feed = [&feed_server] {
    feed_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  };
  server.db.pool_size = 2;
  sales::db::ConnectionPool pool(server.db);
  std::cout << "load average at the start of ingest: " << LoadAverage() << std::endl;
  const std::optional<StatementCounts> counts_before = ReadStatementCounts(pool);
  const IngestResult ingest = AwaitIngest(service, pool, last_wanted, stall, *cpu);
  const std::optional<StatementCounts> counts_after = ReadStatementCounts(pool);
  std::cout << "load average at the end of ingest: " << LoadAverage() << "\n";
  if (!ingest.ok) return 1;
  const int64_t credits = CountRows(pool, "SELECT COUNT(*) FROM credits");
  const int64_t reversals =
      CountRows(pool, "SELECT COUNT(*) FROM credits WHERE reverses_id IS NOT NULL");
  const double credits_per_s = static_cast<double>(credits) / ingest.seconds;
  std::cout << absl::StrFormat(
      "ingest (%s): %d credits (%d of them reversals) from %d feed positions in %.2f s: "
      "credits/s: %.0f (goal >= 20000), %.0f feed positions/s; %d subscribe(s)\n",
      label, credits, reversals, totals.events, ingest.seconds, credits_per_s,
      totals.events / ingest.seconds, service.subscribes());
  std::cout << "ingest CPU ms per credit: " << CpuMsPer(*cpu, ingest.cpu_seconds, credits) << "\n";
  if (counts_before && counts_after) {
    // The bench's own polls of the position (one statement each) are in the count too.
    std::cout << absl::StrFormat(
        "ingest SQL per credit (MariaDB's Questions and Com_commit, whole server): %.2f "
        "statements, %.4f commits\n",
        static_cast<double>(counts_after->statements - counts_before->statements) / credits,
        static_cast<double>(counts_after->commits - counts_before->commits) / credits);
  }
  if (baseline > 0) {
    std::cout << absl::StrFormat(
        "ingest ratio: batch path / baseline (each event with its own statements) = %.0f / %.0f "
        "= %.2fx\n",
        credits_per_s, baseline, credits_per_s / baseline);
  }
  if (ingest_only) return 0;

  // 2. Latency of WatchAttainment.
  auto stub = iv1::IncentivesService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  const absl::Time now = absl::Now();
  const std::string period = absl::FormatTime("%Y", now, server.business_time_zone);
  iv1::WatchAttainmentRequest watch;
  watch.set_owner(kWatchedRep);
  watch.set_period(period);
  watch.set_metric(iv1::METRIC_REVENUE);
  grpc::ClientContext watch_ctx;
  UpdateLog updates;
  std::unique_ptr<grpc::ClientReader<iv1::Attainment>> reader =
      stub->WatchAttainment(&watch_ctx, watch);
  std::thread watcher([&] {
    iv1::Attainment a;
    while (reader->Read(&a)) updates.Push(a.actual());
    updates.End();
  });
  absl::Cleanup stop_watch = [&] {
    watch_ctx.TryCancel();
    watcher.join();
  };
  if (!updates.AwaitActual(0, std::chrono::seconds(10)).has_value()) {
    std::cerr << "incentives_bench: WatchAttainment sent no first answer\n";
    return 1;
  }
  std::mt19937_64 rng(shape.seed);
  std::uniform_int_distribution<int> pause_ms(30, 60);
  std::vector<int64_t> watch_ns;
  int missed = 0;
  for (int i = 1; i <= watch_orders; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    const Clock::time_point published = Clock::now();
    service.Append(WatchedCompletion(i, absl::Now()));
    const std::optional<Clock::time_point> seen =
        updates.AwaitActual(int64_t{100} * i, std::chrono::seconds(10));
    if (!seen.has_value()) {
      ++missed;
      continue;
    }
    watch_ns.push_back(
        std::chrono::duration_cast<std::chrono::nanoseconds>(*seen - published).count());
  }
  const auto [watch_p50, watch_p99] = P50P99(watch_ns);
  std::cout << absl::StrFormat(
      "order completed -> WatchAttainment update (published to the feed, consumed, credited, "
      "committed, recomputed, streamed): %d orders, p50 %.1f ms, p99 %.1f ms (goal p99 < 100 "
      "ms)%s\n",
      static_cast<int>(watch_ns.size()), watch_p50, watch_p99,
      missed > 0 ? absl::StrCat("; ", missed, " NOT SEEN within 10 s") : "");
  std::vector<int64_t> get_ns;
  iv1::GetAttainmentRequest get;
  get.set_owner(kWatchedRep);
  get.set_period(period);
  get.set_metric(iv1::METRIC_REVENUE);
  for (int i = 0; i < get_calls; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    iv1::Attainment out;
    const Clock::time_point begin = Clock::now();
    const grpc::Status status = stub->GetAttainment(&ctx, get, &out);
    if (!status.ok()) {
      std::cerr << "incentives_bench: GetAttainment: " << status.error_message() << "\n";
      return 1;
    }
    get_ns.push_back(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count());
  }
  if (!get_ns.empty()) {
    const auto [get_p50, get_p99] = P50P99(get_ns);
    std::cout << absl::StrFormat(
        "reference: GetAttainment of the same rep and year, one caller: %d calls, p50 %.2f ms, "
        "p99 %.2f ms\n",
        get_calls, get_p50, get_p99);
  }
  return missed > 0 ? 3 : 0;
}
