#include "services/incentives/src/ingest/order_credits.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/absl_compat.h"
#include "common/time_util.h"
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/domain/credits.h"
#include "services/incentives/src/store/credit_store.h"
#include "services/incentives/src/store/return_line_store.h"

namespace sales::incentives::ingest {
namespace {

namespace ev = ::sales::events::v1;

constexpr char kCompleted[] = "ORDER_STATUS_COMPLETED";
constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";
constexpr char kRepPrefix[] = "reps/";
constexpr char kOverlayKind[] = "SALES_CREDIT_KIND_OVERLAY";

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

// The order's lines as sold: net revenue, cost, units, with product and category.
std::vector<domain::SoldLine> LinesOf(const ev::OrderSnapshot& order) {
  std::vector<domain::SoldLine> lines;
  for (const ev::LineSnapshot& line : order.lines()) {
    lines.push_back({line.product(), line.category(), line.subtotal_minor() - line.discount_minor(),
                     line.cost_minor(), line.quantity()});
  }
  return lines;
}

// The lines a return took back.
std::vector<domain::SoldLine> LinesOf(const ev::ReturnResolved& ret) {
  std::vector<domain::SoldLine> lines;
  for (const ev::RefundLine& line : ret.lines()) {
    lines.push_back(
        {line.product(), line.category(), line.net_minor(), line.cost_minor(), line.quantity()});
  }
  return lines;
}

// Inserts the credits `rows` (setting their ids), each with its lines: its amounts spread
// over `lines` (SplitOverLines), so that a credit's lines add up exactly to it.
void InsertCreditsWithLines(db::Transaction& tx, std::vector<store::CreditRow>& rows,
                            const std::vector<domain::SoldLine>& lines,
                            std::vector<domain::CreditTouch>* touched) {
  for (store::CreditRow& row : rows) row.lines = domain::SplitOverLines(row.amounts, lines);
  const std::vector<int64_t> ids = store::InsertCredits(tx, rows);
  for (size_t i = 0; i < ids.size(); ++i) {
    rows[i].id = ids[i];
    if (touched != nullptr) touched->emplace_back(rows[i].rep_id, rows[i].day);
  }
}

// The kind a share of the feed names: overlay for "SALES_CREDIT_KIND_OVERLAY", revenue
// otherwise (an empty kind is an event published before orders carried one: revenue).
domain::CreditKind KindOf(const ev::CreditShare& c) {
  return c.kind() == kOverlayKind ? domain::CreditKind::kOverlay : domain::CreditKind::kRevenue;
}

// The order's shares as orders gives them: revenue shares (summing to 10000 bp) and overlay
// shares on top of them.
std::vector<domain::CreditShare> SharesOf(const ev::OrderSnapshot& order) {
  std::vector<domain::CreditShare> shares;
  for (const ev::CreditShare& c : order.credits()) {
    std::string rep = c.rep();
    if (absl::StartsWith(ToAbsl(rep), kRepPrefix)) rep = rep.substr(sizeof(kRepPrefix) - 1);
    shares.push_back({rep, c.revenue_share_bp(), KindOf(c)});
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
             const std::vector<domain::SoldLine>& lines, const std::string& cause,
             domain::CreditCause cause_kind, absl::CivilDay day, absl::Time at,
             std::vector<domain::CreditTouch>* touched) {
  const std::vector<store::CreditRow> rows =
      ReversalRows(originals, returned_before, returned, lines, cause, cause_kind, day, at);
  store::InsertCredits(tx, rows);
  if (touched != nullptr) {
    for (const store::CreditRow& row : rows) touched->emplace_back(row.rep_id, row.day);
  }
}

void ApplyCompleted(db::Transaction& tx, const absl::TimeZone& zone, const ev::Event& event,
                    std::vector<domain::CreditTouch>* touched) {
  const ev::OrderSnapshot& order = event.order_status_changed().order();
  std::optional<store::CreditedOrderRow> row = store::FindCreditedOrder(tx, order.order());
  if (row.has_value() && row->completed) return;  // applied before (a replay)
  const absl::Time at = EventTime(event.order_status_changed().change_time(), event);
  Completion completion = CompletionOf(zone, event);
  store::CreditedOrderRow& credited = completion.order;
  std::vector<store::CreditRow>& credits = completion.credits;
  InsertCreditsWithLines(tx, credits, LinesOf(order), touched);
  // Returns resolved before completion are reversed now, on the completion day: a clawback
  // never counts before the credit it takes back.
  for (const store::OrderReturnRow& ret : store::ListPendingReturns(tx, order.order())) {
    Reverse(tx, credits, credited.returned, ret.amounts,
            store::ListReturnLines(tx, ret.return_name), ret.return_name,
            domain::CreditCause::kReturn, credited.completed_day, at, touched);
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
  const absl::Time at = ChangeTimeOf(event);
  const domain::SaleAmounts rest = row->credited + -row->returned;
  Reverse(tx, store::ListCompletionCredits(tx, row->order_name), row->returned, rest,
          LinesOf(change.order()), row->order_name, domain::CreditCause::kCancellation,
          absl::ToCivilDay(at, zone), at, touched);
  row->returned = row->credited;
  row->cancelled = true;
  store::SaveCreditedOrder(tx, *row);
}

void ApplyReturn(db::Transaction& tx, const absl::TimeZone& zone, const ev::Event& event,
                 std::vector<domain::CreditTouch>* touched) {
  const ev::ReturnResolved& ret = event.return_resolved();
  if (store::FindOrderReturn(tx, ret.return_name()).has_value()) return;  // a replay
  store::OrderReturnRow row = ReturnRowOf(event);
  std::optional<store::CreditedOrderRow> order = store::FindCreditedOrder(tx, ret.order());
  if (order.has_value() && order->completed && !order->cancelled) {
    Reverse(tx, store::ListCompletionCredits(tx, order->order_name), order->returned, row.amounts,
            LinesOf(ret), row.return_name, domain::CreditCause::kReturn,
            absl::ToCivilDay(row.resolved_at, zone), row.resolved_at, touched);
    order->returned = order->returned + row.amounts;
    store::SaveCreditedOrder(tx, *order);
    row.applied = true;
  } else if (order.has_value() && order->cancelled) {
    row.applied = true;  // everything was taken back with the cancellation
  } else {
    store::InsertReturnLines(tx, row.return_name, LinesOf(ret));  // reversed at completion
  }
  store::InsertOrderReturn(tx, row);
}

}  // namespace

std::vector<domain::SoldLine> SoldLinesOf(const events::v1::Event& event) {
  return LinesOf(event.order_status_changed().order());
}

absl::Time ChangeTimeOf(const events::v1::Event& event) {
  return EventTime(event.order_status_changed().change_time(), event);
}

store::OrderReturnRow ReturnRowOf(const events::v1::Event& event) {
  const ev::ReturnResolved& ret = event.return_resolved();
  store::OrderReturnRow row;
  row.return_name = ret.return_name();
  row.order_name = ret.order();
  row.amounts = ReturnOf(ret);
  row.resolved_at = EventTime(ret.resolve_time(), event);
  return row;
}

std::vector<domain::SoldLine> ReturnLinesOf(const events::v1::Event& event) {
  return LinesOf(event.return_resolved());
}

std::vector<store::CreditRow> ReversalRows(const std::vector<store::CreditRow>& originals,
                                           const domain::SaleAmounts& returned_before,
                                           const domain::SaleAmounts& returned,
                                           const std::vector<domain::SoldLine>& lines,
                                           const std::string& cause, domain::CreditCause cause_kind,
                                           absl::CivilDay day, absl::Time at) {
  std::vector<domain::CreditShare> shares;
  shares.reserve(originals.size());
  for (const store::CreditRow& original : originals) {
    shares.push_back({original.rep_id, original.share_bp, original.kind});
  }
  const std::vector<domain::CreditPart> parts =
      domain::SplitReversal(returned_before, returned, shares);
  std::vector<store::CreditRow> rows;
  rows.reserve(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    const store::CreditRow& original = originals[i];
    store::CreditRow& row = rows.emplace_back();
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
    row.lines = domain::SplitOverLines(row.amounts, lines);
  }
  return rows;
}

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
