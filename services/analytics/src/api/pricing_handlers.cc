#include "services/analytics/src/api/pricing_handlers.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/price_series.h"
#include "services/analytics/src/api/recommender_cache.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/domain/price_elasticity.h"
#include "services/analytics/src/domain/price_projection.h"
#include "services/analytics/src/domain/rounding.h"
#include "services/analytics/src/store/price_history_store.h"

namespace sales::analytics::api {
namespace {

using domain::Period;

constexpr int kDefaultWeeks = 104;
constexpr int kMinWeeks = 26;
constexpr int kMaxWeeks = 260;
constexpr int kDefaultHoldoutWeeks = 8;
constexpr int kMinHoldoutWeeks = 4;
constexpr int kMaxHoldoutWeeks = 26;
constexpr int kBaseWeeks = 4;
constexpr size_t kMaxCategoryLength = 100;
constexpr double kLevel = 0.95;

constexpr char kMethod[] =
    "Constant-elasticity demand ln Q = a + e ln P (Wooldridge, Introductory Econometrics, 2.4: "
    "the slope of a log-log model is the elasticity) over the ISO weeks a product sold in: Q "
    "the week's units on counted orders, P the net unit price actually paid (the week's line "
    "amounts after discounts and promotions, before tax, divided by its units). Products of a "
    "category that sell in the same weeks are fitted together with product and category-week "
    "fixed effects, ln Q_it = a_i + d_ct + e_i ln P_it + u_it (one e per product; one e for "
    "the category's pooled estimate): ln Q and ln P demeaned by product and by category-week, "
    "the two-way within estimator (Wooldridge, Econometric Analysis of Cross Section and Panel "
    "Data, 2nd ed., 10.5), so that a demand shock common to the category in a week, a festival "
    "or the season, is absorbed and e is identified by the prices of the category's products "
    "moving apart within a week; weeks in which only one of its products sold are dropped "
    "(singletons). Standard errors by Driscoll and Kraay (1998): cluster-robust by "
    "category-week (Cameron and Miller, A Practitioner's Guide to Cluster-Robust Inference, "
    "2015) and robust to correlation between weeks up to L = floor(4 (weeks / 100)^(2/9)) apart "
    "(Bartlett weights; 4 for two years of weeks), with CR1's small-sample factor "
    "(weeks / (weeks - 1)) (n - 1) / (n - products - weeks + 1 - slopes) counting every fixed "
    "effect; 95% interval e +/- t se with t's degrees of freedom min(weeks - 1, n - products - "
    "weeks + 1 - slopes). A product alone in its category (or never sold in a week with another of "
    "them) is fitted alone by OLS with annual Fourier seasonality (sin and cos of 2 pi k tau, "
    "k = 1, 2, tau the week's Thursday's position in its year) when its weeks span at least "
    "52 weeks, none otherwise, standard error s^2 (X'X)^-1, interval e +/- t(0.975, n - 1 - "
    "k) se. Checked on the last holdout weeks: e estimated on the weeks before them, the "
    "intercepts and Fourier terms fitted around it, by the RMSE of ln units against "
    "elasticity -1 and no change.";

std::string VariationRule(const domain::ElasticityRule& r) {
  return absl::StrFormat(
      "an estimate is reported when there are at least %d weeks with sales, the standard "
      "deviation of ln price (around each product's mean) is at least %.2f, at least %d weeks "
      "are %.0f%% or more from the product's median price, and at least %d residual degrees of "
      "freedom remain",
      r.min_weeks, r.min_log_price_sd, r.min_weeks_off_usual_price, 100 * r.off_usual_log_distance,
      r.min_degrees_of_freedom);
}

// The window's weeks and the fitting options a request asks for.
struct Window {
  std::vector<Period> weeks;
  domain::ElasticityOptions options;
  PricingKey key;  // of the kept fit
};

absl::StatusOr<Window> ReadWindow(const HandlerContext& ctx, const std::string& last_day_text,
                                  int32_t weeks, int32_t holdout_weeks) {
  absl::CivilDay last_day = absl::ToCivilDay(absl::Now(), ctx.zone) - 1;
  if (!last_day_text.empty()) {
    ASSIGN_OR_RETURN(last_day, ReadDay(last_day_text, "last_day"));
  }
  const int count = weeks == 0 ? kDefaultWeeks : weeks;
  if (count < kMinWeeks || count > kMaxWeeks) {
    return absl::InvalidArgumentError(
        absl::StrCat("weeks: must be between ", kMinWeeks, " and ", kMaxWeeks, ", got ", weeks));
  }
  const int holdout =
      holdout_weeks == 0 ? std::min(kDefaultHoldoutWeeks, count / 4) : holdout_weeks;
  if (holdout < kMinHoldoutWeeks || holdout > kMaxHoldoutWeeks || 4 * holdout > count) {
    return absl::InvalidArgumentError(
        absl::StrCat("holdout_weeks: must be between ", kMinHoldoutWeeks, " and ", kMaxHoldoutWeeks,
                     " and at most a quarter of weeks (", count, "), got ", holdout_weeks));
  }
  Window w;
  w.weeks = domain::PeriodsEndingBy(domain::Granularity::kIsoWeek, last_day, count, ctx.zone);
  w.options.window_weeks = count;
  w.options.holdout_weeks = holdout;
  w.options.level = kLevel;
  w.key = {w.weeks.front().first_day, count, holdout};
  return w;
}

v1::PriceElasticity ToProto(const domain::ElasticityEstimate& e) {
  v1::PriceElasticity out;
  out.set_products(e.products);
  out.set_elasticity(e.elasticity);
  out.set_standard_error(e.standard_error);
  out.set_lower(e.lower);
  out.set_upper(e.upper);
  out.set_r_squared(e.r_squared);
  out.set_periods(e.periods);
  out.set_degrees_of_freedom(e.degrees_of_freedom);
  out.set_log_price_sd(e.log_price_sd);
  out.set_weeks_off_usual_price(e.weeks_off_usual_price);
  out.set_seasonality(e.category_week_effects ? "category_week_fixed_effects"
                      : e.seasonal            ? "fourier_annual_k2"
                                              : "none");
  if (e.holdout.has_value()) {
    v1::ElasticityHoldout* h = out.mutable_holdout();
    h->set_weeks(e.holdout->weeks);
    h->set_model_rmse(e.holdout->model_rmse);
    h->set_unit_elastic_rmse(e.holdout->unit_elastic_rmse);
    h->set_no_change_rmse(e.holdout->no_change_rmse);
    h->set_beats_baseline(e.holdout->beats_baseline);
    h->set_verdict(e.holdout->verdict);
  } else {
    out.set_holdout_note(e.holdout_note);
  }
  return out;
}

// Units and net amount of the weeks a fit uses (units > 0 and net > 0).
void SetTotals(const std::vector<domain::PriceSeries>& series, v1::PriceElasticity& out) {
  int64_t units = 0;
  int64_t net = 0;
  for (const domain::PriceSeries& s : series) {
    for (const domain::PriceWeek& w : s.weeks) {
      if (w.units <= 0 || w.net_minor <= 0) continue;
      units += w.units;
      net += w.net_minor;
    }
  }
  out.set_units(units);
  out.set_net_minor(net);
}

absl::Status ReadProduct(const std::string& product, bool required) {
  if (product.empty() && !required) return absl::OkStatus();
  return ParseCollectionName("product", "products", product).status();
}

// The window of `key`, its weeks oldest first.
std::vector<Period> WeeksOf(const PricingKey& key, const absl::TimeZone& zone) {
  return domain::PeriodsEndingBy(domain::Granularity::kIsoWeek, key.first_day + 7 * key.weeks - 1,
                                 key.weeks, zone);
}

domain::ElasticityOptions OptionsOf(const PricingKey& key) {
  domain::ElasticityOptions options;
  options.window_weeks = key.weeks;
  options.holdout_weeks = key.holdout_weeks;
  options.level = kLevel;
  return options;
}

// Every product's weeks of the window read (with the feed positions, in one snapshot) and
// every category fitted.
absl::StatusOr<std::shared_ptr<const FittedPrices>> FitWindow(const HandlerContext& ctx,
                                                              const PricingKey& key,
                                                              absl::Time deadline) {
  auto fitted = std::make_shared<FittedPrices>();
  const std::vector<Period> weeks = WeeksOf(key, ctx.zone);
  // One snapshot: the fit's version (the orders position) is exactly what its rows include.
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx.pool, deadline, [&](db::Transaction& tx) {
    fitted->freshness = ReadFreshness(tx);
    fitted->rows =
        store::LoadProductWeeks(tx, weeks.front().first_day, weeks.back().end_day, "", "");
    return absl::OkStatus();
  }));
  fitted->products = ByProduct(fitted->rows, weeks);
  fitted->categories = EstimateByCategory(fitted->products, OptionsOf(key));
  for (size_t c = 0; c < fitted->categories.size(); ++c) {
    const CategoryEstimates& category = fitted->categories[c];
    for (size_t i = 0; i < category.products.size(); ++i) {
      fitted->index.emplace(category.products[i], std::make_pair(c, i));
    }
  }
  fitted->fit_time = absl::Now();
  return std::shared_ptr<const FittedPrices>(std::move(fitted));
}

