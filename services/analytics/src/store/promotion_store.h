// Promotions as the orders feed last described them (promotion_facts and their scope), and
// the products and categories the order lines show, which promotion lift reads to find the
// promoted products and the other products of their categories.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

struct PromotionRow {
  std::string promotion;  // "promotions/{id}"
  std::string display_name;
  std::string kind;  // the sales.orders.v1.PromotionKind name
  std::string code;  // empty for an automatic promotion
  absl::Time start_time;
  absl::Time end_time;                  // exclusive
  std::vector<std::string> products;    // "products/{id}"
  std::vector<std::string> categories;  // with products empty: every product
};

// A product and a category it was sold in (as on its order lines).
using ProductCategory = std::pair<std::string, std::string>;

// The promotions of one table set (the live tables, or the twins a rebuild fills).
class PromotionStore final {
 public:
  explicit PromotionStore(TableSet set);

  // Stores the promotion as described, replacing what was stored of it.
  void Save(db::Transaction& tx, const PromotionRow& row) const;
  std::optional<PromotionRow> Load(db::Transaction& tx, const std::string& promotion) const;

  // The (product, category) pairs of the order lines of `products`, sorted.
  std::vector<ProductCategory> CategoriesOf(db::Transaction& tx,
                                            const std::vector<std::string>& products) const;
  // The (product, category) pairs of the order lines in `categories`, sorted.
  std::vector<ProductCategory> ProductsIn(db::Transaction& tx,
                                          const std::vector<std::string>& categories) const;
  // Every (product, category) pair of the order lines, sorted.
  std::vector<ProductCategory> AllProducts(db::Transaction& tx) const;

 private:
  const std::string upsert_sql_;
  const std::string delete_scope_sql_;
  const std::string insert_scope_sql_;
  const std::string select_sql_;
  const std::string select_scope_sql_;
  const std::string categories_of_sql_;
  const std::string products_in_sql_;
  const std::string all_products_sql_;
};

}  // namespace sales::analytics::store
