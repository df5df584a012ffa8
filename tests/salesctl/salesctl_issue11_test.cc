// salesctl for issue 11's customer, order and prediction features, end to end: the binary
// against real customers, orders and analytics servers. Referrals (customers create
// --referred_by, referrals get/list), complaints (interactions create --category
// --complaint, complaints list/resolve, surveys create --category), delivery promises
// (orders create --delivery, the Delivery section of orders get), the new process-kpis
// figures and slice, rep-activity, lead-model, lead-scores, affinity and recommend. Each
// command's --json is the RPC's answer, its table shows the same figures, and bad flags are
// usage errors naming the flag.
#include <google/protobuf/util/json_util.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

// The RPC's answer as --json prints it, without what differs from call to call (the feed
// positions; the time open complaints are censored at).
json AsJson(const google::protobuf::Message& message) {
  std::string text;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &text).ok());
  json parsed = json::parse(text);
  parsed.erase("freshness");
  if (parsed.contains("complaintResolution")) parsed["complaintResolution"].erase("asOf");
  // The time of the call while the period runs, as complaintResolution.asOf.
  if (parsed.contains("onTimeDelivery")) parsed["onTimeDelivery"].erase("overdueAsOf");
  return parsed;
}

json Comparable(json parsed) {
  parsed.erase("freshness");
  if (parsed.contains("complaintResolution")) parsed["complaintResolution"].erase("asOf");
  // The time of the call while the period runs, as complaintResolution.asOf.
  if (parsed.contains("onTimeDelivery")) parsed["onTimeDelivery"].erase("overdueAsOf");
  return parsed;
}

class SalesctlIssue11Test : public AnalyticsTest {
 protected:
  std::vector<std::string> OrdersArgs() const override {
    return {"--standard_delivery_days=3", absl::StrCat("--business_time_zone=", kZone)};
  }

  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) {
    Runner().ExpectUsage(args, flag);
  }
};

