#include "tools/salesctl/resource_views.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

std::string Num(int64_t value) { return absl::StrCat(value); }

// Basis points as a percentage: 1234 -> "12.34%".
std::string Bp(int64_t bp) {
  return absl::StrFormat("%s%d.%02d%%", bp < 0 ? "-" : "", std::abs(bp) / 100, std::abs(bp) % 100);
}

}  // namespace

View<cv1::Customer> CustomerView() {
  using T = cv1::Customer;
  return {
      {"NAME", [](const T& c) { return c.name(); }},
      {"KIND", [](const T& c) { return EnumText(c.kind()); }},
      {"DISPLAY NAME", [](const T& c) { return c.display_name(); }},
      {"EMAIL", [](const T& c) { return c.email(); }},
      {"PHONE", [](const T& c) { return c.phone(); }},
      {"TIER", [](const T& c) { return c.tier(); }},
      {"STATE", [](const T& c) { return EnumText(c.state()); }},
      {"CHANNEL", [](const T& c) { return EnumText(c.acquisition_channel()); }},
      {"CREATED (UTC)", [](const T& c) { return TimeText(c.create_time()); }},
      {"REFERRED BY", [](const T& c) { return c.referred_by(); }},
  };
}

View<cv1::Contact> ContactView() {
  using T = cv1::Contact;
  return {
      {"NAME", [](const T& c) { return c.name(); }},
      {"DISPLAY NAME", [](const T& c) { return c.display_name(); }},
      {"TITLE", [](const T& c) { return c.title(); }},
      {"EMAIL", [](const T& c) { return c.email(); }},
      {"PHONE", [](const T& c) { return c.phone(); }},
  };
}

View<cv1::BatchCreateCustomersResult> BatchResultView() {
  using T = cv1::BatchCreateCustomersResult;
  return {
      {"OUTCOME", [](const T& r) { return EnumText(r.outcome()); }},
      {"NAME", [](const T& r) { return r.customer().name(); }},
      {"DISPLAY NAME", [](const T& r) { return r.customer().display_name(); }},
      {"ERROR", [](const T& r) { return r.error_message(); }},
  };
}

View<cv1::PersonalDataErasure> ErasureView() {
  using T = cv1::PersonalDataErasure;
  return {
      {"CUSTOMER", [](const T& e) { return e.customer(); }},
      {"REQUESTED BY", [](const T& e) { return e.requested_by(); }},
      {"LEGAL BASIS", [](const T& e) { return e.legal_basis(); }},
      {"ERASED (UTC)", [](const T& e) { return TimeText(e.erase_time()); }},
  };
}

View<cv1::Lead> LeadView(CliContext& ctx) {
  using T = cv1::Lead;
  return {
      {"NAME", [](const T& l) { return l.name(); }},
      {"DISPLAY NAME", [](const T& l) { return l.display_name(); }},
      {"COMPANY", [](const T& l) { return l.company_name(); }},
      {"STAGE", [](const T& l) { return EnumText(l.stage()); }},
      Right<T>("PROB %", [](const T& l) { return Num(l.probability_percent()); }),
      Right<T>("EXPECTED",
               [&ctx](const T& l) {
                 return l.has_expected_amount() ? ctx.MoneyText(l.expected_amount()) : "";
               }),
      {"OWNER", [](const T& l) { return l.owner_rep(); }},
      {"CUSTOMER", [](const T& l) { return l.customer(); }},
      {"CREATED (UTC)", [](const T& l) { return TimeText(l.create_time()); }},
  };
}

View<cv1::StageChange> StageChangeView() {
  using T = cv1::StageChange;
  return {
      {"FROM", [](const T& s) { return EnumText(s.from_stage()); }},
      {"TO", [](const T& s) { return EnumText(s.to_stage()); }},
      {"TIME (UTC)", [](const T& s) { return TimeText(s.change_time()); }},
      {"LOST REASON", [](const T& s) { return s.lost_reason(); }},
  };
}

View<cv1::Interaction> InteractionView() {
  using T = cv1::Interaction;
  return {
      {"NAME", [](const T& i) { return i.name(); }},
      {"SUBJECT", [](const T& i) { return i.subject(); }},
      {"KIND", [](const T& i) { return EnumText(i.kind()); }},
      {"REP", [](const T& i) { return i.rep(); }},
      {"WHEN (UTC)", [](const T& i) { return TimeText(i.occur_time()); }},
      {"NOTES", [](const T& i) { return i.notes(); }},
      {"CATEGORY", [](const T& i) { return EnumText(i.category()); }},
      {"COMPLAINT", [](const T& i) { return EnumText(i.complaint_state()); }},
      {"RESOLVED (UTC)", [](const T& i) { return TimeText(i.resolve_time()); }},
  };
}

