#include "tools/loadgen/kpi_sql.h"

#include "absl/strings/str_cat.h"

namespace sales::loadgen {
namespace {

namespace v1 = ::sales::analytics::v1;

// Sales side: orders, cancelled orders, units, gross, discounts, cost of sales.
constexpr char kOrderSums[] =
    "SELECT COALESCE(SUM(counted), 0), COALESCE(SUM(1 - counted), 0), "
    "COALESCE(SUM(counted * units), 0), COALESCE(SUM(counted * gross_minor), 0), "
    "COALESCE(SUM(counted * discount_minor), 0), COALESCE(SUM(counted * cost_minor), 0) "
    "FROM order_facts WHERE day BETWEEN ? AND ?";
constexpr char kOrderSumsByChannel[] =
    "SELECT COALESCE(SUM(counted), 0), COALESCE(SUM(1 - counted), 0), "
    "COALESCE(SUM(counted * units), 0), COALESCE(SUM(counted * gross_minor), 0), "
    "COALESCE(SUM(counted * discount_minor), 0), COALESCE(SUM(counted * cost_minor), 0) "
    "FROM order_facts WHERE day BETWEEN ? AND ? AND channel = ?";
constexpr char kOrderSumsByRegion[] =
    "SELECT COALESCE(SUM(counted), 0), COALESCE(SUM(1 - counted), 0), "
    "COALESCE(SUM(counted * units), 0), COALESCE(SUM(counted * gross_minor), 0), "
    "COALESCE(SUM(counted * discount_minor), 0), COALESCE(SUM(counted * cost_minor), 0) "
    "FROM order_facts WHERE day BETWEEN ? AND ? AND region = ?";
// A product or category: its lines; an order counts once however many lines it has.
constexpr char kLineSumsByProduct[] =
    "SELECT COUNT(DISTINCT CASE WHEN o.counted = 1 THEN o.order_name END), "
    "COUNT(DISTINCT CASE WHEN o.counted = 0 THEN o.order_name END), "
    "COALESCE(SUM(o.counted * l.quantity), 0), COALESCE(SUM(o.counted * l.gross_minor), 0), "
    "COALESCE(SUM(o.counted * l.discount_minor), 0), COALESCE(SUM(o.counted * l.cost_minor), 0) "
    "FROM order_line_facts l JOIN order_facts o ON o.order_name = l.order_name "
    "WHERE o.day BETWEEN ? AND ? AND l.product = ?";
constexpr char kLineSumsByCategory[] =
    "SELECT COUNT(DISTINCT CASE WHEN o.counted = 1 THEN o.order_name END), "
    "COUNT(DISTINCT CASE WHEN o.counted = 0 THEN o.order_name END), "
    "COALESCE(SUM(o.counted * l.quantity), 0), COALESCE(SUM(o.counted * l.gross_minor), 0), "
    "COALESCE(SUM(o.counted * l.discount_minor), 0), COALESCE(SUM(o.counted * l.cost_minor), 0) "
    "FROM order_line_facts l JOIN order_facts o ON o.order_name = l.order_name "
    "WHERE o.day BETWEEN ? AND ? AND l.category = ?";
// A rep: every order with a share; amounts by the share, rounded half up.
constexpr char kCreditSumsByRep[] =
    "SELECT COALESCE(SUM(o.counted), 0), COALESCE(SUM(1 - o.counted), 0), "
    "COALESCE(SUM(o.counted * o.units), 0), "
    "COALESCE(SUM(o.counted * ((o.gross_minor * c.share_bp + 5000) DIV 10000)), 0), "
    "COALESCE(SUM(o.counted * ((o.discount_minor * c.share_bp + 5000) DIV 10000)), 0), "
    "COALESCE(SUM(o.counted * ((o.cost_minor * c.share_bp + 5000) DIV 10000)), 0) "
    "FROM order_credit_facts c JOIN order_facts o ON o.order_name = c.order_name "
    "WHERE o.day BETWEEN ? AND ? AND c.rep = ?";

// Returns resolved in the range: count, units, refunds (net), cost returned.
constexpr char kReturnSums[] =
    "SELECT COUNT(*), COALESCE(SUM(units), 0), COALESCE(SUM(refund_minor), 0), "
    "COALESCE(SUM(cost_minor), 0) FROM return_facts WHERE day BETWEEN ? AND ?";
constexpr char kReturnSumsByChannel[] =
    "SELECT COUNT(*), COALESCE(SUM(r.units), 0), COALESCE(SUM(r.refund_minor), 0), "
    "COALESCE(SUM(r.cost_minor), 0) FROM return_facts r "
    "JOIN order_facts o ON o.order_name = r.order_name "
    "WHERE r.day BETWEEN ? AND ? AND o.channel = ?";
constexpr char kReturnSumsByRegion[] =
    "SELECT COUNT(*), COALESCE(SUM(r.units), 0), COALESCE(SUM(r.refund_minor), 0), "
    "COALESCE(SUM(r.cost_minor), 0) FROM return_facts r "
    "JOIN order_facts o ON o.order_name = r.order_name "
    "WHERE r.day BETWEEN ? AND ? AND o.region = ?";
constexpr char kReturnSumsByRep[] =
    "SELECT COUNT(*), COALESCE(SUM(r.units), 0), "
    "COALESCE(SUM((r.refund_minor * c.share_bp + 5000) DIV 10000), 0), "
    "COALESCE(SUM((r.cost_minor * c.share_bp + 5000) DIV 10000), 0) FROM return_facts r "
    "JOIN order_credit_facts c ON c.order_name = r.order_name "
    "WHERE r.day BETWEEN ? AND ? AND c.rep = ?";

// Customers whose first counted order falls in the range.
constexpr char kNewCustomers[] = "SELECT COUNT(*) FROM customer_facts WHERE day BETWEEN ? AND ?";
constexpr char kNewCustomersByChannel[] =
    "SELECT COUNT(*) FROM customer_facts WHERE day BETWEEN ? AND ? AND channel = ?";
constexpr char kNewCustomersByRegion[] =
    "SELECT COUNT(*) FROM customer_facts WHERE day BETWEEN ? AND ? AND region = ?";

struct SliceSql {
  const char* orders = nullptr;
  const char* returns = nullptr;        // none: the facts cannot answer
  const char* new_customers = nullptr;  // none: the slice reports 0
};

SliceSql SqlOf(v1::SliceDimension dimension) {
  switch (dimension) {
    case v1::SLICE_DIMENSION_CHANNEL:
      return {kOrderSumsByChannel, kReturnSumsByChannel, kNewCustomersByChannel};
    case v1::SLICE_DIMENSION_REGION:
      return {kOrderSumsByRegion, kReturnSumsByRegion, kNewCustomersByRegion};
    case v1::SLICE_DIMENSION_PRODUCT:
      return {kLineSumsByProduct, nullptr, nullptr};
    case v1::SLICE_DIMENSION_CATEGORY:
      return {kLineSumsByCategory, nullptr, nullptr};
    case v1::SLICE_DIMENSION_REP:
      return {kCreditSumsByRep, kReturnSumsByRep, nullptr};
    default:
      return {kOrderSums, kReturnSums, kNewCustomers};
  }
}

std::unique_ptr<sql::ResultSet> Run(db::Transaction& tx, const char* sql, bool company,
                                    const std::string& first_day, const std::string& last_day,
                                    const std::string& member) {
  return company ? tx.Query(sql, {first_day, last_day})
                 : tx.Query(sql, {first_day, last_day, member});
}

void Check(const char* field, int64_t sql, int64_t kpis, std::vector<std::string>& out) {
  if (sql != kpis) out.push_back(absl::StrCat(field, ": sql ", sql, ", GetKpis ", kpis));
}

}  // namespace

FactFigures AggregateFacts(db::Transaction& tx, const v1::Slice& slice,
                           const std::string& first_day, const std::string& last_day) {
  const bool company = slice.dimension() == v1::SLICE_DIMENSION_UNSPECIFIED;
  const SliceSql sql = SqlOf(slice.dimension());
  FactFigures f;
  auto rs = Run(tx, sql.orders, company, first_day, last_day, slice.member());
  if (rs->next()) {
    f.orders = rs->getInt64(1);
    f.cancelled_orders = rs->getInt64(2);
    f.units = rs->getInt64(3);
    f.gross_minor = rs->getInt64(4);
    f.discount_minor = rs->getInt64(5);
    f.cost_minor = rs->getInt64(6);
  }
  if (sql.returns != nullptr) {
    f.has_returns = true;
    rs = Run(tx, sql.returns, company, first_day, last_day, slice.member());
    if (rs->next()) {
      f.returns = rs->getInt64(1);
      f.returned_units = rs->getInt64(2);
      f.refund_minor = rs->getInt64(3);
      f.refund_cost_minor = rs->getInt64(4);
    }
  }
  f.has_new_customers = true;
  if (sql.new_customers != nullptr) {
    rs = Run(tx, sql.new_customers, company, first_day, last_day, slice.member());
    if (rs->next()) f.new_customers = rs->getInt64(1);
  }
  return f;
}

std::vector<std::string> CompareFigures(const FactFigures& sql, const v1::KpiValues& kpis) {
  std::vector<std::string> out;
  Check("orders", sql.orders, kpis.orders(), out);
  Check("cancelled_orders", sql.cancelled_orders, kpis.cancelled_orders(), out);
  Check("units", sql.units, kpis.units(), out);
  Check("gross_sales_minor", sql.gross_minor, kpis.gross_sales_minor(), out);
  Check("discounts_minor", sql.discount_minor, kpis.discounts_minor(), out);
  Check("net_sales_minor", sql.gross_minor - sql.discount_minor, kpis.net_sales_minor(), out);
  if (sql.has_returns) {
    Check("returns", sql.returns, kpis.returns(), out);
    Check("returned_units", sql.returned_units, kpis.returned_units(), out);
    Check("refunds_minor", sql.refund_minor, kpis.refunds_minor(), out);
    Check("cost_minor", sql.cost_minor - sql.refund_cost_minor, kpis.cost_minor(), out);
  }
  if (sql.has_new_customers) Check("new_customers", sql.new_customers, kpis.new_customers(), out);
  return out;
}

}  // namespace sales::loadgen
