#include "services/orders/src/api/stock_handlers.h"

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/codes.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_catalogue.h"
#include "services/orders/src/api/stock_events.h"
#include "services/orders/src/api/time_filter.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

constexpr int64_t kMaxUnits = 1000000000;
constexpr size_t kMaxReasonLength = 200;
constexpr size_t kMaxActorLength = 100;

absl::Status ValidateUnits(std::string_view field, int64_t quantity) {
  if (quantity < 1 || quantity > kMaxUnits) {
    return InvalidField(field, "must be 1 to 1,000,000,000 units");
  }
  return absl::OkStatus();
}

// The note of a stock request: its actor ("system" if empty) and reason.
absl::StatusOr<store::MovementNote> Note(std::string_view actor, std::string_view reason) {
  RETURN_IF_ERROR(ValidateText("actor", actor, kMaxActorLength, /*required=*/false));
  store::MovementNote note;
  if (!actor.empty()) note.actor = std::string(actor);
  note.reason = std::string(reason);
  return note;
}

v1::StockMovement ToProto(const store::StockMovementRow& row) {
  v1::StockMovement m;
  m.set_name(absl::StrCat(ProductName(row.product_id), "/stockMovements/", row.id));
  m.set_product(ProductName(row.product_id));
  m.set_warehouse(row.warehouse);
  m.set_kind(static_cast<v1::StockMovementKind>(row.kind));
  m.set_on_hand_delta(row.on_hand_delta);
  m.set_reserved_delta(row.reserved_delta);
  m.set_actor(row.actor);
  m.set_reason(row.reason);
  if (row.order_id != 0) m.set_order(absl::StrCat("orders/", row.order_id));
  if (row.return_id != 0) m.set_order_return(absl::StrCat("returns/", row.return_id));
  m.set_transfer_id(row.transfer_id);
  m.set_counterpart_warehouse(row.counterpart_warehouse);
  SetProtoTime(row.created_at, m.mutable_create_time());
  return m;
}

}  // namespace

absl::StatusOr<v1::StockLevel> StockHandlers::ReceiveStock(const v1::ReceiveStockRequest& req,
                                                           absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t product_id, ParseProductName("product", req.product()));
  RETURN_IF_ERROR(ValidateCode("warehouse", req.warehouse(), kWarehouseCode));
  RETURN_IF_ERROR(ValidateUnits("quantity", req.quantity()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, /*required=*/false));
  ASSIGN_OR_RETURN(store::MovementNote note, Note(req.actor(), req.reason()));
  return RunIdempotent<v1::StockLevel>(
      *ctx_.pool, deadline, "ReceiveStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::StockLevel> {
        ASSIGN_OR_RETURN(
            store::StockChange change,
            store::ChangeOnHand(tx, product_id, req.warehouse(), req.quantity(),
                                domain::StockMovementKind::kReceived, note, NowMicros()));
        change.reason = "receive";
        WriteStockEvents(tx, {change});
        return ToProto(change.after);
      });
}

absl::StatusOr<v1::StockLevel> StockHandlers::AdjustStock(const v1::AdjustStockRequest& req,
                                                          absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t product_id, ParseProductName("product", req.product()));
  RETURN_IF_ERROR(ValidateCode("warehouse", req.warehouse(), kWarehouseCode));
  if (req.quantity_delta() == 0 || req.quantity_delta() < -kMaxUnits ||
      req.quantity_delta() > kMaxUnits) {
    return InvalidField("quantity_delta",
                        "must be non-zero, between -1,000,000,000 and "
                        "1,000,000,000 units");
  }
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, /*required=*/true));
  ASSIGN_OR_RETURN(store::MovementNote note, Note(req.actor(), req.reason()));
  return RunIdempotent<v1::StockLevel>(
      *ctx_.pool, deadline, "AdjustStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::StockLevel> {
        ASSIGN_OR_RETURN(
            store::StockChange change,
            store::ChangeOnHand(tx, product_id, req.warehouse(), req.quantity_delta(),
                                domain::StockMovementKind::kAdjusted, note, NowMicros()));
        change.reason = "adjust";
        WriteStockEvents(tx, {change});
        return ToProto(change.after);
      });
}

