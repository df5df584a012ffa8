// The gRPC face of the orders service: each method hands its request to the handler that
// owns it, through RpcObserver (deadline, status mapping, log line, metrics).
#pragma once

#include "common/server/rpc_observer.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"
#include "services/orders/src/api/catalogue_handlers.h"
#include "services/orders/src/api/handler_context.h"
#include "services/orders/src/api/import_handlers.h"
#include "services/orders/src/api/order_handlers.h"
#include "services/orders/src/api/return_handlers.h"
#include "services/orders/src/api/return_queries.h"
#include "services/orders/src/api/stock_handlers.h"

namespace sales::orders::api {

class OrdersService final : public v1::OrdersService::Service {
 public:
  OrdersService(const HandlerContext& ctx, RpcObserver& observer);

#define SALES_ORDERS_RPC(Method, Request, Response)                             \
  grpc::Status Method(grpc::ServerContext* context, const v1::Request* request, \
                      v1::Response* response) override;
  SALES_ORDERS_RPC(CreateProduct, CreateProductRequest, Product)
  SALES_ORDERS_RPC(GetProduct, GetProductRequest, Product)
  SALES_ORDERS_RPC(ListProducts, ListProductsRequest, ListProductsResponse)
  SALES_ORDERS_RPC(UpdateProduct, UpdateProductRequest, Product)
  SALES_ORDERS_RPC(ListPriceChanges, ListPriceChangesRequest, ListPriceChangesResponse)
  SALES_ORDERS_RPC(ReceiveStock, ReceiveStockRequest, StockLevel)
  SALES_ORDERS_RPC(AdjustStock, AdjustStockRequest, StockLevel)
  SALES_ORDERS_RPC(TransferStock, TransferStockRequest, TransferStockResponse)
  SALES_ORDERS_RPC(ListStockLevels, ListStockLevelsRequest, ListStockLevelsResponse)
  SALES_ORDERS_RPC(CreatePromotion, CreatePromotionRequest, Promotion)
  SALES_ORDERS_RPC(GetPromotion, GetPromotionRequest, Promotion)
  SALES_ORDERS_RPC(ListPromotions, ListPromotionsRequest, ListPromotionsResponse)
  SALES_ORDERS_RPC(CreateOrder, CreateOrderRequest, Order)
  SALES_ORDERS_RPC(GetOrder, GetOrderRequest, Order)
  SALES_ORDERS_RPC(ListOrders, ListOrdersRequest, ListOrdersResponse)
  SALES_ORDERS_RPC(ConfirmOrder, ConfirmOrderRequest, Order)
  SALES_ORDERS_RPC(ApproveOrder, ApproveOrderRequest, Order)
  SALES_ORDERS_RPC(CancelOrder, CancelOrderRequest, Order)
  SALES_ORDERS_RPC(ShipOrder, ShipOrderRequest, Order)
  SALES_ORDERS_RPC(DeliverShipment, DeliverShipmentRequest, Order)
  SALES_ORDERS_RPC(CompleteOrder, CompleteOrderRequest, Order)
  SALES_ORDERS_RPC(CreateReturn, CreateReturnRequest, Return)
  SALES_ORDERS_RPC(GetReturn, GetReturnRequest, Return)
  SALES_ORDERS_RPC(ReceiveReturn, ReceiveReturnRequest, Return)
  SALES_ORDERS_RPC(ResolveReturn, ResolveReturnRequest, Return)
  SALES_ORDERS_RPC(RejectReturn, RejectReturnRequest, Return)
  SALES_ORDERS_RPC(UpdatePromotion, UpdatePromotionRequest, Promotion)
  SALES_ORDERS_RPC(ListReturns, ListReturnsRequest, ListReturnsResponse)
  SALES_ORDERS_RPC(ListStockMovements, ListStockMovementsRequest, ListStockMovementsResponse)
#undef SALES_ORDERS_RPC
  grpc::Status ImportOrders(grpc::ServerContext* context,
                            grpc::ServerReader<v1::ImportOrdersRequest>* reader,
                            v1::ImportOrdersResponse* response) override;

 private:
  RpcObserver& observer_;
  CatalogueHandlers catalogue_;
  StockHandlers stock_;
  OrderHandlers orders_;
  ReturnHandlers returns_;
  ImportHandlers imports_;
  ReturnQueries return_queries_;
};

}  // namespace sales::orders::api
