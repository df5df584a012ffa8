#include "services/orders/src/api/order_handlers.h"

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_catalogue.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/order_lifecycle.h"
#include "services/orders/src/domain/order_status.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/order_store.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

using domain::OrderStatus;

constexpr int kMaxLines = 200;
constexpr int64_t kMaxLineQuantity = 1'000'000;
constexpr int kMaxPromotionCodes = 5;
constexpr size_t kMaxCodeLength = 32;
constexpr size_t kMaxActorLength = 100;
constexpr size_t kMaxReasonLength = 500;
constexpr size_t kMaxCarrierLength = 64;
constexpr size_t kMaxExternalRefLength = 128;

// Quantities of each product in `lines` (units of `quantity_of(line)`), for stock calls.
template <typename QuantityOf>
std::vector<store::StockQuantity> ByProduct(const std::vector<store::OrderLineRow>& lines,
                                            QuantityOf quantity_of) {
  std::map<int64_t, int64_t> units;
  for (const store::OrderLineRow& line : lines) {
    const int64_t q = quantity_of(line);
    if (q > 0) units[line.product_id] += q;
  }
  std::vector<store::StockQuantity> out;
  for (const auto& [product, q] : units) out.push_back({product, q});
  return out;
}

// DATETIME(6) keeps microseconds: answers carry the time as it will be read back.
absl::Time NowMicros() { return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())); }

std::string ActorOr(std::string_view actor) {
  return actor.empty() ? std::string("system") : std::string(actor);
}

// Cursor of ListOrders: "<created_at micros>:<id>".
std::string EncodeOrderCursor(const store::OrderRow& row) {
  return absl::StrCat(absl::ToUnixMicros(row.created_at), ":", row.id);
}

absl::StatusOr<store::OrderCursor> DecodeOrderCursor(const PageTokenCodec& codec,
                                                     std::string_view scope,
                                                     std::string_view token) {
  store::OrderCursor cursor;
  if (token.empty()) return cursor;
  ASSIGN_OR_RETURN(std::string text, codec.Decode(scope, token));
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  int64_t micros = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &micros) ||
      !absl::SimpleAtoi(parts[1], &cursor.id) || cursor.id <= 0) {
    return InvalidField("page_token", "is malformed");
  }
  cursor.created_at = absl::FromUnixMicros(micros);
  return cursor;
}

}  // namespace

// --- Shared lifecycle steps (order_lifecycle.h) -------------------------------------------

absl::Status ValidateRegionCode(std::string_view field, std::string_view value) {
  if (value.empty()) return InvalidField(field, "is required");
  if (value.size() > 32) return InvalidField(field, "must be at most 32 characters");
  for (char c : value) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return InvalidField(field, "must be characters of [A-Za-z0-9_-]");
  }
  return absl::OkStatus();
}

absl::Status ValidateRep(std::string_view field, std::string_view value) {
  constexpr std::string_view kPrefix = "reps/";
  bool ok = value.size() > kPrefix.size() && value.size() <= kPrefix.size() + 64 &&
            value.substr(0, kPrefix.size()) == kPrefix;
  for (char c : value.substr(std::min(value.size(), kPrefix.size()))) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-');
  }
  if (!ok) {
    return InvalidField(field, "must look like reps/{id}, the id 1-64 characters of [A-Za-z0-9_-]");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<store::CreditRow>> ValidateSalesCredits(
    std::string_view field, const google::protobuf::RepeatedPtrField<v1::SalesCredit>& credits) {
  std::vector<store::CreditRow> rows;
  std::vector<domain::CreditShare> shares;
  for (int i = 0; i < credits.size(); ++i) {
    RETURN_IF_ERROR(ValidateRep(absl::StrCat(ToAbsl(field), "[", i, "].rep"), credits[i].rep()));
    rows.push_back({credits[i].rep(), credits[i].revenue_share_bp()});
    shares.push_back({credits[i].rep(), credits[i].revenue_share_bp()});
  }
  RETURN_IF_ERROR(domain::ValidateCredits(field, shares));
  return rows;
}

absl::StatusOr<store::OrderRow> LockOrder(db::Transaction& tx, int64_t id) {
  std::optional<store::OrderRow> row = store::FindOrder(tx, id, /*for_update=*/true);
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(OrderName(id), " not found"));
  return *std::move(row);
}

