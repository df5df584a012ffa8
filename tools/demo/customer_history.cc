#include "tools/demo/customer_history.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/history_import.h"
#include "tools/demo/money.h"
#include "tools/demo/people.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

// A stream is one call, ended by the service's --default_deadline_ms (30 s by default):
// a few thousand items finish well within it, two streams at a time.
constexpr size_t kItemsPerStream = 3000;
constexpr int kConcurrentStreams = 2;
constexpr int kAttempts = 4;

using Items = std::vector<cv1::ImportCustomerHistoryRequest>;

void SetRef(cv1::ExternalRef* ref, const std::string& id) {
  ref->set_source_system(kLegacySystem);
  ref->set_id(id);
}

cv1::ImportCustomerHistoryRequest CustomerItem(const DemoOptions& options,
                                               const std::vector<CustomerPlan>& customers,
                                               size_t i) {
  const CustomerPlan& c = customers[i];
  cv1::ImportCustomerHistoryRequest req;
  cv1::ImportedCustomer* m = req.mutable_customer();
  SetRef(m->mutable_external_ref(), CustomerRefId(options, i));
  m->set_kind(c.company ? cv1::CUSTOMER_KIND_COMPANY : cv1::CUSTOMER_KIND_PERSON);
  m->set_display_name(c.display_name);
  m->set_email(c.email);
  m->set_phone(c.phone);
  for (const std::string& tag : CustomerTags(c)) m->add_tags(tag);
  if (c.rep >= 0) m->set_owner_rep(RepName(c.rep));
  m->set_acquisition_channel(c.acquisition);
  SetTimestamp(m->mutable_create_time(), CustomerCreateTime(options, customers, i));
  return req;
}

cv1::ImportCustomerHistoryRequest LeadItem(const DemoOptions& options,
                                           const std::vector<LeadPlan>& leads,
                                           const std::vector<CustomerPlan>& customers, size_t i) {
  const LeadPlan& l = leads[i];
  const DemoPeriod& p = options.period;
  cv1::ImportCustomerHistoryRequest req;
  cv1::ImportedLead* m = req.mutable_lead();
  SetRef(m->mutable_external_ref(), LeadRefId(options, i));
  m->set_display_name(l.display_name);
  m->set_company_name(l.company);
  m->set_contact_email(l.email);
  m->set_contact_phone(l.phone);
  SetMoney(m->mutable_expected_amount(), options, l.expected_amount);
  m->set_owner_rep(RepName(l.rep));
  m->set_acquisition_channel(l.acquisition);
  m->set_expected_close_date(absl::FormatCivilTime(l.expected_close));
  SetTimestamp(m->mutable_create_time(), LeadTime(options, i, l.created));
  for (const LeadMove& move : l.moves) {
    if (!p.InHistory(move.day)) break;  // the rest is moved live
    cv1::ImportedStageChange* change = m->add_stage_history();
    change->set_stage(move.stage);
    SetTimestamp(change->mutable_change_time(), LeadTime(options, i, move.day));
    if (move.stage == cv1::LEAD_STAGE_LOST) change->set_lost_reason(l.lost_reason);
  }
  if (l.customer >= 0 && CustomerInHistory(options, customers[static_cast<size_t>(l.customer)])) {
    SetRef(m->mutable_customer_external_ref(),
           CustomerRefId(options, static_cast<size_t>(l.customer)));
  }
  return req;
}

// Streams `items` in streams of kItemsPerStream, two at once; adds to `report`.
absl::Status Stream(Clients& clients, Progress& progress, const Items& items,
                    CustomerHistoryReport& report) {
  std::mutex mu;
  const size_t streams = (items.size() + kItemsPerStream - 1) / kItemsPerStream;
  return ParallelFor(streams, kConcurrentStreams, [&](size_t s) -> absl::Status {
    const size_t from = s * kItemsPerStream;
    const size_t to = std::min(items.size(), from + kItemsPerStream);
    grpc::Status status;
    cv1::ImportCustomerHistoryResponse resp;
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
      resp.Clear();
      auto ctx = CallContext(std::chrono::seconds(30));
      std::unique_ptr<grpc::ClientWriter<cv1::ImportCustomerHistoryRequest>> writer(
          clients.customers->ImportCustomerHistory(ctx.get(), &resp));
      for (size_t i = from; i < to; ++i) {
        if (!writer->Write(items[i])) break;
        if (attempt == 1) progress.Add();
      }
      writer->WritesDone();
      status = writer->Finish();
      if (status.ok() || (status.error_code() != grpc::StatusCode::UNAVAILABLE &&
                          status.error_code() != grpc::StatusCode::ABORTED &&
                          status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED)) {
        break;
      }
      // The stream broke or ran out of time: send it again; what committed is skipped.
    }
    RETURN_IF_ERROR(FromGrpc("ImportCustomerHistory", status));
    if (resp.errors_size() > 0) {
      const cv1::ImportCustomerHistoryError& e = resp.errors(0);
      return absl::InternalError(absl::StrCat("ImportCustomerHistory refused ", resp.errors_size(),
                                              " items, e.g. ", e.external_ref(), ": ",
                                              e.message()));
    }
    std::lock_guard<std::mutex> lock(mu);
    report.sent += static_cast<int64_t>(to - from);
    report.customers += resp.imported_customers();
    report.leads += resp.imported_leads();
    report.interactions += resp.imported_interactions();
    report.surveys += resp.imported_survey_responses();
    report.skipped += resp.skipped();
    return absl::OkStatus();
  });
}

