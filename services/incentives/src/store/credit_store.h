// Credits, the orders they came from and the returns that reverse them (inside the
// caller's transaction).
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
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/domain/credits.h"
#include "services/incentives/src/domain/membership.h"

namespace sales::incentives::store {

struct CreditRow {
  int64_t id = 0;
  std::string order_name;  // "orders/{id}"
  std::string cause;       // "orders/{id}" or "returns/{id}"
  domain::CreditCause cause_kind = domain::CreditCause::kCompleted;
  std::string rep_id;
  domain::CreditKind kind = domain::CreditKind::kRevenue;
  int32_t share_bp = 0;
  domain::SaleAmounts amounts;
  absl::CivilDay day;
  absl::Time credited_at = absl::InfinitePast();
  int64_t reverses_id = 0;                         // 0: not a reversal
  absl::CivilDay original_day = domain::kOpenEnd;  // kOpenEnd: not a reversal
  int64_t team_id = 0;  // read only: the rep's team on `day` (0: unassigned)
  // Write only: what the credit is made of, line by line (SplitOverLines), packed into the
  // credit's row; read back by ListCreditLinesOfDays and ListCreditLinesOf.
  std::vector<domain::CreditLine> lines;

  static CreditRow Read(const db::RowReader& r);
  // The 14 values of the credits columns, in the order of the inserts' column lists
  // (order_name, cause, cause_kind, rep_id, kind, share_bp, revenue, margin, units, day,
  // credited_at, reverses_id, original_day, packed_lines).
  void Bind(db::ParamWriter& w) const;
};

struct CreditedOrderRow {
  std::string order_name;
  bool completed = false;
  absl::CivilDay completed_day = domain::kOpenEnd;
  domain::SaleAmounts credited;
  domain::SaleAmounts returned;  // taken back so far (positive)
  bool cancelled = false;

  static CreditedOrderRow Read(const db::RowReader& r);
};

struct OrderReturnRow {
  std::string return_name;
  std::string order_name;
  domain::SaleAmounts amounts;  // positive: what came back
  absl::Time resolved_at = absl::InfinitePast();
  bool applied = false;

  static OrderReturnRow Read(const db::RowReader& r);
};

std::optional<CreditedOrderRow> FindCreditedOrder(db::Transaction& tx, const std::string& order);
// The rows of those of `orders` incentives has heard of, by order, in a few statements
// (plain reads, no locks).
std::map<std::string, CreditedOrderRow> FindCreditedOrders(db::Transaction& tx,
                                                           const std::vector<std::string>& orders);
// Inserts or replaces the row of its order.
void SaveCreditedOrder(db::Transaction& tx, const CreditedOrderRow& row);

std::optional<OrderReturnRow> FindOrderReturn(db::Transaction& tx, const std::string& return_name);
void InsertOrderReturn(db::Transaction& tx, const OrderReturnRow& row);
// The returns of an order not reversed yet, oldest first.
std::vector<OrderReturnRow> ListPendingReturns(db::Transaction& tx, const std::string& order);
void MarkReturnApplied(db::Transaction& tx, const std::string& return_name);

// Inserts each credit; returns their ids in order.
std::vector<int64_t> InsertCredits(db::Transaction& tx, const std::vector<CreditRow>& rows);
// The credits an order's completion made, in the order of its shares.
std::vector<CreditRow> ListCompletionCredits(db::Transaction& tx, const std::string& order);
// The same for each of `orders` that has them, in a few statements.
std::map<std::string, std::vector<CreditRow>> ListCompletionCreditsOf(
    db::Transaction& tx, const std::vector<std::string>& orders);

// Which credits a ListCredits reads: one rep's, the members' of one team on each credit's
// day, or the unassigned ones.
struct CreditFilter {
  std::string rep_id;
  int64_t team_id = 0;
  bool unassigned = false;
};
// The credits of the filter whose day is in [first, end), by id after `after_id`.
std::vector<CreditRow> ListCredits(db::Transaction& tx, const CreditFilter& filter,
                                   absl::CivilDay first, absl::CivilDay end, int64_t after_id,
                                   int limit);

struct CreditSums {
  domain::SaleAmounts amounts;
  int64_t count = 0;
};
// Every credit (revenue and overlay) of a rep with its day in [first, end).
CreditSums RepTotals(db::Transaction& tx, const std::string& rep_id, absl::CivilDay first,
                     absl::CivilDay end);
// The revenue credits of reps in any of `team_ids` on the credit's day.
CreditSums TeamTotals(db::Transaction& tx, const std::vector<int64_t>& team_ids,
                      absl::CivilDay first, absl::CivilDay end);
// Every revenue credit, unassigned ones included.
CreditSums CompanyTotals(db::Transaction& tx, absl::CivilDay first, absl::CivilDay end);

}  // namespace sales::incentives::store

namespace sales::db {
template <>
struct EnumColumn<incentives::domain::CreditKind>
    : DenseEnumColumn<incentives::domain::CreditKind, 1, 2> {
  static constexpr std::string_view kName = "CreditKind";
};
template <>
struct EnumColumn<incentives::domain::CreditCause>
    : DenseEnumColumn<incentives::domain::CreditCause, 1, 3> {
  static constexpr std::string_view kName = "CreditCause";
};
}  // namespace sales::db
