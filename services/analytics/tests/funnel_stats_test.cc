#include "services/analytics/src/domain/funnel_stats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sales::analytics::domain {
namespace {

const std::vector<std::string> kStages = {"LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON"};
const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);
const absl::Time kEnd = kStart + absl::Hours(24 * 7);

absl::Time At(double hours) { return kStart + absl::Hours(hours); }

double Hours(absl::Duration d) { return absl::ToDoubleHours(d); }

FunnelLead Lead(std::string id, std::string channel, std::string rep, double created_hours,
                std::vector<std::pair<std::string, double>> moves, LeadOutcome outcome) {
  FunnelLead lead;
  lead.lead_id = std::move(id);
  lead.channel = std::move(channel);
  lead.rep = std::move(rep);
  lead.create_time = At(created_hours);
  for (auto& [stage, hours] : moves) lead.history.push_back({stage, At(hours)});
  lead.outcome = outcome;
  return lead;
}

// Five leads created in the week, one before it:
//   1 web/ann:  LEAD 0h, QUALIFIED 10h, PROPOSAL 30h, WON 40h (skips NEGOTIATION)   won
//   2 web/bob:  LEAD 0h, QUALIFIED 4h, LOST 6h                                       lost
//   3 shop/ann: LEAD 0h, LOST 1h                                                     lost
//   4 shop/bob: LEAD 0h                                                              open
//   5 web/ann:  LEAD 0h, QUALIFIED 2h, PROPOSAL 5h, NEGOTIATION 9h, PROPOSAL 12h,
//               WON 20h (back once from NEGOTIATION)                                 won
//   6 web/ann:  created the hour before the week, won: not counted.
std::vector<FunnelLead> Leads() {
  using enum LeadOutcome;
  return {
      Lead("1", "web", "ann", 0, {{"LEAD", 0}, {"QUALIFIED", 10}, {"PROPOSAL", 30}, {"WON", 40}},
           kWon),
      Lead("2", "web", "bob", 0, {{"LEAD", 0}, {"QUALIFIED", 4}, {"LOST", 6}}, kLost),
      Lead("3", "shop", "ann", 0, {{"LEAD", 0}, {"LOST", 1}}, kLost),
      Lead("4", "shop", "bob", 0, {{"LEAD", 0}}, kOpen),
      Lead("5", "web", "ann", 0,
           {{"LEAD", 0},
            {"QUALIFIED", 2},
            {"PROPOSAL", 5},
            {"NEGOTIATION", 9},
            {"PROPOSAL", 12},
            {"WON", 20}},
           kWon),
      Lead("6", "web", "ann", -1, {{"LEAD", -1}, {"WON", 0}}, kWon),
  };
}

TEST(FunnelStatsTest, CountsAndConversionsByHand) {
  const Funnel f = ComputeFunnel(Leads(), kStages, kStart, kEnd).all;
  EXPECT_EQ(f.leads, 5);
  EXPECT_EQ(f.won, 2);
  EXPECT_EQ(f.lost, 2);
  EXPECT_DOUBLE_EQ(*f.lead_to_win, 0.4);  // 2 / 5
  ASSERT_EQ(f.stages.size(), 5u);
  // Reached: LEAD all 5; QUALIFIED 1, 2, 5; PROPOSAL 1, 5; NEGOTIATION 1 (skipped it on the
  // way to WON) and 5; WON 1, 5.
  EXPECT_EQ(f.stages[0].reached, 5);
  EXPECT_EQ(f.stages[1].reached, 3);
  EXPECT_EQ(f.stages[2].reached, 2);
  EXPECT_EQ(f.stages[3].reached, 2);
  EXPECT_EQ(f.stages[4].reached, 2);
  EXPECT_DOUBLE_EQ(*f.stages[0].conversion_to_next, 0.6);  // 3 / 5
  EXPECT_DOUBLE_EQ(*f.stages[1].conversion_to_next, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*f.stages[2].conversion_to_next, 1.0);
  EXPECT_DOUBLE_EQ(*f.stages[3].conversion_to_next, 1.0);
  EXPECT_FALSE(f.stages[4].conversion_to_next.has_value());  // the last stage
}

