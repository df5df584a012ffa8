// The orders feed applied a batch at a time (ApplyOrderEvents) against the same events
// applied one by one (ApplyOrderEvent), and the customers feed likewise
// (ApplyCustomerEvents, ApplyCustomerEvent), on the real MariaDB: the event-by-event path fills
// the live tables, the batch path their rebuild twins, and every derived table must come
// out the same row for row. The cases are what batching could break: an order placed and
// cancelled in one batch, placed twice, returned in the batch that placed it, an older
// order imported after a newer one, a cancelled first order whose successor is in the
// batch or in the database; then a random feed cut into batches of several sizes.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/customer_batch.h"
#include "services/analytics/src/ingest/customer_events.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/ingest/order_batch.h"
#include "services/analytics/src/ingest/order_events.h"
#include "services/analytics/src/store/delivery_store.h"
#include "services/analytics/src/store/fact_store.h"
#include "services/analytics/src/store/feedback_store.h"
#include "services/analytics/src/store/promotion_use_store.h"
#include "services/analytics/src/store/rebuild_store.h"
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
using analytics::store::TableSet;

absl::Time Soon() { return absl::Now() + absl::Seconds(60); }

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  ts.set_nanos(
      static_cast<int32_t>((t - absl::FromUnixSeconds(ts.seconds())) / absl::Nanoseconds(1)));
  return ts;
}

struct Line {
  int line_id = 1;
  std::string product = "products/1";
  std::string category = "tea";
  int64_t quantity = 1;
  int64_t subtotal_minor = 1000;
  int64_t discount_minor = 0;
  int64_t cost_minor = 400;
};

struct Credit {
  std::string rep;
  int share_bp = 10000;
};

struct PromotionUse {
  std::string promotion;
  std::string code;
  int64_t discount_minor = 0;
};

struct Order {
  std::string order;
  std::string customer = "customers/1";
  absl::Time time;
  std::string channel = "CHANNEL_WEB";
  std::string region = "north";
  bool imported = false;
  std::vector<Line> lines = {Line{}};
  std::vector<Credit> credits = {{"reps/1", 10000}};
  std::vector<PromotionUse> promotions = {};  // OrderSnapshot.promotions
};

ev::OrderSnapshot Snapshot(const Order& o) {
  ev::OrderSnapshot s;
  s.set_order(o.order);
  s.set_customer(o.customer);
  s.set_channel(o.channel);
  s.set_region(o.region);
  s.set_imported(o.imported);
  *s.mutable_create_time() = Ts(o.time);
  for (const Line& l : o.lines) {
    ev::LineSnapshot* line = s.add_lines();
    line->set_line_id(l.line_id);
    line->set_product(l.product);
    line->set_category(l.category);
    line->set_quantity(l.quantity);
    line->set_subtotal_minor(l.subtotal_minor);
    line->set_discount_minor(l.discount_minor);
    line->set_cost_minor(l.cost_minor);
  }
  for (const Credit& c : o.credits) {
    ev::CreditShare* credit = s.add_credits();
    credit->set_rep(c.rep);
    credit->set_revenue_share_bp(c.share_bp);
  }
  for (const PromotionUse& p : o.promotions) {
    ev::PromotionUse* use = s.add_promotions();
    use->set_promotion(p.promotion);
    use->set_code(p.code);
    use->set_discount_minor(p.discount_minor);
  }
  return s;
}

ev::Event Placed(const Order& o) {
  ev::Event e;
  e.set_type("order_placed");
  *e.mutable_order_placed()->mutable_order() = Snapshot(o);
  return e;
}

ev::Event StatusChanged(const Order& o, const std::string& to_status) {
  ev::Event e;
  e.set_type("order_status_changed");
  *e.mutable_order_status_changed()->mutable_order() = Snapshot(o);
  e.mutable_order_status_changed()->set_to_status(to_status);
  return e;
}

ev::Event Cancelled(const Order& o) { return StatusChanged(o, "ORDER_STATUS_CANCELLED"); }

ev::Event Returned(const std::string& name, const Order& o, absl::Time at, int64_t quantity) {
  ev::Event e;
  e.set_type("return_resolved");
  ev::ReturnResolved* r = e.mutable_return_resolved();
  r->set_return_name(name);
  r->set_order(o.order);
  r->set_customer(o.customer);
  r->set_channel(o.channel);
  r->set_region(o.region);
  *r->mutable_resolve_time() = Ts(at);
  ev::RefundLine* line = r->add_lines();
  line->set_product(o.lines.front().product);
  line->set_category(o.lines.front().category);
  line->set_quantity(quantity);
  line->set_net_minor(300 * quantity);
  line->set_cost_minor(100 * quantity);
  for (const Credit& c : o.credits) {
    ev::CreditShare* credit = r->add_credits();
    credit->set_rep(c.rep);
    credit->set_revenue_share_bp(c.share_bp);
  }
  return e;
}

ev::Event Stock(const std::string& product, const std::string& warehouse, int64_t on_hand) {
  ev::Event e;
  e.set_type("stock_changed");
  ev::StockChanged* s = e.mutable_stock_changed();
  s->set_product(product);
  s->set_warehouse(warehouse);
  s->set_on_hand(on_hand);
  s->set_reserved(on_hand / 3);
  return e;
}

