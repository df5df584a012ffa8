// The CSV of `salesctl orders import`: one row per order line, the rows of one order
// sharing its external_ref (the order's columns are read from its first row). Columns,
// named in a header row in any order:
//   required  external_ref, customer, channel, region, status, create_time, product,
//             quantity, unit_price
//   optional  warehouse, close_time, unit_cost, discount, tax, rep, returned_quantity,
//             return_time, refund_time, return_reason, return_disposition
// channel: store|web|phone|partner; status: completed, cancelled, ... (the order's final
// status); times RFC 3339 or YYYY-MM-DD (UTC); product products/{id} or its id; money as
// 12.34 in the deployment currency (discount and tax are the line's totals as charged);
// rep: reps/{id}, credited with the whole order.
// A row with returned_quantity adds a resolved return of its line (one return per row):
// return_time (when asked) and return_reason required, refund_time (when resolved and
// refunded) return_time if empty, return_disposition restock (default) or scrap. The service
// computes the refund as for a live return; only a delivered or completed order takes one.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "tools/salesctl/import_report.h"

namespace sales::salesctl {

inline constexpr const char* kOrderCsvColumnsHelp =
    "Columns (header row required, any order; one row per order line, the rows of an order "
    "share its external_ref):\n"
    "  required: external_ref, customer, channel, region, status, create_time, product, "
    "quantity, unit_price\n"
    "  optional: warehouse, close_time, unit_cost, discount, tax, rep\n"
    "  returns (optional, per line): returned_quantity, return_time, refund_time, "
    "return_reason, return_disposition\n"
    "A row with returned_quantity adds a resolved return of that line: return_time and "
    "return_reason required, refund_time defaults to return_time, return_disposition restock "
    "(default) or scrap; the service computes the refund as for a live return.\n"
    "Times RFC 3339 or YYYY-MM-DD (UTC); money 12.34 in the deployment currency.";

struct CsvOrder {
  sales::orders::v1::ImportedOrder order;
  // The line of the order's first row.
  int line = 0;
};

struct OrderCsv {
  // Orders in the order of their first rows.
  std::vector<CsvOrder> orders;
  // Orders with a bad row (the first bad row's line), not in `orders`.
  std::vector<ImportRefusal> refusals;
};

// Reads the whole file. INVALID_ARGUMENT ("line N: ...") only for what spoils the whole
// file: broken quoting, a missing or wrong header. A bad row refuses its order only.
absl::StatusOr<OrderCsv> ParseOrderCsv(absl::string_view text, absl::string_view currency);

}  // namespace sales::salesctl
