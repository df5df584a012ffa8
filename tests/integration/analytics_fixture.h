// Customers and orders servers (OrdersTest) plus an analytics server following both feeds,
// each on a fresh schema, with days cut in Asia/Shanghai; and small call helpers.
#pragma once

#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {

namespace av1 = ::sales::analytics::v1;

inline google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  ts.set_nanos(
      static_cast<int32_t>((t - absl::FromUnixSeconds(ts.seconds())) / absl::Nanoseconds(1)));
  return ts;
}

class AnalyticsTest : public OrdersTest {
 protected:
  static constexpr char kZone[] = "Asia/Shanghai";

  void SetUp() override {
    OrdersTest::SetUp();
    if (HasFatalFailure()) return;
    analytics_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    StartAnalytics();
  }

  void TearDown() override {
    analytics_.reset();
    analytics_server_.reset();
    analytics_schema_.reset();
    OrdersTest::TearDown();
  }

  // Extra flags of the analytics server for a test suite (e.g. --clock_offset_seconds).
  virtual std::vector<std::string> AnalyticsArgs() const { return {}; }

  // Starts the analytics server with AnalyticsArgs() and `flags` added.
  void StartAnalytics(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args = {"--orders_address=" + orders_server_->address(),
                                     "--customers_address=" + customers_server_->address(),
                                     absl::StrCat("--business_time_zone=", kZone)};
    const std::vector<std::string> extra = AnalyticsArgs();
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), flags.begin(), flags.end());
    analytics_server_ =
        ServiceProcess::Start(SALES_ANALYTICS_BINARY, analytics_schema_->db_config(), args);
    ASSERT_NE(analytics_server_, nullptr) << "analytics server did not become SERVING";
    analytics_ = av1::AnalyticsService::NewStub(analytics_server_->channel());
  }

  // Stops the analytics server (SIGTERM) and starts it again on the same schema with `flags`
  // added.
  void RestartAnalytics(const std::vector<std::string>& flags = {}) {
    analytics_.reset();
    analytics_server_.reset();
    StartAnalytics(flags);
  }

  static absl::TimeZone Zone() {
    absl::TimeZone zone;
    EXPECT_TRUE(absl::LoadTimeZone(kZone, &zone));
    return zone;
  }

  // The KPIs of the period of `granularity` holding `at`, for `slice`.
  av1::KpiReport Kpis(av1::Granularity granularity, absl::Time at, av1::Slice slice = {}) {
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(granularity);
    *req.mutable_period()->mutable_time() = Ts(at);
    *req.mutable_slice() = std::move(slice);
    av1::KpiReport out;
    const grpc::Status status = analytics_->GetKpis(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static av1::Slice SliceOf(av1::SliceDimension dimension, const std::string& member) {
    av1::Slice s;
    s.set_dimension(dimension);
    s.set_member(member);
    return s;
  }

  // Waits until today's whole-company KPIs satisfy `condition` (ingest is asynchronous).
  bool WaitForToday(const std::function<bool(const av1::KpiValues&)>& condition,
                    absl::Duration timeout = absl::Seconds(10)) {
    return WaitFor(timeout,
                   [&] { return condition(Kpis(av1::GRANULARITY_DAY, absl::Now()).values()); });
  }

  // Places (and confirms) an order of `quantity` units of `product` for `customer`, in the
  // store channel, region north, credited to reps/r-1 and reps/r-2 half each.
  ov1::Order PlaceOrder(const std::string& customer, const std::string& product, int64_t quantity) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    for (const char* rep : {"reps/r-1", "reps/r-2"}) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(rep);
      credit->set_revenue_share_bp(5000);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    ov1::Order order;
    grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    status = orders_->ConfirmOrder(Ctx().get(), confirm, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return order;
  }

  // Imports historical orders through the orders service's ImportOrders stream; every one
  // must be accepted.
  void ImportOrders(const std::vector<ov1::ImportedOrder>& orders) {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (const ov1::ImportedOrder& o : orders) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(orders.size()))
        << (resp.errors_size() > 0 ? resp.errors(0).DebugString() : "");
  }

  std::unique_ptr<TestSchema> analytics_schema_;
  std::unique_ptr<ServiceProcess> analytics_server_;
  std::unique_ptr<av1::AnalyticsService::Stub> analytics_;
};

}  // namespace sales::testing