ev::Event ProductChanged(const std::string& product, const std::string& sku,
                         const std::string& display_name) {
  ev::Event e;
  e.set_type("product_changed");
  ev::ProductChanged* p = e.mutable_product_changed();
  p->set_product(product);
  p->set_sku(sku);
  p->set_display_name(display_name);
  p->set_category("tea");
  p->set_list_price_minor(4990);
  p->set_unit_cost_minor(2100);
  p->set_currency_code("CNY");
  p->set_active(true);
  return e;
}

ev::Event LeadCreated(const std::string& lead, absl::Time at, const std::string& rep) {
  ev::Event e;
  e.set_type("lead_created");
  ev::LeadCreated* l = e.mutable_lead_created();
  l->set_lead(lead);
  l->set_stage("LEAD_STAGE_LEAD");
  l->set_owner_rep(rep);
  l->set_acquisition_channel("CHANNEL_WEB");
  *l->mutable_create_time() = Ts(at);
  return e;
}

ev::Event LeadMoved(const std::string& lead, const std::string& to_stage, absl::Time at) {
  ev::Event e;
  e.set_type("lead_stage_changed");
  ev::LeadStageChanged* l = e.mutable_lead_stage_changed();
  l->set_lead(lead);
  l->set_to_stage(to_stage);
  *l->mutable_change_time() = Ts(at);
  return e;
}

ev::Event LeadConverted(const std::string& lead) {
  ev::Event e;
  e.set_type("lead_converted");
  e.mutable_lead_converted()->set_lead(lead);
  return e;
}

ev::Event SurveyAnswered(const std::string& response, const std::string& kind, int score,
                         absl::Time at) {
  ev::Event e;
  e.set_type("survey_answered");
  ev::SurveyAnswered* a = e.mutable_survey_answered();
  a->set_survey_response(response);
  a->set_kind(kind);
  a->set_score(score);
  *a->mutable_answer_time() = Ts(at);
  return e;
}

ev::Event Delivered(const Order& o, const std::string& promised, bool on_time, int days_late,
                    absl::Time at) {
  ev::Event e = StatusChanged(o, "ORDER_STATUS_DELIVERED");
  ev::OrderStatusChanged* c = e.mutable_order_status_changed();
  *c->mutable_change_time() = Ts(at);
  if (!promised.empty()) {
    c->mutable_order()->set_delivery_option("DELIVERY_OPTION_STANDARD");
    c->mutable_order()->set_promised_date(promised);
    c->mutable_order()->set_delivery_punctuality(on_time ? "DELIVERY_PUNCTUALITY_ON_TIME"
                                                         : "DELIVERY_PUNCTUALITY_LATE");
    c->mutable_order()->set_delivery_days_late(days_late);
  }
  return e;
}

ev::Event Complaint(const std::string& interaction, const std::string& category, absl::Time at) {
  ev::Event e;
  e.set_type("interaction_logged");
  ev::InteractionLogged* i = e.mutable_interaction_logged();
  i->set_interaction(interaction);
  i->set_subject("customers/1");
  i->set_kind("INTERACTION_KIND_CALL");
  i->set_rep("reps/1");
  i->set_category(category);
  i->set_complaint(true);
  *i->mutable_occur_time() = Ts(at);
  return e;
}

ev::Event ComplaintResolved(const std::string& interaction, absl::Time made, absl::Time at) {
  ev::Event e;
  e.set_type("complaint_resolved");
  ev::ComplaintResolved* r = e.mutable_complaint_resolved();
  r->set_interaction(interaction);
  r->set_subject("customers/1");
  r->set_category("FEEDBACK_CATEGORY_DELIVERY");
  r->set_rep("reps/1");
  *r->mutable_complaint_time() = Ts(made);
  *r->mutable_resolve_time() = Ts(at);
  r->set_resolved_by(absl::StrCat("reps/", absl::ToUnixSeconds(at)));
  return e;
}

// An event of a type the orders ingest keeps nothing of.
ev::Event Unrelated(int i) {
  ev::Event e;
  e.set_type("lead_created");
  e.mutable_lead_created()->set_lead(absl::StrCat("leads/", i));
  return e;
}

class BatchIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone_));
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    std::vector<db::Migration> migrations = db::CommonMigrations();
    for (db::Migration& m : analytics::Migrations()) migrations.push_back(std::move(m));
    const absl::StatusOr<int> applied = db::ApplyMigrations(*pool_, migrations, Soon());
    ASSERT_TRUE(applied.ok()) << applied.status();
    ResetTwins();
  }

  void ResetTwins() {
    ASSERT_TRUE(Run([](db::Transaction& tx) { analytics::store::CreateRebuildTables(tx); }).ok());
  }

  absl::Status Run(const std::function<void(db::Transaction&)>& work) {
    return db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
      work(tx);
      return absl::OkStatus();
    });
  }

  enum class Feed { kOrders, kCustomers };

  // The reference: every event on its own, into the live tables.
  void ApplyOneByOne(const std::vector<ev::Event>& events, Feed feed = Feed::kOrders) {
    const analytics::ingest::IngestContext ctx{
        zone_,   &live_facts_,    &live_rollup_,    TableSet::kLive,
        nullptr, &live_feedback_, &live_deliveries_};
    for (size_t begin = 0; begin < events.size(); begin += 100) {
      const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
        for (size_t i = begin; i < std::min(events.size(), begin + 100); ++i) {
          const absl::Status applied =
              feed == Feed::kOrders ? analytics::ingest::ApplyOrderEvent(tx, ctx, events[i])
                                    : analytics::ingest::ApplyCustomerEvent(tx, ctx, events[i]);
          if (!applied.ok()) return applied;
        }
        return absl::OkStatus();
      });
      ASSERT_TRUE(status.ok()) << status;
    }
  }

  // The batch path into the rebuild twins, `batch_size` events per transaction.
  void ApplyInBatches(const std::vector<ev::Event>& events, size_t batch_size,
                      Feed feed = Feed::kOrders) {
    const analytics::ingest::IngestContext ctx{
        zone_,   &twin_facts_,    &twin_rollup_,    analytics::store::TableSet::kRebuild,
        nullptr, &twin_feedback_, &twin_deliveries_};
    for (size_t begin = 0; begin < events.size(); begin += batch_size) {
      std::vector<const ev::Event*> batch;
      for (size_t i = begin; i < std::min(events.size(), begin + batch_size); ++i) {
        batch.push_back(&events[i]);
      }
      const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
        return feed == Feed::kOrders ? analytics::ingest::ApplyOrderEvents(tx, ctx, batch)
                                     : analytics::ingest::ApplyCustomerEvents(tx, ctx, batch);
      });
      ASSERT_TRUE(status.ok()) << status;
    }
  }

  // Every row of `table` of a table set, as text, sorted.
  std::vector<std::string> Rows(const std::string& table, TableSet set) {
    std::vector<std::string> rows;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  rows.clear();
                  auto rs = tx.Query(
                      absl::StrCat("SELECT * FROM ", table, analytics::store::TableSuffix(set)));
                  const int columns = static_cast<int>(rs->getMetaData()->getColumnCount());
                  while (rs->next()) {
                    std::string row;
                    for (int c = 1; c <= columns; ++c) {
                      absl::StrAppend(&row, std::string(rs->getString(c)), "|");
                    }
                    rows.push_back(std::move(row));
                  }
                }).ok());
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  void ExpectSameTables() {
    for (const char* table : analytics::store::kDerivedTables) {
      EXPECT_EQ(Rows(table, TableSet::kLive), Rows(table, TableSet::kRebuild)) << table;
    }
  }

  // Both paths over `events`, the batch path in one batch; every table compared.
  void ApplyBothWays(const std::vector<ev::Event>& events, Feed feed = Feed::kOrders) {
    ApplyOneByOne(events, feed);
    ApplyInBatches(events, events.size(), feed);
    ExpectSameTables();
  }

  // The whole company's measures of the batch path over [from, to).
  Measures Company(absl::CivilDay from, absl::CivilDay to) {
    Measures m;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  m = twin_rollup_.SumRanges(tx, {Dimension::kAll, ""}, {{from, to}})[0];
                }).ok());
    return m;
  }
  Measures Day(absl::Time t) {
    const absl::CivilDay day = absl::ToCivilDay(t, zone_);
    return Company(day, day + 1);
  }
  Measures Ever() { return Company(absl::CivilDay(2000, 1, 1), absl::CivilDay(2100, 1, 1)); }

  // The first order of `customer` in the batch path's facts ("" when none).
  std::string FirstOrderOf(const std::string& customer) {
    std::string first;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  const auto row = twin_facts_.LoadFirstOrder(tx, customer);
                  first = row.has_value() ? row->order : "";
                }).ok());
    return first;
  }

  absl::Time At(int month, int day, int hour = 10) const {
    return absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), zone_);
  }

  absl::TimeZone zone_;
  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
  const analytics::store::FactStore live_facts_{TableSet::kLive};
  const analytics::store::RollupStore live_rollup_{TableSet::kLive};
  const analytics::store::FactStore twin_facts_{TableSet::kRebuild};
  const analytics::store::RollupStore twin_rollup_{TableSet::kRebuild};
  // Complaints and deliveries (issue 11), on both paths.
  const analytics::store::FeedbackStore live_feedback_{TableSet::kLive};
  const analytics::store::DeliveryStore live_deliveries_{TableSet::kLive};
  const analytics::store::FeedbackStore twin_feedback_{TableSet::kRebuild};
  const analytics::store::DeliveryStore twin_deliveries_{TableSet::kRebuild};
};

TEST_F(BatchIngestTest, AnOrderPlacedAndCancelledInOneBatchCountsNothing) {
  const Order o{.order = "orders/1", .time = At(3, 10)};
  ApplyBothWays({Placed(o), Cancelled(o), Cancelled(o)});
  const Measures day = Day(o.time);
  EXPECT_EQ(day[Measure::kOrders], 0);
  EXPECT_EQ(day[Measure::kNetMinor], 0);
  EXPECT_EQ(day[Measure::kCancelledOrders], 1);
  EXPECT_EQ(day[Measure::kNewCustomers], 0);
  EXPECT_EQ(FirstOrderOf(o.customer), "");
}

