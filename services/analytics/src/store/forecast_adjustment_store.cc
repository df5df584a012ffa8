#include "services/analytics/src/store/forecast_adjustment_store.h"

#include "absl/strings/str_format.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

// statistical_value is bound as its shortest exact decimal text ("%.17g"): the column is
// DOUBLE and the parameter types have no double.
constexpr char kInsert[] =
    "INSERT INTO forecast_adjustments (measure, granularity, dim, member, period_first_day, "
    "statistical_value, statistical_model, history_last_day, adjusted_value, author, reason, "
    "create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kSelect[] =
    "SELECT id, period_first_day, statistical_value, statistical_model, history_last_day, "
    "adjusted_value, author, reason, create_time FROM forecast_adjustments "
    "WHERE measure = ? AND granularity = ? AND dim = ? AND member = ? "
    "AND period_first_day >= ? AND period_first_day < ? ORDER BY period_first_day, id";

}  // namespace

int64_t InsertForecastAdjustment(db::Transaction& tx, const ForecastKey& key,
                                 const ForecastAdjustmentRow& row) {
  tx.Exec(kInsert, {key.measure, key.granularity, key.dim, key.member,
                    DayText(row.period_first_day), absl::StrFormat("%.17g", row.statistical_value),
                    row.statistical_model, DayText(row.history_last_day), row.adjusted_value,
                    row.author, row.reason, row.create_time});
  return tx.LastInsertId();
}

std::vector<ForecastAdjustmentRow> LoadForecastAdjustments(db::Transaction& tx,
                                                           const ForecastKey& key,
                                                           absl::CivilDay first_day,
                                                           absl::CivilDay end_day) {
  std::vector<ForecastAdjustmentRow> out;
  auto rs = tx.Query(kSelect, {key.measure, key.granularity, key.dim, key.member,
                               DayText(first_day), DayText(end_day)});
  while (rs->next()) {
    ForecastAdjustmentRow row;
    row.id = rs->getInt64(1);
    row.period_first_day = ReadDay(*rs, 2);
    row.statistical_value = static_cast<double>(rs->getDouble(3));
    row.statistical_model = rs->getString(4);
    row.history_last_day = ReadDay(*rs, 5);
    row.adjusted_value = rs->getInt64(6);
    row.author = rs->getString(7);
    row.reason = rs->getString(8);
    row.create_time = db::GetSqlTime(*rs, "create_time");
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace sales::analytics::store
