// incentives_statement_bench: the statements of a month for many reps over many credits.
//
// 1. Creates a fresh database (--db_name, dropped first) on the MariaDB given by --db_host,
//    --db_port, --db_user, --db_password, applies the incentives migrations, and writes
//    straight into it: --teams teams, --reps reps (one team each), one plan published for
//    the month and assigned to every team (marginal tiers with an accelerator, a margin
//    commission on one category, a SPIFF, a monthly bonus, an allowance), a revenue target
//    per rep, and --credits credits over the month (every tenth a reversal of the one
//    before), each with two lines (packed into the credit's row, as ingest writes them).
// 2. Times the statements of every rep for the month, --repeats times: in process
//    (StatementBuilder::Compute, the code ListStatements runs) and over gRPC (ListStatements
//    of an in-process server, pages of 500 reps: the page-size limit), and prints the seconds, the
//    rows read, the statements and the sum of their totals.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "services/incentives/src/api/incentives_service.h"
#include "services/incentives/src/api/statement_builder.h"
#include "services/incentives/src/store/packed_lines.h"
#include "tools/loadgen/cpu_usage.h"

namespace sales::incentives {
std::vector<db::Migration> Migrations();
}  // namespace sales::incentives

namespace {

namespace iv1 = ::sales::incentives::v1;
using sales::db::SqlParam;

constexpr char kMonth[] = "2026-10";
constexpr int kMonthDays = 31;
constexpr int kChunkRows = 2000;

std::string Day(int day) { return absl::StrFormat("2026-10-%02d", day); }

// Inserts `rows` (row-major, `width` values each) in transactions of kChunkRows rows.
void Insert(sales::db::ConnectionPool& pool, const std::string& prefix, int width,
            const std::vector<SqlParam>& rows) {
  const size_t per_chunk = static_cast<size_t>(kChunkRows) * width;
  for (size_t at = 0; at < rows.size(); at += per_chunk) {
    const std::vector<SqlParam> chunk(rows.begin() + at,
                                      rows.begin() + std::min(rows.size(), at + per_chunk));
    const absl::Status status =
        sales::db::RunInTransaction(pool, absl::Now() + absl::Minutes(5), [&](auto& tx) {
          sales::db::ExecRows(tx, prefix, width, chunk);
          return absl::OkStatus();
        });
    if (!status.ok()) {
      std::cerr << "insert failed: " << status << "\n";
      std::exit(1);
    }
  }
}

iv1::PlanVersion Terms() {
  iv1::PlanVersion v;
  v.set_attainment_basis(iv1::BASIS_REVENUE);
  v.set_clawback_policy(iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE);
  v.set_reversal_period(iv1::REVERSAL_PERIOD_RETURN);
  iv1::Component* c = v.add_components();
  c->set_id("commission");
  c->mutable_commission()->set_basis(iv1::BASIS_REVENUE);
  c->mutable_commission()->set_tier_mode(iv1::TIER_MODE_MARGINAL);
  for (auto [from, rate] : {std::pair{0, 20000}, {8000, 40000}, {10000, 60000}}) {
    iv1::Tier* t = c->mutable_commission()->add_tiers();
    t->set_from_bp(from);
    t->set_rate_ppm(rate);
  }
  c = v.add_components();
  c->set_id("tea-margin");
  c->mutable_commission()->set_basis(iv1::BASIS_GROSS_MARGIN);
  c->mutable_commission()->add_categories("cat1");
  c->mutable_commission()->set_rate_ppm(50000);
  c = v.add_components();
  c->set_id("spiff");
  c->mutable_spiff()->set_product("products/7");
  c->mutable_spiff()->set_amount_per_unit(500);
  c->mutable_spiff()->set_first_day(Day(10));
  c->mutable_spiff()->set_last_day(Day(20));
  c = v.add_components();
  c->set_id("bonus");
  c->mutable_bonus()->set_frequency(iv1::BONUS_FREQUENCY_MONTHLY);
  iv1::BonusThreshold* b = c->mutable_bonus()->add_thresholds();
  b->set_attainment_bp(10000);
  b->set_amount(100000);
  c = v.add_components();
  c->set_id("transport");
  c->mutable_allowance()->set_amount(50000);
  return v;
}

void Fill(sales::db::ConnectionPool& pool, int teams, int reps, int credits) {
  const std::string now = "2026-10-01 00:00:00";
  std::vector<SqlParam> rows;
  for (int t = 1; t <= teams; ++t) {
    rows.insert(rows.end(), {int64_t{t}, absl::StrCat("Team ", t), now, now});
  }
  Insert(pool, "INSERT INTO teams (id, display_name, created_at, updated_at) VALUES ", 4, rows);
  rows.clear();
  std::vector<SqlParam> spans;
  std::vector<SqlParam> targets;
  for (int r = 0; r < reps; ++r) {
    const std::string id = absl::StrFormat("r%05d", r);
    rows.insert(rows.end(), {id, absl::StrCat("Rep ", r), now, now});
    spans.insert(spans.end(), {id, int64_t{r % teams + 1}, std::string("2020-01-01")});
    targets.insert(targets.end(), {int64_t{1}, std::string(kMonth), int64_t{3}, id,
                                   int64_t{2500000}, std::string("2026-11-01 00:00:00"), now, now});
  }
  Insert(pool, "INSERT INTO reps (rep_id, display_name, created_at, updated_at) VALUES ", 4, rows);
  Insert(pool, "INSERT INTO memberships (rep_id, team_id, first_day) VALUES ", 3, spans);
  Insert(pool,
         "INSERT INTO targets (metric, period, owner_kind, owner_key, amount, deadline, "
         "created_at, updated_at) VALUES ",
         8, targets);
  Insert(pool, "INSERT INTO plans (id, display_name, created_at) VALUES ", 3,
         {int64_t{1}, std::string("Bench plan"), now});
  Insert(pool,
         "INSERT INTO plan_versions (plan_id, version, state, effective_month, terms, used, "
         "created_at, published_at) VALUES ",
         8,
         {int64_t{1}, int64_t{1}, int64_t{2}, std::string(kMonth),
          absl::Base64Escape(Terms().SerializeAsString()), int64_t{0}, now, now});
  rows.clear();
  for (int t = 1; t <= teams; ++t) {
    rows.insert(rows.end(),
                {int64_t{1}, int64_t{2}, absl::StrCat(t), std::string("2020-01-01"), now});
  }
  Insert(pool,
         "INSERT INTO plan_assignments (plan_id, assignee_kind, assignee_key, first_day, "
         "created_at) VALUES ",
         5, rows);

  std::mt19937_64 rng(42);
  rows.clear();
  int64_t previous_revenue = 0;
  std::string previous_day;
  for (int64_t i = 1; i <= credits; ++i) {
    const bool reversal = i % 10 == 0;
    // A reversal takes back half of the credit before it, of the same rep and order.
    const std::string rep = absl::StrFormat("r%05d", (reversal ? i - 2 : i - 1) % reps);
    const std::string order = absl::StrCat("orders/", (reversal ? i - 1 : i));
    const int day = 1 + static_cast<int>(rng() % kMonthDays);
    int64_t revenue = 10000 + static_cast<int64_t>(rng() % 190000);
    int64_t units = 1 + static_cast<int64_t>(rng() % 5);
    std::string original_day;
    if (reversal) {
      revenue = -previous_revenue / 2;
      units = -1;
      original_day = previous_day;
    }
    const int64_t margin = revenue * 3 / 10;
    const std::string credit_day = reversal ? std::max(Day(day), previous_day) : Day(day);
    // Two lines: the first product of category cat(i % 5), the second products/7.
    const int64_t first_revenue = revenue / 2;
    const int64_t first_units = units / 2;
    const std::vector<sales::incentives::domain::CreditLine> lines = {
        {absl::StrCat("products/", 10 + i % 40),
         absl::StrCat("cat", i % 5),
         {first_revenue, first_revenue * 3 / 10, first_units}},
        {"products/7",
         "cat1",
         {revenue - first_revenue, margin - first_revenue * 3 / 10, units - first_units}}};
    rows.insert(rows.end(), {i, order, order, int64_t{reversal ? 2 : 1}, rep, int64_t{1},
                             int64_t{10000}, revenue, margin, units, credit_day, now,
                             reversal ? SqlParam(i - 1) : SqlParam(nullptr),
                             reversal ? SqlParam(original_day) : SqlParam(nullptr),
                             sales::incentives::store::PackLines(lines)});
    previous_revenue = revenue;
    previous_day = credit_day;
  }
  Insert(
      pool,
      "INSERT INTO credits (id, order_name, cause, cause_kind, rep_id, kind, share_bp, "
      "revenue, margin, units, day, credited_at, reverses_id, original_day, packed_lines) VALUES ",
      15, rows);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  sales::db::DbConfig admin;
  admin.host = flags.String("db_host", "SALES_DB_HOST", "127.0.0.1", "MariaDB host");
  admin.port = static_cast<int>(flags.Int("db_port", "SALES_DB_PORT", 3306, 1, 65535, "port"));
  admin.user = flags.String("db_user", "SALES_DB_USER", "sales_admin",
                            "a user that may create "
                            "databases");
  admin.password = flags.String("db_password", "SALES_DB_PASSWORD", "sales_admin", "its password");
  const std::string db_name =
      flags.String("db_name", "", "incentives_statement_bench", "database to (re)create");
  const int teams = static_cast<int>(flags.Int("teams", "", 20, 1, 1000, "teams"));
  const int reps = static_cast<int>(flags.Int("reps", "", 1000, 1, 100000, "reps"));
  const int credits =
      static_cast<int>(flags.Int("credits", "", 100000, 1, 10000000, "credits in the month"));
  const int repeats = static_cast<int>(flags.Int("repeats", "", 5, 1, 100, "timed runs"));
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << status.message() << "\n";
    return 2;
  }

