// salesctl's incentives commands end to end: the binary against real customers, orders and
// incentives servers (days cut in Asia/Shanghai, CNY). The organisation, targets and plans
// are made with salesctl itself; orders are completed (and one partly returned) through the
// orders service, and the credits, attainment (once and streamed), leaderboard, statements
// (tables, JSON and the HTML page with its trace), what-if and lock are read back through
// salesctl. Bad flags are usage errors naming the flag; refusals print the service's words.
#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/integration/incentives_orders_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

class SalesctlIncentivesTest : public IncentivesOrdersTest {
 protected:
  // salesctl against the test's servers.
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--incentives_addr",
                           incentives_server_->address()});
  }
  CtlResult Ctl(const std::vector<std::string>& args) { return Runner().Run(args); }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) {
    Runner().ExpectUsage(args, flag);
  }

  // The name a --json create printed.
  std::string NameOf(const CtlResult& r) { return r.One().value("name", ""); }

  // This month's quarter ("2026-Q4") and its three months.
  std::string Quarter() const {
    int month = 0;
    EXPECT_TRUE(absl::SimpleAtoi(period_.substr(5, 2), &month));
    return absl::StrCat(period_.substr(0, 4), "-Q", (month - 1) / 3 + 1);
  }
  std::vector<std::string> QuarterMonths() const {
    int month = 0;
    EXPECT_TRUE(absl::SimpleAtoi(period_.substr(5, 2), &month));
    const int first = (month - 1) / 3 * 3 + 1;
    std::vector<std::string> out;
    for (int m = first; m < first + 3; ++m) {
      out.push_back(absl::StrFormat("%s-%02d", period_.substr(0, 4), m));
    }
    return out;
  }
  // The month before this one, "YYYY-MM".
  std::string PreviousMonth() const {
    int year = 0, month = 0;
    EXPECT_TRUE(absl::SimpleAtoi(period_.substr(0, 4), &year));
    EXPECT_TRUE(absl::SimpleAtoi(period_.substr(5, 2), &month));
    return month == 1 ? absl::StrFormat("%04d-12", year - 1)
                      : absl::StrFormat("%04d-%02d", year, month - 1);
  }
  std::string Deadline() const { return "2099-12-31T16:00:00Z"; }
};

