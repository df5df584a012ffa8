// The monthly rollup (kpi_months, migration V011) on the real MariaDB: after a random orders
// feed (placements, cancellations, returns, imports of older orders) ingested a batch at a
// time, every month row is the sum of its day rows, and RollupStore::SumRanges, which reads
// whole months from kpi_months and the days around them from kpi_days, answers exactly what
// the day rows alone sum to, for ranges that start or end mid-month, whole months, quarters,
// years and ranges across a year's end, for every slice dimension the rollup keeps. And the
// migration fills kpi_months from the day rows ingested before it.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/ingest/order_batch.h"
#include "services/analytics/src/store/fact_store.h"
#include "services/analytics/src/store/rollup_store.h"
#include "services/analytics/src/store/tables.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::analytics {
std::vector<db::Migration> Migrations();
}  // namespace sales::analytics

namespace sales::testing {
namespace {

namespace ev = ::sales::events::v1;
using analytics::domain::Dimension;
using analytics::domain::Measure;
using analytics::domain::Measures;
using analytics::domain::SliceKey;
using analytics::store::TableSet;

absl::Time Soon() { return absl::Now() + absl::Seconds(60); }

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class MonthRollupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone_));
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
  }

  // Applies the common migrations and those of analytics for which `keep(name)` holds.
  void Migrate(const std::function<bool(const std::string&)>& keep) {
    std::vector<db::Migration> migrations = db::CommonMigrations();
    for (db::Migration& m : analytics::Migrations()) {
      if (keep(m.name)) migrations.push_back(std::move(m));
    }
    const absl::StatusOr<int> applied = db::ApplyMigrations(*pool_, migrations, Soon());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  absl::Status Run(const std::function<void(db::Transaction&)>& work) {
    return db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
      work(tx);
      return absl::OkStatus();
    });
  }

  // A random orders feed over two years around new year 2026: orders of 1-3 lines over a
  // few products, categories and reps, some cancelled, some partly returned, some imported
  // out of order; applied in batches of 250 events, as the consumer does.
  void IngestRandomFeed() {
    std::mt19937_64 rng(20261201);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    const absl::Time first = absl::FromCivil(absl::CivilSecond(2025, 1, 1, 0, 0, 0), zone_);
    std::vector<ev::Event> events;
    std::vector<ev::OrderSnapshot> placed;
    for (int i = 0; i < 3000; ++i) {
      const int kind = pick(100);
      if (kind < 80 || placed.empty()) {
        ev::OrderSnapshot s;
        s.set_order(absl::StrCat("orders/", i));
        s.set_customer(absl::StrCat("customers/", pick(300)));
        s.set_channel(pick(2) == 0 ? "CHANNEL_WEB" : "CHANNEL_STORE");
        s.set_region(pick(2) == 0 ? "north" : "south");
        s.set_imported(pick(5) == 0);
        *s.mutable_create_time() = Ts(first + absl::Minutes(pick(2 * 365 * 24 * 60)));
        for (int l = 0, n = 1 + pick(3); l < n; ++l) {
          ev::LineSnapshot* line = s.add_lines();
          const int product = pick(12);
          line->set_line_id(l + 1);
          line->set_product(absl::StrCat("products/", product));
          line->set_category(absl::StrCat("category-", product % 4));
          line->set_quantity(1 + pick(4));
          line->set_subtotal_minor(100 + pick(20000));
          line->set_discount_minor(pick(90));
          line->set_cost_minor(pick(8000));
        }
        ev::CreditShare* credit = s.add_credits();
        credit->set_rep(absl::StrCat("reps/", pick(3)));
        credit->set_revenue_share_bp(10000);
        ev::Event e;
        e.set_type("order_placed");
        *e.mutable_order_placed()->mutable_order() = s;
        events.push_back(std::move(e));
        placed.push_back(std::move(s));
      } else if (kind < 90) {
        ev::Event e;
        e.set_type("order_status_changed");
        *e.mutable_order_status_changed()->mutable_order() =
            placed[static_cast<size_t>(pick(static_cast<int>(placed.size())))];
        e.mutable_order_status_changed()->set_to_status("ORDER_STATUS_CANCELLED");
        events.push_back(std::move(e));
      } else {
        const ev::OrderSnapshot& o =
            placed[static_cast<size_t>(pick(static_cast<int>(placed.size())))];
        ev::Event e;
        e.set_type("return_resolved");
        ev::ReturnResolved* r = e.mutable_return_resolved();
        r->set_return_name(absl::StrCat("returns/", i));
        r->set_order(o.order());
        r->set_customer(o.customer());
        r->set_channel(o.channel());
        r->set_region(o.region());
        *r->mutable_resolve_time() =
            Ts(absl::FromUnixSeconds(o.create_time().seconds()) + absl::Hours(24 * (1 + pick(40))));
        ev::RefundLine* line = r->add_lines();
        line->set_product(o.lines(0).product());
        line->set_category(o.lines(0).category());
        line->set_quantity(1);
        line->set_net_minor(50 + pick(500));
        line->set_cost_minor(pick(300));
        *r->add_credits() = o.credits(0);
        events.push_back(std::move(e));
      }
    }
    const analytics::ingest::IngestContext ctx{zone_, &facts_, &rollup_, TableSet::kLive};
    for (size_t begin = 0; begin < events.size(); begin += 250) {
      std::vector<const ev::Event*> batch;
      for (size_t i = begin; i < std::min(events.size(), begin + 250); ++i) {
        batch.push_back(&events[i]);
      }
      const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
        return analytics::ingest::ApplyOrderEvents(tx, ctx, batch);
      });
      ASSERT_TRUE(status.ok()) << status;
    }
  }

  // The sums over [from, to) as the day rows alone give them.
  Measures DayRowsSum(const SliceKey& slice, absl::CivilDay from, absl::CivilDay to) {
    Measures sum;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  sum = Measures();
                  for (const auto& [day, m] : rollup_.DailyMeasures(tx, slice, from, to)) sum += m;
                }).ok());
    return sum;
  }

  std::vector<Measures> SumRanges(
      const SliceKey& slice, const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
    std::vector<Measures> out;
    EXPECT_TRUE(Run([&](db::Transaction& tx) { out = rollup_.SumRanges(tx, slice, ranges); }).ok());
    return out;
  }

  // The rows of a query, as text.
  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> rows;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  rows.clear();
                  auto rs = tx.Query(sql);
                  const int columns = static_cast<int>(rs->getMetaData()->getColumnCount());
                  while (rs->next()) {
                    std::string row;
                    for (int c = 1; c <= columns; ++c) {
                      absl::StrAppend(&row, std::string(rs->getString(c)), "|");
                    }
                    rows.push_back(std::move(row));
                  }
                }).ok());
    return rows;
  }

  // The members of `dim` with a day row in [from, to), in order.
  std::vector<std::string> DayRowMembers(const std::string& dim, absl::CivilDay from,
                                         absl::CivilDay to) {
    std::vector<std::string> members;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  members.clear();
                  auto rs = tx.Query(
                      "SELECT DISTINCT member FROM kpi_days WHERE dim = ? AND day >= ? AND day < ? "
                      "ORDER BY member",
                      {dim, absl::FormatCivilTime(from), absl::FormatCivilTime(to)});
                  while (rs->next()) members.push_back(rs->getString(1));
                }).ok());
    return members;
  }

  // The day rows summed per month, as kpi_months' rows should be.
  std::vector<std::string> DayRowsByMonth() {
    return Rows(
        "SELECT dim, member, DATE_SUB(day, INTERVAL DAYOFMONTH(day) - 1 DAY) AS m, SUM(orders), "
        "SUM(units), SUM(gross_minor), SUM(discount_minor), SUM(net_minor), SUM(cost_minor), "
        "SUM(cancelled_orders), SUM(returns_count), SUM(returned_units), SUM(refund_minor), "
        "SUM(refund_cost_minor), SUM(new_customers), SUM(leads_created), SUM(leads_won), "
        "SUM(leads_lost), SUM(csat_responses), SUM(csat_satisfied), SUM(nps_responses), "
        "SUM(nps_promoters), SUM(nps_detractors) FROM kpi_days GROUP BY dim, member, m "
        "ORDER BY dim, member, m");
  }
  std::vector<std::string> MonthRows() {
    return Rows("SELECT * FROM kpi_months ORDER BY dim, member, month");
  }

  absl::TimeZone zone_;
  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
  const analytics::store::FactStore facts_{TableSet::kLive};
  const analytics::store::RollupStore rollup_{TableSet::kLive};
};

