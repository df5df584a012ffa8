// salesctl's analytics reports end to end: bridge (of the company and of a slice, with the
// tier and RFM segment slice flags), segments, clv, funnel, products report and
// the inputs (analytics spend, market-size, visits) with the KPIs that need them, the binary
// against real customers, orders and analytics servers (days cut in Asia/Shanghai), on data
// entered through the orders and customers services. Each command's --json is the RPC's
// answer, and its table shows the same figures, with what they cover.
#include <google/protobuf/util/json_util.h>

#include <chrono>
#include <cmath>
#include <random>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "tests/harness/subprocess.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

constexpr char kDash[] = "\u2014";

// Minor units of CNY as salesctl shows them.
std::string Money(int64_t minor) {
  const int64_t magnitude = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%02d", minor < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}
std::string Signed(int64_t minor) { return minor > 0 ? "+" + Money(minor) : Money(minor); }
std::string Pct(double fraction) { return absl::StrFormat("%.1f%%", fraction * 100); }

// The RPC's answer as salesctl's --json prints it, without the feed positions (the customers
// feed may move on between two calls, as loyalty points are booked).
json AsJson(const google::protobuf::Message& message) {
  std::string text;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &text).ok());
  json parsed = json::parse(text);
  parsed.erase("freshness");
  return parsed;
}
json WithoutFreshness(json j) {
  j.erase("freshness");
  return j;
}

class SalesctlAnalyticsReportsTest : public AnalyticsTest {
 protected:
  // salesctl against the test's three servers.
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }
  CtlResult Ctl(const std::vector<std::string>& args) { return Runner().Run(args); }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) {
    Runner().ExpectUsage(args, flag);
  }

  // A completed store order of `lines` (product, units, unit price) on `day` at 10:00 in the
  // business zone, imported as history.
  void AddHistory(const std::string& customer, absl::CivilDay day,
                  const std::vector<std::tuple<std::string, int64_t, int64_t>>& lines) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("ctl-", pending_.size() + imported_));
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
    pending_.push_back(std::move(o));
  }

  // Imports what AddHistory collected through the orders service and waits until analytics
  // counts every order.
  void ImportHistory() {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(120));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (const ov1::ImportedOrder& o : pending_) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(pending_.size()));
    imported_ += static_cast<int64_t>(pending_.size());
    pending_.clear();
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    req.mutable_period()->set_first_day("2000-01-01");
    req.mutable_period()->set_last_day("2030-12-31");
    ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == imported_;
    }));
  }

  // 60 customers buying through 2024 every 10-60 days from a first day in its first four
  // months, some stopping early, each with their own basket size.
  void ImportYearOfCustomers(const std::string& product) {
    std::mt19937 rng(11);
    const absl::CivilDay start(2024, 1, 1);
    for (int c = 0; c < 60; ++c) {
      const std::string customer = absl::StrCat("customers/", 2000 + c);
      const int gap = 10 + static_cast<int>(rng() % 50);
      const int first = static_cast<int>(rng() % 120);
      const int stop = 60 + static_cast<int>(rng() % 400);
      const int units = 1 + static_cast<int>(rng() % 4);
      for (int d = first; d < 366 && d < stop; d += gap) {
        AddHistory(customer, start + d, {{product, units, 1000}});
      }
    }
    ImportHistory();
  }

  // Today's day label in the business zone, as the service cuts it.
  std::string Today() {
    av1::KpiReport report = Kpis(av1::GRANULARITY_DAY, absl::Now());
    return report.period().label();
  }

  std::vector<ov1::ImportedOrder> pending_;
  int64_t imported_ = 0;
};

