// Complaint KPIs: how often customers complain, how fast complaints are resolved and what
// they are about, from the complaints and categorised feedback the customers feed carries.
//
// - Complaint rate: complaints made in the period (their interaction's occur time falls in
//   it) per 100 orders placed in it and not cancelled (the KPIs' `orders`). ISO 10002:2018
//   (complaints handling) asks that complaints be counted and monitored but prescribes no
//   ratio; the ratio to orders, per 100, is the one stated here.
// - Time to resolve: for the complaints made in the period, the time from the complaint to
//   its resolution. Complaints still open count as still open: they are right-censored at
//   their age at `as_of` (the time of the query), and the median and 90th percentile are
//   those of the Kaplan-Meier estimate of the resolution-time distribution (Kaplan and Meier,
//   "Nonparametric Estimation from Incomplete Observations", JASA 53(282), 1958): the
//   smallest time t with 1 - S(t) >= q (Klein and Moeschberger, "Survival Analysis", 2nd ed.,
//   2003, section 4.5). A quantile is absent when too many complaints are still open for the
//   estimate to reach it. Without open complaints this is the inverse of the empirical
//   distribution function (Hyndman and Fan 1996, definition 1). A resolution and a
//   censoring at the same time: the resolution comes first (the usual convention).
// - Complaints by category: complaints made in the period per feedback category, and of
//   them the ones still open; beside them every piece of categorised feedback (interactions
//   and survey answers, complaints included) of the period per category.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace sales::analytics::domain {

struct ComplaintRate {
  int64_t complaints = 0;
  int64_t orders = 0;
  std::optional<double> per_100_orders;  // 100 * complaints / orders; absent without orders
};

ComplaintRate ComplaintRateOf(int64_t complaints, int64_t orders);

// A complaint or a categorised piece of feedback made in the period.
struct FeedbackItem {
  std::string category;  // FeedbackCategory name, "" when not given
  bool complaint = false;
  absl::Time made;
  std::optional<absl::Time> resolved;  // complaints only; absent while open
};

// One observation of a survival time: `time` (any unit), and whether the event (here: the
// resolution) happened then (true) or the observation was censored then (false).
struct SurvivalTime {
  double time = 0;
  bool event = false;
};

// The Kaplan-Meier q-quantile of `times` (order irrelevant): the smallest event time t with
// 1 - S(t) >= q; absent when the estimate never reaches q (or there is no observation).
std::optional<double> KaplanMeierQuantile(std::vector<SurvivalTime> times, double q);

struct ResolutionTimes {
  int64_t complaints = 0;  // complaints the figures cover
  int64_t resolved = 0;    // of them resolved (at any time up to as_of)
  int64_t open = 0;        // still open at as_of, censored at their age then
  std::optional<double> median_hours;
  std::optional<double> p90_hours;
};

// Over the complaints among `items` (others are ignored); times in hours of elapsed time,
// never below 0. A resolution after `as_of` does not happen (the complaint is open then).
ResolutionTimes ResolutionTimesOf(const std::vector<FeedbackItem>& items, absl::Time as_of);

struct CategoryCount {
  std::string category;
  int64_t complaints = 0;
  int64_t open = 0;      // of the complaints, open at as_of
  int64_t feedback = 0;  // categorised feedback, complaints included
};

// Per category (by name; "" for complaints without a category), every category with a
// complaint or feedback, by name.
std::vector<CategoryCount> ByCategory(const std::vector<FeedbackItem>& items, absl::Time as_of);

}  // namespace sales::analytics::domain
