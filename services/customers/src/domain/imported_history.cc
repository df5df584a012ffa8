#include "services/customers/src/domain/imported_history.h"

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace sales::customers::domain {
namespace {

absl::Status Invalid(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", field, problem));
}

std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", t, absl::UTCTimeZone());
}

}  // namespace

absl::Status CheckPastTime(std::string_view field, absl::Time t, absl::Time now) {
  if (t == absl::InfinitePast()) return Invalid(field, "is required");
  if (t > now) {
    return Invalid(field,
                   absl::StrFormat("is in the future (%s is after now, %s)", Utc(t), Utc(now)));
  }
  if (t < absl::FromCivil(absl::CivilSecond(1970, 1, 2), absl::UTCTimeZone())) {
    return Invalid(field, "is before 1970");
  }
  return absl::OkStatus();
}

absl::StatusOr<LeadStage> CheckImportedHistory(std::string_view field, absl::Time created,
                                               const std::vector<ImportedMove>& moves,
                                               absl::Time now) {
  if (moves.size() > kMaxImportedMoves) {
    return Invalid(field, absl::StrFormat("at most %d moves are allowed", kMaxImportedMoves));
  }
  LeadStage stage = LeadStage::kLead;
  absl::Time last = created;
  for (size_t i = 0; i < moves.size(); ++i) {
    const ImportedMove& move = moves[i];
    const std::string item = absl::StrFormat("%s[%d]", field, i);
    const std::string time_field = item + ".change_time";
    if (absl::Status s = CheckPastTime(time_field, move.at, now); !s.ok()) return s;
    if (move.at < last) {
      return Invalid(time_field, i == 0 ? std::string("is before the lead's create_time")
                                        : absl::StrFormat("is before the move before it (%s[%d])",
                                                          field, i - 1));
    }
    if (absl::Status s = CheckTransition(stage, move.to, move.lost_reason); !s.ok()) {
      // The table's answer, as an INVALID_ARGUMENT about this move: the history is input.
      const std::string message(s.message());
      constexpr std::string_view kReasonPrefix = "lost_reason: ";
      if (message.rfind(kReasonPrefix, 0) == 0) {
        return Invalid(item + ".lost_reason", message.substr(kReasonPrefix.size()));
      }
      return Invalid(item + ".stage", message);
    }
    stage = move.to;
    last = move.at;
  }
  return stage;
}

}  // namespace sales::customers::domain
