#include "services/orders/src/api/orders_service.h"

namespace sales::orders::api {

OrdersService::OrdersService(const HandlerContext& ctx, RpcObserver& observer)
    : observer_(observer),
      catalogue_(ctx),
      stock_(ctx),
      orders_(ctx),
      returns_(ctx),
      imports_(ctx),
      return_queries_(ctx) {}

// Each method: the handler that owns it, and the request_id it carries ("" for reads).
#define SALES_SERVE(Method, Request, Response, handler, request_id)                              \
  grpc::Status OrdersService::Method(grpc::ServerContext* context, const v1::Request* req,       \
                                     v1::Response* response) {                                   \
    return observer_.Serve(context, #Method, request_id, response,                               \
                           [&](absl::Time deadline) { return handler.Method(*req, deadline); }); \
  }

SALES_SERVE(CreateProduct, CreateProductRequest, Product, catalogue_, req->request_id())
SALES_SERVE(GetProduct, GetProductRequest, Product, catalogue_, "")
SALES_SERVE(ListProducts, ListProductsRequest, ListProductsResponse, catalogue_, "")
SALES_SERVE(UpdateProduct, UpdateProductRequest, Product, catalogue_, req->request_id())
SALES_SERVE(ListPriceChanges, ListPriceChangesRequest, ListPriceChangesResponse, catalogue_, "")
SALES_SERVE(ReceiveStock, ReceiveStockRequest, StockLevel, stock_, req->request_id())
SALES_SERVE(AdjustStock, AdjustStockRequest, StockLevel, stock_, req->request_id())
SALES_SERVE(TransferStock, TransferStockRequest, TransferStockResponse, stock_, req->request_id())
SALES_SERVE(ListStockLevels, ListStockLevelsRequest, ListStockLevelsResponse, stock_, "")
SALES_SERVE(CreatePromotion, CreatePromotionRequest, Promotion, catalogue_, req->request_id())
SALES_SERVE(GetPromotion, GetPromotionRequest, Promotion, catalogue_, "")
SALES_SERVE(ListPromotions, ListPromotionsRequest, ListPromotionsResponse, catalogue_, "")
SALES_SERVE(CreateOrder, CreateOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(GetOrder, GetOrderRequest, Order, orders_, "")
SALES_SERVE(ListOrders, ListOrdersRequest, ListOrdersResponse, orders_, "")
SALES_SERVE(ConfirmOrder, ConfirmOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(ApproveOrder, ApproveOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(CancelOrder, CancelOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(ShipOrder, ShipOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(DeliverShipment, DeliverShipmentRequest, Order, orders_, req->request_id())
SALES_SERVE(CompleteOrder, CompleteOrderRequest, Order, orders_, req->request_id())
SALES_SERVE(CreateReturn, CreateReturnRequest, Return, returns_, req->request_id())
SALES_SERVE(GetReturn, GetReturnRequest, Return, returns_, "")
SALES_SERVE(ReceiveReturn, ReceiveReturnRequest, Return, returns_, req->request_id())
SALES_SERVE(ResolveReturn, ResolveReturnRequest, Return, returns_, req->request_id())
SALES_SERVE(RejectReturn, RejectReturnRequest, Return, returns_, req->request_id())
SALES_SERVE(UpdatePromotion, UpdatePromotionRequest, Promotion, catalogue_, req->request_id())
SALES_SERVE(ListReturns, ListReturnsRequest, ListReturnsResponse, return_queries_, "")
SALES_SERVE(ListStockMovements, ListStockMovementsRequest, ListStockMovementsResponse, stock_, "")
#undef SALES_SERVE

grpc::Status OrdersService::ImportOrders(grpc::ServerContext* context,
                                         grpc::ServerReader<v1::ImportOrdersRequest>* reader,
                                         v1::ImportOrdersResponse* response) {
  return observer_.Serve(context, "ImportOrders", "", response, [&](absl::Time deadline) {
    return imports_.ImportOrders(
        [reader](v1::ImportOrdersRequest* next) { return reader->Read(next); }, deadline);
  });
}

}  // namespace sales::orders::api
