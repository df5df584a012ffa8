#include "tools/demo/funnel.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

// The stages a lead moves through after LEAD, given whether it is won (see WinLogOdds in
// funnel.h): the last one WON or LOST.
std::vector<cv1::LeadStage> StagePath(Random& rng, bool won) {
  // The last open stage: PROPOSAL or NEGOTIATION for a won lead, any for a lost one.
  static constexpr cv1::LeadStage kOpen[] = {cv1::LEAD_STAGE_LEAD, cv1::LEAD_STAGE_QUALIFIED,
                                             cv1::LEAD_STAGE_PROPOSAL, cv1::LEAD_STAGE_NEGOTIATION};
  const size_t last = won ? (rng.Chance(0.4) ? 2 : 3) : rng.Weighted({0.55, 0.23, 0.13, 0.09});
  std::vector<cv1::LeadStage> path;
  int proposals = 0;
  for (size_t k = 1; k <= last; ++k) {
    path.push_back(kOpen[k]);
    if (kOpen[k] == cv1::LEAD_STAGE_PROPOSAL) ++proposals;
  }
  // A revised offer in NEGOTIATION, twice at most.
  while (!path.empty() && path.back() == cv1::LEAD_STAGE_NEGOTIATION && proposals < 2 &&
         rng.Chance(0.12)) {
    path.push_back(cv1::LEAD_STAGE_PROPOSAL);
    path.push_back(cv1::LEAD_STAGE_NEGOTIATION);
    ++proposals;
  }
  path.push_back(won ? cv1::LEAD_STAGE_WON : cv1::LEAD_STAGE_LOST);
  return path;
}

const char* kDealKinds[] = {"Office supplies for",
                            "Staff gifts for",
                            "Kitchen equipment for",
                            "Laptops and phones for",
                            "Spring Festival gift boxes for",
                            "Tea service for"};

}  // namespace

double ChannelWinEffect(cv1::AcquisitionChannel channel) {
  switch (channel) {
    case cv1::ACQUISITION_CHANNEL_REFERRAL:
      return 0.9;
    case cv1::ACQUISITION_CHANNEL_PARTNER:
      return 0.5;
    case cv1::ACQUISITION_CHANNEL_EVENT:
      return 0.2;
    case cv1::ACQUISITION_CHANNEL_ADVERTISING:
      return -0.3;
    case cv1::ACQUISITION_CHANNEL_OUTBOUND:
      return -0.6;
    default:
      return 0.0;
  }
}

double RepSkill(int rep) {
  static constexpr double kSkill[kRepCount] = {0.8,  -0.5, 0.3,  0.0, -0.8, 0.5,
                                               -0.2, 0.6,  -0.4, 0.1, -0.6, 0.2};
  return rep >= 0 && rep < kRepCount ? kSkill[rep] : 0.0;
}

double WinLogOdds(cv1::AcquisitionChannel channel, int rep, double expected_major, int follow_ups) {
  return kWinIntercept + ChannelWinEffect(channel) + RepSkill(rep) +
         kWinAmountSlope * std::log(expected_major / 100000.0) +
         kWinFollowUpSlope * std::log1p(static_cast<double>(follow_ups));
}

double WinProbability(const DemoOptions& options, const LeadPlan& l) {
  const double major =
      static_cast<double>(l.expected_amount) / static_cast<double>(MinorPerMajor(options));
  return 1.0 / (1.0 + std::exp(-WinLogOdds(l.acquisition, l.rep, major, l.follow_ups)));
}

absl::Time LeadTime(const DemoOptions& options, size_t lead, absl::CivilDay day) {
  return options.period.At(day, 7 * 3600 + static_cast<int64_t>(lead % 3000));
}

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
      // The law of winning first, then the stages given the outcome (funnel.h).
      l.follow_ups = static_cast<int>(rng.Poisson(kMeanFollowUps));
      const bool won = rng.Chance(WinProbability(options, l));
      const std::vector<cv1::LeadStage> path = StagePath(rng, won);
      cv1::LeadStage stage = cv1::LEAD_STAGE_LEAD;
      absl::CivilDay day = d;
      for (const cv1::LeadStage next : path) {
        day += rng.Int(3, 21);
        const std::string reason = next == cv1::LEAD_STAGE_LOST ? LostReason(rng, stage) : "";
        if (day > p.last) continue;  // still open today (the draws are made all the same)
        if (next == cv1::LEAD_STAGE_LOST) l.lost_reason = reason;
        l.moves.push_back({next, day});
        stage = next;
      }
      // The follow-ups fall on days from creation to the day before the lead closes (or
      // would close).
      for (int k = 0; k < l.follow_ups; ++k) {
        const absl::CivilDay f = d + rng.Int(0, day - 1 - d);
        if (f <= p.last) l.follow_up_days.push_back(f);
      }
      std::sort(l.follow_up_days.begin(), l.follow_up_days.end());
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

}  // namespace sales::demo