TEST_F(BatchIngestTest, AnOrderPlacedTwiceCountsOnce) {
  const Order o{.order = "orders/1", .time = At(3, 10)};
  Order changed = o;  // a repeat never replaces what the first placement counted
  changed.lines.front().quantity = 7;
  ApplyBothWays({Placed(o), Placed(changed), Placed(o)});
  // And again in a later batch, when the order is in the facts.
  ApplyBothWays({Placed(changed)});
  const Measures day = Day(o.time);
  EXPECT_EQ(day[Measure::kOrders], 1);
  EXPECT_EQ(day[Measure::kUnits], 1);
  EXPECT_EQ(day[Measure::kNewCustomers], 1);
}

TEST_F(BatchIngestTest, AReturnOfAnOrderPlacedInTheSameBatchCountsOnce) {
  const Order o{.order = "orders/1", .time = At(3, 10), .lines = {Line{.quantity = 4}}};
  ApplyBothWays(
      {Placed(o), Returned("returns/1", o, At(3, 12), 2), Returned("returns/1", o, At(3, 12), 2)});
  EXPECT_EQ(Day(o.time)[Measure::kUnits], 4);
  const Measures returned = Day(At(3, 12));
  EXPECT_EQ(returned[Measure::kReturns], 1);
  EXPECT_EQ(returned[Measure::kReturnedUnits], 2);
  EXPECT_EQ(returned[Measure::kRefundMinor], 600);
}

TEST_F(BatchIngestTest, AnOlderOrderImportedAfterANewerOneBecomesTheFirst) {
  const Order newer{.order = "orders/2", .time = At(5, 1)};
  const Order older{.order = "orders/1", .time = At(1, 15), .imported = true};
  ApplyBothWays({Placed(newer), Placed(older)});
  EXPECT_EQ(FirstOrderOf("customers/1"), "orders/1");
  EXPECT_EQ(Day(older.time)[Measure::kNewCustomers], 1);
  EXPECT_EQ(Day(newer.time)[Measure::kNewCustomers], 0);
  EXPECT_EQ(Ever()[Measure::kNewCustomers], 1);
}

TEST_F(BatchIngestTest, ACancelledFirstOrderHandsOverToTheNextInTheBatchOrInTheFacts) {
  const Order feb{.order = "orders/feb", .time = At(2, 1)};
  const Order apr{.order = "orders/apr", .time = At(4, 1)};
  const Order jun{.order = "orders/jun", .time = At(6, 1)};
  ApplyBothWays({Placed(feb), Placed(apr), Placed(jun)});  // in the facts before the batch
  const Order mar{.order = "orders/mar", .time = At(3, 1)};
  // February cancelled: March (placed in this batch) is next, before April in the facts.
  // March cancelled: April (in the facts; February, also there, was cancelled in this
  // batch). In a later batch April cancelled: June.
  ApplyBothWays({Placed(mar), Cancelled(feb), Cancelled(mar)});
  EXPECT_EQ(FirstOrderOf("customers/1"), "orders/apr");
  ApplyBothWays({Cancelled(apr)});
  EXPECT_EQ(FirstOrderOf("customers/1"), "orders/jun");
  EXPECT_EQ(Ever()[Measure::kNewCustomers], 1);
  EXPECT_EQ(Day(jun.time)[Measure::kNewCustomers], 1);
  // The last counted order cancelled: no first order, no new customer.
  ApplyBothWays({Cancelled(jun)});
  EXPECT_EQ(FirstOrderOf("customers/1"), "");
  EXPECT_EQ(Ever()[Measure::kNewCustomers], 0);
}

TEST_F(BatchIngestTest, TheNextFirstOrderSkipsOrdersTheBatchCancelledInTheFacts) {
  const Order a{.order = "orders/a", .time = At(2, 1)};
  const Order b{.order = "orders/b", .time = At(3, 1)};
  const Order c{.order = "orders/c", .time = At(4, 1)};
  const Order d{.order = "orders/d", .time = At(5, 1)};
  ApplyBothWays({Placed(a), Placed(b), Placed(c), Placed(d)});
  // b and c cancelled while a is still first; then a: the next is d.
  ApplyBothWays({Cancelled(b), Cancelled(c), Cancelled(a)});
  EXPECT_EQ(FirstOrderOf("customers/1"), "orders/d");
}

TEST_F(BatchIngestTest, ACancellationOfAnOrderNeverPlacedCountsItPlacedThenCancelled) {
  const Order o{.order = "orders/9", .time = At(7, 7)};
  ApplyBothWays({Cancelled(o), Placed(o)});
  const Measures day = Day(o.time);
  EXPECT_EQ(day[Measure::kOrders], 0);
  EXPECT_EQ(day[Measure::kCancelledOrders], 1);
}

TEST_F(BatchIngestTest, TheLastStockEventOfAProductAndWarehouseWins) {
  ApplyBothWays({Stock("products/1", "warehouses/a", 10), Stock("products/1", "warehouses/b", 5),
                 Stock("products/1", "warehouses/a", 7)});
  EXPECT_EQ(
      Rows("stock_levels", TableSet::kRebuild),
      (std::vector<std::string>{"products/1|warehouses/a|7|2|", "products/1|warehouses/b|5|1|"}));
}

