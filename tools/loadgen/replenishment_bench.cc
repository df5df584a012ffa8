// replenishment_bench: GetReplenishment at 1,000 and 5,000 product and warehouse pairs
// (scripts/bench replenishment).
//
// 1. Writes --pairs pairs (products x --warehouses) of daily sales over --days days ending
//    yesterday straight into the analytics schema's facts (orders of up to 20 lines, each
//    pair selling on about --sale_day_percent of the days, 60 by default), restocked
//    returns on about 2% of the orders, a stock level per pair, recorded settings for every
//    other product and an open expected receipt for every fifth pair: the replenishment
//    read's input, without a feed.
// 2. Times GetReplenishment over gRPC (every pair; latency and the CPU each watched process
//    spent per call): the first call, which fits every pair's forecast, then --repeats calls
//    that find the forecasts kept; the forecast models' mix. --repeats times each, in this
//    process the demand read alone (one
//    statement grouped per product, warehouse and day in SQL, store::LoadWarehouseDemand)
//    and the same read one statement per pair on a sample of pairs (the shape it must not
//    take), extrapolated to every pair and labelled so; and the forecasts alone
//    (domain::PlanReplenishment on every pair's series).
// 3. Prints the figures with the load average before and after.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "services/analytics/src/domain/holt_winters.h"
#include "services/analytics/src/domain/replenishment.h"
#include "services/analytics/src/store/order_warehouse_store.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/row_writer.h"

namespace {

using sales::loadgen::LoadAverage;

namespace av1 = ::sales::analytics::v1;
using sales::db::SqlParam;
using sales::loadgen::RowWriter;

constexpr int kLinesPerOrder = 20;
constexpr absl::Duration kCallDeadline = absl::Minutes(20);
// Per-pair statements timed on this many pairs, then extrapolated.
constexpr size_t kPerPairSample = 20;
// Pairs the former model selection is timed on.
constexpr int kOldSelectionSample = 200;

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

struct Shape {
  double sale_day_share = 0.6;  // the share of days a pair sells on
  int products = 0;
  int warehouses = 0;
  int days = 0;
  absl::CivilDay last_day;  // yesterday
  absl::TimeZone zone;
};

std::string Warehouse(int w) { return absl::StrCat("WH", w + 1); }
std::string Product(int p) { return absl::StrCat("products/", p + 1); }

struct Written {
  int64_t orders = 0, lines = 0, returns = 0;
};

std::optional<Written> WriteFacts(sales::db::ConnectionPool& pool, const Shape& s) {
  RowWriter orders(pool,
                   "INSERT INTO order_facts (order_name, customer, channel, region, create_time, "
                   "day, counted, imported, units, gross_minor, discount_minor, cost_minor) "
                   "VALUES ",
                   12);
  RowWriter lines(pool,
                  "INSERT INTO order_line_facts (order_name, line_id, product, category, "
                  "quantity, gross_minor, discount_minor, cost_minor) VALUES ",
                  8);
  RowWriter warehouses(pool, "INSERT INTO order_warehouse_facts (order_name, warehouse) VALUES ",
                       2);
  RowWriter returns(pool,
                    "INSERT INTO return_facts (return_name, order_name, customer, resolve_time, "
                    "day, units, refund_minor, cost_minor, restocked) VALUES ",
                    9);
  RowWriter return_lines(pool,
                         "INSERT INTO return_line_facts (return_name, line_no, product, "
                         "category, quantity, net_minor, cost_minor) VALUES ",
                         7);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Written w;
  const absl::CivilDay first = s.last_day - (s.days - 1);
  for (int d = 0; d < s.days; ++d) {
    const absl::CivilDay day = first + d;
    const absl::Time at =
        absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0), s.zone);
    for (int wh = 0; wh < s.warehouses; ++wh) {
      std::vector<std::pair<int, int64_t>> sold;  // product, units
      for (int p = 0; p < s.products; ++p) {
        if (uniform(rng) >= s.sale_day_share) continue;
        // 1 to 6 units, more on weekends (days 5 and 6 of the week from the first day).
        sold.emplace_back(p, 1 + static_cast<int64_t>(uniform(rng) * 4) + (d % 7 >= 5 ? 2 : 0));
      }
      for (size_t i = 0; i < sold.size(); i += kLinesPerOrder) {
        const std::string order = absl::StrCat("orders/", ++w.orders);
        int64_t units = 0;
        const size_t end = std::min(sold.size(), i + kLinesPerOrder);
        for (size_t j = i; j < end; ++j) {
          const int64_t q = sold[j].second;
          units += q;
          lines.Add({order, static_cast<int64_t>(j - i + 1), Product(sold[j].first),
                     std::string("bench"), q, q * 1000, int64_t{0}, q * 600});
          ++w.lines;
        }
        orders.Add({order, std::string("customers/1"), std::string("CHANNEL_WEB"),
                    std::string("north"), at, DayText(day), int64_t{1}, int64_t{0}, units,
                    units * 1000, int64_t{0}, units * 600});
        warehouses.Add({order, Warehouse(wh)});
        // About 2% of the orders: the first line's units back to stock 3 days later.
        if (d + 3 < s.days && uniform(rng) < 0.02) {
          const std::string ret = absl::StrCat("returns/", ++w.returns);
          const int64_t q = sold[i].second;
          const absl::CivilDay back = day + 3;
          returns.Add({ret, order, std::string("customers/1"), at + absl::Hours(72), DayText(back),
                       q, q * 1000, q * 600, true});
          return_lines.Add({ret, int64_t{1}, Product(sold[i].first), std::string("bench"), q,
                            q * 1000, q * 600});
        }
      }
    }
    for (RowWriter* writer : {&orders, &lines, &warehouses, &returns, &return_lines}) {
      if (!writer->status().ok()) {
        std::cerr << "replenishment_bench: writing facts: " << writer->status().message() << "\n";
        return std::nullopt;
      }
    }
  }
  for (RowWriter* writer : {&orders, &lines, &warehouses, &returns, &return_lines}) {
    writer->Flush();
    if (!writer->status().ok()) {
      std::cerr << "replenishment_bench: writing facts: " << writer->status().message() << "\n";
      return std::nullopt;
    }
  }
  return w;
}

