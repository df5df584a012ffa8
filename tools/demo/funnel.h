// The demo's sales funnel: business leads created week by week, won or lost by a stated law
// of winning (WinLogOdds below), moving LEAD -> QUALIFIED -> PROPOSAL (-> NEGOTIATION) -> WON
// or lost at a stage with a reason, the recent ones still open; won leads become company
// customers (loaded by funnel_load.h and, for the history, customer_history.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/customers/v1/lead.pb.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"

namespace sales::demo {

struct LeadMove {
  sales::customers::v1::LeadStage stage;  // the stage moved to
  absl::CivilDay day;                     // when, in the story
};

struct LeadPlan {
  absl::CivilDay created;
  std::string display_name;  // "Office supplies for Hangzhou Ruifeng Hotel Group"
  std::string company;
  std::string email;
  std::string phone;
  int rep = 0;
  sales::customers::v1::AcquisitionChannel acquisition =
      sales::customers::v1::ACQUISITION_CHANNEL_UNSPECIFIED;
  int64_t expected_amount = 0;  // minor units
  absl::CivilDay expected_close;
  // Follow-up calls and e-mails the rep makes between the stage moves (the law's
  // `follow_ups`), on these days, made by the last day of the period (an open lead's later
  // ones are still to come); PlanEngagement turns them into interactions.
  int follow_ups = 0;
  std::vector<absl::CivilDay> follow_up_days;
  std::vector<LeadMove> moves;  // made by the last day of the period
  std::string lost_reason;      // when the last move is to LOST
  int customer = -1;            // index of the converted customer in the customer plan
  std::string name;             // "leads/{id}" once loaded
};

// The law of winning (issue 11): a lead is won with probability 1 / (1 + exp(-z)), drawn
// once when it is created, where
//
//   z = kWinIntercept + ChannelWinEffect(channel) + RepSkill(rep)
//       + kWinAmountSlope * ln(expected amount in major units / 100,000)
//       + kWinFollowUpSlope * ln(1 + follow-ups),
//
// with the coefficients below: referral and partner leads are won more often than outbound
// and advertising ones, some reps are better closers than others, large deals are won less
// often, and each follow-up call or e-mail helps, with diminishing returns. Follow-ups are
// Poisson with mean kMeanFollowUps, independent of the rest. Then the lead's stages are
// drawn given its outcome alone: a won lead goes LEAD -> QUALIFIED -> PROPOSAL, is won from
// there (2 in 5) or through NEGOTIATION (3 in 5); a lost one is lost from LEAD, QUALIFIED,
// PROPOSAL or NEGOTIATION with weights 0.55, 0.23, 0.13, 0.09; in NEGOTIATION a revised
// proposal comes 12% of the time (twice at most); each move 3 to 21 days after the one
// before. So the stage history (stages, moves, their timing) says nothing about the features
// beyond the outcome, and the log odds of winning given the features and the history up to
// the close is z plus a term of that history alone (its log likelihood ratio): the additive
// form lead scoring fits (stage, channel and owner indicators, log amount), except that the
// model sees the follow-ups among all the lead's interactions (one at creation and one at
// each move besides). The expected amount is
// log-uniform from 20,000 to 800,000; about 17% of closed leads are won, as the demo's
// funnel had with fixed stage probabilities only.
inline constexpr double kWinIntercept = -2.6;
inline constexpr double kWinAmountSlope = -0.6;
inline constexpr double kWinFollowUpSlope = 0.9;
inline constexpr double kMeanFollowUps = 2.0;
// The channel's term of z: REFERRAL 0.9, PARTNER 0.5, EVENT 0.2, WEB 0, ADVERTISING -0.3,
// OUTBOUND -0.6 (0 for any other).
double ChannelWinEffect(sales::customers::v1::AcquisitionChannel channel);
// Rep `rep`'s term of z, its skill as a closer (reps 0..kRepCount-1, RepName "reps/101" on;
// summing to 0): 0.8, -0.5, 0.3, 0, -0.8, 0.5, -0.2, 0.6, -0.4, 0.1, -0.6, 0.2.
double RepSkill(int rep);
// z of a lead with these features; `expected_major` in major units.
double WinLogOdds(sales::customers::v1::AcquisitionChannel channel, int rep, double expected_major,
                  int follow_ups);
// 1 / (1 + exp(-WinLogOdds)) of planned lead `l`.
double WinProbability(const DemoOptions& options, const LeadPlan& l);

// When lead `lead` is created or moved on `day` in the story: between 7 and 8 o'clock.
absl::Time LeadTime(const DemoOptions& options, size_t lead, absl::CivilDay day);

// Leads over the period; won leads append their company customer to `customers` (with
// `lead` set, arriving on the day the deal was won).
std::vector<LeadPlan> PlanFunnel(const DemoOptions& options, std::vector<CustomerPlan>& customers);

}  // namespace sales::demo
