// Locked months, locked statements and the credits they accounted for, and the credits a
// statement is computed from (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "common/db/transaction.h"
#include "services/incentives/src/domain/statement.h"

namespace sales::incentives::store {

// Locked months, "YYYY-MM", ascending.
std::vector<std::string> ListLockedPeriods(db::Transaction& tx);
// How a transaction holds the period guard (migration V006) until it ends: kShared for a
// write checked against the locked months (a target's), kExclusive for LockPeriod.
enum class PeriodGuard { kShared, kExclusive };
// ListLockedPeriods under the period guard, taken first: a shared holder waits for a
// LockPeriod in flight and then reads its month as locked; LockPeriod waits for the shared
// holders in flight, so the targets it reads next are theirs, committed.
std::vector<std::string> ListLockedPeriodsGuarded(db::Transaction& tx, PeriodGuard guard);
// Inserts the month's lock row: a second lock of the month waits on the first one's row and
// then fails on the duplicate key.
void InsertLockedPeriod(db::Transaction& tx, const std::string& period, absl::Time at);

struct StatementRow {
  int64_t id = 0;
  std::string rep_id;
  std::string period;  // "YYYY-MM"
  int64_t plan_id = 0;
  int version = 0;
  int64_t total = 0;
  int64_t draw_balance = 0;
  std::string body;  // the Statement message's bytes
  absl::Time locked_at = absl::InfinitePast();

  static StatementRow Read(const db::RowReader& r);
};

int64_t InsertStatement(db::Transaction& tx, const StatementRow& row);
std::optional<StatementRow> FindStatement(db::Transaction& tx, const std::string& rep_id,
                                          const std::string& period);
// The month's locked statements, by rep id.
std::vector<StatementRow> ListStatementsOfPeriod(db::Transaction& tx, const std::string& period);
// The month's locked statements of `rep_ids` only (a page of reps), by rep id.
std::vector<StatementRow> ListStatementsOfReps(db::Transaction& tx, const std::string& period,
                                               const std::vector<std::string>& rep_ids);

// Records that a locked statement accounted for `credit_ids` of `home_period`.
void InsertStatementCredits(db::Transaction& tx, int64_t statement_id, const std::string& rep_id,
                            const std::string& home_period, const std::vector<int64_t>& credit_ids);
// The credits accounted for a rep's month (in its statement or in later adjustments).
std::vector<int64_t> ListAccountedCredits(db::Transaction& tx, const std::string& rep_id,
                                          const std::string& home_period);

// A credit as a statement reads it, with its rep and its lines.
struct StatementCreditRow {
  std::string rep_id;
  domain::StatementCredit credit;
};

// The credits whose day or original day is in [first, end), of `rep_ids` (of every rep
// when it is empty), by id.
std::vector<StatementCreditRow> ListCreditsOfDays(db::Transaction& tx,
                                                  const std::vector<std::string>& rep_ids,
                                                  absl::CivilDay first, absl::CivilDay end);
// The same, only the credits no locked statement accounted for.
std::vector<StatementCreditRow> ListUnaccountedCredits(db::Transaction& tx,
                                                       const std::vector<std::string>& rep_ids,
                                                       absl::CivilDay first, absl::CivilDay end);
// The credits `ids`, by id.
std::vector<StatementCreditRow> ListCreditsByIds(db::Transaction& tx,
                                                 const std::vector<int64_t>& ids);

// The amounts of the targets of `metric` (numbered as domain::Metric) for the period label
// ("2026-10", "2026-Q4", "2026") of the reps `rep_ids` (of every rep when it is empty), by
// rep id.
std::map<std::string, int64_t> RepTargets(db::Transaction& tx, int metric,
                                          const std::string& period,
                                          const std::vector<std::string>& rep_ids);

}  // namespace sales::incentives::store