void RecordStatusChange(db::Transaction& tx, const HandlerContext& ctx, store::OrderRow& row,
                        int from, const std::string& actor, const std::string& reason,
                        absl::Time at) {
  store::StatusChangeRow change;
  change.from_status = from;
  change.to_status = row.status;
  change.actor = actor;
  change.reason = reason;
  change.changed_at = at;
  store::InsertStatusChange(tx, row.id, change);
  events::v1::Event event;
  event.set_aggregate(OrderName(row.id));
  events::v1::OrderStatusChanged* changed = event.mutable_order_status_changed();
  *changed->mutable_order() = ToSnapshot(row, ctx.policy.currency);
  changed->set_from_status(OrderStatusName(from));
  changed->set_to_status(OrderStatusName(row.status));
  changed->set_actor(actor);
  changed->set_reason(reason);
  *changed->mutable_change_time() = ToProtoTime(at);
  WriteEvent(tx, std::move(event));
}

absl::Status MoveOrder(db::Transaction& tx, const HandlerContext& ctx, store::OrderRow& row, int to,
                       const std::string& actor, const std::string& reason, absl::Time now) {
  RETURN_IF_ERROR(
      domain::CheckTransition(static_cast<OrderStatus>(row.status), static_cast<OrderStatus>(to)));
  const int from = row.status;
  row.status = to;
  row.updated_at = now;
  ++row.version;
  store::UpdateOrderHeader(tx, row);
  RecordStatusChange(tx, ctx, row, from, actor, reason, now);
  return absl::OkStatus();
}

