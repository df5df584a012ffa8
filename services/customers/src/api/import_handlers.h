// Import of customer history from a legacy system (ImportCustomerHistory): customers,
// leads with their stage history, interactions and survey answers, each with its original
// times, idempotent by its legacy reference, written in batches for speed. Events carry the
// original times and imported = true.
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class ImportHandlers final {
 public:
  explicit ImportHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  // Pulls items from `next` (false at the end of the stream) and imports them.
  absl::StatusOr<v1::ImportCustomerHistoryResponse> ImportCustomerHistory(
      const std::function<bool(v1::ImportCustomerHistoryRequest*)>& next, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::customers::api
