#include "services/incentives/src/domain/membership.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/team_tree.h"

namespace sales::incentives::domain {

absl::StatusOr<MembershipMove> PlanMove(const std::vector<MembershipSpan>& spans, int64_t team,
                                        absl::CivilDay day) {
  MembershipMove move;
  const MembershipSpan fresh{0, team, day, kOpenEnd};
  if (spans.empty()) {
    move.opened = fresh;
    return move;
  }
  const MembershipSpan& last = spans.back();
  if (day < last.first_day) {
    return absl::FailedPreconditionError(
        absl::StrCat("effective_day: ", DayText(day), " is before the current membership of ",
                     TeamName(last.team), ", which starts on ", DayText(last.first_day),
                     "; earlier history is not rewritten"));
  }
  if (last.team == team && (last.open() || day < last.end_day)) {
    move.unchanged = true;
    return move;
  }
  if (day >= last.end_day) {  // the last span ended before: a new one after a gap
    move.opened = fresh;
    return move;
  }
  if (day == last.first_day) {
    MembershipSpan retargeted = last;
    retargeted.team = team;
    move.retargeted = retargeted;
    return move;
  }
  MembershipSpan closed = last;
  const absl::CivilDay old_end = last.end_day;
  closed.end_day = day;
  move.closed = closed;
  MembershipSpan opened = fresh;
  opened.end_day = old_end;  // a closed last span keeps its end in the new team
  move.opened = opened;
  return move;
}

std::optional<MembershipSpan> SpanOn(const std::vector<MembershipSpan>& spans, absl::CivilDay day) {
  for (const MembershipSpan& span : spans) {
    if (span.Holds(day)) return span;
  }
  return std::nullopt;
}

TeamTime TimeInTeam(const std::vector<MembershipSpan>& spans, int64_t team, absl::CivilDay first,
                    absl::CivilDay end) {
  TeamTime time;
  for (const MembershipSpan& span : spans) {
    if (span.team != team) continue;
    const absl::CivilDay from = std::max(span.first_day, first);
    const absl::CivilDay to = std::min(span.end_day, end);
    if (from >= to) continue;
    MembershipSpan clipped = span;
    clipped.first_day = from;
    clipped.end_day = to;
    time.days += static_cast<int>(to - from);
    time.spans.push_back(clipped);
  }
  return time;
}

}  // namespace sales::incentives::domain