TEST(FunnelStatsTest, TimeInStageCountsOnlyLeadsThatLeftItWithType7Quantiles) {
  const Funnel f = ComputeFunnel(Leads(), kStages, kStart, kEnd).all;
  // LEAD: left by 1 (10h), 2 (4h), 3 (1h), 5 (2h); 4 is still there. Sorted 1 2 4 10:
  // median h = 1.5 -> 2 + 0.5 * 2 = 3h; p90 h = 2.7 -> 4 + 0.7 * 6 = 8.2h.
  EXPECT_EQ(f.stages[0].left, 4);
  EXPECT_NEAR(Hours(*f.stages[0].median_time), 3, 1e-9);
  EXPECT_NEAR(Hours(*f.stages[0].p90_time), 8.2, 1e-9);
  // QUALIFIED: 1 (20h), 2 (2h), 5 (3h). Sorted 2 3 20: median 3h; p90 h = 1.8 -> 3 + 0.8 *
  // 17 = 16.6h.
  EXPECT_EQ(f.stages[1].left, 3);
  EXPECT_NEAR(Hours(*f.stages[1].median_time), 3, 1e-9);
  EXPECT_NEAR(Hours(*f.stages[1].p90_time), 16.6, 1e-9);
  // PROPOSAL: 1 (10h), 5 (5h -> 9h and 12h -> 20h: 4h + 8h over its two visits = 12h):
  // median 11h; p90 h = 0.9 -> 10 + 0.9 * 2 = 11.8h.
  EXPECT_EQ(f.stages[2].left, 2);
  EXPECT_NEAR(Hours(*f.stages[2].median_time), 11, 1e-9);
  EXPECT_NEAR(Hours(*f.stages[2].p90_time), 11.8, 1e-9);
  // NEGOTIATION: only 5 was in it (3h); 1 skipped it.
  EXPECT_EQ(f.stages[3].left, 1);
  EXPECT_NEAR(Hours(*f.stages[3].median_time), 3, 1e-9);
  EXPECT_NEAR(Hours(*f.stages[3].p90_time), 3, 1e-9);
  // WON: nobody leaves it.
  EXPECT_EQ(f.stages[4].left, 0);
  EXPECT_FALSE(f.stages[4].median_time.has_value());
  EXPECT_FALSE(f.stages[4].p90_time.has_value());
}

TEST(FunnelStatsTest, ByChannelAndByRep) {
  const FunnelReport report = ComputeFunnel(Leads(), kStages, kStart, kEnd);
  ASSERT_EQ(report.by_channel.size(), 2u);
  const Funnel& web = report.by_channel.at("web");  // 1, 2, 5
  EXPECT_EQ(web.leads, 3);
  EXPECT_EQ(web.won, 2);
  EXPECT_DOUBLE_EQ(*web.lead_to_win, 2.0 / 3.0);
  EXPECT_EQ(web.stages[1].reached, 3);
  EXPECT_DOUBLE_EQ(*web.stages[1].conversion_to_next, 2.0 / 3.0);
  const Funnel& shop = report.by_channel.at("shop");  // 3, 4
  EXPECT_EQ(shop.leads, 2);
  EXPECT_DOUBLE_EQ(*shop.lead_to_win, 0.0);
  EXPECT_DOUBLE_EQ(*shop.stages[0].conversion_to_next, 0.0);
  EXPECT_FALSE(shop.stages[1].conversion_to_next.has_value());  // nobody qualified
  EXPECT_NEAR(Hours(*shop.stages[0].median_time), 1, 1e-9);     // only 3 left LEAD

  ASSERT_EQ(report.by_rep.size(), 2u);
  const Funnel& ann = report.by_rep.at("ann");  // 1, 3, 5
  EXPECT_EQ(ann.leads, 3);
  EXPECT_EQ(ann.won, 2);
  EXPECT_EQ(ann.lost, 1);
  // LEAD times 10h, 1h, 2h: median 2h.
  EXPECT_NEAR(Hours(*ann.stages[0].median_time), 2, 1e-9);
  const Funnel& bob = report.by_rep.at("bob");  // 2, 4
  EXPECT_EQ(bob.leads, 2);
  EXPECT_EQ(bob.stages[1].reached, 1);
  // The groups split the leads: their counts add up to the whole.
  EXPECT_EQ(ann.leads + bob.leads, report.all.leads);
}

TEST(FunnelStatsTest, ThePeriodIsHalfOpen) {
  using enum LeadOutcome;
  const std::vector<FunnelLead> leads = {
      Lead("a", "web", "ann", 0, {{"LEAD", 0}}, kOpen),         // at the start: in
      Lead("b", "web", "ann", 24 * 7, {{"LEAD", 168}}, kOpen),  // at the end: out
  };
  EXPECT_EQ(ComputeFunnel(leads, kStages, kStart, kEnd).all.leads, 1);
  const Funnel empty = ComputeFunnel({}, kStages, kStart, kEnd).all;
  EXPECT_EQ(empty.leads, 0);
  EXPECT_FALSE(empty.lead_to_win.has_value());
  EXPECT_FALSE(empty.stages[0].conversion_to_next.has_value());
  EXPECT_TRUE(ComputeFunnel({}, kStages, kStart, kEnd).by_channel.empty());
}

TEST(FunnelStatsTest, AReopenedLeadStillInItsStageHasNoTimeThereYet) {
  using enum LeadOutcome;
  // LEAD 0h, LOST 2h, reopened to LEAD 5h: it is in LEAD again, so its LEAD time is not
  // known and it is left out; it reached LEAD once. Given out of time order on purpose.
  const std::vector<FunnelLead> leads = {
      Lead("a", "web", "ann", 0, {{"LEAD", 5}, {"LEAD", 0}, {"LOST", 2}}, kOpen),
      Lead("b", "web", "ann", 0, {{"LEAD", 0}, {"QUALIFIED", 6}}, kOpen),
  };
  const Funnel f = ComputeFunnel(leads, kStages, kStart, kEnd).all;
  EXPECT_EQ(f.stages[0].reached, 2);
  EXPECT_EQ(f.stages[0].left, 1);
  EXPECT_NEAR(Hours(*f.stages[0].median_time), 6, 1e-9);
  EXPECT_EQ(f.stages[1].reached, 1);
  EXPECT_EQ(f.stages[1].left, 0);
}

}  // namespace
}  // namespace sales::analytics::domain