// At most this many windows are kept (a window is every product's weeks: about 20,000
// rows for 200 products over 104 weeks).
constexpr size_t kMaxKeptWindows = 4;

}  // namespace

PricingHandlers::PricingHandlers(const HandlerContext& ctx)
    : ctx_(ctx),
      kept_([&ctx](absl::Time deadline) { return ReadOrdersPosition(*ctx.pool, deadline); },
            [&ctx](const PricingKey& key, absl::Time deadline) {
              return FitWindow(ctx, key, deadline);
            },
            absl::ZeroDuration(), kMaxKeptWindows, [] { return absl::Now(); },
            // A window's fit reads all its order lines (tens of seconds at a million orders):
            // once the feed moves, callers get the fit they had, its freshness saying what it
            // covers, while one refit runs in the background.
            KeptRefit::kInBackground) {}

absl::StatusOr<bool> PricingHandlers::WarmDefaultWindow(absl::Time deadline) {
  ASSIGN_OR_RETURN(const bool any, AnyCountedOrder(*ctx_.pool, deadline));
  if (!any) return false;
  ASSIGN_OR_RETURN(const Window window, ReadWindow(ctx_, "", 0, 0));
  return kept_.Warm(window.key);
}

absl::StatusOr<v1::PriceElasticityReport> PricingHandlers::GetPriceElasticity(
    const v1::GetPriceElasticityRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ReadProduct(req.product(), false));
  if (req.category().size() > kMaxCategoryLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("category: at most ", kMaxCategoryLength, " characters"));
  }
  ASSIGN_OR_RETURN(const Window window,
                   ReadWindow(ctx_, req.last_day(), req.weeks(), req.holdout_weeks()));
  ASSIGN_OR_RETURN(const std::shared_ptr<const FittedPrices> fitted,
                   kept_.Get(window.key, deadline));
  v1::PriceElasticityReport out;
  *out.mutable_freshness() = fitted->freshness;
  // The categories asked for: a product's (it is fitted with the other products of its
  // category), the one named, or all.
  std::string only_category = req.category();
  bool none = false;  // the product asked for did not sell (in the category asked for)
  if (!req.product().empty()) {
    const auto found = fitted->products.find(req.product());
    none = found == fitted->products.end() ||
           (!only_category.empty() && found->second.category != only_category);
    if (!none) only_category = found->second.category;
  }
  auto skip = [&](const CategoryEstimates& c) {
    return none || (!only_category.empty() && c.category != only_category);
  };

  *out.mutable_first_week() = ToProto(window.weeks.front(), ctx_.zone);
  *out.mutable_last_week() = ToProto(window.weeks.back(), ctx_.zone);
  out.set_currency_code(ctx_.currency);
  out.set_method(kMethod);
  out.set_variation_rule(VariationRule(window.options.rule));
  out.set_level(kLevel);
  for (const CategoryEstimates& c : fitted->categories) {
    if (skip(c)) continue;
    for (size_t i = 0; i < c.products.size(); ++i) {
      const std::string& product = c.products[i];
      if (!req.product().empty() && product != req.product()) continue;
      std::string reason;
      ASSIGN_OR_RETURN(const std::optional<domain::ElasticityEstimate> e,
                       Reported(c.estimates.products[i], reason));
      if (!e.has_value()) {
        v1::ElasticityRefusal* r = out.add_refused();
        r->set_product(product);
        r->set_category(c.category);
        r->set_reason(reason);
        continue;
      }
      v1::PriceElasticity* p = out.add_products();
      *p = ToProto(*e);
      p->set_product(product);
      p->set_category(c.category);
      SetTotals({c.series[i]}, *p);
    }
  }
  // Products first, by name (categories are in name order, products too within each).
  std::sort(out.mutable_products()->begin(), out.mutable_products()->end(),
            [](const v1::PriceElasticity& a, const v1::PriceElasticity& b) {
              return a.product() < b.product();
            });
  std::sort(out.mutable_refused()->begin(), out.mutable_refused()->end(),
            [](const v1::ElasticityRefusal& a, const v1::ElasticityRefusal& b) {
              return a.product() < b.product();
            });
  if (req.product().empty()) {
    for (const CategoryEstimates& c : fitted->categories) {
      if (skip(c)) continue;
      std::string reason;
      ASSIGN_OR_RETURN(const std::optional<domain::ElasticityEstimate> e,
                       Reported(c.estimates.category, reason));
      if (!e.has_value()) {
        v1::ElasticityRefusal* r = out.add_refused();
        r->set_category(c.category);
        r->set_reason(reason);
        continue;
      }
      v1::PriceElasticity* p = out.add_categories();
      *p = ToProto(*e);
      p->set_category(c.category);
      SetTotals(c.series, *p);
    }
  }
  return out;
}

