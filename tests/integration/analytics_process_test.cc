// Complaints and delivery promises in the process KPIs, over gRPC with customers, orders and
// analytics on MariaDB: complaints logged with categories and resolved (one left open),
// categorised feedback that is no complaint, orders delivered on time and late against their
// promises (a partial shipment counted only once every shipment is delivered), then
// GetProcessKpis for the whole company and by channel, region and rep, every figure as
// computed by hand from the times the services gave; a rebuild gives the same; bad slices are
// refused naming the field.
#include <google/protobuf/util/message_differencer.h>

#include <tuple>

#include "absl/time/civil_time.h"
#include "common/time_util.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsProcessTest : public AnalyticsTest {
 protected:
  std::vector<std::string> OrdersArgs() const override {
    return {"--standard_delivery_days=3", absl::StrCat("--business_time_zone=", kZone)};
  }

  // A complaint (or, with complaint false, categorised feedback) logged `hours_ago`.
  cv1::Interaction Log(const std::string& subject, const std::string& rep,
                       cv1::FeedbackCategory category, bool complaint, int hours_ago) {
    cv1::CreateInteractionRequest req;
    cv1::Interaction* i = req.mutable_interaction();
    i->set_subject(subject);
    i->set_kind(cv1::INTERACTION_KIND_CALL);
    i->set_rep(rep);
    i->set_category(category);
    i->set_complaint(complaint);
    *i->mutable_occur_time() = Ts(absl::Now() - absl::Hours(hours_ago));
    cv1::Interaction out;
    const grpc::Status status = customers_->CreateInteraction(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  cv1::Interaction Resolve(const cv1::Interaction& complaint) {
    cv1::ResolveComplaintRequest req;
    req.set_name(complaint.name());
    req.set_resolved_by("reps/lead");
    cv1::Interaction out;
    const grpc::Status status = customers_->ResolveComplaint(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Hours from the complaint to its resolution, as the customers service recorded them.
  static double HoursToResolve(const cv1::Interaction& resolved) {
    return absl::ToDoubleHours(FromProtoTime(resolved.resolve_time()) -
                               FromProtoTime(resolved.occur_time()));
  }

  // An order of `quantity` units, confirmed, with the credits and delivery option given.
  ov1::Order Order(ov1::Channel channel, const std::string& region,
                   const std::vector<std::pair<std::string, int>>& credits,
                   ov1::DeliveryOption option, int64_t quantity = 1) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(channel);
    o->set_region(region);
    o->set_warehouse("WH1");
    for (const auto& [rep, bp] : credits) {
      ov1::SalesCredit* c = o->add_sales_credits();
      c->set_rep(rep);
      c->set_revenue_share_bp(bp);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(quantity);
    o->mutable_delivery()->set_option(option);
    ov1::Order out;
    grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(out.name());
    status = orders_->ConfirmOrder(Ctx().get(), confirm, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // As if the order had waited: its promise moved to `days_ago` local days before today, in
  // orders' own table (the only way to make a live delivery late).
  void PromiseDaysAgo(const ov1::Order& order, int days_ago) {
    const int64_t id = std::stoll(order.name().substr(order.name().find('/') + 1));
    const absl::CivilDay day = absl::ToCivilDay(absl::Now(), Zone()) - days_ago;
    ASSERT_TRUE(
        db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          tx.Exec("UPDATE orders SET promised_date = ? WHERE id = ?",
                  {absl::FormatCivilTime(day), id});
          return absl::OkStatus();
        }).ok());
  }

  // Ships `quantity` units of line 1 (all that is left when 0) and delivers that shipment.
  ov1::Order ShipAndDeliver(const std::string& order, int64_t quantity = 0) {
    ov1::ShipOrderRequest ship;
    ship.set_name(order);
    ship.set_carrier("SF Express");
    ship.set_tracking_number(absl::StrCat("SF", ++shipments_));
    if (quantity > 0) {
      ov1::ShipmentLine* line = ship.add_lines();
      line->set_line_id(1);
      line->set_quantity(quantity);
    }
    ov1::Order out;
    grpc::Status status = orders_->ShipOrder(Ctx().get(), ship, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::DeliverShipmentRequest deliver;
    deliver.set_name(out.shipments(out.shipments_size() - 1).name());
    status = orders_->DeliverShipment(Ctx().get(), deliver, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The last 20 local days up to today, Asia/Shanghai.
  static av1::PeriodSpec Recent() {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
    av1::PeriodSpec p;
    p.set_granularity(av1::GRANULARITY_CUSTOM);
    p.set_first_day(absl::FormatCivilTime(today - 19));
    p.set_last_day(absl::FormatCivilTime(today));
    return p;
  }

  grpc::Status Process(av1::Slice slice, av1::ProcessKpis* out) {
    av1::GetProcessKpisRequest req;
    *req.mutable_period() = Recent();
    *req.mutable_slice() = std::move(slice);
    return analytics_->GetProcessKpis(Ctx().get(), req, out);
  }

  av1::ProcessKpis Process(av1::Slice slice = {}) {
    av1::ProcessKpis out;
    const grpc::Status status = Process(std::move(slice), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // What stays the same between two answers over the same facts: not the time they were
  // computed (as_of, and overdue_as_of while the period runs) nor the feed positions.
  static av1::ProcessKpis Comparable(av1::ProcessKpis k) {
    k.mutable_complaint_resolution()->clear_as_of();
    k.mutable_on_time_delivery()->clear_overdue_as_of();
    k.clear_freshness();
    return k;
  }

  std::string customer_;
  std::string product_;
  int shipments_ = 0;
};

TEST_F(AnalyticsProcessTest, ComplaintAndDeliveryFiguresMatchHandComputationAndARebuild) {
  customer_ = NewCustomer("Mei");
  const std::string other = NewCustomer("Jun");
  product_ = NewProduct("TEA", 1000, 600, "tea");
  Receive(product_, "WH1", 100);

  // Complaints, made 10, 20, 30, 50 and 100 hours ago; all but the last resolved now.
  //   k1 r-1 delivery  10 h   resolved
  //   k2 r-1 delivery  30 h   resolved
  //   k3 r-2 price     50 h   resolved
  //   k4 r-2 service  100 h   open
  //   k5 r-1 product   20 h   resolved
  // plus feedback that is no complaint: a product call (r-2) and a price survey answer, and
  // an interaction without a category (not feedback at all).
  const cv1::Interaction k1 =
      Resolve(Log(customer_, "reps/r-1", cv1::FEEDBACK_CATEGORY_DELIVERY, true, 10));
  const cv1::Interaction k2 =
      Resolve(Log(other, "reps/r-1", cv1::FEEDBACK_CATEGORY_DELIVERY, true, 30));
  const cv1::Interaction k3 =
      Resolve(Log(customer_, "reps/r-2", cv1::FEEDBACK_CATEGORY_PRICE, true, 50));
  Log(other, "reps/r-2", cv1::FEEDBACK_CATEGORY_SERVICE, true, 100);
  const cv1::Interaction k5 =
      Resolve(Log(other, "reps/r-1", cv1::FEEDBACK_CATEGORY_PRODUCT, true, 20));
  Log(customer_, "reps/r-2", cv1::FEEDBACK_CATEGORY_PRODUCT, false, 5);
  Log(customer_, "reps/r-2", cv1::FEEDBACK_CATEGORY_UNSPECIFIED, false, 5);
  cv1::CreateSurveyResponseRequest survey;
  survey.mutable_survey_response()->set_customer(customer_);
  survey.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_CSAT);
  survey.mutable_survey_response()->set_score(2);
  survey.mutable_survey_response()->set_category(cv1::FEEDBACK_CATEGORY_PRICE);
  cv1::SurveyResponse answered;
  ASSERT_TRUE(customers_->CreateSurveyResponse(Ctx().get(), survey, &answered).ok());
  // A complaint resolved twice keeps its first resolution.
  EXPECT_EQ(Resolve(k1).resolve_time().seconds(), k1.resolve_time().seconds());

  // Orders (all placed today, so in the period):
  //   o1 WEB   east  r-1        standard, delivered now: on time
  //   o2 WEB   east  r-2        standard, promise moved 2 days back: late
  //   o3 STORE north r-1 + r-2  next day, promise moved 5 days back: late
  //   o4 STORE north r-1        no promise, delivered
  //   o5 WEB   north r-2        standard, 2 units shipped 1 + 1: counted once both arrive
  //   o6 STORE east  r-1        no promise, not shipped
  const ov1::Order o1 =
      Order(ov1::CHANNEL_WEB, "east", {{"reps/r-1", 10000}}, ov1::DELIVERY_OPTION_STANDARD);
  const ov1::Order o2 =
      Order(ov1::CHANNEL_WEB, "east", {{"reps/r-2", 10000}}, ov1::DELIVERY_OPTION_STANDARD);
  const ov1::Order o3 = Order(ov1::CHANNEL_STORE, "north", {{"reps/r-1", 5000}, {"reps/r-2", 5000}},
                              ov1::DELIVERY_OPTION_NEXT_DAY);
  const ov1::Order o4 =
      Order(ov1::CHANNEL_STORE, "north", {{"reps/r-1", 10000}}, ov1::DELIVERY_OPTION_UNSPECIFIED);
  const ov1::Order o5 =
      Order(ov1::CHANNEL_WEB, "north", {{"reps/r-2", 10000}}, ov1::DELIVERY_OPTION_STANDARD, 2);
  Order(ov1::CHANNEL_STORE, "east", {{"reps/r-1", 10000}}, ov1::DELIVERY_OPTION_UNSPECIFIED);
  PromiseDaysAgo(o2, 2);
  PromiseDaysAgo(o3, 5);
  const ov1::Order d1 = ShipAndDeliver(o1.name());
  const ov1::Order d2 = ShipAndDeliver(o2.name());
  const ov1::Order d3 = ShipAndDeliver(o3.name());
  ShipAndDeliver(o4.name());
  ov1::Order d5 = ShipAndDeliver(o5.name(), 1);
  ASSERT_EQ(d5.status(), ov1::ORDER_STATUS_SHIPPED);  // one of two units delivered
  ASSERT_EQ(d1.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_ON_TIME);
  ASSERT_EQ(d2.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_LATE);
  ASSERT_EQ(d3.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_LATE);
  const int64_t late2 = d2.delivery().days_late();  // 2, or 3 past local midnight
  const int64_t late3 = d3.delivery().days_late();  // 5, or 6
  ASSERT_GE(late2, 2);
  ASSERT_GE(late3, 5);

  // o5 half delivered is not counted yet: 4 delivered, 3 with a promise.
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    const av1::ProcessKpis k = Process();
    // The price survey answer, the last customers event, makes the seventh feedback.
    int64_t feedback = 0;
    for (const av1::FeedbackCategoryCount& c : k.feedback_categories()) feedback += c.feedback();
    return k.on_time_delivery().delivered_orders() == 4 && k.complaint_rate().complaints() == 5 &&
           k.complaint_rate().orders() == 6 && k.complaint_resolution().resolved() == 4 &&
           feedback == 7;
  })) << Process().DebugString();
  EXPECT_EQ(Process().on_time_delivery().promised(), 3);

  d5 = ShipAndDeliver(o5.name());
  ASSERT_EQ(d5.status(), ov1::ORDER_STATUS_DELIVERED);
  ASSERT_EQ(d5.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_ON_TIME);
  ASSERT_TRUE(WaitFor(absl::Seconds(15),
                      [&] { return Process().on_time_delivery().delivered_orders() == 5; }));

  const av1::ProcessKpis all = Process();
  // Complaint rate: 5 complaints / 6 orders x 100 = 83.33.
  EXPECT_EQ(all.complaint_rate().complaints(), 5);
  EXPECT_EQ(all.complaint_rate().orders(), 6);
  EXPECT_DOUBLE_EQ(all.complaint_rate().per_100_orders(), 100.0 * 5 / 6);
  // Time to resolve, Kaplan-Meier over 10 (k1), 20 (k5), 30 (k2), 50 (k3) hours resolved and
  // k4 open at 100 hours (censored after them all), n = 5: 1 - S = 0.2, 0.4, 0.6, 0.8. The
  // median is the first time with 1 - S >= 0.5: k2's; 0.9 is never reached (k4 is open).
  const av1::ComplaintResolutionTime& r = all.complaint_resolution();
  EXPECT_EQ(r.complaints(), 5);
  EXPECT_EQ(r.resolved(), 4);
  EXPECT_EQ(r.still_open(), 1);
  EXPECT_DOUBLE_EQ(r.median_hours(), HoursToResolve(k2));
  EXPECT_NEAR(r.median_hours(), 30.0, 0.1);
  EXPECT_FALSE(r.has_p90_hours());
  EXPECT_EQ(r.p90_unavailable(), av1::PROCESS_KPI_GAP_TOO_MANY_OPEN);
  // By category, by name: complaints, still open, all categorised feedback.
  //   delivery k1 k2 (2, 0, 2); price k3 + the survey (1, 0, 2); product k5 + the product call
  //   (1, 0, 2); service k4 (1, 1, 1).
  ASSERT_EQ(all.feedback_categories_size(), 4);
  const std::vector<std::tuple<std::string, int64_t, int64_t, int64_t>> categories = {
      {"FEEDBACK_CATEGORY_DELIVERY", 2, 0, 2},
      {"FEEDBACK_CATEGORY_PRICE", 1, 0, 2},
      {"FEEDBACK_CATEGORY_PRODUCT", 1, 0, 2},
      {"FEEDBACK_CATEGORY_SERVICE", 1, 1, 1}};
  for (int i = 0; i < 4; ++i) {
    const av1::FeedbackCategoryCount& c = all.feedback_categories(i);
    EXPECT_EQ(c.category(), std::get<0>(categories[i]));
    EXPECT_EQ(c.complaints(), std::get<1>(categories[i])) << c.category();
    EXPECT_EQ(c.still_open(), std::get<2>(categories[i])) << c.category();
    EXPECT_EQ(c.feedback(), std::get<3>(categories[i])) << c.category();
  }
  // On-time delivery: 5 delivered (o1-o5), 4 with a promise (not o4), on time o1 and o5, late
  // o2 and o3: rate 2 / 4 = 0.5; average days late (late2 + late3) / 2.
  const av1::OnTimeDelivery& d = all.on_time_delivery();
  EXPECT_EQ(d.delivered_orders(), 5);
  EXPECT_EQ(d.promised(), 4);
  EXPECT_EQ(d.on_time(), 2);
  EXPECT_EQ(d.late(), 2);
  EXPECT_DOUBLE_EQ(d.rate(), 0.5);
  EXPECT_DOUBLE_EQ(d.average_days_late(), static_cast<double>(late2 + late3) / 2);

  // Channel WEB: o1, o2, o5 delivered, all promised, on time o1 and o5: 2 / 3; late o2 only.
  // Complaints name no order: not kept by channel; nor is stock.
  const av1::ProcessKpis web = Process(SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB"));
  EXPECT_EQ(web.slice().member(), "CHANNEL_WEB");
  EXPECT_EQ(web.on_time_delivery().delivered_orders(), 3);
  EXPECT_DOUBLE_EQ(web.on_time_delivery().rate(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(web.on_time_delivery().average_days_late(), static_cast<double>(late2));
  EXPECT_FALSE(web.complaint_rate().has_per_100_orders());
  EXPECT_EQ(web.complaint_rate().unavailable(), av1::PROCESS_KPI_GAP_NOT_BY_SLICE);
  EXPECT_EQ(web.complaint_resolution().unavailable(), av1::PROCESS_KPI_GAP_NOT_BY_SLICE);
  EXPECT_EQ(web.feedback_categories_size(), 0);
  EXPECT_EQ(web.inventory_turnover().unavailable(), av1::PROCESS_KPI_GAP_NOT_BY_SLICE);
  EXPECT_EQ(web.stock_outs().unavailable(), av1::PROCESS_KPI_GAP_NOT_BY_SLICE);

  // Region north: o3, o4, o5 delivered; promised o3 (late) and o5 (on time): 1 / 2.
  const av1::ProcessKpis north = Process(SliceOf(av1::SLICE_DIMENSION_REGION, "north"));
  EXPECT_EQ(north.on_time_delivery().delivered_orders(), 3);
  EXPECT_EQ(north.on_time_delivery().promised(), 2);
  EXPECT_DOUBLE_EQ(north.on_time_delivery().rate(), 0.5);
  EXPECT_DOUBLE_EQ(north.on_time_delivery().average_days_late(), static_cast<double>(late3));
  EXPECT_EQ(north.sales_cycle().unavailable(), av1::PROCESS_KPI_GAP_NOT_BY_SLICE);

  // Rep r-1: credited on o1, o3, o4, o6; delivered o1, o3, o4; promised o1 (on time) and o3
  // (late): 1 / 2. Complaints it logged: k1, k2, k5 = 3 per its 4 orders x 100 = 75. Time to
  // resolve over 10, 20, 30 hours, none open, n = 3: 1 - S = 1/3, 2/3, 1: median k5's (20 h),
  // p90 k2's (30 h).
  const av1::ProcessKpis r1 = Process(SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-1"));
  EXPECT_EQ(r1.on_time_delivery().delivered_orders(), 3);
  EXPECT_EQ(r1.on_time_delivery().promised(), 2);
  EXPECT_DOUBLE_EQ(r1.on_time_delivery().rate(), 0.5);
  EXPECT_EQ(r1.complaint_rate().complaints(), 3);
  EXPECT_EQ(r1.complaint_rate().orders(), 4);
  EXPECT_DOUBLE_EQ(r1.complaint_rate().per_100_orders(), 75.0);
  EXPECT_EQ(r1.complaint_resolution().still_open(), 0);
  EXPECT_DOUBLE_EQ(r1.complaint_resolution().median_hours(), HoursToResolve(k5));
  EXPECT_DOUBLE_EQ(r1.complaint_resolution().p90_hours(), HoursToResolve(k2));
  EXPECT_NEAR(HoursToResolve(k5), 20.0, 0.1);
  // Its complaints by category, without the feedback of others: delivery 2, product 1.
  ASSERT_EQ(r1.feedback_categories_size(), 2);
  EXPECT_EQ(r1.feedback_categories(0).complaints(), 2);
  EXPECT_EQ(r1.feedback_categories(1).category(), "FEEDBACK_CATEGORY_PRODUCT");
  EXPECT_EQ(r1.feedback_categories(1).feedback(), 1);

  // A rebuild replays both feeds into fresh tables: the same figures.
  const std::vector<av1::Slice> slices = {
      av1::Slice(), SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB"),
      SliceOf(av1::SLICE_DIMENSION_REGION, "north"), SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-1")};
  std::vector<av1::ProcessKpis> before;
  for (const av1::Slice& s : slices) before.push_back(Comparable(Process(s)));
  av1::StartRebuildRequest start;
  start.set_request_id("rebuild-process");
  av1::Rebuild rebuild;
  ASSERT_TRUE(analytics_->StartRebuild(Ctx().get(), start, &rebuild).ok());
  ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] {
    EXPECT_TRUE(analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &rebuild).ok());
    return rebuild.state() != av1::Rebuild::STATE_RUNNING;
  }));
  ASSERT_EQ(rebuild.state(), av1::Rebuild::STATE_SUCCEEDED) << rebuild.error();
  for (size_t i = 0; i < slices.size(); ++i) {
    const av1::ProcessKpis after = Comparable(Process(slices[i]));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(after, before[i]))
        << "after:\n"
        << after.DebugString() << "before:\n"
        << before[i].DebugString();
  }
}

TEST_F(AnalyticsProcessTest, FiguresWithoutDataSayWhyAndBadSlicesNameTheField) {
  const av1::ProcessKpis empty = Process();
  EXPECT_EQ(empty.complaint_rate().unavailable(), av1::PROCESS_KPI_GAP_NO_ORDERS);
  EXPECT_EQ(empty.complaint_resolution().unavailable(), av1::PROCESS_KPI_GAP_NO_COMPLAINTS);
  EXPECT_EQ(empty.on_time_delivery().unavailable(), av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES);
  EXPECT_EQ(empty.on_time_delivery().late_unavailable(),
            av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES);
  EXPECT_TRUE(empty.complaint_resolution().has_as_of());

  av1::ProcessKpis out;
  EXPECT_RPC_ERROR(Process(SliceOf(av1::SLICE_DIMENSION_PRODUCT, "products/1"), &out),
                   StatusCode::INVALID_ARGUMENT, "slice.dimension");
  EXPECT_RPC_ERROR(Process(SliceOf(av1::SLICE_DIMENSION_REP, ""), &out),
                   StatusCode::INVALID_ARGUMENT, "slice.member");
}

// Analytics reading the clock 6 days ahead, so that orders placed today with their real
// promises (standard 3 days, next day) are past them at the end of a period that ends in 5
// days, without moving any promise: the orders feed sends analytics only the cancellations and
// deliveries among the status changes, so a promise it knows is the one the order was placed
// with.
class AnalyticsOverdueTest : public AnalyticsProcessTest {
 protected:
  std::vector<std::string> AnalyticsArgs() const override {
    return {absl::StrCat("--clock_offset_seconds=", 6 * 86400)};
  }

  static absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), Zone()); }

  // The on-time delivery figures of the days [today + first, today + last], of `slice`.
  av1::OnTimeDelivery Delivery(int first, int last, av1::Slice slice = {}) {
    av1::GetProcessKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    req.mutable_period()->set_first_day(absl::FormatCivilTime(Today() + first));
    req.mutable_period()->set_last_day(absl::FormatCivilTime(Today() + last));
    *req.mutable_slice() = std::move(slice);
    av1::ProcessKpis out;
    const grpc::Status status = analytics_->GetProcessKpis(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.on_time_delivery();
  }
};

// Orders past their promised date and not yet delivered, counted by hand at the end of a
// period (and at analytics' now while one runs), whole company and by channel, region and
// rep; a period that ended before the orders were placed counts none at its end; a rebuild
// gives the same.
TEST_F(AnalyticsOverdueTest, OverdueUndeliveredOrdersMatchHandComputation) {
  customer_ = NewCustomer("Mei");
  product_ = NewProduct("TEA", 1000, 600, "tea");
  Receive(product_, "WH1", 100);
  const absl::CivilDay today = Today();
  // All placed today. At the end of the days up to today + 4 (today + 5, 00:00):
  //   p1 WEB   east  r-1  scheduled for today + 9, not shipped         open
  //   p2 WEB   east  r-1  standard (today + 3), not shipped             open, overdue
  //   p3 STORE north r-2  next day (today + 1), delivered now           not open
  //   p4 STORE north r-2  standard, cancelled                           not open
  //   p5 STORE east  r-2  standard, 2 units, 1 shipped and delivered    open, overdue
  //   p6 WEB   north r-1  no promise                                    not counted
  ov1::CreateOrderRequest scheduled;
  ov1::Order* o = scheduled.mutable_order();
  o->set_customer(customer_);
  o->set_channel(ov1::CHANNEL_WEB);
  o->set_region("east");
  o->set_warehouse("WH1");
  ov1::SalesCredit* credit = o->add_sales_credits();
  credit->set_rep("reps/r-1");
  credit->set_revenue_share_bp(10000);
  ov1::OrderLine* line = o->add_lines();
  line->set_product(product_);
  line->set_quantity(1);
  o->mutable_delivery()->set_option(ov1::DELIVERY_OPTION_SCHEDULED);
  o->mutable_delivery()->set_scheduled_date(absl::FormatCivilTime(today + 9));
  ov1::Order p1;
  const grpc::Status created = orders_->CreateOrder(Ctx().get(), scheduled, &p1);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(p1.delivery().promised_date(), absl::FormatCivilTime(today + 9));
  const ov1::Order p2 =
      Order(ov1::CHANNEL_WEB, "east", {{"reps/r-1", 10000}}, ov1::DELIVERY_OPTION_STANDARD);
  EXPECT_EQ(p2.delivery().promised_date(), absl::FormatCivilTime(today + 3));
  const ov1::Order p3 =
      Order(ov1::CHANNEL_STORE, "north", {{"reps/r-2", 10000}}, ov1::DELIVERY_OPTION_NEXT_DAY);
  const ov1::Order p4 =
      Order(ov1::CHANNEL_STORE, "north", {{"reps/r-2", 10000}}, ov1::DELIVERY_OPTION_STANDARD);
  const ov1::Order p5 =
      Order(ov1::CHANNEL_STORE, "east", {{"reps/r-2", 10000}}, ov1::DELIVERY_OPTION_STANDARD, 2);
  Order(ov1::CHANNEL_WEB, "north", {{"reps/r-1", 10000}}, ov1::DELIVERY_OPTION_UNSPECIFIED);
  ShipAndDeliver(p3.name());
  ShipAndDeliver(p5.name(), 1);
  // Last: before it, the counts are (4 open, 3 overdue) or more once p3 is delivered. Earlier
  // states pass through (3 open, 2 overdue) too, with only p1..p3 placed and nothing
  // delivered: the wait below also asks for p3's delivery.
  ov1::CancelOrderRequest cancel;
  cancel.set_name(p4.name());
  cancel.set_reason("changed mind");
  ov1::Order out;
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &out).ok());

  av1::OnTimeDelivery d;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    d = Delivery(-10, 4);
    return d.open_promised() == 3 && d.overdue() == 2 && d.delivered_orders() == 1;
  })) << d.DebugString();
  // Whole company at the period's end: open p1, p2, p5; overdue p2, p5: 2 / 3.
  ASSERT_TRUE(d.has_overdue_share());
  EXPECT_DOUBLE_EQ(d.overdue_share(), 2.0 / 3.0);
  EXPECT_EQ(FromProtoTime(d.overdue_as_of()), absl::FromCivil(today + 5, Zone()));
  // p3 is the only delivery (on time): on-time delivery is about the delivered orders.
  EXPECT_EQ(d.delivered_orders(), 1);
  EXPECT_EQ(d.on_time(), 1);

  // WEB: p1, p2 open, p2 overdue: 1 / 2.
  const av1::OnTimeDelivery web =
      Delivery(-10, 4, SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB"));
  EXPECT_EQ(web.open_promised(), 2);
  EXPECT_EQ(web.overdue(), 1);
  EXPECT_DOUBLE_EQ(web.overdue_share(), 0.5);
  // STORE: p5 open and overdue (p3 delivered, p4 cancelled): 1 / 1.
  const av1::OnTimeDelivery store =
      Delivery(-10, 4, SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_STORE"));
  EXPECT_EQ(store.open_promised(), 1);
  EXPECT_EQ(store.overdue(), 1);
  EXPECT_DOUBLE_EQ(store.overdue_share(), 1.0);
  // Region north: p3 delivered, p4 cancelled, p6 without a promise: none open, no share.
  const av1::OnTimeDelivery north = Delivery(-10, 4, SliceOf(av1::SLICE_DIMENSION_REGION, "north"));
  EXPECT_EQ(north.open_promised(), 0);
  EXPECT_EQ(north.overdue(), 0);
  EXPECT_FALSE(north.has_overdue_share());
  // Rep r-2: p3, p4, p5 credited; open and overdue p5 only.
  const av1::OnTimeDelivery r2 = Delivery(-10, 4, SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-2"));
  EXPECT_EQ(r2.open_promised(), 1);
  EXPECT_EQ(r2.overdue(), 1);

  // A period still running at analytics' now (6 days ahead): counted then; p1's day (today
  // + 9) has not come, p2's and p5's have.
  const av1::OnTimeDelivery running = Delivery(-10, 20);
  EXPECT_EQ(running.open_promised(), 3);
  EXPECT_EQ(running.overdue(), 2);
  EXPECT_LE(absl::AbsDuration(FromProtoTime(running.overdue_as_of()) -
                              (absl::Now() + absl::Hours(6 * 24))),
            absl::Seconds(30));
  // The promised day itself is not past: at the end of today + 2, p2 and p5 (today + 3) are
  // open and not overdue yet.
  const av1::OnTimeDelivery before_due = Delivery(-10, 2);
  EXPECT_EQ(before_due.open_promised(), 3);
  EXPECT_EQ(before_due.overdue(), 0);
  EXPECT_DOUBLE_EQ(before_due.overdue_share(), 0.0);
  // The 20 days up to 3 days ago: counted at that period's end, before any order was placed.
  const av1::OnTimeDelivery past = Delivery(-22, -3);
  EXPECT_EQ(past.open_promised(), 0);
  EXPECT_FALSE(past.has_overdue_share());
  EXPECT_EQ(FromProtoTime(past.overdue_as_of()), absl::FromCivil(today - 2, Zone()));

  // A rebuild replays the promises with the orders: the same counts.
  av1::StartRebuildRequest start;
  start.set_request_id("rebuild-overdue");
  av1::Rebuild rebuild;
  ASSERT_TRUE(analytics_->StartRebuild(Ctx().get(), start, &rebuild).ok());
  ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] {
    return analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &rebuild).ok() &&
           rebuild.state() != av1::Rebuild::STATE_RUNNING;
  }));
  ASSERT_EQ(rebuild.state(), av1::Rebuild::STATE_SUCCEEDED) << rebuild.error();
  const av1::OnTimeDelivery rebuilt = Delivery(-10, 4);
  EXPECT_EQ(rebuilt.open_promised(), 3);
  EXPECT_EQ(rebuilt.overdue(), 2);
}

}  // namespace
}  // namespace sales::testing
