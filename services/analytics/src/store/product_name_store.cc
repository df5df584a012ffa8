#include "services/analytics/src/store/product_name_store.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "services/analytics/src/store/key_lists.h"

namespace sales::analytics::store {
namespace {

constexpr char kUpsertPrefix[] =
    "INSERT INTO product_names{s} (product, sku, display_name) VALUES ";
constexpr char kUpsertSuffix[] =
    " ON DUPLICATE KEY UPDATE sku = VALUES(sku), display_name = VALUES(display_name)";

constexpr char kSelectPrefix[] =
    "SELECT product, sku, display_name FROM product_names WHERE product IN (";
constexpr char kSelectSuffix[] = ")";

}  // namespace

void ProductName::Bind(db::ParamWriter& p) const { p.Add(product).Add(sku).Add(display_name); }

ProductLabel ProductLabel::Read(const db::RowReader& r) {
  return {r.String("sku"), r.String("display_name")};
}

void RecordProductNames(db::Transaction& tx, TableSet set, const std::vector<ProductName>& rows) {
  if (rows.empty()) return;
  // One row per product, the last one given: a statement's rows may be split into chunks,
  // and a later chunk must not hold an older description.
  absl::flat_hash_set<std::string> seen;
  std::vector<const ProductName*> latest;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    if (seen.insert(it->product).second) latest.push_back(&*it);
  }
  // In product order, so that concurrent writers would lock rows in one order.
  std::sort(latest.begin(), latest.end(),
            [](const ProductName* a, const ProductName* b) { return a->product < b->product; });
  db::ParamWriter params;
  for (const ProductName* row : latest) params.AddRow(*row);
  db::ExecRows(tx, ForTables(kUpsertPrefix, set), 3, params.params(), kUpsertSuffix);
}

absl::flat_hash_map<std::string, ProductLabel> LoadProductLabels(
    db::Transaction& tx, const std::vector<std::string>& products) {
  absl::flat_hash_map<std::string, ProductLabel> out;
  std::vector<std::string> keys = products;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  if (keys.empty()) return out;
  std::optional<db::RowReader> reader;  // kept across rows and chunks: columns looked up once
  QueryKeys(tx, kSelectPrefix, keys, kSelectSuffix, [&](sql::ResultSet& rs) {
    const db::RowReader& r = db::ReaderFor(reader, rs);
    out[r.String("product")] = ProductLabel::Read(r);
  });
  return out;
}

}  // namespace sales::analytics::store
