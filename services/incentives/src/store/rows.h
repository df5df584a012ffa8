// Row structs of the incentives schema (migrations/V001__organisation_and_targets.sql):
// plain values as stored, enums as their domain types, days as civil days. Each maps itself
// once (common/db/row_mapping.h): `Read` by column name, `Bind` in its INSERT's column
// order. Definitions in rows.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/target.h"

namespace sales::incentives::store {

struct TeamRow {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0: a top-level team (NULL)
  std::string display_name;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();

  static TeamRow Read(const db::RowReader& r);
  // parent_id, display_name, created_at, updated_at.
  void Bind(db::ParamWriter& p) const;
};

struct RepRow {
  int64_t id = 0;      // list order
  std::string rep_id;  // the id of "reps/{id}"
  std::string display_name;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();

  static RepRow Read(const db::RowReader& r);
  // rep_id, display_name, created_at, updated_at.
  void Bind(db::ParamWriter& p) const;
};

// A membership row: the rep and its span.
struct MembershipRow {
  std::string rep_id;
  domain::MembershipSpan span;

  static MembershipRow Read(const db::RowReader& r);
};

struct TargetRow {
  int64_t id = 0;
  domain::Metric metric = domain::Metric::kRevenue;
  domain::Period period;
  domain::Owner owner;
  int64_t amount = 0;
  absl::Time deadline = absl::InfinitePast();
  int64_t parent_id = 0;                        // 0: set directly (NULL)
  std::optional<domain::SplitMode> split_mode;  // nullopt while it has no children (0)
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();

  static TargetRow Read(const db::RowReader& r);
  // metric, period, owner_kind, owner_key, amount, deadline, parent_id, split_mode,
  // created_at, updated_at.
  void Bind(db::ParamWriter& p) const;
};

// A DATE column's value for a day; kOpenEnd binds as NULL.
db::SqlParam DayParam(absl::CivilDay day);
// credits.packed_lines: the lines packed (packed_lines.h); no lines binds as NULL.
db::SqlParam PackedLinesParam(const std::vector<domain::CreditLine>& lines);
// A DATE column selected as DATE_FORMAT(column, '%Y-%m-%d'); NULL reads as kOpenEnd. A value
// that is not a day is refused like any bad row value.
absl::CivilDay ReadDay(const db::RowReader& r, const char* column);

}  // namespace sales::incentives::store

namespace sales::db {
template <>
struct EnumColumn<incentives::domain::Metric> : DenseEnumColumn<incentives::domain::Metric, 1, 4> {
  static constexpr std::string_view kName = "Metric";
};
template <>
struct EnumColumn<incentives::domain::OwnerKind>
    : DenseEnumColumn<incentives::domain::OwnerKind, 1, 3> {
  static constexpr std::string_view kName = "OwnerKind";
};
template <>
struct EnumColumn<incentives::domain::SplitMode>
    : DenseEnumColumn<incentives::domain::SplitMode, 1, 3> {
  static constexpr std::string_view kName = "SplitMode";
};
}  // namespace sales::db
