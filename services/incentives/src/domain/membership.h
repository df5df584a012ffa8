// Effective-dated team membership: a rep belongs to at most one team on any day, as a
// sequence of spans [first_day, end_day) that never overlap, oldest first.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace sales::incentives::domain {

// The day after any real day: the end of an open span.
inline const absl::CivilDay kOpenEnd(10000, 1, 1);

struct MembershipSpan {
  int64_t id = 0;  // the stored row's id (0 for a span not stored yet)
  int64_t team = 0;
  absl::CivilDay first_day;
  absl::CivilDay end_day = kOpenEnd;  // the day after the last one; kOpenEnd while open

  bool open() const { return end_day == kOpenEnd; }
  bool Holds(absl::CivilDay day) const { return first_day <= day && day < end_day; }
  friend bool operator==(const MembershipSpan&, const MembershipSpan&) = default;
};

// What MoveRep changes: the span to close (its id and new end day), or the span whose team
// changes when the move takes effect on that span's first day, and the span to open.
struct MembershipMove {
  bool unchanged = false;                    // already in the team: nothing to do
  std::optional<MembershipSpan> closed;      // the current span with its new end_day
  std::optional<MembershipSpan> retargeted;  // the current span with its new team
  std::optional<MembershipSpan> opened;      // the new open span
};

// A move of a rep whose spans are `spans` (oldest first) to `team` from `day` on:
// - no span, or the last one ended before `day`: open a new span;
// - the last span already in `team` and holding `day` or open: nothing changes;
// - `day` after the last span's first day: that span ends the day before, a new one opens;
// - `day` on the last span's first day: that span changes team (a span of no days is never
//   kept);
// - `day` before the last span's first day: FAILED_PRECONDITION naming effective_day
//   (history is not rewritten).
absl::StatusOr<MembershipMove> PlanMove(const std::vector<MembershipSpan>& spans, int64_t team,
                                        absl::CivilDay day);

// The span that holds `day`, if any.
std::optional<MembershipSpan> SpanOn(const std::vector<MembershipSpan>& spans, absl::CivilDay day);

// The spans of `team` clipped to [first, end), oldest first, and the days they cover.
struct TeamTime {
  std::vector<MembershipSpan> spans;
  int days = 0;
};
TeamTime TimeInTeam(const std::vector<MembershipSpan>& spans, int64_t team, absl::CivilDay first,
                    absl::CivilDay end);

}  // namespace sales::incentives::domain