// The ranges compared: mid-month to mid-month, whole months, quarters, a year, a range across
// the new year, ranges within one month, a single day, an empty range, and the edges one
// day to either side of month starts.
std::vector<std::pair<absl::CivilDay, absl::CivilDay>> Ranges() {
  using D = absl::CivilDay;
  std::vector<std::pair<D, D>> ranges = {
      {D(2025, 1, 1), D(2026, 1, 1)},    // the year 2025
      {D(2025, 1, 1), D(2025, 4, 1)},    // Q1 2025
      {D(2025, 10, 1), D(2026, 1, 1)},   // Q4 2025
      {D(2026, 1, 1), D(2026, 4, 1)},    // Q1 2026
      {D(2025, 2, 1), D(2025, 3, 1)},    // February
      {D(2025, 2, 14), D(2025, 5, 20)},  // mid-month to mid-month
      {D(2025, 11, 30), D(2026, 2, 2)},  // across the new year, a day inside each edge month
      {D(2025, 3, 31), D(2025, 5, 1)},   // the last day of March, then April
      {D(2025, 3, 1), D(2025, 4, 2)},    // March, then a day of April
      {D(2025, 6, 3), D(2025, 6, 28)},   // within one month
      {D(2025, 7, 9), D(2025, 7, 10)},   // one day
      {D(2025, 8, 1), D(2025, 8, 1)},    // empty
      {D(2024, 6, 1), D(2027, 6, 1)},    // everything and more
  };
  return ranges;
}