  {
    admin.pool_size = 1;
    sales::db::ConnectionPool pool(admin);
    const absl::Status status =
        sales::db::RunInTransaction(pool, absl::Now() + absl::Minutes(1), [&](auto& tx) {
          tx.Exec(absl::StrCat("DROP DATABASE IF EXISTS `", db_name, "`"));
          tx.Exec(absl::StrCat("CREATE DATABASE `", db_name, "`"));
          return absl::OkStatus();
        });
    if (!status.ok()) {
      std::cerr << "cannot create the database: " << status << "\n";
      return 1;
    }
  }
  sales::db::DbConfig config = admin;
  config.database = db_name;
  config.pool_size = 4;
  sales::db::ConnectionPool pool(config);
  std::vector<sales::db::Migration> migrations = sales::db::CommonMigrations();
  for (sales::db::Migration& m : sales::incentives::Migrations()) migrations.push_back(m);
  if (auto applied = sales::db::ApplyMigrations(pool, migrations, absl::Now() + absl::Minutes(1));
      !applied.ok()) {
    std::cerr << "migrations failed: " << applied.status() << "\n";
    return 1;
  }
  const absl::Time fill_start = absl::Now();
  Fill(pool, teams, reps, credits);
  std::cout << absl::StrFormat("filled %d reps, %d teams, %d credits (%d lines) in %.1f s\n", reps,
                               teams, credits, 2 * credits,
                               absl::ToDoubleSeconds(absl::Now() - fill_start));