TEST_F(SalesctlAnalyticsReportsTest, BridgeShowsStepsThatAddUpToTheChangeWithTheRoundingRule) {
  const std::string p1 = NewProduct("BR-1", 1000, 500);
  const std::string p2 = NewProduct("BR-2", 500, 250);
  // January: A 2 x P1 at 10.00; B 1 x P1 at 10.00 and 1 x P2 at 5.00.
  // February: B 2 x P1 at 12.00; C (new) 3 x P2 at 5.00.
  AddHistory("customers/1", absl::CivilDay(2025, 1, 10), {{p1, 2, 1000}});
  AddHistory("customers/2", absl::CivilDay(2025, 1, 12), {{p1, 1, 1000}, {p2, 1, 500}});
  AddHistory("customers/2", absl::CivilDay(2025, 2, 3), {{p1, 2, 1200}});
  AddHistory("customers/3", absl::CivilDay(2025, 2, 20), {{p2, 3, 500}});
  ImportHistory();

  av1::GetRevenueBridgeRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *req.mutable_period()->mutable_time() = Ts(absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone()));
  av1::RevenueBridge rpc;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), req, &rpc).ok());
  ASSERT_EQ(rpc.change_minor(), 400);

  // --json is the RPC's answer; the base defaults to the period before.
  const json bridge = Ok({"bridge", "--at", "2025-02", "--json"}).One();
  EXPECT_EQ(WithoutFreshness(bridge), AsJson(rpc));
  EXPECT_EQ(bridge["base"]["label"], "2025-01");
  // The same base named, by label or by a day inside it.
  EXPECT_EQ(
      WithoutFreshness(Ok({"bridge", "--at", "2025-02", "--base_at", "2025-01", "--json"}).One()),
      AsJson(rpc));
  EXPECT_EQ(WithoutFreshness(Ok({"bridge", "--at", "2025-02-10", "--period", "month", "--base_at",
                                 "2025-01-31", "--json"})
                                 .One()),
            AsJson(rpc));

  // The table: what it covers, then each step with the running total from the base revenue
  // to the current one, and the rounding rule.
  CtlResult table = Ok({"bridge", "--at", "2025-02"});
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_GE(lines.size(), 11u) << table.out;
  EXPECT_TRUE(absl::StartsWith(
      lines[0],
      "revenue bridge from 2025-01 (2025-01-01..2025-01-31, Asia/Shanghai) to 2025-02 "
      "(2025-02-01..2025-02-28, Asia/Shanghai), whole company, revenue net of discounts and "
      "refunds, amounts in CNY; feeds: orders at "))
      << lines[0];
  EXPECT_EQ(Cells(lines[1]), (std::vector<std::string>{"STEP", "AMOUNT", "RUNNING TOTAL"}));
  EXPECT_EQ(Row(table.out, "revenue 2025-01"),
            (std::vector<std::string>{"revenue 2025-01", Money(rpc.base_revenue_minor()),
                                      Money(rpc.base_revenue_minor())}));
  int64_t running = rpc.base_revenue_minor();
  const std::pair<std::string, int64_t> steps[] = {{"new customers", rpc.new_customers_minor()},
                                                   {"lost customers", rpc.lost_customers_minor()},
                                                   {"price", rpc.price_minor()},
                                                   {"volume", rpc.volume_minor()},
                                                   {"mix", rpc.mix_minor()}};
  for (const auto& [step, amount] : steps) {
    running += amount;
    EXPECT_EQ(Row(table.out, step),
              (std::vector<std::string>{step, Signed(amount), Money(running)}))
        << table.out;
  }
  EXPECT_EQ(running, rpc.current_revenue_minor());
  // By hand: 35.00 + 15.00 - 20.00 + 4.00 + 0.00 + 5.00 = 39.00.
  EXPECT_EQ(Row(table.out, "new customers"),
            (std::vector<std::string>{"new customers", "+15.00", "50.00"}));
  EXPECT_EQ(Row(table.out, "lost customers"),
            (std::vector<std::string>{"lost customers", "-20.00", "30.00"}));
  EXPECT_EQ(Row(table.out, "mix"), (std::vector<std::string>{"mix", "+5.00", "39.00"}));
  EXPECT_EQ(Row(table.out, "revenue 2025-02"),
            (std::vector<std::string>{"revenue 2025-02", "39.00", "39.00"}));
  EXPECT_EQ(Row(table.out, "change"), (std::vector<std::string>{"change", "+4.00"}));
  EXPECT_TRUE(absl::StartsWith(lines.back(),
                               "rounding: price per product and volume are rounded "
                               "half away from zero"))
      << table.out;

  // The other way round: every step's sign flips with the periods.
  const json back = Ok({"bridge", "--at", "2025-01", "--base_at", "2025-02", "--json"}).One();
  EXPECT_EQ(back["changeMinor"], "-400");

  ExpectUsage({"bridge", "--at", "2025-02", "--base_period", "month"}, "--base_at");
  ExpectUsage({"bridge", "--at", "2025-02", "--base_at", "2025-Q1"}, "--base_at");
  ExpectUsage({"bridge", "--base_from", "2025-01-01"}, "--base_to");
  ExpectUsage({"bridge", "--period", "fortnight"}, "--period");
}