absl::StatusOr<PricedNewOrder> PriceNewOrder(db::Transaction& tx, const HandlerContext& ctx,
                                             store::OrderRow row,
                                             const std::vector<std::string>& codes,
                                             absl::Time now) {
  std::vector<int64_t> ids;
  for (const store::OrderLineRow& line : row.lines) ids.push_back(line.product_id);
  const std::map<int64_t, store::ProductRow> products = store::FindProducts(tx, ids);
  std::vector<domain::PriceLine> price_lines;
  for (size_t i = 0; i < row.lines.size(); ++i) {
    store::OrderLineRow& line = row.lines[i];
    const std::string field = absl::StrCat("order.lines[", i, "].product");
    auto it = products.find(line.product_id);
    if (it == products.end()) {
      return InvalidField(field,
                          absl::StrCat(IdName("products", line.product_id), " does not exist"));
    }
    if (!it->second.active) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", IdName("products", line.product_id), " is not active"));
    }
    line.sku = it->second.sku;
    line.category = it->second.category;
    line.unit_price_minor = it->second.list_price_minor;
    line.unit_cost_minor = it->second.unit_cost_minor;
    price_lines.push_back({line.line_id, line.product_id, line.category, line.quantity,
                           line.unit_price_minor, line.unit_cost_minor});
  }

  // Promotions: the codes entered (each must exist, be valid now and within its limits),
  // then the automatic ones that are (silently skipped when not).
  const std::vector<store::PromotionRow> found = store::FindApplicablePromotions(tx, codes, now);
  std::map<std::string, const store::PromotionRow*> by_code;
  for (const store::PromotionRow& p : found) {
    if (!p.code.empty()) by_code[p.code] = &p;
  }
  auto within_limits = [&](const store::PromotionRow& p) {
    if (p.usage_limit_total > 0 && p.used_count >= p.usage_limit_total) return false;
    if (p.usage_limit_per_customer > 0 &&
        store::CountCustomerUses(tx, p.id, row.customer_id) >= p.usage_limit_per_customer) {
      return false;
    }
    return true;
  };
  auto in_window = [&](const store::PromotionRow& p) {
    return p.starts_at <= now && now < p.ends_at;
  };
  std::vector<const store::PromotionRow*> chosen;
  std::set<int64_t> chosen_ids;
  for (const std::string& code : codes) {
    auto it = by_code.find(code);
    if (it == by_code.end()) {
      return InvalidField("order.promotion_codes", absl::StrCat("unknown code '", code, "'"));
    }
    const store::PromotionRow& p = *it->second;
    if (!in_window(p)) {
      return absl::FailedPreconditionError(
          absl::StrCat("order.promotion_codes: code '", code, "' is not valid at this time"));
    }
    if (!within_limits(p)) {
      return absl::FailedPreconditionError(
          absl::StrCat("order.promotion_codes: code '", code, "' has reached its usage limit"));
    }
    if (chosen_ids.insert(p.id).second) chosen.push_back(&p);
  }
  for (const store::PromotionRow& p : found) {
    if (!p.automatic || chosen_ids.count(p.id) > 0) continue;
    if (!in_window(p) || !within_limits(p)) continue;
    chosen_ids.insert(p.id);
    chosen.push_back(&p);
  }
  std::vector<domain::PromotionRule> rules;
  std::map<int64_t, std::string> codes_by_id;
  for (const store::PromotionRow* p : chosen) {
    domain::PromotionRule rule;
    rule.id = p->id;
    rule.code = p->code;
    rule.kind = static_cast<domain::PromotionKind>(p->kind);
    rule.percent_off_bp = p->percent_off_bp;
    rule.amount_off_minor = p->amount_off_minor;
    rule.buy_quantity = p->buy_quantity;
    rule.free_quantity = p->free_quantity;
    rule.threshold_minor = p->threshold_minor;
    rule.exclusive = p->exclusive;
    rule.product_ids = p->product_ids;
    rule.categories = p->categories;
    rules.push_back(std::move(rule));
    codes_by_id[p->id] = p->code;
  }
  ASSIGN_OR_RETURN(domain::PricedOrder priced,
                   domain::PriceOrder(price_lines, rules, ctx.policy.tax_rate_bp));

  std::map<int32_t, const domain::PricedLine*> priced_lines;
  for (const domain::PricedLine& pl : priced.lines) priced_lines[pl.line.line_id] = &pl;
  for (store::OrderLineRow& line : row.lines) {
    auto it = priced_lines.find(line.line_id);
    if (it == priced_lines.end()) return absl::InternalError("pricing lost a line");
    line.discount_minor = it->second->discount_minor;
    line.tax_minor = it->second->tax_minor;
    line.discounts.clear();
    for (const domain::LineDiscount& d : it->second->discounts) {
      if (d.amount_minor > 0) line.discounts.push_back({d.promotion_id, d.amount_minor});
    }
  }
  row.subtotal_minor = priced.subtotal_minor;
  row.discount_minor = priced.discount_minor;
  row.tax_minor = priced.tax_minor;
  row.total_minor = priced.total_minor;
  row.cost_minor = priced.cost_minor;
  row.requires_approval = domain::NeedsApproval(priced, ctx.policy.approval_total_minor,
                                                ctx.policy.approval_discount_bp);
  row.promotion_codes.clear();
  PricedNewOrder out;
  for (const domain::LineDiscount& use : priced.promotions) {
    if (use.amount_minor <= 0) continue;
    out.uses.push_back(use);
    const std::string& code = codes_by_id[use.promotion_id];
    if (!code.empty()) row.promotion_codes.push_back(code);
  }
  out.row = std::move(row);
  return out;
}

