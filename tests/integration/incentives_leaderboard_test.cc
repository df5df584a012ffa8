// Leaderboards, attainment and honours over gRPC against MariaDB, from a fake orders feed
// served by this test (so that the credits fall on known past days): September 2026 in
// Asia/Shanghai, a rep who moves team mid-month, a partial return, ties at the top. Every
// figure below is computed by hand in the comments.
#include "tests/harness/query_int.h"
#include "tests/integration/incentives_feed_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesLeaderboardTest : public IncentivesFeedTest {
 protected:
  // North (with sub-team North-A) and South. Rep a is in North-A until 09-15 and in South
  // from 09-16; b in North-A; c and d in South. September: a 1,000.00 on 09-10 (North-A)
  // and 500.00 on 09-20 (South), 100.00 of which comes back on 09-21 (South); b and c share
  // 3,000.00 half and half on 09-12; d 1,500.00 on 09-25. Rep revenue: a 1,400.00, b, c and
  // d 1,500.00 each. Teams: North-A 1,000.00 + 1,500.00 = 2,500.00 (North the same),
  // South 500.00 - 100.00 + 1,500.00 + 1,500.00 = 3,400.00; the company 5,900.00.
  void Organise() {
    north_ = NewTeam("North");
    north_a_ = NewTeam("North-A", north_);
    south_ = NewTeam("South");
    NewRep("a", north_a_, "2026-01-01");
    ASSERT_TRUE(MoveRep("reps/a", south_, "2026-09-16").ok());
    NewRep("b", north_a_, "2026-01-01");
    NewRep("c", south_, "2026-01-01");
    NewRep("d", south_, "2026-01-01");
    feed_.Add(Completed("orders/1", Noon(9, 10), 100000, {{"reps/a", 10000}}));
    feed_.Add(Completed("orders/2", Noon(9, 20), 50000, {{"reps/a", 10000}}));
    feed_.Add(Returned("returns/1", "orders/2", Noon(9, 21), 10000));
    feed_.Add(Completed("orders/3", Noon(9, 12), 300000, {{"reps/b", 5000}, {"reps/c", 5000}}));
    feed_.Add(Completed("orders/4", Noon(9, 25), 150000, {{"reps/d", 10000}}));
    AwaitFeed();
  }

  iv1::Attainment Attainment(const std::string& owner, const std::string& period,
                             iv1::Metric metric = iv1::METRIC_REVENUE) {
    return GetAttainment(*stub_, owner, period, metric);
  }

  iv1::Leaderboard Board(iv1::LeaderboardMeasure by, const std::string& team = "",
                         int page_size = 0, const std::string& token = "") {
    return GetLeaderboard(*stub_, "2026-09", by, team, page_size, token);
  }

  grpc::Status Close(const std::string& period, iv1::CloseHonoursResponse* out,
                     const std::string& request_id = "") {
    iv1::CloseHonoursRequest req;
    req.set_period(period);
    req.set_request_id(request_id);
    return stub_->CloseHonours(Ctx().get(), req, out);
  }

  std::vector<iv1::Honour> Honours(const std::function<void(iv1::ListHonoursRequest&)>& filter) {
    iv1::ListHonoursRequest req;
    filter(req);
    iv1::ListHonoursResponse out;
    const grpc::Status status = stub_->ListHonours(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {out.honours().begin(), out.honours().end()};
  }

  static std::vector<std::tuple<std::string, int, int64_t>> Rows(const iv1::Leaderboard& board) {
    std::vector<std::tuple<std::string, int, int64_t>> rows;
    for (const iv1::LeaderboardRow& row : board.rows()) {
      rows.emplace_back(row.rep(), row.rank(), row.figure());
    }
    return rows;
  }

  std::string north_, north_a_, south_;
};

using RowList = std::vector<std::tuple<std::string, int, int64_t>>;