TEST_F(SalesctlAnalyticsReportsTest, BridgeOfASliceAndTheTierAndSegmentSlices) {
  const std::string tea = NewProduct("SL-1", 1000, 500, "tea");
  const std::string coffee = NewProduct("SL-2", 800, 400, "coffee");
  // January: A 1 x tea, B 2 x coffee; February: A 3 x tea at 11.00, C (new) 1 x tea,
  // B 1 x coffee.
  AddHistory("customers/1", absl::CivilDay(2025, 1, 10), {{tea, 1, 1000}});
  AddHistory("customers/2", absl::CivilDay(2025, 1, 11), {{coffee, 2, 800}});
  AddHistory("customers/1", absl::CivilDay(2025, 2, 10), {{tea, 3, 1100}});
  AddHistory("customers/3", absl::CivilDay(2025, 2, 11), {{tea, 1, 1000}});
  AddHistory("customers/2", absl::CivilDay(2025, 2, 12), {{coffee, 1, 800}});
  ImportHistory();
  const absl::Time february = absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone());

  // bridge --category: the RPC's bridge of the tea slice, which adds up to tea's change.
  av1::GetRevenueBridgeRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *req.mutable_period()->mutable_time() = Ts(february);
  *req.mutable_slice() = SliceOf(av1::SLICE_DIMENSION_CATEGORY, "tea");
  av1::RevenueBridge rpc;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), req, &rpc).ok());
  EXPECT_EQ(rpc.base_revenue_minor(), 1000);
  EXPECT_EQ(rpc.current_revenue_minor(), 4300);
  EXPECT_EQ(rpc.new_customers_minor() + rpc.lost_customers_minor() + rpc.price_minor() +
                rpc.volume_minor() + rpc.mix_minor(),
            rpc.change_minor());
  EXPECT_EQ(
      WithoutFreshness(Ok({"bridge", "--at", "2025-02", "--category", "tea", "--json"}).One()),
      AsJson(rpc));
  const CtlResult table = Ok({"bridge", "--at", "2025-02", "--category", "tea"});
  EXPECT_TRUE(
      absl::StrContains(table.out, "(2025-02-01..2025-02-28, Asia/Shanghai), category tea, "))
      << table.out;
  EXPECT_EQ(Row(table.out, "change"), (std::vector<std::string>{"change", "+33.00"}));
  // A bridge cannot be cut by tier: the service says so, naming the field.
  ExpectUsage({"bridge", "--at", "2025-02", "--tier", "gold"}, "slice.dimension");

  // --tier and --segment select those slices wherever a slice is taken (here kpis): the
  // answer is the RPC's for the same slice.
  auto kpis_rpc = [&](const av1::Slice& slice) {
    av1::KpiReport report = Kpis(av1::GRANULARITY_MONTH, february, slice);
    return AsJson(report);
  };
  EXPECT_EQ(WithoutFreshness(Ok({"kpis", "--at", "2025-02", "--tier", "gold", "--json"}).One()),
            kpis_rpc(SliceOf(av1::SLICE_DIMENSION_TIER, "gold")));
  const json champions =
      WithoutFreshness(Ok({"kpis", "--at", "2025-02", "--segment", "champions", "--json"}).One());
  EXPECT_EQ(champions, kpis_rpc(SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "champions")));
  EXPECT_EQ(champions["slice"]["dimension"], "SLICE_DIMENSION_RFM_SEGMENT");
  // Segments as people write them.
  EXPECT_EQ(
      WithoutFreshness(Ok({"kpis", "--at", "2025-02", "--segment", "Can't lose", "--json"}).One()),
      kpis_rpc(SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "cant_lose")));
  EXPECT_EQ(
      WithoutFreshness(Ok({"kpis", "--at", "2025-02", "--segment", "at-risk", "--json"}).One()),
      kpis_rpc(SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "at_risk")));
  const CtlResult segment_table = Ok({"kpis", "--at", "2025-02", "--segment", "champions"});
  EXPECT_TRUE(absl::StrContains(segment_table.out, "RFM segment champions")) << segment_table.out;
  ExpectUsage({"kpis", "--segment", "vip"}, "--segment");
  ExpectUsage({"kpis", "--tier", "gold", "--segment", "champions"}, "--segment");
}