absl::StatusOr<v1::TransferStockResponse> StockHandlers::TransferStock(
    const v1::TransferStockRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t product_id, ParseProductName("product", req.product()));
  RETURN_IF_ERROR(ValidateCode("from_warehouse", req.from_warehouse(), kWarehouseCode));
  RETURN_IF_ERROR(ValidateCode("to_warehouse", req.to_warehouse(), kWarehouseCode));
  if (req.to_warehouse() == req.from_warehouse()) {
    return InvalidField("to_warehouse", "must differ from from_warehouse");
  }
  RETURN_IF_ERROR(ValidateUnits("quantity", req.quantity()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, /*required=*/false));
  ASSIGN_OR_RETURN(store::MovementNote out_note, Note(req.actor(), req.reason()));
  out_note.counterpart_warehouse = req.to_warehouse();
  return RunIdempotent<v1::TransferStockResponse>(
      *ctx_.pool, deadline, "TransferStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::TransferStockResponse> {
        const absl::Time now = NowMicros();
        // ChangeOnHand locks the product row first, so transfers of one product (either
        // direction) serialise and cannot deadlock on the two stock rows.
        ASSIGN_OR_RETURN(
            store::StockChange out,
            store::ChangeOnHand(tx, product_id, req.from_warehouse(), -req.quantity(),
                                domain::StockMovementKind::kTransferredOut, out_note, now));
        // Both halves carry the id of the out movement.
        store::MovementNote in_note = out_note;
        in_note.transfer_id = out.movement_id;
        in_note.counterpart_warehouse = req.from_warehouse();
        ASSIGN_OR_RETURN(
            store::StockChange in,
            store::ChangeOnHand(tx, product_id, req.to_warehouse(), req.quantity(),
                                domain::StockMovementKind::kTransferredIn, in_note, now));
        store::MarkTransferOut(tx, out.movement_id);
        out.reason = "transfer";
        in.reason = "transfer";
        WriteStockEvents(tx, {out, in});
        v1::TransferStockResponse resp;
        *resp.mutable_from() = ToProto(out.after);
        *resp.mutable_to() = ToProto(in.after);
        return resp;
      });
}

absl::StatusOr<v1::ListStockLevelsResponse> StockHandlers::ListStockLevels(
    const v1::ListStockLevelsRequest& req, absl::Time deadline) {
  int64_t product_id = 0;
  if (!req.product().empty()) {
    ASSIGN_OR_RETURN(product_id, ParseProductName("product", req.product()));
  }
  if (!req.warehouse().empty())
    RETURN_IF_ERROR(ValidateCode("warehouse", req.warehouse(), kWarehouseCode));
  // A (product_id, warehouse) cursor.
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListStockLevels", req, KeysetShape::kIdKey));
  std::vector<store::StockRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListStock(tx, product_id, req.warehouse(), page.after().id, page.after().key,
                            page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListStockLevelsResponse resp;
  resp.set_next_page_token(page.TakePage(rows, [](const store::StockRow& row) {
    return KeysetCursor::IdKey(row.product_id, row.warehouse);
  }));
  for (const store::StockRow& row : rows) *resp.add_stock_levels() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::ListStockMovementsResponse> StockHandlers::ListStockMovements(
    const v1::ListStockMovementsRequest& req, absl::Time deadline) {
  store::MovementFilter filter;
  ASSIGN_OR_RETURN(filter.product_id, ParseProductName("product", req.product()));
  if (!req.warehouse().empty()) {
    RETURN_IF_ERROR(ValidateCode("warehouse", req.warehouse(), kWarehouseCode));
  }
  filter.warehouse = req.warehouse();
  if (!v1::StockMovementKind_IsValid(req.kind())) {
    return InvalidField("kind", "is not a known stock movement kind");
  }
  filter.kind = static_cast<domain::StockMovementKind>(req.kind());
  ASSIGN_OR_RETURN(TimeWindow window, ParseTimeWindow(req.has_start_time(), req.start_time(),
                                                      req.has_end_time(), req.end_time()));
  filter.created_from = window.from;
  filter.created_before = window.before;
  ASSIGN_OR_RETURN(ListPage page, ListPage::Start(*ctx_.page_tokens, "ListStockMovements", req,
                                                  KeysetShape::kTimeId));
  std::vector<store::StockMovementRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::ProductExists(tx, filter.product_id);
    if (found) rows = store::ListMovements(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.product(), " not found"));
  v1::ListStockMovementsResponse resp;
  resp.set_next_page_token(page.TakePage(rows, [](const store::StockMovementRow& row) {
    return KeysetCursor::TimeId(row.created_at, row.id);
  }));
  for (const store::StockMovementRow& row : rows) *resp.add_stock_movements() = ToProto(row);
  return resp;
}

}  // namespace sales::orders::api
