#include "tools/demo/customers.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/people.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

cv1::AcquisitionChannel AcquisitionOf(Random& rng, DemoChannel channel) {
  switch (channel) {
    case kStore:
      return rng.Chance(0.85) ? cv1::ACQUISITION_CHANNEL_STORE : cv1::ACQUISITION_CHANNEL_REFERRAL;
    case kWeb: {
      const size_t k = rng.Weighted({0.45, 0.3, 0.15, 0.1});
      static constexpr cv1::AcquisitionChannel kOf[] = {
          cv1::ACQUISITION_CHANNEL_WEB, cv1::ACQUISITION_CHANNEL_ADVERTISING,
          cv1::ACQUISITION_CHANNEL_ORGANIC, cv1::ACQUISITION_CHANNEL_REFERRAL};
      return kOf[k];
    }
    case kPhone:
      return rng.Chance(0.6) ? cv1::ACQUISITION_CHANNEL_OUTBOUND
                             : cv1::ACQUISITION_CHANNEL_REFERRAL;
    case kPartner:
      return cv1::ACQUISITION_CHANNEL_PARTNER;
  }
  return cv1::ACQUISITION_CHANNEL_UNSPECIFIED;
}

// A rep of the region (reps r with RepRegion(r) == region), chosen at random.
int RepOfRegion(Random& rng, int region) {
  std::vector<int> reps;
  for (int r = 0; r < kRepCount; ++r) {
    if (RepRegion(r) == region) reps.push_back(r);
  }
  return reps[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(reps.size()) - 1))];
}

CustomerPlan NewCustomer(Random& rng, const DemoOptions& options, absl::CivilDay arrival,
                         int64_t serial) {
  const DemoPeriod& p = options.period;
  CustomerPlan c;
  c.arrival = arrival;
  // The web shop's share grows from 40% to 55% over the period.
  const double t = static_cast<double>(arrival - p.first) / static_cast<double>(p.days());
  const double web = 0.4 + 0.15 * t;
  c.channel = static_cast<DemoChannel>(rng.Weighted({0.75 - web, web, 0.12, 0.13}));
  c.region = static_cast<int>(rng.Weighted({0.34, 0.22, 0.24, 0.08, 0.12}));
  c.company = rng.Chance(c.channel == kPartner ? 0.7 : (c.channel == kPhone ? 0.35 : 0.04));
  const PersonName who = c.company ? RandomCompany(rng, serial) : RandomPerson(rng, serial);
  c.display_name = who.display_name;
  if (c.company || rng.Chance(0.8)) c.email = who.email;
  if (rng.Chance(c.company ? 0.95 : 0.75)) c.phone = RandomMobile(rng);
  if (c.company || c.channel == kPhone || c.channel == kPartner || rng.Chance(0.3)) {
    c.rep = RepOfRegion(rng, c.region);
  }
  c.acquisition = AcquisitionOf(rng, c.channel);
  // Log-normal buying frequency: most buy rarely, a few often; companies more.
  c.buy_weight = std::exp(rng.Normal(c.company ? std::log(4.0) : 0.0, 0.9));
  // A third stop buying some months after they arrive.
  c.churn = absl::CivilDay(2199, 12, 31);
  if (rng.Chance(0.33))
    c.churn = arrival + 30 + static_cast<int64_t>(-250.0 * std::log(1 - rng.Uniform()));
  return c;
}

}  // namespace

std::vector<CustomerPlan> PlanCustomers(const DemoOptions& options) {
  Random rng = Random::Stream(options.seed, "customers");
  const DemoPeriod& p = options.period;
  std::vector<CustomerPlan> out;
  // The customers the company already had: a month of orders' worth.
  const int64_t initial = static_cast<int64_t>(std::lround(options.orders_per_day * 30));
  for (int64_t i = 0; i < initial; ++i) {
    out.push_back(NewCustomer(rng, options, p.first, static_cast<int64_t>(out.size()) + 1));
  }
  for (absl::CivilDay d = p.first; d <= p.last; ++d) {
    const double lambda =
        options.orders_per_day * 0.2 *
        std::pow(1 + options.growth_per_year, static_cast<double>(d - p.first) / 365.25) *
        std::sqrt(DemandWeight(d, p.first, 0));
    const int64_t n = rng.Poisson(lambda);
    for (int64_t i = 0; i < n; ++i) {
      out.push_back(NewCustomer(rng, options, d, static_cast<int64_t>(out.size()) + 1));
    }
  }
  return out;
}

std::vector<std::string> CustomerTags(const CustomerPlan& c) {
  static constexpr const char* kChannelTag[] = {"store", "web", "phone", "partner"};
  if (c.lead >= 0) return {"b2b", kChannelTag[c.channel]};
  std::vector<std::string> tags = {kChannelTag[c.channel], kRegions[c.region]};
  if (c.company) tags.push_back("b2b");
  return tags;
}

}  // namespace sales::demo