// Product names (issue 11): the last product_changed of a product wins on both paths, also
// when one batch renames a product twice around other events; a name the event did not carry
// (written before it did) is kept empty, with the SKU.
TEST_F(BatchIngestTest, TheLastProductChangedOfAProductGivesItsNameOnBothPaths) {
  const Order o{.order = "orders/1", .time = At(3, 10)};
  ApplyBothWays({ProductChanged("products/1", "SKU-1", "Green tea 250 g"), Placed(o),
                 ProductChanged("products/2", "SKU-2", ""), Stock("products/1", "warehouses/a", 3),
                 ProductChanged("products/1", "SKU-1", "Green tea 500 g"),
                 ProductChanged("products/3", "SKU-3", "\u4e4c\u9f99\u8336")});
  EXPECT_EQ(Rows("product_names", TableSet::kRebuild),
            (std::vector<std::string>{"products/1|SKU-1|Green tea 500 g|", "products/2|SKU-2||",
                                      "products/3|SKU-3|\u4e4c\u9f99\u8336|"}));
  // Batches of one: the per-event runs of the batch path agree as well.
  ResetTwins();
  ApplyInBatches({ProductChanged("products/1", "SKU-1", "Green tea 250 g"),
                  ProductChanged("products/1", "SKU-1", "Green tea 500 g")},
                 1);
  EXPECT_EQ(Rows("product_names", TableSet::kRebuild),
            (std::vector<std::string>{"products/1|SKU-1|Green tea 500 g|"}));
}

// A random feed over few customers, orders and returns (so that repeats, cancellations of
// first orders, imports of older orders and same-microsecond ties are frequent), with
// create times that carry nanoseconds, lines and credits out of order, and events the
// orders ingest does not batch in between: cut into batches of 1, 7 and 500 events, the
// batch path leaves the same tables as the events one by one.
TEST_F(BatchIngestTest, ARandomFeedInBatchesOfAnySizeEqualsEventByEvent) {
  std::mt19937_64 rng(20261130);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  std::vector<absl::Time> times;
  for (int i = 0; i < 40; ++i) {
    times.push_back(At(1 + pick(12), 1 + pick(28), pick(24)) + absl::Nanoseconds(pick(3) * 400));
  }
  const std::vector<std::vector<Credit>> credit_splits = {
      {},
      {{"reps/1", 10000}},
      {{"reps/9", 3333}, {"reps/10", 6667}},
      {{"reps/3", 5000}, {"reps/2", 5000}},
  };
  std::map<std::string, Order> known;  // the snapshot each order name was first given
  auto random_order = [&](const std::string& name) {
    Order o;
    o.order = name;
    o.customer = absl::StrCat("customers/", pick(6));
    o.time = times[static_cast<size_t>(pick(static_cast<int>(times.size())))];
    o.channel = pick(2) == 0 ? "CHANNEL_WEB" : "CHANNEL_STORE";
    o.region = pick(2) == 0 ? "north" : "south";
    o.imported = pick(4) == 0;
    o.lines.clear();
    std::vector<int> ids = {1, 2, 3, 4, 5};
    std::shuffle(ids.begin(), ids.end(), rng);
    for (int l = 0, n = 1 + pick(3); l < n; ++l) {
      o.lines.push_back({ids[static_cast<size_t>(l)], absl::StrCat("products/", pick(4)),
                         absl::StrCat("cat", pick(3)), 1 + pick(5), 100 + pick(9901), pick(50),
                         pick(3000)});
    }
    o.credits = credit_splits[static_cast<size_t>(pick(4))];
    // Some orders used a promotion (from the values drawn, so the draws stay as they were).
    if (o.lines.front().discount_minor > 25) {
      o.promotions = {{"promotions/1", "", o.lines.front().discount_minor}};
    }
    return o;
  };
  std::vector<ev::Event> events;
  for (int i = 0; i < 1500; ++i) {
    const std::string name = absl::StrCat("orders/", pick(120));
    const int kind = pick(100);
    if (kind < 45) {
      auto it = known.find(name);
      if (it == known.end()) it = known.emplace(name, random_order(name)).first;
      events.push_back(Placed(pick(3) == 0 ? random_order(name) : it->second));
    } else if (kind < 65) {
      auto it = known.find(name);
      events.push_back(Cancelled(it != known.end() ? it->second : random_order(name)));
    } else if (kind < 70) {
      auto it = known.find(name);
      events.push_back(
          StatusChanged(it != known.end() ? it->second : random_order(name), "ORDER_STATUS_PAID"));
    } else if (kind < 85) {
      auto it = known.find(name);
      const Order o = it != known.end() ? it->second : random_order(name);
      events.push_back(Returned(absl::StrCat("returns/", pick(60)), o,
                                times[static_cast<size_t>(pick(40))], 1 + pick(2)));
    } else if (kind < 95) {
      events.push_back(Stock(absl::StrCat("products/", pick(4)),
                             absl::StrCat("warehouses/", pick(2)), pick(100)));
    } else {
      events.push_back(Unrelated(i));
    }
  }
  ApplyOneByOne(events);
  for (size_t batch_size : {size_t{1}, size_t{7}, size_t{500}}) {
    SCOPED_TRACE(absl::StrCat("batches of ", batch_size));
    ResetTwins();
    ApplyInBatches(events, batch_size);
    ExpectSameTables();
  }
  // The feed did count something of each kind.
  const Measures ever = Ever();
  EXPECT_GT(ever[Measure::kOrders], 0);
  EXPECT_GT(ever[Measure::kCancelledOrders], 0);
  EXPECT_GT(ever[Measure::kReturns], 0);
  EXPECT_GT(ever[Measure::kNewCustomers], 0);
}

