#include "services/analytics/src/store/basket_store.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kBasketsInDays[] =
    "SELECT o.order_name, o.customer, o.create_time AS t, l.product, "
    "l.gross_minor - l.discount_minor - l.cost_minor FROM order_facts o "
    "JOIN order_line_facts l ON l.order_name = o.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? ORDER BY o.order_name";
constexpr char kAllBaskets[] =
    "SELECT o.order_name, o.customer, o.create_time AS t, l.product, "
    "l.gross_minor - l.discount_minor - l.cost_minor FROM order_facts o "
    "JOIN order_line_facts l ON l.order_name = o.order_name "
    "WHERE o.counted = 1 ORDER BY o.order_name";

int32_t Intern(absl::flat_hash_map<std::string, int32_t>& ids, std::vector<std::string>& names,
               std::string name) {
  const auto [it, added] = ids.try_emplace(name, static_cast<int32_t>(names.size()));
  if (added) names.push_back(std::move(name));
  return it->second;
}

}  // namespace

BasketData LoadBaskets(db::Transaction& tx, std::optional<absl::CivilDay> first_day,
                       std::optional<absl::CivilDay> end_day) {
  BasketData data;
  absl::flat_hash_map<std::string, int32_t> product_ids;
  absl::flat_hash_map<std::string, int32_t> customer_ids;
  std::vector<std::string> products;
  std::vector<int64_t> margins;  // by first-seen id
  auto rs = first_day.has_value() && end_day.has_value()
                ? tx.Query(kBasketsInDays, {DayText(*first_day), DayText(*end_day)})
                : tx.Query(kAllBaskets);
  while (rs->next()) {
    std::string order = rs->getString(1);
    if (data.baskets.empty() || data.baskets.back().order != order) {
      domain::Basket basket;
      basket.order = std::move(order);
      basket.customer = Intern(customer_ids, data.customers, rs->getString(2));
      basket.time = db::GetSqlTime(*rs, "t");
      data.baskets.push_back(std::move(basket));
    }
    const int32_t product = Intern(product_ids, products, rs->getString(4));
    if (static_cast<size_t>(product) >= margins.size()) margins.resize(products.size(), 0);
    margins[static_cast<size_t>(product)] += rs->getInt64(5);
    data.baskets.back().products.push_back(product);
  }
  // Renumber the products in the order of their names.
  std::vector<int32_t> by_name(products.size());
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(),
            [&](int32_t a, int32_t b) { return products[a] < products[b]; });
  std::vector<int32_t> renumber(products.size());
  data.products.reserve(products.size());
  data.product_margin_minor.reserve(products.size());
  for (size_t k = 0; k < by_name.size(); ++k) {
    renumber[by_name[k]] = static_cast<int32_t>(k);
    data.products.push_back(std::move(products[by_name[k]]));
    data.product_margin_minor.push_back(margins[by_name[k]]);
  }
  for (domain::Basket& b : data.baskets) {
    for (int32_t& p : b.products) p = renumber[p];
    std::sort(b.products.begin(), b.products.end());
    b.products.erase(std::unique(b.products.begin(), b.products.end()), b.products.end());
  }
  return data;
}

}  // namespace sales::analytics::store
