#include "services/analytics/src/api/product_labels.h"

#include "common/status.h"

namespace sales::analytics::api {
namespace {

// Hands each product of an answer to `f` with the field its display name goes to (and its
// SKU's, or null).
using ProductVisitor =
    std::function<void(const std::string& product, std::string* display_name, std::string* sku)>;

void Visit(v1::ProductFigures& p, const ProductVisitor& f) {
  f(p.product(), p.mutable_display_name(), p.mutable_sku());
}

void Visit(v1::PriceElasticity& e, const ProductVisitor& f) {
  if (!e.product().empty()) f(e.product(), e.mutable_display_name(), nullptr);
}

void Visit(v1::CustomerAction& a, const ProductVisitor& f) {
  if (!a.product().empty()) f(a.product(), a.mutable_product_display_name(), nullptr);
}

void Visit(v1::ProductReport& answer, const ProductVisitor& f) {
  for (v1::ProductFigures& p : *answer.mutable_products()) Visit(p, f);
}

void Visit(v1::ProductAffinity& answer, const ProductVisitor& f) {
  for (v1::ProductPair& p : *answer.mutable_pairs()) {
    f(p.product_a(), p.mutable_display_name_a(), nullptr);
    f(p.product_b(), p.mutable_display_name_b(), nullptr);
  }
}

void Visit(v1::ProductRecommendations& answer, const ProductVisitor& f) {
  for (v1::RecommendedProduct& p : *answer.mutable_products()) {
    f(p.product(), p.mutable_display_name(), nullptr);
    // One name per product that led to the recommendation, in the same order.
    while (p.because_of_display_names_size() < p.because_of_size()) {
      p.add_because_of_display_names();
    }
    for (int i = 0; i < p.because_of_size(); ++i) {
      f(p.because_of(i), p.mutable_because_of_display_names(i), nullptr);
    }
  }
}

void Visit(v1::PriceElasticityReport& answer, const ProductVisitor& f) {
  for (v1::PriceElasticity& e : *answer.mutable_products()) Visit(e, f);
  for (v1::ElasticityRefusal& r : *answer.mutable_refused()) {
    if (!r.product().empty()) f(r.product(), r.mutable_display_name(), nullptr);
  }
}

void Visit(v1::PriceProjection& answer, const ProductVisitor& f) {
  f(answer.product(), answer.mutable_display_name(), nullptr);
  if (answer.has_elasticity()) Visit(*answer.mutable_elasticity(), f);
}

void Visit(v1::ReplenishmentReport& answer, const ProductVisitor& f) {
  for (v1::ReplenishmentLine& l : *answer.mutable_lines()) {
    f(l.product(), l.mutable_display_name(), nullptr);
  }
  for (v1::StockAlert& a : *answer.mutable_alerts()) {
    f(a.product(), a.mutable_display_name(), nullptr);
  }
  for (v1::ReplenishmentSkip& s : *answer.mutable_skipped()) {
    f(s.product(), s.mutable_display_name(), nullptr);
  }
}

void Visit(v1::PromotionLift& answer, const ProductVisitor& f) {
  for (v1::LiftLine& l : *answer.mutable_lines()) f(l.product(), l.mutable_display_name(), nullptr);
}

void Visit(v1::ContributionAnalysis& answer, const ProductVisitor& f) {
  for (v1::DimensionContribution& d : *answer.mutable_dimensions()) {
    if (d.dimension() != v1::SLICE_DIMENSION_PRODUCT) continue;
    for (v1::ContributionRow& r : *d.mutable_rows()) {
      if (r.kind() == v1::CONTRIBUTION_ROW_KIND_MEMBER && !r.member().empty()) {
        f(r.member(), r.mutable_display_name(), nullptr);
      }
    }
  }
}

void Visit(v1::ProcessKpis& answer, const ProductVisitor& f) {
  if (!answer.has_stock_outs()) return;
  for (v1::StockOutItem& i : *answer.mutable_stock_outs()->mutable_items()) {
    f(i.product(), i.mutable_display_name(), nullptr);
  }
}

void Visit(v1::CustomerAdvice& answer, const ProductVisitor& f) {
  if (!answer.has_customer_actions()) return;
  for (v1::CustomerAction& a : *answer.mutable_customer_actions()->mutable_actions()) Visit(a, f);
}

void Visit(v1::ListTopActionsResponse& answer, const ProductVisitor& f) {
  for (v1::TopAction& t : *answer.mutable_top_actions()) {
    if (t.has_action()) Visit(*t.mutable_action(), f);
  }
}

void Visit(v1::PeriodicReport& answer, const ProductVisitor& f) {
  if (answer.has_products()) {
    for (auto* members :
         {answer.mutable_products()->mutable_top(), answer.mutable_products()->mutable_bottom()}) {
      for (v1::RankedMember& m : *members) f(m.member(), m.mutable_display_name(), nullptr);
    }
  }
  if (answer.has_product_movers()) {
    v1::ReportProducts* movers = answer.mutable_product_movers();
    for (auto* rows :
         {movers->mutable_hot(), movers->mutable_slow(), movers->mutable_low_cover()}) {
      for (v1::ProductFigures& p : *rows) Visit(p, f);
    }
  }
}

// The products of `answer`, and then `also`.
template <typename Answer>
std::vector<std::string> ProductsOf(Answer& answer, const std::vector<std::string>& also = {}) {
  std::vector<std::string> products;
  Visit(answer, [&](const std::string& product, std::string*, std::string*) {
    products.push_back(product);
  });
  products.insert(products.end(), also.begin(), also.end());
  return products;
}

template <typename Answer>
void SetLabels(const ProductLabels& labels, Answer& answer) {
  Visit(answer, [&](const std::string& product, std::string* display_name, std::string* sku) {
    *display_name = labels.DisplayName(product);
    if (sku != nullptr) *sku = labels.Sku(product);
  });
}

template <typename Answer>
absl::Status NameAll(db::ConnectionPool& pool, absl::Time deadline, Answer& answer) {
  const std::vector<std::string> products = ProductsOf(answer);
  if (products.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const ProductLabels labels, ProductLabels::Load(pool, deadline, products));
  SetLabels(labels, answer);
  return absl::OkStatus();
}

const std::string& Empty() {
  static const std::string* kEmpty = new std::string();
  return *kEmpty;
}

}  // namespace

ProductLabels ProductLabels::Read(db::Transaction& tx, const std::vector<std::string>& products) {
  ProductLabels out;
  out.labels_ = store::LoadProductLabels(tx, products);
  return out;
}

absl::StatusOr<ProductLabels> ProductLabels::Load(db::ConnectionPool& pool, absl::Time deadline,
                                                  const std::vector<std::string>& products) {
  ProductLabels out;
  if (products.empty()) return out;
  // Names only label the answer, which was read before: autocommit (one statement per 256
  // products), not a snapshot's three extra round trips on every answer that lists products.
  RETURN_IF_ERROR(db::RunReadOnly(pool, deadline, [&](db::Transaction& tx) {
    out = Read(tx, products);
    return absl::OkStatus();
  }));
  return out;
}

const std::string& ProductLabels::DisplayName(const std::string& product) const {
  auto it = labels_.find(product);
  return it == labels_.end() ? Empty() : it->second.display_name;
}

const std::string& ProductLabels::Sku(const std::string& product) const {
  auto it = labels_.find(product);
  return it == labels_.end() ? Empty() : it->second.sku;
}

const std::string& ProductLabels::Label(const std::string& product) const {
  const std::string& name = DisplayName(product);
  return name.empty() ? product : name;
}

#define SALES_NAME_PRODUCTS(Answer)                                                          \
  absl::Status NameProducts(db::ConnectionPool& pool, absl::Time deadline, Answer& answer) { \
    return NameAll(pool, deadline, answer);                                                  \
  }
SALES_NAME_PRODUCTS(v1::ProductReport)
SALES_NAME_PRODUCTS(v1::ProductAffinity)
SALES_NAME_PRODUCTS(v1::ProductRecommendations)
SALES_NAME_PRODUCTS(v1::PriceElasticityReport)
SALES_NAME_PRODUCTS(v1::PriceProjection)
SALES_NAME_PRODUCTS(v1::ReplenishmentReport)
SALES_NAME_PRODUCTS(v1::PromotionLift)
SALES_NAME_PRODUCTS(v1::ContributionAnalysis)
SALES_NAME_PRODUCTS(v1::ProcessKpis)
SALES_NAME_PRODUCTS(v1::CustomerAdvice)
SALES_NAME_PRODUCTS(v1::ListTopActionsResponse)
#undef SALES_NAME_PRODUCTS

absl::StatusOr<ProductLabels> NameProducts(db::ConnectionPool& pool, absl::Time deadline,
                                           v1::PeriodicReport& answer,
                                           const std::vector<std::string>& also) {
  ASSIGN_OR_RETURN(ProductLabels labels,
                   ProductLabels::Load(pool, deadline, ProductsOf(answer, also)));
  SetLabels(labels, answer);
  return labels;
}

}  // namespace sales::analytics::api