TEST_F(BatchIngestTest, ALeadCreatedAndMovedInOneBatchCountsItsLastOutcome) {
  const Feed customers = Feed::kCustomers;
  ApplyBothWays(
      {LeadCreated("leads/1", At(3, 1), "reps/1"), LeadCreated("leads/1", At(3, 2), "reps/2"),
       LeadMoved("leads/1", "LEAD_STAGE_QUALIFIED", At(3, 3)),
       LeadMoved("leads/1", "LEAD_STAGE_WON", At(3, 4)), LeadConverted("leads/1"),
       LeadCreated("leads/2", At(3, 1), "reps/1"),
       LeadMoved("leads/2", "LEAD_STAGE_LOST", At(3, 5)),
       LeadMoved("leads/2", "LEAD_STAGE_LOST", At(3, 5)),
       LeadMoved("leads/unknown", "LEAD_STAGE_WON", At(3, 5))},
      customers);
  // A lead of the facts moved back to open in a later batch.
  ApplyBothWays({LeadMoved("leads/2", "LEAD_STAGE_QUALIFIED", At(4, 1))}, customers);
  const Measures cohort = Day(At(3, 1));
  EXPECT_EQ(cohort[Measure::kLeadsCreated], 2);
  EXPECT_EQ(cohort[Measure::kLeadsWon], 1);
  EXPECT_EQ(cohort[Measure::kLeadsLost], 0);
}

TEST_F(BatchIngestTest, ASurveyAnswerRepeatedInOneBatchCountsOnce) {
  ApplyBothWays({SurveyAnswered("surveyResponses/1", "SURVEY_KIND_NPS", 10, At(5, 5)),
                 SurveyAnswered("surveyResponses/1", "SURVEY_KIND_NPS", 10, At(5, 5)),
                 SurveyAnswered("surveyResponses/2", "SURVEY_KIND_CSAT", 4, At(5, 5))},
                Feed::kCustomers);
  ApplyBothWays({SurveyAnswered("surveyResponses/2", "SURVEY_KIND_CSAT", 4, At(5, 5))},
                Feed::kCustomers);
  const Measures day = Day(At(5, 5));
  EXPECT_EQ(day[Measure::kNpsResponses], 1);
  EXPECT_EQ(day[Measure::kNpsPromoters], 1);
  EXPECT_EQ(day[Measure::kCsatResponses], 1);
}

// A random customers feed over few leads and answers: batches of any size leave the same
// tables as the events one by one.
TEST_F(BatchIngestTest, ARandomCustomersFeedInBatchesOfAnySizeEqualsEventByEvent) {
  std::mt19937_64 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const std::vector<std::string> stages = {"LEAD_STAGE_QUALIFIED", "LEAD_STAGE_WON",
                                           "LEAD_STAGE_LOST", "LEAD_STAGE_PROPOSAL"};
  std::vector<ev::Event> events;
  for (int i = 0; i < 800; ++i) {
    const std::string lead = absl::StrCat("leads/", pick(60));
    const absl::Time at =
        At(1 + pick(12), 1 + pick(28), pick(24)) + absl::Nanoseconds(pick(3) * 400);
    const int kind = pick(100);
    if (kind < 30) {
      events.push_back(LeadCreated(lead, at, absl::StrCat("reps/", pick(3))));
    } else if (kind < 65) {
      events.push_back(LeadMoved(lead, stages[static_cast<size_t>(pick(4))], at));
    } else if (kind < 75) {
      events.push_back(LeadConverted(lead));
    } else if (kind < 95) {
      events.push_back(SurveyAnswered(absl::StrCat("surveyResponses/", pick(80)),
                                      pick(2) == 0 ? "SURVEY_KIND_NPS" : "SURVEY_KIND_CSAT",
                                      pick(11), at));
    } else {
      events.push_back(Stock("products/1", "warehouses/a", i));  // not a customers event
    }
  }
  ApplyOneByOne(events, Feed::kCustomers);
  for (size_t batch_size : {size_t{1}, size_t{7}, size_t{500}}) {
    SCOPED_TRACE(absl::StrCat("batches of ", batch_size));
    ResetTwins();
    ApplyInBatches(events, batch_size, Feed::kCustomers);
    ExpectSameTables();
  }
  const Measures ever = Ever();
  EXPECT_GT(ever[Measure::kLeadsCreated], 0);
  EXPECT_GT(ever[Measure::kLeadsWon], 0);
  EXPECT_GT(ever[Measure::kNpsResponses], 0);
}

