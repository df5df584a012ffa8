#include "tools/demo/engagement.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/demo/history_import.h"
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

absl::StatusOr<EngagementReport> LoadEngagement(const DemoOptions& options, Clients& clients,
                                                Progress& progress, const EngagementPlan& plan,
                                                const std::vector<LeadPlan>& leads,
                                                const std::vector<CustomerPlan>& customers) {
  const size_t n = plan.interactions.size();
  const DemoPeriod& p = options.period;
  std::atomic<int64_t> interactions{0};
  std::atomic<int64_t> answers{0};
  progress.Begin("interactions", static_cast<int64_t>(n + plan.nps.size()));
  RETURN_IF_ERROR(ParallelFor(n + plan.nps.size(), options.workers, [&](size_t k) -> absl::Status {
    if (k < n ? p.InHistory(plan.interactions[k].day) : p.InHistory(plan.nps[k - n].day)) {
      progress.Add();  // imported with the history
      return absl::OkStatus();
    }
    if (k < n) {
      ++interactions;
      const InteractionPlan& ip = plan.interactions[k];
      cv1::CreateInteractionRequest req;
      cv1::Interaction* m = req.mutable_interaction();
      m->set_subject(ip.lead >= 0 ? leads[static_cast<size_t>(ip.lead)].name
                                  : customers[static_cast<size_t>(ip.customer)].name);
      m->set_kind(ip.kind);
      m->set_rep(RepName(ip.rep));
      SetTimestamp(m->mutable_occur_time(), options.period.At(ip.day, ip.second));
      m->set_notes(ip.notes);
      req.set_request_id(RequestId(options, absl::StrCat("interaction-", k)));
      cv1::Interaction out;
      RETURN_IF_ERROR(FromGrpc("CreateInteraction", CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.customers->CreateInteraction(ctx, req, &out);
                               })));
    } else {
      const SurveyPlan& sp = plan.nps[k - n];
      ++answers;
      cv1::CreateSurveyResponseRequest req;
      cv1::SurveyResponse* m = req.mutable_survey_response();
      m->set_customer(customers[static_cast<size_t>(sp.customer)].name);
      m->set_kind(cv1::SURVEY_KIND_NPS);
      m->set_score(sp.score);
      m->set_comment(sp.comment);
      req.set_request_id(RequestId(options, absl::StrCat("nps-", k - n)));
      cv1::SurveyResponse out;
      RETURN_IF_ERROR(FromGrpc("CreateSurveyResponse", CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.customers->CreateSurveyResponse(ctx, req, &out);
                               })));
    }
    progress.Add();
    return absl::OkStatus();
  }));
  progress.End();
  return EngagementReport{interactions, answers};
}

}  // namespace sales::demo
