#include "tools/demo/funnel.h"

#include <atomic>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/demo/money.h"
#include "tools/demo/people.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

const char* LostReason(Random& rng, cv1::LeadStage from) {
  static const std::vector<const char*> kEarly = {
      "no budget this year", "too small for a framework agreement", "contact left the company",
      "only wanted a price list"};
  static const std::vector<const char*> kMiddle = {
      "chose a competitor", "project postponed to next year", "bought from an existing supplier"};
  static const std::vector<const char*> kLate = {
      "price too high against the competitor's offer", "payment terms not agreed",
      "delivery time too long", "lost to a competitor's year-end discount"};
  const std::vector<const char*>& list =
      from == cv1::LEAD_STAGE_LEAD ? kEarly : (from == cv1::LEAD_STAGE_QUALIFIED ? kMiddle : kLate);
  return list[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(list.size()) - 1))];
}

// The next stage of a lead in `stage`, given how many proposals it had; LOST or WON end it.
cv1::LeadStage NextStage(Random& rng, cv1::LeadStage stage, int proposals) {
  switch (stage) {
    case cv1::LEAD_STAGE_LEAD:
      return rng.Chance(0.55) ? cv1::LEAD_STAGE_QUALIFIED : cv1::LEAD_STAGE_LOST;
    case cv1::LEAD_STAGE_QUALIFIED:
      return rng.Chance(0.65) ? cv1::LEAD_STAGE_PROPOSAL : cv1::LEAD_STAGE_LOST;
    case cv1::LEAD_STAGE_PROPOSAL: {
      const size_t k = rng.Weighted({0.2, 0.5, 0.3});
      return k == 0 ? cv1::LEAD_STAGE_WON
                    : (k == 1 ? cv1::LEAD_STAGE_NEGOTIATION : cv1::LEAD_STAGE_LOST);
    }
    case cv1::LEAD_STAGE_NEGOTIATION: {
      if (proposals < 2 && rng.Chance(0.12)) return cv1::LEAD_STAGE_PROPOSAL;  // a revised offer
      return rng.Chance(0.6) ? cv1::LEAD_STAGE_WON : cv1::LEAD_STAGE_LOST;
    }
    default:
      return stage;
  }
}

const char* kDealKinds[] = {"Office supplies for",
                            "Staff gifts for",
                            "Kitchen equipment for",
                            "Laptops and phones for",
                            "Spring Festival gift boxes for",
                            "Tea service for"};

}  // namespace

std::vector<LeadPlan> PlanFunnel(const DemoOptions& options, std::vector<CustomerPlan>& customers) {
  Random rng = Random::Stream(options.seed, "funnel");
  const DemoPeriod& p = options.period;
  std::vector<LeadPlan> leads;
  for (absl::CivilDay d = p.first; d <= p.last; ++d) {
    const absl::Weekday wd = absl::GetWeekday(d);
    if (wd == absl::Weekday::saturday || wd == absl::Weekday::sunday) continue;
    const double lambda =
        options.orders_per_day / 50.0 *
        std::pow(1 + options.growth_per_year, static_cast<double>(d - p.first) / 365.25);
    const int64_t n = rng.Poisson(lambda);
    for (int64_t i = 0; i < n; ++i) {
      LeadPlan l;
      l.created = d;
      const int64_t serial = 100000 + static_cast<int64_t>(leads.size());
      const PersonName company = RandomCompany(rng, serial);
      l.company = company.display_name;
      l.display_name = absl::StrCat(kDealKinds[rng.Int(0, 5)], " ", company.display_name);
      l.email = company.email;
      if (rng.Chance(0.8)) l.phone = RandomMobile(rng);
      l.rep = static_cast<int>(rng.Int(0, kRepCount - 1));
      static constexpr cv1::AcquisitionChannel kAcq[] = {
          cv1::ACQUISITION_CHANNEL_EVENT,    cv1::ACQUISITION_CHANNEL_OUTBOUND,
          cv1::ACQUISITION_CHANNEL_REFERRAL, cv1::ACQUISITION_CHANNEL_ADVERTISING,
          cv1::ACQUISITION_CHANNEL_PARTNER,  cv1::ACQUISITION_CHANNEL_WEB};
      l.acquisition = kAcq[rng.Weighted({0.2, 0.25, 0.2, 0.15, 0.1, 0.1})];
      // 20,000 to 800,000 yuan, log-uniform, whole thousands.
      l.expected_amount = static_cast<int64_t>(std::round(20.0 * std::pow(40.0, rng.Uniform()))) *
                          1000 * MinorPerMajor(options);
      l.expected_close = d + rng.Int(30, 90);
      cv1::LeadStage stage = cv1::LEAD_STAGE_LEAD;
      absl::CivilDay day = d;
      int proposals = 0;
      while (stage != cv1::LEAD_STAGE_WON && stage != cv1::LEAD_STAGE_LOST) {
        const cv1::LeadStage next = NextStage(rng, stage, proposals);
        day += rng.Int(3, 21);
        const std::string reason = next == cv1::LEAD_STAGE_LOST ? LostReason(rng, stage) : "";
        if (day > p.last) break;  // still open today
        if (next == cv1::LEAD_STAGE_PROPOSAL) ++proposals;
        if (next == cv1::LEAD_STAGE_LOST) l.lost_reason = reason;
        l.moves.push_back({next, day});
        stage = next;
      }
      if (stage == cv1::LEAD_STAGE_WON) {
        CustomerPlan c;
        c.arrival = day;
        c.churn = absl::CivilDay(2199, 12, 31);
        c.channel = rng.Chance(0.6) ? kPhone : kPartner;
        c.region = RepRegion(l.rep);
        c.company = true;
        c.display_name = l.company;
        c.email = l.email;
        c.phone = l.phone;
        c.rep = l.rep;
        c.acquisition = l.acquisition;
        c.buy_weight = std::exp(rng.Normal(std::log(6.0), 0.6));
        c.lead = static_cast<int>(leads.size());
        l.customer = static_cast<int>(customers.size());
        customers.push_back(std::move(c));
      }
      leads.push_back(std::move(l));
    }
  }
  return leads;
}

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