TEST_F(SalesctlIssue11Test, ReferralsComplaintsAndDeliveryPromises) {
  const std::string referrer = NewCustomer("Referrer");
  // customers create --referred_by: the customer names its referrer.
  const json created = Ok({"--json", "customers", "create", "--kind", "person", "--display_name",
                           "Referred", "--referred_by", referrer})
                           .One();
  EXPECT_EQ(created["referredBy"], referrer);
  const std::string referred = created["name"].get<std::string>();
  const std::vector<std::string> row = Row(Ok({"customers", "get", referred}).out, referred);
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row.back(), referrer);  // REFERRED BY, the last column

  // referrals get and list: one referral, not buying yet, nothing earned.
  cv1::GetReferralStatsRequest stats_req;
  stats_req.set_referrer(referrer);
  cv1::ReferralStats stats;
  ASSERT_TRUE(customers_->GetReferralStats(Ctx().get(), stats_req, &stats).ok());
  EXPECT_EQ(Ok({"--json", "referrals", "get", referrer}).One(), AsJson(stats));
  EXPECT_EQ(Row(Ok({"referrals", "get", referrer}).out, referrer),
            (std::vector<std::string>{referrer, "1", "0", "0", "0"}));
  const std::vector<json> listed = Ok({"--json", "referrals", "list"}).Lines();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["referralCount"], "1");

  // A complaint about delivery, open, then resolved; a survey answer about price.
  const json complaint = Ok({"--json", "interactions", "create", referred, "--kind", "call",
                             "--rep", "reps/r-1", "--category", "delivery", "--complaint"})
                             .One();
  EXPECT_EQ(complaint["category"], "FEEDBACK_CATEGORY_DELIVERY");
  EXPECT_EQ(complaint["complaintState"], "COMPLAINT_STATE_OPEN");
  const std::string name = complaint["name"].get<std::string>();
  const std::vector<std::string> open = Row(Ok({"complaints", "list"}).out, name);
  ASSERT_GE(open.size(), 7u) << Ok({"complaints", "list"}).out;
  EXPECT_EQ(open[1], referred);
  EXPECT_EQ(open[open.size() - 2], "delivery");
  EXPECT_EQ(open[open.size() - 1], "open");
  const json resolved =
      Ok({"--json", "complaints", "resolve", name, "--resolved_by", "reps/lead", "--note", "sent"})
          .One();
  EXPECT_EQ(resolved["complaintState"], "COMPLAINT_STATE_RESOLVED");
  EXPECT_EQ(resolved["resolvedBy"], "reps/lead");
  EXPECT_TRUE(Ok({"complaints", "list", "--state", "open"}).OutLines().size() <= 1u);
  EXPECT_EQ(Ok({"--json", "complaints", "list", "--state", "resolved", "--category", "delivery"})
                .Lines()
                .size(),
            1u);
  const json survey = Ok({"--json", "surveys", "create", referred, "--kind", "csat", "--score", "2",
                          "--category", "price"})
                          .One();
  EXPECT_EQ(survey["category"], "FEEDBACK_CATEGORY_PRICE");

  // orders create --delivery standard: promised three local days after today (Shanghai).
  const std::string product = NewProduct("TEA", 1000, 600, "tea");
  Receive(product, "WH1", 10);
  const json order = Ok({"--json", "orders", "create", "--customer", referred, "--channel", "web",
                         "--region", "east", "--warehouse", "WH1", "--line", product + ":1",
                         "--credit", "reps/r-1:10000", "--delivery", "standard"})
                         .One();
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
  EXPECT_EQ(order["delivery"]["option"], "DELIVERY_OPTION_STANDARD");
  EXPECT_EQ(order["delivery"]["promisedDate"], absl::FormatCivilTime(today + 3));
  const std::string shown = Ok({"orders", "get", order["name"].get<std::string>()}).out;
  EXPECT_TRUE(absl::StrContains(shown, "Delivery:")) << shown;
  EXPECT_EQ(Row(shown, "standard"),
            (std::vector<std::string>{"standard", absl::FormatCivilTime(today + 3), "Asia/Shanghai",
                                      "0"}))
      << shown;

  // process-kpis: this month's complaint (1) over its order (1), and by rep r-1; --json is
  // the RPC's answer.
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    av1::GetProcessKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
    av1::ProcessKpis k;
    return analytics_->GetProcessKpis(Ctx().get(), req, &k).ok() &&
           k.complaint_rate().orders() == 1 && k.complaint_resolution().resolved() == 1;
  }));
  av1::GetProcessKpisRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  req.mutable_slice()->set_dimension(av1::SLICE_DIMENSION_REP);
  req.mutable_slice()->set_member("reps/r-1");
  av1::ProcessKpis rpc;
  ASSERT_TRUE(analytics_->GetProcessKpis(Ctx().get(), req, &rpc).ok());
  EXPECT_EQ(Comparable(Ok({"--json", "process-kpis", "--by", "rep", "--member", "reps/r-1"}).One()),
            AsJson(rpc));
  const std::string kpis = Ok({"process-kpis"}).out;
  EXPECT_EQ(Row(kpis, "complaints per 100 orders"),
            (std::vector<std::string>{"complaints per 100 orders", "100",
                                      "1 complaints / 1 orders x 100"}))
      << kpis;
  EXPECT_EQ(Cell(kpis, "time to resolve median (hours)", 2),
            "1 complaints, 1 resolved, 0 still open");
  EXPECT_EQ(Cell(kpis, "on-time delivery rate", 2), "no order with a promise was delivered");
  EXPECT_EQ(Row(kpis, "delivery"), (std::vector<std::string>{"delivery", "1", "0", "1"})) << kpis;
  EXPECT_EQ(Row(kpis, "price"), (std::vector<std::string>{"price", "0", "0", "1"})) << kpis;
  // Overdue, not yet delivered, in the report's words: the order promised in three days is
  // open and not yet past its promised day.
  const std::vector<std::string> open_promised = Row(kpis, "open orders with a promise");
  ASSERT_EQ(open_promised.size(), 3u) << kpis;
  EXPECT_EQ(open_promised[1], "1");
  EXPECT_TRUE(absl::StartsWith(open_promised[2], "overdue, not yet delivered: at ")) << kpis;
  EXPECT_EQ(Row(kpis, "of them past the promised date"),
            (std::vector<std::string>{"of them past the promised date", "0",
                                      "promised day (business time zone) passed"}))
      << kpis;
  EXPECT_EQ(
      Row(kpis, "share overdue"),
      (std::vector<std::string>{"share overdue", "0.0%", "0 of 1 open orders with a promise"}))
      << kpis;
  // --json carries them (proto3 JSON leaves out a zero count: overdue absent means 0).
  const json delivery = Ok({"--json", "process-kpis"}).One()["onTimeDelivery"];
  EXPECT_EQ(delivery["openPromised"], "1") << delivery;
  EXPECT_EQ(delivery.value("overdue", "0"), "0") << delivery;
  EXPECT_EQ(delivery["overdueShare"], 0.0) << delivery;
  EXPECT_TRUE(delivery.contains("overdueAsOf")) << delivery;
  EXPECT_TRUE(absl::StrContains(Ok({"process-kpis", "--by", "region", "--member", "east"}).out,
                                "not kept for this slice"));

  // Usage errors name the flag.
  ExpectUsage({"orders", "create", "--customer", referred, "--channel", "web", "--region", "east",
               "--line", product + ":1", "--scheduled_date", "2030-01-01"},
              "--scheduled_date");
  ExpectUsage({"orders", "create", "--customer", referred, "--channel", "web", "--region", "east",
               "--line", product + ":1", "--delivery", "someday"},
              "--delivery");
  ExpectUsage({"interactions", "create", referred, "--kind", "call", "--category", "mood"},
              "--category");
  ExpectUsage({"complaints", "list", "--state", "pending"}, "--state");
  ExpectUsage({"process-kpis", "--by", "product", "--member", "products/1"}, "--by");
  ExpectUsage({"process-kpis", "--by", "rep"}, "--member");
  ExpectUsage({"process-kpis", "--member", "reps/r-1"}, "--member");
}