// The legacy id -> index of a "D<seed>-<letter><n>" reference, or -1.
int64_t IndexOf(const std::string& prefix, const std::string& id) {
  if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0) return -1;
  int64_t n = 0;
  for (size_t k = prefix.size(); k < id.size(); ++k) {
    if (id[k] < '0' || id[k] > '9') return -1;
    n = n * 10 + (id[k] - '0');
  }
  return n - 1;
}

}  // namespace

std::string CustomerRefId(const DemoOptions& options, size_t i) {
  return absl::StrCat("D", options.seed, "-C", i + 1);
}

std::string LeadRefId(const DemoOptions& options, size_t i) {
  return absl::StrCat("D", options.seed, "-L", i + 1);
}

absl::Time CustomerCreateTime(const DemoOptions& options,
                              const std::vector<CustomerPlan>& customers, size_t i) {
  const CustomerPlan& c = customers[i];
  if (c.lead >= 0) {
    return LeadTime(options, static_cast<size_t>(c.lead), c.arrival) + absl::Minutes(5);
  }
  return options.period.At(c.arrival, static_cast<int64_t>(i % 3600));
}

bool CustomerInHistory(const DemoOptions& options, const CustomerPlan& c) {
  return options.period.InHistory(c.arrival);
}

bool LeadInHistory(const DemoOptions& options, const LeadPlan& l) {
  return options.period.InHistory(l.created);
}

absl::StatusOr<CustomerHistoryReport> ImportCustomerHistory(
    const DemoOptions& options, Clients& clients, Progress& progress,
    const std::vector<CustomerPlan>& customers, const std::vector<LeadPlan>& leads,
    const EngagementPlan& engagement) {
  const DemoPeriod& p = options.period;
  Items people, funnel, engagement_items;
  for (size_t i = 0; i < customers.size(); ++i) {
    if (CustomerInHistory(options, customers[i])) {
      people.push_back(CustomerItem(options, customers, i));
    }
  }
  for (size_t i = 0; i < leads.size(); ++i) {
    if (LeadInHistory(options, leads[i])) funnel.push_back(LeadItem(options, leads, customers, i));
  }
  for (size_t k = 0; k < engagement.interactions.size(); ++k) {
    const InteractionPlan& ip = engagement.interactions[k];
    if (!p.InHistory(ip.day)) continue;
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedInteraction* m = req.mutable_interaction();
    SetRef(m->mutable_external_ref(), absl::StrCat("D", options.seed, "-I", k + 1));
    if (ip.lead >= 0) {
      SetRef(m->mutable_lead_external_ref(), LeadRefId(options, static_cast<size_t>(ip.lead)));
    } else {
      SetRef(m->mutable_customer_external_ref(),
             CustomerRefId(options, static_cast<size_t>(ip.customer)));
    }
    m->set_kind(ip.kind);
    m->set_rep(RepName(ip.rep));
    SetTimestamp(m->mutable_occur_time(), p.At(ip.day, ip.second));
    m->set_notes(ip.notes);
    engagement_items.push_back(std::move(req));
  }
  for (size_t k = 0; k < engagement.nps.size(); ++k) {
    const SurveyPlan& sp = engagement.nps[k];
    if (!p.InHistory(sp.day)) continue;
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedSurveyResponse* m = req.mutable_survey_response();
    SetRef(m->mutable_external_ref(), absl::StrCat("D", options.seed, "-N", k + 1));
    SetRef(m->mutable_customer_external_ref(),
           CustomerRefId(options, static_cast<size_t>(sp.customer)));
    m->set_kind(cv1::SURVEY_KIND_NPS);
    m->set_score(sp.score);
    m->set_comment(sp.comment);
    SetTimestamp(m->mutable_answer_time(), p.At(sp.day, sp.second));
    engagement_items.push_back(std::move(req));
  }
  CustomerHistoryReport report;
  progress.Begin("import customer history",
                 static_cast<int64_t>(people.size() + funnel.size() + engagement_items.size()));
  // Each phase refers only to records of the phases before it.
  RETURN_IF_ERROR(Stream(clients, progress, people, report));
  RETURN_IF_ERROR(Stream(clients, progress, funnel, report));
  RETURN_IF_ERROR(Stream(clients, progress, engagement_items, report));
  progress.End();
  return report;
}