absl::Status InsertNewOrder(db::Transaction& tx, const HandlerContext& ctx, PricedNewOrder& order,
                            absl::Time now) {
  store::OrderRow& row = order.row;
  row.status = static_cast<int>(OrderStatus::kReceived);
  row.created_at = now;
  row.updated_at = now;
  row.version = 1;
  ASSIGN_OR_RETURN(row.id, store::InsertOrder(tx, row));
  for (const domain::LineDiscount& use : order.uses) {
    store::RecordPromotionUse(tx, use.promotion_id, row.id, row.customer_id, use.amount_minor);
  }
  store::StatusChangeRow created;
  created.from_status = 0;
  created.to_status = row.status;
  created.actor = "system";
  created.changed_at = now;
  store::InsertStatusChange(tx, row.id, created);
  events::v1::Event event;
  event.set_aggregate(OrderName(row.id));
  *event.mutable_order_placed()->mutable_order() = ToSnapshot(row, ctx.policy.currency);
  WriteEvent(tx, std::move(event));
  return absl::OkStatus();
}

v1::Order FullOrder(db::Transaction& tx, const HandlerContext& ctx, const store::OrderRow& row) {
  return ToProto(row, store::ListStatusHistory(tx, row.id), store::ListShipments(tx, row.id),
                 ctx.policy.currency);
}

// --- Handlers -------------------------------------------------------------------------------

namespace {

// Reserves every line's units in the order's warehouse and publishes the stock changes.
absl::Status ReserveStock(db::Transaction& tx, const store::OrderRow& row, absl::Time now) {
  ASSIGN_OR_RETURN(
      std::vector<store::StockChange> changes,
      store::Reserve(tx, row.id, row.warehouse,
                     ByProduct(row.lines, [](const store::OrderLineRow& l) { return l.quantity; }),
                     now));
  store::WriteStockEvents(tx, changes);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Order> OrderHandlers::CreateOrder(const v1::CreateOrderRequest& req,
                                                     absl::Time deadline) {
  if (!req.has_order()) return InvalidField("order", "is required");
  const v1::Order& o = req.order();
  store::OrderRow base;
  ASSIGN_OR_RETURN(base.customer_id, ParseIdName("order.customer", "customers", o.customer()));
  if (o.channel() == v1::CHANNEL_UNSPECIFIED) {
    return InvalidField("order.channel", "is required (STORE, WEB, PHONE or PARTNER)");
  }
  if (!v1::Channel_IsValid(o.channel())) {
    return InvalidField("order.channel", "is not a known channel");
  }
  base.channel = o.channel();
  RETURN_IF_ERROR(ValidateRegionCode("order.region", o.region()));
  base.region = o.region();
  RETURN_IF_ERROR(ValidateRegionCode("order.warehouse", o.warehouse()));
  base.warehouse = o.warehouse();
  ASSIGN_OR_RETURN(base.credits, ValidateSalesCredits("order.sales_credits", o.sales_credits()));
  if (o.lines().empty()) return InvalidField("order.lines", "at least one line is required");
  if (o.lines_size() > kMaxLines) return InvalidField("order.lines", "at most 200 lines");
  std::set<int64_t> seen;
  for (int i = 0; i < o.lines_size(); ++i) {
    const v1::OrderLine& l = o.lines(i);
    store::OrderLineRow line;
    line.line_id = i + 1;
    ASSIGN_OR_RETURN(line.product_id, ParseIdName(absl::StrCat("order.lines[", i, "].product"),
                                                  "products", l.product()));
    if (!seen.insert(line.product_id).second) {
      return InvalidField(absl::StrCat("order.lines[", i, "].product"),
                          "appears on an earlier line; a product appears at most once");
    }
    if (l.quantity() < 1 || l.quantity() > kMaxLineQuantity) {
      return InvalidField(absl::StrCat("order.lines[", i, "].quantity"), "must be 1 to 1,000,000");
    }
    line.quantity = l.quantity();
    base.lines.push_back(std::move(line));
  }
  if (o.promotion_codes_size() > kMaxPromotionCodes) {
    return InvalidField("order.promotion_codes", "at most 5 codes");
  }
  std::vector<std::string> codes;
  for (const std::string& code : o.promotion_codes()) {
    RETURN_IF_ERROR(ValidateText("order.promotion_codes", code, kMaxCodeLength, true));
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
      return InvalidField("order.promotion_codes", absl::StrCat("'", code, "' is given twice"));
    }
    codes.push_back(code);
  }
  RETURN_IF_ERROR(
      ValidateText("order.external_ref", o.external_ref(), kMaxExternalRefLength, false));
  base.external_ref = o.external_ref();
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));

  // Outside the transaction: no lock is held while the customers service answers, and
  // nothing is written when it cannot.
  RETURN_IF_ERROR(ctx_.customers->CheckCanOrder(o.customer(), deadline));

  return RunIdempotent<v1::Order>(*ctx_.pool, deadline, "CreateOrder", req, req.request_id(),
                                  [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
                                    const absl::Time now = NowMicros();
                                    ASSIGN_OR_RETURN(PricedNewOrder order,
                                                     PriceNewOrder(tx, ctx_, base, codes, now));
                                    RETURN_IF_ERROR(InsertNewOrder(tx, ctx_, order, now));
                                    return FullOrder(tx, ctx_, order.row);
                                  });
}

