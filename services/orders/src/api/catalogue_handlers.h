// Products (product_handlers.cc) and promotions (promotion_handlers.cc): validation, the
// transaction, the events (product_changed).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "services/orders/src/api/handler_context.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

class CatalogueHandlers final {
 public:
  explicit CatalogueHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Product> CreateProduct(const v1::CreateProductRequest& req,
                                            absl::Time deadline);
  absl::StatusOr<v1::Product> GetProduct(const v1::GetProductRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListProductsResponse> ListProducts(const v1::ListProductsRequest& req,
                                                        absl::Time deadline);
  absl::StatusOr<v1::Product> UpdateProduct(const v1::UpdateProductRequest& req,
                                            absl::Time deadline);
  absl::StatusOr<v1::ListPriceChangesResponse> ListPriceChanges(
      const v1::ListPriceChangesRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Promotion> CreatePromotion(const v1::CreatePromotionRequest& req,
                                                absl::Time deadline);
  absl::StatusOr<v1::Promotion> GetPromotion(const v1::GetPromotionRequest& req,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListPromotionsResponse> ListPromotions(const v1::ListPromotionsRequest& req,
                                                            absl::Time deadline);
  absl::StatusOr<v1::Promotion> UpdatePromotion(const v1::UpdatePromotionRequest& req,
                                                absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::orders::api
