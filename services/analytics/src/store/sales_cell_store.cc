#include "services/analytics/src/store/sales_cell_store.h"

#include <map>
#include <utility>

#include "absl/strings/str_replace.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

// "{slice}" is the slice's condition on the line `l` or the order `o` (for a return, the
// order it returns), from kConditions; the texts are built from constants only.
constexpr char kSelectSales[] =
    "SELECT o.customer, l.product, SUM(l.quantity), SUM(l.gross_minor - l.discount_minor) "
    "FROM order_line_facts l JOIN order_facts o ON o.order_name = l.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? AND {slice} GROUP BY o.customer, l.product";
constexpr char kSelectReturns[] =
    "SELECT r.customer, l.product, SUM(l.quantity), SUM(l.net_minor) "
    "FROM return_line_facts l JOIN return_facts r ON r.return_name = l.return_name "
    "WHERE r.day >= ? AND r.day < ? AND {slice} GROUP BY r.customer, l.product";
// A return's order, for the channel and region slices.
constexpr char kSelectSlicedReturns[] =
    "SELECT r.customer, l.product, SUM(l.quantity), SUM(l.net_minor) "
    "FROM return_line_facts l JOIN return_facts r ON r.return_name = l.return_name "
    "JOIN order_facts o ON o.order_name = r.order_name "
    "WHERE r.day >= ? AND r.day < ? AND {slice} GROUP BY r.customer, l.product";

const char* ConditionOf(CellSlice::Kind kind) {
  switch (kind) {
    case CellSlice::Kind::kAll:
      break;
    case CellSlice::Kind::kChannel:
      return "o.channel = ?";
    case CellSlice::Kind::kRegion:
      return "o.region = ?";
    case CellSlice::Kind::kProduct:
      return "l.product = ?";
    case CellSlice::Kind::kCategory:
      return "l.category = ?";
  }
  return "1 = 1";
}

}  // namespace

std::vector<NamedSalesCell> LoadSalesCells(db::Transaction& tx, absl::CivilDay from,
                                           absl::CivilDay to, const CellSlice& slice) {
  std::map<std::pair<std::string, std::string>, NamedSalesCell> cells;
  const bool by_order =
      slice.kind == CellSlice::Kind::kChannel || slice.kind == CellSlice::Kind::kRegion;
  std::vector<db::SqlParam> params = {DayText(from), DayText(to)};
  if (slice.kind != CellSlice::Kind::kAll) params.emplace_back(slice.member);
  auto add = [&](const char* sql, int sign) {
    const std::string text = absl::StrReplaceAll(sql, {{"{slice}", ConditionOf(slice.kind)}});
    auto rs = tx.Query(text, params);
    while (rs->next()) {
      NamedSalesCell& c = cells[{rs->getString(1), rs->getString(2)}];
      c.customer = rs->getString(1);
      c.product = rs->getString(2);
      c.units += sign * rs->getInt64(3);
      c.revenue_minor += sign * rs->getInt64(4);
    }
  };
  add(kSelectSales, +1);
  add(by_order ? kSelectSlicedReturns : kSelectReturns, -1);
  std::vector<NamedSalesCell> out;
  out.reserve(cells.size());
  for (auto& [key, cell] : cells) out.push_back(std::move(cell));
  return out;
}

}  // namespace sales::analytics::store