View<cv1::SurveyResponse> SurveyView() {
  using T = cv1::SurveyResponse;
  return {
      {"NAME", [](const T& s) { return s.name(); }},
      {"CUSTOMER", [](const T& s) { return s.customer(); }},
      {"KIND", [](const T& s) { return EnumText(s.kind()); }},
      Right<T>("SCORE", [](const T& s) { return Num(s.score()); }),
      {"ORDER", [](const T& s) { return s.order(); }},
      {"COMMENT", [](const T& s) { return s.comment(); }},
      {"CREATED (UTC)", [](const T& s) { return TimeText(s.create_time()); }},
      {"CATEGORY", [](const T& s) { return EnumText(s.category()); }},
  };
}

View<cv1::SatisfactionSummary> SatisfactionView() {
  using T = cv1::SatisfactionSummary;
  return {
      Right<T>("CSAT ANSWERS", [](const T& s) { return Num(s.csat_responses()); }),
      Right<T>("CSAT SATISFIED", [](const T& s) { return Bp(s.csat_satisfied_bp()); }),
      Right<T>("NPS ANSWERS", [](const T& s) { return Num(s.nps_responses()); }),
      Right<T>("PROMOTERS", [](const T& s) { return Num(s.nps_promoters()); }),
      Right<T>("PASSIVES", [](const T& s) { return Num(s.nps_passives()); }),
      Right<T>("DETRACTORS", [](const T& s) { return Num(s.nps_detractors()); }),
      Right<T>("NPS", [](const T& s) { return absl::StrFormat("%.2f", s.nps_bp() / 100.0); }),
  };
}

View<cv1::LoyaltyAccount> LoyaltyView(CliContext& ctx) {
  using T = cv1::LoyaltyAccount;
  return {
      {"NAME", [](const T& a) { return a.name(); }},
      {"TIER", [](const T& a) { return a.tier(); }},
      Right<T>("BALANCE", [](const T& a) { return Num(a.points_balance()); }),
      Right<T>("EARNED", [](const T& a) { return Num(a.lifetime_points_earned()); }),
      Right<T>("LIFETIME SPEND", [&ctx](const T& a) { return ctx.MoneyText(a.lifetime_spend()); }),
      {"UPDATED (UTC)", [](const T& a) { return TimeText(a.update_time()); }},
  };
}

View<cv1::PointEntry> PointEntryView() {
  using T = cv1::PointEntry;
  return {
      {"NAME", [](const T& e) { return e.name(); }},
      {"KIND", [](const T& e) { return EnumText(e.kind()); }},
      Right<T>("POINTS", [](const T& e) { return Num(e.points_delta()); }),
      Right<T>("BALANCE", [](const T& e) { return Num(e.balance_after()); }),
      {"REASON", [](const T& e) { return e.reason(); }},
      {"ORDER", [](const T& e) { return e.order(); }},
      {"CREATED (UTC)", [](const T& e) { return TimeText(e.create_time()); }},
  };
}

View<cv1::Tier> TierView(CliContext& ctx) {
  using T = cv1::Tier;
  return {
      {"NAME", [](const T& t) { return t.name(); }},
      Right<T>("SPEND THRESHOLD",
               [&ctx](const T& t) { return ctx.MoneyText(t.spend_threshold()); }),
  };
}

View<ov1::Product> ProductView(CliContext& ctx) {
  using T = ov1::Product;
  return {
      {"NAME", [](const T& p) { return p.name(); }},
      {"SKU", [](const T& p) { return p.sku(); }},
      {"DISPLAY NAME", [](const T& p) { return p.display_name(); }},
      {"CATEGORY", [](const T& p) { return p.category(); }},
      {"UNIT", [](const T& p) { return p.unit(); }},
      Right<T>("PRICE", [&ctx](const T& p) { return ctx.MoneyText(p.list_price()); }),
      Right<T>("COST", [&ctx](const T& p) { return ctx.MoneyText(p.unit_cost()); }),
      {"ACTIVE", [](const T& p) { return std::string(p.active() ? "yes" : "no"); }},
      Right<T>("REORDER AT", [](const T& p) { return Num(p.reorder_point()); }),
  };
}

View<ov1::PriceChange> PriceChangeView(CliContext& ctx) {
  using T = ov1::PriceChange;
  return {
      {"EFFECTIVE (UTC)", [](const T& p) { return TimeText(p.effective_time()); }},
      Right<T>("PRICE", [&ctx](const T& p) { return ctx.MoneyText(p.list_price()); }),
      Right<T>("COST", [&ctx](const T& p) { return ctx.MoneyText(p.unit_cost()); }),
  };
}

