// Categorised feedback: the categories of interactions and survey answers, and the
// resolution of complaints (OPEN -> RESOLVED, once) with their time to resolve.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace sales::customers::domain {

// Values equal the proto FeedbackCategory numbers; kNone: not given.
enum class FeedbackCategory {
  kNone = 0,
  kProduct = 1,
  kPrice = 2,
  kDelivery = 3,
  kService = 4,
  kOther = 5
};
// Values equal the proto ComplaintState numbers; kNone: not a complaint.
enum class ComplaintState { kNone = 0, kOpen = 1, kResolved = 2 };

// A category number from a request: 0 (not given) or a known category; INVALID_ARGUMENT
// naming `field` otherwise, and also for 0 when `required`.
absl::StatusOr<FeedbackCategory> ParseCategory(std::string_view field, int number, bool required);

// Whether the interaction `name` in `state` can be resolved now: true for an OPEN
// complaint; false for a RESOLVED one (resolving again changes nothing);
// FAILED_PRECONDITION for an interaction that is not a complaint.
absl::StatusOr<bool> CanResolve(std::string_view name, ComplaintState state);

// How long a complaint took to resolve: resolved_at - occurred_at, never negative (a
// complaint logged with a later occur_time than its resolution counts as resolved at once).
absl::Duration TimeToResolve(absl::Time occurred_at, absl::Time resolved_at);

}  // namespace sales::customers::domain
