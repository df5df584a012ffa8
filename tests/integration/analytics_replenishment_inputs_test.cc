// Replenishment inputs over gRPC against MariaDB: settings recorded per product and
// warehouse and their precedence (request > warehouse > every warehouse > default, each
// line naming its source), expected receipts netted into the position when due within the
// lead time (a later one is not), their lifecycle (update, cancel, receive, list, paging),
// idempotent retries and the field named by every refusal; demand net of restocked returns
// (scrapped ones are not netted) against a hand-built series; and the elasticity read
// grouped by week in SQL giving the domain's estimate on the weekly series built by hand
// from orders spread over several days of each week.
#include <chrono>
#include <cmath>
#include <optional>

#include "absl/strings/str_format.h"
#include "services/analytics/src/domain/price_elasticity.h"
#include "services/analytics/src/domain/replenishment.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace dom = ::sales::analytics::domain;

const absl::CivilDay kLastDay(2026, 3, 1);
constexpr char kLastDayText[] = "2026-03-01";
constexpr char kFirstDayText[] = "2026-03-02";  // the plan's first day

class AnalyticsReplenishmentInputsTest : public AnalyticsTest {
 protected:
  absl::Time At(absl::CivilDay day, int hour) const {
    return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0),
                           Zone());
  }

  // A completed order of `units` of `product` from `warehouse` at 10:00 of `day`.
  ov1::ImportedOrder Order(const std::string& ref, const std::string& product,
                           const std::string& warehouse, absl::CivilDay day, int64_t units,
                           int64_t price = 1000) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer("customers/1");
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    o.set_warehouse(warehouse);
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(price);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(At(day, 10));
    *o.mutable_close_time() = Ts(At(day, 11));
    return o;
  }

  // Adds to `o` a return of `units` of its first line resolved at 15:00 of `day`.
  void AddReturn(ov1::ImportedOrder& o, absl::CivilDay day, int64_t units,
                 ov1::Disposition disposition) {
    ov1::ImportedReturn* r = o.add_returns();
    r->set_external_ref(absl::StrCat(o.external_ref(), "-R", o.returns_size()));
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    r->set_reason("damaged");
    r->set_disposition(disposition);
    *r->mutable_request_time() = Ts(At(day, 14));
    *r->mutable_resolve_time() = Ts(At(day, 15));
  }

  av1::ReplenishmentReport Plan(av1::GetReplenishmentRequest req) {
    req.set_last_day(kLastDayText);
    req.set_history_days(56);
    av1::ReplenishmentReport out;
    const grpc::Status status = analytics_->GetReplenishment(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::ReplenishmentSettings Set(const std::string& product, const std::string& warehouse, int lead,
                                 std::optional<double> sd, std::optional<double> service,
                                 const std::string& request_id = "") {
    av1::SetReplenishmentSettingsRequest req;
    req.set_request_id(request_id);
    av1::ReplenishmentSettings* s = req.mutable_settings();
    s->set_product(product);
    s->set_warehouse(warehouse);
    s->set_lead_time_days(lead);
    if (sd.has_value()) s->set_lead_time_sd_days(*sd);
    if (service.has_value()) s->set_service_level(*service);
    av1::ReplenishmentSettings out;
    const grpc::Status status = analytics_->SetReplenishmentSettings(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::ExpectedReceipt Record(const std::string& product, const std::string& warehouse,
                              int64_t units, const std::string& day,
                              const std::string& request_id = "") {
    av1::RecordExpectedReceiptRequest req;
    req.set_request_id(request_id);
    av1::ExpectedReceipt* r = req.mutable_receipt();
    r->set_product(product);
    r->set_warehouse(warehouse);
    r->set_units(units);
    r->set_expected_day(day);
    r->set_reference("PO-1");
    av1::ExpectedReceipt out;
    const grpc::Status status = analytics_->RecordExpectedReceipt(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static const av1::ReplenishmentLine* LineOf(const av1::ReplenishmentReport& r,
                                              const std::string& warehouse) {
    for (const av1::ReplenishmentLine& l : r.lines()) {
      if (l.warehouse() == warehouse) return &l;
    }
    return nullptr;
  }

  // `product` sold 8 + d % 7 a day from WH1 and 2 a day from WH2 over the 56 days to
  // kLastDay; the series are kept in wh1_ and wh2_.
  std::string ImportSales() {
    const std::string product = NewProduct("FAST", 1000, 600, "drinks");
    std::vector<ov1::ImportedOrder> orders;
    for (int d = 0; d < 56; ++d) {
      const absl::CivilDay day = kLastDay - 55 + d;
      const int64_t units = 8 + d % 7;
      orders.push_back(Order(absl::StrCat("A", d), product, "WH1", day, units));
      orders.push_back(Order(absl::StrCat("B", d), product, "WH2", day, 2));
      wh1_.push_back(static_cast<double>(units));
      wh2_.push_back(2);
      sold_ += units + 2;
    }
    ImportOrders(orders);
    return product;
  }

  std::vector<double> wh1_, wh2_;
  int64_t sold_ = 0;
};

// The request's parameters win; then the warehouse's recorded settings; then the product's
// for every warehouse; then the defaults; each line names its sources and is planned as the
// domain plans the same series with that policy.
TEST_F(AnalyticsReplenishmentInputsTest, SettingsPrecedenceIsRequestWarehouseProductDefault) {
  const std::string product = ImportSales();
  Receive(product, "WH1", 100);
  Receive(product, "WH2", 500);
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::ReplenishmentReport r = Plan({});
    int64_t sold = 0;
    for (const av1::ReplenishmentLine& l : r.lines()) sold += l.history_units();
    return r.lines_size() == 2 && sold == sold_ &&
           r.lines(0).on_hand() + r.lines(1).on_hand() == 600;
  })) << Plan({}).DebugString();
  // Before any setting: the defaults.
  const av1::ReplenishmentReport before = Plan({});
  for (const av1::ReplenishmentLine& l : before.lines()) {
    EXPECT_EQ(l.policy().lead_time_days(), 14);
    EXPECT_EQ(l.policy().lead_time_source(), av1::SETTING_SOURCE_DEFAULT);
    EXPECT_EQ(l.policy().service_level_source(), av1::SETTING_SOURCE_DEFAULT);
  }

  Set(product, "", 21, std::nullopt, 0.9);  // every warehouse
  Set(product, "WH2", 7, 2.0, std::nullopt);
  const av1::ReplenishmentReport recorded = Plan({});
  const av1::ReplenishmentLine* wh1 = LineOf(recorded, "WH1");
  const av1::ReplenishmentLine* wh2 = LineOf(recorded, "WH2");
  ASSERT_NE(wh1, nullptr);
  ASSERT_NE(wh2, nullptr);
  EXPECT_EQ(wh1->policy().lead_time_days(), 21);
  EXPECT_EQ(wh1->policy().lead_time_source(), av1::SETTING_SOURCE_RECORDED_PRODUCT);
  EXPECT_EQ(wh1->policy().lead_time_sd_days(), 0);
  EXPECT_EQ(wh1->policy().lead_time_sd_source(), av1::SETTING_SOURCE_DEFAULT);
  EXPECT_DOUBLE_EQ(wh1->policy().service_level(), 0.9);
  EXPECT_EQ(wh1->policy().service_level_source(), av1::SETTING_SOURCE_RECORDED_PRODUCT);
  EXPECT_EQ(wh1->policy().cover_days(), 28);
  EXPECT_EQ(wh1->policy().cover_days_source(), av1::SETTING_SOURCE_DEFAULT);
  EXPECT_EQ(wh2->policy().lead_time_days(), 7);
  EXPECT_EQ(wh2->policy().lead_time_source(), av1::SETTING_SOURCE_RECORDED_WAREHOUSE);
  EXPECT_DOUBLE_EQ(wh2->policy().lead_time_sd_days(), 2);
  EXPECT_EQ(wh2->policy().lead_time_sd_source(), av1::SETTING_SOURCE_RECORDED_WAREHOUSE);
  EXPECT_DOUBLE_EQ(wh2->policy().service_level(), 0.9);
  EXPECT_EQ(wh2->policy().service_level_source(), av1::SETTING_SOURCE_RECORDED_PRODUCT);
  // The report's own figures stay the request's (here the defaults).
  EXPECT_EQ(recorded.lead_time_days(), 14);

  auto expect_domain = [](const av1::ReplenishmentLine& line, const std::vector<double>& series,
                          int64_t available, dom::ReplenishmentPolicy policy) {
    policy.horizon_days = std::max(120, policy.lead_time_days + policy.cover_days);
    const absl::StatusOr<dom::ReplenishmentPlan> want =
        dom::PlanReplenishment(series, available, policy);
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_NEAR(line.lead_time_demand(), want->lead_time_demand, 1e-6);
    EXPECT_NEAR(line.sigma_lead_time(), want->sigma_lead_time, 1e-9);
    EXPECT_EQ(line.safety_stock(), want->safety_stock);
    EXPECT_EQ(line.reorder_point(), want->reorder_point);
    EXPECT_EQ(line.reorder_quantity(), want->reorder_quantity);
  };
  dom::ReplenishmentPolicy p1;
  p1.lead_time_days = 21;
  p1.service_level = 0.9;
  expect_domain(*wh1, wh1_, 100, p1);
  dom::ReplenishmentPolicy p2;
  p2.lead_time_days = 7;
  p2.lead_time_sd_days = 2;
  p2.service_level = 0.9;
  expect_domain(*wh2, wh2_, 500, p2);
  // The lead-time deviation widens σ_L beyond σ √L (Silver, Pyke and Peterson).
  EXPECT_GT(wh2->sigma_lead_time(), wh2->sigma_daily() * std::sqrt(7.0) + 1e-9);

  // The request wins over both.
  av1::GetReplenishmentRequest req;
  req.set_lead_time_days(10);
  req.set_service_level(0.97);
  const av1::ReplenishmentReport requested = Plan(req);
  for (const av1::ReplenishmentLine& l : requested.lines()) {
    SCOPED_TRACE(l.warehouse());
    EXPECT_EQ(l.policy().lead_time_days(), 10);
    EXPECT_EQ(l.policy().lead_time_source(), av1::SETTING_SOURCE_REQUEST);
    EXPECT_DOUBLE_EQ(l.policy().service_level(), 0.97);
    EXPECT_EQ(l.policy().service_level_source(), av1::SETTING_SOURCE_REQUEST);
  }
  EXPECT_EQ(LineOf(requested, "WH2")->policy().lead_time_sd_source(),
            av1::SETTING_SOURCE_RECORDED_WAREHOUSE);

  // Deleting the warehouse's settings falls back to the product's.
  av1::DeleteReplenishmentSettingsRequest del;
  del.set_product(product);
  del.set_warehouse("WH2");
  av1::DeleteReplenishmentSettingsResponse deleted;
  ASSERT_TRUE(analytics_->DeleteReplenishmentSettings(Ctx().get(), del, &deleted).ok());
  EXPECT_EQ(deleted.settings().lead_time_days(), 7);
  EXPECT_EQ(LineOf(Plan({}), "WH2")->policy().lead_time_days(), 21);
  EXPECT_RPC_ERROR(analytics_->DeleteReplenishmentSettings(Ctx().get(), del, &deleted),
                   StatusCode::NOT_FOUND, "product");
}

// Open receipts due before first day + lead time are netted into the position; one due
// later is not; cancelled and received ones are not counted.
TEST_F(AnalyticsReplenishmentInputsTest, ReceiptsDueWithinTheLeadTimeAreNetted) {
  const std::string product = ImportSales();
  Receive(product, "WH1", 100);
  Receive(product, "WH2", 500);
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::ReplenishmentReport r = Plan({});
    return r.lines_size() == 2 && r.lines(0).on_hand() + r.lines(1).on_hand() == 600;
  }));
  // Lead time 14 from 2026-03-02: due before 2026-03-16.
  const av1::ExpectedReceipt soon = Record(product, "WH1", 30, "2026-03-07");
  const av1::ExpectedReceipt late = Record(product, "WH1", 1000, "2026-03-20");
  Record(product, "WH2", 5, "2026-03-03");

  const av1::ReplenishmentReport report = Plan({});
  const av1::ReplenishmentLine* wh1 = LineOf(report, "WH1");
  ASSERT_NE(wh1, nullptr);
  EXPECT_EQ(wh1->on_order_within_lead_time(), 30);
  EXPECT_EQ(wh1->inventory_position(), 130);
  EXPECT_EQ(LineOf(report, "WH2")->on_order_within_lead_time(), 5);
  dom::ReplenishmentPolicy policy;
  const absl::StatusOr<dom::ReplenishmentPlan> want =
      dom::PlanReplenishment(wh1_, 100, policy, {{5, 30}, {18, 1000}});
  ASSERT_TRUE(want.ok()) << want.status();
  ASSERT_TRUE(want->reorder_in_days.has_value());
  // 130 against about 154 over 14 days: reorder today; had the late receipt been netted
  // (1130), there would be no reorder today.
  EXPECT_EQ(*want->reorder_in_days, 0);
  EXPECT_EQ(wh1->reorder_date(), kFirstDayText);
  EXPECT_EQ(wh1->reorder_quantity(), want->reorder_quantity);
  EXPECT_EQ(wh1->stockout_date().empty(), !want->stockout_in_days.has_value());
  const absl::StatusOr<dom::ReplenishmentPlan> netted_late =
      dom::PlanReplenishment(wh1_, 100, policy, {{0, 1030}});
  ASSERT_TRUE(netted_late.ok());
  EXPECT_NE(netted_late->reorder_in_days, want->reorder_in_days);

  // Moving the late receipt inside the lead time nets it.
  av1::UpdateExpectedReceiptRequest update;
  update.mutable_receipt()->set_name(late.name());
  update.mutable_receipt()->set_expected_day("2026-03-10");
  update.mutable_update_mask()->add_paths("expected_day");
  av1::ExpectedReceipt updated;
  ASSERT_TRUE(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &updated).ok());
  EXPECT_EQ(updated.expected_day(), "2026-03-10");
  EXPECT_EQ(updated.units(), 1000);
  EXPECT_EQ(LineOf(Plan({}), "WH1")->on_order_within_lead_time(), 1030);
  EXPECT_NE(LineOf(Plan({}), "WH1")->reorder_date(), kFirstDayText);

  // Cancelled and received receipts no longer count.
  av1::CancelExpectedReceiptRequest cancel;
  cancel.set_name(late.name());
  av1::ExpectedReceipt cancelled;
  ASSERT_TRUE(analytics_->CancelExpectedReceipt(Ctx().get(), cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.state(), av1::ExpectedReceipt::STATE_CANCELLED);
  av1::ReceiveExpectedReceiptRequest receive;
  receive.set_name(soon.name());
  av1::ExpectedReceipt received;
  ASSERT_TRUE(analytics_->ReceiveExpectedReceipt(Ctx().get(), receive, &received).ok());
  EXPECT_EQ(received.state(), av1::ExpectedReceipt::STATE_RECEIVED);
  EXPECT_EQ(LineOf(Plan({}), "WH1")->on_order_within_lead_time(), 0);
  EXPECT_EQ(LineOf(Plan({}), "WH1")->inventory_position(), 100);
}