TEST_F(SalesctlAnalyticsReportsTest, SegmentsCustomerScoresAndMovementsAreTheRpcsFigures) {
  ImportYearOfCustomers(NewProduct("SEG-1", 1000, 500));

  av1::GetRfmSegmentsRequest seg_req;
  seg_req.set_as_of_day("2024-12-31");
  seg_req.set_window_days(180);
  av1::RfmReport rpc;
  ASSERT_TRUE(analytics_->GetRfmSegments(Ctx().get(), seg_req, &rpc).ok());
  ASSERT_GT(rpc.customers_scored(), 10);

  EXPECT_EQ(WithoutFreshness(
                Ok({"segments", "--as_of", "2024-12-31", "--window_days", "180", "--json"}).One()),
            AsJson(rpc));
  CtlResult table = Ok({"segments", "--as_of", "2024-12-31", "--window_days", "180"});
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_EQ(lines.size(), 2u + 11u) << table.out;  // the cover line, the header, 11 segments
  EXPECT_TRUE(
      absl::StartsWith(lines[0], absl::StrCat("RFM segments of the ", rpc.customers_scored(),
                                              " customers who bought from 2024-07-05 to "
                                              "2024-12-31 (180 days, Asia/Shanghai), "
                                              "revenue net of refunds in CNY; feeds: ")))
      << lines[0];
  int64_t customers = 0;
  for (const av1::RfmSegmentSummary& s : rpc.segments()) {
    const std::string name =
        s.segment() == "cant_lose" ? "can't lose" : absl::StrReplaceAll(s.segment(), {{"_", " "}});
    EXPECT_EQ(Row(table.out, name),
              (std::vector<std::string>{name, absl::StrCat(s.customers()), Pct(s.customer_share()),
                                        Money(s.revenue_minor()), Pct(s.revenue_share())}))
        << table.out;
    customers += s.customers();
  }
  EXPECT_EQ(customers, rpc.customers_scored());

  // One customer's scores.
  av1::GetCustomerRfmRequest one_req;
  one_req.set_customer("customers/2000");
  one_req.set_as_of_day("2024-12-31");
  one_req.set_window_days(180);
  av1::CustomerRfm one;
  ASSERT_TRUE(analytics_->GetCustomerRfm(Ctx().get(), one_req, &one).ok());
  EXPECT_EQ(Ok({"segments", "--customer", "2000", "--as_of", "2024-12-31", "--window_days", "180",
                "--json"})
                .One(),
            AsJson(one));
  CtlResult one_table = Ok({"segments", "--customer", "customers/2000", "--as_of", "2024-12-31",
                            "--window_days", "180"});
  ASSERT_EQ(one_table.OutLines().size(), 3u) << one_table.out;
  EXPECT_TRUE(absl::StartsWith(one_table.OutLines()[0],
                               "customers/2000 against everyone who bought from 2024-07-05 to "
                               "2024-12-31; scores 1-5"))
      << one_table.out;
  const std::string one_segment = absl::StrReplaceAll(
      one.segment() == "cant_lose" ? "can't lose" : one.segment(), {{"_", " "}});
  EXPECT_EQ(Cells(one_table.OutLines()[2]),
            (std::vector<std::string>{
                one_segment, absl::StrCat(one.recency_score()), absl::StrCat(one.frequency_score()),
                absl::StrCat(one.monetary_score()), absl::StrCat(one.fm_score()),
                absl::StrCat(one.recency_days()), absl::StrCat(one.frequency()),
                Money(one.monetary_minor())}))
      << one_table.out;

  // Movements from the scoring as of the end of June to the one as of the end of the year.
  av1::GetRfmMovementsRequest move_req;
  move_req.set_from_as_of_day("2024-06-30");
  move_req.set_to_as_of_day("2024-12-31");
  move_req.set_window_days(180);
  av1::RfmMovements moves;
  ASSERT_TRUE(analytics_->GetRfmMovements(Ctx().get(), move_req, &moves).ok());
  ASSERT_GT(moves.movements_size(), 0);
  EXPECT_EQ(Ok({"segments", "--movements", "--from", "2024-06-30", "--to", "2024-12-31",
                "--window_days", "180", "--json"})
                .One(),
            AsJson(moves));
  CtlResult move_table = Ok({"segments", "--movements", "--from", "2024-06-30", "--to",
                             "2024-12-31", "--window_days", "180"});
  const std::vector<std::string> move_lines = move_table.OutLines();
  ASSERT_EQ(move_lines.size(),
            2u + moves.movements_size() + moves.entered_size() + moves.left_size())
      << move_table.out;
  EXPECT_TRUE(
      absl::StartsWith(move_lines[0], absl::StrCat("RFM movements from the scoring as of "
                                                   "2024-06-30 to the one as of "
                                                   "2024-12-31 (windows of 180 days): ",
                                                   moves.in_both(), " customers scored in both")))
      << move_lines[0];
  const auto text = [](const std::string& segment) {
    return segment == "cant_lose" ? std::string("can't lose")
                                  : absl::StrReplaceAll(segment, {{"_", " "}});
  };
  for (int i = 0; i < moves.movements_size(); ++i) {
    const av1::RfmMovement& m = moves.movements(i);
    EXPECT_EQ(Cells(move_lines[2 + i]),
              (std::vector<std::string>{text(m.from_segment()), text(m.to_segment()),
                                        absl::StrCat(m.customers())}))
        << move_table.out;
  }
  for (const av1::RfmSegmentCount& c : moves.left()) {
    EXPECT_EQ(
        Row2(move_table.out, text(c.segment()), "(not scored)"),
        (std::vector<std::string>{text(c.segment()), "(not scored)", absl::StrCat(c.customers())}))
        << move_table.out;
  }

  ExpectUsage({"segments", "--movements", "--from", "2024-06-30"}, "--to");
  ExpectUsage({"segments", "--movements", "--from", "2024-06-30", "--to", "2024-06-01"}, "--to");
  ExpectUsage({"segments", "--from", "2024-06-30"}, "--from");
  ExpectUsage({"segments", "--as_of", "2024-02-30"}, "--as_of");
}

