// analytics_bench: the analytics service's ingest and KPI query speed (scripts/bench
// analytics).
//
// 1. Ingest: serves a synthetic orders feed (sales.events.v1.EventFeedService on
//    127.0.0.1:--feed_port, events generated on the fly, see synthetic_orders.h) to an
//    analytics_server started with --orders_address pointing at it, and times from the
//    consumer's first Subscribe until its stored position (consumer_checkpoints) reaches the
//    last event: events/s, and the CPU each watched process spent per event.
// 2. Queries, on a warm database (AwaitIngestSettled, then WarmIndexes reads every index of
//    the facts and the rollup once): GetKpis over gRPC, one caller, for a mix of periods (day,
//    month, quarter, year, custom range) and slices (company, channel, product, rep), p50/p99; then
//    the same answers (period, previous period, year before) computed by plain SQL aggregates over
//    the facts, in this process, on calls spread evenly over the same mix (every
//    queries/sql_queries-th: the first calls after the warm-up run colder), p50/p99, the ratio
//    SQL/GetKpis (also by slice and period kind, and each call's own), and a field-by-field
//    comparison of both answers (a mismatch is printed loudly and the exit status is 3).
// 3. With --rebuild: StartRebuild, GetRebuild until it has switched (events/s of the
//    replay, CPU per event), then the same GetKpis calls again, which must answer as before.
#include <grpcpp/grpcpp.h>

#include <cppconn/resultset.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/absl_compat.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/events/consumer.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "common/time_util.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/innodb_settle.h"
#include "tools/loadgen/kpi_sql.h"
#include "tools/loadgen/latency_recorder.h"
#include "tools/loadgen/report.h"
#include "tools/loadgen/synthetic_orders.h"

namespace {

using sales::loadgen::LoadAverage;

namespace av1 = ::sales::analytics::v1;
namespace ev1 = ::sales::events::v1;
using sales::loadgen::Clock;

constexpr absl::Duration kPollInterval = absl::Milliseconds(100);
constexpr absl::Duration kProgressInterval = absl::Seconds(15);
constexpr int kWarmupQueries = 100;

// The feed served to the analytics consumer. Remembers when the first Subscribe arrived
// (the start of the ingest clock) and the CPU of the watched processes at that moment.
class SyntheticFeedService final : public ev1::EventFeedService::Service {
 public:
  SyntheticFeedService(const sales::loadgen::SyntheticOrderFeed& feed, int64_t last_position,
                       std::vector<sales::loadgen::WatchedProcess> processes)
      : feed_(feed), last_position_(last_position), processes_(std::move(processes)) {}

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
    const bool whole = feed_.Stream(request->after_position(), [&](ev1::Event&& event) {
      return !context->IsCancelled() && writer->Write(event);
    });
    if (!whole) return grpc::Status::CANCELLED;
    // The whole history was sent; nothing live follows. Hold the stream open, as a real
    // feed does, until the consumer goes away.
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(20));
    return grpc::Status::CANCELLED;
  }

  grpc::Status GetFeedHead(grpc::ServerContext*, const ev1::GetFeedHeadRequest*,
                           ev1::FeedHead* head) override {
    head->set_position(last_position_);
    return grpc::Status::OK;
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
  const sales::loadgen::SyntheticOrderFeed& feed_;
  const int64_t last_position_;
  const std::vector<sales::loadgen::WatchedProcess> processes_;
  absl::Mutex mu_;
  std::optional<absl::Time> started_ ABSL_GUARDED_BY(mu_);
  std::vector<std::optional<double>> cpu_at_start_ ABSL_GUARDED_BY(mu_);
  int subscribes_ ABSL_GUARDED_BY(mu_) = 0;
};

// The analytics consumer's stored position of the orders feed; none while unreadable
// (the schema is still being migrated).
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

struct IngestResult {
  bool ok = false;
  double seconds = 0;
  std::vector<std::optional<double>> cpu_seconds;  // per watched process
};

// Waits for the consumer to subscribe and then to reach `last_position`; gives up after
// `stall` without progress.
IngestResult AwaitIngest(SyntheticFeedService& service, sales::db::ConnectionPool& pool,
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
      const std::optional<absl::Time> started = service.started();
      const double elapsed = started ? absl::ToDoubleSeconds(now - *started) : 0;
      std::cerr << absl::StrFormat(
          "analytics_bench: ingest at position %d of %d after %.0f s (%.0f events/s so far), "
          "load %s\n",
          std::max<int64_t>(last_seen, 0), last_position, elapsed,
          elapsed > 0 ? std::max<int64_t>(last_seen, 0) / elapsed : 0.0, LoadAverage());
    }
    if (now - last_progress > stall) {
      std::cerr << "analytics_bench: the consumer made no progress for "
                << absl::FormatDuration(stall) << " (at position " << last_seen << " of "
                << last_position << ", " << service.subscribes() << " subscribes)\n";
      return result;
    }
  }
}

