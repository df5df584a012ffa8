// Import of historical orders from a legacy system: each order as it was (no re-pricing,
// no stock movement) with its returns resolved as they were (refunds by the live rule, no
// stock movement), idempotent by external_ref, written in batches for speed.
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class ImportHandlers final {
 public:
  explicit ImportHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  // Pulls orders from `next` (false at the end of the stream) and imports them.
  absl::StatusOr<v1::ImportOrdersResponse> ImportOrders(
      const std::function<bool(v1::ImportOrdersRequest*)>& next, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
