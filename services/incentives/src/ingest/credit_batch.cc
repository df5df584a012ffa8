#include "services/incentives/src/ingest/credit_batch.h"

#include <set>
#include <string>

#include "common/status.h"
#include "services/incentives/src/ingest/order_credits.h"
#include "services/incentives/src/store/credit_batch_store.h"

namespace sales::incentives::ingest {
namespace {

// Credits the gathered completions (each a different order) and empties the list.
absl::Status FlushCompletions(db::Transaction& tx, const absl::TimeZone& zone,
                              std::vector<const events::v1::Event*>& pending,
                              std::vector<domain::CreditTouch>* touched) {
  if (pending.empty()) return absl::OkStatus();
  std::vector<std::string> orders;
  orders.reserve(pending.size());
  for (const events::v1::Event* e : pending) {
    orders.push_back(e->order_status_changed().order().order());
  }
  const std::set<std::string> done = store::FindCompletedOrders(tx, orders);
  const std::set<std::string> with_returns = store::FindOrdersWithPendingReturns(tx, orders);
  std::vector<store::CreditRow> credits;
  std::vector<store::CreditedOrderRow> rows;
  for (size_t i = 0; i < pending.size(); ++i) {
    if (done.contains(orders[i])) continue;  // applied before (a replay)
    if (with_returns.contains(orders[i])) {
      // Rare: the waiting returns are reversed against the new credits' ids.
      RETURN_IF_ERROR(ApplyCreditEvent(tx, zone, *pending[i], touched));
      continue;
    }
    Completion completion = CompletionOf(zone, *pending[i]);
    const std::vector<domain::SoldLine> lines = SoldLinesOf(*pending[i]);
    for (store::CreditRow& c : completion.credits) {
      if (touched != nullptr) touched->emplace_back(c.rep_id, c.day);
      // Each credit's lines: its amounts spread over the order's lines.
      c.lines = domain::SplitOverLines(c.amounts, lines);
      credits.push_back(std::move(c));
    }
    rows.push_back(std::move(completion.order));
  }
  store::InsertCreditRows(tx, credits);
  store::SaveCreditedOrders(tx, rows);
  pending.clear();
  return absl::OkStatus();
}

bool IsCancellation(const events::v1::Event& event) {
  return event.has_order_status_changed() &&
         event.order_status_changed().to_status() == "ORDER_STATUS_CANCELLED";
}

}  // namespace

absl::Status ApplyCreditBatch(db::Transaction& tx, const absl::TimeZone& zone,
                              const std::vector<const events::v1::Event*>& events,
                              std::vector<domain::CreditTouch>* touched) {
  std::vector<const events::v1::Event*> pending;
  std::set<std::string> pending_orders;
  for (const events::v1::Event* event : events) {
    if (IsCompletion(*event)) {
      // A second completion of an order in one batch is a replay of the first: it finds
      // the order credited once the first is written.
      if (!pending_orders.insert(event->order_status_changed().order().order()).second) {
        RETURN_IF_ERROR(FlushCompletions(tx, zone, pending, touched));
        pending_orders.clear();
        RETURN_IF_ERROR(ApplyCreditEvent(tx, zone, *event, touched));
      } else {
        pending.push_back(event);
      }
      continue;
    }
    // Other status changes credit nothing.
    if (!IsCancellation(*event) && !event->has_return_resolved()) continue;
    // A return or cancellation reads and writes its own order only: the gathered
    // completions are written first only when one of them is that order.
    const std::string& order = event->has_return_resolved()
                                   ? event->return_resolved().order()
                                   : event->order_status_changed().order().order();
    if (pending_orders.contains(order)) {
      RETURN_IF_ERROR(FlushCompletions(tx, zone, pending, touched));
      pending_orders.clear();
    }
    RETURN_IF_ERROR(ApplyCreditEvent(tx, zone, *event, touched));
  }
  return FlushCompletions(tx, zone, pending, touched);
}

}  // namespace sales::incentives::ingest