// Complaints logged, resolved in the same batch, resolved twice (the first resolution
// stands), resolved without their logging seen (recorded from the resolution), categorised
// survey answers; orders delivered (twice: once counted), with and without a promise: the
// batch path leaves the same feedback_facts and delivery_facts as the events one by one.
TEST_F(BatchIngestTest, ComplaintsAndDeliveriesInOneBatchEqualEventByEvent) {
  ev::Event priced = SurveyAnswered("surveyResponses/1", "SURVEY_KIND_CSAT", 2, At(6, 1));
  priced.mutable_survey_answered()->set_category("FEEDBACK_CATEGORY_PRICE");
  ApplyBothWays({Complaint("interactions/1", "FEEDBACK_CATEGORY_DELIVERY", At(6, 1)),
                 ComplaintResolved("interactions/1", At(6, 1), At(6, 2)),
                 ComplaintResolved("interactions/1", At(6, 1), At(6, 3)),
                 Complaint("interactions/2", "FEEDBACK_CATEGORY_SERVICE", At(6, 1)),
                 ComplaintResolved("interactions/9", At(5, 30), At(6, 2)), priced},
                Feed::kCustomers);
  // A later batch resolves the open one and repeats a resolution.
  ApplyBothWays({ComplaintResolved("interactions/2", At(6, 1), At(6, 4)),
                 ComplaintResolved("interactions/1", At(6, 1), At(6, 5))},
                Feed::kCustomers);
  const Order o1{.order = "orders/1", .time = At(6, 1)};
  const Order o2{.order = "orders/2", .time = At(6, 1), .channel = "CHANNEL_STORE"};
  ApplyBothWays({Placed(o1), Placed(o2), Delivered(o1, "2026-06-03", false, 2, At(6, 5)),
                 Delivered(o1, "2026-06-03", false, 2, At(6, 5)),
                 Delivered(o2, "", false, 0, At(6, 2))});
  const std::vector<std::string> deliveries = Rows("delivery_facts", TableSet::kRebuild);
  ASSERT_EQ(deliveries.size(), 2u);
  EXPECT_TRUE(absl::StartsWith(deliveries[0], "orders/1|CHANNEL_WEB|north|")) << deliveries[0];
  const std::vector<std::string> feedback = Rows("feedback_facts", TableSet::kRebuild);
  ASSERT_EQ(feedback.size(), 4u);  // interactions 1, 2 and 9, the survey answer
  // interactions/1 keeps its first resolution (2 June, by its resolver).
  EXPECT_TRUE(absl::StrContains(feedback[0], absl::StrCat("reps/", absl::ToUnixSeconds(At(6, 2)))))
      << feedback[0];
}