TEST_F(SalesctlIncentivesTest, TeamsRepsTargetsAndPlansAreMadeAndReadThroughSalesctl) {
  // Teams: a tree, listed, renamed.
  const std::string sales = NameOf(Ok({"teams", "create", "--display_name", "Sales", "--json"}));
  ASSERT_TRUE(absl::StartsWith(sales, "teams/")) << sales;
  const std::string north =
      NameOf(Ok({"teams", "create", "--display_name", "North", "--parent", sales, "--json"}));
  const std::string south =
      NameOf(Ok({"teams", "create", "--display_name", "South", "--parent", sales, "--json"}));
  const CtlResult children = Ok({"teams", "list", "--parent", sales});
  EXPECT_EQ(Cell(children.out, north, 1), "North") << children.out;
  EXPECT_EQ(Cell(children.out, south, 2), sales) << children.out;
  EXPECT_EQ(Ok({"teams", "list", "--parent", sales, "-q"}).OutLines(),
            (std::vector<std::string>{north, south}));
  EXPECT_EQ(Cell(Ok({"teams", "update", south, "--display_name", "South-West"}).out, south, 1),
            "South-West");
  EXPECT_EQ(Ok({"teams", "get", south, "--json"}).One()["displayName"], "South-West");

  // Reps: created in a team, renamed, moved from the first of this month, memberships.
  const CtlResult li = Ok({"reps", "create", "reps/li", "--display_name", "Li", "--team", north,
                           "--since", "2020-01-01"});
  std::vector<std::string> li_row = Row(li.out, "reps/li");
  ASSERT_EQ(li_row.size(), 5u) << li.out;  // the creation time last
  li_row.pop_back();
  EXPECT_EQ(li_row, (std::vector<std::string>{"reps/li", "Li", north, "2020-01-01"})) << li.out;
  Ok({"reps", "create", "zhang", "--display_name", "Zhang", "--team", north, "--since",
      "2020-01-01"});
  EXPECT_EQ(Cell(Ok({"reps", "update", "reps/li", "--display_name", "Li Na"}).out, "reps/li", 1),
            "Li Na");
  const std::string first_day = period_ + "-01";
  const CtlResult moved =
      Ok({"reps", "move", "reps/zhang", "--team", south, "--effective", first_day, "--json"});
  EXPECT_EQ(moved.One()["team"], south);
  EXPECT_EQ(moved.One()["teamSince"], first_day);
  const std::vector<json> spans = Ok({"reps", "memberships", "reps/zhang", "--json"}).Lines();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]["team"], north);
  EXPECT_EQ(spans[0]["firstDay"], "2020-01-01");
  EXPECT_FALSE(spans[0].value("lastDay", "").empty());
  EXPECT_EQ(spans[1]["team"], south);
  const CtlResult north_reps = Ok({"reps", "list", "--team", north});
  EXPECT_FALSE(Row(north_reps.out, "reps/li").empty()) << north_reps.out;
  EXPECT_TRUE(Row(north_reps.out, "reps/zhang").empty()) << north_reps.out;
  EXPECT_EQ(Ok({"reps", "get", "zhang", "--json"}).One()["displayName"], "Zhang");

  // Targets: Sales' month target split 3:1 between its child teams (a company target splits
  // to top-level teams only).
  const std::string company =
      NameOf(Ok({"targets", "create", "--metric", "revenue", "--period", period_, "--owner", sales,
                 "--amount", "1000.00", "--deadline", Deadline(), "--json"}));
  const CtlResult split = Ok({"targets", "split", company, "--by", "weights", "--part",
                              north + "=3", "--part", south + "=1"});
  EXPECT_FALSE(Row(split.out, company).empty()) << split.out;  // the parent, then its children
  // 1,000.00 * 3/4 = 750.00 and * 1/4 = 250.00.
  std::string north_target;
  for (const json& t : Ok({"targets", "list", "--parent", company, "--json"}).Lines()) {
    if (t["owner"] == north) north_target = t["name"].get<std::string>();
    EXPECT_EQ(t["amount"], t["owner"] == north ? "75000" : "25000") << t;
    EXPECT_EQ(t["parent"], company);
  }
  ASSERT_FALSE(north_target.empty()) << split.out;
  const CtlResult split_table = Ok({"targets", "get", north_target});
  EXPECT_EQ(Cell(split_table.out, north_target, 4), "750.00") << split_table.out;

  // One child's amount alone breaks the sum: refused with the gap as the service names it.
  const CtlResult gap = Ctl({"targets", "update", north_target, "--amount", "700.00"});
  EXPECT_EQ(gap.exit_code, 4) << gap.err;
  EXPECT_TRUE(absl::StartsWith(gap.err, "error: FAILED_PRECONDITION: ")) << gap.err;
  EXPECT_TRUE(absl::StrContains(
      gap.err,
      absl::StrCat("month ", period_, ": children sum 950.00, target 1,000.00, short by 50.00")))
      << gap.err;
  EXPECT_EQ(gap.out, "");
  // Re-split by amounts, which add up.
  const json resplit = Ok({"targets", "split", company, "--by", "amounts", "--part",
                           north + "=600.00", "--part", south + "=400.00", "--json"})
                           .One();
  ASSERT_EQ(resplit["children"].size(), 2u) << resplit;
  EXPECT_EQ(resplit["children"][0]["amount"], "60000");
  EXPECT_EQ(resplit["children"][1]["amount"], "40000");
  // Amounts that do not add up are refused with the gap.
  const CtlResult short_split = Ctl({"targets", "split", company, "--by", "amounts", "--part",
                                     north + "=600.00", "--part", south + "=300.00"});
  EXPECT_EQ(short_split.exit_code, 4) << short_split.err;
  EXPECT_TRUE(absl::StrContains(short_split.err, "short by 100.00")) << short_split.err;

  // A quarter's target over its months by percentages: 300.00 as 30%, 30%, 40%.
  const std::string quarter =
      NameOf(Ok({"targets", "create", "--metric", "units", "--period", Quarter(), "--owner",
                 "reps/li", "--amount", "300", "--deadline", Deadline(), "--json"}));
  const std::vector<std::string> months = QuarterMonths();
  const json by_month =
      Ok({"targets", "split", quarter, "--by", "months", "--part", months[0] + "=30%", "--part",
          months[1] + "=30%", "--part", months[2] + "=40%", "--json"})
          .One();
  ASSERT_EQ(by_month["children"].size(), 3u) << by_month;
  EXPECT_EQ(by_month["children"][2]["period"], months[2]);
  EXPECT_EQ(by_month["children"][2]["amount"], "120");
  const CtlResult units_list = Ok({"targets", "list", "--owner", "reps/li", "--metric", "units"});
  EXPECT_EQ(units_list.OutLines().size(), 1u + 4u) << units_list.out;  // header, quarter, months

  // Plans: a tiered draft from flags, a second one from a JSON file; published; assigned.
  const std::string plan =
      NameOf(Ok({"plans", "create", "--display_name", "Field sales", "--json"}));
  const json v1 =
      Ok({"plans", "versions", "create", plan, "--tiers", "0%:5%,100%:10%", "--tier_mode",
          "marginal", "--bonus", "100%=50.00", "--allowance", "300.00", "--json"})
          .One();
  EXPECT_EQ(v1["name"], plan + "/versions/1");
  EXPECT_EQ(v1["state"], "PLAN_VERSION_STATE_DRAFT");
  ASSERT_EQ(v1["components"].size(), 3u) << v1;
  EXPECT_EQ(v1["components"][0]["commission"]["tiers"][1]["fromBp"], "10000");
  EXPECT_EQ(v1["components"][0]["commission"]["tiers"][1]["ratePpm"], "100000");
  EXPECT_EQ(v1["components"][1]["bonus"]["thresholds"][0]["amount"], "5000");
  EXPECT_EQ(v1["components"][2]["allowance"]["amount"], "30000");
  const std::string file = ::testing::TempDir() + "version2.json";
  {
    std::ofstream out(file);
    out << R"({"attainmentBasis": "BASIS_REVENUE", "clawbackPolicy": "CLAWBACK_POLICY_BASE_ONLY",
               "reversalPeriod": "REVERSAL_PERIOD_ORIGINAL",
               "components": [{"id": "flat", "commission": {"basis": "BASIS_GROSS_MARGIN",
                                                            "ratePpm": "120000"}}]})";
  }
  const CtlResult v2 = Ok({"plans", "versions", "create", plan, "--file", file});
  EXPECT_EQ(Cell(v2.out, plan + "/versions/2", 3), "revenue") << v2.out;
  EXPECT_EQ(Cell(v2.out, plan + "/versions/2", 4), "base_only") << v2.out;
  const CtlResult published = Ok({"plans", "publish", plan + "/versions/1", "--from", period_});
  EXPECT_EQ(Cell(published.out, plan + "/versions/1", 1), "published") << published.out;
  EXPECT_EQ(Cell(published.out, plan + "/versions/1", 2), period_) << published.out;
  const CtlResult assigned = Ok({"plans", "assign", plan, "--team", north, "--from", "2020-01-01"});
  EXPECT_EQ(Cell(Ok({"plans", "assignments", plan}).out, Cells(assigned.OutLines().at(1)).at(0), 2),
            north);
  const CtlResult plan_table = Ok({"plans", "get", plan});
  EXPECT_FALSE(Row(plan_table.out, plan + "/versions/2").empty()) << plan_table.out;
  EXPECT_EQ(Ok({"plans", "versions", "list", plan, "-q"}).OutLines(),
            (std::vector<std::string>{plan + "/versions/1", plan + "/versions/2"}));
  EXPECT_EQ(Ok({"plans", "list", "--json"}).Lines().size(), 1u);
  // The service's refusal: a published version cannot be published again.
  const CtlResult again = Ctl({"plans", "publish", plan + "/versions/1", "--from", period_});
  EXPECT_EQ(again.exit_code, 4) << again.err;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: FAILED_PRECONDITION: ")) << again.err;

  // Usage errors, each naming its flag, before any call.
  ExpectUsage({"targets", "create", "--metric", "bogus", "--period", period_, "--owner", "company",
               "--amount", "1", "--deadline", Deadline()},
              "--metric");
  ExpectUsage({"targets", "create", "--metric", "revenue", "--period", "2026-W40", "--owner",
               "company", "--amount", "1", "--deadline", Deadline()},
              "--period");
  ExpectUsage({"targets", "create", "--metric", "revenue", "--period", period_, "--owner",
               "everyone", "--amount", "1", "--deadline", Deadline()},
              "--owner");
  ExpectUsage({"targets", "create", "--metric", "revenue", "--period", period_, "--owner",
               "company", "--amount", "1.234", "--deadline", Deadline()},
              "--amount");
  ExpectUsage({"targets", "split", company, "--by", "weights", "--part", "teams/1"}, "--part");
  ExpectUsage({"targets", "split", company, "--by", "thirds", "--part", "teams/1=1"}, "--by");
  ExpectUsage({"plans", "versions", "create", plan, "--tiers", "0%:5%,100%:10%"}, "--tier_mode");
  ExpectUsage({"plans", "versions", "create", plan, "--rate", "5.12345%"}, "--rate");
  ExpectUsage({"plans", "versions", "create", plan, "--file", file, "--rate", "5%"}, "--rate");
  ExpectUsage({"plans", "versions", "create", plan, "--file", "/nonexistent.json"}, "--file");
  ExpectUsage({"plans", "assign", plan, "--rep", "li", "--team", north, "--from", "2020-01-01"},
              "--rep");
  ExpectUsage({"reps", "move", "reps/li", "--team", south, "--effective", "2026-02-30"},
              "--effective");
  ExpectUsage({"reps", "create", "reps/x", "--display_name", "X", "--team", north}, "--since");
  ExpectUsage({"teams", "update", north}, "update_mask");
  // A flag CLI11 does not know: exit 2 and the usage hint.
  const CtlResult unknown = Ctl({"teams", "list", "--bogus"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(absl::StartsWith(unknown.err, "error: usage: ")) << unknown.err;
  // NOT_FOUND from the service.
  EXPECT_EQ(Ctl({"teams", "get", "teams/999"}).exit_code, 3);
}

TEST_F(SalesctlIncentivesTest, CreditsAttainmentBoardsStatementsWhatIfAndLockThroughSalesctl) {
  const std::string east = NewTeam("East");
  NewRep("li", "Li Na", east);
  NewRep("zhang", "Zhang Wei", east);
  RevenueTarget("reps/li", 50000);  // 500.00
  // The plan through salesctl: marginal 5% up to 100% of target, 10% above; 300.00 of
  // allowance a month; assigned to East since 2020.
  const std::string plan = NameOf(Ok({"plans", "create", "--display_name", "East", "--json"}));
  Ok({"plans", "versions", "create", plan, "--tiers", "0%:5%,100%:10%", "--tier_mode", "marginal",
      "--allowance", "300.00"});
  Ok({"plans", "publish", plan + "/versions/1", "--from", period_});
  Ok({"plans", "assign", plan, "--team", east, "--from", "2020-01-01"});

  const std::string tea = StockedProduct("CTL-TEA", 10000, 6000, "tea");
  const std::string cups = StockedProduct("CTL-CUPS", 10000, 7000, "cups");
  // O1: 3 tea at 100.00, Li 60% / Zhang 40%: Li 180.00, Zhang 120.00.
  const ov1::Order o1 = CompletedOrder(tea, 3, {{"reps/li", 6000}, {"reps/zhang", 4000}});
  // O2: 4 cups at 100.00, all Li's: 400.00.
  const ov1::Order o2 = CompletedOrder(cups, 4, {{"reps/li", 10000}});
  // One tea comes back: Li -60.00, Zhang -40.00.
  ReturnUnits(o1.name(), 1);
  WaitForCredits(5);
  if (HasFatalFailure()) return;

  // Credits of Li: O1's share, O2, the reversal pointing to O1's credit.
  const std::vector<json> credits =
      Ok({"credits", "list", "--rep", "reps/li", "--period", period_, "--json"}).Lines();
  ASSERT_EQ(credits.size(), 3u);
  EXPECT_EQ(credits[0]["order"], o1.name());
  EXPECT_EQ(credits[0]["revenue"], "18000");
  EXPECT_EQ(credits[0]["shareBp"], 6000);
  EXPECT_EQ(credits[1]["order"], o2.name());
  EXPECT_EQ(credits[2]["revenue"], "-6000");
  EXPECT_EQ(credits[2]["reverses"], credits[0]["name"]);
  const CtlResult credit_table = Ok({"credits", "list", "--rep", "li", "--period", period_});
  const std::string reversal = credits[2]["name"].get<std::string>();
  EXPECT_EQ(Cell(credit_table.out, reversal, 6), "-60.00") << credit_table.out;
  EXPECT_EQ(Cell(credit_table.out, reversal, 10), credits[0]["name"]) << credit_table.out;
  // Totals: Li 180.00 + 400.00 - 60.00 = 520.00; East 520.00 + 80.00 = 600.00.
  EXPECT_EQ(
      Cell(Ok({"credits", "totals", "--owner", "reps/li", "--period", period_}).out, "reps/li", 2),
      "520.00");
  EXPECT_EQ(
      Ok({"credits", "totals", "--owner", east, "--period", period_, "--json"}).One()["revenue"],
      "60000");

  // Attainment: Li 520.00 of 500.00 = 104.00%, 20.00 over.
  const json attainment =
      Ok({"attainment", "get", "--owner", "reps/li", "--period", period_, "--json"}).One();
  EXPECT_EQ(attainment["actual"], "52000");
  EXPECT_EQ(attainment["attainmentBp"], "10400");
  EXPECT_EQ(attainment["gap"], "-2000");
  const CtlResult attainment_table =
      Ok({"attainment", "get", "--owner", "reps/li", "--period", period_});
  EXPECT_EQ(Cell(attainment_table.out, "reps/li", 3), "520.00") << attainment_table.out;
  EXPECT_EQ(Cell(attainment_table.out, "reps/li", 5), "104.00%") << attainment_table.out;
  const CtlResult listed = Ok({"attainment", "list", "--period", period_, "--team", east});
  EXPECT_EQ(Cell(listed.out, "reps/zhang", 3), "80.00") << listed.out;
  EXPECT_EQ(Cell(listed.out, "reps/zhang", 5), "-") << listed.out;  // no target, no ratio

  // Leaderboards: by revenue Li 520.00 then Zhang 80.00; by attainment Li ranked, Zhang
  // (no target) listed unranked.
  const CtlResult board = Ok({"leaderboard", "--by", "revenue", "--period", period_});
  EXPECT_TRUE(absl::StartsWith(board.out, "revenue leaderboard of " + period_)) << board.out;
  EXPECT_EQ(Row(board.out, "1"),
            (std::vector<std::string>{"1", "reps/li", "Li Na", east, "520.00"}))
      << board.out;
  EXPECT_EQ(Row(board.out, "2"),
            (std::vector<std::string>{"2", "reps/zhang", "Zhang Wei", east, "80.00"}))
      << board.out;
  const json by_attainment =
      Ok({"leaderboard", "--by", "attainment", "--period", period_, "--team", east, "--json"})
          .One();
  ASSERT_EQ(by_attainment["rows"].size(), 2u) << by_attainment;
  EXPECT_EQ(by_attainment["rows"][0]["rep"], "reps/li");
  EXPECT_EQ(by_attainment["rows"][0]["figure"], "10400");
  EXPECT_EQ(by_attainment["rows"][1]["rep"], "reps/zhang");
  EXPECT_EQ(by_attainment["rows"][1].value("rank", 0), 0);

  // Li's statement: 104% of target.
  //   tier 1: 500.00 at 5% = 25.00; tier 2: 20.00 at 10% = 2.00; allowance 300.00;
  //   total 327.00.
  const json statement =
      Ok({"statements", "get", "--rep", "reps/li", "--period", period_, "--json"}).One();
  EXPECT_EQ(statement["total"], "32700");
  EXPECT_EQ(statement["attainmentBp"], "10400");
  ASSERT_EQ(statement["lines"].size(), 3u) << statement;
  const std::string html = ::testing::TempDir() + "li-statement.html";
  const CtlResult table =
      Ok({"statements", "get", "--rep", "li", "--period", period_, "--html", html});
  EXPECT_TRUE(absl::StrContains(table.out, "total 327.00")) << table.out;
  EXPECT_TRUE(absl::StrContains(table.out, "rounded once, half away from zero")) << table.out;
  EXPECT_EQ(Row2(table.out, "commission", "commission").size(), 7u) << table.out;
  EXPECT_EQ(Row2(table.out, "allowance", "allowance").at(4), "300.00") << table.out;
  // The trace under each commission line: the orders and each one's part of the base.
  EXPECT_EQ(Cell(table.out, reversal, 3), "-60.00") << table.out;
  EXPECT_EQ(Cell(table.out, credits[1]["name"].get<std::string>(), 1), o2.name()) << table.out;

  // The HTML page: who, which month and version, each line's amount, and the orders behind
  // them, a reversal naming what it reverses; money with two decimals; the rounding rule.
  const std::string page = ReadAll(html);
  ASSERT_TRUE(absl::StartsWith(page, "<!DOCTYPE html>")) << page.substr(0, 200);
  EXPECT_TRUE(absl::StrContains(page, "Li Na (reps/li)"));
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("data-period=\"", period_, "\"")));
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("data-plan-version=\"", plan, "/versions/1\"")));
  EXPECT_TRUE(absl::StrContains(page, "id=\"total\" data-value=\"32700\">327.00<"));
  for (const char* amount : {"data-amount=\"2500\"", "data-amount=\"200\"", "data-amount=\"30000\"",
                             ">25.00<", ">2.00<", ">300.00<"}) {
    EXPECT_TRUE(absl::StrContains(page, amount)) << amount;
  }
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("data-order=\"", o1.name(), "\"")));
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("data-order=\"", o2.name(), "\"")));
  EXPECT_TRUE(absl::StrContains(page, "data-minor=\"-6000\">-60.00<"));
  EXPECT_TRUE(
      absl::StrContains(page, absl::StrCat("reversal of ", credits[0]["name"].get<std::string>())));
  EXPECT_TRUE(absl::StrContains(page, "rounded once, half away from zero, to a minor unit"));
  EXPECT_FALSE(absl::StrContains(page, "<script"));
  EXPECT_FALSE(absl::StrContains(page, "http"));

  // The month's statements: Li 327.00; Zhang (no target: 80.00 at 5% = 4.00 + 300.00).
  const CtlResult month = Ok({"statements", "list", "--period", period_});
  EXPECT_EQ(Cell(month.out, "reps/li", 6), "327.00") << month.out;
  EXPECT_EQ(Cell(month.out, "reps/zhang", 6), "304.00") << month.out;

  // What-if of a flat 10% draft: Li 52.00 + 300.00 = 352.00 (+25.00), Zhang 8.00 + 300.00 =
  // 308.00 (+4.00); nothing changes.
  Ok({"plans", "versions", "create", plan, "--rate", "10%", "--allowance", "300.00"});
  const CtlResult what_if = Ok({"whatif", "--version", plan + "/versions/2", "--period", period_});
  EXPECT_EQ(Row(what_if.out, "reps/li"), (std::vector<std::string>{"reps/li", plan + "/versions/1",
                                                                   "327.00", "352.00", "+25.00"}))
      << what_if.out;
  EXPECT_EQ(Row(what_if.out, "total"),
            (std::vector<std::string>{"total", "631.00", "660.00", "+29.00"}))
      << what_if.out;
  EXPECT_EQ(Ok({"whatif", "--version", plan + "/versions/2", "--period", period_, "--json"})
                .One()["draftTotal"],
            "66000");
  EXPECT_EQ(Ok({"statements", "get", "--rep", "li", "--period", period_, "--json"}).One()["total"],
            "32700");

  // Honours: this month has not ended; the month before closes (once).
  const CtlResult not_ended = Ctl({"honours", "close", "--period", period_});
  EXPECT_EQ(not_ended.exit_code, 4) << not_ended.err;
  EXPECT_TRUE(absl::StrContains(not_ended.err, "has not ended")) << not_ended.err;
  Ok({"honours", "close", "--period", PreviousMonth()});
  EXPECT_TRUE(absl::StartsWith(Ok({"honours", "close", "--period", PreviousMonth()}).out,
                               PreviousMonth() + " was closed before"));
  Ok({"honours", "list", "--period", PreviousMonth()});

  // Lock the month: both statements stored, 327.00 + 304.00 = 631.00.
  EXPECT_EQ(Ok({"statements", "lock", "--period", period_}).out,
            absl::StrCat("locked ", period_, ": 2 statements, total 631.00 CNY\n"));
  EXPECT_EQ(Ok({"statements", "get", "--rep", "li", "--period", period_, "--json"}).One()["locked"],
            true);
  const CtlResult relock = Ctl({"statements", "lock", "--period", period_});
  EXPECT_EQ(relock.exit_code, 4) << relock.err;

  // Usage errors.
  ExpectUsage({"credits", "list", "--period", period_}, "--rep");
  ExpectUsage({"credits", "list", "--period", "2026-13", "--rep", "li"}, "--period");
  ExpectUsage({"statements", "get", "--rep", "li", "--period", Quarter()}, "--period");
  ExpectUsage({"attainment", "get", "--period", period_, "--max", "2"}, "--max");
  ExpectUsage({"attainment", "get", "--period", period_, "--metric", "smiles"}, "--metric");
  ExpectUsage({"leaderboard", "--by", "charm", "--period", period_}, "--by");
  ExpectUsage({"honours", "close", "--period", period_.substr(0, 4)}, "--period");
}