// Stock of every pair (20 to 419 units), settings for every other product (all
// warehouses), an open receipt of 50 units due in 5 days for every fifth pair.
bool WriteInputs(sales::db::ConnectionPool& pool, const Shape& s) {
  RowWriter stock(pool, "INSERT INTO stock_levels (product, warehouse, on_hand, reserved) VALUES ",
                  4);
  RowWriter settings(pool,
                     "INSERT INTO replenishment_settings (product_id, product, warehouse, "
                     "lead_time_days, lead_time_sd_days, service_level, cover_days, "
                     "update_time) VALUES ",
                     8);
  RowWriter receipts(pool,
                     "INSERT INTO expected_receipts (product, warehouse, units, expected_day, "
                     "reference, state, create_time, update_time) VALUES ",
                     8);
  const absl::Time now = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
  int64_t pair = 0;
  for (int p = 0; p < s.products; ++p) {
    if (p % 2 == 0) {
      settings.Add({int64_t{p + 1}, Product(p), std::string(), int64_t{21}, std::string("3"),
                    std::string("0.98"), nullptr, now});
    }
    for (int wh = 0; wh < s.warehouses; ++wh, ++pair) {
      stock.Add({Product(p), Warehouse(wh), int64_t{20} + (pair * 37) % 400, int64_t{0}});
      if (pair % 5 == 0) {
        receipts.Add({Product(p), Warehouse(wh), int64_t{50}, DayText(s.last_day + 6),
                      std::string("PO-bench"), int64_t{1}, now, now});
      }
    }
  }
  for (RowWriter* writer : {&stock, &settings, &receipts}) {
    writer->Flush();
    if (!writer->status().ok()) {
      std::cerr << "replenishment_bench: writing inputs: " << writer->status().message() << "\n";
      return false;
    }
  }
  return true;
}

