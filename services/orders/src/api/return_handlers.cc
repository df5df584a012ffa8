#include "services/orders/src/api/return_handlers.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/order_lifecycle.h"
#include "services/orders/src/api/stock_events.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/return_status.h"
#include "services/orders/src/domain/returns.h"
#include "services/orders/src/store/order_store.h"
#include "services/orders/src/store/return_store.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

constexpr size_t kMaxReasonLength = 500;

// Loads the return's order (locked first, so every return path takes the order lock before
// the return lock) and the return, locked.
struct LockedReturn {
  domain::Order order;
  store::ReturnRow ret;
};
absl::StatusOr<LockedReturn> LockReturn(db::Transaction& tx, int64_t id) {
  std::optional<store::ReturnRow> probe = store::FindReturn(tx, id, /*for_update=*/false);
  if (!probe.has_value()) return absl::NotFoundError(absl::StrCat(ReturnName(id), " not found"));
  ASSIGN_OR_RETURN(domain::Order order, LoadOrder(tx, probe->order_id, /*for_update=*/true));
  std::optional<store::ReturnRow> ret = store::FindReturn(tx, id, /*for_update=*/true);
  if (!ret.has_value()) return absl::NotFoundError(absl::StrCat(ReturnName(id), " not found"));
  return LockedReturn{std::move(order), *std::move(ret)};
}

// The replacement order of an exchange: the same units of the same products, at no charge,
// for the same customer, channel, region, warehouse and credits; RECEIVED, so it goes
// through confirmation (and reservation) like any order.
absl::StatusOr<int64_t> CreateReplacement(db::Transaction& tx, const HandlerContext& ctx,
                                          const domain::Order& original,
                                          const store::ReturnRow& ret, absl::Time now) {
  domain::Order draft;
  draft.customer_id = original.customer_id;
  draft.channel = original.channel;
  draft.region = original.region;
  draft.warehouse = original.warehouse;
  draft.credits = original.credits;
  draft.replaces_return_id = ret.id;
  int32_t next_line = 1;
  for (const store::ReturnLineRow& rl : ret.lines) {
    const domain::OrderLine* ol = original.FindLine(rl.line_id);
    if (ol == nullptr) return absl::InternalError("return line without order line");
    domain::OrderLine line;
    line.line_id = next_line++;
    line.product_id = ol->product_id;
    line.sku = ol->sku;
    line.category = ol->category;
    line.quantity = rl.quantity;
    line.unit_cost_minor = ol->unit_cost_minor;
    draft.cost_minor += line.unit_cost_minor * line.quantity;
    draft.lines.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(const OrderWithHistory placed, PlaceOrder(tx, ctx, std::move(draft), now));
  return placed.order.id;
}

}  // namespace

