// Teams, reps and membership over gRPC against a real MariaDB: the tree refuses cycles,
// membership moves split a month between teams, reads answer "which team on day D" and
// "who was in team T during P", and bad input is refused naming the field.
#include "tests/integration/incentives_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

TEST_F(IncentivesTest, TeamTreeRefusesAMoveUnderItsOwnDescendant) {
  const std::string sales = NewTeam("Sales");
  const std::string east = NewTeam("East", sales);
  const std::string shanghai = NewTeam("Shanghai", east);
  const std::string west = NewTeam("West", sales);

  iv1::UpdateTeamRequest move;
  move.mutable_team()->set_name(sales);
  move.mutable_team()->set_parent(shanghai);
  move.mutable_update_mask()->add_paths("parent");
  iv1::Team out;
  const grpc::Status refused = stub_->UpdateTeam(Ctx().get(), move, &out);
  EXPECT_RPC_ERROR(refused, StatusCode::FAILED_PRECONDITION, "parent");
  EXPECT_NE(refused.error_message().find(shanghai + " is a descendant of " + sales),
            std::string::npos)
      << refused.error_message();

  // Shanghai moves from East to West, with nothing else changing.
  move.mutable_team()->set_name(shanghai);
  move.mutable_team()->set_parent(west);
  ASSERT_TRUE(stub_->UpdateTeam(Ctx().get(), move, &out).ok());
  EXPECT_EQ(out.parent(), west);
  EXPECT_EQ(out.display_name(), "Shanghai");

  iv1::ListTeamsRequest children;
  children.set_parent(west);
  iv1::ListTeamsResponse listed;
  ASSERT_TRUE(stub_->ListTeams(Ctx().get(), children, &listed).ok());
  ASSERT_EQ(listed.teams_size(), 1);
  EXPECT_EQ(listed.teams(0).name(), shanghai);

  // And back to the top level.
  move.mutable_team()->set_parent("");
  ASSERT_TRUE(stub_->UpdateTeam(Ctx().get(), move, &out).ok());
  EXPECT_EQ(out.parent(), "");

  move.mutable_team()->set_name(east);
  move.mutable_team()->set_parent(east);
  EXPECT_RPC_ERROR(stub_->UpdateTeam(Ctx().get(), move, &out), StatusCode::FAILED_PRECONDITION,
                   "parent");
}