TEST_F(SalesctlAnalyticsReportsTest, ClvShowsTheFitTheHoldoutAndTheTopCustomers) {
  ImportYearOfCustomers(NewProduct("CLV-1", 1000, 500));

  av1::FitCustomerValueRequest req;
  req.set_calibration_end_day("2024-09-30");
  req.set_holdout_end_day("2024-12-30");
  req.set_time_unit(av1::TIME_UNIT_WEEK);
  req.set_monthly_discount_rate(0.01);
  req.set_top(5);
  req.add_customers("customers/2003");
  av1::CustomerValueModel rpc;
  const grpc::Status status = analytics_->FitCustomerValue(Ctx().get(), req, &rpc);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(rpc.top_size(), 5);
  ASSERT_TRUE(rpc.has_holdout());

  const std::vector<std::string> args = {
      "clv",        "--calibration_end", "2024-09-30", "--holdout_end",
      "2024-12-30", "--time_unit",       "week",       "--top",
      "5",          "--discount_rate",   "0.01",       "--customer",
      "2003"};
  std::vector<std::string> json_args = args;
  json_args.push_back("--json");
  EXPECT_EQ(WithoutFreshness(Ok(json_args).One()), AsJson(rpc));

  CtlResult table = Ok(args);
  const std::string& out = table.out;
  EXPECT_TRUE(absl::StartsWith(
      out, absl::StrCat("customer value fitted on the ", rpc.customers(),
                        " customers with purchases up to 2024-09-30 (Asia/Shanghai); time in "
                        "weeks; horizon 12 months of 30 days; discount 1.00% a month; amounts in "
                        "CNY; feeds: ")))
      << out;
  const av1::BgNbdParameters& bg = rpc.purchases();
  // Four significant digits; from 10^4 on one decimal instead of an exponent.
  const auto g4 = [](double v) {
    return std::fabs(v) >= 1e4 ? absl::StrFormat("%.1f", v) : absl::StrFormat("%.4g", v);
  };
  EXPECT_EQ(Row(out, "BG/NBD"),
            (std::vector<std::string>{"BG/NBD", "repeat purchases",
                                      absl::StrCat("r=", g4(bg.r()), " alpha=", g4(bg.alpha()),
                                                   " (weeks) a=", g4(bg.a()), " b=", g4(bg.b())),
                                      absl::StrFormat("%.2f", bg.log_likelihood()),
                                      bg.converged() ? "yes" : "no", absl::StrCat(bg.customers())}))
      << out;
  if (rpc.has_spend()) {
    const av1::GammaGammaParameters& gg = rpc.spend();
    EXPECT_EQ(
        Row(out, "Gamma-Gamma"),
        (std::vector<std::string>{"Gamma-Gamma", "spend per purchase",
                                  absl::StrCat("p=", g4(gg.p()), " q=", g4(gg.q()),
                                               " gamma=", g4(gg.gamma()), " (minor units)"),
                                  absl::StrFormat("%.2f", gg.log_likelihood()),
                                  gg.converged() ? "yes" : "no", absl::StrCat(gg.customers())}))
        << out;
  }
  EXPECT_TRUE(absl::StrContains(
      out, absl::StrCat("frequency-spend correlation: ",
                        absl::StrFormat("%.3g", rpc.frequency_spend_correlation()), " (Pearson")))
      << out;
  const av1::HoldoutCheck& h = rpc.holdout();
  EXPECT_TRUE(absl::StrContains(
      out, absl::StrCat("holdout 2024-10-01..2024-12-30: predicted ",
                        absl::StrFormat("%.1f", h.predicted_purchases()), " purchase days, actual ",
                        h.actual_purchases(), "; mean absolute error ",
                        absl::StrFormat("%.3f", h.mean_absolute_error()), " per customer")))
      << out;
  EXPECT_TRUE(
      absl::StrContains(out, "\ntop 5 customers by lifetime value over the next 12 months:\n"))
      << out;
  const auto customer_row = [](const av1::CustomerValue& v) {
    return std::vector<std::string>{v.customer(),
                                    Money(v.lifetime_value_minor()),
                                    Pct(v.probability_alive()),
                                    Pct(v.churn_risk()),
                                    absl::StrFormat("%.2f", v.expected_purchases()),
                                    Money(std::llround(v.expected_average_amount_minor())),
                                    absl::StrCat(v.frequency()),
                                    absl::StrFormat("%.1f", v.recency()),
                                    absl::StrFormat("%.1f", v.age())};
  };
  for (const av1::CustomerValue& v : rpc.top()) {
    EXPECT_EQ(Row(out, v.customer()), customer_row(v)) << out;
  }
  ASSERT_EQ(rpc.customers_requested_size(), 1);
  EXPECT_EQ(Row(out, "customers/2003"), customer_row(rpc.customers_requested(0))) << out;
  // --quiet: the customers, for a pipe.
  std::vector<std::string> quiet_args = args;
  quiet_args.push_back("--quiet");
  std::vector<std::string> names = {"customers/2003"};
  for (const av1::CustomerValue& v : rpc.top()) names.push_back(v.customer());
  EXPECT_EQ(Ok(quiet_args).OutLines(), names);

  ExpectUsage({"clv", "--calibration_end", "2024-09-31"}, "--calibration_end");
  ExpectUsage({"clv", "--calibration_end", "2024-09-30", "--holdout_end", "2024-09-01"},
              "--holdout_end");
  ExpectUsage({"clv", "--calibration_end", "2024-09-30", "--time_unit", "month"}, "--time_unit");
  // What the service refuses exits with its field named.
  ExpectUsage({"clv", "--calibration_end", "2024-09-30", "--horizon_months", "500"},
              "horizon_months");
}

