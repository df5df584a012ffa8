// Rebuild over gRPC: the feeds replayed from position 0 into fresh tables equal what
// incremental ingest built, row for row; orders placed while a rebuild runs are counted
// exactly once; a retried StartRebuild answers the rebuild it started.
#include <atomic>
#include <thread>

#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

class AnalyticsRebuildTest : public AnalyticsTest {
 protected:
  // Every row of the rollup, as text, in key order.
  std::vector<std::string> RollupRows() {
    if (!analytics_db_) {
      analytics_db_ = std::make_unique<db::ConnectionPool>(analytics_schema_->db_config());
    }
    std::vector<std::string> rows;
    const absl::Status status = db::RunInTransaction(
        *analytics_db_, absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
          rows.clear();
          auto rs = tx.Query("SELECT * FROM kpi_days ORDER BY dim, member, day");
          const int columns = static_cast<int>(rs->getMetaData()->getColumnCount());
          while (rs->next()) {
            std::string row;
            for (int c = 1; c <= columns; ++c)
              absl::StrAppend(&row, std::string(rs->getString(c)), "|");
            rows.push_back(row);
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return rows;
  }

  av1::Rebuild StartRebuild(const std::string& request_id) {
    av1::StartRebuildRequest req;
    req.set_request_id(request_id);
    av1::Rebuild out;
    const grpc::Status status = analytics_->StartRebuild(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::Rebuild WaitForRebuild() {
    av1::Rebuild out;
    EXPECT_TRUE(WaitFor(absl::Seconds(60), [&] {
      EXPECT_TRUE(analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &out).ok());
      return out.state() != av1::Rebuild::STATE_RUNNING;
    }));
    return out;
  }

  // A little of everything: orders, a cancellation, a survey answer and a lead.
  void MakeHistory(const std::string& customer, const std::string& product) {
    for (int i = 1; i <= 6; ++i) PlaceOrder(customer, product, i);
    const ov1::Order order = PlaceOrder(customer, product, 7);
    ov1::CancelOrderRequest cancel;
    cancel.set_name(order.name());
    cancel.set_reason("duplicate");
    ov1::Order cancelled;
    ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &cancelled).ok());
    cv1::CreateSurveyResponseRequest survey;
    survey.mutable_survey_response()->set_customer(customer);
    survey.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_NPS);
    survey.mutable_survey_response()->set_score(10);
    cv1::SurveyResponse answer;
    ASSERT_TRUE(customers_->CreateSurveyResponse(Ctx().get(), survey, &answer).ok());
    cv1::CreateLeadRequest lead;
    lead.mutable_lead()->set_display_name("Prospect");
    lead.mutable_lead()->set_owner_rep("reps/r-2");
    cv1::Lead created;
    ASSERT_TRUE(customers_->CreateLead(Ctx().get(), lead, &created).ok());
    ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) {
      return v.cancelled_orders() == 1 && v.nps_responses() == 1 && v.leads_created() == 1;
    }));
  }

  // Runs `sql` on the analytics schema.
  void ExecAnalytics(const std::string& sql) {
    if (!analytics_db_) {
      analytics_db_ = std::make_unique<db::ConnectionPool>(analytics_schema_->db_config());
    }
    const absl::Status status = db::RunInTransaction(
        *analytics_db_, absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
          tx.Exec(sql);
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
  }

  // This week's product report row of `product`; an empty one when it is not listed.
  av1::ProductFigures TodaysFigures(const std::string& product) {
    av1::GetProductReportRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_ISO_WEEK);
    *req.mutable_period()->mutable_time() = Ts(absl::Now());
    av1::ProductReport report;
    const grpc::Status status = analytics_->GetProductReport(Ctx().get(), req, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const av1::ProductFigures& p : report.products()) {
      if (p.product() == product) return p;
    }
    return {};
  }

  std::unique_ptr<db::ConnectionPool> analytics_db_;
};

