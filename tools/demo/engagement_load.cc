#include "tools/demo/engagement_load.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/demo/history_import.h"
#include "tools/demo/people.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

}  // namespace

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