TEST_F(SalesctlAnalyticsReportsTest, FunnelShowsStagesConversionAndTimeInStageByRep) {
  std::vector<std::string> leads;
  for (int i = 0; i < 4; ++i) {
    cv1::CreateLeadRequest req;
    req.mutable_lead()->set_display_name(absl::StrCat("Lead ", i));
    req.mutable_lead()->set_owner_rep(i < 2 ? "reps/a" : "reps/b");
    cv1::Lead lead;
    ASSERT_TRUE(customers_->CreateLead(Ctx().get(), req, &lead).ok());
    leads.push_back(lead.name());
  }
  const auto move = [&](int lead, cv1::LeadStage stage) {
    cv1::ChangeLeadStageRequest req;
    req.set_name(leads[lead]);
    req.set_stage(stage);
    if (stage == cv1::LEAD_STAGE_LOST) req.set_lost_reason("no budget");
    cv1::Lead out;
    const grpc::Status status = customers_->ChangeLeadStage(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  };
  // 0: qualified, proposal, won; 1: qualified, lost; 2: lost; 3: open.
  move(0, cv1::LEAD_STAGE_QUALIFIED);
  move(0, cv1::LEAD_STAGE_PROPOSAL);
  move(0, cv1::LEAD_STAGE_WON);
  move(1, cv1::LEAD_STAGE_QUALIFIED);
  move(1, cv1::LEAD_STAGE_LOST);
  move(2, cv1::LEAD_STAGE_LOST);
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) {
    return v.leads_created() == 4 && v.leads_won() == 1 && v.leads_lost() == 2;
  }));

  av1::GetFunnelRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_DAY);
  av1::Funnel rpc;
  ASSERT_TRUE(analytics_->GetFunnel(Ctx().get(), req, &rpc).ok());
  ASSERT_EQ(rpc.all().stages_size(), 5);
  const std::string today = rpc.period().label();

  EXPECT_EQ(WithoutFreshness(Ok({"funnel", "--period", "day", "--json"}).One()), AsJson(rpc));
  EXPECT_EQ(WithoutFreshness(Ok({"funnel", "--at", today, "--json"}).One()), AsJson(rpc));

  // Time in stage: these leads moved within seconds.
  const auto seconds = [](const google::protobuf::Duration& d) {
    return absl::StrCat(d.seconds(), "s");
  };
  CtlResult table = Ok({"funnel", "--period", "day"});
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_EQ(lines.size(), 2u + 5u) << table.out;
  EXPECT_TRUE(absl::StartsWith(
      lines[0], absl::StrCat("funnel of the leads created in ", today, " (", today, "..", today,
                             ", Asia/Shanghai): 4 leads, 1 won, 2 lost, "
                             "lead-to-win 25.0%; ")))
      << lines[0];
  EXPECT_EQ(Cells(lines[1]), (std::vector<std::string>{"STAGE", "REACHED", "TO NEXT", "LEFT",
                                                       "MEDIAN TIME", "P90 TIME"}));
  const char* kStages[] = {"lead", "qualified", "proposal", "negotiation", "won"};
  for (int i = 0; i < 5; ++i) {
    const av1::FunnelStage& s = rpc.all().stages(i);
    ASSERT_LT(s.median_time().seconds(), 60);
    ASSERT_LT(s.p90_time().seconds(), 60);
    EXPECT_EQ(Cells(lines[2 + i]),
              (std::vector<std::string>{
                  kStages[i], absl::StrCat(s.reached()),
                  s.has_conversion_to_next() ? Pct(s.conversion_to_next()) : kDash,
                  absl::StrCat(s.left()), s.left() > 0 ? seconds(s.median_time()) : kDash,
                  s.left() > 0 ? seconds(s.p90_time()) : kDash}))
        << table.out;
  }
  // By hand: 4 leads, 2 qualified, conversion 50%; won is the last stage, no conversion.
  EXPECT_EQ(Cells(lines[2])[1], "4");
  EXPECT_EQ(Cells(lines[2])[2], "50.0%");
  EXPECT_EQ(Cells(lines[6])[2], kDash);

  // By rep: a totals table, then the stages of each rep.
  CtlResult by_rep = Ok({"funnel", "--period", "day", "--by", "rep"});
  EXPECT_EQ(Row(by_rep.out, "REP"),
            (std::vector<std::string>{"REP", "LEADS", "WON", "LOST", "LEAD-TO-WIN"}));
  ASSERT_EQ(rpc.by_rep_size(), 2);
  for (const av1::FunnelGroup& g : rpc.by_rep()) {
    EXPECT_EQ(Row(by_rep.out, g.key()),
              (std::vector<std::string>{
                  g.key(), absl::StrCat(g.funnel().leads()), absl::StrCat(g.funnel().won()),
                  absl::StrCat(g.funnel().lost()), Pct(g.funnel().lead_to_win())}))
        << by_rep.out;
    const std::vector<std::string> lead_row = Row2(by_rep.out, g.key(), "lead");
    ASSERT_GE(lead_row.size(), 3u) << by_rep.out;
    EXPECT_EQ(lead_row[2], absl::StrCat(g.funnel().stages(0).reached())) << by_rep.out;
  }
  EXPECT_EQ(Cell(by_rep.out, "reps/a", 2), "1");  // reps/a won one of its two

  ExpectUsage({"funnel", "--by", "region"}, "--by");
}

