// The replenishment inputs a buyer records: settings per product and warehouse
// (Set/Delete/ListReplenishmentSettings) and expected receipts (Record/Update/Cancel/
// Receive/ListExpectedReceipts). Every change takes a request_id (common/idempotency.h).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/replenishment_inputs.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class ReplenishmentInputHandlers final {
 public:
  explicit ReplenishmentInputHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ReplenishmentSettings> SetReplenishmentSettings(
      const v1::SetReplenishmentSettingsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::DeleteReplenishmentSettingsResponse> DeleteReplenishmentSettings(
      const v1::DeleteReplenishmentSettingsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListReplenishmentSettingsResponse> ListReplenishmentSettings(
      const v1::ListReplenishmentSettingsRequest& req, absl::Time deadline);

  absl::StatusOr<v1::ExpectedReceipt> RecordExpectedReceipt(
      const v1::RecordExpectedReceiptRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ExpectedReceipt> UpdateExpectedReceipt(
      const v1::UpdateExpectedReceiptRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ExpectedReceipt> CancelExpectedReceipt(
      const v1::CancelExpectedReceiptRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ExpectedReceipt> ReceiveExpectedReceipt(
      const v1::ReceiveExpectedReceiptRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListExpectedReceiptsResponse> ListExpectedReceipts(
      const v1::ListExpectedReceiptsRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
