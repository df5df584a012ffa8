#include "services/orders/src/domain/delivery_promise.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::orders::domain {
namespace {

DeliveryRules Shanghai() {
  DeliveryRules rules;
  rules.standard_days = 3;
  absl::LoadTimeZone("Asia/Shanghai", &rules.zone);
  return rules;
}

// 2026-03-10 23:30 in Shanghai is 15:30 UTC: the order's local day is the 10th.
absl::Time LateEvening() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 10, 15, 30, 0), absl::UTCTimeZone());
}

TEST(DeliveryPromiseTest, PromisedDateFollowsTheOptionInTheBusinessTimeZone) {
  const DeliveryRules rules = Shanghai();
  EXPECT_EQ(**PromisedDate("order.delivery", DeliveryOption::kStandard, LateEvening(), std::nullopt,
                           rules),
            absl::CivilDay(2026, 3, 13));
  EXPECT_EQ(**PromisedDate("order.delivery", DeliveryOption::kNextDay, LateEvening(), std::nullopt,
                           rules),
            absl::CivilDay(2026, 3, 11));
  // In UTC the same instant is still the 10th; 30 minutes later it is the 11th in Shanghai.
  EXPECT_EQ(**PromisedDate("order.delivery", DeliveryOption::kNextDay,
                           LateEvening() + absl::Minutes(31), std::nullopt, rules),
            absl::CivilDay(2026, 3, 12));
  EXPECT_EQ(**PromisedDate("order.delivery", DeliveryOption::kScheduled, LateEvening(),
                           absl::CivilDay(2026, 3, 20), rules),
            absl::CivilDay(2026, 3, 20));
  EXPECT_FALSE(
      PromisedDate("order.delivery", DeliveryOption::kNone, LateEvening(), std::nullopt, rules)
          ->has_value());
}

TEST(DeliveryPromiseTest, BadScheduledDatesAreRefusedNamingTheField) {
  const DeliveryRules rules = Shanghai();
  for (const auto& [option, day] :
       std::vector<std::pair<DeliveryOption, std::optional<absl::CivilDay>>>{
           {DeliveryOption::kScheduled, std::nullopt},
           {DeliveryOption::kScheduled, absl::CivilDay(2026, 3, 10)},
           {DeliveryOption::kScheduled, absl::CivilDay(2028, 3, 10)},
           {DeliveryOption::kStandard, absl::CivilDay(2026, 3, 20)}}) {
    const absl::Status s =
        PromisedDate("order.delivery", option, LateEvening(), day, rules).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(s.message(), "order.delivery.scheduled_date: ")) << s;
  }
  EXPECT_EQ(ParseDate("d", "2026-02-30").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDate("d", "2026-2-3").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseDate("d", "2026-02-03"), absl::CivilDay(2026, 2, 3));
}

TEST(DeliveryPromiseTest, DaysLateCountsLocalDaysAfterThePromise) {
  const DeliveryRules rules = Shanghai();
  const absl::CivilDay promised(2026, 3, 13);
  auto at = [&](int day, int hour) {
    return absl::FromCivil(absl::CivilSecond(2026, 3, day, hour, 0, 0), rules.zone);
  };
  EXPECT_EQ(DaysLate(promised, at(12, 10), rules.zone), 0);
  EXPECT_EQ(DaysLate(promised, at(13, 23), rules.zone), 0);
  EXPECT_EQ(DaysLate(promised, at(14, 0), rules.zone), 1);
  EXPECT_EQ(DaysLate(promised, at(16, 9), rules.zone), 3);
}

}  // namespace
}  // namespace sales::orders::domain
