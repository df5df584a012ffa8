// The facts of placed orders as the analytics service keeps them (order_facts,
// order_line_facts, order_warehouse_facts and, when asked for, order_credit_facts), written
// straight into its schema with RowWriter by the benchmarks that skip the feed.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "sales/events/v1/event.pb.h"
#include "tools/loadgen/row_writer.h"

namespace sales::loadgen {

// "YYYY-MM-DD", as the facts' DATE columns take it.
std::string DayText(absl::CivilDay day);

class OrderFactsWriter final {
 public:
  // `credits`: also write each order's credit shares (order_credit_facts).
  OrderFactsWriter(db::ConnectionPool& pool, bool credits);

  // One order placed at `created` on business day `day`: `counted` false for a cancelled
  // order, `imported` true for one that came through ImportOrders.
  void Add(const sales::events::v1::OrderSnapshot& order, absl::Time created, absl::CivilDay day,
           bool counted, bool imported);
  // Whether every write so far succeeded (the first error otherwise).
  absl::Status status() const;
  // Commits what is gathered; then status().
  absl::Status Finish();

  int64_t orders() const { return orders_.rows(); }
  int64_t lines() const { return lines_.rows(); }

 private:
  const bool credits_enabled_;
  RowWriter orders_;
  RowWriter lines_;
  RowWriter warehouses_;
  RowWriter credits_;
};

}  // namespace sales::loadgen