// The first column of `sql`'s first row as a number (-1 when there is none; the error, if
// any, goes to stderr).
int64_t ReadNumber(sales::db::ConnectionPool& pool, const std::string& sql) {
  int64_t n = -1;
  const absl::Status status = sales::db::RunReadOnly(pool, absl::Now() + absl::Minutes(10),
                                                     [&](sales::db::Transaction& tx) {
                                                       auto rs = tx.Query(sql);
                                                       if (rs->next()) n = rs->getInt64(1);
                                                       return absl::OkStatus();
                                                     });
  if (!status.ok()) std::cerr << "analytics_bench: " << status.message() << "\n";
  return n;
}

// Reads every index of `tables` once (a full scan of each), so that the figures measure a
// warm database, as a service that has been running holds it, not the disk after a restart:
// the rollup GetKpis reads, and the facts the plain SQL aggregates read (the OS page cache
// keeps what the buffer pool cannot). Prints what it read and how long it took. Table and
// index names come from the catalog, not from input.
void WarmIndexes(sales::db::ConnectionPool& pool, const std::vector<std::string>& tables) {
  const absl::Time start = absl::Now();
  int64_t scans = 0;
  const absl::Status status = sales::db::RunReadOnly(
      pool, absl::Now() + absl::Minutes(30), [&](sales::db::Transaction& tx) {
        for (const std::string& table : tables) {
          std::vector<std::string> indexes;
          auto rs = tx.Query(
              "SELECT DISTINCT index_name FROM information_schema.statistics WHERE "
              "table_schema = DATABASE() AND table_name = ?",
              {table});
          while (rs->next()) indexes.push_back(rs->getString(1));
          for (const std::string& index : indexes) {
            tx.Query(
                absl::StrCat("SELECT COUNT(*) FROM `", table, "` FORCE INDEX (`", index, "`)"));
            ++scans;
          }
        }
        return absl::OkStatus();
      });
  if (!status.ok()) std::cerr << "analytics_bench: warming: " << status.message() << "\n";
  std::cout << absl::StrFormat("warmed: %d index scans of %s in %.1f s\n", scans,
                               absl::StrJoin(tables, ", "),
                               absl::ToDoubleSeconds(absl::Now() - start));
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

// Waits (at most `limit`) until the ingest's flushing and purging, and after a restart the
// buffer pool's reload, are done (innodb_settle.h): the timed queries then measure the reads,
// not the tail of the writes. Prints what it found and how long it waited.
void AwaitIngestSettled(sales::db::ConnectionPool& pool, absl::Duration limit) {
  const sales::loadgen::SettleWait w = sales::loadgen::AwaitInnoDbSettled(pool, limit);
  const int64_t pool_bytes = ReadNumber(pool, "SELECT @@innodb_buffer_pool_size");
  std::cout << absl::StrFormat(
      "MariaDB before the queries: buffer pool %d MB; after the ingest %d dirty pages of %d and "
      "an undo history of %d; waited %.0f s (at most %.0f) for %d dirty, %d history and "
      "buffer pool load \"%s\"%s\n",
      pool_bytes >> 20, w.first.dirty_pages, w.first.total_pages, w.first.history_length,
      absl::ToDoubleSeconds(w.waited), absl::ToDoubleSeconds(limit), w.last.dirty_pages,
      w.last.history_length, w.last.load_status,
      w.quiet ? "" : " (not settled: the queries share the machine with it)");
}

// One GetKpis request of the mix, with the names its rows are grouped by.
struct KpiQuery {
  av1::GetKpisRequest request;
  std::string period_kind;  // "day", "month", ...
  std::string slice_kind;   // "company", "channel", ...
};

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

// Periods and slices drawn uniformly; times from the second year of the data on, so that
// the year before has data too.
std::vector<KpiQuery> QueryMix(const sales::loadgen::SyntheticOrderFeed& feed, int count,
                               uint64_t seed) {
  std::mt19937_64 random(seed);
  const std::vector<std::string> channels = feed.Channels();
  const std::vector<std::string> products = feed.Products();
  const std::vector<std::string> reps = feed.Reps();
  const absl::Time from = feed.shape().first_time + absl::Hours(24 * 366);
  const absl::Time to = feed.shape().first_time + feed.shape().span;
  const double range_s = absl::ToDoubleSeconds(to - from);
  auto pick = [&](const std::vector<std::string>& v) { return v[random() % v.size()]; };
  std::vector<KpiQuery> out;
  for (int i = 0; i < count; ++i) {
    KpiQuery q;
    const absl::Time at =
        from + absl::Seconds(static_cast<double>(random() % 1000000) / 1e6 * range_s);
    av1::PeriodSpec& period = *q.request.mutable_period();
    switch (random() % 5) {
      case 0:
        q.period_kind = "day";
        period.set_granularity(av1::GRANULARITY_DAY);
        break;
      case 1:
        q.period_kind = "month";
        period.set_granularity(av1::GRANULARITY_MONTH);
        break;
      case 2:
        q.period_kind = "quarter";
        period.set_granularity(av1::GRANULARITY_QUARTER);
        break;
      case 3:
        q.period_kind = "year";
        period.set_granularity(av1::GRANULARITY_YEAR);
        break;
      default: {
        q.period_kind = "custom";
        period.set_granularity(av1::GRANULARITY_CUSTOM);
        const absl::CivilDay first = absl::ToCivilDay(at, absl::UTCTimeZone());
        period.set_first_day(DayText(first));
        period.set_last_day(DayText(first + static_cast<int>(random() % 90)));
        break;
      }
    }
    if (period.granularity() != av1::GRANULARITY_CUSTOM) {
      *period.mutable_time() = sales::ToProtoTime(at);
    }
    av1::Slice& slice = *q.request.mutable_slice();
    switch (random() % 4) {
      case 0:
        q.slice_kind = "company";
        break;
      case 1:
        q.slice_kind = "channel";
        slice.set_dimension(av1::SLICE_DIMENSION_CHANNEL);
        slice.set_member(pick(channels));
        break;
      case 2:
        q.slice_kind = "product";
        slice.set_dimension(av1::SLICE_DIMENSION_PRODUCT);
        slice.set_member(pick(products));
        break;
      default:
        q.slice_kind = "rep";
        slice.set_dimension(av1::SLICE_DIMENSION_REP);
        slice.set_member(pick(reps));
        break;
    }
    out.push_back(std::move(q));
  }
  return out;
}

grpc::Status CallGetKpis(av1::AnalyticsService::Stub& stub, const av1::GetKpisRequest& req,
                         av1::KpiReport* out) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return stub.GetKpis(&ctx, req, out);
}

