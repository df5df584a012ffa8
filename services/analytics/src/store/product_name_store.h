// Product names (product_names, from the orders feed's ProductChanged events): written by
// ingest into one table set, and read from the live tables by the answers that name
// products.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/db/row_mapping.h"
#include "common/db/transaction.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// A product as one ProductChanged event described it.
struct ProductName {
  std::string product;  // "products/{id}"
  std::string sku;
  std::string display_name;  // empty when the event carried none

  void Bind(db::ParamWriter& p) const;  // product, sku, display_name
};

// What an answer shows of a product besides its resource name.
struct ProductLabel {
  std::string sku;
  std::string display_name;

  static ProductLabel Read(const db::RowReader& r);  // sku, display_name
};

// Records `rows` in the tables of `set`, each replacing what was stored of its product; of
// several rows of one product the last wins.
void RecordProductNames(db::Transaction& tx, TableSet set, const std::vector<ProductName>& rows);

// The labels of `products` (any order, repeats allowed) from the live table, in one prepared
// statement per 256 products; a product without a row is absent.
absl::flat_hash_map<std::string, ProductLabel> LoadProductLabels(
    db::Transaction& tx, const std::vector<std::string>& products);

}  // namespace sales::analytics::store
