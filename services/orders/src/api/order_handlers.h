// The order lifecycle: pricing at creation, review and approval, reservation, shipment,
// delivery, completion and cancellation, each change with its status history row and event.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class OrderHandlers final {
 public:
  explicit OrderHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Order> CreateOrder(const v1::CreateOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Order> GetOrder(const v1::GetOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListOrdersResponse> ListOrders(const v1::ListOrdersRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::Order> ConfirmOrder(const v1::ConfirmOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Order> ApproveOrder(const v1::ApproveOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Order> CancelOrder(const v1::CancelOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Order> ShipOrder(const v1::ShipOrderRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Order> DeliverShipment(const v1::DeliverShipmentRequest& req,
                                            absl::Time deadline);
  absl::StatusOr<v1::Order> CompleteOrder(const v1::CompleteOrderRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
