#include "services/analytics/src/api/price_series.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace sales::analytics::api {
namespace {

// τ of a week: its Thursday's (day of year - 1) / days in that year.
double YearPosition(absl::CivilDay monday) {
  const absl::CivilDay thursday = monday + 3;
  const absl::CivilYear year(thursday);
  const double days_in_year = static_cast<double>(absl::CivilDay(year + 1) - absl::CivilDay(year));
  return (absl::GetYearDay(thursday) - 1) / days_in_year;
}

}  // namespace

std::map<std::string, ProductHistory> ByProduct(const std::vector<store::ProductWeek>& rows,
                                                const std::vector<domain::Period>& weeks) {
  // `rows` are by product, category, week (store::LoadProductWeeks): the latest category is
  // that of the latest day with sales (on a tie, the last category in that order), as it was
  // when the rows were per day.
  std::map<std::string, ProductHistory> out;
  for (const store::ProductWeek& d : rows) {
    const int index = d.week;
    if (index < 0 || index >= static_cast<int>(weeks.size())) continue;
    ProductHistory& h = out[d.product];
    if (h.category.empty() || d.last_day >= h.category_day) {
      h.category = d.category;
      h.category_day = d.last_day;
    }
    domain::PriceWeek& w = h.weeks[index];
    w.week = index;
    w.year_position = YearPosition(weeks[static_cast<size_t>(index)].first_day);
    w.units += d.units;
    w.net_minor += d.net_minor;
  }
  return out;
}

domain::PriceSeries SeriesOf(const std::string& product, const ProductHistory& h) {
  domain::PriceSeries s;
  s.product = product;
  for (const auto& [index, week] : h.weeks) s.weeks.push_back(week);
  return s;
}

absl::StatusOr<std::optional<domain::ElasticityEstimate>> Estimate(
    const std::vector<domain::PriceSeries>& series, const domain::ElasticityOptions& options,
    std::string& reason) {
  absl::StatusOr<domain::ElasticityEstimate> e = domain::EstimateElasticity(series, options);
  if (e.ok()) return std::optional<domain::ElasticityEstimate>(*std::move(e));
  if (e.status().code() != absl::StatusCode::kFailedPrecondition) return e.status();
  reason = std::string(e.status().message());
  return std::optional<domain::ElasticityEstimate>();
}

absl::StatusOr<std::optional<domain::ElasticityEstimate>> Reported(
    const absl::StatusOr<domain::ElasticityEstimate>& e, std::string& reason) {
  if (e.ok()) return std::optional<domain::ElasticityEstimate>(*e);
  if (e.status().code() != absl::StatusCode::kFailedPrecondition) return e.status();
  reason = std::string(e.status().message());
  return std::optional<domain::ElasticityEstimate>();
}

std::vector<CategoryEstimates> EstimateByCategory(
    const std::map<std::string, ProductHistory>& products,
    const domain::ElasticityOptions& options) {
  std::map<std::string, CategoryEstimates> by_category;
  for (const auto& [product, history] : products) {
    CategoryEstimates& c = by_category[history.category];
    c.category = history.category;
    c.products.push_back(product);
    c.series.push_back(SeriesOf(product, history));
  }
  std::vector<CategoryEstimates> out;
  for (auto& [category, c] : by_category) {
    c.estimates = domain::EstimateCategoryElasticities(c.series, options);
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<double> Elasticities::Of(const std::string& product, bool& own) const {
  own = false;
  if (const auto p = of_product.find(product); p != of_product.end()) {
    own = true;
    return p->second;
  }
  const auto c = category_of.find(product);
  if (c == category_of.end()) return std::nullopt;
  if (const auto e = of_category.find(c->second); e != of_category.end()) return e->second;
  return std::nullopt;
}

absl::StatusOr<Elasticities> EstimateAll(const std::vector<store::ProductWeek>& days,
                                         const std::vector<domain::Period>& weeks,
                                         const domain::ElasticityOptions& options) {
  Elasticities out;
  out.weeks =
      absl::StrCat(domain::PeriodLabel(weeks.front()), "..", domain::PeriodLabel(weeks.back()));
  const std::map<std::string, ProductHistory> products = ByProduct(days, weeks);
  for (const CategoryEstimates& c : EstimateByCategory(products, options)) {
    for (size_t i = 0; i < c.products.size(); ++i) {
      out.category_of.emplace(c.products[i], c.category);
      std::string reason;
      ASSIGN_OR_RETURN(const std::optional<domain::ElasticityEstimate> e,
                       Reported(c.estimates.products[i], reason));
      if (e.has_value()) out.of_product.emplace(c.products[i], e->elasticity);
    }
    std::string reason;
    ASSIGN_OR_RETURN(const std::optional<domain::ElasticityEstimate> e,
                     Reported(c.estimates.category, reason));
    if (e.has_value()) out.of_category.emplace(c.category, e->elasticity);
  }
  return out;
}

}  // namespace sales::analytics::api
