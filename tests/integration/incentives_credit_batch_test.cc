// The credits consumer's batch path (ingest/credit_batch.h) against the one-by-one path
// (ApplyCreditEvent) on a real MariaDB: the same events, in batches that mix completions,
// returns and cancellations of the same orders, replays, a return resolved before its
// order completed and events that credit nothing, leave the same credits (amounts, days,
// lines, which credit each reversal reverses), the same credited orders and the same returns
// in both schemas; a whole batch replayed changes nothing; and the figures a rep sees are the
// ones computed by hand.
#include <cppconn/resultset_metadata.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/time_util.h"
#include "sales/events/v1/event.pb.h"
#include "services/incentives/src/ingest/credit_batch.h"
#include "services/incentives/src/ingest/order_credits.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::incentives {
std::vector<db::Migration> Migrations();
}  // namespace sales::incentives

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

absl::Time Soon() { return absl::Now() + absl::Seconds(60); }

absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone));
  return zone;
}

// 10:00 on a day of October 2026 in Shanghai.
absl::Time Day(int day) {
  return absl::FromCivil(absl::CivilSecond(2026, 10, day, 10, 0, 0), Shanghai());
}

struct Line {
  std::string product;
  int64_t net = 0;
  int64_t cost = 0;
  int64_t units = 0;
};

ev1::Event StatusChange(const std::string& order, const std::string& to, absl::Time at,
                        const std::vector<Line>& lines,
                        const std::vector<std::pair<std::string, int>>& shares,
                        const std::string& overlay = "") {
  ev1::Event event;
  event.set_id(absl::StrCat("evt-", order, "-", to));
  event.set_type("order_status_changed");
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* changed = event.mutable_order_status_changed();
  changed->set_to_status(to);
  *changed->mutable_change_time() = ToProtoTime(at);
  auto* snapshot = changed->mutable_order();
  snapshot->set_order(order);
  snapshot->set_currency_code("CNY");
  for (const auto& [rep, bp] : shares) {
    auto* share = snapshot->add_credits();
    share->set_rep(rep);
    share->set_revenue_share_bp(bp);
    share->set_kind("SALES_CREDIT_KIND_REVENUE");
  }
  if (!overlay.empty()) {
    auto* share = snapshot->add_credits();
    share->set_rep(overlay);
    share->set_revenue_share_bp(10000);
    share->set_kind("SALES_CREDIT_KIND_OVERLAY");
  }
  int line_id = 0;
  for (const Line& l : lines) {
    auto* line = snapshot->add_lines();
    line->set_line_id(++line_id);
    line->set_product(l.product);
    line->set_category("category-" + l.product.substr(l.product.size() - 1));
    line->set_quantity(l.units);
    line->set_subtotal_minor(l.net);
    line->set_cost_minor(l.cost);
  }
  return event;
}

ev1::Event Returned(const std::string& ret, const std::string& order, absl::Time at,
                    const std::vector<Line>& lines) {
  ev1::Event event;
  event.set_id("evt-" + ret);
  event.set_type("return_resolved");
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* resolved = event.mutable_return_resolved();
  resolved->set_return_name(ret);
  resolved->set_order(order);
  *resolved->mutable_resolve_time() = ToProtoTime(at);
  int line_id = 0;
  for (const Line& l : lines) {
    auto* line = resolved->add_lines();
    line->set_line_id(++line_id);
    line->set_product(l.product);
    line->set_category("category-" + l.product.substr(l.product.size() - 1));
    line->set_quantity(l.units);
    line->set_net_minor(l.net);
    line->set_cost_minor(l.cost);
  }
  return event;
}

// Two lines: 70.00 (cost 30.00, 2 units) and 30.01 (cost 10.00, 1 unit).
const std::vector<Line> kLines = {{"products/1", 7000, 3000, 2}, {"products/2", 3001, 1000, 1}};
const std::vector<std::pair<std::string, int>> kShared = {{"reps/li", 6000}, {"reps/wang", 4000}};

// One schema, migrated, with a pool.
struct Db {
  Db() : schema(TestSchema::Create(TestMariaDb())), pool(schema.db_config()) {
    EXPECT_TRUE(db::ApplyMigrations(pool, db::CommonMigrations(), Soon()).ok());
    const absl::StatusOr<int> applied = db::ApplyMigrations(pool, incentives::Migrations(), Soon());
    EXPECT_TRUE(applied.ok()) << applied.status();
  }

