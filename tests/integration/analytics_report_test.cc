// GetReport over gRPC, with history imported through the orders service: the report's
// figures are those GetKpis, GetRevenueBridge and GetRfmSegments answer for the same period;
// a category that fell by half is a finding worded in English and in Chinese; members are
// ranked with their growth; bad input is refused naming the field.
#include <google/protobuf/util/message_differencer.h>

#include <chrono>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using grpc::StatusCode;

class AnalyticsReportTest : public AnalyticsTest {
 protected:
  // A completed order of (product, units, unit price) lines on `day` at 10:00 in the
  // business time zone, in the store channel, region west.
  ov1::ImportedOrder Historical(
      const std::string& customer, absl::CivilDay day,
      const std::vector<std::tuple<std::string, int64_t, int64_t>>& lines) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("rep-", next_ref_++));
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_STORE);
    o.set_region("west");
    for (const auto& [product, units, price] : lines) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(product);
      line->set_quantity(units);
      line->mutable_unit_price()->set_minor_units(price);
      line->mutable_unit_cost()->set_minor_units(price / 2);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 10 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(2));
    return o;
  }

  void Import(const std::vector<ov1::ImportedOrder>& orders) {
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
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(orders.size()));
  }

  // January and February 2025: tea sells 10 units at 10.00 in both months; coffee 10 units
  // at 10.00 in January and 5 in February (the same price): coffee, and so the company,
  // fall by volume. Waits until analytics has February.
  void ImportCoffeeFall() {
    tea_ = NewProduct("TEA-1", 1000, 500, "tea");
    coffee_ = NewProduct("COF-1", 1000, 500, "coffee");
    const std::string a = NewCustomer("A");
    const std::string b = NewCustomer("B");
    Import({Historical(a, absl::CivilDay(2025, 1, 10), {{tea_, 10, 1000}}),
            Historical(b, absl::CivilDay(2025, 1, 12), {{coffee_, 10, 1000}}),
            Historical(a, absl::CivilDay(2025, 2, 10), {{tea_, 10, 1000}}),
            Historical(b, absl::CivilDay(2025, 2, 12), {{coffee_, 5, 1000}})});
    ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
      return Kpis(av1::GRANULARITY_MONTH, February()).values().orders() == 2;
    }));
  }

  absl::Time February() const { return absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone()); }

  av1::PeriodicReport Report(av1::Granularity granularity, absl::Time at,
                             const std::string& language) {
    av1::GetReportRequest req;
    req.set_granularity(granularity);
    *req.mutable_time() = Ts(at);
    req.set_language_code(language);
    av1::PeriodicReport out;
    const grpc::Status status = analytics_->GetReport(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static const av1::Finding* FindingAbout(const av1::PeriodicReport& r, av1::FindingKind kind,
                                          av1::SliceDimension dimension,
                                          const std::string& subject) {
    for (const av1::Finding& f : r.findings()) {
      if (f.kind() == kind && f.dimension() == dimension && f.subject() == subject) return &f;
    }
    return nullptr;
  }

  std::string tea_, coffee_;
  int next_ref_ = 0;
};

TEST_F(AnalyticsReportTest, FiguresAreThoseOfGetKpisTheBridgeAndRfm) {
  ImportCoffeeFall();
  const av1::PeriodicReport report = Report(av1::GRANULARITY_MONTH, February(), "en");
  EXPECT_EQ(report.period().label(), "2025-02");
  EXPECT_EQ(report.period().time_zone(), kZone);
  EXPECT_TRUE(report.period_complete());
  EXPECT_EQ(report.currency_code(), "CNY");
  EXPECT_EQ(report.language_code(), "en");

  const av1::KpiReport kpis = Kpis(av1::GRANULARITY_MONTH, February());
  EXPECT_TRUE(MessageDifferencer::Equals(report.values(), kpis.values()))
      << report.values().DebugString() << kpis.values().DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(report.vs_previous(), kpis.vs_previous()));
  EXPECT_TRUE(MessageDifferencer::Equals(report.vs_year_before(), kpis.vs_year_before()));
  EXPECT_EQ(report.values().revenue_minor(), 15000);
  EXPECT_EQ(report.vs_previous().base_values().revenue_minor(), 20000);

  av1::GetRevenueBridgeRequest bridge_req;
  bridge_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *bridge_req.mutable_period()->mutable_time() = Ts(February());
  av1::RevenueBridge bridge;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), bridge_req, &bridge).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(report.bridge(), bridge))
      << report.bridge().DebugString() << bridge.DebugString();
  EXPECT_EQ(report.bridge().change_minor(), -5000);

  av1::GetRfmSegmentsRequest rfm_req;
  rfm_req.set_as_of_day("2025-02-28");
  av1::RfmReport rfm;
  ASSERT_TRUE(analytics_->GetRfmSegments(Ctx().get(), rfm_req, &rfm).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(report.segments(), rfm));
  EXPECT_EQ(report.segments().customers_scored(), 2);
  EXPECT_EQ(report.segment_movements().from_as_of_day(), "2025-01-31");
  EXPECT_EQ(report.segment_movements().in_both(), 2);

  // Rankings: tea on top and flat, coffee below at half its January revenue.
  ASSERT_EQ(report.categories().top_size(), 2);
  EXPECT_EQ(report.categories().dimension(), av1::SLICE_DIMENSION_CATEGORY);
  EXPECT_EQ(report.categories().members(), 2);
  EXPECT_EQ(report.categories().top(0).member(), "tea");
  EXPECT_EQ(report.categories().top(0).revenue_minor(), 10000);
  EXPECT_DOUBLE_EQ(report.categories().top(0).revenue_growth(), 0.0);
  const av1::RankedMember& coffee = report.categories().top(1);
  EXPECT_EQ(coffee.member(), "coffee");
  EXPECT_EQ(coffee.revenue_minor(), 5000);
  EXPECT_EQ(coffee.units(), 5);
  EXPECT_EQ(coffee.previous_revenue_minor(), 10000);
  EXPECT_EQ(coffee.previous_units(), 10);
  EXPECT_DOUBLE_EQ(coffee.revenue_growth(), -0.5);
  EXPECT_NEAR(coffee.revenue_share(), 1.0 / 3.0, 1e-12);
  ASSERT_EQ(report.products().top_size(), 2);
  EXPECT_EQ(report.products().top(0).member(), tea_);
  ASSERT_EQ(report.channels().top_size(), 1);
  EXPECT_EQ(report.channels().top(0).member(), "CHANNEL_STORE");
  EXPECT_EQ(report.channels().top(0).revenue_minor(), 15000);
  ASSERT_EQ(report.reps().top_size(), 0);  // imported orders carry no sales credits
  ASSERT_EQ(report.regions().top_size(), 1);
}

