#include "services/orders/src/api/order_handlers.h"

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"
#include "common/codes.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_catalogue.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/order_lifecycle.h"
#include "services/orders/src/api/stock_events.h"
#include "services/orders/src/domain/order_status.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/order_store.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

using domain::OrderStatus;

constexpr int kMaxLines = 200;
constexpr int64_t kMaxLineQuantity = 1'000'000;
constexpr int kMaxPromotionCodes = 5;
constexpr size_t kMaxCodeLength = 32;
constexpr size_t kMaxActorLength = 100;
constexpr size_t kMaxReasonLength = 500;
constexpr size_t kMaxCarrierLength = 64;
constexpr size_t kMaxExternalRefLength = 128;

// Quantities of each product in `lines` (units of `quantity_of(line)`), for stock calls.
template <typename QuantityOf>
std::vector<store::StockQuantity> ByProduct(const std::vector<store::OrderLineRow>& lines,
                                            QuantityOf quantity_of) {
  std::map<int64_t, int64_t> units;
  for (const store::OrderLineRow& line : lines) {
    const int64_t q = quantity_of(line);
    if (q > 0) units[line.product_id] += q;
  }
  std::vector<store::StockQuantity> out;
  for (const auto& [product, q] : units) out.push_back({product, q});
  return out;
}

std::string ActorOr(std::string_view actor) {
  return actor.empty() ? std::string("system") : std::string(actor);
}

}  // namespace

namespace {

// Reserves every line's units in the order's warehouse and publishes the stock changes;
// `actor` is kept in the stock movements.
absl::Status ReserveStock(db::Transaction& tx, const store::OrderRow& row, absl::Time now,
                          const std::string& actor) {
  ASSIGN_OR_RETURN(
      std::vector<store::StockChange> changes,
      store::Reserve(tx, row.id, row.warehouse,
                     ByProduct(row.lines, [](const store::OrderLineRow& l) { return l.quantity; }),
                     now, store::MovementNote::By(actor)));
  WriteStockEvents(tx, changes);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Order> OrderHandlers::CreateOrder(const v1::CreateOrderRequest& req,
                                                     absl::Time deadline) {
  if (!req.has_order()) return InvalidField("order", "is required");
  const v1::Order& o = req.order();
  store::OrderRow base;
  ASSIGN_OR_RETURN(base.customer_id, ParseIdName("order.customer", "customers", o.customer()));
  if (o.channel() == v1::CHANNEL_UNSPECIFIED) {
    return InvalidField("order.channel", "is required (STORE, WEB, PHONE or PARTNER)");
  }
  if (!v1::Channel_IsValid(o.channel())) {
    return InvalidField("order.channel", "is not a known channel");
  }
  base.channel = o.channel();
  RETURN_IF_ERROR(ValidateCode("order.region", o.region(), kRegionCode));
  base.region = o.region();
  RETURN_IF_ERROR(ValidateCode("order.warehouse", o.warehouse(), kWarehouseCode));
  base.warehouse = o.warehouse();
  ASSIGN_OR_RETURN(base.credits, ValidateSalesCredits("order.sales_credits", o.sales_credits()));
  if (o.lines().empty()) return InvalidField("order.lines", "at least one line is required");
  if (o.lines_size() > kMaxLines) return InvalidField("order.lines", "at most 200 lines");
  std::set<int64_t> seen;
  for (int i = 0; i < o.lines_size(); ++i) {
    const v1::OrderLine& l = o.lines(i);
    store::OrderLineRow line;
    line.line_id = i + 1;
    ASSIGN_OR_RETURN(line.product_id, ParseIdName(absl::StrCat("order.lines[", i, "].product"),
                                                  "products", l.product()));
    if (!seen.insert(line.product_id).second) {
      return InvalidField(absl::StrCat("order.lines[", i, "].product"),
                          "appears on an earlier line; a product appears at most once");
    }
    if (l.quantity() < 1 || l.quantity() > kMaxLineQuantity) {
      return InvalidField(absl::StrCat("order.lines[", i, "].quantity"), "must be 1 to 1,000,000");
    }
    line.quantity = l.quantity();
    base.lines.push_back(std::move(line));
  }
  if (o.promotion_codes_size() > kMaxPromotionCodes) {
    return InvalidField("order.promotion_codes", "at most 5 codes");
  }
  std::vector<std::string> codes;
  for (const std::string& code : o.promotion_codes()) {
    RETURN_IF_ERROR(ValidateText("order.promotion_codes", code, kMaxCodeLength, true));
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
      return InvalidField("order.promotion_codes", absl::StrCat("'", code, "' is given twice"));
    }
    codes.push_back(code);
  }
  RETURN_IF_ERROR(
      ValidateText("order.external_ref", o.external_ref(), kMaxExternalRefLength, false));
  base.external_ref = o.external_ref();
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));

  // Outside the transaction: no lock is held while the customers service answers, and
  // nothing is written when it cannot.
  RETURN_IF_ERROR(ctx_.customers->CheckCanOrder(o.customer(), deadline));

  return RunIdempotent<v1::Order>(*ctx_.pool, deadline, "CreateOrder", req, req.request_id(),
                                  [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
                                    const absl::Time now = NowMicros();
                                    ASSIGN_OR_RETURN(PricedNewOrder order,
                                                     PriceNewOrder(tx, ctx_, base, codes, now));
                                    RETURN_IF_ERROR(InsertNewOrder(tx, ctx_, order, now));
                                    return FullOrder(tx, ctx_, order.row);
                                  });
}

