// The weekly price series of the price elasticities (GetPriceElasticity, ProjectPriceChange
// and the next best actions' offer depth): the product-weeks read from the order facts
// (grouped by week in SQL) over the ISO weeks of a window, per product with its latest
// category, and the log-log estimates of domain/price_elasticity.h (each category's products
// fitted together, with category-week effects) or the reason each is refused.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/domain/price_elasticity.h"
#include "services/analytics/src/store/price_history_store.h"

namespace sales::analytics::api {

// One product's weeks and what it sold, with its latest category.
struct ProductHistory {
  std::string category;
  absl::CivilDay category_day;
  std::map<int, domain::PriceWeek> weeks;  // by week index
  int64_t units = 0;
  int64_t net_minor = 0;
};

// The product-weeks of `rows` (store::LoadProductWeeks over `weeks`, consecutive ISO weeks),
// by product.
std::map<std::string, ProductHistory> ByProduct(const std::vector<store::ProductWeek>& rows,
                                                const std::vector<domain::Period>& weeks);

domain::PriceSeries SeriesOf(const std::string& product, const ProductHistory& h);

// The estimate, or none with the refusal's reason in `reason` (FAILED_PRECONDITION of the
// domain); other errors are passed on.
absl::StatusOr<std::optional<domain::ElasticityEstimate>> Estimate(
    const std::vector<domain::PriceSeries>& series, const domain::ElasticityOptions& options,
    std::string& reason);

// The reported estimate of `e`, or none with the refusal's reason in `reason`
// (FAILED_PRECONDITION of the domain); other errors are passed on.
absl::StatusOr<std::optional<domain::ElasticityEstimate>> Reported(
    const absl::StatusOr<domain::ElasticityEstimate>& e, std::string& reason);

// One category's products (those whose latest category it is), their series and the
// estimates of domain::EstimateCategoryElasticities (category-week effects).
struct CategoryEstimates {
  std::string category;
  std::vector<std::string> products;        // by name
  std::vector<domain::PriceSeries> series;  // one per product
  domain::CategoryElasticities estimates;   // one per product, and the category's
};

// Every category of `products`, by category name.
std::vector<CategoryEstimates> EstimateByCategory(
    const std::map<std::string, ProductHistory>& products,
    const domain::ElasticityOptions& options);

// Every product's and category's reported elasticity over a window (what GetPriceElasticity
// reports for it), for looking up.
struct Elasticities {
  absl::flat_hash_map<std::string, double> of_product;        // "products/{id}" -> e
  absl::flat_hash_map<std::string, double> of_category;       // category -> pooled e
  absl::flat_hash_map<std::string, std::string> category_of;  // product -> its category
  std::string weeks;  // the window, "first week label..last week label"

  // The product's own estimate, else its category's; none when neither is reported.
  // `own`: whether it is the product's own.
  std::optional<double> Of(const std::string& product, bool& own) const;
};

absl::StatusOr<Elasticities> EstimateAll(const std::vector<store::ProductWeek>& days,
                                         const std::vector<domain::Period>& weeks,
                                         const domain::ElasticityOptions& options);

}  // namespace sales::analytics::api