absl::StatusOr<v1::PriceProjection> PricingHandlers::ProjectPriceChange(
    const v1::ProjectPriceChangeRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ReadProduct(req.product(), true));
  if (req.proposed_price_minor() <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("proposed_price_minor: must be > 0, got ", req.proposed_price_minor()));
  }
  ASSIGN_OR_RETURN(const Window window,
                   ReadWindow(ctx_, req.last_day(), req.weeks(), req.holdout_weeks()));
  ASSIGN_OR_RETURN(const std::shared_ptr<const FittedPrices> fitted,
                   kept_.Get(window.key, deadline));
  v1::PriceProjection out;
  *out.mutable_freshness() = fitted->freshness;
  const auto found = fitted->index.find(req.product());
  if (found == fitted->index.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("product: ", req.product(), " did not sell in the window ",
                     PeriodLabel(window.weeks.front()), "..", PeriodLabel(window.weeks.back())));
  }
  // The product's estimate, fitted with the other products of its category.
  const CategoryEstimates& category = fitted->categories[found->second.first];
  const size_t index = found->second.second;
  const domain::PriceSeries& series = category.series[index];
  std::string reason;
  ASSIGN_OR_RETURN(const std::optional<domain::ElasticityEstimate> e,
                   Reported(category.estimates.products[index], reason));
  if (!e.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("product: its price elasticity is not reported (", reason, ")"));
  }
  const int base_index = static_cast<int>(window.weeks.size()) - kBaseWeeks;
  const Period& base_first = window.weeks[static_cast<size_t>(base_index)];
  const Period& base_last = window.weeks.back();
  int64_t units = 0, net = 0, cost = 0;
  for (const store::ProductWeek& d : fitted->rows) {
    if (d.product != req.product() || d.week < base_index) continue;
    units += d.units;
    net += d.net_minor;
    cost += d.cost_minor;
  }
  if (units <= 0 || net <= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "product: ", req.product(), " did not sell in the base weeks ", PeriodLabel(base_first),
        "..", PeriodLabel(base_last), ", so it has no current price"));
  }
  domain::ProjectionInput in;
  in.base_units = static_cast<double>(units) / kBaseWeeks;
  in.current_price_minor = domain::DivideRounded(net, units);
  in.proposed_price_minor = req.proposed_price_minor();
  in.unit_cost_minor = domain::DivideRounded(cost, units);
  in.elasticity = e->elasticity;
  in.lower = e->lower;
  in.upper = e->upper;
  ASSIGN_OR_RETURN(const domain::PriceProjection p, domain::ProjectPrice(in));

  auto week = [](const domain::ProjectedWeek& w) {
    v1::ProjectedWeek out;
    out.set_units(w.units);
    out.set_revenue_minor(w.revenue_minor);
    out.set_margin_minor(w.margin_minor);
    return out;
  };
  out.set_product(req.product());
  out.set_currency_code(ctx_.currency);
  *out.mutable_elasticity() = ToProto(*e);
  out.mutable_elasticity()->set_product(req.product());
  out.mutable_elasticity()->set_category(category.category);
  SetTotals({series}, *out.mutable_elasticity());
  ASSIGN_OR_RETURN(const Period base, domain::CustomPeriod(base_first.first_day, base_last.end_day,
                                                           ctx_.zone, "base_weeks"));
  *out.mutable_base_weeks() = ToProto(base, ctx_.zone);
  out.set_current_price_minor(in.current_price_minor);
  out.set_proposed_price_minor(in.proposed_price_minor);
  out.set_unit_cost_minor(in.unit_cost_minor);
  *out.mutable_current() = week(p.current);
  *out.mutable_proposed() = week(p.proposed);
  *out.mutable_proposed_low() = week(p.proposed_low);
  *out.mutable_proposed_high() = week(p.proposed_high);
  *out.mutable_unit_elastic() = week(p.unit_elastic);
  *out.mutable_no_change() = week(p.no_change);
  std::string check = "no holdout check (" + e->holdout_note + ")";
  if (e->holdout.has_value()) check = e->holdout->verdict;
  out.set_note(absl::StrCat(
      "units a week = current units x (proposed / current)^elasticity, the current units being "
      "the base weeks' units / ",
      kBaseWeeks,
      "; low and high use the ends of the elasticity's 95% interval (its uncertainty only, not "
      "the weekly noise of demand); revenue = units x price and margin = units x (price - unit "
      "cost), from unrounded units, rounded once half away from zero to minor units; current "
      "price and unit cost are the base weeks' net amount and cost per unit, rounded half "
      "away from zero. Holdout: ",
      check));
  return out;
}

}  // namespace sales::analytics::api