// Latencies grouped by name ("slice company", "period year", "all"), one recorder each.
class GroupedLatencies final {
 public:
  void Record(const std::vector<std::string>& groups, Clock::time_point begin,
              Clock::time_point end) {
    for (const std::string& g : groups) {
      Group& group = groups_.try_emplace(g, kOpenWindow).first->second;
      group.recorder.RecordOk(begin, end);
      group.busy += end - begin;
    }
  }
  void RecordError(const std::vector<std::string>& groups, int code, const std::string& message) {
    for (const std::string& g : groups) {
      groups_.try_emplace(g, kOpenWindow)
          .first->second.recorder.RecordError(Clock::now(), code, message);
    }
  }
  // One row per group in `order` (missing groups left out); ops/s is calls per second of
  // one caller (1 / mean latency).
  std::vector<sales::loadgen::PhaseStats> Rows(const std::string& prefix,
                                               const std::vector<std::string>& order) const {
    std::vector<sales::loadgen::PhaseStats> rows;
    for (const std::string& g : order) {
      auto it = groups_.find(g);
      if (it == groups_.end()) continue;
      rows.push_back(sales::loadgen::Summarize(absl::StrCat(prefix, " ", g), {&it->second.recorder},
                                               it->second.busy));
    }
    return rows;
  }
  sales::loadgen::PhaseStats Stats(const std::string& group) const {
    auto it = groups_.find(group);
    if (it == groups_.end()) return {};
    return sales::loadgen::Summarize(group, {&it->second.recorder}, it->second.busy);
  }

 private:
  static constexpr sales::loadgen::MeasureWindow kOpenWindow{Clock::time_point::min(),
                                                             Clock::time_point::max()};
  struct Group {
    explicit Group(sales::loadgen::MeasureWindow window) : recorder(window) {}
    sales::loadgen::LatencyRecorder recorder;
    Clock::duration busy{};
  };
  std::map<std::string, Group> groups_;
};

std::vector<std::string> GroupsOf(const KpiQuery& q) {
  return {"all", absl::StrCat("slice ", q.slice_kind), absl::StrCat("period ", q.period_kind)};
}

const std::vector<std::string>& GroupOrder() {
  static const std::vector<std::string> order = {
      "slice company", "slice channel",  "slice product", "slice rep",     "period day",
      "period month",  "period quarter", "period year",   "period custom", "all"};
  return order;
}

