#include "services/incentives/src/api/mapping.h"

#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/team_tree.h"

namespace sales::incentives::api {
namespace {

// DATETIME(6) holds years 1000-9999; times here are limited to 1970-9999.
constexpr int64_t kMaxUnixSeconds = 253402300799;  // 9999-12-31T23:59:59Z

}  // namespace

v1::Team ToProto(const store::TeamRow& row) {
  v1::Team team;
  team.set_name(domain::TeamName(row.id));
  if (row.parent_id != 0) team.set_parent(domain::TeamName(row.parent_id));
  team.set_display_name(row.display_name);
  SetProtoTime(row.created_at, team.mutable_create_time());
  SetProtoTime(row.updated_at, team.mutable_update_time());
  return team;
}

v1::Rep ToProto(const store::RepRow& row, const std::optional<domain::MembershipSpan>& current) {
  v1::Rep rep;
  rep.set_name(absl::StrCat("reps/", row.rep_id));
  rep.set_display_name(row.display_name);
  if (current.has_value()) {
    rep.set_team(domain::TeamName(current->team));
    rep.set_team_since(domain::DayText(current->first_day));
  }
  SetProtoTime(row.created_at, rep.mutable_create_time());
  SetProtoTime(row.updated_at, rep.mutable_update_time());
  return rep;
}

v1::Membership ToProto(const std::string& rep_id, const domain::MembershipSpan& span) {
  v1::Membership m;
  m.set_rep(absl::StrCat("reps/", rep_id));
  m.set_team(domain::TeamName(span.team));
  m.set_first_day(domain::DayText(span.first_day));
  if (!span.open()) m.set_last_day(domain::DayText(span.end_day - 1));
  return m;
}

v1::Target ToProto(const store::TargetRow& row, const HandlerContext& ctx) {
  v1::Target t;
  t.set_name(absl::StrCat("targets/", row.id));
  t.set_metric(static_cast<v1::Metric>(row.metric));
  t.set_period(row.period.Label());
  t.set_owner(row.owner.Name());
  t.set_amount(row.amount);
  if (domain::IsMoney(row.metric)) t.set_currency_code(ctx.currency);
  SetProtoTime(row.deadline, t.mutable_deadline());
  if (row.parent_id != 0) t.set_parent(absl::StrCat("targets/", row.parent_id));
  if (row.split_mode.has_value()) t.set_split_mode(static_cast<v1::SplitMode>(*row.split_mode));
  SetProtoTime(row.created_at, t.mutable_create_time());
  SetProtoTime(row.updated_at, t.mutable_update_time());
  return t;
}

absl::StatusOr<int64_t> ParseTeamName(std::string_view field, std::string_view name) {
  return ParseCollectionName(field, "teams", name);
}

absl::StatusOr<std::string> ParseRepName(std::string_view field, std::string_view name) {
  RETURN_IF_ERROR(ValidateRepName(field, name));
  return std::string(name.substr(5));
}

absl::StatusOr<int64_t> ParseTargetName(std::string_view field, std::string_view name) {
  return ParseCollectionName(field, "targets", name);
}

absl::StatusOr<absl::Time> RequiredTime(std::string_view field, bool is_set,
                                        const google::protobuf::Timestamp& ts) {
  if (!is_set) return InvalidField(field, "is required");
  if (ts.seconds() < 0 || ts.seconds() > kMaxUnixSeconds || ts.nanos() < 0 ||
      ts.nanos() > 999999999) {
    return InvalidField(field, "must be a valid time between 1970 and 9999");
  }
  return absl::FromUnixMicros(ts.seconds() * 1000000 + ts.nanos() / 1000);
}

absl::CivilDay Today(const HandlerContext& ctx) { return absl::ToCivilDay(absl::Now(), ctx.zone); }

}  // namespace sales::incentives::api
