#include "tools/demo/engagement.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/demo/people.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

const char* LeadNote(cv1::LeadStage stage) {
  switch (stage) {
    case cv1::LEAD_STAGE_QUALIFIED:
      return "Discovery call: need, budget and buyer confirmed.";
    case cv1::LEAD_STAGE_PROPOSAL:
      return "Sent the proposal with volume prices.";
    case cv1::LEAD_STAGE_NEGOTIATION:
      return "Negotiated payment terms and delivery dates.";
    case cv1::LEAD_STAGE_WON:
      return "Framework agreement signed.";
    case cv1::LEAD_STAGE_LOST:
      return "Closed the opportunity; asked for feedback.";
    default:
      return "First contact; sent the catalogue.";
  }
}

}  // namespace

EngagementPlan PlanEngagement(const DemoOptions& options, const std::vector<LeadPlan>& leads,
                              const std::vector<CustomerPlan>& customers) {
  Random rng = Random::Stream(options.seed, "engagement");
  const DemoPeriod& p = options.period;
  EngagementPlan out;
  for (size_t i = 0; i < leads.size(); ++i) {
    const LeadPlan& l = leads[i];
    auto add = [&](absl::CivilDay day, cv1::LeadStage stage) {
      static constexpr cv1::InteractionKind kKinds[] = {
          cv1::INTERACTION_KIND_CALL, cv1::INTERACTION_KIND_EMAIL, cv1::INTERACTION_KIND_MEETING,
          cv1::INTERACTION_KIND_VISIT};
      out.interactions.push_back({static_cast<int>(i), -1,
                                  kKinds[rng.Weighted({0.4, 0.3, 0.2, 0.1})], l.rep, day,
                                  rng.Int(9 * 3600, 18 * 3600 - 1), LeadNote(stage)});
    };
    add(l.created, cv1::LEAD_STAGE_LEAD);
    for (const LeadMove& m : l.moves) add(m.day, m.stage);
    // The follow-ups of the law of winning (funnel.h): a call or an e-mail each.
    for (const absl::CivilDay day : l.follow_up_days) {
      const bool call = rng.Chance(0.5);
      out.interactions.push_back({static_cast<int>(i), -1,
                                  call ? cv1::INTERACTION_KIND_CALL : cv1::INTERACTION_KIND_EMAIL,
                                  l.rep, day, rng.Int(9 * 3600, 18 * 3600 - 1),
                                  call ? "Follow-up call: answered questions on the offer."
                                       : "Follow-up e-mail with references and delivery terms."});
    }
  }
  for (size_t i = 0; i < customers.size(); ++i) {
    const CustomerPlan& c = customers[i];
    if (c.rep < 0) continue;
    // Companies: a visit or call every few months; people: now and then a call.
    const double every_days = c.company ? 150 : 1500;
    for (absl::CivilDay d = c.arrival + rng.Int(1, static_cast<int64_t>(every_days));
         d <= p.last && d <= c.churn; d += rng.Int(static_cast<int64_t>(every_days / 2),
                                                   static_cast<int64_t>(every_days * 3 / 2))) {
      const bool visit = c.company && rng.Chance(0.4);
      out.interactions.push_back({-1, static_cast<int>(i),
                                  visit ? cv1::INTERACTION_KIND_VISIT : cv1::INTERACTION_KIND_CALL,
                                  c.rep, d, rng.Int(9 * 3600, 18 * 3600 - 1),
                                  visit ? "Account review visit; discussed next quarter's needs."
                                        : "Follow-up call on recent orders."});
    }
  }
  // NPS from one customer in twenty-five.
  for (size_t i = 0; i < customers.size(); ++i) {
    if (!rng.Chance(0.04)) continue;
    const int score = static_cast<int>(rng.Weighted({2, 1, 1, 1, 2, 3, 4, 10, 14, 16, 16}));
    const char* comment = score >= 9 ? "would recommend to colleagues"
                                     : (score >= 7 ? "good, delivery could be faster"
                                                   : "prices went up, service slower");
    const absl::CivilDay until = std::min(p.last, customers[i].churn);
    const absl::CivilDay day = customers[i].arrival + rng.Int(0, until - customers[i].arrival);
    out.nps.push_back({static_cast<int>(i), score, comment, day, rng.Int(9 * 3600, 21 * 3600)});
  }
  return out;
}

}  // namespace sales::demo
