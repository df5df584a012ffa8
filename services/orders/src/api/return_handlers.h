// Returns and exchanges: limits against delivered units and the return window, refunds of
// what was paid, restock or scrap, replacement orders.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class ReturnHandlers final {
 public:
  explicit ReturnHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Return> CreateReturn(const v1::CreateReturnRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Return> GetReturn(const v1::GetReturnRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Return> ReceiveReturn(const v1::ReceiveReturnRequest& req,
                                           absl::Time deadline);
  absl::StatusOr<v1::Return> ResolveReturn(const v1::ResolveReturnRequest& req,
                                           absl::Time deadline);
  absl::StatusOr<v1::Return> RejectReturn(const v1::RejectReturnRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