absl::StatusOr<v1::Return> ReturnHandlers::CreateReturn(const v1::CreateReturnRequest& req,
                                                        absl::Time deadline) {
  if (!req.has_order_return()) return InvalidField("order_return", "is required");
  const v1::Return& r = req.order_return();
  ASSIGN_OR_RETURN(int64_t order_id, ParseIdName("order_return.order", "orders", r.order()));
  if (r.lines().empty()) return InvalidField("order_return.lines", "at least one line is required");
  std::set<int32_t> seen;
  for (int i = 0; i < r.lines_size(); ++i) {
    if (r.lines(i).line_id() < 1) {
      return InvalidField(absl::StrCat("order_return.lines[", i, "].line_id"), "is required");
    }
    if (!seen.insert(r.lines(i).line_id()).second) {
      return InvalidField(absl::StrCat("order_return.lines[", i, "].line_id"), "appears twice");
    }
    if (r.lines(i).quantity() < 1) {
      return InvalidField(absl::StrCat("order_return.lines[", i, "].quantity"),
                          "must be at least 1");
    }
  }
  if (r.reason().empty()) return InvalidField("order_return.reason", "is required");
  if (r.reason().size() > kMaxReasonLength) {
    return InvalidField("order_return.reason", "must be at most 500 characters");
  }
  return RunIdempotent<v1::Return>(
      *ctx_.pool, deadline, "CreateReturn", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Return> {
        ASSIGN_OR_RETURN(domain::Order order, LoadOrder(tx, order_id, /*for_update=*/true));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(domain::CheckTakesReturns("order_return.order", r.order(), order.status));
        RETURN_IF_ERROR(
            domain::CheckReturnWindow(domain::DeliveredAt(store::ListStatusHistory(tx, order.id)),
                                      ctx_.policy.return_window, now));
        const std::map<int32_t, int64_t> already = store::ReturnedUnitsByLine(tx, order.id);
        store::ReturnRow row;
        row.order_id = order.id;
        row.reason = r.reason();
        row.exchange = r.exchange();
        row.status = domain::ReturnStatus::kRequested;
        row.created_at = now;
        row.updated_at = now;
        for (int i = 0; i < r.lines_size(); ++i) {
          const v1::ReturnLine& rl = r.lines(i);
          const domain::OrderLine* ol = order.FindLine(rl.line_id());
          if (ol == nullptr) {
            return InvalidField(absl::StrCat("order_return.lines[", i, "].line_id"),
                                absl::StrCat(r.order(), " has no line ", rl.line_id()));
          }
          auto it = already.find(rl.line_id());
          const int64_t before = it == already.end() ? 0 : it->second;
          const domain::ChargedLine charged = domain::Charged(*ol, before);
          const absl::Status returnable =
              domain::CheckReturnable(absl::StrCat("order_return.lines[", i, "].quantity"),
                                      rl.line_id(), charged, rl.quantity());
          if (!returnable.ok()) {
            return absl::Status(
                returnable.code(),
                absl::StrCat("order_return.lines[", i, "].quantity: ", returnable.message()));
          }
          const int64_t refund = domain::RefundFor(charged, before, rl.quantity());
          row.lines.push_back({rl.line_id(), rl.quantity(), refund});
          if (!row.exchange) row.refund_total_minor += refund;
        }
        row.id = store::InsertReturn(tx, row);
        return ToProto(row, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::Return> ReturnHandlers::GetReturn(const v1::GetReturnRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "returns", req.name()));
  std::optional<store::ReturnRow> row;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindReturn(tx, id, /*for_update=*/false);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, ctx_.policy.currency);
}

absl::StatusOr<v1::Return> ReturnHandlers::ReceiveReturn(const v1::ReceiveReturnRequest& req,
                                                         absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "returns", req.name()));
  return RunIdempotent<v1::Return>(
      *ctx_.pool, deadline, "ReceiveReturn", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Return> {
        ASSIGN_OR_RETURN(LockedReturn locked, LockReturn(tx, id));
        store::ReturnRow& ret = locked.ret;
        RETURN_IF_ERROR(domain::CheckReturnTransition(ret.status, domain::ReturnStatus::kReceived));
        const absl::Time now = NowMicros();
        for (const store::ReturnLineRow& rl : ret.lines) {
          for (domain::OrderLine& ol : locked.order.lines) {
            if (ol.line_id != rl.line_id) continue;
            ol.returned_quantity += rl.quantity;
            store::UpdateOrderLine(tx, locked.order.id, ol);
          }
        }
        ret.status = domain::ReturnStatus::kReceived;
        ret.updated_at = now;
        store::UpdateReturn(tx, ret);
        return ToProto(ret, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::Return> ReturnHandlers::ResolveReturn(const v1::ResolveReturnRequest& req,
                                                         absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "returns", req.name()));
  if (req.disposition() == v1::DISPOSITION_UNSPECIFIED) {
    return InvalidField("disposition", "is required (RESTOCK or SCRAP)");
  }
  if (!v1::Disposition_IsValid(req.disposition())) {
    return InvalidField("disposition", "is not a known disposition");
  }
  return RunIdempotent<v1::Return>(
      *ctx_.pool, deadline, "ResolveReturn", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Return> {
        ASSIGN_OR_RETURN(LockedReturn locked, LockReturn(tx, id));
        store::ReturnRow& ret = locked.ret;
        const domain::Order& order = locked.order;
        RETURN_IF_ERROR(domain::CheckReturnTransition(ret.status, domain::ReturnStatus::kResolved));
        const absl::Time now = NowMicros();
        const domain::Disposition disposition = DispositionFromProto(req.disposition());
        if (disposition == domain::Disposition::kRestock) {
          std::map<int64_t, int64_t> units;
          for (const store::ReturnLineRow& rl : ret.lines) {
            if (const domain::OrderLine* ol = order.FindLine(rl.line_id)) {
              units[ol->product_id] += rl.quantity;
            }
          }
          std::vector<store::StockQuantity> quantities;
          for (const auto& [product, q] : units) quantities.push_back({product, q});
          WriteStockEvents(tx, store::Restock(tx, order.id, order.warehouse, quantities, now,
                                              store::MovementNote::ForReturn(ret.id)));
        }
        if (ret.exchange) {
          ASSIGN_OR_RETURN(ret.replacement_order_id, CreateReplacement(tx, ctx_, order, ret, now));
        }
        ret.status = domain::ReturnStatus::kResolved;
        ret.disposition = disposition;
        ret.updated_at = now;
        store::UpdateReturn(tx, ret);
        // Units of each line in earlier returns: the tax part of this refund is split out
        // by the same rule the refund was computed with.
        WriteEvent(tx,
                   ReturnResolvedEvent(order, ret, store::ReturnedUnitsByLine(tx, order.id, ret.id),
                                       ctx_.policy.currency));
        return ToProto(ret, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::Return> ReturnHandlers::RejectReturn(const v1::RejectReturnRequest& req,
                                                        absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "returns", req.name()));
  if (req.reason().empty()) return InvalidField("reason", "is required");
  if (req.reason().size() > kMaxReasonLength) {
    return InvalidField("reason", "must be at most 500 characters");
  }
  return RunIdempotent<v1::Return>(
      *ctx_.pool, deadline, "RejectReturn", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Return> {
        ASSIGN_OR_RETURN(LockedReturn locked, LockReturn(tx, id));
        store::ReturnRow& ret = locked.ret;
        RETURN_IF_ERROR(domain::CheckReturnTransition(ret.status, domain::ReturnStatus::kRejected));
        // Nothing came back and nothing is refunded: no stock, order line or refund changes;
        // the units are returnable again (a rejected return holds none).
        ret.status = domain::ReturnStatus::kRejected;
        ret.rejection_reason = req.reason();
        ret.refund_total_minor = 0;
        ret.updated_at = NowMicros();
        store::UpdateReturn(tx, ret);

        events::v1::Event event;
        event.set_aggregate(ReturnName(ret.id));
        events::v1::ReturnRejected* rejected = event.mutable_return_rejected();
        rejected->set_return_name(ReturnName(ret.id));
        rejected->set_order(OrderName(locked.order.id));
        rejected->set_customer(IdName("customers", locked.order.customer_id));
        rejected->set_reason(req.reason());
        WriteEvent(tx, std::move(event));
        return ToProto(ret, ctx_.policy.currency);
      });
}

}  // namespace sales::orders::api