// A return whose goods went back to stock is subtracted from the demand of the day it was
// resolved; a scrapped one is not. The series the forecast is fitted on is then the
// hand-built one below.
TEST_F(AnalyticsReplenishmentInputsTest, RestockedReturnsAreNettedFromDemandOnTheirDay) {
  const std::string product = NewProduct("RET", 1000, 600, "drinks");
  std::vector<ov1::ImportedOrder> orders;
  std::vector<double> series;
  for (int d = 0; d < 56; ++d) {
    orders.push_back(Order(absl::StrCat("S", d), product, "WH1", kLastDay - 55 + d, 10));
    series.push_back(10);
  }
  // Day 40 (2026-02-14): 4 units of day 30's order come back to stock; day 45: 3 units of day
  // 31's order are scrapped; both are resolved within the window.
  AddReturn(orders[30], kLastDay - 55 + 40, 4, ov1::DISPOSITION_RESTOCK);
  AddReturn(orders[31], kLastDay - 55 + 45, 3, ov1::DISPOSITION_SCRAP);
  series[40] -= 4;
  ImportOrders(orders);
  Receive(product, "WH1", 80);
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::ReplenishmentReport r = Plan({});
    return r.lines_size() == 1 && r.lines(0).returned_units() == 4 && r.lines(0).on_hand() == 80;
  })) << Plan({}).DebugString();
  const av1::ReplenishmentLine line = Plan({}).lines(0);
  EXPECT_EQ(line.history_units(), 560);
  EXPECT_EQ(line.returned_units(), 4);
  EXPECT_EQ(line.history_days(), 56);
  dom::ReplenishmentPolicy policy;
  const absl::StatusOr<dom::ReplenishmentPlan> want = dom::PlanReplenishment(series, 80, policy);
  ASSERT_TRUE(want.ok()) << want.status();
  EXPECT_EQ(line.forecast_model(), want->model);
  EXPECT_NEAR(line.lead_time_demand(), want->lead_time_demand, 1e-6);
  EXPECT_NEAR(line.sigma_daily(), want->sigma_daily, 1e-9);
  EXPECT_EQ(line.safety_stock(), want->safety_stock);
  EXPECT_EQ(line.reorder_point(), want->reorder_point);
  // Not what the gross series gives: a flat 10 a day forecasts with no error.
  const absl::StatusOr<dom::ReplenishmentPlan> gross =
      dom::PlanReplenishment(std::vector<double>(56, 10.0), 80, policy);
  ASSERT_TRUE(gross.ok());
  EXPECT_NE(line.sigma_daily(), gross->sigma_daily);
}