TEST_F(IncentivesLeaderboardTest, TeamAttainmentRollsUpAndSplitsAMidMonthMove) {
  Organise();
  NewTarget(iv1::METRIC_REVENUE, "2026-09", north_, 400000);
  NewTarget(iv1::METRIC_REVENUE, "2026-09", "reps/a", 300000);
  // North: 2,500.00 of 4,000.00 = 6250 bp, 1,500.00 to go; September is over (30 of 30
  // days), so the pace is the actual.
  const iv1::Attainment north = Attainment(north_, "2026-09");
  EXPECT_EQ(north.actual(), 250000);
  EXPECT_EQ(north.target_amount(), 400000);
  EXPECT_EQ(north.attainment_bp(), 6250);
  EXPECT_EQ(north.gap(), 150000);
  EXPECT_EQ(north.period_days(), 30);
  EXPECT_EQ(north.days_elapsed(), 30);
  EXPECT_EQ(north.days_remaining(), 0);
  EXPECT_EQ(north.projected(), 250000);
  EXPECT_EQ(north.currency_code(), "CNY");
  EXPECT_EQ(Attainment(north_a_, "2026-09").actual(), 250000);
  const iv1::Attainment south = Attainment(south_, "2026-09");
  EXPECT_EQ(south.actual(), 340000);  // a's 500.00 - 100.00 after the move
  EXPECT_FALSE(south.has_target());
  EXPECT_FALSE(south.has_ratio());
  EXPECT_EQ(Attainment("company", "2026-09").actual(), 590000);
  EXPECT_EQ(Attainment("company", "2026-Q3").actual(), 590000);
  // a: 1,400.00 of 3,000.00 = 4666.67 -> 4667 bp.
  const iv1::Attainment a = Attainment("reps/a", "2026-09");
  EXPECT_EQ(a.actual(), 140000);
  EXPECT_EQ(a.attainment_bp(), 4667);
  EXPECT_EQ(a.credit_count(), 3);
  EXPECT_EQ(Attainment("reps/a", "2026-09", iv1::METRIC_UNITS).actual(), 2);
  EXPECT_EQ(Attainment("reps/a", "2026-08").actual(), 0);

  iv1::ListAttainmentRequest list;
  list.set_period("2026-09");
  list.set_team(north_);
  list.set_metric(iv1::METRIC_REVENUE);
  iv1::ListAttainmentResponse listed;
  ASSERT_TRUE(stub_->ListAttainment(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.attainments_size(), 2);  // a (in North-A until 09-15) and b
  EXPECT_EQ(listed.attainments(0).owner(), "reps/a");
  EXPECT_EQ(listed.attainments(0).actual(), 140000);
  EXPECT_EQ(listed.attainments(1).owner(), "reps/b");
  EXPECT_EQ(listed.attainments(1).actual(), 150000);
  list.set_team("");
  list.set_page_size(3);
  ASSERT_TRUE(stub_->ListAttainment(Ctx().get(), list, &listed).ok());
  EXPECT_EQ(listed.attainments_size(), 3);
  list.set_page_token(listed.next_page_token());
  ASSERT_TRUE(stub_->ListAttainment(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.attainments_size(), 1);
  EXPECT_EQ(listed.attainments(0).owner(), "reps/d");
  EXPECT_EQ(listed.next_page_token(), "");
}

TEST_F(IncentivesLeaderboardTest, LeaderboardsRankWithTiesStated) {
  Organise();
  // Revenue: b, c and d tie at 1,500.00 (1, 1, 1), a is 4th.
  const iv1::Leaderboard revenue = Board(iv1::LEADERBOARD_MEASURE_REVENUE);
  EXPECT_EQ(Rows(revenue), (RowList{{"reps/b", 1, 150000},
                                    {"reps/c", 1, 150000},
                                    {"reps/d", 1, 150000},
                                    {"reps/a", 4, 140000}}));
  EXPECT_TRUE(revenue.rows(0).tied());
  EXPECT_FALSE(revenue.rows(3).tied());
  EXPECT_EQ(revenue.rows(3).team(), south_);  // a's team at the end of the month
  EXPECT_EQ(revenue.total_reps(), 4);
  // Pages of 2 keep the ranking.
  const iv1::Leaderboard first = Board(iv1::LEADERBOARD_MEASURE_REVENUE, "", 2);
  ASSERT_EQ(first.rows_size(), 2);
  const iv1::Leaderboard second =
      Board(iv1::LEADERBOARD_MEASURE_REVENUE, "", 2, first.next_page_token());
  EXPECT_EQ(Rows(second), (RowList{{"reps/d", 1, 150000}, {"reps/a", 4, 140000}}));
  EXPECT_EQ(second.next_page_token(), "");
  // North's board: a (in North-A until 09-15, its team there) and b.
  const iv1::Leaderboard north = Board(iv1::LEADERBOARD_MEASURE_REVENUE, north_);
  EXPECT_EQ(Rows(north), (RowList{{"reps/b", 1, 150000}, {"reps/a", 2, 140000}}));
  EXPECT_EQ(north.rows(1).team(), north_a_);

  // Attainment: a 1,400.00 / 1,000.00 = 14000 bp, c 1,500.00 / 1,500.00 = 10000,
  // b 1,500.00 / 3,000.00 = 5000; d has no target: listed last, unranked.
  NewTarget(iv1::METRIC_REVENUE, "2026-09", "reps/a", 100000);
  NewTarget(iv1::METRIC_REVENUE, "2026-09", "reps/b", 300000);
  const iv1::Target c_target = NewTarget(iv1::METRIC_REVENUE, "2026-09", "reps/c", 150000);
  const iv1::Leaderboard attainment = Board(iv1::LEADERBOARD_MEASURE_ATTAINMENT);
  EXPECT_EQ(
      Rows(attainment),
      (RowList{{"reps/a", 1, 14000}, {"reps/c", 2, 10000}, {"reps/b", 3, 5000}, {"reps/d", 0, 0}}));
  EXPECT_EQ(attainment.rows(1).target(), c_target.name());
  EXPECT_EQ(attainment.rows(1).target_amount(), 150000);
  EXPECT_EQ(attainment.rows(1).actual(), 150000);
  EXPECT_EQ(attainment.rows(3).target(), "");
}

TEST_F(IncentivesLeaderboardTest, HonoursAreRecordedOnceWithTiesAndNeverRewritten) {
  Organise();
  // Sales stars of September: b, c and d tie at 1,500.00.
  iv1::CloseHonoursResponse september;
  ASSERT_TRUE(Close("2026-09", &september, "close-sep").ok());
  EXPECT_FALSE(september.already_closed());
  ASSERT_EQ(september.honours_size(), 3);
  for (int i = 0; i < 3; ++i) {
    const iv1::Honour& h = september.honours(i);
    EXPECT_EQ(h.kind(), iv1::HONOUR_KIND_SALES_STAR_OF_THE_MONTH);
    EXPECT_EQ(h.period(), "2026-09");
    EXPECT_EQ(h.figure(), 150000);
    EXPECT_TRUE(h.tied());
  }
  EXPECT_EQ(september.honours(0).rep(), "reps/b");
  EXPECT_EQ(september.honours(0).team(), north_a_);
  EXPECT_EQ(september.honours(2).rep(), "reps/d");
  EXPECT_EQ(september.honours(2).team(), south_);
  // A retry with the request_id answers the same.
  iv1::CloseHonoursResponse retried;
  ASSERT_TRUE(Close("2026-09", &retried, "close-sep").ok());
  EXPECT_EQ(retried.SerializeAsString(), september.SerializeAsString());

  // A late credit for September (d completes another order dated 09-30) arrives after the
  // close: d would now lead alone, but the recorded honours stay as they were.
  feed_.Add(Completed("orders/5", Noon(9, 30), 1000, {{"reps/d", 10000}}));
  AwaitFeed();
  EXPECT_EQ(Attainment("reps/d", "2026-09").actual(), 151000);
  iv1::CloseHonoursResponse again;
  ASSERT_TRUE(Close("2026-09", &again).ok());
  EXPECT_TRUE(again.already_closed());
  ASSERT_EQ(again.honours_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(again.honours(i).name(), september.honours(i).name());
    EXPECT_EQ(again.honours(i).figure(), 150000);
  }
  db::ConnectionPool pool(schema_->db_config());
  EXPECT_EQ(QueryInt(pool, "SELECT COUNT(*) FROM honours"), 3);

  // Best team of Q3: North 2,500.00 / 5,000.00 and South 3,410.00 / 6,820.00 are both
  // 5000 bp, exactly: both are honoured.
  NewTarget(iv1::METRIC_REVENUE, "2026-Q3", north_, 500000);
  NewTarget(iv1::METRIC_REVENUE, "2026-Q3", south_, 682000);  // South has d's late 10.00 too
  iv1::CloseHonoursResponse quarter;
  ASSERT_TRUE(Close("2026-Q3", &quarter).ok());
  ASSERT_EQ(quarter.honours_size(), 2);
  EXPECT_EQ(quarter.honours(0).kind(), iv1::HONOUR_KIND_BEST_TEAM_OF_THE_QUARTER);
  EXPECT_EQ(quarter.honours(0).team(), north_);
  EXPECT_EQ(quarter.honours(1).team(), south_);
  EXPECT_EQ(quarter.honours(0).figure(), 5000);
  EXPECT_EQ(quarter.honours(1).actual(), 341000);
  EXPECT_EQ(quarter.honours(1).target_amount(), 682000);
  EXPECT_TRUE(quarter.honours(0).tied());

  EXPECT_EQ(Honours([](iv1::ListHonoursRequest&) {}).size(), 5u);
  EXPECT_EQ(Honours([](iv1::ListHonoursRequest& r) { r.set_period("2026-Q3"); }).size(), 2u);
  EXPECT_EQ(Honours([](iv1::ListHonoursRequest& r) { r.set_rep("reps/c"); }).size(), 1u);
  // South: c's and d's stars (their team) and the quarter's.
  EXPECT_EQ(Honours([&](iv1::ListHonoursRequest& r) { r.set_team(south_); }).size(), 3u);
}

TEST_F(IncentivesLeaderboardTest, BadInputIsRefusedNamingTheField) {
  iv1::CloseHonoursResponse closed;
  EXPECT_RPC_ERROR(Close("2026", &closed), StatusCode::INVALID_ARGUMENT, "period");
  EXPECT_RPC_ERROR(Close("2026-13", &closed), StatusCode::INVALID_ARGUMENT, "period");
  // This month has not ended in Shanghai yet.
  const std::string this_month = absl::FormatTime("%Y-%m", absl::Now(), Shanghai());
  EXPECT_EQ(Close(this_month, &closed).error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_RPC_ERROR(Close("2026-09", &closed, std::string(65, 'x')), StatusCode::INVALID_ARGUMENT,
                   "request_id");

  iv1::GetAttainmentRequest get;
  iv1::Attainment attainment;
  get.set_owner("everyone");
  get.set_period("2026-09");
  get.set_metric(iv1::METRIC_REVENUE);
  EXPECT_RPC_ERROR(stub_->GetAttainment(Ctx().get(), get, &attainment),
                   StatusCode::INVALID_ARGUMENT, "owner");
  get.set_owner("company");
  get.set_period("2026-9");
  EXPECT_RPC_ERROR(stub_->GetAttainment(Ctx().get(), get, &attainment),
                   StatusCode::INVALID_ARGUMENT, "period");
  get.set_period("2026-09");
  get.set_metric(iv1::METRIC_NEW_CUSTOMERS);
  EXPECT_RPC_ERROR(stub_->GetAttainment(Ctx().get(), get, &attainment),
                   StatusCode::INVALID_ARGUMENT, "metric");
  get.set_metric(iv1::METRIC_UNSPECIFIED);
  EXPECT_RPC_ERROR(stub_->GetAttainment(Ctx().get(), get, &attainment),
                   StatusCode::INVALID_ARGUMENT, "metric");
  get.set_metric(iv1::METRIC_REVENUE);
  get.set_owner("teams/999");
  EXPECT_EQ(stub_->GetAttainment(Ctx().get(), get, &attainment).error_code(),
            StatusCode::NOT_FOUND);

  iv1::GetLeaderboardRequest board;
  iv1::Leaderboard out;
  board.set_period("2026-09");
  EXPECT_RPC_ERROR(stub_->GetLeaderboard(Ctx().get(), board, &out), StatusCode::INVALID_ARGUMENT,
                   "by");
  board.set_by(iv1::LEADERBOARD_MEASURE_REVENUE);
  board.set_team("north");
  EXPECT_RPC_ERROR(stub_->GetLeaderboard(Ctx().get(), board, &out), StatusCode::INVALID_ARGUMENT,
                   "team");
  board.set_team("");
  board.set_page_size(-1);
  EXPECT_RPC_ERROR(stub_->GetLeaderboard(Ctx().get(), board, &out), StatusCode::INVALID_ARGUMENT,
                   "page_size");

  iv1::ListHonoursRequest list;
  iv1::ListHonoursResponse honours;
  list.set_rep("c");
  EXPECT_RPC_ERROR(stub_->ListHonours(Ctx().get(), list, &honours), StatusCode::INVALID_ARGUMENT,
                   "rep");

  iv1::WatchAttainmentRequest watch;
  watch.set_owner("company");
  watch.set_period("soon");
  watch.set_metric(iv1::METRIC_REVENUE);
  auto ctx = Ctx();
  auto reader = stub_->WatchAttainment(ctx.get(), watch);
  iv1::Attainment first;
  EXPECT_FALSE(reader->Read(&first));
  EXPECT_RPC_ERROR(reader->Finish(), StatusCode::INVALID_ARGUMENT, "period");
}

}  // namespace
}  // namespace sales::testing
