#include "services/analytics/src/store/promotion_store.h"

#include <cppconn/resultset.h>

#include <algorithm>

namespace sales::analytics::store {
namespace {

constexpr char kUpsert[] =
    "INSERT INTO promotion_facts{s} (promotion, display_name, kind, code, start_time, end_time) "
    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), "
    "kind = VALUES(kind), code = VALUES(code), start_time = VALUES(start_time), "
    "end_time = VALUES(end_time)";
constexpr char kDeleteScope[] = "DELETE FROM promotion_scope_facts{s} WHERE promotion = ?";
constexpr char kInsertScope[] =
    "INSERT IGNORE INTO promotion_scope_facts{s} (promotion, scope, member) VALUES (?, ?, ?)";
constexpr char kSelect[] =
    "SELECT display_name, kind, code, start_time, end_time FROM promotion_facts{s} "
    "WHERE promotion = ?";
constexpr char kSelectScope[] =
    "SELECT scope, member FROM promotion_scope_facts{s} WHERE promotion = ? "
    "ORDER BY scope, member";
constexpr char kCategoriesOf[] =
    "SELECT DISTINCT product, category FROM order_line_facts{s} WHERE product = ?";
constexpr char kProductsIn[] =
    "SELECT DISTINCT product, category FROM order_line_facts{s} WHERE category = ?";
constexpr char kAllProducts[] = "SELECT DISTINCT product, category FROM order_line_facts{s}";

constexpr char kProductScope[] = "product";
constexpr char kCategoryScope[] = "category";

void ReadPairs(sql::ResultSet& rs, std::vector<ProductCategory>& out) {
  while (rs.next()) out.emplace_back(rs.getString(1), rs.getString(2));
}

std::vector<ProductCategory> SortedUnique(std::vector<ProductCategory> pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace

PromotionStore::PromotionStore(TableSet set)
    : upsert_sql_(ForTables(kUpsert, set)),
      delete_scope_sql_(ForTables(kDeleteScope, set)),
      insert_scope_sql_(ForTables(kInsertScope, set)),
      select_sql_(ForTables(kSelect, set)),
      select_scope_sql_(ForTables(kSelectScope, set)),
      categories_of_sql_(ForTables(kCategoriesOf, set)),
      products_in_sql_(ForTables(kProductsIn, set)),
      all_products_sql_(ForTables(kAllProducts, set)) {}

void PromotionStore::Save(db::Transaction& tx, const PromotionRow& row) const {
  tx.Exec(upsert_sql_,
          {row.promotion, row.display_name, row.kind, row.code, row.start_time, row.end_time});
  tx.Exec(delete_scope_sql_, {row.promotion});
  for (const std::string& product : row.products) {
    tx.Exec(insert_scope_sql_, {row.promotion, std::string(kProductScope), product});
  }
  for (const std::string& category : row.categories) {
    tx.Exec(insert_scope_sql_, {row.promotion, std::string(kCategoryScope), category});
  }
}

std::optional<PromotionRow> PromotionStore::Load(db::Transaction& tx,
                                                 const std::string& promotion) const {
  auto rs = tx.Query(select_sql_, {promotion});
  if (!rs->next()) return std::nullopt;
  PromotionRow row;
  row.promotion = promotion;
  row.display_name = rs->getString(1);
  row.kind = rs->getString(2);
  row.code = rs->getString(3);
  row.start_time = db::GetSqlTime(*rs, "start_time");
  row.end_time = db::GetSqlTime(*rs, "end_time");
  auto scope = tx.Query(select_scope_sql_, {promotion});
  while (scope->next()) {
    (scope->getString(1) == kProductScope ? row.products : row.categories)
        .push_back(scope->getString(2));
  }
  return row;
}

std::vector<ProductCategory> PromotionStore::CategoriesOf(
    db::Transaction& tx, const std::vector<std::string>& products) const {
  std::vector<ProductCategory> out;
  for (const std::string& product : products) {
    ReadPairs(*tx.Query(categories_of_sql_, {product}), out);
  }
  return SortedUnique(std::move(out));
}

std::vector<ProductCategory> PromotionStore::ProductsIn(
    db::Transaction& tx, const std::vector<std::string>& categories) const {
  std::vector<ProductCategory> out;
  for (const std::string& category : categories) {
    ReadPairs(*tx.Query(products_in_sql_, {category}), out);
  }
  return SortedUnique(std::move(out));
}

std::vector<ProductCategory> PromotionStore::AllProducts(db::Transaction& tx) const {
  std::vector<ProductCategory> out;
  ReadPairs(*tx.Query(all_products_sql_), out);
  return SortedUnique(std::move(out));
}

}  // namespace sales::analytics::store
