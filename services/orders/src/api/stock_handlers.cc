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
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

constexpr int64_t kMaxUnits = 1000000000;
constexpr size_t kMaxReasonLength = 200;

absl::Status ValidateUnits(std::string_view field, int64_t quantity) {
  if (quantity < 1 || quantity > kMaxUnits) {
    return InvalidField(field, "must be 1 to 1,000,000,000 units");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::StockLevel> StockHandlers::ReceiveStock(const v1::ReceiveStockRequest& req,
                                                           absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t product_id, ParseProductName("product", req.product()));
  RETURN_IF_ERROR(ValidateCode("warehouse", req.warehouse(), kWarehouseCode));
  RETURN_IF_ERROR(ValidateUnits("quantity", req.quantity()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, /*required=*/false));
  const std::string movement =
      req.reason().empty() ? std::string("receive") : absl::StrCat("receive: ", req.reason());
  return RunIdempotent<v1::StockLevel>(
      *ctx_.pool, deadline, "ReceiveStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::StockLevel> {
        ASSIGN_OR_RETURN(store::StockChange change,
                         store::ChangeOnHand(tx, product_id, req.warehouse(), req.quantity(),
                                             movement, NowMicros()));
        change.reason = "receive";
        store::WriteStockEvents(tx, {change});
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
  const std::string movement = absl::StrCat("adjust: ", req.reason());
  return RunIdempotent<v1::StockLevel>(
      *ctx_.pool, deadline, "AdjustStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::StockLevel> {
        ASSIGN_OR_RETURN(store::StockChange change,
                         store::ChangeOnHand(tx, product_id, req.warehouse(), req.quantity_delta(),
                                             movement, NowMicros()));
        change.reason = "adjust";
        store::WriteStockEvents(tx, {change});
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
  return RunIdempotent<v1::TransferStockResponse>(
      *ctx_.pool, deadline, "TransferStock", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::TransferStockResponse> {
        const absl::Time now = NowMicros();
        // ChangeOnHand locks the product row first, so transfers of one product (either
        // direction) serialise and cannot deadlock on the two stock rows.
        ASSIGN_OR_RETURN(
            store::StockChange out,
            store::ChangeOnHand(tx, product_id, req.from_warehouse(), -req.quantity(),
                                absl::StrCat("transfer to ", req.to_warehouse()), now));
        ASSIGN_OR_RETURN(
            store::StockChange in,
            store::ChangeOnHand(tx, product_id, req.to_warehouse(), req.quantity(),
                                absl::StrCat("transfer from ", req.from_warehouse()), now));
        out.reason = "transfer";
        in.reason = "transfer";
        store::WriteStockEvents(tx, {out, in});
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

}  // namespace sales::orders::api
