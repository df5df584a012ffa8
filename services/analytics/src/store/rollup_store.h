// The daily rollup (kpi_days) and its monthly twin (kpi_months, each row the sum of the day
// rows of its calendar month): deltas added to both as events arrive, and the sums every KPI
// answer reads, whole months from kpi_months and the days around them from kpi_days, so that
// a year is at most 12 month rows (and up to 60 day rows) of one slice member instead of 366.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/store/statement_part.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// The deltas of many events merged per (dimension, member, day), to be added in one go.
// The rows written are exactly those that adding each event's deltas on its own would
// write: a row some event changed is written even when the deltas come to zero in the end
// (an order placed and cancelled leaves its rows, at zero, as it would event by event).
class RollupDeltas final {
 public:
  // Adds the deltas of one event (merged per day and slice first, as AddDeltas does).
  void Add(const std::vector<domain::DayDelta>& deltas);
  bool empty() const { return rows_.empty(); }

 private:
  friend class RollupStore;
  struct Key {
    domain::Dimension dimension;
    std::string member;
    absl::CivilDay day;
    friend bool operator==(const Key&, const Key&) = default;
    friend bool operator<(const Key& a, const Key& b) {
      return std::tie(a.dimension, a.member, a.day) < std::tie(b.dimension, b.member, b.day);
    }
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.dimension, k.member, k.day - absl::CivilDay());
    }
  };
  // Hashed while merging (a batch adds thousands of deltas); written sorted by key.
  absl::flat_hash_map<Key, domain::Measures> rows_;
};

// Adds up RollupStore::RangesPart's rows into the ranges they fall in (a row inside
// overlapping ranges, as a year's previous period and the year before, counts in each).
class RangeSums final {
 public:
  // A part of a range: days [from, to) of kpi_days (table 0), or the months whose first days
  // are in [from, to) of kpi_months (table 1).
  struct Part {
    size_t range;
    int table;
    absl::CivilDay from;
    absl::CivilDay to;
  };
  explicit RangeSums(const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges);
  // Adds the current row of `rs` when it is one of RangesPart's (by its tag in column 1);
  // false, and nothing added, for any other row.
  bool Add(sql::ResultSet& rs);
  // The parts RollupStore::RangesPart reads.
  const std::vector<Part>& parts() const { return parts_; }
  // The measures per range.
  std::vector<domain::Measures> Take() && { return std::move(sums_); }

 private:
  // The parts of each range: the whole calendar months inside it from kpi_months, the days
  // before and after them from kpi_days (a range without a whole month: its days).
  static std::vector<Part> PartsOf(
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges);

  std::vector<Part> parts_;
  std::vector<domain::Measures> sums_;
};

// The rollup of one table set (the live table, or the twin a rebuild fills).
class RollupStore final {
 public:
  explicit RollupStore(TableSet set);

  // Adds `deltas` (one multi-row upsert; deltas of one day and slice merged first).
  void AddDeltas(db::Transaction& tx, const std::vector<domain::DayDelta>& deltas) const;
  // Adds merged deltas to the day rows and to the month rows of the same keys (multi-row
  // upserts of at most 256 rows each, every kpi_days row in key order, then every
  // kpi_months row, so that concurrent writers lock rows in one order). A statement binds
  // only the measure groups that some of its rows change; the columns left out keep their
  // value (0 in a new row), which is what adding 0 would leave.
  void Add(db::Transaction& tx, const RollupDeltas& deltas) const;

  // The measures of `slice` summed over each of `ranges` ([from, to) days; they may
  // overlap), in one statement: a KPI answer's period, previous period and year before.
  // The whole calendar months inside a range are read from kpi_months, the days before the
  // first and after the last whole month from kpi_days; the sums equal the day rows'
  // (each month row is the sum of its day rows, kept so by Add and by migration V011).
  std::vector<domain::Measures> SumRanges(
      db::Transaction& tx, const domain::SliceKey& slice,
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) const;

  // SumRanges' rows, for a caller that reads more in the same statement (UNION ALL): rows of
  // (kDayRowTag or kMonthRowTag, the row's day as days since 1970-01-01, then the
  // kMeasureCount measures), each day or month row inside any part of `sums` once, to be added
  // up by `sums`. Its ranges must not be empty.
  StatementPart RangesPart(const domain::SliceKey& slice, const RangeSums& sums) const;
  static constexpr int64_t kDayRowTag = 1;
  static constexpr int64_t kMonthRowTag = 2;
  // The measures of a row of RangesPart's shape, from column `first` (1-based) on.
  static domain::Measures ReadMeasures(sql::ResultSet& rs, int first);

  // The measures of every member of `dimension` summed over the days [from, to), by member
  // (whole months from kpi_months, as SumRanges).
  std::vector<std::pair<std::string, domain::Measures>> SumByMember(db::Transaction& tx,
                                                                    domain::Dimension dimension,
                                                                    absl::CivilDay from,
                                                                    absl::CivilDay to) const;

  // The measures of `slice` per day over [from, to), days without a row left out, oldest
  // first.
  std::vector<std::pair<absl::CivilDay, domain::Measures>> DailyMeasures(
      db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
      absl::CivilDay to) const;

 private:
  // Upserts `rows` into kpi_days (table 0) or kpi_months (table 1), sorting them by key.
  void WriteRows(db::Transaction& tx, int table,
                 std::vector<std::pair<RollupDeltas::Key, domain::Measures>>& rows) const;

  // Built once from the fixed column list and the table set, never from values.
  const std::string table_suffix_;
  // Per table (days, months) and measure-group mask: the upsert's prefix and suffix.
  std::vector<std::string> upsert_prefix_[2];
  std::vector<std::string> upsert_suffix_[2];
  const std::string by_member_sql_;
  const std::string daily_sql_;
};

}  // namespace sales::analytics::store
