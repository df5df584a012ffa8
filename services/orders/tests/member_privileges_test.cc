#include "services/orders/src/domain/member_privileges.h"

#include <gtest/gtest.h>

#include "services/orders/src/domain/promotion_selection.h"

namespace sales::orders::domain {
namespace {

TierLadder Ladder() { return *TierLadder::Parse("standard, silver,gold,platinum"); }

TEST(TierLadderTest, RanksTiersLowestFirst) {
  const TierLadder ladder = Ladder();
  EXPECT_EQ(ladder.lowest(), "standard");
  EXPECT_EQ(ladder.Rank("gold"), 2);
  EXPECT_EQ(ladder.Rank("bronze"), std::nullopt);
  EXPECT_TRUE(ladder.Meets("gold", "gold"));
  EXPECT_TRUE(ladder.Meets("platinum", "gold"));
  EXPECT_FALSE(ladder.Meets("silver", "gold"));
  EXPECT_TRUE(ladder.Meets("standard", ""));
  EXPECT_FALSE(ladder.Meets("unknown", "silver"));
  EXPECT_EQ(TierLadder::Parse("gold,gold").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TierLadder::Parse("Gold").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TierLadder::Parse("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ladder.Validate("promotion.min_tier", "bronze").message(),
            "promotion.min_tier: 'bronze' is not a tier (one of standard, silver, gold, platinum)");
}

TEST(ReservationTest, RefusesLowerTiersInsideTheWindowOnly) {
  const TierLadder ladder = Ladder();
  const absl::Time start = absl::FromUnixSeconds(1790000000);
  const absl::Time end =
      absl::FromCivil(absl::CivilSecond(2026, 12, 1, 0, 0, 0), absl::UTCTimeZone());
  const TierReservation r{"gold", start, end};
  const absl::Status refused =
      CheckReservation("order.lines[0].product", "products/7", r, "customers/3", "silver", ladder,
                       end - absl::Hours(1));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "order.lines[0].product: products/7 is reserved for tier gold and up until "
            "2026-12-01T00:00:00Z; customers/3 is silver");
  EXPECT_TRUE(CheckReservation("f", "products/7", r, "customers/3", "gold", ladder, start).ok());
  EXPECT_TRUE(CheckReservation("f", "products/7", r, "customers/3", "silver", ladder, end).ok());
  EXPECT_TRUE(CheckReservation("f", "products/7", r, "customers/3", "silver", ladder,
                               start - absl::Seconds(1))
                  .ok());
  EXPECT_TRUE(ValidateReservation("product.tier_reservation", r, ladder).ok());
  EXPECT_EQ(ValidateReservation("product.tier_reservation", {"gold", end, start}, ladder).message(),
            "product.tier_reservation.end_time: is required and must be after start_time");
  EXPECT_EQ(ValidateReservation("product.tier_reservation", {"tin", start, end}, ladder).code(),
            absl::StatusCode::kInvalidArgument);
}

PromotionOffer Offer(int64_t id, std::string code, bool automatic, std::string min_tier) {
  PromotionOffer offer;
  offer.rule.id = id;
  offer.rule.code = std::move(code);
  offer.automatic = automatic;
  offer.starts_at = absl::InfinitePast();
  offer.ends_at = absl::InfiniteFuture();
  offer.min_tier = std::move(min_tier);
  return offer;
}

TEST(TierPromotionsTest, AutomaticTierPromotionsSkipLowerTiersAndCodesAreRefused) {
  const TierLadder ladder = Ladder();
  const std::vector<PromotionOffer> offers = {Offer(1, "", true, "gold"), Offer(2, "", true, ""),
                                              Offer(3, "VIP", false, "gold")};
  const absl::Time now = absl::FromUnixSeconds(1790000000);
  const Member gold{"customers/1", "gold", &ladder};
  const Member silver{"customers/2", "silver", &ladder};
  auto ids = [](const std::vector<PromotionRule>& rules) {
    std::vector<int64_t> out;
    for (const PromotionRule& r : rules) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(*SelectPromotions({}, offers, now, gold)), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(ids(*SelectPromotions({}, offers, now, silver)), (std::vector<int64_t>{2}));
  EXPECT_EQ(ids(*SelectPromotions({"VIP"}, offers, now, gold)), (std::vector<int64_t>{3, 1, 2}));
  const absl::Status refused = SelectPromotions({"VIP"}, offers, now, silver).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "order.promotion_codes: code 'VIP' is for tier gold and up; customers/2 is silver");
}

}  // namespace
}  // namespace sales::orders::domain
