#include "services/analytics/src/api/replenishment_handlers.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/replenishment.h"
#include "services/analytics/src/domain/replenishment_settings.h"
#include "services/analytics/src/store/order_warehouse_store.h"
#include "services/analytics/src/store/replenishment_input_store.h"

namespace sales::analytics::api {
namespace {

constexpr int kDefaultHistory = 182;
constexpr int kMinHistory = 28;
constexpr int kMaxHistory = 730;
constexpr int kHorizon = 120;
constexpr size_t kMaxWarehouseLength = 64;

constexpr char kMethod[] =
    "Daily demand per product and warehouse: units sold (counted orders, by the day they were "
    "taken) minus units returned to that warehouse's stock (restocked returns, by the day they "
    "were resolved), from the first sale in the history window. Intermittent demand (average "
    "inter-demand interval = days / days with demand above 0, over 1.32: Syntetos, Boylan and "
    "Croston 2005, with no negative day) is forecast by Croston's method (alpha 0.1, as the "
    "forecast package's croston()), sigma = the root mean square of its one-step-ahead errors; "
    "other demand by the Holt-Winters form chosen by AICc (season 7 days) among the "
    "non-seasonal and additive-season forms (as the forecast package's ets() with restrict = "
    "TRUE, no multiplicative season with additive errors), sigma = the square root of its "
    "one-step-ahead error variance. The forecasts are fitted at the orders feed position "
    "forecast_orders_position and reused until it moves; a pair whose daily series did not "
    "change keeps its fit. "
    "Each line's lead time L, its standard deviation sigma_LT, service level and "
    "cover days: the request's, else those recorded for the product in the warehouse, else "
    "for the product in every warehouse, else the defaults (14 days, none, 0.95, 28 days). "
    "Lead time demand D_L = the sum of the forecasts of the lead time's days from the first "
    "day; safety stock = ceil(z sigma_L), z the standard normal quantile of the service level, "
    "sigma_L = sigma sqrt(L) for a fixed lead time (Chopra and Meindl, Supply Chain "
    "Management, 12.3: independent daily errors) and sqrt(L sigma^2 + d^2 sigma_LT^2), d = D_L "
    "/ L, with a variable one (Silver, Pyke and Peterson, Inventory Management and Production "
    "Planning and Scheduling, 3rd ed., ch. 7); reorder point = ceil(D_L) + safety stock. "
    "Position = available (on hand - reserved) + the open expected receipts due before first "
    "day + L (later ones are not netted). Reorder date: the first day whose expected position "
    "(opening stock + receipts due before an order placed that day would arrive) is at most "
    "the demand of the lead time from it plus the safety stock; quantity: the demand of the "
    "lead time and the cover days from it plus the safety stock minus that position, rounded "
    "up. Stock-out date: the first day the expected demand so far exceeds the available stock "
    "plus the receipts due by then; it runs out before arrival when that is before first day "
    "+ L.";

struct Pair {
  int64_t on_hand = 0;
  int64_t reserved = 0;
  const PairDemand* demand = nullptr;                        // null: no sale or return
  std::vector<std::pair<absl::CivilDay, int64_t>> receipts;  // open, by day
};

v1::SettingSource ToProto(domain::SettingSource source) {
  switch (source) {
    case domain::SettingSource::kRequest:
      return v1::SETTING_SOURCE_REQUEST;
    case domain::SettingSource::kRecordedWarehouse:
      return v1::SETTING_SOURCE_RECORDED_WAREHOUSE;
    case domain::SettingSource::kRecordedProduct:
      return v1::SETTING_SOURCE_RECORDED_PRODUCT;
    case domain::SettingSource::kDefault:
      return v1::SETTING_SOURCE_DEFAULT;
  }
  return v1::SETTING_SOURCE_UNSPECIFIED;
}

v1::LinePolicy ToProto(const domain::ResolvedPolicy& p) {
  v1::LinePolicy out;
  out.set_lead_time_days(p.policy.lead_time_days);
  out.set_lead_time_source(ToProto(p.lead_time));
  out.set_lead_time_sd_days(p.policy.lead_time_sd_days);
  out.set_lead_time_sd_source(ToProto(p.lead_time_sd));
  out.set_service_level(p.policy.service_level);
  out.set_service_level_source(ToProto(p.service_level));
  out.set_z(domain::NormalQuantile(p.policy.service_level));
  out.set_cover_days(p.policy.cover_days);
  out.set_cover_days_source(ToProto(p.cover_days));
  return out;
}

}  // namespace

absl::StatusOr<v1::ReplenishmentReport> ReplenishmentHandlers::GetReplenishment(
    const v1::GetReplenishmentRequest& req, absl::Time deadline) {
  if (!req.product().empty()) {
    RETURN_IF_ERROR(ParseCollectionName("product", "products", req.product()).status());
  }
  if (req.warehouse().size() > kMaxWarehouseLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("warehouse: at most ", kMaxWarehouseLength, " characters"));
  }
  // The request's parameters (0 or unset: not given).
  domain::ReplenishmentSettingValues requested;
  if (req.lead_time_days() != 0) requested.lead_time_days = req.lead_time_days();
  if (req.has_lead_time_sd_days()) requested.lead_time_sd_days = req.lead_time_sd_days();
  if (req.service_level() != 0) requested.service_level = req.service_level();
  if (req.has_cover_days()) requested.cover_days = req.cover_days();
  RETURN_IF_ERROR(domain::CheckSettingValues(requested, "", false));
  const domain::ResolvedPolicy request_policy =
      domain::ResolveSettings(requested, nullptr, nullptr);
  const int history_days = req.history_days() == 0 ? kDefaultHistory : req.history_days();
  if (history_days < kMinHistory || history_days > kMaxHistory) {
    return absl::InvalidArgumentError(absl::StrCat("history_days: must be between ", kMinHistory,
                                                   " and ", kMaxHistory, ", got ",
                                                   req.history_days()));
  }
  absl::CivilDay last_day = absl::ToCivilDay(ctx_.Now(), ctx_.zone) - 1;
  if (!req.last_day().empty()) {
    ASSIGN_OR_RETURN(last_day, ReadDay(req.last_day(), "last_day"));
  }
  const absl::CivilDay first_day = last_day - (history_days - 1);
  const absl::CivilDay today = last_day + 1;