TEST_F(AnalyticsReportTest, ACategoryFallIsAFindingInBothLanguages) {
  ImportCoffeeFall();
  const av1::PeriodicReport en = Report(av1::GRANULARITY_MONTH, February(), "en");
  const av1::Finding* fall =
      FindingAbout(en, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "coffee");
  ASSERT_NE(fall, nullptr) << en.DebugString();
  EXPECT_EQ(fall->direction(), av1::FINDING_DIRECTION_DOWN);
  EXPECT_EQ(fall->unit(), av1::FINDING_UNIT_MINOR_UNITS);
  EXPECT_EQ(fall->base_value(), 10000);
  EXPECT_EQ(fall->current_value(), 5000);
  EXPECT_DOUBLE_EQ(fall->change(), -0.5);
  EXPECT_EQ(fall->driver(), av1::FINDING_DRIVER_VOLUME);
  EXPECT_EQ(fall->driver_value(), -5000);
  EXPECT_EQ(fall->text(),
            "Category coffee fell 50% month on month (from 100.00 to 50.00), mostly volume.");
  // Tea did not move: no finding about it.
  EXPECT_EQ(FindingAbout(en, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "tea"),
            nullptr);
  // The company fell 25%: the first finding, driven by volume (the same customers bought).
  ASSERT_GE(en.findings_size(), 1);
  EXPECT_EQ(en.findings(0).kind(), av1::FINDING_KIND_REVENUE_CHANGE);
  EXPECT_EQ(en.findings(0).driver(), av1::FINDING_DRIVER_VOLUME);
  EXPECT_EQ(en.findings(0).driver_value(), -5000);  // (15 - 20 units) x 10.00
  EXPECT_EQ(en.findings(0).driver_value(), en.bridge().volume_minor());
  EXPECT_EQ(en.findings(0).text(),
            "Revenue fell 25% month on month (from 200.00 to 150.00); the largest part of the "
            "change was volume (-50.00).");

  const av1::PeriodicReport zh = Report(av1::GRANULARITY_MONTH, February(), "zh");
  EXPECT_EQ(zh.language_code(), "zh");
  const av1::Finding* zh_fall =
      FindingAbout(zh, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "coffee");
  ASSERT_NE(zh_fall, nullptr);
  EXPECT_EQ(zh_fall->text(), "品类coffee环比下降50%（从100.00降至50.00），主要由于销量。");
  // The same findings, only worded differently.
  ASSERT_EQ(zh.findings_size(), en.findings_size());
  for (int i = 0; i < en.findings_size(); ++i) {
    av1::Finding a = en.findings(i), b = zh.findings(i);
    a.clear_text();
    b.clear_text();
    EXPECT_TRUE(MessageDifferencer::Equals(a, b)) << i;
  }
}

TEST_F(AnalyticsReportTest, WithoutATimeTheLastCompletePeriod) {
  const absl::Time before = absl::Now();
  av1::GetReportRequest req;
  req.set_granularity(av1::GRANULARITY_ISO_WEEK);
  av1::PeriodicReport report;
  ASSERT_TRUE(analytics_->GetReport(Ctx().get(), req, &report).ok());
  EXPECT_EQ(report.language_code(), "en");
  EXPECT_TRUE(report.period_complete());
  const av1::KpiReport this_week = Kpis(av1::GRANULARITY_ISO_WEEK, before);
  // Last week ends where this week starts (unless the week turned over between the calls).
  if (Kpis(av1::GRANULARITY_ISO_WEEK, absl::Now()).period().label() == this_week.period().label()) {
    EXPECT_EQ(report.period().end_time().seconds(), this_week.period().start_time().seconds());
    EXPECT_EQ(report.period().granularity(), av1::GRANULARITY_ISO_WEEK);
  }
}

TEST_F(AnalyticsReportTest, BadInputIsRefusedNamingTheField) {
  av1::PeriodicReport out;
  av1::GetReportRequest req;
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "granularity");
  req.set_granularity(av1::GRANULARITY_DAY);
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "granularity");
  req.set_granularity(av1::GRANULARITY_QUARTER);
  req.set_language_code("fr");
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "language_code");
  req.set_language_code("zh");
  *req.mutable_time() = Ts(absl::Now() + absl::Hours(48));
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "time");
}

}  // namespace
}  // namespace sales::testing
