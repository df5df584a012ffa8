#include "services/orders/src/store/order_store.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/batches.h"
#include "common/db/row_mapping.h"
#include "common/db/sql_error.h"
#include "common/time_util.h"

namespace sales::orders::store {
namespace {

// The unique key a caller can collide with: a duplicate maps to ALREADY_EXISTS naming
// order.external_ref (common/db/sql_error.h). Imports handle it themselves (a retry).
const db::UniqueKeys kUniqueKeys({
    {"uk_orders_external", "order.external_ref", "an order with this external reference"},
});

// Rows per multi-row INSERT (and ids per IN list) at most. Batches are cut into powers of
// two, so each table needs at most a handful of distinct prepared statements.

constexpr char kOrderColumns[] =
    "SELECT o.id, o.customer_id, o.channel, o.region, o.warehouse, o.status, "
    "o.requires_approval, o.approver, o.subtotal_minor, o.discount_minor, o.tax_minor, "
    "o.total_minor, o.cost_minor, o.external_ref, o.replaces_return_id, o.imported, "
    "o.created_at, o.updated_at, o.version, o.delivery_option, "
    "DATE_FORMAT(o.promised_date, '%Y-%m-%d') AS promised_date, o.delivery_time_zone, "
    "o.customer_tier FROM orders o ";
const std::string kSelectOrder = std::string(kOrderColumns) + "WHERE o.id = ?";
const std::string kSelectOrderForUpdate = kSelectOrder + " FOR UPDATE";
// One statement for every filter combination: a NULL parameter disables its condition.
const std::string kListOrders =
    std::string(kOrderColumns) +
    "WHERE (? IS NULL OR o.customer_id = ?) "
    "AND (? IS NULL OR o.status = ?) "
    "AND (? IS NULL OR o.channel = ?) "
    "AND (? IS NULL OR o.region = ?) "
    "AND (? IS NULL OR o.created_at >= ?) "
    "AND (? IS NULL OR o.created_at < ?) "
    "AND (? IS NULL OR o.external_ref = ?) "
    "AND (? IS NULL OR EXISTS (SELECT 1 FROM order_credits c "
    "     WHERE c.order_id = o.id AND c.rep = ?)) "
    "AND (? IS NULL OR o.created_at < ? OR (o.created_at = ? AND o.id < ?)) "
    "ORDER BY o.created_at DESC, o.id DESC LIMIT ?";

constexpr char kInsertOrder[] =
    "INSERT INTO orders (customer_id, channel, region, warehouse, status, requires_approval, "
    "approver, subtotal_minor, discount_minor, tax_minor, total_minor, cost_minor, "
    "external_ref, replaces_return_id, imported, created_at, updated_at, version, "
    "delivery_option, promised_date, delivery_time_zone, customer_tier) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertOrdersPrefix[] =
    "INSERT INTO orders (customer_id, channel, region, warehouse, status, requires_approval, "
    "approver, subtotal_minor, discount_minor, tax_minor, total_minor, cost_minor, "
    "external_ref, replaces_return_id, imported, created_at, updated_at, version) VALUES ";
constexpr char kUpdateOrderHeader[] =
    "UPDATE orders SET status = ?, requires_approval = ?, approver = ?, updated_at = ?, "
    "version = ? WHERE id = ?";

constexpr char kInsertLinesPrefix[] =
    "INSERT INTO order_lines (order_id, line_id, product_id, sku, category, quantity, "
    "unit_price_minor, unit_cost_minor, discount_minor, tax_minor, shipped_quantity, "
    "returned_quantity) VALUES ";
// The lines of several orders with their discounts (one row per line and discount, a
// line without discount once with NULLs), and, in the second form, the code of the
// promotion behind each discount: one statement for what took three per order.
constexpr char kLinesColumns[] =
    "SELECT l.order_id, l.line_id, l.product_id, l.sku, l.category, l.quantity, "
    "l.unit_price_minor, l.unit_cost_minor, l.discount_minor, l.tax_minor, "
    "l.shipped_quantity, l.returned_quantity, d.promotion_id, d.amount_minor";
const std::string kSelectLinesPrefix =
    std::string(kLinesColumns) +
    " FROM order_lines l LEFT JOIN order_line_discounts d "
    "ON d.order_id = l.order_id AND d.line_id = l.line_id WHERE l.order_id IN (";
const std::string kSelectLinesWithCodesPrefix =
    std::string(kLinesColumns) +
    ", p.code FROM order_lines l LEFT JOIN order_line_discounts d "
    "ON d.order_id = l.order_id AND d.line_id = l.line_id "
    "LEFT JOIN promotions p ON p.id = d.promotion_id WHERE l.order_id IN (";
constexpr char kSelectLinesSuffix[] = ") ORDER BY l.order_id, l.line_id, d.promotion_id";
constexpr char kUpdateLine[] =
    "UPDATE order_lines SET shipped_quantity = ?, returned_quantity = ? "
    "WHERE order_id = ? AND line_id = ?";

constexpr char kInsertDiscountsPrefix[] =
    "INSERT INTO order_line_discounts (order_id, line_id, promotion_id, amount_minor) VALUES ";

constexpr char kInsertCreditsPrefix[] =
    "INSERT INTO order_credits (order_id, rep, revenue_share_bp, kind) VALUES ";
constexpr char kSelectCreditsPrefix[] =
    "SELECT order_id, rep, revenue_share_bp, kind FROM order_credits WHERE order_id IN (";
constexpr char kSelectCreditsSuffix[] = ") ORDER BY order_id, rep";

constexpr char kInsertHistoryPrefix[] =
    "INSERT INTO order_status_history (order_id, from_status, to_status, actor, reason, "
    "changed_at) VALUES ";
constexpr char kSelectHistory[] =
    "SELECT from_status, to_status, actor, reason, changed_at FROM order_status_history "
    "WHERE order_id = ? ORDER BY id";

constexpr char kInsertShipment[] =
    "INSERT INTO shipments (order_id, carrier, tracking_number, shipped_at, delivered_at) "
    "VALUES (?, ?, ?, ?, NULL)";
constexpr char kInsertShipmentLinesPrefix[] =
    "INSERT INTO shipment_lines (shipment_id, line_id, quantity) VALUES ";
constexpr char kSetDelivered[] = "UPDATE shipments SET delivered_at = ? WHERE id = ?";
// Shipments with their lines in one statement (a shipment without lines once, with NULLs).
constexpr char kSelectShipments[] =
    "SELECT s.id, s.order_id, s.carrier, s.tracking_number, s.shipped_at, s.delivered_at, "
    "l.line_id, l.quantity FROM shipments s LEFT JOIN shipment_lines l ON l.shipment_id = s.id "
    "WHERE s.order_id = ? ORDER BY s.id, l.line_id";

constexpr char kSelectRefsPrefix[] = "SELECT id, external_ref FROM orders WHERE external_ref IN (";

// The TINYINT columns hold the proto numbers of the enums; 0 is the "from" status of the
// creation row of the history.
int64_t StatusColumn(domain::OrderStatus status) { return static_cast<int64_t>(status); }
int64_t StatusColumn(const std::optional<domain::OrderStatus>& status) {
  return status.has_value() ? StatusColumn(*status) : 0;
}
int64_t ChannelColumn(domain::Channel channel) { return static_cast<int64_t>(channel); }

// Loads lines (with their discounts), credits and, `with_codes`, the codes of the promotions
// used, for every order of `rows` at once: two statements whatever the number of orders.
void LoadChildren(db::Transaction& tx, std::vector<OrderRow>& rows, bool with_codes) {
  if (rows.empty()) return;
  std::map<int64_t, OrderRow*> by_id;
  std::vector<int64_t> ids;
  for (OrderRow& row : rows) {
    by_id[row.id] = &row;
    ids.push_back(row.id);
  }
  std::map<int64_t, std::set<std::string>> codes;
  std::optional<db::RowReader> reader;  // kept across rows and chunks: columns looked up once
  db::QueryIn(tx, with_codes ? kSelectLinesWithCodesPrefix : kSelectLinesPrefix, {}, ids,
              kSelectLinesSuffix, [&](sql::ResultSet& rs) {
                const db::RowReader& r = db::ReaderFor(reader, rs);
                auto order = by_id.find(r.Int64("order_id"));
                if (order == by_id.end()) return;
                OrderRow& row = *order->second;
                // Rows come by (order, line, promotion): a line's discounts follow each other.
                const int32_t line_id = r.Int32("line_id");
                if (row.lines.empty() || row.lines.back().line_id != line_id) {
                  row.lines.push_back(ReadOrderLine(r));
                }
                if (r.IsNull("promotion_id")) return;  // a line without discount
                row.lines.back().discounts.push_back(ReadLineDiscount(r));
                if (with_codes && !r.IsNull("code")) codes[row.id].insert(r.String("code"));
              });
  db::AttachChildren(
      rows, &OrderRow::id, &OrderRow::credits,
      db::QueryInAll(tx, kSelectCreditsPrefix, {}, ids, kSelectCreditsSuffix,
                     [](const db::RowReader& r) {
                       return db::Keyed<CreditRow>{r.Int64("order_id"), ReadCredit(r)};
                     }));
  for (auto& [id, order_codes] : codes) {
    by_id[id]->promotion_codes.assign(order_codes.begin(), order_codes.end());  // sorted, distinct
  }
}

void AppendOrderParams(const OrderRow& row, std::vector<db::SqlParam>& p) {
  p.insert(p.end(),
           {row.customer_id, ChannelColumn(row.channel), row.region, row.warehouse,
            StatusColumn(row.status), row.requires_approval, db::NullIfEmpty(row.approver),
            row.subtotal_minor, row.discount_minor, row.tax_minor, row.total_minor, row.cost_minor,
            db::NullIfEmpty(row.external_ref), db::NullIfZero(row.replaces_return_id), row.imported,
            row.created_at, row.updated_at, row.version});
}

void AppendChildParams(const OrderRow& row, std::vector<db::SqlParam>& lines,
                       std::vector<db::SqlParam>& discounts, std::vector<db::SqlParam>& credits) {
  for (const OrderLineRow& l : row.lines) {
    lines.insert(lines.end(), {row.id, int64_t{l.line_id}, l.product_id, l.sku, l.category,
                               l.quantity, l.unit_price_minor, l.unit_cost_minor, l.discount_minor,
                               l.tax_minor, l.shipped_quantity, l.returned_quantity});
    for (const LineDiscountRow& d : l.discounts) {
      discounts.insert(discounts.end(),
                       {row.id, int64_t{l.line_id}, d.promotion_id, d.amount_minor});
    }
  }
  for (const CreditRow& c : row.credits) {
    credits.insert(credits.end(),
                   {row.id, c.rep, int64_t{c.revenue_share_bp}, db::EnumNumber(c.kind)});
  }
}

void AppendHistoryParams(int64_t order_id, const StatusChangeRow& h, std::vector<db::SqlParam>& p) {
  p.insert(p.end(), {order_id, StatusColumn(h.from_status), StatusColumn(h.to_status), h.actor,
                     db::NullIfEmpty(h.reason), h.changed_at});
}

// One statement per table for an order's lines, discounts and credits (chunks for imports).
void InsertChildren(db::Transaction& tx, const std::vector<db::SqlParam>& lines,
                    const std::vector<db::SqlParam>& discounts,
                    const std::vector<db::SqlParam>& credits) {
  db::ExecBatch(tx, kInsertLinesPrefix, 12, lines);
  db::ExecBatch(tx, kInsertDiscountsPrefix, 4, discounts);
  db::ExecBatch(tx, kInsertCreditsPrefix, 4, credits);
}

}  // namespace

absl::StatusOr<int64_t> InsertOrder(db::Transaction& tx, const OrderRow& row) {
  std::vector<db::SqlParam> header;
  AppendOrderParams(row, header);
  header.insert(
      header.end(),
      {int64_t{static_cast<int>(row.delivery_option)},
       row.promised_date.has_value() ? db::SqlParam(domain::FormatDate(*row.promised_date))
                                     : db::SqlParam(nullptr),
       db::NullIfEmpty(row.delivery_time_zone), db::NullIfEmpty(row.customer_tier)});
  tx.Exec(kInsertOrder, header);
  OrderRow with_id = row;
  with_id.id = tx.LastInsertId();
  std::vector<db::SqlParam> lines, discounts, credits;
  AppendChildParams(with_id, lines, discounts, credits);
  InsertChildren(tx, lines, discounts, credits);
  return with_id.id;
}

std::optional<OrderRow> FindOrder(db::Transaction& tx, int64_t id, bool for_update) {
  std::optional<OrderRow> order =
      db::QueryOne(tx, for_update ? kSelectOrderForUpdate : kSelectOrder, {id}, ReadOrder);
  if (!order.has_value()) return std::nullopt;
  std::vector<OrderRow> rows{std::move(*order)};
  LoadChildren(tx, rows, /*with_codes=*/true);
  return std::move(rows.front());
}

void UpdateOrderHeader(db::Transaction& tx, const OrderRow& row) {
  tx.Exec(kUpdateOrderHeader, {StatusColumn(row.status), row.requires_approval,
                               db::NullIfEmpty(row.approver), row.updated_at, row.version, row.id});
}

void UpdateOrderLine(db::Transaction& tx, int64_t order_id, const OrderLineRow& line) {
  tx.Exec(kUpdateLine,
          {line.shipped_quantity, line.returned_quantity, order_id, int64_t{line.line_id}});
}

void InsertStatusChanges(db::Transaction& tx, int64_t order_id,
                         const std::vector<StatusChangeRow>& changes) {
  std::vector<db::SqlParam> p;
  for (const StatusChangeRow& change : changes) AppendHistoryParams(order_id, change, p);
  db::ExecBatch(tx, kInsertHistoryPrefix, 6, p);
}

std::vector<StatusChangeRow> ListStatusHistory(db::Transaction& tx, int64_t order_id) {
  return db::QueryAll(tx, kSelectHistory, {order_id}, ReadStatusChange);
}

int64_t InsertShipment(db::Transaction& tx, const ShipmentRow& row) {
  tx.Exec(kInsertShipment, {row.order_id, row.carrier, row.tracking_number, row.shipped_at});
  const int64_t id = tx.LastInsertId();
  std::vector<db::SqlParam> p;
  for (const ShipmentLineRow& l : row.lines) {
    p.insert(p.end(), {id, int64_t{l.line_id}, l.quantity});
  }
  db::ExecBatch(tx, kInsertShipmentLinesPrefix, 3, p);
  return id;
}

void SetShipmentDelivered(db::Transaction& tx, int64_t shipment_id, absl::Time at) {
  tx.Exec(kSetDelivered, {at, shipment_id});
}

std::vector<ShipmentRow> ListShipments(db::Transaction& tx, int64_t order_id) {
  // One row per shipment line (a shipment without lines once, with NULL line columns),
  // by shipment, then line.
  auto joined = db::QueryAll(tx, kSelectShipments, {order_id}, [](const db::RowReader& r) {
    std::optional<ShipmentLineRow> line;
    if (!r.IsNull("line_id")) line = ReadShipmentLine(r);
    return std::pair(ReadShipment(r), line);
  });
  std::vector<ShipmentRow> rows;
  for (auto& [shipment, line] : joined) {
    if (rows.empty() || rows.back().id != shipment.id) rows.push_back(std::move(shipment));
    if (line.has_value()) rows.back().lines.push_back(*line);
  }
  return rows;
}

std::vector<OrderRow> ListOrders(db::Transaction& tx, const OrderFilter& f,
                                 const KeysetCursor& after, int limit) {
  const db::SqlParam customer = db::NullIfZero(f.customer_id);
  const db::SqlParam status =
      f.status.has_value() ? db::SqlParam(StatusColumn(*f.status)) : db::SqlParam(nullptr);
  const db::SqlParam channel =
      f.channel.has_value() ? db::SqlParam(ChannelColumn(*f.channel)) : db::SqlParam(nullptr);
  const db::SqlParam region = db::NullIfEmpty(f.region);
  const db::SqlParam from = db::NullIfUnset(f.created_from);
  const db::SqlParam before = db::NullIfUnset(f.created_before);
  const db::SqlParam rep = db::NullIfEmpty(f.rep);
  const db::SqlParam external_ref = db::NullIfEmpty(f.external_ref);
  const db::SqlParam cursor_time = after.first_page() ? db::SqlParam(nullptr) : after.time;
  const std::vector<db::SqlParam> params = {
      customer, customer, status,      status,      channel,     channel,      region,
      region,   from,     from,        before,      before,      external_ref, external_ref,
      rep,      rep,      cursor_time, cursor_time, cursor_time, after.id,     int64_t{limit}};
  std::vector<OrderRow> rows = db::QueryAll(tx, kListOrders, params, ReadOrder);
  LoadChildren(tx, rows, /*with_codes=*/false);
  return rows;
}

std::vector<std::string> FindExternalRefs(db::Transaction& tx,
                                          const std::vector<std::string>& refs) {
  return db::QueryRowsAll(tx, kSelectRefsPrefix, 1,
                          std::vector<db::SqlParam>(refs.begin(), refs.end()), ")",
                          [](const db::RowReader& r) { return r.String("external_ref"); });
}

absl::Status InsertImportedOrders(db::Transaction& tx, std::vector<ImportedOrderRows>& orders) {
  if (orders.empty()) return absl::OkStatus();
  std::vector<db::SqlParam> headers;
  std::vector<std::string> refs;
  for (const ImportedOrderRows& o : orders) {
    AppendOrderParams(o.order, headers);
    refs.push_back(o.order.external_ref);
  }
  try {
    db::ExecRows(tx, kInsertOrdersPrefix, 18, headers);
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != db::kErrDuplicateKey) throw;
    // A concurrent import took one of these references: start over, it will be skipped.
    return db::RetryTransactionError("external_ref imported concurrently");
  }
  // The ids by reference (not assuming consecutive AUTO_INCREMENT values).
  const std::vector<std::pair<std::string, int64_t>> found = db::QueryRowsAll(
      tx, kSelectRefsPrefix, 1, std::vector<db::SqlParam>(refs.begin(), refs.end()), ")",
      [](const db::RowReader& r) { return std::pair(r.String("external_ref"), r.Int64("id")); });
  const std::map<std::string, int64_t> ids(found.begin(), found.end());
  std::vector<db::SqlParam> lines, discounts, credits, history;
  for (ImportedOrderRows& o : orders) {
    auto it = ids.find(o.order.external_ref);
    if (it == ids.end()) return absl::InternalError("imported order not found by reference");
    o.order.id = it->second;
    AppendChildParams(o.order, lines, discounts, credits);
    for (const StatusChangeRow& h : o.history) AppendHistoryParams(o.order.id, h, history);
  }
  InsertChildren(tx, lines, discounts, credits);
  db::ExecRows(tx, kInsertHistoryPrefix, 6, history);
  return absl::OkStatus();
}

}  // namespace sales::orders::store
