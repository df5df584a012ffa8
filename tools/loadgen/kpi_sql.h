// The analytics benchmark's baseline: a KPI answer computed by plain SQL aggregates over
// the analytics facts (order_facts, order_line_facts, order_credit_facts, return_facts,
// customer_facts) instead of the daily rollup, and its comparison with a GetKpis answer.
//
// What the facts can answer: the sales side (orders, cancelled orders, units, gross,
// discounts, net sales, cost of sales) for every slice; returns, refunds and the cost
// returned for the company, a channel and a rep (through the returned order's channel and
// credit shares); new customers for the company and a channel. Returns per product are not
// in the facts (return_facts keeps no lines), so the product slice compares the sales side.
// A rep's share of an amount is rounded half up, which equals the service's
// largest-remainder split for the shares the synthetic feed uses (see SyntheticOrderFeed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "sales/analytics/v1/kpi.pb.h"

namespace sales::loadgen {

struct FactFigures {
  int64_t orders = 0;
  int64_t cancelled_orders = 0;
  int64_t units = 0;
  int64_t gross_minor = 0;
  int64_t discount_minor = 0;
  int64_t cost_minor = 0;  // of the units sold
  bool has_returns = false;
  int64_t returns = 0;
  int64_t returned_units = 0;
  int64_t refund_minor = 0;
  int64_t refund_cost_minor = 0;
  bool has_new_customers = false;
  int64_t new_customers = 0;
};

// The figures of `slice` over the days first_day .. last_day ("YYYY-MM-DD", inclusive).
// Throws sql::SQLException like any store code (run it inside RunReadOnly).
FactFigures AggregateFacts(db::Transaction& tx, const sales::analytics::v1::Slice& slice,
                           const std::string& first_day, const std::string& last_day);

// The differences between the two answers, one "field: sql X, GetKpis Y" each; empty when
// they agree on everything the facts can answer.
std::vector<std::string> CompareFigures(const FactFigures& sql,
                                        const sales::analytics::v1::KpiValues& kpis);

}  // namespace sales::loadgen
