#include "tools/demo/funnel_load.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/demo/money.h"
#include "tools/demo/people.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

}  // namespace

absl::StatusOr<FunnelReport> LoadFunnel(const DemoOptions& options, Clients& clients,
                                        Progress& progress, std::vector<LeadPlan>& leads,
                                        std::vector<CustomerPlan>& customers) {
  FunnelReport report;
  for (const LeadPlan& l : leads) {
    ++report.leads;
    report.stage_changes += static_cast<int64_t>(l.moves.size());
    const cv1::LeadStage last = l.moves.empty() ? cv1::LEAD_STAGE_LEAD : l.moves.back().stage;
    if (last == cv1::LEAD_STAGE_WON) {
      ++report.won;
    } else if (last == cv1::LEAD_STAGE_LOST) {
      ++report.lost;
    } else {
      ++report.open;
    }
  }
  const DemoPeriod& p = options.period;
  std::atomic<int64_t> live_leads{0}, live_moves{0}, live_conversions{0};
  progress.Begin("leads", static_cast<int64_t>(leads.size()));
  RETURN_IF_ERROR(ParallelFor(leads.size(), options.workers, [&](size_t i) -> absl::Status {
    LeadPlan& l = leads[i];
    const std::string key = absl::StrCat("lead-", i);
    const bool imported = p.InHistory(l.created);
    if (!imported) {
      ++live_leads;
      cv1::CreateLeadRequest create;
      cv1::Lead* m = create.mutable_lead();
      m->set_display_name(l.display_name);
      m->set_company_name(l.company);
      m->set_contact_email(l.email);
      m->set_contact_phone(l.phone);
      SetMoney(m->mutable_expected_amount(), options, l.expected_amount);
      m->set_owner_rep(RepName(l.rep));
      m->set_acquisition_channel(l.acquisition);
      m->set_expected_close_date(absl::FormatCivilTime(l.expected_close));
      create.set_request_id(RequestId(options, key));
      cv1::Lead lead;
      RETURN_IF_ERROR(FromGrpc("CreateLead", CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.customers->CreateLead(ctx, create, &lead);
                               })));
      l.name = lead.name();
    }
    cv1::Lead lead;
    for (size_t k = 0; k < l.moves.size(); ++k) {
      if (p.InHistory(l.moves[k].day)) continue;  // imported with the lead
      ++live_moves;
      cv1::ChangeLeadStageRequest req;
      req.set_name(l.name);
      req.set_stage(l.moves[k].stage);
      if (l.moves[k].stage == cv1::LEAD_STAGE_LOST) req.set_lost_reason(l.lost_reason);
      req.set_request_id(RequestId(options, absl::StrCat(key, "-move-", k)));
      RETURN_IF_ERROR(FromGrpc("ChangeLeadStage", CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.customers->ChangeLeadStage(ctx, req, &lead);
                               })));
    }
    if (l.customer >= 0 && !p.InHistory(customers[static_cast<size_t>(l.customer)].arrival)) {
      ++live_conversions;
      CustomerPlan& c = customers[static_cast<size_t>(l.customer)];
      cv1::ConvertLeadRequest req;
      req.set_name(l.name);
      req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_COMPANY);
      req.mutable_customer()->set_display_name(c.display_name);
      req.mutable_customer()->add_tags("b2b");
      req.mutable_customer()->add_tags(c.channel == kPhone ? "phone" : "partner");
      req.mutable_customer()->set_acquisition_channel(c.acquisition);
      req.set_request_id(RequestId(options, absl::StrCat(key, "-convert")));
      cv1::ConvertLeadResponse resp;
      RETURN_IF_ERROR(FromGrpc("ConvertLead", CallWithRetry([&](grpc::ClientContext* ctx) {
                                 return clients.customers->ConvertLead(ctx, req, &resp);
                               })));
      c.name = resp.customer().name();
    }
    progress.Add();
    return absl::OkStatus();
  }));
  progress.End();
  report.live_leads = live_leads;
  report.live_moves = live_moves;
  report.live_conversions = live_conversions;
  return report;
}

}  // namespace sales::demo
