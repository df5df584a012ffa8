// Reads of many returns: ListReturns with its filters.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class ReturnQueries final {
 public:
  explicit ReturnQueries(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ListReturnsResponse> ListReturns(const v1::ListReturnsRequest& req,
                                                      absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