struct RebuildResult {
  bool ok = false;
  double seconds = 0;  // the server's start_time .. end_time
  int64_t orders_target = 0;
  std::vector<std::optional<double>> cpu_seconds;  // per watched process
  std::string error;
};

// StartRebuild, then GetRebuild until it has switched or failed; gives up after `stall`
// without the replay's position moving.
RebuildResult RunRebuild(av1::AnalyticsService::Stub& stub, absl::Duration stall,
                         const std::vector<sales::loadgen::WatchedProcess>& processes) {
  RebuildResult result;
  std::vector<std::optional<double>> cpu_before;
  for (const auto& p : processes) cpu_before.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
  av1::StartRebuildRequest start;
  start.set_request_id(absl::StrCat("analytics-bench-", absl::ToUnixMillis(absl::Now())));
  av1::Rebuild rebuild;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status status = stub.StartRebuild(&ctx, start, &rebuild);
    if (!status.ok()) {
      result.error = absl::StrCat("StartRebuild: ", status.error_message());
      return result;
    }
  }
  absl::Time last_progress = absl::Now();
  absl::Time next_report = absl::Now() + kProgressInterval;
  int64_t last_seen = -1;
  while (rebuild.state() == av1::Rebuild::STATE_RUNNING) {
    absl::SleepFor(kPollInterval);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    av1::Rebuild now_state;
    if (!stub.GetRebuild(&ctx, av1::GetRebuildRequest(), &now_state).ok()) continue;
    rebuild = std::move(now_state);
    const absl::Time now = absl::Now();
    if (rebuild.orders_position() > last_seen) {
      last_seen = rebuild.orders_position();
      last_progress = now;
    }
    if (now >= next_report) {
      next_report = now + kProgressInterval;
      std::cerr << absl::StrFormat(
          "analytics_bench: rebuild at orders position %d of %d, load %s\n",
          rebuild.orders_position(), rebuild.orders_target(), LoadAverage());
    }
    if (now - last_progress > stall) {
      result.error = absl::StrCat("no progress for ", absl::FormatDuration(stall));
      return result;
    }
  }
  for (size_t i = 0; i < processes.size(); ++i) {
    const std::optional<double> after = sales::loadgen::ProcessCpuSeconds(processes[i].pid);
    result.cpu_seconds.push_back(after && cpu_before[i] ? std::optional(*after - *cpu_before[i])
                                                        : std::nullopt);
  }
  result.orders_target = rebuild.orders_target();
  result.seconds = absl::ToDoubleSeconds(sales::FromProtoTime(rebuild.end_time()) -
                                         sales::FromProtoTime(rebuild.start_time()));
  result.ok = rebuild.state() == av1::Rebuild::STATE_SUCCEEDED;
  if (!result.ok) result.error = rebuild.error();
  return result;
}

// "name a.aaa, name b.bbb, total c.ccc": the CPU milliseconds each process spent per one of
// `count` (events, calls).
std::string CpuMsPer(const std::vector<sales::loadgen::WatchedProcess>& processes,
                     const std::vector<std::optional<double>>& seconds, int64_t count) {
  std::string out;
  double total = 0;
  for (size_t i = 0; i < processes.size(); ++i) {
    if (!seconds[i].has_value()) {
      absl::StrAppend(&out, processes[i].name, " n/a, ");
      continue;
    }
    total += *seconds[i];
    absl::StrAppend(&out, absl::StrFormat("%s %.3f, ", processes[i].name,
                                          *seconds[i] * 1000 / static_cast<double>(count)));
  }
  return absl::StrCat(out,
                      absl::StrFormat("total %.3f", total * 1000 / static_cast<double>(count)));
}

std::vector<std::optional<double>> CpuNow(
    const std::vector<sales::loadgen::WatchedProcess>& processes) {
  std::vector<std::optional<double>> out;
  for (const auto& p : processes) out.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
  return out;
}

std::vector<std::optional<double>> CpuSince(
    const std::vector<sales::loadgen::WatchedProcess>& processes,
    const std::vector<std::optional<double>>& before) {
  std::vector<std::optional<double>> now = CpuNow(processes);
  for (size_t i = 0; i < now.size(); ++i) {
    now[i] = now[i] && before[i] ? std::optional(*now[i] - *before[i]) : std::nullopt;
  }
  return now;
}

std::string Ratio(double numerator, double denominator) {
  if (numerator <= 0 || denominator <= 0) return "n/a";
  return absl::StrFormat("%.0fx", numerator / denominator);
}