View<ov1::StockLevel> StockLevelView() {
  using T = ov1::StockLevel;
  return {
      {"PRODUCT", [](const T& s) { return s.product(); }},
      {"WAREHOUSE", [](const T& s) { return s.warehouse(); }},
      Right<T>("ON HAND", [](const T& s) { return Num(s.on_hand()); }),
      Right<T>("RESERVED", [](const T& s) { return Num(s.reserved()); }),
      Right<T>("AVAILABLE", [](const T& s) { return Num(s.available()); }),
      {"UPDATED (UTC)", [](const T& s) { return TimeText(s.update_time()); }},
  };
}

View<ov1::StockMovement> StockMovementView() {
  using T = ov1::StockMovement;
  return {
      {"WHEN (UTC)", [](const T& m) { return TimeText(m.create_time()); }},
      {"WAREHOUSE", [](const T& m) { return m.warehouse(); }},
      {"KIND", [](const T& m) { return EnumText(m.kind()); }},
      Right<T>("ON HAND", [](const T& m) { return Num(m.on_hand_delta()); }),
      Right<T>("RESERVED", [](const T& m) { return Num(m.reserved_delta()); }),
      {"ACTOR", [](const T& m) { return m.actor(); }},
      {"REASON", [](const T& m) { return m.reason(); }},
      {"FOR",
       [](const T& m) {
         if (!m.order().empty()) return m.order();
         if (!m.order_return().empty()) return m.order_return();
         return m.counterpart_warehouse().empty()
                    ? std::string()
                    : absl::StrCat("transfer ", m.transfer_id(), " ", m.counterpart_warehouse());
       }},
  };
}

View<ov1::Promotion> PromotionView(CliContext& ctx) {
  using T = ov1::Promotion;
  return {
      {"NAME", [](const T& p) { return p.name(); }},
      {"CODE", [](const T& p) { return p.code(); }},
      {"DISPLAY NAME", [](const T& p) { return p.display_name(); }},
      {"KIND", [](const T& p) { return EnumText(p.kind()); }},
      {"OFFER",
       [&ctx](const T& p) {
         switch (p.kind()) {
           case ov1::PROMOTION_KIND_PERCENT_OFF:
             return Bp(p.percent_off_bp()) + " off";
           case ov1::PROMOTION_KIND_AMOUNT_OFF:
             return ctx.MoneyText(p.amount_off()) + " off";
           case ov1::PROMOTION_KIND_BUY_X_GET_Y:
             return absl::StrCat("buy ", p.buy_quantity(), " get ", p.free_quantity());
           case ov1::PROMOTION_KIND_ORDER_THRESHOLD:
             return absl::StrCat(ctx.MoneyText(p.amount_off()), " off from ",
                                 ctx.MoneyText(p.threshold()));
           default:
             return std::string();
         }
       }},
      {"FROM (UTC)", [](const T& p) { return TimeText(p.start_time()); }},
      {"TO (UTC)", [](const T& p) { return TimeText(p.end_time()); }},
      Right<T>("USED", [](const T& p) { return Num(p.used_count()); }),
  };
}

View<ov1::Order> OrderView(CliContext& ctx) {
  using T = ov1::Order;
  return {
      {"NAME", [](const T& o) { return o.name(); }},
      {"CUSTOMER", [](const T& o) { return o.customer(); }},
      {"STATUS", [](const T& o) { return EnumText(o.status()); }},
      {"CHANNEL", [](const T& o) { return EnumText(o.channel()); }},
      {"REGION", [](const T& o) { return o.region(); }},
      Right<T>("LINES", [](const T& o) { return Num(o.lines_size()); }),
      Right<T>("TOTAL", [&ctx](const T& o) { return ctx.MoneyText(o.total()); }),
      {"CREATED (UTC)", [](const T& o) { return TimeText(o.create_time()); }},
  };
}

View<ov1::OrderLine> OrderLineView(CliContext& ctx) {
  using T = ov1::OrderLine;
  return {
      Right<T>("LINE", [](const T& l) { return Num(l.line_id()); }),
      {"PRODUCT", [](const T& l) { return l.product(); }},
      {"SKU", [](const T& l) { return l.sku(); }},
      Right<T>("QTY", [](const T& l) { return Num(l.quantity()); }),
      Right<T>("UNIT PRICE", [&ctx](const T& l) { return ctx.MoneyText(l.unit_price()); }),
      Right<T>("DISCOUNT", [&ctx](const T& l) { return ctx.MoneyText(l.discount_total()); }),
      Right<T>("TAX", [&ctx](const T& l) { return ctx.MoneyText(l.tax()); }),
      Right<T>("TOTAL", [&ctx](const T& l) { return ctx.MoneyText(l.total()); }),
      Right<T>("SHIPPED", [](const T& l) { return Num(l.shipped_quantity()); }),
      Right<T>("RETURNED", [](const T& l) { return Num(l.returned_quantity()); }),
  };
}