TEST_F(SalesctlAnalyticsReportsTest, ProductsReportShowsClassesCoverAndSellThrough) {
  const std::string customer = NewCustomer();
  const std::string selling = NewProduct("PR-1", 2000, 800);
  const std::string idle = NewProduct("PR-2", 1000, 400);
  Receive(selling, "WH1", 100);
  Receive(idle, "WH1", 40);
  PlaceOrder(customer, selling, 3);
  av1::GetProductReportRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_ISO_WEEK);
  req.set_limit(50);  // salesctl's default --limit
  av1::ProductReport rpc;
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    EXPECT_TRUE(analytics_->GetProductReport(Ctx().get(), req, &rpc).ok());
    // The sale and the reservation are separate events: wait for both.
    return rpc.products_size() == 2 && rpc.products(0).available_units() == 97 &&
           rpc.products(0).units() == 3;
  }));

  EXPECT_EQ(WithoutFreshness(Ok({"products", "report", "--period", "week", "--json"}).One()),
            AsJson(rpc));
  CtlResult table = Ok({"products", "report", "--period", "week"});
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_EQ(lines.size(), 4u) << table.out;
  EXPECT_TRUE(absl::StartsWith(
      lines[0], absl::StrCat("products of ", rpc.period().label(), " (", rpc.period().first_day(),
                             "..", rpc.period().last_day(),
                             ", Asia/Shanghai) by revenue (net of "
                             "discounts and refunds, in CNY), 2 of 2; ")))
      << lines[0];
  EXPECT_TRUE(absl::StrContains(lines[0],
                                "movers: units against the 8 previous weeks, hot or "
                                "slow at |z| >= 2; stock available now, cover from the "
                                "sales of the last 28 days"))
      << lines[0];
  for (const av1::ProductFigures& p : rpc.products()) {
    std::string movement = absl::AsciiStrToLower(av1::Movement_Name(p.movement()).substr(9));
    absl::StrReplaceAll({{"_", " "}}, &movement);
    EXPECT_EQ(Row(table.out, p.product()),
              (std::vector<std::string>{
                  p.product(), p.sku(), p.display_name(), Money(p.revenue_minor()),
                  absl::StrCat(p.units()), absl::StrCat(p.returned_units()),
                  av1::AbcClass_Name(p.abc_class()).substr(10), Pct(p.cumulative_share()), movement,
                  p.has_z() ? absl::StrFormat("%+.2f", p.z()) : kDash,
                  absl::StrFormat("%.2f", p.history_mean()), absl::StrCat(p.available_units()),
                  p.has_days_of_cover() ? absl::StrFormat("%.1f", p.days_of_cover()) : kDash,
                  p.has_sell_through() ? Pct(p.sell_through()) : kDash}))
        << table.out;
  }
  // By hand: 3 x 20.00; class A; 97 available over 3 units in 28 days; 3 / (3 + 100). Each
  // product with the SKU and name it was created with (issue 11), in the table and --json.
  const std::vector<std::string> top = Row(table.out, selling);
  ASSERT_EQ(top.size(), 14u);
  EXPECT_EQ(top[1], "PR-1");
  EXPECT_EQ(top[2], "Product PR-1");
  EXPECT_EQ(top[3], "60.00");
  EXPECT_EQ(top[6], "A");
  EXPECT_EQ(top[12], "905.3");
  EXPECT_EQ(top[13], "2.9%");
  EXPECT_EQ(Cell(table.out, idle, 2), "Product PR-2");
  EXPECT_EQ(Cell(table.out, idle, 8), "slow");
  EXPECT_EQ(rpc.products(0).display_name(), "Product PR-1");
  EXPECT_EQ(rpc.products(0).sku(), "PR-1");
  EXPECT_TRUE(absl::StrContains(table.out, "SKU  ")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "NAME  ")) << table.out;

  // --limit cuts the list, and says so on stderr; --quiet prints the products.
  CtlResult one = Ok({"--limit", "1", "products", "report", "--period", "week"});
  EXPECT_EQ(one.OutLines().size(), 3u) << one.out;
  EXPECT_TRUE(absl::StrContains(one.err, "(first 1 of 2 shown;")) << one.err;
  EXPECT_EQ(Ok({"--quiet", "products", "report", "--period", "week"}).OutLines(),
            (std::vector<std::string>{selling, idle}));

  // The service's range for history_periods, with its field named.
  ExpectUsage({"products", "report", "--history_periods", "1"}, "history_periods");
}

