// A customer's purchases summarised the way the BG/NBD and Gamma-Gamma models read them
// (Fader, Hardie and Lee 2005; the conventions of their CDNOW analyses and of the lifetimes
// library's summary_data_from_transaction_data):
// - purchases on the same day (in the business time zone) count once, amounts summed;
// - frequency x: the number of days with a purchase after the first one (repeat purchases);
// - recency t_x: the time from the first purchase to the last one;
// - age T: the time from the first purchase to the end of calibration;
// - customers whose first purchase is after the end of calibration are left out, and
//   purchases after it are not part of the calibration;
// - the monetary value: the mean amount of the repeat purchases (the first one excluded),
//   defined for x > 0 only.
// Times are in days or weeks (a week is 7 days; fractions of a week stay).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "absl/time/civil_time.h"

namespace sales::analytics::domain {

struct Purchase {
  int64_t customer_id = 0;
  absl::CivilDay day;        // in the business time zone
  int64_t amount_minor = 0;  // what the purchase came to, net
};

enum class TimeUnit { kDay, kWeek };

struct PurchaseHistory {
  int64_t customer_id = 0;
  int frequency = 0;   // x
  double recency = 0;  // t_x
  double age = 0;      // T
  // Mean of the repeat purchase days' amounts, minor units; 0 when frequency is 0.
  double mean_repeat_amount_minor = 0;
};

// One history per customer with a purchase on or before `calibration_end` (inclusive), in
// customer_id order.
std::vector<PurchaseHistory> SummarizePurchases(const std::vector<Purchase>& purchases,
                                                absl::CivilDay calibration_end, TimeUnit unit);

// Days with a purchase after `calibration_end`, up to `holdout_end` (inclusive), per customer
// who had a purchase on or before `calibration_end`: what a holdout check compares the
// models' expected purchases with.
std::map<int64_t, int> HoldoutPurchaseDays(const std::vector<Purchase>& purchases,
                                           absl::CivilDay calibration_end,
                                           absl::CivilDay holdout_end);

// Days in one unit of time.
double DaysPerUnit(TimeUnit unit);

}  // namespace sales::analytics::domain