TEST_F(MonthRollupTest, MonthRowsAreTheSumsOfTheirDayRowsAndRangesReadBothTheSame) {
  Migrate([](const std::string&) { return true; });
  IngestRandomFeed();
  const std::vector<std::string> months = MonthRows();
  ASSERT_GT(months.size(), 24u);  // two years of months for several members
  EXPECT_EQ(months, DayRowsByMonth());

  const std::vector<SliceKey> slices = {
      {Dimension::kAll, ""},
      {Dimension::kChannel, "CHANNEL_WEB"},
      {Dimension::kRegion, "south"},
      {Dimension::kProduct, "products/3"},
      {Dimension::kCategory, "category-1"},
      {Dimension::kRep, "reps/2"},
  };
  const auto ranges = Ranges();
  for (const SliceKey& slice : slices) {
    SCOPED_TRACE(absl::StrCat(analytics::domain::DimensionKey(slice.dimension), " ", slice.member));
    // All ranges in one call (one statement), as GetKpis asks for three.
    const std::vector<Measures> sums = SumRanges(slice, ranges);
    ASSERT_EQ(sums.size(), ranges.size());
    for (size_t i = 0; i < ranges.size(); ++i) {
      SCOPED_TRACE(absl::StrCat(absl::FormatCivilTime(ranges[i].first), " .. ",
                                absl::FormatCivilTime(ranges[i].second)));
      EXPECT_EQ(sums[i], DayRowsSum(slice, ranges[i].first, ranges[i].second));
    }
  }
  // Every member of a dimension at once (the reports' read), likewise.
  for (const Dimension dimension : {Dimension::kProduct, Dimension::kRep}) {
    const std::string dim = analytics::domain::DimensionKey(dimension);
    for (const auto& [from, to] : ranges) {
      SCOPED_TRACE(absl::StrCat(dim, " by member, ", absl::FormatCivilTime(from), " .. ",
                                absl::FormatCivilTime(to)));
      std::vector<std::string> by_member;
      ASSERT_TRUE(Run([&](db::Transaction& tx) {
                    by_member.clear();
                    for (const auto& [member, m] : rollup_.SumByMember(tx, dimension, from, to)) {
                      by_member.push_back(absl::StrCat(member, "|", absl::StrJoin(m.values, "|")));
                    }
                  }).ok());
      std::vector<std::string> expected;
      for (const std::string& member : DayRowMembers(dim, from, to)) {
        const Measures m = DayRowsSum({dimension, member}, from, to);
        expected.push_back(absl::StrCat(member, "|", absl::StrJoin(m.values, "|")));
      }
      EXPECT_EQ(by_member, expected);
    }
  }
  // The feed counted something of each kind, so every group of measures was compared.
  const Measures year = SumRanges({Dimension::kAll, ""}, {Ranges()[0]})[0];
  EXPECT_GT(year[Measure::kOrders], 0);
  EXPECT_GT(year[Measure::kCancelledOrders], 0);
  EXPECT_GT(year[Measure::kReturns], 0);
  EXPECT_GT(year[Measure::kNewCustomers], 0);
}