TEST_F(IncentivesTest, TeamsAreCreatedOnceByRequestIdAndListedByPage) {
  iv1::CreateTeamRequest req;
  req.mutable_team()->set_display_name("North");
  req.set_request_id("team-north-1");
  iv1::Team first, again;
  ASSERT_TRUE(stub_->CreateTeam(Ctx().get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateTeam(Ctx().get(), req, &again).ok());
  EXPECT_EQ(first.name(), again.name());
  req.mutable_team()->set_display_name("South");
  EXPECT_RPC_ERROR(stub_->CreateTeam(Ctx().get(), req, &again), StatusCode::INVALID_ARGUMENT,
                   "request_id");

  NewTeam("South");
  NewTeam("West");
  iv1::ListTeamsRequest list;
  list.set_page_size(2);
  iv1::ListTeamsResponse page1, page2;
  ASSERT_TRUE(stub_->ListTeams(Ctx().get(), list, &page1).ok());
  ASSERT_EQ(page1.teams_size(), 2);
  EXPECT_EQ(page1.teams(0).name(), first.name());
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(stub_->ListTeams(Ctx().get(), list, &page2).ok());
  ASSERT_EQ(page2.teams_size(), 1);
  EXPECT_EQ(page2.teams(0).display_name(), "West");
  EXPECT_TRUE(page2.next_page_token().empty());

  list.set_page_size(-1);
  EXPECT_RPC_ERROR(stub_->ListTeams(Ctx().get(), list, &page2), StatusCode::INVALID_ARGUMENT,
                   "page_size");
}

TEST_F(IncentivesTest, BadTeamInputIsRefusedNamingTheField) {
  iv1::CreateTeamRequest req;
  iv1::Team out;
  req.mutable_team()->set_display_name("   ");
  EXPECT_RPC_ERROR(stub_->CreateTeam(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "team.display_name");
  req.mutable_team()->set_display_name("East");
  req.mutable_team()->set_parent("teams/x");
  EXPECT_RPC_ERROR(stub_->CreateTeam(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "team.parent");
  req.mutable_team()->set_parent("teams/99");
  EXPECT_RPC_ERROR(stub_->CreateTeam(Ctx().get(), req, &out), StatusCode::NOT_FOUND, "team.parent");
  iv1::GetTeamRequest get;
  get.set_name("teams/99");
  EXPECT_RPC_ERROR(stub_->GetTeam(Ctx().get(), get, &out), StatusCode::NOT_FOUND, "teams/99");

  iv1::UpdateTeamRequest update;
  update.mutable_team()->set_name(NewTeam("East"));
  update.mutable_update_mask()->add_paths("create_time");
  EXPECT_RPC_ERROR(stub_->UpdateTeam(Ctx().get(), update, &out), StatusCode::INVALID_ARGUMENT,
                   "update_mask");
}

TEST_F(IncentivesTest, AMoveMidMonthSplitsTheMonthBetweenTeams) {
  const std::string east = NewTeam("East");
  const std::string west = NewTeam("West");
  const iv1::Rep li = NewRep("li-wei", east, "2026-01-01");
  EXPECT_EQ(li.name(), "reps/li-wei");
  NewRep("zhang-min", east, "2026-10-01");
  NewRep("wang-fang");  // in no team yet

  // Li Wei moves to West from 16 October: 15 October days in East, 16 in West.
  iv1::Rep moved;
  ASSERT_TRUE(MoveRep("reps/li-wei", west, "2026-10-16", &moved).ok());

  iv1::FindRepTeamRequest find;
  find.set_rep("reps/li-wei");
  iv1::Membership on;
  find.set_day("2026-10-15");
  ASSERT_TRUE(stub_->FindRepTeam(Ctx().get(), find, &on).ok());
  EXPECT_EQ(on.team(), east);
  EXPECT_EQ(on.first_day(), "2026-01-01");
  EXPECT_EQ(on.last_day(), "2026-10-15");
  find.set_day("2026-10-16");
  ASSERT_TRUE(stub_->FindRepTeam(Ctx().get(), find, &on).ok());
  EXPECT_EQ(on.team(), west);
  EXPECT_EQ(on.last_day(), "");
  find.set_day("2025-12-31");
  EXPECT_RPC_ERROR(stub_->FindRepTeam(Ctx().get(), find, &on), StatusCode::NOT_FOUND,
                   "reps/li-wei");

  iv1::ListTeamMembersRequest members;
  members.set_team(east);
  members.set_period("2026-10");
  iv1::ListTeamMembersResponse east_october;
  ASSERT_TRUE(stub_->ListTeamMembers(Ctx().get(), members, &east_october).ok());
  EXPECT_EQ(east_october.period_days(), 31);
  ASSERT_EQ(east_october.members_size(), 2);
  EXPECT_EQ(east_october.members(0).rep(), "reps/li-wei");
  EXPECT_EQ(east_october.members(0).days(), 15);
  ASSERT_EQ(east_october.members(0).spans_size(), 1);
  EXPECT_EQ(east_october.members(0).spans(0).first_day(), "2026-10-01");  // clipped
  EXPECT_EQ(east_october.members(0).spans(0).last_day(), "2026-10-15");
  EXPECT_EQ(east_october.members(1).rep(), "reps/zhang-min");
  EXPECT_EQ(east_october.members(1).days(), 31);

  members.set_team(west);
  iv1::ListTeamMembersResponse west_october;
  ASSERT_TRUE(stub_->ListTeamMembers(Ctx().get(), members, &west_october).ok());
  ASSERT_EQ(west_october.members_size(), 1);
  EXPECT_EQ(west_october.members(0).days(), 16);

  // Q3: Li Wei was in East all 92 days; Zhang Min joined only in October.
  members.set_team(east);
  members.set_period("2026-Q3");
  iv1::ListTeamMembersResponse east_q3;
  ASSERT_TRUE(stub_->ListTeamMembers(Ctx().get(), members, &east_q3).ok());
  ASSERT_EQ(east_q3.members_size(), 1);
  EXPECT_EQ(east_q3.members(0).days(), 92);

  iv1::ListRepMembershipsRequest history;
  history.set_rep("reps/li-wei");
  iv1::ListRepMembershipsResponse spans;
  ASSERT_TRUE(stub_->ListRepMemberships(Ctx().get(), history, &spans).ok());
  ASSERT_EQ(spans.memberships_size(), 2);
  EXPECT_EQ(spans.memberships(0).team(), east);
  EXPECT_EQ(spans.memberships(1).team(), west);
  EXPECT_EQ(spans.memberships(1).first_day(), "2026-10-16");

  // History is not rewritten: a move before the current span's first day is refused.
  EXPECT_RPC_ERROR(MoveRep("reps/li-wei", east, "2026-10-10"), StatusCode::FAILED_PRECONDITION,
                   "effective_day");
  // Moving to the team the rep is in changes nothing.
  ASSERT_TRUE(MoveRep("reps/li-wei", west, "2026-11-01").ok());
  ASSERT_TRUE(stub_->ListRepMemberships(Ctx().get(), history, &spans).ok());
  EXPECT_EQ(spans.memberships_size(), 2);
}

TEST_F(IncentivesTest, RepsAreListedWithTheirTeamOfToday) {
  const std::string east = NewTeam("East");
  const iv1::Rep li = NewRep("li-wei", east, "2020-01-01");
  EXPECT_EQ(li.team(), east);
  EXPECT_EQ(li.team_since(), "2020-01-01");
  // Joins a team only in the far future: in no team today.
  const iv1::Rep later = NewRep("later", east, "2999-01-01");
  EXPECT_EQ(later.team(), "");

  iv1::ListRepsRequest list;
  list.set_team(east);
  iv1::ListRepsResponse out;
  ASSERT_TRUE(stub_->ListReps(Ctx().get(), list, &out).ok());
  ASSERT_EQ(out.reps_size(), 1);
  EXPECT_EQ(out.reps(0).name(), "reps/li-wei");
  EXPECT_EQ(out.reps(0).team(), east);

  list.clear_team();
  ASSERT_TRUE(stub_->ListReps(Ctx().get(), list, &out).ok());
  EXPECT_EQ(out.reps_size(), 2);

  iv1::UpdateRepRequest rename;
  rename.mutable_rep()->set_name("reps/li-wei");
  rename.mutable_rep()->set_display_name("李伟");
  rename.mutable_update_mask()->add_paths("display_name");
  iv1::Rep renamed;
  ASSERT_TRUE(stub_->UpdateRep(Ctx().get(), rename, &renamed).ok());
  EXPECT_EQ(renamed.display_name(), "李伟");
  EXPECT_EQ(renamed.team(), east);
}

TEST_F(IncentivesTest, BadRepInputIsRefusedNamingTheField) {
  const std::string east = NewTeam("East");
  NewRep("li-wei");
  iv1::CreateRepRequest req;
  iv1::Rep out;
  req.mutable_rep()->set_display_name("Li");
  req.mutable_rep()->set_name("rep/li");
  EXPECT_RPC_ERROR(stub_->CreateRep(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "rep.name");
  req.mutable_rep()->set_name("reps/li-wei");
  EXPECT_RPC_ERROR(stub_->CreateRep(Ctx().get(), req, &out), StatusCode::ALREADY_EXISTS,
                   "rep.name");
  req.mutable_rep()->set_name("reps/li-2");
  req.set_team(east);
  EXPECT_RPC_ERROR(stub_->CreateRep(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "effective_day");
  req.set_effective_day("2026-02-30");
  EXPECT_RPC_ERROR(stub_->CreateRep(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "effective_day");
  req.set_effective_day("2026-02-28");
  req.set_team("teams/77");
  EXPECT_RPC_ERROR(stub_->CreateRep(Ctx().get(), req, &out), StatusCode::NOT_FOUND, "team");

  EXPECT_RPC_ERROR(MoveRep("reps/nobody", east, "2026-01-01"), StatusCode::NOT_FOUND,
                   "reps/nobody");
  EXPECT_RPC_ERROR(MoveRep("reps/li-wei", "teams/77", "2026-01-01"), StatusCode::NOT_FOUND, "team");
  EXPECT_RPC_ERROR(MoveRep("reps/li-wei", east, ""), StatusCode::INVALID_ARGUMENT, "effective_day");

  iv1::ListTeamMembersRequest members;
  members.set_team(east);
  members.set_period("2026-13");
  iv1::ListTeamMembersResponse listed;
  EXPECT_RPC_ERROR(stub_->ListTeamMembers(Ctx().get(), members, &listed),
                   StatusCode::INVALID_ARGUMENT, "period");
}

}  // namespace
}  // namespace sales::testing
