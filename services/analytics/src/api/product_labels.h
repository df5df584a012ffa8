// Product names in answers (issue 11): an answer that lists products by "products/{id}" also
// carries each product's display name (the product report its SKU too), as the orders feed
// last described the product (product_names). The names of one answer are read together, in
// one prepared statement (per 256 products). A product analytics has no name for gets an
// empty one: never an error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/store/product_name_store.h"

namespace sales::analytics::api {

// The names of a set of products.
class ProductLabels final {
 public:
  ProductLabels() = default;

  // The labels of `products` (repeats and non-products allowed), read in `tx`.
  static ProductLabels Read(db::Transaction& tx, const std::vector<std::string>& products);
  // The same in a read of its own.
  static absl::StatusOr<ProductLabels> Load(db::ConnectionPool& pool, absl::Time deadline,
                                            const std::vector<std::string>& products);

  // The display name; empty when unknown.
  const std::string& DisplayName(const std::string& product) const;
  // The SKU; empty when unknown.
  const std::string& Sku(const std::string& product) const;
  // How a sentence names the product: its display name when known, else `product` itself.
  const std::string& Label(const std::string& product) const;

 private:
  absl::flat_hash_map<std::string, store::ProductLabel> labels_;
};

// Sets the display name of every product `answer` lists (and the SKU where it has one), in
// one read. Overloads for each answer that names products.
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline, v1::ProductReport& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::ProductAffinity& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::ProductRecommendations& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::PriceElasticityReport& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::PriceProjection& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::ReplenishmentReport& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline, v1::PromotionLift& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::ContributionAnalysis& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline, v1::ProcessKpis& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::CustomerAdvice& answer);
absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                          v1::ListTopActionsResponse& answer);

// The periodic report's product rankings and product movers (its findings are worded by the
// report itself, with ProductLabels). `also` are products the caller wants labels of as
// well; the labels read are returned.
absl::StatusOr<ProductLabels> NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                                           v1::PeriodicReport& answer,
                                           const std::vector<std::string>& also);

}  // namespace sales::analytics::api