// Waits until the server answers (its migrations done) before the facts are written.
bool AwaitServer(av1::AnalyticsService::Stub& stub) {
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    av1::Rebuild out;
    if (stub.GetRebuild(&ctx, av1::GetRebuildRequest(), &out).ok()) return true;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return false;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50053", "the analytics service's gRPC address");
  const int64_t pairs =
      flags.Int("pairs", "", 1000, 1, 5000, "product and warehouse pairs (products x warehouses)");
  const int64_t warehouse_count = flags.Int("warehouses", "", 5, 1, 100, "warehouses");
  const int64_t days = flags.Int("days", "", 182, 28, 730, "days of sales, ending yesterday");
  const int repeats = static_cast<int>(flags.Int("repeats", "", 3, 1, 100, "timed calls"));
  const int64_t sale_day_percent =
      flags.Int("sale_day_percent", "", 60, 1, 100,
                "percent of the days each pair sells on (60: average inter-demand interval 1.67, "
                "intermittent; 90: 1.11, smooth)");
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(
          flags.String("cpu_pids", "", "", "processes whose CPU per call to print, name=pid,..."));
  sales::ServerConfig server = sales::ReadServerConfig(flags, "analytics", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "replenishment_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "replenishment_bench: " << status.message() << "\n";
    return 2;
  }
  if (pairs % warehouse_count != 0) {
    std::cerr << "replenishment_bench: --pairs must be a multiple of --warehouses\n";
    return 2;
  }
  auto stub = av1::AnalyticsService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  if (!AwaitServer(*stub)) {
    std::cerr << "replenishment_bench: the analytics service at " << target
              << " did not answer in 60 s\n";
    return 1;
  }
  server.db.pool_size = 1;
  sales::db::ConnectionPool pool(server.db);
  Shape shape;
  shape.sale_day_share = static_cast<double>(sale_day_percent) / 100.0;
  shape.warehouses = static_cast<int>(warehouse_count);
  shape.products = static_cast<int>(pairs / warehouse_count);
  shape.days = static_cast<int>(days);
  shape.zone = server.business_time_zone;
  shape.last_day = absl::ToCivilDay(absl::Now(), shape.zone) - 1;

  absl::Time start = absl::Now();
  const std::optional<Written> written = WriteFacts(pool, shape);
  if (!written.has_value() || !WriteInputs(pool, shape)) return 1;
  std::cout << absl::StrFormat(
      "facts: %d pairs (%d products x %d warehouses), %d days: %d orders, %d lines, %d "
      "restocked returns written in %.1f s\n",
      pairs, shape.products, shape.warehouses, shape.days, written->orders, written->lines,
      written->returns, absl::ToDoubleSeconds(absl::Now() - start));
  std::cout << "load average before the calls: " << LoadAverage() << "\n" << std::flush;

  // 1. GetReplenishment over gRPC: the first call fits every pair's forecast; the next ones
  // find them kept (the facts written above do not move the orders feed).
  auto call = [&](av1::ReplenishmentReport& report) -> std::optional<double> {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
    const absl::Time t0 = absl::Now();
    const grpc::Status status =
        stub->GetReplenishment(&ctx, av1::GetReplenishmentRequest(), &report);
    if (!status.ok()) {
      std::cerr << "replenishment_bench: GetReplenishment: " << status.error_message() << "\n";
      return std::nullopt;
    }
    return absl::ToDoubleSeconds(absl::Now() - t0);
  };
  // The CPU each watched process spent over `calls` calls since `before`, as text.
  auto cpu_since = [&](const std::vector<std::optional<double>>& before, int calls) {
    std::string text;
    for (size_t i = 0; i < cpu->size(); ++i) {
      const std::optional<double> after = sales::loadgen::ProcessCpuSeconds((*cpu)[i].pid);
      if (after && before[i]) {
        absl::StrAppend(&text, absl::StrFormat(", %s CPU %.3f s/call", (*cpu)[i].name,
                                               (*after - *before[i]) / calls));
      }
    }
    return text;
  };
  auto cpu_now = [&] {
    std::vector<std::optional<double>> out;
    for (const auto& p : *cpu) out.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
    return out;
  };
  av1::ReplenishmentReport report;
  std::vector<std::optional<double>> cpu_before = cpu_now();
  const std::optional<double> first_seconds = call(report);
  if (!first_seconds) return 3;
  const std::string first_cpu = cpu_since(cpu_before, 1);
  std::map<std::string, int> models;
  int64_t on_order = 0, recorded = 0;
  for (const av1::ReplenishmentLine& l : report.lines()) {
    on_order += l.on_order_within_lead_time() > 0 ? 1 : 0;
    recorded += l.policy().lead_time_source() == av1::SETTING_SOURCE_RECORDED_PRODUCT ? 1 : 0;
    ++models[l.forecast_model()];
  }
  std::string mix;
  for (const auto& [model, n] : models) {
    absl::StrAppend(&mix, mix.empty() ? "" : ", ", model, " ", n);
  }
  std::cout << absl::StrFormat(
      "GetReplenishment first call (every pair fitted, gRPC): %.3f s%s; %d lines, %d skipped, "
      "%d alerts, %d with receipts on order, %d on recorded settings; forecast models: %s\n",
      *first_seconds, first_cpu, report.lines_size(), report.skipped_size(), report.alerts_size(),
      on_order, recorded, mix);
  std::vector<double> rpc_seconds;
  cpu_before = cpu_now();
  bool same = true;
  for (int i = 0; i < repeats; ++i) {
    av1::ReplenishmentReport again;
    const std::optional<double> seconds = call(again);
    if (!seconds) return 3;
    rpc_seconds.push_back(*seconds);
    same = same && again.lines_size() == report.lines_size() &&
           again.forecast_fit_time().seconds() == report.forecast_fit_time().seconds();
  }
  std::cout << absl::StrFormat(
      "GetReplenishment kept forecasts (gRPC): median %.3f s, max %.3f s over %d calls%s; %s\n",
      Median(rpc_seconds), *std::max_element(rpc_seconds.begin(), rpc_seconds.end()), repeats,
      cpu_since(cpu_before, repeats),
      same ? "same forecasts as the first call" : "REFITTED (the forecasts' fit time changed)");

  // 2. The demand read alone: one statement for every pair.
  const absl::CivilDay today = shape.last_day + 1;
  const absl::CivilDay first = today - shape.days;
  std::vector<double> read_seconds;
  std::vector<sales::analytics::store::WarehouseDay> demand;
  for (int i = 0; i < repeats; ++i) {
    const absl::Time t0 = absl::Now();
    const absl::Status status =
        sales::db::RunReadOnly(pool, absl::Now() + kCallDeadline, [&](sales::db::Transaction& tx) {
          demand = sales::analytics::store::LoadWarehouseDemand(tx, first, today, "", "");
          return absl::OkStatus();
        });
    if (!status.ok()) {
      std::cerr << "replenishment_bench: demand read: " << status.message() << "\n";
      return 3;
    }
    read_seconds.push_back(absl::ToDoubleSeconds(absl::Now() - t0));
  }
  std::cout << absl::StrFormat(
      "demand read, one statement for every pair: median %.3f s, %d rows (product, warehouse, "
      "day)\n",
      Median(read_seconds), demand.size());

  // The same read one statement per pair, on a sample.
  const size_t sample = std::min<size_t>(kPerPairSample, static_cast<size_t>(pairs));
  const absl::Time t0 = absl::Now();
  const absl::Status per_pair =
      sales::db::RunReadOnly(pool, absl::Now() + kCallDeadline, [&](sales::db::Transaction& tx) {
        for (size_t i = 0; i < sample; ++i) {
          const int p = static_cast<int>(i) / shape.warehouses;
          const int wh = static_cast<int>(i) % shape.warehouses;
          sales::analytics::store::LoadWarehouseDemand(tx, first, today, Product(p), Warehouse(wh));
        }
        return absl::OkStatus();
      });
  if (!per_pair.ok()) {
    std::cerr << "replenishment_bench: per-pair reads: " << per_pair.message() << "\n";
    return 3;
  }
  const double per_pair_seconds = absl::ToDoubleSeconds(absl::Now() - t0) / sample;
  std::cout << absl::StrFormat(
      "demand read, one statement per pair (not what the service does): %.4f s per pair on %d "
      "pairs, so about %.1f s for all %d (extrapolated, not measured)\n",
      per_pair_seconds, sample, per_pair_seconds * static_cast<double>(pairs), pairs);

  // 3. The forecasts alone, on one thread, on the series the read returned (sold - returned
  // per day).
  std::map<std::pair<std::string, std::string>, std::map<absl::CivilDay, double>> series;
  for (const auto& d : demand) {
    series[{d.product, d.warehouse}][d.day] += static_cast<double>(d.units - d.returned);
  }
  const absl::Time f0 = absl::Now();
  const std::optional<double> f0_cpu = sales::loadgen::ProcessCpuSeconds(0);
  int fitted = 0;
  for (const auto& [key, days_of] : series) {
    const absl::CivilDay from = days_of.begin()->first;
    std::vector<double> values(static_cast<size_t>(today - from), 0.0);
    for (const auto& [day, n] : days_of) values[static_cast<size_t>(day - from)] += n;
    sales::analytics::domain::ReplenishmentPolicy policy;
    if (sales::analytics::domain::PlanReplenishment(values, 100, policy).ok()) ++fitted;
  }
  const double fit_seconds = absl::ToDoubleSeconds(absl::Now() - f0);
  const std::optional<double> f1_cpu = sales::loadgen::ProcessCpuSeconds(0);
  const double fit_cpu = f0_cpu && f1_cpu ? *f1_cpu - *f0_cpu : 0.0;
  std::cout << absl::StrFormat(
      "forecasts alone (domain::PlanReplenishment, one thread, in this process): %.3f s for %d "
      "pairs, %.2f ms a pair; CPU %.3f s, %.2f ms a pair\n",
      fit_seconds, fitted, fitted > 0 ? 1000 * fit_seconds / fitted : 0.0, fit_cpu,
      fitted > 0 ? 1000 * fit_cpu / fitted : 0.0);
  // The selection every pair had before (every Holt-Winters candidate, multiplicative
  // seasons included, whatever the pattern), on a sample, for the per-fit cost's ratio.
  const absl::Time s0 = absl::Now();
  const std::optional<double> s0_cpu = sales::loadgen::ProcessCpuSeconds(0);
  int sampled = 0;
  for (const auto& [key, days_of] : series) {
    if (sampled == kOldSelectionSample) break;
    const absl::CivilDay from = days_of.begin()->first;
    std::vector<double> values(static_cast<size_t>(today - from), 0.0);
    for (const auto& [day, n] : days_of) values[static_cast<size_t>(day - from)] += n;
    if (sales::analytics::domain::SelectHoltWinters(values, 7).ok()) ++sampled;
  }
  const double old_seconds = absl::ToDoubleSeconds(absl::Now() - s0);
  const std::optional<double> s1_cpu = sales::loadgen::ProcessCpuSeconds(0);
  const double old_cpu = s0_cpu && s1_cpu ? *s1_cpu - *s0_cpu : 0.0;
  std::cout << absl::StrFormat(
      "every Holt-Winters candidate on each pair (the selection before the intermittent-demand "
      "rule), one thread, on the first %d pairs: %.2f ms a pair; CPU %.2f ms a pair\n",
      sampled, sampled > 0 ? 1000 * old_seconds / sampled : 0.0,
      sampled > 0 ? 1000 * old_cpu / sampled : 0.0);
  std::cout << "load average after the calls: " << LoadAverage() << "\n";
  return 0;
}