absl::StatusOr<v1::Order> OrderHandlers::GetOrder(const v1::GetOrderRequest& req,
                                                  absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  std::optional<v1::Order> out;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    std::optional<store::OrderRow> row = store::FindOrder(tx, id, /*for_update=*/false);
    if (row.has_value()) out = FullOrder(tx, ctx_, *row);
    return absl::OkStatus();
  }));
  if (!out.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return *std::move(out);
}

absl::StatusOr<v1::ListOrdersResponse> OrderHandlers::ListOrders(const v1::ListOrdersRequest& req,
                                                                 absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListOrders", req, KeysetShape::kTimeId));
  store::OrderFilter filter;
  if (!req.customer().empty()) {
    ASSIGN_OR_RETURN(filter.customer_id, ParseIdName("customer", "customers", req.customer()));
  }
  if (!req.rep().empty()) RETURN_IF_ERROR(ValidateRepName("rep", req.rep()));
  filter.rep = req.rep();
  if (!v1::OrderStatus_IsValid(req.status())) {
    return InvalidField("status", "is not a known status");
  }
  filter.status = req.status();
  if (!v1::Channel_IsValid(req.channel())) return InvalidField("channel", "is not a known channel");
  filter.channel = req.channel();
  if (!req.region().empty()) RETURN_IF_ERROR(ValidateCode("region", req.region(), kRegionCode));
  filter.region = req.region();
  if (req.has_start_time()) filter.created_from = FromProtoTime(req.start_time());
  if (req.has_end_time()) filter.created_before = FromProtoTime(req.end_time());
  if (req.has_start_time() && req.has_end_time() && filter.created_before <= filter.created_from) {
    return InvalidField("end_time", "must be later than start_time");
  }
  if (!req.external_ref().empty()) {
    RETURN_IF_ERROR(ValidateText("external_ref", req.external_ref(), kMaxExternalRefLength,
                                 /*required=*/true));
  }
  filter.external_ref = req.external_ref();
  std::vector<store::OrderRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListOrders(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListOrdersResponse resp;
  resp.set_next_page_token(page.TakePage(rows, [](const store::OrderRow& row) {
    return KeysetCursor::TimeId(row.created_at, row.id);
  }));
  for (const store::OrderRow& row : rows) {
    *resp.add_orders() = ToProto(row, {}, {}, ctx_.policy.currency);
  }
  return resp;
}

absl::StatusOr<v1::Order> OrderHandlers::ConfirmOrder(const v1::ConfirmOrderRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("actor", req.actor(), kMaxActorLength, false));
  const std::string actor = ActorOr(req.actor());
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ConfirmOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        if (row.status == static_cast<int>(OrderStatus::kInReview) && row.requires_approval) {
          return absl::FailedPreconditionError(
              absl::StrCat(req.name(),
                           " is ORDER_STATUS_IN_REVIEW and needs an explicit approval "
                           "(ApproveOrder)"));
        }
        ASSIGN_OR_RETURN(OrderStatus to, domain::ConfirmTarget(static_cast<OrderStatus>(row.status),
                                                               row.requires_approval));
        if (to == OrderStatus::kConfirmed) RETURN_IF_ERROR(ReserveStock(tx, row, now, actor));
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(to), actor, "", now));
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::ApproveOrder(const v1::ApproveOrderRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("approver", req.approver(), kMaxActorLength, true));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ApproveOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(domain::CheckApproval(static_cast<OrderStatus>(row.status)));
        RETURN_IF_ERROR(ReserveStock(tx, row, now, req.approver()));
        row.approver = req.approver();
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kConfirmed),
                                  req.approver(), "approved", now));
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::CancelOrder(const v1::CancelOrderRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, true));
  RETURN_IF_ERROR(ValidateText("actor", req.actor(), kMaxActorLength, false));
  const std::string actor = ActorOr(req.actor());
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "CancelOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        const bool reserved = row.status == static_cast<int>(OrderStatus::kConfirmed);
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kCancelled), actor,
                                  req.reason(), now));
        if (reserved) {
          WriteStockEvents(tx, store::Release(tx, row.id, row.warehouse,
                                              ByProduct(row.lines,
                                                        [](const store::OrderLineRow& l) {
                                                          return l.quantity - l.shipped_quantity;
                                                        }),
                                              now, store::MovementNote::By(actor, req.reason())));
        }
        store::ReleasePromotionUses(tx, row.id);
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::ShipOrder(const v1::ShipOrderRequest& req,
                                                   absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("carrier", req.carrier(), kMaxCarrierLength, true));
  RETURN_IF_ERROR(ValidateText("tracking_number", req.tracking_number(), kMaxCarrierLength, true));
  std::set<int32_t> line_ids;
  for (int i = 0; i < req.lines_size(); ++i) {
    if (!line_ids.insert(req.lines(i).line_id()).second) {
      return InvalidField(absl::StrCat("lines[", i, "].line_id"), "appears twice");
    }
    if (req.lines(i).quantity() < 1) {
      return InvalidField(absl::StrCat("lines[", i, "].quantity"), "must be at least 1");
    }
  }
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ShipOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(
            domain::CheckTransition(static_cast<OrderStatus>(row.status), OrderStatus::kShipped));
        std::map<int32_t, int64_t> ship;  // line_id -> units
        if (req.lines().empty()) {
          for (const store::OrderLineRow& l : row.lines) {
            if (l.quantity > l.shipped_quantity) ship[l.line_id] = l.quantity - l.shipped_quantity;
          }
          if (ship.empty()) {
            return absl::FailedPreconditionError(
                absl::StrCat(req.name(), ": every unit is already shipped"));
          }
        } else {
          for (int i = 0; i < req.lines_size(); ++i) {
            const v1::ShipmentLine& sl = req.lines(i);
            auto it = std::find_if(
                row.lines.begin(), row.lines.end(),
                [&](const store::OrderLineRow& l) { return l.line_id == sl.line_id(); });
            if (it == row.lines.end()) {
              return InvalidField(absl::StrCat("lines[", i, "].line_id"),
                                  absl::StrCat(req.name(), " has no line ", sl.line_id()));
            }
            const int64_t remaining = it->quantity - it->shipped_quantity;
            if (sl.quantity() > remaining) {
              return absl::FailedPreconditionError(
                  absl::StrCat("lines[", i, "].quantity: ", sl.quantity(), " units requested, ",
                               remaining, " not yet shipped on line ", sl.line_id()));
            }
            ship[sl.line_id()] = sl.quantity();
          }
        }
        store::ShipmentRow shipment;
        shipment.order_id = row.id;
        shipment.carrier = req.carrier();
        shipment.tracking_number = req.tracking_number();
        shipment.shipped_at = now;
        std::vector<store::OrderLineRow> shipped_lines;
        for (store::OrderLineRow& l : row.lines) {
          auto it = ship.find(l.line_id);
          if (it == ship.end()) continue;
          shipment.lines.push_back({l.line_id, it->second});
          l.shipped_quantity += it->second;
          store::UpdateOrderLine(tx, row.id, l);
          store::OrderLineRow units = l;
          units.quantity = it->second;
          shipped_lines.push_back(units);
        }
        const int64_t shipment_id = store::InsertShipment(tx, shipment);
        WriteStockEvents(
            tx, store::Ship(tx, row.id, row.warehouse,
                            ByProduct(shipped_lines,
                                      [](const store::OrderLineRow& l) { return l.quantity; }),
                            now));
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kShipped), "system",
                                  absl::StrCat("shipment ", shipment_id), now));
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::DeliverShipment(const v1::DeliverShipmentRequest& req,
                                                         absl::Time deadline) {
  ASSIGN_OR_RETURN(ShipmentId sid, ParseShipmentName("name", req.name()));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "DeliverShipment", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, sid.order_id));
        const absl::Time now = NowMicros();
        std::vector<store::ShipmentRow> shipments = store::ListShipments(tx, row.id);
        auto it =
            std::find_if(shipments.begin(), shipments.end(),
                         [&](const store::ShipmentRow& s) { return s.id == sid.shipment_id; });
        if (it == shipments.end()) {
          return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        }
        if (it->delivered_at != absl::InfinitePast()) {
          return absl::FailedPreconditionError(absl::StrCat(req.name(), " was already delivered"));
        }
        if (row.status != static_cast<int>(OrderStatus::kShipped)) {
          return absl::FailedPreconditionError(absl::StrCat(
              "cannot deliver a shipment of an order in ", OrderStatusName(row.status)));
        }
        store::SetShipmentDelivered(tx, it->id, now);
        it->delivered_at = now;
        bool all_shipped = true;
        for (const store::OrderLineRow& l : row.lines) {
          all_shipped = all_shipped && l.shipped_quantity >= l.quantity;
        }
        bool all_delivered = true;
        for (const store::ShipmentRow& s : shipments) {
          all_delivered = all_delivered && s.delivered_at != absl::InfinitePast();
        }
        if (all_shipped && all_delivered) {
          RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kDelivered),
                                    "system", "", now));
        } else {
          row.updated_at = now;
          ++row.version;
          store::UpdateOrderHeader(tx, row);
        }
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::CompleteOrder(const v1::CompleteOrderRequest& req,
                                                       absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "CompleteOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kCompleted),
                                  "system", "", NowMicros()));
        return FullOrder(tx, ctx_, row);
      });
}

}  // namespace sales::orders::api