  // The kept forecasts first, so that the stock read below is at least as new.
  ASSIGN_OR_RETURN(
      const std::shared_ptr<const WindowForecasts> forecasts,
      forecasts_.Get(ForecastWindow{first_day, today, req.product(), req.warehouse()}, deadline));
  std::vector<store::StockLevel> stock;
  std::vector<store::SettingsRow> settings;
  std::vector<store::DueReceipts> receipts;
  v1::ReplenishmentReport out;
  // Receipts due within the longest lead time a line can have are read.
  const absl::CivilDay receipts_end =
      today + domain::kMaxLeadTimeDays + domain::kMaxCoverDays + kHorizon;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    stock = store::LoadStockLevels(tx, req.product(), req.warehouse());
    settings = store::LoadSettings(tx, req.product(), req.warehouse());
    receipts = store::LoadOpenReceipts(tx, receipts_end, req.product(), req.warehouse());
    return absl::OkStatus();
  }));
  out.set_forecast_orders_position(forecasts->orders_position);
  *out.mutable_forecast_fit_time() = ToProtoTime(forecasts->fit_time);
  std::map<PairKey, Pair> pairs;
  for (const store::StockLevel& s : stock) {
    Pair& p = pairs[{s.product, s.warehouse}];
    p.on_hand = s.on_hand;
    p.reserved = s.reserved;
  }
  for (const auto& [key, demand] : forecasts->pairs) pairs[key].demand = &demand;
  // Receipts only count for a product and warehouse planned for its stock or sales.
  for (const store::DueReceipts& r : receipts) {
    auto found = pairs.find({r.product, r.warehouse});
    if (found != pairs.end()) found->second.receipts.emplace_back(r.day, r.units);
  }
  std::map<std::pair<std::string, std::string>, domain::ReplenishmentSettingValues> recorded;
  for (const store::SettingsRow& row : settings)
    recorded[{row.product, row.warehouse}] = row.values;
  auto recorded_for =
      [&](const std::string& product,
          const std::string& warehouse) -> const domain::ReplenishmentSettingValues* {
    auto found = recorded.find({product, warehouse});
    return found == recorded.end() ? nullptr : &found->second;
  };
  if (pairs.size() > kMaxReplenishmentPairs) {
    return absl::FailedPreconditionError(absl::StrCat(
        "product: ", pairs.size(), " products and warehouses to plan, at most ",
        kMaxReplenishmentPairs, " in one answer; ask for one product or one ", "warehouse"));
  }

  ASSIGN_OR_RETURN(const domain::Period history,
                   domain::CustomPeriod(first_day, today, ctx_.zone, "history_days"));
  *out.mutable_history() = ToProto(history, ctx_.zone);
  out.set_first_day(DayString(today));
  out.set_lead_time_days(request_policy.policy.lead_time_days);
  out.set_service_level(request_policy.policy.service_level);
  out.set_cover_days(request_policy.policy.cover_days);
  out.set_method(kMethod);
  out.set_z(domain::NormalQuantile(request_policy.policy.service_level));

  std::vector<v1::ReplenishmentLine> lines;
  for (const auto& [key, pair] : pairs) {
    const auto& [product, warehouse] = key;
    auto skip = [&](std::string reason) {
      v1::ReplenishmentSkip* s = out.add_skipped();
      s->set_product(product);
      s->set_warehouse(warehouse);
      s->set_reason(std::move(reason));
    };
    if (warehouse.empty()) {
      skip("sales on orders that named no warehouse");
      continue;
    }
    if (pair.demand == nullptr || !pair.demand->sold) {
      skip("no sales from this warehouse in the history window");
      continue;
    }
    const PairDemand& demand = *pair.demand;
    const size_t history = demand.series.size();
    if (static_cast<int>(history) < kMinDaysSinceFirstSale) {
      skip(absl::StrCat("history: ", history, " days since the first sale in the window, ",
                        "at least ", kMinDaysSinceFirstSale, " needed for a weekly-seasonal daily ",
                        "forecast"));
      continue;
    }
    if (demand.model == nullptr) {
      if (demand.fit_status.code() != absl::StatusCode::kInvalidArgument) {
        return demand.fit_status;
      }
      skip(absl::StrCat("forecast: ", demand.fit_status.message()));
      continue;
    }
    const int64_t available = std::max<int64_t>(0, pair.on_hand - pair.reserved);
    domain::ResolvedPolicy resolved = domain::ResolveSettings(
        requested, recorded_for(product, warehouse), recorded_for(product, ""));
    domain::ReplenishmentPolicy& policy = resolved.policy;
    policy.horizon_days = std::max(kHorizon, policy.lead_time_days + policy.cover_days);
    std::vector<domain::ScheduledReceipt> due;
    for (const auto& [day, n] : pair.receipts) {
      due.push_back({static_cast<int>(day - today), n});
    }
    absl::StatusOr<domain::ReplenishmentPlan> plan =
        domain::PlanWithModel(*demand.model, available, policy, due);
    if (!plan.ok()) {
      if (plan.status().code() != absl::StatusCode::kInvalidArgument) return plan.status();
      skip(absl::StrCat("forecast: ", plan.status().message()));
      continue;
    }
    v1::ReplenishmentLine line;
    line.set_product(product);
    line.set_warehouse(warehouse);
    line.set_on_hand(pair.on_hand);
    line.set_reserved(pair.reserved);
    line.set_available(available);
    line.set_history_days(static_cast<int32_t>(history));
    line.set_history_units(demand.units);
    line.set_forecast_model(plan->model);
    line.set_lead_time_demand(plan->lead_time_demand);
    line.set_sigma_daily(plan->sigma_daily);
    line.set_sigma_lead_time(plan->sigma_lead_time);
    line.set_safety_stock(plan->safety_stock);
    line.set_reorder_point(plan->reorder_point);
    if (plan->reorder_in_days.has_value()) {
      line.set_reorder_date(DayString(today + *plan->reorder_in_days));
      line.set_reorder_quantity(plan->reorder_quantity);
    }
    if (plan->stockout_in_days.has_value()) {
      line.set_stockout_date(DayString(today + *plan->stockout_in_days));
    }
    line.set_runs_out_before_arrival(plan->runs_out_before_arrival);
    *line.mutable_policy() = ToProto(resolved);
    line.set_returned_units(demand.returned);
    line.set_average_demand_interval(demand.model->pattern.adi);
    line.set_on_order_within_lead_time(plan->on_order_within_lead_time);
    line.set_inventory_position(plan->inventory_position);
    lines.push_back(std::move(line));
  }
  // Reorder dates first, earliest first ("YYYY-MM-DD" sorts as dates); then no date.
  std::stable_sort(lines.begin(), lines.end(),
                   [](const v1::ReplenishmentLine& a, const v1::ReplenishmentLine& b) {
                     if (a.reorder_date().empty() != b.reorder_date().empty()) {
                       return !a.reorder_date().empty();
                     }
                     return a.reorder_date() < b.reorder_date();
                   });
  std::vector<const v1::ReplenishmentLine*> alerts;
  for (const v1::ReplenishmentLine& line : lines) {
    if (line.runs_out_before_arrival()) alerts.push_back(&line);
  }
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const v1::ReplenishmentLine* a, const v1::ReplenishmentLine* b) {
                     return a->stockout_date() < b->stockout_date();
                   });
  for (const v1::ReplenishmentLine* line : alerts) {
    const std::string arrival = DayString(today + line->policy().lead_time_days());
    v1::StockAlert* a = out.add_alerts();
    a->set_product(line->product());
    a->set_warehouse(line->warehouse());
    a->set_available(line->available());
    a->set_lead_time_demand(line->lead_time_demand());
    a->set_stockout_date(line->stockout_date());
    a->set_arrival_date(arrival);
  }
  for (v1::ReplenishmentLine& line : lines) *out.add_lines() = std::move(line);
  return out;
}

}  // namespace sales::analytics::api