absl::StatusOr<v1::Order> OrderHandlers::GetOrder(const v1::GetOrderRequest& req,
                                                  absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  std::optional<v1::Order> out;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    std::optional<store::OrderRow> row = store::FindOrder(tx, id, /*for_update=*/false);
    if (row.has_value()) out = FullOrder(tx, ctx_, *row);
    return absl::OkStatus();
  }));
  if (!out.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return *std::move(out);
}

absl::StatusOr<v1::ListOrdersResponse> OrderHandlers::ListOrders(const v1::ListOrdersRequest& req,
                                                                 absl::Time deadline) {
  ASSIGN_OR_RETURN(int page_size, NormalizePageSize(req.page_size()));
  const std::string scope = ListScope("ListOrders", req);
  ASSIGN_OR_RETURN(store::OrderCursor cursor,
                   DecodeOrderCursor(*ctx_.page_tokens, scope, req.page_token()));
  store::OrderFilter filter;
  if (!req.customer().empty()) {
    ASSIGN_OR_RETURN(filter.customer_id, ParseIdName("customer", "customers", req.customer()));
  }
  if (!req.rep().empty()) RETURN_IF_ERROR(ValidateRep("rep", req.rep()));
  filter.rep = req.rep();
  if (!v1::OrderStatus_IsValid(req.status())) {
    return InvalidField("status", "is not a known status");
  }
  filter.status = req.status();
  if (!v1::Channel_IsValid(req.channel())) return InvalidField("channel", "is not a known channel");
  filter.channel = req.channel();
  if (!req.region().empty()) RETURN_IF_ERROR(ValidateRegionCode("region", req.region()));
  filter.region = req.region();
  if (req.has_start_time()) filter.created_from = FromProtoTime(req.start_time());
  if (req.has_end_time()) filter.created_before = FromProtoTime(req.end_time());
  if (req.has_start_time() && req.has_end_time() && filter.created_before <= filter.created_from) {
    return InvalidField("end_time", "must be later than start_time");
  }
  std::vector<store::OrderRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListOrders(tx, filter, cursor, page_size + 1);
    return absl::OkStatus();
  }));
  v1::ListOrdersResponse resp;
  const bool more = static_cast<int>(rows.size()) > page_size;
  if (more) rows.resize(page_size);
  for (const store::OrderRow& row : rows) {
    *resp.add_orders() = ToProto(row, {}, {}, ctx_.policy.currency);
  }
  if (more)
    resp.set_next_page_token(ctx_.page_tokens->Encode(scope, EncodeOrderCursor(rows.back())));
  return resp;
}