// The whole company on even draws, a random one of the feed's products on odd ones.
SliceKey AlternateSlice(int i, std::mt19937_64& rng) {
  return i % 2 == 0 ? SliceKey{Dimension::kAll, ""}
                    : SliceKey{Dimension::kProduct, absl::StrCat("products/", rng() % 12)};
}

// Random ranges: any start and end day, one to 800 days long.
TEST_F(MonthRollupTest, RandomRangesReadFromMonthsEqualTheDayRows) {
  Migrate([](const std::string&) { return true; });
  IngestRandomFeed();
  std::mt19937_64 rng(42);
  const absl::CivilDay start(2024, 12, 1);
  for (int i = 0; i < 200; ++i) {
    const absl::CivilDay from = start + static_cast<int>(rng() % 800);
    const absl::CivilDay to = from + 1 + static_cast<int>(rng() % 400);
    const SliceKey slice = AlternateSlice(i, rng);
    SCOPED_TRACE(absl::StrCat(absl::FormatCivilTime(from), " .. ", absl::FormatCivilTime(to), " ",
                              slice.member));
    EXPECT_EQ(SumRanges(slice, {{from, to}})[0], DayRowsSum(slice, from, to));
  }
}

// Several ranges read at once, as a KPI answer reads its period, the one before and the year
// before: each range's sums equal its day rows', also where ranges overlap (a row inside two
// ranges counts in both) or are the same range twice.
TEST_F(MonthRollupTest, OverlappingRangesReadTogetherEachEqualTheirDayRows) {
  Migrate([](const std::string&) { return true; });
  IngestRandomFeed();
  std::mt19937_64 rng(7);
  const absl::CivilDay start(2024, 12, 1);
  for (int i = 0; i < 100; ++i) {
    const absl::CivilDay from = start + static_cast<int>(rng() % 800);
    const absl::CivilDay to = from + 1 + static_cast<int>(rng() % 500);
    const int shift = 1 + static_cast<int>(rng() % 400);
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>> ranges = {
        {from, to}, {from - shift, to - shift}, {from - 365, to - 365}, {from, to}};
    const SliceKey slice = AlternateSlice(i, rng);
    SCOPED_TRACE(absl::StrCat(absl::FormatCivilTime(from), " .. ", absl::FormatCivilTime(to),
                              " shifted ", shift, " ", slice.member));
    const std::vector<Measures> sums = SumRanges(slice, ranges);
    ASSERT_EQ(sums.size(), ranges.size());
    for (size_t r = 0; r < ranges.size(); ++r) {
      EXPECT_EQ(sums[r], DayRowsSum(slice, ranges[r].first, ranges[r].second)) << "range " << r;
    }
  }
}

// A schema that had day rows before V011: the migration fills kpi_months from them.
TEST_F(MonthRollupTest, TheMigrationFillsTheMonthsOfTheDaysIngestedBeforeIt) {
  Migrate([](const std::string& name) { return !absl::StartsWith(name, "V011"); });
  ASSERT_TRUE(Run([](db::Transaction& tx) {
                for (const char* day : {"2025-01-31", "2025-02-01", "2025-02-28", "2025-03-01"}) {
                  for (const char* member : {"CHANNEL_WEB", "CHANNEL_STORE"}) {
                    tx.Exec(
                        "INSERT INTO kpi_days (dim, member, day, orders, net_minor, "
                        "new_customers, nps_detractors) VALUES ('channel', ?, ?, 2, 150, 1, 1)",
                        {std::string(member), std::string(day)});
                  }
                }
              }).ok());
  Migrate([](const std::string&) { return true; });
  EXPECT_EQ(MonthRows(), DayRowsByMonth());
  EXPECT_EQ(MonthRows().size(), 6u);  // 3 months x 2 channels
  const SliceKey web{Dimension::kChannel, "CHANNEL_WEB"};
  const Measures feb =
      SumRanges(web, {{absl::CivilDay(2025, 2, 1), absl::CivilDay(2025, 3, 1)}})[0];
  EXPECT_EQ(feb[Measure::kOrders], 4);
  EXPECT_EQ(feb[Measure::kNetMinor], 300);
  EXPECT_EQ(feb[Measure::kNpsDetractors], 2);
}

}  // namespace
}  // namespace sales::testing