  // The rows of `sql` as text, one string per row ("a|b|..."), in the statement's order.
  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> out;
    const absl::Status status = db::RunInTransaction(pool, Soon(), [&](db::Transaction& tx) {
      auto rs = tx.Query(sql);
      const unsigned columns = rs->getMetaData()->getColumnCount();
      while (rs->next()) {
        std::string row;
        for (unsigned c = 1; c <= columns; ++c) {
          absl::StrAppend(&row, c > 1 ? "|" : "",
                          rs->isNull(c) ? std::string("NULL") : std::string(rs->getString(c)));
        }
        out.push_back(row);
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return out;
  }

  TestSchema schema;
  db::ConnectionPool pool;
};

// Everything the consumer writes, without the credits' ids (assigned in another order by the
// two paths): a reversal names the credit it reverses by that credit's cause, rep and kind.
constexpr char kCredits[] =
    "SELECT c.order_name, c.cause, c.cause_kind, c.rep_id, c.kind, c.share_bp, c.revenue, "
    "c.margin, c.units, c.day, c.credited_at, c.original_day, c.packed_lines, "
    "CONCAT_WS('/', o.cause, o.rep_id, o.kind) AS reverses "
    "FROM credits c LEFT JOIN credits o ON o.id = c.reverses_id "
    "ORDER BY c.order_name, c.cause, c.cause_kind, c.rep_id, c.kind";
constexpr char kCreditedOrders[] = "SELECT * FROM credited_orders ORDER BY order_name";
constexpr char kReturns[] = "SELECT * FROM order_returns ORDER BY return_name";
constexpr char kReturnLines[] = "SELECT * FROM order_return_lines ORDER BY return_name, line_no";

class CreditBatchTest : public ::testing::Test {
 protected:
  // Applies `events` as one batch in `batch_db_` (ApplyCreditBatch) and one event after the
  // other in `one_by_one_db_` (ApplyCreditEvent), each in one transaction.
  void Apply(const std::vector<ev1::Event>& events) {
    std::vector<const ev1::Event*> batch;
    for (const ev1::Event& e : events) batch.push_back(&e);
    const absl::TimeZone zone = Shanghai();
    absl::Status status = db::RunInTransaction(batch_db_.pool, Soon(), [&](db::Transaction& tx) {
      return incentives::ingest::ApplyCreditBatch(tx, zone, batch, nullptr);
    });
    ASSERT_TRUE(status.ok()) << status;
    status = db::RunInTransaction(one_by_one_db_.pool, Soon(), [&](db::Transaction& tx) {
      for (const ev1::Event* e : batch) {
        const absl::Status applied = incentives::ingest::ApplyCreditEvent(tx, zone, *e);
        if (!applied.ok()) return applied;
      }
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok()) << status;
  }

  // Both schemas hold the same rows.
  void ExpectSame() {
    for (const char* sql : {kCredits, kCreditedOrders, kReturns, kReturnLines}) {
      EXPECT_EQ(batch_db_.Rows(sql), one_by_one_db_.Rows(sql)) << sql;
    }
  }

  // Sums of `rep`'s credits (revenue, margin, units) in the batch schema, "r|m|u".
  std::string RepSum(const std::string& rep) {
    return batch_db_
        .Rows(absl::StrCat("SELECT SUM(revenue), SUM(margin), SUM(units) FROM credits WHERE "
                           "rep_id = '",
                           rep, "'"))
        .at(0);
  }

  Db batch_db_;
  Db one_by_one_db_;
};

TEST_F(CreditBatchTest, MixedBatchesCreditExactlyAsEventByEvent) {
  const std::vector<ev1::Event> first = {
      // orders/1 completed, then partly returned in the same batch.
      StatusChange("orders/1", "ORDER_STATUS_COMPLETED", Day(1), kLines, kShared),
      Returned("returns/1", "orders/1", Day(3), {{"products/1", 3500, 1500, 1}}),
      // orders/2 completed with an overlay, then returned twice in the same batch.
      StatusChange("orders/2", "ORDER_STATUS_COMPLETED", Day(1), kLines, kShared, "reps/zhao"),
      Returned("returns/2a", "orders/2", Day(4), {{"products/2", 3001, 1000, 1}}),
      Returned("returns/2b", "orders/2", Day(5), {{"products/1", 3500, 1500, 1}}),
      // orders/3 completed, then cancelled in the same batch: everything taken back.
      StatusChange("orders/3", "ORDER_STATUS_COMPLETED", Day(2), kLines, {{"reps/li", 10000}}),
      StatusChange("orders/3", "ORDER_STATUS_CANCELLED", Day(6), kLines, {{"reps/li", 10000}}),
      // orders/4: a return resolved before the order completed, then the completion.
      Returned("returns/4", "orders/4", Day(2), {{"products/2", 3001, 1000, 1}}),
      StatusChange("orders/4", "ORDER_STATUS_COMPLETED", Day(3), kLines, kShared),
      // orders/5 completed twice (a replay inside the batch); returns/1 seen twice.
      StatusChange("orders/5", "ORDER_STATUS_COMPLETED", Day(2), kLines, {{"reps/wang", 10000}}),
      StatusChange("orders/5", "ORDER_STATUS_COMPLETED", Day(2), kLines, {{"reps/wang", 10000}}),
      Returned("returns/1", "orders/1", Day(3), {{"products/1", 3500, 1500, 1}}),
      // orders/6 cancelled before completion (nothing credited); orders/7 returned before it
      // completes (in the next batch); a status change that credits nothing.
      StatusChange("orders/6", "ORDER_STATUS_CANCELLED", Day(2), kLines, kShared),
      Returned("returns/7", "orders/7", Day(2), {{"products/1", 3500, 1500, 1}}),
      StatusChange("orders/8", "ORDER_STATUS_SHIPPED", Day(2), kLines, kShared),
  };
  Apply(first);
  ExpectSame();

  const std::vector<ev1::Event> second = {
      // orders/7 completes with its stored return waiting; orders/2 cancelled after its two
      // returns; orders/1 returned again; orders/8 completes.
      StatusChange("orders/7", "ORDER_STATUS_COMPLETED", Day(8), kLines, kShared),
      StatusChange("orders/2", "ORDER_STATUS_CANCELLED", Day(9), kLines, kShared, "reps/zhao"),
      Returned("returns/1b", "orders/1", Day(9), {{"products/2", 3001, 1000, 1}}),
      StatusChange("orders/8", "ORDER_STATUS_COMPLETED", Day(9), kLines, kShared),
      // A late return of the cancelled orders/3: already taken back.
      Returned("returns/3", "orders/3", Day(10), {{"products/1", 3500, 1500, 1}}),
  };
  Apply(second);
  ExpectSame();

  // Both batches again (a consumer resuming from an older position): nothing changes.
  const std::vector<std::string> credits = batch_db_.Rows(kCredits);
  std::vector<ev1::Event> replay = first;
  replay.insert(replay.end(), second.begin(), second.end());
  Apply(replay);
  ExpectSame();
  EXPECT_EQ(batch_db_.Rows(kCredits), credits);

  // By hand. Orders of 100.01 (margin 60.01, 3 units), 60% Li / 40% Wang: Li 60.01
  // (largest remainder: 60.006 -> 60.01), margin 36.01, 2 units; Wang 40.00, 24.00, 1. A
  // reversal takes back the split of everything returned so far minus what was taken back.
  //   orders/1: returns of 35.00 (m 20.00, 1 u) and 30.01 (m 20.01, 1 u), 65.01 in all: Li
  //     gives back 39.01 (m 24.01) and keeps 21.00 (m 12.00);
  //   orders/2: credited, two returns and a cancellation: nothing kept.
  //   orders/3 (Li alone): credited, cancelled: nothing kept.
  //   orders/4: a return of 30.01 before completion: Li gives back 18.01 (m 12.01), keeps
  //     42.00 (m 24.00);
  //   orders/5 (Wang alone): 100.01 kept once.
  //   orders/7: a return of 35.00 before completion: Li gives back 21.00 (m 12.00), keeps
  //     39.01 (m 24.01);
  //   orders/8: 100.01 kept, Li 60.01 (m 36.01).
  // Li: 21.00 + 42.00 + 39.01 + 60.01 = 162.02; margin 12.00 + 24.00 + 24.01 + 36.01 = 96.02.
  // Zhao (overlay on orders/2 only): nothing kept.
  EXPECT_EQ(RepSum("zhao"), "0|0|0");
  const std::vector<std::string> li =
      batch_db_.Rows("SELECT SUM(revenue), SUM(margin) FROM credits WHERE rep_id = 'li'");
  EXPECT_EQ(li.at(0), "16202|9602");
  // Every order's credits and reversals add up to what it kept.
  EXPECT_EQ(batch_db_.Rows("SELECT order_name, SUM(revenue) FROM credits WHERE kind = 1 "
                           "GROUP BY order_name ORDER BY order_name"),
            (std::vector<std::string>{"orders/1|3500", "orders/2|0", "orders/3|0", "orders/4|7000",
                                      "orders/5|10001", "orders/7|6501", "orders/8|10001"}));
  // Each return recorded once; every one applied by now.
  EXPECT_EQ(batch_db_.Rows("SELECT return_name, applied FROM order_returns ORDER BY return_name"),
            (std::vector<std::string>{"returns/1|1", "returns/1b|1", "returns/2a|1", "returns/2b|1",
                                      "returns/3|1", "returns/4|1", "returns/7|1"}));
}

}  // namespace
}  // namespace sales::testing