absl::StatusOr<v1::Order> OrderHandlers::ConfirmOrder(const v1::ConfirmOrderRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("actor", req.actor(), kMaxActorLength, false));
  const std::string actor = ActorOr(req.actor());
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ConfirmOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        if (row.status == static_cast<int>(OrderStatus::kInReview) && row.requires_approval) {
          return absl::FailedPreconditionError(
              absl::StrCat(req.name(),
                           " is ORDER_STATUS_IN_REVIEW and needs an explicit approval "
                           "(ApproveOrder)"));
        }
        if (row.status == static_cast<int>(OrderStatus::kReceived)) {
          RETURN_IF_ERROR(
              MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kInReview), actor, "", now));
        }
        if (!row.requires_approval) {
          RETURN_IF_ERROR(domain::CheckTransition(static_cast<OrderStatus>(row.status),
                                                  OrderStatus::kConfirmed));
          RETURN_IF_ERROR(ReserveStock(tx, row, now));
          RETURN_IF_ERROR(
              MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kConfirmed), actor, "", now));
        }
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::ApproveOrder(const v1::ApproveOrderRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("approver", req.approver(), kMaxActorLength, true));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ApproveOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(
            domain::CheckTransition(static_cast<OrderStatus>(row.status), OrderStatus::kConfirmed));
        RETURN_IF_ERROR(ReserveStock(tx, row, now));
        row.approver = req.approver();
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kConfirmed),
                                  req.approver(), "approved", now));
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::CancelOrder(const v1::CancelOrderRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("reason", req.reason(), kMaxReasonLength, true));
  RETURN_IF_ERROR(ValidateText("actor", req.actor(), kMaxActorLength, false));
  const std::string actor = ActorOr(req.actor());
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "CancelOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        const bool reserved = row.status == static_cast<int>(OrderStatus::kConfirmed);
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kCancelled), actor,
                                  req.reason(), now));
        if (reserved) {
          store::WriteStockEvents(tx, store::Release(tx, row.id, row.warehouse,
                                                     ByProduct(row.lines,
                                                               [](const store::OrderLineRow& l) {
                                                                 return l.quantity -
                                                                        l.shipped_quantity;
                                                               }),
                                                     now));
        }
        store::ReleasePromotionUses(tx, row.id);
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::ShipOrder(const v1::ShipOrderRequest& req,
                                                   absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  RETURN_IF_ERROR(ValidateText("carrier", req.carrier(), kMaxCarrierLength, true));
  RETURN_IF_ERROR(ValidateText("tracking_number", req.tracking_number(), kMaxCarrierLength, true));
  std::set<int32_t> line_ids;
  for (int i = 0; i < req.lines_size(); ++i) {
    if (!line_ids.insert(req.lines(i).line_id()).second) {
      return InvalidField(absl::StrCat("lines[", i, "].line_id"), "appears twice");
    }
    if (req.lines(i).quantity() < 1) {
      return InvalidField(absl::StrCat("lines[", i, "].quantity"), "must be at least 1");
    }
  }
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "ShipOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(
            domain::CheckTransition(static_cast<OrderStatus>(row.status), OrderStatus::kShipped));
        std::map<int32_t, int64_t> ship;  // line_id -> units
        if (req.lines().empty()) {
          for (const store::OrderLineRow& l : row.lines) {
            if (l.quantity > l.shipped_quantity) ship[l.line_id] = l.quantity - l.shipped_quantity;
          }
          if (ship.empty()) {
            return absl::FailedPreconditionError(
                absl::StrCat(req.name(), ": every unit is already shipped"));
          }
        } else {
          for (int i = 0; i < req.lines_size(); ++i) {
            const v1::ShipmentLine& sl = req.lines(i);
            auto it = std::find_if(
                row.lines.begin(), row.lines.end(),
                [&](const store::OrderLineRow& l) { return l.line_id == sl.line_id(); });
            if (it == row.lines.end()) {
              return InvalidField(absl::StrCat("lines[", i, "].line_id"),
                                  absl::StrCat(req.name(), " has no line ", sl.line_id()));
            }
            const int64_t remaining = it->quantity - it->shipped_quantity;
            if (sl.quantity() > remaining) {
              return absl::FailedPreconditionError(
                  absl::StrCat("lines[", i, "].quantity: ", sl.quantity(), " units requested, ",
                               remaining, " not yet shipped on line ", sl.line_id()));
            }
            ship[sl.line_id()] = sl.quantity();
          }
        }
        store::ShipmentRow shipment;
        shipment.order_id = row.id;
        shipment.carrier = req.carrier();
        shipment.tracking_number = req.tracking_number();
        shipment.shipped_at = now;
        std::vector<store::OrderLineRow> shipped_lines;
        for (store::OrderLineRow& l : row.lines) {
          auto it = ship.find(l.line_id);
          if (it == ship.end()) continue;
          shipment.lines.push_back({l.line_id, it->second});
          l.shipped_quantity += it->second;
          store::UpdateOrderLine(tx, row.id, l);
          store::OrderLineRow units = l;
          units.quantity = it->second;
          shipped_lines.push_back(units);
        }
        const int64_t shipment_id = store::InsertShipment(tx, shipment);
        store::WriteStockEvents(
            tx, store::Ship(tx, row.id, row.warehouse,
                            ByProduct(shipped_lines,
                                      [](const store::OrderLineRow& l) { return l.quantity; }),
                            now));
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kShipped), "system",
                                  absl::StrCat("shipment ", shipment_id), now));
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::DeliverShipment(const v1::DeliverShipmentRequest& req,
                                                         absl::Time deadline) {
  ASSIGN_OR_RETURN(ShipmentId sid, ParseShipmentName("name", req.name()));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "DeliverShipment", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, sid.order_id));
        const absl::Time now = NowMicros();
        std::vector<store::ShipmentRow> shipments = store::ListShipments(tx, row.id);
        auto it =
            std::find_if(shipments.begin(), shipments.end(),
                         [&](const store::ShipmentRow& s) { return s.id == sid.shipment_id; });
        if (it == shipments.end()) {
          return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        }
        if (it->delivered_at != absl::InfinitePast()) {
          return absl::FailedPreconditionError(absl::StrCat(req.name(), " was already delivered"));
        }
        if (row.status != static_cast<int>(OrderStatus::kShipped)) {
          return absl::FailedPreconditionError(absl::StrCat(
              "cannot deliver a shipment of an order in ", OrderStatusName(row.status)));
        }
        store::SetShipmentDelivered(tx, it->id, now);
        it->delivered_at = now;
        bool all_shipped = true;
        for (const store::OrderLineRow& l : row.lines) {
          all_shipped = all_shipped && l.shipped_quantity >= l.quantity;
        }
        bool all_delivered = true;
        for (const store::ShipmentRow& s : shipments) {
          all_delivered = all_delivered && s.delivered_at != absl::InfinitePast();
        }
        if (all_shipped && all_delivered) {
          RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kDelivered),
                                    "system", "", now));
        } else {
          row.updated_at = now;
          ++row.version;
          store::UpdateOrderHeader(tx, row);
        }
        return FullOrder(tx, ctx_, row);
      });
}

absl::StatusOr<v1::Order> OrderHandlers::CompleteOrder(const v1::CompleteOrderRequest& req,
                                                       absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseIdName("name", "orders", req.name()));
  return RunIdempotent<v1::Order>(
      *ctx_.pool, deadline, "CompleteOrder", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Order> {
        ASSIGN_OR_RETURN(store::OrderRow row, LockOrder(tx, id));
        RETURN_IF_ERROR(MoveOrder(tx, ctx_, row, static_cast<int>(OrderStatus::kCompleted),
                                  "system", "", NowMicros()));
        return FullOrder(tx, ctx_, row);
      });
}

}  // namespace sales::orders::api
