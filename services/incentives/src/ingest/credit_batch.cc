#include "services/incentives/src/ingest/credit_batch.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "services/incentives/src/ingest/order_credits.h"
#include "services/incentives/src/store/credit_batch_store.h"
#include "services/incentives/src/store/return_line_store.h"

namespace sales::incentives::ingest {
namespace {

namespace ev = ::sales::events::v1;

constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

bool IsCancellation(const ev::Event& event) {
  return event.has_order_status_changed() && event.order_status_changed().to_status() == kCancelled;
}

// The order an event credits or reverses (a completion, a cancellation, a return).
const std::string& OrderOf(const ev::Event& event) {
  return event.has_return_resolved() ? event.return_resolved().order()
                                     : event.order_status_changed().order().order();
}

// A return or cancellation taken back from an order, kept until the credits it reverses have
// their ids (those of a completion in the same batch are written first).
struct Reversal {
  const std::string* order = nullptr;
  domain::SaleAmounts returned_before;
  domain::SaleAmounts returned;
  std::vector<domain::SoldLine> lines;
  std::string cause;
  domain::CreditCause cause_kind = domain::CreditCause::kReturn;
  absl::CivilDay day;
  absl::Time at;
};

// The batch's events that credit or reverse, applied to the batch's orders as read once.
class BatchApplier {
 public:
  BatchApplier(db::Transaction& tx, const absl::TimeZone& zone,
               std::vector<domain::CreditTouch>* touched)
      : tx_(tx), zone_(zone), touched_(touched) {}

  absl::Status Apply(const std::vector<const ev::Event*>& events);

 private:
  // Reads what the store knows of the events' orders and returns, and picks the orders
  // applied event by event.
  void Load(const std::vector<const ev::Event*>& events);
  void Complete(const ev::Event& event);
  void Return(const ev::Event& event);
  void Cancel(const ev::Event& event);
  // Writes the credits, the reversals (once their originals have ids), the orders' rows and
  // the returns.
  void Write();

  db::Transaction& tx_;
  const absl::TimeZone& zone_;
  std::vector<domain::CreditTouch>* touched_;

  // Each order of the batch as stored, then as the batch leaves it (nullopt: not heard of);
  // keys point into the events.
  std::map<std::string_view, std::optional<store::CreditedOrderRow>> orders_;
  std::set<std::string_view> changed_;
  // Orders whose completion finds a return waiting (resolved before it, stored or earlier
  // in the batch): every event of theirs is applied on its own (ApplyCreditEvent), which
  // reverses those returns with the lines stored for them. Rare.
  std::set<std::string_view> one_by_one_;
  // Returns recorded before or earlier in this batch (a replay of one changes nothing).
  std::set<std::string> known_returns_;

