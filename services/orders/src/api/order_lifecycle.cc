#include "services/orders/src/api/order_lifecycle.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/outbox.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/domain/order_status.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/order_store.h"

namespace sales::orders::api {

using domain::OrderStatus;

absl::StatusOr<std::vector<store::CreditRow>> ValidateSalesCredits(
    std::string_view field, const google::protobuf::RepeatedPtrField<v1::SalesCredit>& credits) {
  std::vector<store::CreditRow> rows;
  std::vector<domain::CreditShare> shares;
  for (int i = 0; i < credits.size(); ++i) {
    RETURN_IF_ERROR(
        ValidateRepName(absl::StrCat(ToAbsl(field), "[", i, "].rep"), credits[i].rep()));
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

}  // namespace sales::orders::api
