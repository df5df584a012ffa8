// A customer's membership tiers over time, as spans [valid_from, valid_to), kept from the
// customers feed's TierChanged events (the customers service starts every customer, created
// or imported, in its lowest tier without an event, and raises TierChanged each time the
// lifetime spend moves the customer to another tier).
//
// A tier slice counts an order in the tier its customer held when the order was placed:
// the span holding the order's create time. Spans from a customer's first change:
// [kTierHistoryStart, change) in its from_tier (the tier held until then) and
// [change, kTierHistoryEnd) in its to_tier; each later change ends the open span at its own
// time and opens one in its to_tier. A change at or before the open span's start (the same
// instant, or a change told out of time order) retiers the open span instead of opening an
// empty one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace sales::analytics::domain {

// Bounds of the spans before the first and after the last change (the DATETIME range).
absl::Time TierHistoryStart();
absl::Time TierHistoryEnd();

struct TierSpan {
  absl::Time valid_from;
  absl::Time valid_to;
  std::string tier;
  friend bool operator==(const TierSpan&, const TierSpan&) = default;
};

struct TierChange {
  absl::Time at;
  std::string from_tier;  // empty when the customer held no tier
  std::string to_tier;
};

// The spans to write (by valid_from: a span with an existing start replaces it) when
// `change` comes for a customer whose open span is `open` (none before the first change).
std::vector<TierSpan> SpansAfterChange(const std::optional<TierSpan>& open,
                                       const TierChange& change);

}  // namespace sales::analytics::domain
