// The table columns of the incentives resources salesctl prints (teams, reps, targets,
// credits, plans, attainment, leaderboards, honours, statements), so that `get`, `list` and
// the answers of changes show a resource the same way.
#pragma once

#include <string>

#include "sales/incentives/v1/incentives_service.pb.h"
#include "tools/salesctl/output.h"

namespace sales::salesctl {

namespace iv1 = ::sales::incentives::v1;

View<iv1::Team> TeamView();
View<iv1::Rep> RepView();
View<iv1::Membership> MembershipView();
View<iv1::Target> TargetView();
View<iv1::Credit> CreditView();
View<iv1::Plan> PlanView();
View<iv1::PlanVersion> PlanVersionView();
View<iv1::PlanAssignment> PlanAssignmentView();
View<iv1::Attainment> AttainmentView();
// Figures are money of `currency_code`, or basis points on an attainment board.
View<iv1::LeaderboardRow> LeaderboardRowView(iv1::LeaderboardMeasure by,
                                             const std::string& currency_code);
View<iv1::Honour> HonourView();
// One row per statement: totals, no lines.
View<iv1::Statement> StatementSummaryView();
View<iv1::StatementLine> StatementLineView(const std::string& currency_code);
View<iv1::LineCredit> LineCreditView(const std::string& currency_code);
View<iv1::WhatIfResult> WhatIfView(const std::string& currency_code);

// "commission commission (marginal, 2 tiers); transport allowance 300.00": what a version's
// components are, in a line.
std::string ComponentsText(const iv1::PlanVersion& version, const std::string& currency_code);

}  // namespace sales::salesctl
