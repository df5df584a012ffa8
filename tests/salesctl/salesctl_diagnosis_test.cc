// salesctl contribution, process-kpis and channels end to end: the binary against real
// customers, orders and analytics servers (days cut in Asia/Shanghai) on history imported
// through the orders service. Each command's --json is the RPC's answer, its table shows the
// same figures, and a bad flag is a usage error naming it.
#include <google/protobuf/util/json_util.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

// The RPC's answer as --json prints it, without the feed positions.
json AsJson(const google::protobuf::Message& message) {
  std::string text;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &text).ok());
  json parsed = json::parse(text);
  parsed.erase("freshness");
  // Open complaints are censored at the time of the call: it differs between two calls.
  if (parsed.contains("complaintResolution")) parsed["complaintResolution"].erase("asOf");
  return parsed;
}

json Parsed(const std::string& out) {
  json parsed;
  EXPECT_NO_THROW(parsed = json::parse(out)) << out;
  parsed.erase("freshness");
  if (parsed.contains("complaintResolution")) parsed["complaintResolution"].erase("asOf");
  return parsed;
}

class SalesctlDiagnosisTest : public AnalyticsTest {
 protected:
  // salesctl against the test's three servers.
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }
  CtlResult Ctl(const std::vector<std::string>& args) { return Runner().Run(args); }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }

  absl::Time Shanghai(int y, int m, int d) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0), Zone());
  }

  ov1::ImportedOrder Historical(const std::string& ref, const std::string& customer,
                                ov1::Channel channel, absl::Time taken, const std::string& product,
                                int64_t quantity) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(channel);
    o.set_region("north");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    line->mutable_unit_price()->set_minor_units(1000);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(taken);
    *o.mutable_close_time() = Ts(taken + absl::Hours(48));
    return o;
  }

  // September: WEB 2 units, STORE 1; October: WEB 5 units, STORE 1 (revenue 3000 -> 6000).
  void ImportHistory() {
    const std::string a = NewCustomer("A"), b = NewCustomer("B");
    const std::string tea = NewProduct("TEA", 1000, 600, "tea");
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (const ov1::ImportedOrder& o :
         {Historical("s1", a, ov1::CHANNEL_WEB, Shanghai(2026, 9, 5), tea, 2),
          Historical("s2", b, ov1::CHANNEL_STORE, Shanghai(2026, 9, 6), tea, 1),
          Historical("o1", a, ov1::CHANNEL_WEB, Shanghai(2026, 10, 5), tea, 5),
          Historical("o2", b, ov1::CHANNEL_STORE, Shanghai(2026, 10, 6), tea, 1)}) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
      return Kpis(av1::GRANULARITY_MONTH, Shanghai(2026, 10, 15)).values().revenue_minor() == 6000;
    }));
  }
};

TEST_F(SalesctlDiagnosisTest, ContributionProcessKpisAndChannelsAsJsonAndTables) {
  ImportHistory();
  if (HasFatalFailure()) return;

  av1::GetContributionRequest req;
  req.set_kpi(av1::CONTRIBUTION_KPI_REVENUE);
  req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *req.mutable_period()->mutable_time() = Ts(Shanghai(2026, 10, 15));
  req.add_dimensions(av1::SLICE_DIMENSION_CHANNEL);
  av1::ContributionAnalysis rpc;
  ASSERT_TRUE(analytics_->GetContribution(Ctx().get(), req, &rpc).ok());
  const CtlResult json_out =
      Ok({"contribution", "--at", "2026-10", "--kpi", "revenue", "--by", "channel", "--json"});
  EXPECT_EQ(Parsed(json_out.out), AsJson(rpc));
  const CtlResult table = Ok({"contribution", "--at", "2026-10", "--by", "channel"});
  EXPECT_TRUE(absl::StrContains(table.out, "30.00 -> 60.00, change +30.00")) << table.out;
  EXPECT_EQ(Row(table.out, "CHANNEL_WEB"),
            (std::vector<std::string>{"CHANNEL_WEB", "+30.00", "20.00", "50.00"}))
      << table.out;

  // By product, each row names its product (issue 11): in the RPC, --json and the table.
  av1::GetContributionRequest by_product = req;
  by_product.clear_dimensions();
  by_product.add_dimensions(av1::SLICE_DIMENSION_PRODUCT);
  av1::ContributionAnalysis products;
  ASSERT_TRUE(analytics_->GetContribution(Ctx().get(), by_product, &products).ok());
  ASSERT_EQ(products.dimensions_size(), 1);
  ASSERT_GE(products.dimensions(0).rows_size(), 1);
  const av1::ContributionRow& tea_row = products.dimensions(0).rows(0);
  EXPECT_EQ(tea_row.display_name(), "Product TEA") << products.DebugString();
  EXPECT_EQ(Parsed(Ok({"contribution", "--at", "2026-10", "--kpi", "revenue", "--by", "product",
                       "--json"})
                       .out),
            AsJson(products));
  const CtlResult product_table = Ok({"contribution", "--at", "2026-10", "--by", "product"});
  EXPECT_EQ(Row(product_table.out, tea_row.member()),
            (std::vector<std::string>{tea_row.member(), "Product TEA", "+30.00", "30.00", "60.00"}))
      << product_table.out;

  av1::GetProcessKpisRequest process;
  *process.mutable_period() = req.period();
  av1::ProcessKpis kpis;
  ASSERT_TRUE(analytics_->GetProcessKpis(Ctx().get(), process, &kpis).ok());
  EXPECT_EQ(Parsed(Ok({"process-kpis", "--at", "2026-10", "--json"}).out), AsJson(kpis));
  const CtlResult process_table = Ok({"process-kpis", "--at", "2026-10"});
  EXPECT_TRUE(absl::StrContains(process_table.out, "0 of 2 active in 2026-09 not active now"))
      << process_table.out;
  // No imported order carries a delivery promise: nothing open with one, no share overdue.
  EXPECT_EQ(Cell(process_table.out, "open orders with a promise", 1), "0") << process_table.out;
  EXPECT_EQ(Row(process_table.out, "share overdue"),
            (std::vector<std::string>{"share overdue", "-", "no open promised orders"}))
      << process_table.out;

  av1::GetChannelEfficiencyRequest channels;
  channels.set_granularity(av1::GRANULARITY_MONTH);
  channels.set_first_day("2026-09-01");
  channels.set_last_day("2026-10-31");
  av1::ChannelEfficiency efficiency;
  ASSERT_TRUE(analytics_->GetChannelEfficiency(Ctx().get(), channels, &efficiency).ok());
  EXPECT_EQ(Parsed(Ok({"channels", "--from", "2026-09-01", "--to", "2026-10-31", "--json"}).out),
            AsJson(efficiency));
  const CtlResult channel_table = Ok({"channels", "--from", "2026-09-01", "--to", "2026-10-31"});
  const std::vector<std::string> total = Row(channel_table.out, "total");
  ASSERT_GE(total.size(), 4u) << channel_table.out;
  EXPECT_EQ(total[1], "CHANNEL_STORE");
  EXPECT_EQ(total[2], "20.00");  // 1000 in each month

  const CtlResult bad = Ctl({"contribution", "--kpi", "bogus"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(absl::StartsWith(bad.err, "error: INVALID_ARGUMENT: --kpi: ")) << bad.err;
}

}  // namespace
}  // namespace sales::testing