View<ov1::StatusChange> StatusChangeView() {
  using T = ov1::StatusChange;
  return {
      {"FROM", [](const T& s) { return EnumText(s.from_status()); }},
      {"TO", [](const T& s) { return EnumText(s.to_status()); }},
      {"TIME (UTC)", [](const T& s) { return TimeText(s.change_time()); }},
      {"ACTOR", [](const T& s) { return s.actor(); }},
      {"REASON", [](const T& s) { return s.reason(); }},
  };
}

View<ov1::Shipment> ShipmentView() {
  using T = ov1::Shipment;
  return {
      {"NAME", [](const T& s) { return s.name(); }},
      {"CARRIER", [](const T& s) { return s.carrier(); }},
      {"TRACKING", [](const T& s) { return s.tracking_number(); }},
      {"LINES",
       [](const T& s) {
         std::vector<std::string> parts;
         for (const auto& l : s.lines())
           parts.push_back(absl::StrCat(l.line_id(), "x", l.quantity()));
         return absl::StrJoin(parts, " ");
       }},
      {"SHIPPED (UTC)", [](const T& s) { return TimeText(s.ship_time()); }},
      {"DELIVERED (UTC)", [](const T& s) { return TimeText(s.delivery_time()); }},
      Right<T>("SHIP DAYS LATE", [](const T& s) { return Num(s.ship_days_late()); }),
      Right<T>("DAYS LATE", [](const T& s) { return Num(s.delivery_days_late()); }),
  };
}

View<ov1::Return> ReturnView(CliContext& ctx) {
  using T = ov1::Return;
  return {
      {"NAME", [](const T& r) { return r.name(); }},
      {"ORDER", [](const T& r) { return r.order(); }},
      {"STATUS", [](const T& r) { return EnumText(r.status()); }},
      {"EXCHANGE", [](const T& r) { return std::string(r.exchange() ? "yes" : "no"); }},
      {"LINES",
       [](const T& r) {
         std::vector<std::string> parts;
         for (const auto& l : r.lines())
           parts.push_back(absl::StrCat(l.line_id(), "x", l.quantity()));
         return absl::StrJoin(parts, " ");
       }},
      Right<T>("REFUND", [&ctx](const T& r) { return ctx.MoneyText(r.refund_total()); }),
      {"DISPOSITION", [](const T& r) { return EnumText(r.disposition()); }},
      {"REASON", [](const T& r) { return r.reason(); }},
      {"CREATED (UTC)", [](const T& r) { return TimeText(r.create_time()); }},
  };
}

View<ev1::Event> EventView() {
  using T = ev1::Event;
  return {
      Right<T>("POSITION", [](const T& e) { return Num(e.position()); }),
      {"TIME (UTC)", [](const T& e) { return TimeText(e.occur_time()); }},
      {"TYPE", [](const T& e) { return e.type(); }},
      {"AGGREGATE", [](const T& e) { return e.aggregate(); }},
  };
}

View<ov1::DeliveryPromise> DeliveryView() {
  using T = ov1::DeliveryPromise;
  return {
      {"OPTION", [](const T& d) { return EnumText(d.option()); }},
      {"PROMISED", [](const T& d) { return d.promised_date(); }},
      {"TIME ZONE", [](const T& d) { return d.time_zone(); }},
      {"PUNCTUALITY", [](const T& d) { return EnumText(d.punctuality()); }},
      Right<T>("DAYS LATE", [](const T& d) { return Num(d.days_late()); }),
  };
}

View<cv1::ReferralStats> ReferralStatsView(CliContext& ctx) {
  using T = cv1::ReferralStats;
  return {
      {"REFERRER", [](const T& r) { return r.referrer(); }},
      Right<T>("REFERRALS", [](const T& r) { return Num(r.referral_count()); }),
      Right<T>("BUYING", [](const T& r) { return Num(r.buying_referral_count()); }),
      Right<T>("REFERRED REVENUE",
               [&ctx](const T& r) {
                 std::vector<std::string> parts;
                 for (const common::v1::Money& m : r.referred_revenue()) {
                   parts.push_back(ctx.MoneyText(m));
                 }
                 return parts.empty() ? std::string("0") : absl::StrJoin(parts, " + ");
               }),
      Right<T>("POINTS EARNED", [](const T& r) { return Num(r.points_earned()); }),
  };
}

}  // namespace sales::salesctl