TEST_F(SalesctlAnalyticsReportsTest, InputsRecordedWithSalesctlGiveCacMarketShareAndConversion) {
  const std::string product = NewProduct("IN-1", 1250, 700, "tea");
  Receive(product, "WH1", 100);
  PlaceOrder(NewCustomer(), product, 2);  // store, north: 25.00, one new customer
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.orders() == 1; }));
  const std::string today = Today();

  // Nothing recorded: market share and visitor conversion have nothing to divide by, so they
  // are absent, shown as a dash; CAC is 0 spent over the one new customer.
  CtlResult before = Ok({"kpis", "--period", "day"});
  EXPECT_EQ(Row(before.out, "marketing spend"),
            (std::vector<std::string>{"marketing spend", "0.00"}));
  EXPECT_EQ(Row(before.out, "CAC"), (std::vector<std::string>{"CAC", "0.00"}));
  EXPECT_EQ(Row(before.out, "market share"), (std::vector<std::string>{"market share", kDash}));
  EXPECT_EQ(Row(before.out, "visitor conversion"),
            (std::vector<std::string>{"visitor conversion", kDash}));
  const json before_json = Ok({"kpis", "--period", "day", "--json"}).One();
  EXPECT_EQ(before_json["values"].value("acquisitionCostMinor", ""), "0") << before_json;
  EXPECT_FALSE(before_json["values"].contains("visitorConversion")) << before_json;
  EXPECT_FALSE(before_json["values"].contains("marketShare")) << before_json;

  // Recorded with salesctl; a retry with the same request_id answers the same.
  const json spend = Ok({"--request_id", "spend-1", "analytics", "spend", "--channel", "store",
                         "--from", today, "--to", today, "--amount", "300.00", "--json"})
                         .One();
  EXPECT_EQ(spend["kind"], "marketing_spend");
  EXPECT_EQ(spend["key"], "CHANNEL_STORE");
  EXPECT_EQ(spend["amount"], "30000");
  EXPECT_EQ(spend["currencyCode"], "CNY");
  EXPECT_EQ(Ok({"--request_id", "spend-1", "analytics", "spend", "--channel", "store", "--from",
                today, "--to", today, "--amount", "300.00", "--json"})
                .One(),
            spend);
  CtlResult reused = Ctl({"--request_id", "spend-1", "analytics", "spend", "--channel", "store",
                          "--from", today, "--to", today, "--amount", "400.00"});
  EXPECT_EQ(reused.exit_code, 2) << reused.err;
  EXPECT_TRUE(absl::StartsWith(reused.err, "error: INVALID_ARGUMENT: ")) << reused.err;

  CtlResult size = Ok({"analytics", "market-size", "--region", "north", "--from", today, "--to",
                       today, "--amount", "1000.00"});
  EXPECT_EQ(Cells(size.OutLines().at(0)),
            (std::vector<std::string>{"KIND", "FOR", "FIRST DAY", "LAST DAY", "TOTAL", "UNIT"}));
  EXPECT_EQ(Cells(size.OutLines().at(1)),
            (std::vector<std::string>{"market_size", "north", today, today, "1000.00", "CNY"}));
  CtlResult visits = Ok({"analytics", "visits", "--channel", "store", "--from", today, "--to",
                         today, "--visits", "50"});
  EXPECT_EQ(
      Cells(visits.OutLines().at(1)),
      (std::vector<std::string>{"site_visits", "CHANNEL_STORE", today, today, "50", "visits"}));

  // The KPIs now hold them: spend 300.00 over one new customer; 25.00 of a 1000.00 market;
  // one order of 50 visits.
  const av1::KpiReport rpc = Kpis(av1::GRANULARITY_DAY, absl::Now());
  ASSERT_TRUE(rpc.values().has_acquisition_cost_minor());
  EXPECT_EQ(rpc.values().acquisition_cost_minor(), 30000);
  const json after = Ok({"kpis", "--period", "day", "--json"}).One();
  EXPECT_EQ(after["values"], AsJson(rpc)["values"]);
  CtlResult table = Ok({"kpis", "--period", "day"});
  EXPECT_EQ(Row(table.out, "marketing spend"),
            (std::vector<std::string>{"marketing spend", "300.00"}));
  EXPECT_EQ(Row(table.out, "CAC"), (std::vector<std::string>{"CAC", "300.00"}));
  EXPECT_EQ(Row(table.out, "market size"), (std::vector<std::string>{"market size", "1000.00"}));
  EXPECT_EQ(Row(table.out, "market share"), (std::vector<std::string>{"market share", "2.5%"}));
  EXPECT_EQ(Row(table.out, "site visits"), (std::vector<std::string>{"site visits", "50"}));
  EXPECT_EQ(Row(table.out, "visitor conversion"),
            (std::vector<std::string>{"visitor conversion", "2.0%"}));

  // A trend of them: the day before has no input, so a dash; today the figures.
  absl::CivilDay day;
  ASSERT_TRUE(absl::ParseCivilTime(today, &day));
  const std::string yesterday = absl::FormatCivilTime(day - 1);
  CtlResult trend = Ok({"trend", "--period", "day", "--from", yesterday, "--to", today, "--kpi",
                        "cac,market_share,visitor_conversion,marketing_spend"});
  EXPECT_EQ(Row(trend.out, yesterday),
            (std::vector<std::string>{yesterday, kDash, kDash, kDash, "0.00"}))
      << trend.out;
  EXPECT_EQ(Row(trend.out, today),
            (std::vector<std::string>{today, "300.00", "2.5%", "2.0%", "300.00"}))
      << trend.out;

  ExpectUsage({"analytics", "spend", "--channel", "boat", "--from", today, "--to", today,
               "--amount", "1.00"},
              "--channel");
  ExpectUsage({"analytics", "spend", "--channel", "web", "--from", today, "--to", today, "--amount",
               "1.001"},
              "--amount");
  ExpectUsage({"analytics", "visits", "--channel", "web", "--from", "2026-10-05", "--to",
               "2026-10-01", "--visits", "5"},
              "--to");
}

}  // namespace
}  // namespace sales::testing