absl::StatusOr<CustomerHistoryReport> ImportHistoryCsat(const DemoOptions& options,
                                                        Clients& clients, Progress& progress,
                                                        const std::vector<CustomerPlan>& customers,
                                                        const std::vector<OrderPlan>& history) {
  static const char* kComments[] = {"",
                                    "very disappointed",
                                    "not great",
                                    "it was fine",
                                    "quick delivery",
                                    "excellent service, will buy again"};
  std::set<std::string> refs;
  for (const OrderPlan& o : history) {
    if (o.csat > 0) refs.insert(HistoryRef(options, o.serial));
  }
  CustomerHistoryReport report;
  ASSIGN_OR_RETURN(const auto names, HistoryOrderNames(options, clients, refs));
  Items items;
  for (const OrderPlan& o : history) {
    if (o.csat <= 0) continue;
    const std::string ref = HistoryRef(options, o.serial);
    auto name = names.find(ref);
    if (name == names.end()) {
      return absl::InternalError(absl::StrCat("imported order ", ref, " was not found"));
    }
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedSurveyResponse* m = req.mutable_survey_response();
    SetRef(m->mutable_external_ref(), absl::StrCat("D", options.seed, "-S", o.serial));
    m->set_customer(customers[o.customer].name);  // read back before the orders went in
    m->set_kind(cv1::SURVEY_KIND_CSAT);
    m->set_score(o.csat);
    m->set_order(name->second);
    m->set_comment(kComments[o.csat]);
    SetTimestamp(m->mutable_answer_time(),
                 HistoryCloseTime(options, o) + absl::Seconds(o.csat_after_seconds));
    items.push_back(std::move(req));
  }
  progress.Begin("import CSAT answers", static_cast<int64_t>(items.size()));
  RETURN_IF_ERROR(Stream(clients, progress, items, report));
  progress.End();
  return report;
}

absl::Status ReadImportedNames(const DemoOptions& options, Clients& clients,
                               std::vector<CustomerPlan>& customers, std::vector<LeadPlan>& leads) {
  const std::string customer_prefix = absl::StrCat("D", options.seed, "-C");
  const std::string lead_prefix = absl::StrCat("D", options.seed, "-L");
  std::string token;
  do {
    cv1::ListCustomersRequest req;
    req.set_page_size(500);
    req.set_page_token(token);
    req.set_show_archived(true);
    cv1::ListCustomersResponse resp;
    RETURN_IF_ERROR(FromGrpc("ListCustomers", CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients.customers->ListCustomers(ctx, req, &resp);
                             })));
    for (const cv1::Customer& c : resp.customers()) {
      if (c.external_ref().source_system() != kLegacySystem) continue;
      const int64_t i = IndexOf(customer_prefix, c.external_ref().id());
      if (i >= 0 && static_cast<size_t>(i) < customers.size()) {
        customers[static_cast<size_t>(i)].name = c.name();
      }
    }
    token = resp.next_page_token();
  } while (!token.empty());
  do {
    cv1::ListLeadsRequest req;
    req.set_page_size(500);
    req.set_page_token(token);
    cv1::ListLeadsResponse resp;
    RETURN_IF_ERROR(FromGrpc("ListLeads", CallWithRetry([&](grpc::ClientContext* ctx) {
                               return clients.customers->ListLeads(ctx, req, &resp);
                             })));
    for (const cv1::Lead& l : resp.leads()) {
      if (l.external_ref().source_system() != kLegacySystem) continue;
      const int64_t i = IndexOf(lead_prefix, l.external_ref().id());
      if (i >= 0 && static_cast<size_t>(i) < leads.size())
        leads[static_cast<size_t>(i)].name = l.name();
    }
    token = resp.next_page_token();
  } while (!token.empty());
  for (size_t i = 0; i < customers.size(); ++i) {
    if (CustomerInHistory(options, customers[i]) && customers[i].name.empty()) {
      return absl::InternalError(
          absl::StrCat("imported customer ", CustomerRefId(options, i), " was not found"));
    }
  }
  for (size_t i = 0; i < leads.size(); ++i) {
    if (LeadInHistory(options, leads[i]) && leads[i].name.empty()) {
      return absl::InternalError(
          absl::StrCat("imported lead ", LeadRefId(options, i), " was not found"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sales::demo
