#include "services/orders/src/api/return_queries.h"

#include <vector>

#include "common/db/transaction.h"
#include "common/paging.h"
#include "common/status.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/time_filter.h"
#include "services/orders/src/store/return_queries.h"

namespace sales::orders::api {

absl::StatusOr<v1::ListReturnsResponse> ReturnQueries::ListReturns(
    const v1::ListReturnsRequest& req, absl::Time deadline) {
  store::ReturnFilter filter;
  if (!req.order().empty()) {
    ASSIGN_OR_RETURN(filter.order_id, ParseIdName("order", "orders", req.order()));
  }
  if (!v1::ReturnStatus_IsValid(req.status())) {
    return InvalidField("status", "is not a known return status");
  }
  filter.status = req.status();
  ASSIGN_OR_RETURN(TimeWindow window, ParseTimeWindow(req.has_start_time(), req.start_time(),
                                                      req.has_end_time(), req.end_time()));
  filter.created_from = window.from;
  filter.created_before = window.before;
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListReturns", req, KeysetShape::kTimeId));
  std::vector<store::ReturnRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListReturns(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListReturnsResponse resp;
  resp.set_next_page_token(page.TakePage(rows, [](const store::ReturnRow& row) {
    return KeysetCursor::TimeId(row.created_at, row.id);
  }));
  for (const store::ReturnRow& row : rows) *resp.add_returns() = ToProto(row, ctx_.policy.currency);
  return resp;
}

}  // namespace sales::orders::api
