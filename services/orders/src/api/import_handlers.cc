#include "services/orders/src/api/import_handlers.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/codes.h"
#include "common/outbox.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/order_lifecycle.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/return_status.h"
#include "services/orders/src/domain/returns.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/order_store.h"
#include "services/orders/src/store/return_store.h"

namespace sales::orders::api {
namespace {

// Orders per transaction: each batch costs a few dozen round trips in all.
constexpr size_t kBatchSize = 500;
constexpr int kMaxLines = 200;
constexpr size_t kMaxExternalRefLength = 128;
constexpr int64_t kMaxLineQuantity = 1'000'000;
constexpr size_t kMaxReasonLength = 500;
constexpr int kMaxReturns = 100;

// A historical order ready to store: its transition (the order as imported, with the events
// it raises) and its returns as resolved return rows (order_id set once the order is stored).
struct ParsedOrder {
  domain::OrderTransition t;
  std::vector<store::ReturnRow> returns;
};

absl::StatusOr<int64_t> MinorOf(std::string_view field, const sales::common::v1::Money& money,
                                const std::string& currency) {
  if (!money.currency_code().empty() && money.currency_code() != currency) {
    return InvalidField(field, absl::StrCat("must be in ", currency));
  }
  if (money.minor_units() < 0) return InvalidField(field, "must not be negative");
  return money.minor_units();
}

// The returns of `o`, imported as `order` (lines numbered 1.. in o.lines order, shipped when
// the status says so), as resolved return rows with the refund a live return computes, in
// the order listed; adds their units to the lines' returned_quantity. Each refused return is
// INVALID_ARGUMENT naming its field ("order.returns[0].lines[1].quantity").
absl::StatusOr<std::vector<store::ReturnRow>> ImportedReturns(const v1::ImportedOrder& o,
                                                              domain::Order& order) {
  std::vector<store::ReturnRow> rows;
  if (o.returns().empty()) return rows;
  if (o.returns_size() > kMaxReturns) return InvalidField("order.returns", "at most 100 returns");
  {
    const absl::Status takes =
        domain::CheckTakesReturns("order.returns", o.external_ref(), order.status);
    if (!takes.ok()) return absl::InvalidArgumentError(takes.message());
  }
  const absl::Time now = NowMicros();
  std::map<int32_t, int64_t> returned;  // units of each line in the returns before
  for (int i = 0; i < o.returns_size(); ++i) {
    const v1::ImportedReturn& r = o.returns(i);
    const std::string field = absl::StrCat("order.returns[", i, "]");
    store::ReturnRow row;
    if (r.external_ref().size() > kMaxExternalRefLength) {
      return InvalidField(absl::StrCat(field, ".external_ref"), "must be at most 128 characters");
    }
    row.external_ref = r.external_ref();
    if (r.reason().empty()) return InvalidField(absl::StrCat(field, ".reason"), "is required");
    if (r.reason().size() > kMaxReasonLength) {
      return InvalidField(absl::StrCat(field, ".reason"), "must be at most 500 characters");
    }
    row.reason = r.reason();
    if (r.disposition() == v1::DISPOSITION_UNSPECIFIED ||
        !v1::Disposition_IsValid(r.disposition())) {
      return InvalidField(absl::StrCat(field, ".disposition"), "is required (RESTOCK or SCRAP)");
    }
    row.disposition = DispositionFromProto(r.disposition());
    if (!r.has_request_time()) {
      return InvalidField(absl::StrCat(field, ".request_time"), "is required");
    }
    if (!r.has_resolve_time()) {
      return InvalidField(absl::StrCat(field, ".resolve_time"), "is required");
    }
    row.created_at = TruncateToMicros(FromProtoTime(r.request_time()));
    row.updated_at = TruncateToMicros(FromProtoTime(r.resolve_time()));
    if (row.created_at < order.created_at) {
      return InvalidField(absl::StrCat(field, ".request_time"),
                          "must not be before the order's create_time");
    }
    if (row.created_at > now) {
      return InvalidField(absl::StrCat(field, ".request_time"), "must not be in the future");
    }
    if (row.updated_at < row.created_at) {
      return InvalidField(absl::StrCat(field, ".resolve_time"), "must not be before request_time");
    }
    if (row.updated_at > now) {
      return InvalidField(absl::StrCat(field, ".resolve_time"), "must not be in the future");
    }
    if (r.lines().empty()) {
      return InvalidField(absl::StrCat(field, ".lines"), "at least one line is required");
    }
    std::set<int32_t> seen;
    for (int j = 0; j < r.lines_size(); ++j) {
      const v1::ReturnLine& rl = r.lines(j);
      const std::string line_field = absl::StrCat(field, ".lines[", j, "]");
      const domain::OrderLine* ol = order.FindLine(rl.line_id());
      if (ol == nullptr) {
        return InvalidField(absl::StrCat(line_field, ".line_id"),
                            absl::StrCat("the order has no line ", rl.line_id(),
                                         " (lines are 1 to ", order.lines.size(), ")"));
      }
      if (!seen.insert(rl.line_id()).second) {
        return InvalidField(absl::StrCat(line_field, ".line_id"), "appears twice");
      }
      const std::string quantity_field = absl::StrCat(line_field, ".quantity");
      const int64_t before = returned[rl.line_id()];
      const domain::ChargedLine charged = domain::Charged(*ol, before);
      const absl::Status returnable =
          domain::CheckReturnable(quantity_field, rl.line_id(), charged, rl.quantity());
      if (!returnable.ok()) {
        if (absl::IsInvalidArgument(returnable)) return returnable;
        return InvalidField(quantity_field, ToStd(returnable.message()));
      }
      const int64_t refund = domain::RefundFor(charged, before, rl.quantity());
      row.lines.push_back({rl.line_id(), rl.quantity(), refund});
      row.refund_total_minor += refund;
      returned[rl.line_id()] = before + rl.quantity();
    }
    std::sort(row.lines.begin(), row.lines.end(),
              [](const store::ReturnLineRow& a, const store::ReturnLineRow& b) {
                return a.line_id < b.line_id;
              });
    row.status = domain::ReturnStatus::kResolved;
    row.imported = true;
    rows.push_back(std::move(row));
  }
  // The units came back: received, as ReceiveReturn records them on the lines.
  for (domain::OrderLine& line : order.lines) line.returned_quantity = returned[line.line_id];
  return rows;
}

// One historical order with its returns, validated; product sku and category are filled
// later.
absl::StatusOr<ParsedOrder> Imported(const v1::ImportedOrder& o, const std::string& currency) {
  domain::Order draft;
  if (o.external_ref().empty()) return InvalidField("order.external_ref", "is required");
  if (o.external_ref().size() > kMaxExternalRefLength) {
    return InvalidField("order.external_ref", "must be at most 128 characters");
  }
  draft.external_ref = o.external_ref();
  ASSIGN_OR_RETURN(draft.customer_id, ParseIdName("order.customer", "customers", o.customer()));
  if (o.channel() == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(o.channel())) {
    return InvalidField("order.channel", "is required (STORE, WEB, PHONE or PARTNER)");
  }
  draft.channel = ChannelFromProto(o.channel());
  RETURN_IF_ERROR(ValidateCode("order.region", o.region(), kRegionCode));
  draft.region = o.region();
  if (!o.warehouse().empty()) {
    RETURN_IF_ERROR(ValidateCode("order.warehouse", o.warehouse(), kWarehouseCode));
  }
  draft.warehouse = o.warehouse();
  ASSIGN_OR_RETURN(draft.credits, ValidateSalesCredits("order.sales_credits", o.sales_credits()));
  if (o.status() == v1::ORDER_STATUS_UNSPECIFIED || !v1::OrderStatus_IsValid(o.status())) {
    return InvalidField("order.status", "is required");
  }
  if (!o.has_create_time()) return InvalidField("order.create_time", "is required");
  const absl::Time created_at = TruncateToMicros(FromProtoTime(o.create_time()));
  const absl::Time closed_at =
      o.has_close_time() ? TruncateToMicros(FromProtoTime(o.close_time())) : created_at;
  if (closed_at < created_at) {
    return InvalidField("order.close_time", "must not be before create_time");
  }
  if (o.lines().empty()) return InvalidField("order.lines", "at least one line is required");
  if (o.lines_size() > kMaxLines) return InvalidField("order.lines", "at most 200 lines");
  for (int i = 0; i < o.lines_size(); ++i) {
    const v1::OrderLine& l = o.lines(i);
    const std::string field = absl::StrCat("order.lines[", i, "]");
    domain::OrderLine line;
    line.line_id = i + 1;
    ASSIGN_OR_RETURN(line.product_id,
                     ParseIdName(absl::StrCat(field, ".product"), "products", l.product()));
    if (l.quantity() < 1 || l.quantity() > kMaxLineQuantity) {
      return InvalidField(absl::StrCat(field, ".quantity"), "must be 1 to 1,000,000");
    }
    line.quantity = l.quantity();
    ASSIGN_OR_RETURN(line.unit_price_minor,
                     MinorOf(absl::StrCat(field, ".unit_price"), l.unit_price(), currency));
    ASSIGN_OR_RETURN(line.unit_cost_minor,
                     MinorOf(absl::StrCat(field, ".unit_cost"), l.unit_cost(), currency));
    ASSIGN_OR_RETURN(line.discount_minor,
                     MinorOf(absl::StrCat(field, ".discount_total"), l.discount_total(), currency));
    ASSIGN_OR_RETURN(line.tax_minor, MinorOf(absl::StrCat(field, ".tax"), l.tax(), currency));
    if (line.unit_price_minor > INT64_MAX / 1'000'000 / kMaxLines ||
        line.unit_cost_minor > INT64_MAX / 1'000'000 / kMaxLines ||
        line.tax_minor > INT64_MAX / 1'000'000) {
      return InvalidField(field, "amounts are too large");
    }
    if (line.discount_minor > line.subtotal_minor()) {
      return InvalidField(absl::StrCat(field, ".discount_total"),
                          "must not exceed unit_price * quantity");
    }
    draft.lines.push_back(std::move(line));
  }
  ParsedOrder parsed;
  parsed.t = domain::Order::Import(std::move(draft), OrderStatusFromProto(o.status()), created_at,
                                   closed_at);
  ASSIGN_OR_RETURN(parsed.returns, ImportedReturns(o, parsed.t.order));
  return parsed;
}

// The history rows of an imported order: the changes its events record.
std::vector<domain::StatusChange> HistoryOf(const domain::OrderTransition& t) {
  std::vector<domain::StatusChange> history;
  for (const domain::OrderEvent& event : t.events) {
    if (const auto* placed = std::get_if<domain::OrderPlaced>(&event)) {
      history.push_back(placed->change);
    } else if (const auto* changed = std::get_if<domain::StatusChanged>(&event)) {
      history.push_back(changed->change);
    }
  }
  return history;
}

// The sales.events.v1 events of an imported (stored) order.
void AppendEvents(const domain::OrderTransition& t, const std::string& currency,
                  std::vector<events::v1::Event>& out) {
  for (const domain::OrderEvent& event : t.events) {
    if (const auto* placed = std::get_if<domain::OrderPlaced>(&event)) {
      out.push_back(OrderPlacedEvent(t.order, *placed, currency));
    } else if (const auto* changed = std::get_if<domain::StatusChanged>(&event)) {
      out.push_back(OrderStatusChangedEvent(t.order, changed->change, currency));
    }
  }
}

}  // namespace

absl::StatusOr<v1::ImportOrdersResponse> ImportHandlers::ImportOrders(
    const std::function<bool(v1::ImportOrdersRequest*)>& next, absl::Time deadline) {
  v1::ImportOrdersResponse resp;
  // Products seen so far in this stream (a catalogue is small next to a million orders).
  std::map<int64_t, store::ProductRow> products;
  std::vector<ParsedOrder> batch;
  auto add_error = [&resp](const std::string& ref, std::string_view message) {
    v1::ImportError* error = resp.add_errors();
    error->set_external_ref(ref);
    error->set_message(std::string(message));
  };

  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    int64_t imported = 0;
    int64_t skipped = 0;
    std::vector<std::pair<std::string, std::string>> errors;
    RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
      imported = 0;
      skipped = 0;
      errors.clear();
      std::vector<std::string> refs;
      for (const ParsedOrder& p : batch) refs.push_back(p.t.order.external_ref);
      const std::vector<std::string> existing_list = store::FindExternalRefs(tx, refs);
      const std::set<std::string> existing(existing_list.begin(), existing_list.end());
      std::vector<int64_t> missing;
      for (const ParsedOrder& p : batch) {
        for (const domain::OrderLine& l : p.t.order.lines) {
          if (products.count(l.product_id) == 0) missing.push_back(l.product_id);
        }
      }
      if (!missing.empty()) {
        for (auto& [id, product] : store::FindProducts(tx, missing)) products[id] = product;
      }
      std::vector<ParsedOrder> imported_orders;
      std::set<std::string> refs_in_batch;
      for (const ParsedOrder& p : batch) {
        const domain::OrderTransition& o = p.t;
        // A re-import is skipped whole: the order with its returns, and no new events.
        if (existing.count(o.order.external_ref) > 0 ||
            !refs_in_batch.insert(o.order.external_ref).second) {
          ++skipped;
          continue;
        }
        ParsedOrder parsed_copy = p;
        domain::OrderTransition& copy = parsed_copy.t;
        std::string problem;
        for (size_t i = 0; i < copy.order.lines.size() && problem.empty(); ++i) {
          domain::OrderLine& line = copy.order.lines[i];
          auto it = products.find(line.product_id);
          if (it == products.end()) {
            problem =
                absl::StrCat("order.lines[", i, "].product: ", IdName("products", line.product_id),
                             " does not exist");
          } else {
            line.sku = it->second.sku;
            line.category = it->second.category;
          }
        }
        if (!problem.empty()) {
          refs_in_batch.erase(o.order.external_ref);
          errors.emplace_back(o.order.external_ref, problem);
          continue;
        }
        imported_orders.push_back(std::move(parsed_copy));
      }
      std::vector<store::ImportedOrderRows> rows;
      rows.reserve(imported_orders.size());
      for (const ParsedOrder& p : imported_orders) rows.push_back({p.t.order, HistoryOf(p.t)});
      RETURN_IF_ERROR(store::InsertImportedOrders(tx, rows));
      std::vector<events::v1::Event> events;
      events.reserve(rows.size() * 2);
      for (size_t i = 0; i < rows.size(); ++i) {
        ParsedOrder& p = imported_orders[i];
        p.t.order.id = rows[i].order.id;
        AppendEvents(p.t, ctx_.policy.currency, events);
        // Its returns, resolved as they were; no stock moves (history is history: an
        // imported return must not change today's stock, as an imported order does not).
        std::map<int32_t, int64_t> before;  // units of each line in the returns before
        for (store::ReturnRow& ret : p.returns) {
          ret.order_id = p.t.order.id;
          ret.id = store::InsertReturn(tx, ret);
          events.push_back(ReturnResolvedEvent(p.t.order, ret, before, ctx_.policy.currency));
          for (const store::ReturnLineRow& rl : ret.lines) before[rl.line_id] += rl.quantity;
        }
      }
      WriteEvents(tx, std::move(events));
      imported = static_cast<int64_t>(rows.size());
      return absl::OkStatus();
    }));
    resp.set_imported(resp.imported() + imported);
    resp.set_skipped(resp.skipped() + skipped);
    for (const auto& [ref, message] : errors) add_error(ref, message);
    batch.clear();
    return absl::OkStatus();
  };

  v1::ImportOrdersRequest req;
  while (next(&req)) {
    absl::StatusOr<ParsedOrder> parsed = Imported(req.order(), ctx_.policy.currency);
    if (!parsed.ok()) {
      add_error(req.order().external_ref(), ToStd(parsed.status().message()));
    } else {
      batch.push_back(*std::move(parsed));
      if (batch.size() >= kBatchSize) RETURN_IF_ERROR(flush());
    }
    req.Clear();
  }
  RETURN_IF_ERROR(flush());
  return resp;
}

}  // namespace sales::orders::api