  std::vector<store::CreditRow> credits_;
  std::vector<Reversal> reversals_;
  std::vector<store::OrderReturnRow> returns_;
};

void BatchApplier::Load(const std::vector<const ev::Event*>& events) {
  std::vector<std::string> orders;
  std::vector<std::string> returns;
  std::set<std::string_view> returned;            // orders with a return so far in the batch
  std::set<std::string_view> returned_then_done;  // ... followed by their completion
  std::set<std::string_view> completed;
  for (const ev::Event* event : events) {
    const std::string& order = OrderOf(*event);
    if (orders_.emplace(order, std::nullopt).second) orders.push_back(order);
    if (event->has_return_resolved()) {
      returns.push_back(event->return_resolved().return_name());
      returned.insert(order);
    } else if (IsCompletion(*event)) {
      completed.insert(order);
      if (returned.contains(order)) returned_then_done.insert(order);
    }
  }
  // Plain reads: the consumer's checkpoint row, locked first in its transaction, makes the
  // batches of every replica run one at a time, and nothing else writes these tables.
  for (auto& [name, row] : store::FindCreditedOrders(tx_, orders)) {
    auto it = orders_.find(name);
    if (it != orders_.end()) it->second = std::move(row);
  }
  one_by_one_ = std::move(returned_then_done);
  for (const std::string& order : store::FindOrdersWithPendingReturns(tx_, orders)) {
    auto it = completed.find(order);
    if (it != completed.end()) one_by_one_.insert(*it);
  }
  known_returns_ = store::FindOrderReturns(tx_, returns);
}

void BatchApplier::Complete(const ev::Event& event) {
  const std::string& order = OrderOf(event);
  std::optional<store::CreditedOrderRow>& row = orders_[order];
  if (row.has_value() && row->completed) return;  // applied before (a replay)
  Completion completion = CompletionOf(zone_, event);
  const std::vector<domain::SoldLine> lines = SoldLinesOf(event);
  for (store::CreditRow& c : completion.credits) {
    if (touched_ != nullptr) touched_->emplace_back(c.rep_id, c.day);
    // Each credit's lines: its amounts spread over the order's lines.
    c.lines = domain::SplitOverLines(c.amounts, lines);
    credits_.push_back(std::move(c));
  }
  row = std::move(completion.order);
  changed_.insert(order);
}

void BatchApplier::Return(const ev::Event& event) {
  if (!known_returns_.insert(event.return_resolved().return_name()).second) return;  // a replay
  store::OrderReturnRow ret = ReturnRowOf(event);
  const std::string& order = OrderOf(event);
  std::optional<store::CreditedOrderRow>& row = orders_[order];
  if (row.has_value() && row->completed && !row->cancelled) {
    reversals_.push_back({&order, row->returned, ret.amounts, ReturnLinesOf(event), ret.return_name,
                          domain::CreditCause::kReturn, absl::ToCivilDay(ret.resolved_at, zone_),
                          ret.resolved_at});
    row->returned = row->returned + ret.amounts;
    changed_.insert(order);
    ret.applied = true;
  } else if (row.has_value() && row->cancelled) {
    ret.applied = true;  // everything was taken back with the cancellation
  } else {
    // Reversed when the order completes (in a later batch: a completion after it in this
    // one made the order one-by-one).
    store::InsertReturnLines(tx_, ret.return_name, ReturnLinesOf(event));
  }
  returns_.push_back(std::move(ret));
}

void BatchApplier::Cancel(const ev::Event& event) {
  const std::string& order = OrderOf(event);
  std::optional<store::CreditedOrderRow>& row = orders_[order];
  // Only a cancellation after completion takes credit back; a replay finds it cancelled.
  if (!row.has_value() || !row->completed || row->cancelled) return;
  const absl::Time at = ChangeTimeOf(event);
  reversals_.push_back({&order, row->returned, row->credited + -row->returned, SoldLinesOf(event),
                        row->order_name, domain::CreditCause::kCancellation,
                        absl::ToCivilDay(at, zone_), at});
  row->returned = row->credited;
  row->cancelled = true;
  changed_.insert(order);
}

void BatchApplier::Write() {
  store::InsertCreditRows(tx_, credits_);
  if (!reversals_.empty()) {
    std::vector<std::string> reversed;
    for (const Reversal& r : reversals_) reversed.push_back(*r.order);
    const std::map<std::string, std::vector<store::CreditRow>> originals =
        store::ListCompletionCreditsOf(tx_, reversed);
    std::vector<store::CreditRow> rows;
    for (const Reversal& r : reversals_) {
      auto it = originals.find(*r.order);
      if (it == originals.end()) continue;  // credited nobody (an order without shares)
      for (store::CreditRow& row : ReversalRows(it->second, r.returned_before, r.returned, r.lines,
                                                r.cause, r.cause_kind, r.day, r.at)) {
        if (touched_ != nullptr) touched_->emplace_back(row.rep_id, row.day);
        rows.push_back(std::move(row));
      }
    }
    store::InsertCreditRows(tx_, rows);
  }
  std::vector<store::CreditedOrderRow> changed;
  changed.reserve(changed_.size());
  for (std::string_view order : changed_) changed.push_back(*orders_[order]);
  store::SaveCreditedOrders(tx_, changed);
  store::InsertOrderReturns(tx_, returns_);
}

absl::Status BatchApplier::Apply(const std::vector<const ev::Event*>& events) {
  Load(events);
  for (const ev::Event* event : events) {
    if (one_by_one_.contains(OrderOf(*event))) {
      RETURN_IF_ERROR(ApplyCreditEvent(tx_, zone_, *event, touched_));
    } else if (event->has_return_resolved()) {
      Return(*event);
    } else if (IsCompletion(*event)) {
      Complete(*event);
    } else {
      Cancel(*event);
    }
  }
  Write();
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyCreditBatch(db::Transaction& tx, const absl::TimeZone& zone,
                              const std::vector<const events::v1::Event*>& events,
                              std::vector<domain::CreditTouch>* touched) {
  // Other status changes credit nothing.
  std::vector<const events::v1::Event*> crediting;
  crediting.reserve(events.size());
  for (const events::v1::Event* event : events) {
    if (IsCompletion(*event) || IsCancellation(*event) || event->has_return_resolved()) {
      crediting.push_back(event);
    }
  }
  if (crediting.empty()) return absl::OkStatus();
  return BatchApplier(tx, zone, touched).Apply(crediting);
}

}  // namespace sales::incentives::ingest
