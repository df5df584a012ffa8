#include "services/incentives/src/domain/target.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

TEST(TargetSplitTest, WeightsByLargestRemainderTiesToTheEarlierPart) {
  // 10,000.00 in three equal parts: 3,333.33 each and one fen left, to the first part.
  EXPECT_EQ(*SplitByWeights("parts", 1000000, {1, 1, 1}),
            (std::vector<int64_t>{333334, 333333, 333333}));
  // 10 by 1:2:4 (sum 7): exact 1.43, 2.86, 5.71; floors 1, 2, 5 leave 2, which go to the
  // largest remainders 6/7 and 5/7.
  EXPECT_EQ(*SplitByWeights("parts", 10, {1, 2, 4}), (std::vector<int64_t>{1, 3, 6}));
  EXPECT_EQ(*SplitByWeights("parts", 100, {3, 3, 4}), (std::vector<int64_t>{30, 30, 40}));
  // A zero weight gets nothing.
  EXPECT_EQ(*SplitByWeights("parts", 7, {0, 1, 1}), (std::vector<int64_t>{0, 4, 3}));
}

TEST(TargetSplitTest, WeightsRefusedNamingTheField) {
  EXPECT_EQ(SplitByWeights("parts", 10, {0, 0}).status().message(),
            "parts: at least one part must have a positive weight");
  EXPECT_EQ(SplitByWeights("parts", 10, {1, -1}).status().message(),
            "parts[1].weight: must be 0 to 2^40");
}

TEST(TargetSplitTest, MonthsByDistributionInBasisPoints) {
  EXPECT_EQ(*SplitOverMonths("parts", 1000000, {3000, 3000, 4000}),
            (std::vector<int64_t>{300000, 300000, 400000}));
  // 1001 by 33.33%, 33.33%, 33.34%: 333.63, 333.63, 333.73; floors 999 leave 2: first to
  // the third month (0.7334), then to the first of the two equal 0.6333.
  EXPECT_EQ(*SplitOverMonths("parts", 1001, {3333, 3333, 3334}),
            (std::vector<int64_t>{334, 333, 334}));
}

TEST(TargetSplitTest, DistributionMustAddUpTo10000) {
  const absl::Status status = SplitOverMonths("parts", 1000, {3333, 3333, 3333}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "parts: month weights must add up to 10000 basis points, they add up to 9999");
  EXPECT_EQ(SplitOverMonths("parts", 1000, {10001, 0, 0}).status().message(),
            "parts[0].weight: must be 0-10000 basis points");
}

TEST(TargetSumTest, NamesTheNodeThePeriodAndTheGap) {
  const TargetNode team{Owner{OwnerKind::kTeam, 3, ""}, *ParsePeriod("p", "2026-10"),
                        Metric::kRevenue, 1000000};
  EXPECT_TRUE(CheckChildrenSum(team, {600000, 400000}, 2).ok());
  const absl::Status short_by = CheckChildrenSum(team, {500000, 450000}, 2);
  EXPECT_EQ(short_by.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(short_by.message(),
            "teams/3 month 2026-10: children sum 9,500.00, target 10,000.00, short by 500.00");

  const TargetNode company{Owner{}, *ParsePeriod("p", "2026"), Metric::kUnits, 1200};
  EXPECT_EQ(CheckChildrenSum(company, {700, 600}, 2).message(),
            "company year 2026: children sum 1,300, target 1,200, over by 100");

  const TargetNode rep{Owner{OwnerKind::kRep, 0, "r-1"}, *ParsePeriod("p", "2026-Q4"),
                       Metric::kGrossMargin, 123456789};
  EXPECT_EQ(CheckChildrenSum(rep, {123456700}, 0).message(),
            "reps/r-1 quarter 2026-Q4: children sum 123,456,700, target 123,456,789, short by 89");
}

TEST(TargetOwnerTest, ParsesAndNamesOwners) {
  EXPECT_EQ(ParseOwner("owner", "company")->Name(), "company");
  EXPECT_EQ(ParseOwner("owner", "teams/12")->team, 12);
  EXPECT_EQ(ParseOwner("owner", "reps/r-1")->Key(), "r-1");
  EXPECT_EQ(OwnerFromKey(OwnerKind::kTeam, "12"), *ParseOwner("owner", "teams/12"));
  EXPECT_EQ(ParseOwner("target.owner", "teams/0").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseOwner("target.owner", "staff/1").status().message(),
            "target.owner: must be company, teams/{id} or reps/{id}");
  EXPECT_EQ(ParseOwner("target.owner", "").status().message(), "target.owner: is required");
}

TEST(TargetFreezeTest, APeriodIsFrozenOnceItsLastMonthIsLocked) {
  const Period january{PeriodKind::kMonth, 2026, 1};
  const Period march{PeriodKind::kMonth, 2026, 3};
  const Period q1{PeriodKind::kQuarter, 2026, 1};
  const Period year{PeriodKind::kYear, 2026, 0};
  const std::vector<Period> through_january{january};
  EXPECT_TRUE(CheckNotFrozen("target.amount", "targets/1", q1, through_january).ok());
  EXPECT_TRUE(CheckNotFrozen("target.amount", "targets/1", march, through_january).ok());
  const absl::Status month = CheckNotFrozen("target.amount", "targets/2", january, through_january);
  EXPECT_EQ(month.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(month.message(),
            "target.amount: targets/2 is frozen: 2026-01 is locked; a locked period's targets do "
            "not change");
  const std::vector<Period> through_march{january, {PeriodKind::kMonth, 2026, 2}, march};
  EXPECT_EQ(CheckNotFrozen("name", "targets/3", q1, through_march).message(),
            "name: targets/3 is frozen: 2026-Q1 closed when its last month 2026-03 was locked; a "
            "locked period's targets do not change");
  EXPECT_TRUE(CheckNotFrozen("name", "targets/4", year, through_march).ok());
}

}  // namespace
}  // namespace sales::incentives::domain
