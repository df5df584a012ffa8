#include "services/analytics/src/store/stock_history_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/db/row_mapping.h"
#include "services/analytics/src/domain/lead_outcome.h"

namespace sales::analytics::store {
namespace {

// Multi-row: the prefix, kRowsPerStatement (or fewer) "(?, ...)" rows, the suffix.
constexpr char kInsertMovementsPrefix[] =
    "INSERT INTO stock_movement_facts{s} "
    "(event_id, feed_position, product, warehouse, move_time, on_hand) VALUES ";
constexpr char kMovementRow[] = "(?, ?, ?, ?, ?, ?)";
constexpr char kInsertMovementsSuffix[] = " ON DUPLICATE KEY UPDATE event_id = event_id";
constexpr size_t kRowsPerStatement = 256;

constexpr char kSelectMoves[] =
    "SELECT product, warehouse, move_time AS t, on_hand FROM stock_movement_facts "
    "WHERE move_time < ? ORDER BY product, warehouse, feed_position, move_time, event_id";

constexpr char kSelectCosts[] =
    "SELECT l.product, SUM(l.cost_minor), SUM(l.quantity) FROM order_line_facts l "
    "JOIN order_facts o ON o.order_name = l.order_name "
    "WHERE o.counted = 1 AND o.create_time < ? GROUP BY l.product ORDER BY l.product";

// The first won entry of each lead won now, among those entered in the window (a lead won,
// reopened and won again counts from its first win, which must be in the window).
constexpr char kSelectWon[] =
    "SELECT l.lead_name, l.create_time AS c, MIN(s.entered_time) AS w FROM lead_stage_facts s "
    "JOIN lead_facts l ON l.lead_name = s.lead_name "
    "WHERE s.stage = 'LEAD_STAGE_WON' AND s.entered_time < ? AND l.outcome = ? "
    "GROUP BY l.lead_name, l.create_time HAVING MIN(s.entered_time) >= ? ORDER BY l.lead_name";

}  // namespace

void RecordStockMovements(db::Transaction& tx, TableSet set,
                          const std::vector<StockMovement>& movements) {
  const std::string prefix = ForTables(kInsertMovementsPrefix, set);
  for (size_t at = 0; at < movements.size(); at += kRowsPerStatement) {
    const size_t end = std::min(movements.size(), at + kRowsPerStatement);
    std::string sql = prefix;
    std::vector<db::SqlParam> params;
    params.reserve((end - at) * 6);
    for (size_t i = at; i < end; ++i) {
      const StockMovement& m = movements[i];
      absl::StrAppend(&sql, i == at ? "" : ", ", kMovementRow);
      for (db::SqlParam p :
           {db::SqlParam(m.event_id), db::SqlParam(m.feed_position), db::SqlParam(m.product),
            db::SqlParam(m.warehouse), db::SqlParam(m.time), db::SqlParam(m.on_hand)}) {
        params.push_back(std::move(p));
      }
    }
    absl::StrAppend(&sql, kInsertMovementsSuffix);
    tx.Exec(sql, params);
  }
}

std::vector<domain::StockMove> LoadStockMoves(db::Transaction& tx, absl::Time end,
                                              const absl::TimeZone& zone) {
  std::vector<domain::StockMove> out;
  auto rs = tx.Query(kSelectMoves, {end});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2),
                   absl::ToCivilDay(db::GetSqlTime(*rs, "t"), zone), rs->getInt64(4)});
  }
  return out;
}

std::vector<domain::ProductCost> LoadProductCosts(db::Transaction& tx, absl::Time end) {
  std::vector<domain::ProductCost> out;
  auto rs = tx.Query(kSelectCosts, {end});
  while (rs->next()) out.push_back({rs->getString(1), rs->getInt64(2), rs->getInt64(3)});
  return out;
}

std::vector<domain::WonLead> LoadWonLeads(db::Transaction& tx, absl::Time from, absl::Time to) {
  std::vector<domain::WonLead> out;
  auto rs = tx.Query(kSelectWon, {to, static_cast<int64_t>(domain::LeadOutcome::kWon), from});
  while (rs->next()) {
    out.push_back({rs->getString(1), db::GetSqlTime(*rs, "c"), db::GetSqlTime(*rs, "w")});
  }
  return out;
}

}  // namespace sales::analytics::store
