#include "services/incentives/src/store/rows.h"

#include <cppconn/exception.h>

#include "absl/strings/str_cat.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/packed_lines.h"

namespace sales::incentives::store {

absl::CivilDay ReadDay(const db::RowReader& r, const char* column) {
  if (r.IsNull(column)) return domain::kOpenEnd;
  const std::string text = r.String(column);
  absl::StatusOr<absl::CivilDay> day = domain::ParseDay(column, text);
  if (!day.ok()) {
    throw sql::SQLException(absl::StrCat("bad day in column ", column, ": ", text), "HY000",
                            db::kErrBadRowValue);
  }
  return *day;
}

namespace {

domain::Period ReadPeriod(const db::RowReader& r, const char* column) {
  const std::string text = r.String(column);
  absl::StatusOr<domain::Period> period = domain::ParsePeriod(column, text);
  if (!period.ok()) {
    throw sql::SQLException(absl::StrCat("bad period in column ", column, ": ", text), "HY000",
                            db::kErrBadRowValue);
  }
  return *period;
}

}  // namespace

db::SqlParam DayParam(absl::CivilDay day) {
  if (day == domain::kOpenEnd) return nullptr;
  return domain::DayText(day);
}

db::SqlParam PackedLinesParam(const std::vector<domain::CreditLine>& lines) {
  if (lines.empty()) return nullptr;
  return PackLines(lines);
}

TeamRow TeamRow::Read(const db::RowReader& r) {
  TeamRow row;
  row.id = r.Int64("id");
  row.parent_id = r.Int64OrZero("parent_id");
  row.display_name = r.String("display_name");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  return row;
}

void TeamRow::Bind(db::ParamWriter& p) const {
  p.Add(db::NullIfZero(parent_id)).Add(display_name).Add(created_at).Add(updated_at);
}

RepRow RepRow::Read(const db::RowReader& r) {
  RepRow row;
  row.id = r.Int64("id");
  row.rep_id = r.String("rep_id");
  row.display_name = r.String("display_name");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  return row;
}

void RepRow::Bind(db::ParamWriter& p) const {
  p.Add(rep_id).Add(display_name).Add(created_at).Add(updated_at);
}

MembershipRow MembershipRow::Read(const db::RowReader& r) {
  MembershipRow row;
  row.rep_id = r.String("rep_id");
  row.span.id = r.Int64("id");
  row.span.team = r.Int64("team_id");
  row.span.first_day = ReadDay(r, "first_day");
  row.span.end_day = ReadDay(r, "end_day");
  return row;
}

TargetRow TargetRow::Read(const db::RowReader& r) {
  TargetRow row;
  row.id = r.Int64("id");
  row.metric = r.Enum<domain::Metric>("metric");
  row.period = ReadPeriod(r, "period");
  row.owner = domain::OwnerFromKey(r.Enum<domain::OwnerKind>("owner_kind"), r.String("owner_key"));
  row.amount = r.Int64("amount");
  row.deadline = r.Time("deadline");
  row.parent_id = r.Int64OrZero("parent_id");
  row.split_mode = r.OptionalEnum<domain::SplitMode>("split_mode");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  return row;
}

void TargetRow::Bind(db::ParamWriter& p) const {
  p.Add(metric)
      .Add(period.Label())
      .Add(owner.kind)
      .Add(owner.Key())
      .Add(amount)
      .Add(deadline)
      .Add(db::NullIfZero(parent_id))
      .Add(split_mode)
      .Add(created_at)
      .Add(updated_at);
}

}  // namespace sales::incentives::store
