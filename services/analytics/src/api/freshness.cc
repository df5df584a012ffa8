#include "services/analytics/src/api/freshness.h"

#include <string>

namespace sales::analytics::api {

namespace {

// Both feeds' positions in one statement (every KPI answer starts with it).
constexpr char kPositions[] =
    "SELECT source, position FROM consumer_checkpoints WHERE source IN (?, ?)";

}  // namespace

analytics::v1::Freshness ReadFreshness(db::Transaction& tx) {
  analytics::v1::Freshness f;
  auto rs = tx.Query(kPositions, {std::string("orders"), std::string("customers")});
  while (rs->next()) {
    const std::string source = rs->getString(1);
    if (source == "orders") f.set_orders_position(rs->getInt64(2));
    if (source == "customers") f.set_customers_position(rs->getInt64(2));
  }
  return f;
}

}  // namespace sales::analytics::api