TEST_F(SalesctlIncentivesTest, AttainmentWatchPrintsAnUpdateWhenACreditArrives) {
  const std::string east = NewTeam("East");
  NewRep("wang", "Wang Fang", east);
  RevenueTarget("reps/wang", 100000);  // 1,000.00
  const std::string tea = StockedProduct("W-TEA", 10000, 6000, "tea");

  // The watch prints the attainment at once, then again when a credit changes it; it stops
  // after --max 2. An order completed before the watch's first answer would only be in the
  // first one, so orders are completed one at a time until the watch has seen a change.
  std::atomic<bool> done{false};
  CtlResult watched;
  std::thread watch([&] {
    watched = Ctl({"attainment", "get", "--owner", "reps/wang", "--period", period_, "--watch",
                   "--max", "2", "--json", "--timeout", "60"});
    done = true;
  });
  for (int i = 0; i < 3 && !done; ++i) {
    CompletedOrder(tea, 1, {{"reps/wang", 10000}});
    WaitForCredits(i + 1);
    WaitFor(absl::Seconds(5), [&] { return done.load(); });
  }
  watch.join();
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  const std::vector<json> updates = watched.Lines();
  ASSERT_EQ(updates.size(), 2u) << watched.out;
  int64_t first = 0, second = 0;
  ASSERT_TRUE(absl::SimpleAtoi(updates[0].value("actual", "0"), &first));
  ASSERT_TRUE(absl::SimpleAtoi(updates[1].value("actual", "0"), &second));
  // Each order is 100.00; the second update is one or more orders after the first.
  EXPECT_GT(second, first);
  EXPECT_EQ(second % 10000, 0);
  EXPECT_EQ(updates[1]["owner"], "reps/wang");
  EXPECT_EQ(updates[1]["target"].get<std::string>().rfind("targets/", 0), 0u);
}

