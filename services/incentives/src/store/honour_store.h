// Honours and the record of closed periods (inside the caller's transaction). Honours are
// inserted once and never updated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "common/db/transaction.h"

namespace sales::incentives::store {

// Numbers as stored and as in sales.incentives.v1.HonourKind.
enum class HonourKind { kSalesStar = 1, kBestTeam = 2 };

struct HonourRow {
  int64_t id = 0;
  HonourKind kind = HonourKind::kSalesStar;
  std::string period;   // label
  std::string rep_id;   // empty: none
  int64_t team_id = 0;  // 0: none
  int64_t figure = 0;
  int64_t actual = 0;
  int64_t target_amount = 0;
  bool tied = false;
  absl::Time recorded_at = absl::InfinitePast();

  static HonourRow Read(const db::RowReader& r);
};

// Whether (kind, period) was closed; locks the record (or the gap where it would be) so
// that two closes of one period run one after the other.
bool IsClosed(db::Transaction& tx, HonourKind kind, const std::string& period);
void RecordClose(db::Transaction& tx, HonourKind kind, const std::string& period, absl::Time at);
// Inserts the honours; returns them with their ids.
std::vector<HonourRow> InsertHonours(db::Transaction& tx, std::vector<HonourRow> rows);
// The honours of (kind, period), by id.
std::vector<HonourRow> ListHonoursOf(db::Transaction& tx, HonourKind kind,
                                     const std::string& period);

struct HonourFilter {
  std::string period;   // empty: any
  std::string rep_id;   // empty: any
  int64_t team_id = 0;  // 0: any
};
std::vector<HonourRow> ListHonours(db::Transaction& tx, const HonourFilter& filter,
                                   int64_t after_id, int limit);

}  // namespace sales::incentives::store

namespace sales::db {
template <>
struct EnumColumn<incentives::store::HonourKind>
    : DenseEnumColumn<incentives::store::HonourKind, 1, 2> {
  static constexpr std::string_view kName = "HonourKind";
};
}  // namespace sales::db
