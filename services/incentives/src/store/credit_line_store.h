// The lines of credits (what each credit is made of) and of returns kept until their order
// completes (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/domain/membership.h"

namespace sales::incentives::store {

struct CreditLineRow {
  int64_t credit_id = 0;
  int line_no = 0;
  std::string rep_id;
  absl::CivilDay day;
  absl::CivilDay original_day = domain::kOpenEnd;  // kOpenEnd: not a reversal
  domain::CreditLine line;
};

// Inserts the rows, a few multi-row statements.
void InsertCreditLines(db::Transaction& tx, const std::vector<CreditLineRow>& rows);

// The lines of every credit whose day, or original day, is in [first, end), of `rep_ids`
// (of every rep when it is empty), in no particular order.
std::vector<CreditLineRow> ListCreditLinesOfDays(db::Transaction& tx,
                                                 const std::vector<std::string>& rep_ids,
                                                 absl::CivilDay first, absl::CivilDay end);
// The lines of the credits `ids`, by credit id then line number.
std::vector<CreditLineRow> ListCreditLinesOf(db::Transaction& tx, const std::vector<int64_t>& ids);

// The lines of a return kept until its order completes.
void InsertReturnLines(db::Transaction& tx, const std::string& return_name,
                       const std::vector<domain::SoldLine>& lines);
std::vector<domain::SoldLine> ListReturnLines(db::Transaction& tx, const std::string& return_name);

}  // namespace sales::incentives::store