  sales::PageTokenCodec page_tokens("bench-secret");
  absl::TimeZone zone;
  absl::LoadTimeZone("Asia/Shanghai", &zone);
  const sales::incentives::api::HandlerContext ctx{&pool, &page_tokens, zone, "CNY", 2};
  const sales::incentives::domain::Period month{sales::incentives::domain::PeriodKind::kMonth, 2026,
                                                10};
  std::vector<std::string> rep_ids;
  for (int r = 0; r < reps; ++r) rep_ids.push_back(absl::StrFormat("r%05d", r));

  // In process: the builder ListStatements uses, for every rep at once.
  std::vector<double> seconds;
  std::vector<double> cpu;
  int64_t rows_read = 0;
  size_t statements = 0;
  int64_t total = 0;
  for (int run = 0; run < repeats; ++run) {
    const absl::Time start = absl::Now();
    const double cpu_start = sales::loadgen::ProcessCpuSeconds(getpid()).value_or(0);
    const absl::Status status =
        sales::db::RunReadOnly(pool, absl::Now() + absl::Minutes(5), [&](auto& tx) {
          sales::incentives::api::StatementBuilder builder(tx, ctx);
          const auto computed = builder.Compute(rep_ids, month);
          statements = computed.size();
          total = 0;
          for (const auto& [rep, s] : computed) total += s.total;
          rows_read = builder.rows_read();
          return absl::OkStatus();
        });
    if (!status.ok()) {
      std::cerr << "compute failed: " << status << "\n";
      return 1;
    }
    seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
    cpu.push_back(sales::loadgen::ProcessCpuSeconds(getpid()).value_or(0) - cpu_start);
  }
  std::cout << absl::StrFormat(
      "in process: %d statements of %s in %.3f s median (min %.3f s; bench CPU %.3f s median: "
      "the rest is MariaDB and waiting), %d rows read, total %d minor units\n",
      statements, kMonth, Median(seconds), *std::min_element(seconds.begin(), seconds.end()),
      Median(cpu), rows_read, total);

  // Over gRPC: ListStatements of an in-process server, pages of 500 reps (the most a page
  // holds); each page reads the month's credits once.
  sales::Metrics metrics("incentives");
  sales::RpcObserver observer(metrics, absl::Minutes(5));
  observer.MarkReady();  // the schema is migrated above
  sales::incentives::api::IncentivesService service(ctx, observer);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  builder.SetMaxSendMessageSize(256 * 1024 * 1024);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
  auto stub = iv1::IncentivesService::NewStub(grpc::CreateCustomChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials(), args));
  seconds.clear();
  int64_t bytes = 0;
  for (int run = 0; run < repeats; ++run) {
    const absl::Time start = absl::Now();
    iv1::ListStatementsRequest req;
    req.set_period(kMonth);
    req.set_page_size(500);
    statements = 0;
    total = 0;
    bytes = 0;
    do {
      grpc::ClientContext call;
      call.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(5)));
      iv1::ListStatementsResponse resp;
      const grpc::Status status = stub->ListStatements(&call, req, &resp);
      if (!status.ok()) {
        std::cerr << "ListStatements failed: " << status.error_message() << "\n";
        return 1;
      }
      for (const iv1::Statement& s : resp.statements()) total += s.total();
      statements += resp.statements_size();
      bytes += static_cast<int64_t>(resp.ByteSizeLong());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
  }
  std::cout << absl::StrFormat(
      "ListStatements over gRPC: %d statements in %.3f s median (min %.3f s), %d bytes, total "
      "%d minor units\n",
      statements, Median(seconds), *std::min_element(seconds.begin(), seconds.end()), bytes, total);
  server->Shutdown(std::chrono::system_clock::now());
  return 0;
}