TEST_F(SalesctlIncentivesTest, OrdersCreateTakesOverlayCreditAndQuietPrintsOneIdALine) {
  const std::string east = NewTeam("East");
  NewRep("li", "Li Na", east);
  NewRep("zhang", "Zhang Wei", east);
  NewRep("wang", "Wang Fang", east);  // their manager
  RevenueTarget("reps/li", 50000);    // 500.00
  const std::string tea = StockedProduct("OV-TEA", 10000, 6000, "tea");

  // An order of 2 tea (200.00) taken through salesctl: revenue credit Li 60% and Zhang 40%,
  // and Wang 100% overlay credit on top.
  const json created =
      Ok({"orders", "create", "--customer", customer_, "--channel", "store", "--region", "north",
          "--warehouse", "WH1", "--line", tea + ":2", "--credit", "reps/li:6000", "--credit",
          "reps/zhang:4000", "--overlay", "reps/wang:10000", "--json"})
          .One();
  const std::string name = created.value("name", "");
  ASSERT_FALSE(name.empty()) << created;
  // The order's credits as the orders service returns them: both kinds, with their shares.
  ov1::GetOrderRequest get;
  get.set_name(name);
  ov1::Order order;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &order).ok());
  // (orders lists them by rep).
  ASSERT_EQ(order.sales_credits_size(), 3) << order.ShortDebugString();
  std::map<std::string, std::pair<int, ov1::SalesCreditKind>> credits;
  for (const ov1::SalesCredit& c : order.sales_credits()) {
    credits[c.rep()] = {c.revenue_share_bp(), c.kind()};
  }
  using Credit = std::pair<int, ov1::SalesCreditKind>;
  EXPECT_EQ(credits["reps/li"], Credit(6000, ov1::SALES_CREDIT_KIND_REVENUE));
  EXPECT_EQ(credits["reps/zhang"], Credit(4000, ov1::SALES_CREDIT_KIND_REVENUE));
  EXPECT_EQ(credits["reps/wang"], Credit(10000, ov1::SALES_CREDIT_KIND_OVERLAY));
  ASSERT_EQ(created["salesCredits"].size(), 3u) << created;
  for (const json& c : created["salesCredits"]) {
    EXPECT_EQ(c["kind"],
              c["rep"] == "reps/wang" ? "SALES_CREDIT_KIND_OVERLAY" : "SALES_CREDIT_KIND_REVENUE")
        << c;
  }
  // A share without its basis points is a usage error naming the flag.
  ExpectUsage(
      {"orders", "create", "--customer", customer_, "--channel", "store", "--region", "north",
       "--line", tea + ":1", "--credit", "reps/li:10000", "--overlay", "reps/wang"},
      "--overlay");

  // Completed, the order credits Li 120.00, Zhang 80.00 and Wang 200.00 of overlay, which
  // East's total leaves out: 120.00 + 80.00 = 200.00.
  Complete(Deliver(name).name());
  WaitForCredits(3);
  if (HasFatalFailure()) return;
  const std::vector<json> wang =
      Ok({"credits", "list", "--rep", "reps/wang", "--period", period_, "--json"}).Lines();
  ASSERT_EQ(wang.size(), 1u);
  EXPECT_EQ(wang[0]["kind"], "CREDIT_KIND_OVERLAY");
  EXPECT_EQ(wang[0]["revenue"], "20000");
  EXPECT_EQ(
      Ok({"credits", "totals", "--owner", east, "--period", period_, "--json"}).One()["revenue"],
      "20000");

  // -q prints one id a line, as for teams and reps: the owner of each attainment, the rep of
  // each leaderboard row (by revenue, overlay included: Wang 200.00, Li 120.00, Zhang 80.00).
  EXPECT_EQ(Ok({"attainment", "get", "--owner", "reps/li", "--period", period_, "-q"}).OutLines(),
            std::vector<std::string>{"reps/li"});
  EXPECT_EQ(Ok({"attainment", "get", "--owner", east, "--period", period_, "-q"}).OutLines(),
            std::vector<std::string>{east});
  EXPECT_EQ(Ok({"attainment", "list", "--period", period_, "--team", east, "-q"}).OutLines(),
            (std::vector<std::string>{"reps/li", "reps/zhang", "reps/wang"}));
  EXPECT_EQ(Ok({"leaderboard", "--by", "revenue", "--period", period_, "-q"}).OutLines(),
            (std::vector<std::string>{"reps/wang", "reps/li", "reps/zhang"}));
  EXPECT_EQ(
      Ok({"leaderboard", "--by", "revenue", "--period", period_, "--limit", "1", "-q"}).OutLines(),
      std::vector<std::string>{"reps/wang"});
}

}  // namespace
}  // namespace sales::testing
