#include "services/incentives/src/ingest/order_credits.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/absl_compat.h"
#include "common/time_util.h"
#include "services/incentives/src/domain/credits.h"
#include "services/incentives/src/store/credit_store.h"

namespace sales::incentives::ingest {
namespace {

namespace ev = ::sales::events::v1;

constexpr char kCompleted[] = "ORDER_STATUS_COMPLETED";
constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";
constexpr char kRepPrefix[] = "reps/";

// What an order sold: net revenue (subtotal less discounts, before tax), margin, units.
domain::SaleAmounts SaleOf(const ev::OrderSnapshot& order) {
  domain::SaleAmounts sale;
  for (const ev::LineSnapshot& line : order.lines()) {
    const int64_t net = line.subtotal_minor() - line.discount_minor();
    sale.revenue += net;
    sale.margin += net - line.cost_minor();
    sale.units += line.quantity();
  }
  return sale;
}

// What a return took back: net revenue refunded (without tax), its margin, units.
domain::SaleAmounts ReturnOf(const ev::ReturnResolved& ret) {
  domain::SaleAmounts back;
  for (const ev::RefundLine& line : ret.lines()) {
    back.revenue += line.net_minor();
    back.margin += line.net_minor() - line.cost_minor();
    back.units += line.quantity();
  }
  return back;
}

// The order's shares as orders gives them (all revenue credit: the feed carries no overlay).
std::vector<domain::CreditShare> SharesOf(const ev::OrderSnapshot& order) {
  std::vector<domain::CreditShare> shares;
  for (const ev::CreditShare& c : order.credits()) {
    std::string rep = c.rep();
    if (absl::StartsWith(ToAbsl(rep), kRepPrefix)) rep = rep.substr(sizeof(kRepPrefix) - 1);
    shares.push_back({rep, c.revenue_share_bp(), domain::CreditKind::kRevenue});
  }
  return shares;
}

absl::Time EventTime(const google::protobuf::Timestamp& ts, const ev::Event& event) {
  return TruncateToMicros(ts.seconds() != 0 || ts.nanos() != 0 ? FromProtoTime(ts)
                                                               : FromProtoTime(event.occur_time()));
}

// Reverses `returned` of an order credited by `originals`, after `returned_before`.
void Reverse(db::Transaction& tx, const std::vector<store::CreditRow>& originals,
             const domain::SaleAmounts& returned_before, const domain::SaleAmounts& returned,
             const std::string& cause, domain::CreditCause cause_kind, absl::CivilDay day,
             absl::Time at, std::vector<domain::CreditTouch>* touched) {
  std::vector<domain::CreditShare> shares;
  for (const store::CreditRow& original : originals) {
    shares.push_back({original.rep_id, original.share_bp, original.kind});
  }
  const std::vector<domain::CreditPart> parts =
      domain::SplitReversal(returned_before, returned, shares);
  std::vector<store::CreditRow> rows;
  for (size_t i = 0; i < parts.size(); ++i) {
    const store::CreditRow& original = originals[i];
    store::CreditRow row;
    row.order_name = original.order_name;
    row.cause = cause;
    row.cause_kind = cause_kind;
    row.rep_id = original.rep_id;
    row.kind = original.kind;
    row.share_bp = original.share_bp;
    row.amounts = parts[i].amounts;
    row.day = day;
    row.credited_at = at;
    row.reverses_id = original.id;
    row.original_day = original.day;
    if (touched != nullptr) touched->emplace_back(row.rep_id, row.day);
    rows.push_back(row);
  }
  store::InsertCredits(tx, rows);
}

void ApplyCompleted(db::Transaction& tx, const absl::TimeZone& zone, const ev::Event& event,
                    std::vector<domain::CreditTouch>* touched) {
  const ev::OrderSnapshot& order = event.order_status_changed().order();
  std::optional<store::CreditedOrderRow> row = store::FindCreditedOrder(tx, order.order());
  if (row.has_value() && row->completed) return;  // applied before (a replay)
  Completion completion = CompletionOf(zone, event);
  store::CreditedOrderRow& credited = completion.order;
  std::vector<store::CreditRow>& credits = completion.credits;
  const std::vector<int64_t> ids = store::InsertCredits(tx, credits);
  for (size_t i = 0; i < ids.size(); ++i) {
    credits[i].id = ids[i];
    if (touched != nullptr) touched->emplace_back(credits[i].rep_id, credits[i].day);
  }
  // Returns resolved before completion are reversed now, on the completion day: a clawback
  // never counts before the credit it takes back.
  for (const store::OrderReturnRow& ret : store::ListPendingReturns(tx, order.order())) {
    Reverse(tx, credits, credited.returned, ret.amounts, ret.return_name,
            domain::CreditCause::kReturn, credited.completed_day,
            EventTime(event.order_status_changed().change_time(), event), touched);
    credited.returned = credited.returned + ret.amounts;
    store::MarkReturnApplied(tx, ret.return_name);
  }
  store::SaveCreditedOrder(tx, credited);
}

void ApplyCancelled(db::Transaction& tx, const absl::TimeZone& zone, const ev::Event& event,
                    std::vector<domain::CreditTouch>* touched) {
  const ev::OrderStatusChanged& change = event.order_status_changed();
  std::optional<store::CreditedOrderRow> row = store::FindCreditedOrder(tx, change.order().order());
  // Only a cancellation after completion takes credit back; a replay finds it cancelled.
  if (!row.has_value() || !row->completed || row->cancelled) return;
  const absl::Time at = EventTime(change.change_time(), event);
  const domain::SaleAmounts rest = row->credited + -row->returned;
  Reverse(tx, store::ListCompletionCredits(tx, row->order_name), row->returned, rest,
          row->order_name, domain::CreditCause::kCancellation, absl::ToCivilDay(at, zone), at,
          touched);
  row->returned = row->credited;
  row->cancelled = true;
  store::SaveCreditedOrder(tx, *row);
}

void ApplyReturn(db::Transaction& tx, const absl::TimeZone& zone, const ev::Event& event,
                 std::vector<domain::CreditTouch>* touched) {
  const ev::ReturnResolved& ret = event.return_resolved();
  if (store::FindOrderReturn(tx, ret.return_name()).has_value()) return;  // a replay
  store::OrderReturnRow row;
  row.return_name = ret.return_name();
  row.order_name = ret.order();
  row.amounts = ReturnOf(ret);
  row.resolved_at = EventTime(ret.resolve_time(), event);
  std::optional<store::CreditedOrderRow> order = store::FindCreditedOrder(tx, ret.order());
  if (order.has_value() && order->completed && !order->cancelled) {
    Reverse(tx, store::ListCompletionCredits(tx, order->order_name), order->returned, row.amounts,
            row.return_name, domain::CreditCause::kReturn, absl::ToCivilDay(row.resolved_at, zone),
            row.resolved_at, touched);
    order->returned = order->returned + row.amounts;
    store::SaveCreditedOrder(tx, *order);
    row.applied = true;
  } else if (order.has_value() && order->cancelled) {
    row.applied = true;  // everything was taken back with the cancellation
  }
  store::InsertOrderReturn(tx, row);
}

}  // namespace

Completion CompletionOf(const absl::TimeZone& zone, const ev::Event& event) {
  const ev::OrderStatusChanged& change = event.order_status_changed();
  const ev::OrderSnapshot& order = change.order();
  const absl::Time at = EventTime(change.change_time(), event);
  const absl::CivilDay day = absl::ToCivilDay(at, zone);
  Completion completion;
  store::CreditedOrderRow& credited = completion.order;
  credited.order_name = order.order();
  credited.completed = true;
  credited.completed_day = day;
  credited.credited = SaleOf(order);
  for (const domain::CreditPart& part : domain::SplitCredit(credited.credited, SharesOf(order))) {
    store::CreditRow c;
    c.order_name = order.order();
    c.cause = order.order();
    c.cause_kind = domain::CreditCause::kCompleted;
    c.rep_id = part.share.rep;
    c.kind = part.share.kind;
    c.share_bp = part.share.share_bp;
    c.amounts = part.amounts;
    c.day = day;
    c.credited_at = at;
    completion.credits.push_back(c);
  }
  return completion;
}

bool IsCompletion(const ev::Event& event) {
  return event.has_order_status_changed() && event.order_status_changed().to_status() == kCompleted;
}

absl::Status ApplyCreditEvent(db::Transaction& tx, const absl::TimeZone& zone,
                              const events::v1::Event& event,
                              std::vector<domain::CreditTouch>* touched) {
  if (event.has_order_status_changed()) {
    const std::string& to = event.order_status_changed().to_status();
    if (to == kCompleted) ApplyCompleted(tx, zone, event, touched);
    if (to == kCancelled) ApplyCancelled(tx, zone, event, touched);
  } else if (event.has_return_resolved()) {
    ApplyReturn(tx, zone, event, touched);
  }
  return absl::OkStatus();
}

}  // namespace sales::incentives::ingest