TEST_F(SalesctlIssue11Test, PredictionCommandsShowTheRpcsAnswers) {
  // 12 closed leads imported (won when i % 3 == 0 or i % 4 == 1), 2 open, with a call each.
  cv1::ImportCustomerHistoryResponse imported;
  {
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = customers_->ImportCustomerHistory(ctx.get(), &imported);
    const absl::Time start = absl::Now() - absl::Hours(24 * 60);
    for (int i = 0; i < 14; ++i) {
      const absl::Time created = start + absl::Hours(24 * i);
      cv1::ImportCustomerHistoryRequest item;
      cv1::ImportedLead* l = item.mutable_lead();
      l->mutable_external_ref()->set_source_system("crm");
      l->mutable_external_ref()->set_id(absl::StrCat("L", i));
      l->set_display_name(absl::StrCat("Deal ", i));
      l->set_owner_rep(i % 2 == 0 ? "reps/ann" : "reps/bob");
      l->set_acquisition_channel(cv1::ACQUISITION_CHANNEL_WEB);
      l->mutable_expected_amount()->set_currency_code("CNY");
      l->mutable_expected_amount()->set_minor_units((i % 5 + 1) * 100000);
      *l->mutable_create_time() = Ts(created);
      cv1::ImportedStageChange* qualified = l->add_stage_history();
      qualified->set_stage(cv1::LEAD_STAGE_QUALIFIED);
      *qualified->mutable_change_time() = Ts(created + absl::Hours(24));
      if (i < 12) {
        cv1::ImportedStageChange* proposal = l->add_stage_history();
        proposal->set_stage(cv1::LEAD_STAGE_PROPOSAL);
        *proposal->mutable_change_time() = Ts(created + absl::Hours(48));
        cv1::ImportedStageChange* c = l->add_stage_history();
        const bool won = i % 3 == 0 || i % 4 == 1;
        c->set_stage(won ? cv1::LEAD_STAGE_WON : cv1::LEAD_STAGE_LOST);
        if (!won) c->set_lost_reason("price");
        *c->mutable_change_time() = Ts(created + absl::Hours(72));
      }
      ASSERT_TRUE(writer->Write(item));
      cv1::ImportCustomerHistoryRequest call;
      cv1::ImportedInteraction* x = call.mutable_interaction();
      x->mutable_external_ref()->set_source_system("crm");
      x->mutable_external_ref()->set_id(absl::StrCat("L", i, "-call"));
      *x->mutable_lead_external_ref() = l->external_ref();
      x->set_kind(cv1::INTERACTION_KIND_CALL);
      x->set_rep(l->owner_rep());
      *x->mutable_occur_time() = Ts(created + absl::Hours(6));
      ASSERT_TRUE(writer->Write(call));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(imported.errors_size(), 0) << imported.errors(0).DebugString();
  }
  // Orders: two customers buy tea and coffee together, a third tea only.
  const std::string tea = NewProduct("TEA", 1000, 600, "tea");
  const std::string coffee = NewProduct("COF", 2000, 1500, "coffee");
  Receive(tea, "WH1", 50);
  Receive(coffee, "WH1", 50);
  const std::string a = NewCustomer("A"), b = NewCustomer("B"), c = NewCustomer("C");
  for (const auto& [customer, products] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {a, {tea, coffee}}, {b, {tea, coffee}}, {c, {tea}}}) {
    std::vector<std::string> args = {"orders", "create",   "--customer", customer,      "--channel",
                                     "store",  "--region", "north",      "--warehouse", "WH1"};
    for (const std::string& p : products) {
      args.push_back("--line");
      args.push_back(p + ":1");
    }
    Ok(args);
  }

  av1::PeriodSpec window;
  window.set_granularity(av1::GRANULARITY_CUSTOM);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
  window.set_first_day(absl::FormatCivilTime(today - 70));
  window.set_last_day(absl::FormatCivilTime(today));
  ASSERT_TRUE(WaitFor(absl::Seconds(20),
                      [&] {
                        av1::GetRepActivityRequest activity;
                        *activity.mutable_period() = window;
                        av1::RepActivityReport r;
                        av1::GetProductAffinityRequest affinity;
                        *affinity.mutable_period() = window;
                        av1::ProductAffinity p;
                        return analytics_->GetRepActivity(Ctx().get(), activity, &r).ok() &&
                               r.total().interactions() == 14 &&
                               analytics_->GetProductAffinity(Ctx().get(), affinity, &p).ok() &&
                               p.orders() == 3;
                      }))
      << [&] {
           av1::GetRepActivityRequest activity;
           *activity.mutable_period() = window;
           av1::RepActivityReport r;
           av1::GetProductAffinityRequest affinity;
           *affinity.mutable_period() = window;
           av1::ProductAffinity p;
           const grpc::Status a = analytics_->GetRepActivity(Ctx().get(), activity, &r);
           const grpc::Status b = analytics_->GetProductAffinity(Ctx().get(), affinity, &p);
           return absl::StrCat(a.error_message(), " ", r.total().interactions(), " ",
                               b.error_message(), " ", p.orders());
         }();
  const std::vector<std::string> range = {"--from", window.first_day(), "--to", window.last_day()};
  auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };

  // rep-activity: 7 calls each; won leads: i in 0 3 6 9 (i % 3 == 0) and 1 5 (i % 4 == 1) of
  // the 12 closed: ann (even i) 0 6 = 2, bob (odd i) 1 3 5 9 = 4.
  av1::GetRepActivityRequest activity;
  *activity.mutable_period() = window;
  av1::RepActivityReport report;
  ASSERT_TRUE(analytics_->GetRepActivity(Ctx().get(), activity, &report).ok());
  EXPECT_EQ(Ok(with({"--json", "rep-activity"}, range)).One(), AsJson(report));
  const std::string table = Ok(with({"rep-activity"}, range)).out;
  EXPECT_EQ(Row(table, "reps/ann"),
            (std::vector<std::string>{"reps/ann", "7", "call 7", "7", "2", "0.2857", "100.0%"}))
      << table;
  EXPECT_EQ(Cell(table, "reps/bob", 4), "4") << table;

  // lead-model and lead-scores: the RPCs' answers; the table names both accuracies.
  av1::LeadScoringModel model;
  ASSERT_TRUE(
      analytics_->GetLeadScoringModel(Ctx().get(), av1::GetLeadScoringModelRequest(), &model).ok());
  EXPECT_EQ(Ok({"--json", "lead-model"}).One(), AsJson(model));
  const std::string model_table = Ok({"lead-model"}).out;
  EXPECT_FALSE(Row(model_table, "model").empty()) << model_table;
  EXPECT_FALSE(Row(model_table, "stage baseline").empty()) << model_table;
  EXPECT_EQ(Row(model_table, "intercept").size(), 3u) << model_table;
  const std::vector<json> scores = Ok({"--json", "lead-scores"}).Lines();
  ASSERT_EQ(scores.size(), 2u);  // the two open leads
  EXPECT_FALSE(Row(Ok({"lead-scores"}).out, scores[0]["lead"].get<std::string>()).empty());

  // affinity: tea and coffee together in 2 of 3 orders: support 2/3, confidence tea -> coffee
  // 2/3 and coffee -> tea 1, lift (2/3) / ((3/3) x (2/3)) = 1.
  av1::GetProductAffinityRequest affinity;
  *affinity.mutable_period() = window;
  av1::ProductAffinity pairs;
  ASSERT_TRUE(analytics_->GetProductAffinity(Ctx().get(), affinity, &pairs).ok());
  EXPECT_EQ(Comparable(Ok(with({"--json", "affinity"}, range)).One()), AsJson(pairs));
  ASSERT_EQ(pairs.pairs_size(), 1);
  const std::string first = pairs.pairs(0).product_a();
  // Both products of the pair are named (issue 11).
  const auto name_of = [&](const std::string& product) {
    return product == tea ? "Product TEA" : "Product COF";
  };
  EXPECT_EQ(pairs.pairs(0).display_name_a(), name_of(first));
  EXPECT_EQ(pairs.pairs(0).display_name_b(), name_of(pairs.pairs(0).product_b()));
  EXPECT_EQ(
      Row(Ok(with({"affinity"}, range)).out, first),
      (std::vector<std::string>{
          first, name_of(first), pairs.pairs(0).product_b(), name_of(pairs.pairs(0).product_b()),
          "2", first == tea ? "3" : "2", first == tea ? "2" : "3", "66.7%",
          first == tea ? "66.7%" : "100.0%", first == tea ? "100.0%" : "66.7%", "1"}));

  // recommend: C bought tea only; coffee is bought with tea.
  av1::RecommendProductsRequest rec;
  rec.set_customer(c);
  av1::ProductRecommendations recommended;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), rec, &recommended).ok());
  EXPECT_EQ(Ok({"--json", "recommend", c}).One(), AsJson(recommended));
  ASSERT_GE(recommended.products_size(), 1);
  EXPECT_EQ(recommended.products(0).product(), coffee);
  EXPECT_EQ(recommended.products(0).display_name(), "Product COF");
  const std::vector<std::string> rec_row = Row(Ok({"recommend", c}).out, coffee);
  ASSERT_GE(rec_row.size(), 2u);
  EXPECT_EQ(rec_row[1], "Product COF");
  // The served method and why, in both outputs: one order per customer leaves the holdout
  // nobody to check, so the most popular products are served.
  EXPECT_EQ(recommended.served_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  const json rec_json = Ok({"--json", "recommend", c}).One();
  EXPECT_EQ(rec_json["servedMethod"], "RECOMMENDATION_METHOD_MOST_POPULAR") << rec_json.dump();
  EXPECT_EQ(rec_json["servedMethodReason"], recommended.served_method_reason());
  const std::string rec_table = Ok({"recommend", c}).out;
  EXPECT_NE(rec_table.find(
                absl::StrCat("served: most popular (", recommended.served_method_reason(), ")\n")),
            std::string::npos)
      << rec_table;

  // Bad values are the service's INVALID_ARGUMENT naming its field; bad flags name the flag.
  ExpectUsage({"lead-model", "--holdout", "0.9"}, "holdout_fraction");
  ExpectUsage({"affinity", "--period", "fortnight"}, "--period");
  ExpectUsage({"recommend", c, "--count", "500"}, "count");
}

}  // namespace
}  // namespace sales::testing
