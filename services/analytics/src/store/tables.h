// The tables analytics derives from the feeds, and their rebuild twins: a rebuild replays
// both feeds into "<table>_rebuild" while the live tables keep answering, then swaps the
// names in one RENAME TABLE.
#pragma once

#include <string>

namespace sales::analytics::store {

enum class TableSet { kLive, kRebuild };

// Every table a rebuild fills, facts and rollup alike.
inline constexpr const char* kDerivedTables[] = {
    "kpi_days",
    "order_facts",
    "order_line_facts",
    "order_credit_facts",
    "return_facts",
    "return_line_facts",
    "customer_facts",
    "lead_facts",
    "lead_stage_facts",
    "survey_facts",
    "stock_levels",
    "customer_tier_spans",
    "promotion_facts",
    "promotion_scope_facts",
    "stock_movement_facts",
    // prediction
    "interaction_facts",
    "lead_amount_facts",
    // complaints and delivery (process KPIs)
    "feedback_facts",
    "delivery_facts",
    // pricing and replenishment
    "order_warehouse_facts",
    // promotion lift over the orders that used the promotion
    "order_promotion_facts",
    // the monthly rollup (issue 9: quarter and year reads)
    "kpi_months",
    // orders with a delivery promise (issue 11: overdue, not yet delivered)
    "order_promise_facts",
    // products' SKU and display name (issue 11: answers name products)
    "product_names",
};

// "" for the live tables, "_rebuild" for their twins.
const char* TableSuffix(TableSet set);

// `sql` with each "{s}" (written right after a table name) replaced by the set's suffix.
std::string ForTables(const char* sql, TableSet set);

}  // namespace sales::analytics::store
