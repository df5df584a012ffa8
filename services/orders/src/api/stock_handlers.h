// Stock per warehouse: receiving, adjusting, transfers, levels and the movement ledger, with
// stock_changed and stock_low events.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class StockHandlers final {
 public:
  explicit StockHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::StockLevel> ReceiveStock(const v1::ReceiveStockRequest& req,
                                              absl::Time deadline);
  absl::StatusOr<v1::StockLevel> AdjustStock(const v1::AdjustStockRequest& req,
                                             absl::Time deadline);
  absl::StatusOr<v1::TransferStockResponse> TransferStock(const v1::TransferStockRequest& req,
                                                          absl::Time deadline);
  absl::StatusOr<v1::ListStockLevelsResponse> ListStockLevels(const v1::ListStockLevelsRequest& req,
                                                              absl::Time deadline);
  absl::StatusOr<v1::ListStockMovementsResponse> ListStockMovements(
      const v1::ListStockMovementsRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