// Issue 11: answers name a product as its product_changed events describe it, also after a
// rebuild, which replays them (here into a product_names emptied as on a deployment whose
// analytics did not yet subscribe to product_changed); an unknown name is empty, not an error.
TEST_F(AnalyticsRebuildTest, ProductNamesComeFromTheFeedAndARebuildReplaysThem) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("RB-3", 1200, 600, "tea");
  Receive(product, "WH1", 50);
  PlaceOrder(customer, product, 2);
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    const av1::ProductFigures p = TodaysFigures(product);
    return p.units() == 2 && p.display_name() == "Product RB-3";
  })) << TodaysFigures(product).DebugString();
  EXPECT_EQ(TodaysFigures(product).sku(), "RB-3");

  // Without a name the product is still reported, its name and SKU empty.
  ExecAnalytics("DELETE FROM product_names");
  const av1::ProductFigures unnamed = TodaysFigures(product);
  EXPECT_EQ(unnamed.units(), 2);
  EXPECT_EQ(unnamed.display_name(), "");
  EXPECT_EQ(unnamed.sku(), "");

  // A rebuild replays the product's event from the feed: the name is back.
  StartRebuild("names-1");
  const av1::Rebuild done = WaitForRebuild();
  ASSERT_EQ(done.state(), av1::Rebuild::STATE_SUCCEEDED) << done.error();
  const av1::ProductFigures rebuilt = TodaysFigures(product);
  EXPECT_EQ(rebuilt.units(), 2);
  EXPECT_EQ(rebuilt.display_name(), "Product RB-3");
  EXPECT_EQ(rebuilt.sku(), "RB-3");

  // A rename reaches the answers through the live consumer after the rebuild.
  ov1::UpdateProductRequest rename;
  rename.mutable_product()->set_name(product);
  rename.mutable_product()->set_display_name("Oolong tea 100 g");
  rename.mutable_update_mask()->add_paths("display_name");
  ov1::Product renamed;
  ASSERT_TRUE(orders_->UpdateProduct(Ctx().get(), rename, &renamed).ok());
  EXPECT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return TodaysFigures(product).display_name() == "Oolong tea 100 g";
  })) << TodaysFigures(product).DebugString();
}

TEST_F(AnalyticsRebuildTest, ARebuildEqualsIncrementalIngestRowForRow) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("RB-1", 1500, 700, "tea");
  Receive(product, "WH1", 200);
  MakeHistory(customer, product);
  const std::vector<std::string> incremental = RollupRows();
  ASSERT_FALSE(incremental.empty());

  const av1::Rebuild started = StartRebuild("rebuild-1");
  EXPECT_EQ(started.request_id(), "rebuild-1");
  const av1::Rebuild done = WaitForRebuild();
  ASSERT_EQ(done.state(), av1::Rebuild::STATE_SUCCEEDED) << done.error();
  EXPECT_EQ(done.orders_position(), done.orders_target());
  EXPECT_GT(done.orders_position(), 0);
  EXPECT_TRUE(done.has_end_time());
  EXPECT_EQ(RollupRows(), incremental);

  // A retry of the same request answers that rebuild and starts nothing.
  const av1::Rebuild retried = StartRebuild("rebuild-1");
  EXPECT_EQ(retried.state(), av1::Rebuild::STATE_SUCCEEDED);
  EXPECT_EQ(retried.start_time().seconds(), done.start_time().seconds());

  // The live consumers go on from where the replay stopped: one more order counts once.
  PlaceOrder(customer, product, 10);
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.orders() == 7; }));
  EXPECT_EQ(Kpis(av1::GRANULARITY_DAY, absl::Now()).values().units(), 1 + 2 + 3 + 4 + 5 + 6 + 10);
}

TEST_F(AnalyticsRebuildTest, OrdersPlacedDuringARebuildCountExactlyOnce) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("RB-2", 1000, 500);
  Receive(product, "WH1", 500);
  MakeHistory(customer, product);

  std::atomic<bool> stop{false};
  std::atomic<int> placed{0};
  std::thread writer([&] {
    while (!stop.load() && placed.load() < 200) {
      PlaceOrder(customer, product, 1);
      ++placed;
    }
  });
  StartRebuild("");
  // A second start while it runs is refused (if it is still running by then).
  av1::StartRebuildRequest again;
  av1::Rebuild again_out;
  const grpc::Status again_status = analytics_->StartRebuild(Ctx().get(), again, &again_out);
  if (!again_status.ok()) {
    EXPECT_RPC_ERROR_MENTIONS(again_status, grpc::StatusCode::FAILED_PRECONDITION, "running");
  }
  const av1::Rebuild done = WaitForRebuild();
  stop = true;
  writer.join();
  ASSERT_EQ(done.state(), av1::Rebuild::STATE_SUCCEEDED) << done.error();

  const int64_t expected_orders = 6 + placed.load();
  ASSERT_TRUE(WaitForToday([&](const av1::KpiValues& v) { return v.orders() == expected_orders; }))
      << "expected " << expected_orders << " orders, have "
      << Kpis(av1::GRANULARITY_DAY, absl::Now()).values().orders();
  // Settled: nothing more arrives, and nothing was counted twice.
  absl::SleepFor(absl::Milliseconds(500));
  const av1::KpiValues v = Kpis(av1::GRANULARITY_DAY, absl::Now()).values();
  EXPECT_EQ(v.orders(), expected_orders);
  EXPECT_EQ(v.units(), 21 + placed.load());
  EXPECT_EQ(v.cancelled_orders(), 1);
  EXPECT_EQ(v.new_customers(), 1);
}

}  // namespace
}  // namespace sales::testing