// Partial shipments: an order shipped in parts repeats SHIPPED -> SHIPPED and is counted once,
// when its last part is delivered (the move to DELIVERED, whose snapshot carries the orders
// service's judgement of the last delivery against the promise); an order with a part still
// on its way is not counted; a redelivered DELIVERED and the later COMPLETED count nothing.
// Both paths leave the same delivery_facts, and the counts are the hand-computed ones.
TEST_F(BatchIngestTest, AnOrderDeliveredInPartsCountsOnceAtItsLastPartOnBothPaths) {
  const Order o1{.order = "orders/1", .time = At(3, 9)};  // promised 03-12, last part 03-14
  const Order o2{.order = "orders/2", .time = At(3, 9)};  // promised 03-12, last part 03-12
  const Order o3{.order = "orders/3", .time = At(3, 9)};  // one of two parts delivered
  const Order o4{.order = "orders/4", .time = At(3, 9)};  // no promise, delivered 03-13
  const auto shipped = [](const Order& o) { return StatusChanged(o, "ORDER_STATUS_SHIPPED"); };
  const std::vector<ev::Event> events = {
      Placed(o1),
      Placed(o2),
      Placed(o3),
      Placed(o4),
      shipped(o1),
      shipped(o2),
      shipped(o3),
      shipped(o4),
      shipped(o1),
      shipped(o2),  // the second parts
      Delivered(o2, "2026-03-12", true, 0, At(3, 12, 18)),
      Delivered(o1, "2026-03-12", false, 2, At(3, 14, 9)),
      Delivered(o4, "", false, 0, At(3, 13)),
      Delivered(o1, "2026-03-12", false, 2, At(3, 14, 9)),  // redelivered
      StatusChanged(o1, "ORDER_STATUS_COMPLETED")};
  ApplyOneByOne(events);
  for (size_t batch_size : {size_t{1}, size_t{4}, events.size()}) {
    SCOPED_TRACE(absl::StrCat("batches of ", batch_size));
    ResetTwins();
    ApplyInBatches(events, batch_size);
    EXPECT_EQ(Rows("delivery_facts", TableSet::kLive), Rows("delivery_facts", TableSet::kRebuild));
  }
  const auto counts = [&](absl::CivilDay from, absl::CivilDay to) {
    analytics::domain::DeliveryCounts c;
    EXPECT_TRUE(Run([&](db::Transaction& tx) {
                  c = analytics::store::LoadDeliveryCounts(tx, absl::FromCivil(from, zone_),
                                                           absl::FromCivil(to, zone_), {});
                }).ok());
    return c;
  };
  // March: o1 (late by 2), o2 (on time), o4 (no promise); o3 not yet.
  const analytics::domain::DeliveryCounts march =
      counts(absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(march.delivered, 3);
  EXPECT_EQ(march.promised, 2);
  EXPECT_EQ(march.on_time, 1);
  EXPECT_EQ(march.late, 1);
  EXPECT_EQ(march.late_days_sum, 2);
  // 03-14 holds o1's last part only: it counts on that day, not on its first part's.
  const analytics::domain::DeliveryCounts day14 =
      counts(absl::CivilDay(2026, 3, 14), absl::CivilDay(2026, 3, 15));
  EXPECT_EQ(day14.delivered, 1);
  EXPECT_EQ(day14.late, 1);
  // Once o3's last part arrives (on time), it counts.
  const std::vector<ev::Event> last = {shipped(o3),
                                       Delivered(o3, "2026-03-12", true, 0, At(3, 11))};
  ApplyOneByOne(last);
  ApplyInBatches(last, last.size());
  EXPECT_EQ(Rows("delivery_facts", TableSet::kLive), Rows("delivery_facts", TableSet::kRebuild));
  const analytics::domain::DeliveryCounts after =
      counts(absl::CivilDay(2026, 3, 1), absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(after.delivered, 4);
  EXPECT_EQ(after.on_time, 2);
}

// The promotions an order used (OrderSnapshot.promotions) are kept once per order and
// promotion on both paths, and promotion lift's sales on the orders that used a promotion
// are the hand-computed ones: counted orders placed on the window's days, their lines per
// product net of discounts, less the refunds of those orders resolved on those days.
TEST_F(BatchIngestTest, PromotionUsesAreKeptOnceAndGiveTheSalesOfThePromotionsOrders) {
  Order o1{.order = "orders/1", .time = At(3, 10)};
  o1.lines = {{1, "products/1", "tea", 2, 2000, 100, 800},
              {2, "products/2", "tea", 1, 500, 0, 200}};
  o1.promotions = {{"promotions/7", "TEA10", 100}};
  Order o2{.order = "orders/2", .customer = "customers/2", .time = At(3, 11)};
  o2.lines = {{1, "products/1", "tea", 1, 1000, 80, 400}};
  o2.promotions = {{"promotions/7", "", 50}, {"promotions/8", "", 30}};
  Order o3{.order = "orders/3", .time = At(3, 11)};  // no promotion
  o3.lines = {{1, "products/1", "tea", 5, 5000, 0, 2000}};
  Order o4{.order = "orders/4", .time = At(3, 12)};  // used it, then cancelled
  o4.lines = {{1, "products/1", "tea", 9, 9000, 900, 3600}};
  o4.promotions = {{"promotions/7", "TEA10", 900}};
  Order o5{.order = "orders/5", .time = At(3, 20)};  // after the window
  o5.lines = {{1, "products/1", "tea", 1, 1000, 100, 400}};
  o5.promotions = {{"promotions/7", "TEA10", 100}};
  Order repeat = o1;  // a repeated placement never replaces the first
  repeat.promotions = {{"promotions/7", "TEA10", 999}};
  // o1 returns 1 unit of products/1 on 03-12 (refund net 300, cost 100): inside the window.
  ApplyBothWays({Placed(o1), Placed(o2), Placed(o3), Placed(o4), Cancelled(o4), Placed(o5),
                 Placed(repeat), Returned("returns/1", o1, At(3, 12), 1)});
  EXPECT_EQ(
      Rows("order_promotion_facts", TableSet::kLive),
      (std::vector<std::string>{"orders/1|promotions/7|TEA10|100|", "orders/2|promotions/7||50|",
                                "orders/2|promotions/8||30|", "orders/4|promotions/7|TEA10|900|",
                                "orders/5|promotions/7|TEA10|100|"}));

  analytics::store::PromotionOrders seven, eight;
  ASSERT_TRUE(Run([&](db::Transaction& tx) {
                seven = analytics::store::LoadPromotionOrders(
                    tx, "promotions/7", absl::CivilDay(2026, 3, 10), absl::CivilDay(2026, 3, 13));
                eight = analytics::store::LoadPromotionOrders(
                    tx, "promotions/8", absl::CivilDay(2026, 3, 10), absl::CivilDay(2026, 3, 13));
              }).ok());
  // promotions/7 over 03-10..03-12: o1 and o2 (o4 cancelled, o5 after); discount 100 + 50.
  EXPECT_EQ(seven.orders, 2);
  EXPECT_EQ(seven.discount_minor, 150);
  ASSERT_EQ(seven.by_product.size(), 2u);
  // products/1: 2 + 1 units; (2000 - 100) + (1000 - 80) - 300 refunded = 2520; cost
  // 800 + 400 - 100 = 1100. products/2: o1's line only.
  EXPECT_EQ(seven.by_product["products/1"].units, 3);
  EXPECT_EQ(seven.by_product["products/1"].revenue_minor, 2520);
  EXPECT_EQ(seven.by_product["products/1"].cost_minor, 1100);
  EXPECT_EQ(seven.by_product["products/2"].units, 1);
  EXPECT_EQ(seven.by_product["products/2"].revenue_minor, 500);
  EXPECT_EQ(seven.by_product["products/2"].cost_minor, 200);
  // promotions/8: o2 only.
  EXPECT_EQ(eight.orders, 1);
  EXPECT_EQ(eight.discount_minor, 30);
  ASSERT_EQ(eight.by_product.size(), 1u);
  EXPECT_EQ(eight.by_product["products/1"].units, 1);
  EXPECT_EQ(eight.by_product["products/1"].revenue_minor, 920);
  EXPECT_EQ(eight.by_product["products/1"].cost_minor, 400);
}

}  // namespace
}  // namespace sales::testing
