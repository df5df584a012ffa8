// The table columns of every resource salesctl prints, so that `get`, `list` and the
// answers of changes show a resource the same way.
#pragma once

#include "sales/customers/v1/customers_service.pb.h"
#include "sales/events/v1/event.pb.h"
#include "sales/orders/v1/orders_service.pb.h"
#include "tools/salesctl/cli_context.h"
#include "tools/salesctl/output.h"

namespace sales::salesctl {

View<cv1::Customer> CustomerView();
View<cv1::Contact> ContactView();
View<cv1::BatchCreateCustomersResult> BatchResultView();
View<cv1::PersonalDataErasure> ErasureView();
View<cv1::Lead> LeadView(CliContext& ctx);
View<cv1::StageChange> StageChangeView();
View<cv1::Interaction> InteractionView();
View<cv1::SurveyResponse> SurveyView();
View<cv1::SatisfactionSummary> SatisfactionView();
View<cv1::LoyaltyAccount> LoyaltyView(CliContext& ctx);
View<cv1::PointEntry> PointEntryView();
View<cv1::Tier> TierView(CliContext& ctx);

View<ov1::Product> ProductView(CliContext& ctx);
View<ov1::PriceChange> PriceChangeView(CliContext& ctx);
View<ov1::StockLevel> StockLevelView();
View<ov1::StockMovement> StockMovementView();
View<ov1::Promotion> PromotionView(CliContext& ctx);
View<ov1::Order> OrderView(CliContext& ctx);
View<ov1::OrderLine> OrderLineView(CliContext& ctx);
View<ov1::StatusChange> StatusChangeView();
View<ov1::Shipment> ShipmentView();
View<ov1::Return> ReturnView(CliContext& ctx);

View<ev1::Event> EventView();

// An order's delivery promise (orders get), and a referrer's referral stats.
View<ov1::DeliveryPromise> DeliveryView();
View<cv1::ReferralStats> ReferralStatsView(CliContext& ctx);

// In table mode, prints `title` and then `items` as a table below a blank line (the parts
// of a resource that `get` shows under it: lines, history, shipments). Nothing when empty
// or in --json / --quiet mode.
template <class T>
void PrintSection(CliContext& ctx, const std::string& title, const View<T>& view,
                  const google::protobuf::RepeatedPtrField<T>& items) {
  if (ctx.mode() != OutputMode::kTable || items.empty()) return;
  ctx.out() << "\n" << title << ":\n";
  PrintTable(ctx, view, std::vector<T>(items.begin(), items.end()));
}

}  // namespace sales::salesctl