// SQL p50 / GetKpis p50 for each group of the mix: how far apart the two are depends on how
// much of the facts a period and slice cover (a day's SQL reads little, a year's much), so the
// ratio of the whole mix's medians moves with the mix. GetKpis' p50 is over all its calls of
// the group, SQL's over the group's calls of the SQL phase.
void PrintRatiosByGroup(const GroupedLatencies& grpc, const GroupedLatencies& sql) {
  std::cout << "SQL/GetKpis at p50 by group:";
  for (const std::string& g : GroupOrder()) {
    if (g == "all") continue;
    std::cout << " " << g << " " << Ratio(sql.Stats(g).p50_ms, grpc.Stats(g).p50_ms) << ";";
  }
  std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50053", "the analytics service's gRPC address");
  const int feed_port = static_cast<int>(
      flags.Int("feed_port", "", 0, 0, 65535,
                "port (127.0.0.1) to serve the synthetic orders feed on; analytics_server's "
                "--orders_address must name it (scripts/bench sets both)"));
  sales::loadgen::OrderFeedShape shape;
  shape.lines = flags.Int("lines", "", 1000000, 1, 1000000000,
                          "order lines in the feed (orders of 1-5 lines, ~3 on average)");
  shape.lifecycle = flags.Bool(
      "lifecycle", "", false,
      "orders also go through confirmed, shipped, delivered and completed with their stock "
      "changes, as the orders service publishes them (about 11 events per order instead of 1)");
  shape.customers =
      static_cast<int>(flags.Int("customers", "", 100000, 1, 100000000, "customers ordering"));
  shape.products =
      static_cast<int>(flags.Int("products", "", 1000, 5, 1000000, "products in the catalogue"));
  const int queries =
      static_cast<int>(flags.Int("queries", "", 2000, 1, 10000000, "timed GetKpis calls"));
  const int sql_queries = static_cast<int>(
      flags.Int("sql_queries", "", 100, 0, 1000000,
                "of those, how many are also answered by SQL over the facts (timed, compared)"));
  const absl::Duration sql_budget = absl::Seconds(
      flags.Int("sql_seconds", "", 300, 1, 86400,
                "stop the SQL answers after this long (at 10M lines one year takes seconds)"));
  const absl::Duration stall = absl::Seconds(flags.Int(
      "stall_seconds", "", 300, 10, 86400, "give up when the consumer makes no progress so long"));
  const absl::Duration settle = absl::Seconds(
      flags.Int("settle_seconds", "", 300, 0, 86400,
                "before the timed queries, wait at most this long for MariaDB to flush and "
                "purge what the ingest left (0: do not wait)"));
  const bool rebuild = flags.Bool(
      "rebuild", "", false,
      "after the queries, time a Rebuild (StartRebuild/GetRebuild: a replay of the feed from 0) "
      "and check that GetKpis answers as before");
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(flags.String(
          "cpu_pids", "", "",
          "processes whose CPU per event to print, name=pid,... (scripts/bench sets it)"));
  if (cpu.ok()) cpu->push_back({"analytics_bench", 0});  // the feed's generation and sending
  sales::ServerConfig server = sales::ReadServerConfig(flags, "analytics", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "analytics_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (feed_port == 0) flags.AddError("feed_port", "required");
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "analytics_bench: " << status.message() << "\n";
    return 2;
  }

  // 1. Ingest.
  const sales::loadgen::SyntheticOrderFeed feed(shape);
  const sales::loadgen::OrderFeedTotals totals = feed.Count();
  std::cout << absl::StrFormat(
      "feed: %d events: %d orders placed (%d lines, %d products in %d categories, %d customers, "
      "over %.0f days), %d cancelled, %d returns resolved, %d lifecycle status changes, %d "
      "stock changes\n",
      totals.events, totals.orders, totals.lines, shape.products, shape.categories, shape.customers,
      absl::ToDoubleHours(shape.span) / 24, totals.cancellations, totals.returns,
      totals.status_changes, totals.stock_changes);
  server.db.pool_size = 2;
  sales::db::ConnectionPool pool(server.db);
  // Read before the feed is served, so that nothing of this run is in it yet.
  const std::optional<int64_t> kept_position = StoredPosition(pool);
  SyntheticFeedService service(feed, totals.events, *cpu);
  grpc::ServerBuilder builder;
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);  // a port clash fails loudly
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", feed_port),
                           grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> feed_server = builder.BuildAndStart();
  if (feed_server == nullptr) {
    std::cerr << "analytics_bench: cannot serve the feed on 127.0.0.1:" << feed_port << "\n";
    return 1;
  }
  // The feed's stream stays open until cancelled: every way out ends it.
  absl::Cleanup stop_feed = [&feed_server] {
    feed_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  };
  // A database kept from an earlier run with the same flags (scripts/bench's BENCH_DB_DIR)
  // already holds the whole feed: nothing to ingest, so nothing is timed; the queries below
  // are, against the same facts (the row counts below check that they are the same).
  if (kept_position.has_value() && *kept_position >= totals.events) {
    std::cout << "ingest: not timed: the database kept from an earlier run already holds all "
              << totals.events << " events (stored position " << *kept_position << ")\n";
  } else if (kept_position.has_value() && *kept_position > 0) {
    // An ingest cut short (e.g. a session's end): finish it, untimed.
    std::cout << "ingest: not timed: resuming the kept database's ingest at position "
              << *kept_position << " of " << totals.events << std::endl;
    if (!AwaitIngest(service, pool, totals.events, stall, *cpu).ok) return 1;
  } else {
    std::cout << "load average at the start of ingest: " << LoadAverage() << std::endl;
    // Read before the consumer subscribes: what its retries send until then is a few
    // statements a second.
    const std::optional<StatementCounts> counts_before = ReadStatementCounts(pool);
    const IngestResult ingest = AwaitIngest(service, pool, totals.events, stall, *cpu);
    const std::optional<StatementCounts> counts_after = ReadStatementCounts(pool);
    std::cout << "load average at the end of ingest: " << LoadAverage() << "\n";
    if (!ingest.ok) return 1;
    const double events_per_s = totals.events / ingest.seconds;
    std::cout << absl::StrFormat(
        "ingest: %d events (%d order lines) from the first Subscribe to the stored position "
        "%d in %.1f s: %.0f events/s, %.0f orders placed/s, %.0f order lines/s (goal >= 20000 "
        "events/s); %d subscribe(s)\n",
        totals.events, totals.lines, totals.events, ingest.seconds, events_per_s,
        totals.orders / ingest.seconds, totals.lines / ingest.seconds, service.subscribes());
    std::cout << "ingest CPU ms per event: " << CpuMsPer(*cpu, ingest.cpu_seconds, totals.events)
              << "\n";
    if (counts_before && counts_after) {
      // The bench's own polls of the position (one statement each) are in the count too.
      std::cout << absl::StrFormat(
          "ingest SQL per event (MariaDB's Questions and Com_commit, whole server): %.2f "
          "statements, %.4f commits\n",
          static_cast<double>(counts_after->statements - counts_before->statements) / totals.events,
          static_cast<double>(counts_after->commits - counts_before->commits) / totals.events);
    }
  }
  const int64_t stored_lines = ReadNumber(pool, "SELECT COUNT(*) FROM order_line_facts");
  const int64_t stored_orders = ReadNumber(pool, "SELECT COUNT(*) FROM order_facts");
  std::cout << absl::StrFormat("order lines ingested: %d in order_line_facts (%d orders)%s\n",
                               stored_lines, stored_orders,
                               stored_lines == totals.lines && stored_orders == totals.orders
                                   ? ""
                                   : "  <-- MISMATCH with the feed");

  // 2. Queries.
  AwaitIngestSettled(pool, settle);
  // The facts first: their scans must not push the rollup out of the buffer pool.
  WarmIndexes(pool, {"order_facts", "order_line_facts", "order_credit_facts", "return_facts",
                     "customer_facts", "kpi_days", "kpi_months", "input_days"});
  auto stub = av1::AnalyticsService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  const std::vector<KpiQuery> mix = QueryMix(feed, queries, shape.seed);
  const std::vector<KpiQuery> warmup = QueryMix(feed, kWarmupQueries, shape.seed + 1);
  int64_t failures = 0;
  for (const KpiQuery& q : warmup) {
    av1::KpiReport report;
    const grpc::Status status = CallGetKpis(*stub, q.request, &report);
    if (!status.ok()) {
      std::cerr << "analytics_bench: GetKpis (warm-up): " << status.error_message() << "\n";
      return 1;
    }
  }
  const int compared = std::min(sql_queries, queries);
  // The calls SQL answers too, spread evenly over the mix: the first calls after the warm-up
  // still find colder caches than the rest, and would stand for all of them.
  std::vector<int> compared_calls;
  for (int j = 0; j < compared; ++j) {
    compared_calls.push_back(static_cast<int>(static_cast<int64_t>(j) * queries / compared));
  }
  std::vector<int> compared_index(queries, -1);
  for (int j = 0; j < compared; ++j) compared_index[compared_calls[j]] = j;
  std::vector<av1::KpiReport> reports(compared);
  std::vector<int64_t> grpc_ns(compared, 0);
  GroupedLatencies grpc_latency;
  const std::vector<std::optional<double>> cpu_before_grpc = CpuNow(*cpu);
  for (int i = 0; i < queries; ++i) {
    av1::KpiReport report;
    const Clock::time_point begin = Clock::now();
    const grpc::Status status = CallGetKpis(*stub, mix[i].request, &report);
    const Clock::time_point end = Clock::now();
    if (!status.ok()) {
      ++failures;
      grpc_latency.RecordError(GroupsOf(mix[i]), status.error_code(), status.error_message());
      continue;
    }
    grpc_latency.Record(GroupsOf(mix[i]), begin, end);
    if (const int j = compared_index[i]; j >= 0) {
      reports[j] = std::move(report);
      grpc_ns[j] = std::chrono::duration_cast<std::chrono::nanoseconds>(end - begin).count();
    }
  }

  // The same answers from the facts: three periods each, on one connection in autocommit
  // like the service's reads.
  const std::vector<std::optional<double>> grpc_cpu = CpuSince(*cpu, cpu_before_grpc);
  GroupedLatencies sql_latency;
  const std::vector<std::optional<double>> cpu_before_sql = CpuNow(*cpu);
  std::vector<int64_t> like_grpc_ns;
  std::vector<double> call_ratios;  // each answered call's SQL time / its GetKpis time
  int64_t mismatches = 0;
  int answered = 0;
  const absl::Time sql_stop = absl::Now() + sql_budget;
  for (int i = 0; i < compared && absl::Now() < sql_stop; ++i) {
    if (grpc_ns[i] == 0) continue;  // its GetKpis failed
    const av1::KpiReport& report = reports[i];
    const std::vector<std::pair<std::string, const av1::Period*>> periods = {
        {"period", &report.period()},
        {"previous period", &report.vs_previous().base()},
        {"year before", &report.vs_year_before().base()}};
    std::vector<sales::loadgen::FactFigures> figures;
    const Clock::time_point begin = Clock::now();
    const absl::Status status = sales::db::RunReadOnly(
        pool, absl::Now() + absl::Minutes(30), [&](sales::db::Transaction& tx) {
          figures.clear();
          for (const auto& [name, period] : periods) {
            figures.push_back(sales::loadgen::AggregateFacts(
                tx, report.slice(), period->first_day(), period->last_day()));
          }
          return absl::OkStatus();
        });
    const Clock::time_point end = Clock::now();
    if (!status.ok()) {
      ++failures;
      sql_latency.RecordError(GroupsOf(mix[compared_calls[i]]), static_cast<int>(status.code()),
                              std::string(sales::ToStd(status.message())));
      continue;
    }
    sql_latency.Record(GroupsOf(mix[compared_calls[i]]), begin, end);
    like_grpc_ns.push_back(grpc_ns[i]);
    call_ratios.push_back(
        static_cast<double>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(end - begin).count()) /
        static_cast<double>(grpc_ns[i]));
    ++answered;
    const std::vector<const av1::KpiValues*> values = {&report.values(),
                                                       &report.vs_previous().base_values(),
                                                       &report.vs_year_before().base_values()};
    for (size_t p = 0; p < periods.size(); ++p) {
      const std::vector<std::string> diff = sales::loadgen::CompareFigures(figures[p], *values[p]);
      if (diff.empty()) continue;
      ++mismatches;
      std::cout << "!!! MISMATCH between GetKpis and SQL over the facts: "
                << mix[compared_calls[i]].request.ShortDebugString() << ", " << periods[p].first
                << " " << periods[p].second->first_day() << ".." << periods[p].second->last_day()
                << ":\n";
      for (const std::string& d : diff) std::cout << "!!!   " << d << "\n";
    }
  }
  const std::vector<std::optional<double>> sql_cpu = CpuSince(*cpu, cpu_before_sql);
  pool.Close();

  std::cout << absl::StrFormat(
      "KPI queries at %d order lines: GetKpis over gRPC, one caller, %d calls (after %d "
      "warm-up); each answers a period, the previous period and the year before\n",
      totals.lines, queries, kWarmupQueries);
  sales::loadgen::PrintTable(std::cout, grpc_latency.Rows("GetKpis", GroupOrder()));
  std::cout << absl::StrFormat(
      "the same answers by plain SQL aggregates over the facts (3 periods each), for %d of "
      "the same calls, spread evenly over them%s\n",
      answered, answered < compared ? absl::StrCat(" (stopped by --sql_seconds)") : "");
  sales::loadgen::PrintTable(std::cout, sql_latency.Rows("SQL", GroupOrder()));
  std::sort(like_grpc_ns.begin(), like_grpc_ns.end());
  const double like_p50 = sales::loadgen::Percentile(like_grpc_ns, 0.50) / 1e6;
  const double like_p99 = sales::loadgen::Percentile(like_grpc_ns, 0.99) / 1e6;
  const sales::loadgen::PhaseStats sql_all = sql_latency.Stats("all");
  const sales::loadgen::PhaseStats grpc_all = grpc_latency.Stats("all");
  std::cout << absl::StrFormat(
      "GetKpis p50 %.3f ms, p99 %.3f ms over %d calls (goal p99 < 5 ms)\n"
      "on the %d calls both answered: GetKpis p50 %.3f ms / p99 %.3f ms, SQL p50 %.3f ms / p99 "
      "%.3f ms; SQL/GetKpis: p50 %s, p99 %s (goal >= 1000x at 10M lines)\n",
      grpc_all.p50_ms, grpc_all.p99_ms, grpc_all.ops, answered, like_p50, like_p99, sql_all.p50_ms,
      sql_all.p99_ms, Ratio(sql_all.p50_ms, like_p50), Ratio(sql_all.p99_ms, like_p99));
  PrintRatiosByGroup(grpc_latency, sql_latency);
  if (!call_ratios.empty()) {
    const auto [lowest, highest] = std::minmax_element(call_ratios.begin(), call_ratios.end());
    std::cout << absl::StrFormat(
        "per call (each answer's SQL time / its own GetKpis time, %d calls): median %.0fx, "
        "lowest %.0fx, highest %.0fx\n",
        call_ratios.size(), sales::loadgen::Median(call_ratios), *lowest, *highest);
  }
  // CPU moves much less than time with the machine's other work.
  std::cout << "CPU ms per GetKpis call (gRPC phase): "
            << CpuMsPer(*cpu, grpc_cpu, std::max(1, queries)) << "\n";
  std::cout << "CPU ms per SQL answer (SQL phase): "
            << CpuMsPer(*cpu, sql_cpu, std::max(1, answered)) << "\n";
  std::cout << absl::StrFormat(
      "answers compared field by field: %d calls x 3 periods, %d mismatch(es)%s\n", answered,
      mismatches, mismatches == 0 ? "" : "  <-- !!! MISMATCH");

  // 3. Rebuild: the replay from 0 (the feed is still served), then the same answers again.
  int64_t rebuild_differences = 0;
  if (rebuild) {
    std::cout << "load average at the start of the rebuild: " << LoadAverage() << std::endl;
    const RebuildResult r = RunRebuild(*stub, stall, *cpu);
    std::cout << "load average at the end of the rebuild: " << LoadAverage() << "\n";
    if (!r.ok) {
      std::cout << "!!! rebuild failed: " << r.error << "\n";
      ++failures;
    } else {
      std::cout << absl::StrFormat(
          "rebuild: replayed %d events (%d order lines) in %.1f s (server's start to end "
          "time): %.0f events/s\n",
          r.orders_target, totals.lines, r.seconds, r.orders_target / r.seconds);
      std::cout << "rebuild CPU ms per event: " << CpuMsPer(*cpu, r.cpu_seconds, r.orders_target)
                << "\n";
      int asked = 0;
      for (int i = 0; i < compared; ++i) {
        if (grpc_ns[i] == 0) continue;
        av1::KpiReport after;
        if (!CallGetKpis(*stub, mix[compared_calls[i]].request, &after).ok()) {
          ++failures;
          continue;
        }
        ++asked;
        const av1::KpiReport& before = reports[i];
        if (after.values().SerializeAsString() != before.values().SerializeAsString() ||
            after.vs_previous().base_values().SerializeAsString() !=
                before.vs_previous().base_values().SerializeAsString() ||
            after.vs_year_before().base_values().SerializeAsString() !=
                before.vs_year_before().base_values().SerializeAsString()) {
          ++rebuild_differences;
          std::cout << "!!! MISMATCH after the rebuild: "
                    << mix[compared_calls[i]].request.ShortDebugString()
                    << "\n!!!   before: " << before.values().ShortDebugString()
                    << "\n!!!   after:  " << after.values().ShortDebugString() << "\n";
        }
      }
      std::cout << absl::StrFormat(
          "after the rebuild: %d GetKpis answers compared with those before it, %d differ%s\n",
          asked, rebuild_differences, rebuild_differences == 0 ? "" : "  <-- !!! MISMATCH");
    }
  }
  if (mismatches > 0 || rebuild_differences > 0 || stored_lines != totals.lines) return 3;
  return failures == 0 ? 0 : 3;
}