// Receipts: a retry with the same request_id records once; the same id with another
// request is refused; updates, cancellations and receipts follow the state machine; the
// list pages and filters; bad input names the field.
TEST_F(AnalyticsReplenishmentInputsTest, ReceiptLifecycleIdempotencyAndValidation) {
  const std::string product = NewProduct("PO", 1000, 600, "drinks");
  const av1::ExpectedReceipt first = Record(product, "WH1", 40, "2026-12-20", "rec-1");
  const av1::ExpectedReceipt again = Record(product, "WH1", 40, "2026-12-20", "rec-1");
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(again.create_time().seconds(), first.create_time().seconds());
  EXPECT_EQ(first.state(), av1::ExpectedReceipt::STATE_OPEN);
  EXPECT_EQ(first.reference(), "PO-1");
  {
    av1::RecordExpectedReceiptRequest req;
    req.set_request_id("rec-1");
    req.mutable_receipt()->set_product(product);
    req.mutable_receipt()->set_warehouse("WH1");
    req.mutable_receipt()->set_units(41);
    req.mutable_receipt()->set_expected_day("2026-12-20");
    av1::ExpectedReceipt out;
    EXPECT_RPC_ERROR(analytics_->RecordExpectedReceipt(Ctx().get(), req, &out),
                     StatusCode::INVALID_ARGUMENT, "request_id");
  }
  const av1::ExpectedReceipt second = Record(product, "WH2", 7, "2026-12-22");
  const av1::ExpectedReceipt third = Record(product, "WH1", 9, "2026-12-23");

  // Update units and reference of the first; a retry answers the same.
  av1::UpdateExpectedReceiptRequest update;
  update.set_request_id("upd-1");
  update.mutable_receipt()->set_name(first.name());
  update.mutable_receipt()->set_units(45);
  update.mutable_receipt()->set_reference("PO-9");
  update.mutable_update_mask()->add_paths("units");
  update.mutable_update_mask()->add_paths("reference");
  av1::ExpectedReceipt updated, updated_again;
  ASSERT_TRUE(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &updated).ok());
  ASSERT_TRUE(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &updated_again).ok());
  EXPECT_EQ(updated.units(), 45);
  EXPECT_EQ(updated.reference(), "PO-9");
  EXPECT_EQ(updated.expected_day(), "2026-12-20");
  EXPECT_EQ(updated_again.SerializeAsString(), updated.SerializeAsString());

  // Cancel (retried: same answer); a second cancel or an update is refused naming both
  // states.
  av1::CancelExpectedReceiptRequest cancel;
  cancel.set_name(second.name());
  cancel.set_request_id("cancel-1");
  av1::ExpectedReceipt cancelled, cancelled_again;
  ASSERT_TRUE(analytics_->CancelExpectedReceipt(Ctx().get(), cancel, &cancelled).ok());
  ASSERT_TRUE(analytics_->CancelExpectedReceipt(Ctx().get(), cancel, &cancelled_again).ok());
  EXPECT_EQ(cancelled_again.SerializeAsString(), cancelled.SerializeAsString());
  cancel.clear_request_id();
  av1::ExpectedReceipt ignored;
  EXPECT_RPC_ERROR_MENTIONS(analytics_->CancelExpectedReceipt(Ctx().get(), cancel, &ignored),
                            StatusCode::FAILED_PRECONDITION, "CANCELLED -> CANCELLED");
  av1::ReceiveExpectedReceiptRequest receive;
  receive.set_name(second.name());
  EXPECT_RPC_ERROR_MENTIONS(analytics_->ReceiveExpectedReceipt(Ctx().get(), receive, &ignored),
                            StatusCode::FAILED_PRECONDITION, "CANCELLED -> RECEIVED");
  update.clear_request_id();
  update.mutable_receipt()->set_name(second.name());
  EXPECT_RPC_ERROR(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &ignored),
                   StatusCode::FAILED_PRECONDITION, "name");

  // The list: every state by id, one a page; only the open ones; only WH1.
  av1::ListExpectedReceiptsRequest list;
  list.set_page_size(1);
  std::vector<std::string> names;
  while (true) {
    av1::ListExpectedReceiptsResponse page;
    ASSERT_TRUE(analytics_->ListExpectedReceipts(Ctx().get(), list, &page).ok());
    for (const av1::ExpectedReceipt& r : page.receipts()) names.push_back(r.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(names, (std::vector<std::string>{first.name(), second.name(), third.name()}));
  list.Clear();
  list.set_state(av1::ExpectedReceipt::STATE_OPEN);
  list.set_warehouse("WH1");
  av1::ListExpectedReceiptsResponse open;
  ASSERT_TRUE(analytics_->ListExpectedReceipts(Ctx().get(), list, &open).ok());
  ASSERT_EQ(open.receipts_size(), 2);
  EXPECT_EQ(open.receipts(0).units(), 45);

  // Bad input names the field.
  av1::RecordExpectedReceiptRequest bad;
  bad.mutable_receipt()->set_product(product);
  bad.mutable_receipt()->set_warehouse("WH1");
  bad.mutable_receipt()->set_units(0);
  bad.mutable_receipt()->set_expected_day("2026-12-20");
  EXPECT_RPC_ERROR(analytics_->RecordExpectedReceipt(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "receipt.units");
  bad.mutable_receipt()->set_units(5);
  bad.mutable_receipt()->set_expected_day("2026-13-01");
  EXPECT_RPC_ERROR(analytics_->RecordExpectedReceipt(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "receipt.expected_day");
  bad.mutable_receipt()->set_expected_day("2026-12-20");
  bad.mutable_receipt()->clear_warehouse();
  EXPECT_RPC_ERROR(analytics_->RecordExpectedReceipt(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "receipt.warehouse");
  bad.mutable_receipt()->set_warehouse("WH1");
  bad.mutable_receipt()->set_product("sku-1");
  EXPECT_RPC_ERROR(analytics_->RecordExpectedReceipt(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "receipt.product");
  update.mutable_receipt()->set_name(third.name());
  update.mutable_update_mask()->add_paths("state");
  EXPECT_RPC_ERROR(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &ignored),
                   StatusCode::INVALID_ARGUMENT, "update_mask");
  update.mutable_update_mask()->Clear();
  EXPECT_RPC_ERROR(analytics_->UpdateExpectedReceipt(Ctx().get(), update, &ignored),
                   StatusCode::INVALID_ARGUMENT, "update_mask");
  cancel.set_name("expectedReceipts/999999");
  EXPECT_RPC_ERROR(analytics_->CancelExpectedReceipt(Ctx().get(), cancel, &ignored),
                   StatusCode::NOT_FOUND, "name");
  list.Clear();
  list.set_page_size(-1);
  av1::ListExpectedReceiptsResponse no_page;
  EXPECT_RPC_ERROR(analytics_->ListExpectedReceipts(Ctx().get(), list, &no_page),
                   StatusCode::INVALID_ARGUMENT, "page_size");
}

// Settings: a retry with the same request_id answers the first; the list pages by product
// then warehouse; out-of-range values name the field, in settings and in the request.
TEST_F(AnalyticsReplenishmentInputsTest, SettingsIdempotencyListAndValidation) {
  const std::string a = NewProduct("SA", 1000, 600, "drinks");
  const std::string b = NewProduct("SB", 1000, 600, "drinks");
  const av1::ReplenishmentSettings first = Set(a, "WH1", 10, std::nullopt, 0.98, "set-1");
  const av1::ReplenishmentSettings retry = Set(a, "WH1", 10, std::nullopt, 0.98, "set-1");
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_FALSE(first.has_lead_time_sd_days());
  EXPECT_FALSE(first.has_cover_days());
  Set(a, "", 12, 1.5, std::nullopt);
  Set(b, "WH1", 30, std::nullopt, std::nullopt);
  // Replacing: the same product and warehouse keep one row.
  Set(b, "WH1", 31, std::nullopt, std::nullopt);

  av1::ListReplenishmentSettingsRequest list;
  list.set_page_size(2);
  std::vector<std::string> rows;
  while (true) {
    av1::ListReplenishmentSettingsResponse page;
    ASSERT_TRUE(analytics_->ListReplenishmentSettings(Ctx().get(), list, &page).ok());
    for (const av1::ReplenishmentSettings& s : page.settings()) {
      rows.push_back(absl::StrCat(s.product(), "|", s.warehouse(), "|", s.lead_time_days()));
    }
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(rows, (std::vector<std::string>{absl::StrCat(a, "||12"), absl::StrCat(a, "|WH1|10"),
                                            absl::StrCat(b, "|WH1|31")}));

  av1::SetReplenishmentSettingsRequest bad;
  bad.mutable_settings()->set_product(a);
  av1::ReplenishmentSettings ignored;
  EXPECT_RPC_ERROR(analytics_->SetReplenishmentSettings(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "settings.lead_time_days");
  bad.mutable_settings()->set_lead_time_days(7);
  bad.mutable_settings()->set_service_level(1.2);
  EXPECT_RPC_ERROR(analytics_->SetReplenishmentSettings(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "settings.service_level");
  bad.mutable_settings()->clear_service_level();
  bad.mutable_settings()->set_lead_time_sd_days(-1);
  EXPECT_RPC_ERROR(analytics_->SetReplenishmentSettings(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "settings.lead_time_sd_days");
  bad.mutable_settings()->clear_lead_time_sd_days();
  bad.mutable_settings()->set_cover_days(400);
  EXPECT_RPC_ERROR(analytics_->SetReplenishmentSettings(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "settings.cover_days");
  bad.mutable_settings()->clear_cover_days();
  bad.mutable_settings()->set_product("products/x");
  EXPECT_RPC_ERROR(analytics_->SetReplenishmentSettings(Ctx().get(), bad, &ignored),
                   StatusCode::INVALID_ARGUMENT, "settings.product");
  av1::GetReplenishmentRequest req;
  req.set_lead_time_sd_days(-2);
  av1::ReplenishmentReport report;
  EXPECT_RPC_ERROR(analytics_->GetReplenishment(Ctx().get(), req, &report),
                   StatusCode::INVALID_ARGUMENT, "lead_time_sd_days");
}

// The elasticity read is grouped by week in SQL: with orders on several days of each week
// at different prices, the estimate is the domain's on the weekly series built by hand (the
// week's units, and its net amount / units as the price).
TEST_F(AnalyticsReplenishmentInputsTest, ElasticityFromWeeklyRowsMatchesTheHandBuiltSeries) {
  const std::string product = NewProduct("WEEKLY", 1000, 600, "snacks");
  constexpr int kWeeks = 30;
  const absl::CivilDay first_monday = kLastDay - 7 * kWeeks + 1;  // 2025-08-04, a Monday
  ASSERT_EQ(absl::GetWeekday(first_monday), absl::Weekday::monday);
  std::vector<ov1::ImportedOrder> orders;
  dom::PriceSeries series;
  series.product = product;
  int64_t total_units = 0, total_net = 0;
  for (int w = 0; w < kWeeks; ++w) {
    const absl::CivilDay monday = first_monday + 7 * w;
    int64_t units = 0, net = 0;
    // Monday, Wednesday and Saturday, each at its own price.
    for (int k = 0; k < 3; ++k) {
      const int64_t price = 700 + 100 * ((w * 3) % 7) + 30 * k;
      const int64_t n = std::llround(20 * std::pow(price / 1000.0, -1.4)) + k;
      orders.push_back(Order(absl::StrCat("W", w, "-", k), product, "WH1",
                             monday + (k == 0   ? 0
                                       : k == 1 ? 2
                                                : 5),
                             n, price));
      units += n;
      net += n * price;
    }
    const absl::CivilDay thursday = monday + 3;
    const absl::CivilYear year(thursday);
    const double tau = (absl::GetYearDay(thursday) - 1) /
                       static_cast<double>(absl::CivilDay(year + 1) - absl::CivilDay(year));
    series.weeks.push_back({w, tau, units, net});
    total_units += units;
    total_net += net;
  }
  ImportOrders(orders);
  av1::GetPriceElasticityRequest req;
  req.set_product(product);
  req.set_last_day(kLastDayText);
  req.set_weeks(kWeeks);
  av1::PriceElasticityReport report;
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    EXPECT_TRUE(analytics_->GetPriceElasticity(Ctx().get(), req, &report).ok());
    // Every order ingested (the domain below reports the estimate, so it is not refused).
    return report.products_size() == 1 && report.products(0).units() == total_units;
  })) << report.DebugString();
  dom::ElasticityOptions options;
  options.window_weeks = kWeeks;
  options.holdout_weeks = 7;  // a quarter of 30, rounded down (the request's default)
  const absl::StatusOr<dom::ElasticityEstimate> want = dom::EstimateElasticity({series}, options);
  ASSERT_TRUE(want.ok()) << want.status() << "\n" << report.DebugString();
  ASSERT_EQ(report.products_size(), 1) << report.DebugString();
  const av1::PriceElasticity& e = report.products(0);
  EXPECT_EQ(e.periods(), kWeeks);
  EXPECT_EQ(e.units(), total_units);
  EXPECT_EQ(e.net_minor(), total_net);
  EXPECT_NEAR(e.elasticity(), want->elasticity, 1e-9);
  EXPECT_NEAR(e.standard_error(), want->standard_error, 1e-9);
  EXPECT_NEAR(e.r_squared(), want->r_squared, 1e-9);
  EXPECT_EQ(e.weeks_off_usual_price(), want->weeks_off_usual_price);
  ASSERT_EQ(e.has_holdout(), want->holdout.has_value());
  if (want->holdout.has_value()) {
    EXPECT_NEAR(e.holdout().model_rmse(), want->holdout->model_rmse, 1e-9);
  }
  // The projection's base weeks are the last 4 whole weeks of the same rows.
  int64_t base_units = 0, base_net = 0;
  for (int w = kWeeks - 4; w < kWeeks; ++w) {
    base_units += series.weeks[static_cast<size_t>(w)].units;
    base_net += series.weeks[static_cast<size_t>(w)].net_minor;
  }
  av1::ProjectPriceChangeRequest project;
  project.set_product(product);
  project.set_proposed_price_minor(1000);
  project.set_last_day(kLastDayText);
  project.set_weeks(kWeeks);
  av1::PriceProjection projection;
  ASSERT_TRUE(analytics_->ProjectPriceChange(Ctx().get(), project, &projection).ok());
  EXPECT_DOUBLE_EQ(projection.current().units(), static_cast<double>(base_units) / 4);
  EXPECT_EQ(projection.current_price_minor(),
            (2 * base_net + base_units) / (2 * base_units));  // half up; positive amounts
}

}  // namespace
}  // namespace sales::testing
