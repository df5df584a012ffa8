#include "services/analytics/src/api/customer_value_handlers.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/transaction.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/rfm_scoring.h"
#include "services/analytics/src/domain/customer_value.h"
#include "services/analytics/src/domain/rfm.h"
#include "services/analytics/src/store/purchase_store.h"

namespace sales::analytics::api {
namespace {

using absl::CivilDay;
using domain::RfmScore;

constexpr int kMaxWindowDays = 3660;
constexpr int kDefaultHorizonMonths = 12;
constexpr int kMaxHorizonMonths = 120;
constexpr int kMaxCustomerValues = 1000;

absl::StatusOr<CivilDay> DayOrToday(const std::string& text, const std::string& field,
                                    const absl::TimeZone& zone) {
  if (text.empty()) return absl::ToCivilDay(absl::Now(), zone);
  return ReadDay(text, field);
}

absl::StatusOr<int> WindowDays(int32_t requested) {
  if (requested == 0) return kDefaultRfmWindowDays;
  if (requested < 0 || requested > kMaxWindowDays) {
    return absl::InvalidArgumentError(absl::StrCat("window_days: must be 1 to ", kMaxWindowDays,
                                                   " (0 for ", kDefaultRfmWindowDays, "), got ",
                                                   requested));
  }
  return requested;
}

std::string SegmentName(domain::RfmSegment segment) {
  return std::string(domain::RfmSegmentName(segment));
}

v1::CustomerValue ToProto(const std::string& customer, const domain::PurchaseHistory& h,
                          const domain::CustomerValueFigures& f) {
  v1::CustomerValue v;
  v.set_customer(customer);
  v.set_frequency(h.frequency);
  v.set_recency(h.recency);
  v.set_age(h.age);
  v.set_mean_repeat_amount_minor(h.mean_repeat_amount_minor);
  v.set_probability_alive(f.probability_alive);
  v.set_churn_risk(1.0 - f.probability_alive);
  v.set_expected_purchases(f.expected_purchases);
  v.set_expected_average_amount_minor(f.expected_average_amount_minor);
  v.set_lifetime_value_minor(f.lifetime_value_minor);
  return v;
}

}  // namespace

absl::StatusOr<v1::RfmReport> CustomerValueHandlers::GetRfmSegments(
    const v1::GetRfmSegmentsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const CivilDay as_of, DayOrToday(req.as_of_day(), "as_of_day", ctx_.zone));
  ASSIGN_OR_RETURN(const int days, WindowDays(req.window_days()));
  v1::RfmReport report;
  std::vector<RfmScore> scores;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *report.mutable_freshness() = ReadFreshness(tx);
    scores = ScoreRfmWindow(tx, as_of, days);
    return absl::OkStatus();
  }));
  report.set_window_first_day(DayString(as_of - (days - 1)));
  report.set_as_of_day(DayString(as_of));
  report.set_time_zone(ctx_.zone.name());
  report.set_customers_scored(static_cast<int64_t>(scores.size()));
  report.set_currency_code(ctx_.currency);
  for (const domain::RfmSegmentSummary& s : domain::SummarizeSegments(scores)) {
    v1::RfmSegmentSummary* out = report.add_segments();
    out->set_segment(SegmentName(s.segment));
    out->set_customers(s.customers);
    out->set_revenue_minor(s.revenue_minor);
    out->set_customer_share(s.customer_share);
    out->set_revenue_share(s.revenue_share);
  }
  return report;
}

absl::StatusOr<v1::CustomerRfm> CustomerValueHandlers::GetCustomerRfm(
    const v1::GetCustomerRfmRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ParseCollectionName("customer", "customers", req.customer()).status());
  ASSIGN_OR_RETURN(const CivilDay as_of, DayOrToday(req.as_of_day(), "as_of_day", ctx_.zone));
  ASSIGN_OR_RETURN(const int days, WindowDays(req.window_days()));
  std::vector<RfmScore> scores;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    scores = ScoreRfmWindow(tx, as_of, days);
    return absl::OkStatus();
  }));
  const auto it = std::find_if(scores.begin(), scores.end(),
                               [&](const RfmScore& s) { return s.customer_id == req.customer(); });
  if (it == scores.end()) {
    return absl::NotFoundError(absl::StrCat("customer: ", req.customer(), " bought nothing from ",
                                            DayString(as_of - (days - 1)), " to ", DayString(as_of),
                                            ", so has no RFM score"));
  }
  v1::CustomerRfm out;
  out.set_customer(it->customer_id);
  out.set_window_first_day(DayString(as_of - (days - 1)));
  out.set_as_of_day(DayString(as_of));
  out.set_recency_score(it->r);
  out.set_frequency_score(it->f);
  out.set_monetary_score(it->m);
  out.set_fm_score(it->fm);
  out.set_segment(SegmentName(it->segment));
  out.set_recency_days(it->recency_days);
  out.set_frequency(it->frequency);
  out.set_monetary_minor(it->monetary_minor);
  out.set_currency_code(ctx_.currency);
  return out;
}

absl::StatusOr<v1::RfmMovements> CustomerValueHandlers::GetRfmMovements(
    const v1::GetRfmMovementsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const CivilDay from, ReadDay(req.from_as_of_day(), "from_as_of_day"));
  ASSIGN_OR_RETURN(const CivilDay to, ReadDay(req.to_as_of_day(), "to_as_of_day"));
  if (to <= from) return absl::InvalidArgumentError("to_as_of_day: must be after from_as_of_day");
  ASSIGN_OR_RETURN(const int days, WindowDays(req.window_days()));
  std::vector<RfmScore> before, after;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    before = ScoreRfmWindow(tx, from, days);
    after = ScoreRfmWindow(tx, to, days);
    return absl::OkStatus();
  }));
  const domain::RfmMovements m = domain::SegmentMovements(before, after);
  v1::RfmMovements out;
  out.set_from_as_of_day(DayString(from));
  out.set_to_as_of_day(DayString(to));
  out.set_window_days(days);
  out.set_in_both(m.in_both);
  for (domain::RfmSegment a : domain::kAllRfmSegments) {
    for (domain::RfmSegment b : domain::kAllRfmSegments) {
      const int64_t n = m.moved[static_cast<int>(a)][static_cast<int>(b)];
      if (n == 0) continue;
      v1::RfmMovement* move = out.add_movements();
      move->set_from_segment(SegmentName(a));
      move->set_to_segment(SegmentName(b));
      move->set_customers(n);
    }
    if (const int64_t n = m.entered[static_cast<int>(a)]; n > 0) {
      v1::RfmSegmentCount* c = out.add_entered();
      c->set_segment(SegmentName(a));
      c->set_customers(n);
    }
    if (const int64_t n = m.left[static_cast<int>(a)]; n > 0) {
      v1::RfmSegmentCount* c = out.add_left();
      c->set_segment(SegmentName(a));
      c->set_customers(n);
    }
  }
  std::stable_sort(out.mutable_movements()->begin(), out.mutable_movements()->end(),
                   [](const v1::RfmMovement& x, const v1::RfmMovement& y) {
                     return x.customers() > y.customers();
                   });
  return out;
}

absl::StatusOr<v1::CustomerValueModel> CustomerValueHandlers::FitCustomerValue(
    const v1::FitCustomerValueRequest& req, absl::Time deadline) {
  domain::CustomerValueSpec spec;
  ASSIGN_OR_RETURN(spec.calibration_end, ReadDay(req.calibration_end_day(), "calibration_end_day"));
  spec.unit =
      req.time_unit() == v1::TIME_UNIT_WEEK ? domain::TimeUnit::kWeek : domain::TimeUnit::kDay;
  if (req.time_unit() != v1::TIME_UNIT_UNSPECIFIED && req.time_unit() != v1::TIME_UNIT_DAY &&
      req.time_unit() != v1::TIME_UNIT_WEEK) {
    return absl::InvalidArgumentError("time_unit: must be TIME_UNIT_DAY or TIME_UNIT_WEEK");
  }
  spec.horizon_months = req.horizon_months() == 0 ? kDefaultHorizonMonths : req.horizon_months();
  if (spec.horizon_months < 1 || spec.horizon_months > kMaxHorizonMonths) {
    return absl::InvalidArgumentError(
        absl::StrCat("horizon_months: must be 1 to ", kMaxHorizonMonths));
  }
  if (!(req.monthly_discount_rate() >= 0 && req.monthly_discount_rate() < 1)) {
    return absl::InvalidArgumentError("monthly_discount_rate: must be at least 0 and below 1");
  }
  spec.monthly_discount_rate = req.monthly_discount_rate();
  if (!req.holdout_end_day().empty()) {
    ASSIGN_OR_RETURN(const CivilDay holdout_end, ReadDay(req.holdout_end_day(), "holdout_end_day"));
    if (holdout_end <= spec.calibration_end) {
      return absl::InvalidArgumentError("holdout_end_day: must be after calibration_end_day");
    }
    spec.holdout_end = holdout_end;
  }
  if (req.customers_size() > kMaxCustomerValues || req.top() < 0 ||
      req.top() > kMaxCustomerValues) {
    return absl::InvalidArgumentError(absl::StrCat("customers: at most ", kMaxCustomerValues,
                                                   " (and top 0 to ", kMaxCustomerValues, ")"));
  }
  for (int i = 0; i < req.customers_size(); ++i) {
    RETURN_IF_ERROR(
        ParseCollectionName(absl::StrCat("customers[", i, "]"), "customers", req.customers(i))
            .status());
  }

  v1::CustomerValueModel out;
  std::vector<store::OrderPurchase> loaded;
  const CivilDay last = spec.holdout_end.value_or(spec.calibration_end);
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    // Everything up to the end: a customer's first purchase may be long before calibration.
    loaded = store::LoadPurchases(tx, CivilDay(1970, 1, 1), last + 1);
    return absl::OkStatus();
  }));
  // The models number customers; names map to dense ids and back.
  std::vector<std::string> names;
  absl::flat_hash_map<std::string, int64_t> ids;
  std::vector<domain::Purchase> purchases;
  purchases.reserve(loaded.size());
  for (store::OrderPurchase& p : loaded) {
    auto [it, inserted] = ids.emplace(std::move(p.customer), static_cast<int64_t>(names.size()));
    if (inserted) names.push_back(it->first);
    purchases.push_back({it->second, p.day, p.net_minor});
  }
  ASSIGN_OR_RETURN(const domain::CustomerValueModelFit fit,
                   domain::FitCustomerValueModels(purchases, spec));

  out.set_calibration_end_day(DayString(spec.calibration_end));
  out.set_time_unit(spec.unit == domain::TimeUnit::kWeek ? v1::TIME_UNIT_WEEK : v1::TIME_UNIT_DAY);
  out.set_horizon_months(spec.horizon_months);
  out.set_monthly_discount_rate(spec.monthly_discount_rate);
  out.set_time_zone(ctx_.zone.name());
  out.set_currency_code(ctx_.currency);
  out.set_customers(static_cast<int64_t>(fit.histories.size()));
  v1::BgNbdParameters* bg = out.mutable_purchases();
  bg->set_r(fit.purchases.params.r);
  bg->set_alpha(fit.purchases.params.alpha);
  bg->set_a(fit.purchases.params.a);
  bg->set_b(fit.purchases.params.b);
  bg->set_log_likelihood(fit.purchases.log_likelihood);
  bg->set_converged(fit.purchases.converged);
  bg->set_customers(static_cast<int64_t>(fit.histories.size()));
  if (fit.spend.has_value()) {
    v1::GammaGammaParameters* gg = out.mutable_spend();
    gg->set_p(fit.spend->params.p);
    gg->set_q(fit.spend->params.q);
    gg->set_gamma(fit.spend->params.gamma);
    gg->set_log_likelihood(fit.spend->log_likelihood);
    gg->set_converged(fit.spend->converged);
    gg->set_customers(fit.spend->customers);
  }
  out.set_frequency_spend_correlation(fit.frequency_spend_correlation);
  if (fit.holdout.has_value()) {
    v1::HoldoutCheck* h = out.mutable_holdout();
    h->set_first_day(DayString(spec.calibration_end + 1));
    h->set_last_day(DayString(*spec.holdout_end));
    h->set_predicted_purchases(fit.holdout->predicted_purchases);
    h->set_actual_purchases(fit.holdout->actual_purchases);
    h->set_mean_absolute_error(fit.holdout->mean_absolute_error);
  }
  // Histories are ordered by customer id, which is the index into names.
  for (const std::string& customer : req.customers()) {
    const auto id = ids.find(customer);
    if (id == ids.end()) continue;
    const auto found = std::lower_bound(
        fit.histories.begin(), fit.histories.end(), id->second,
        [](const domain::PurchaseHistory& h, int64_t wanted) { return h.customer_id < wanted; });
    if (found == fit.histories.end() || found->customer_id != id->second) continue;
    const domain::PurchaseHistory& h = *found;
    ASSIGN_OR_RETURN(const domain::CustomerValueFigures f, domain::ValueOf(fit, h, spec));
    *out.add_customers_requested() = ToProto(customer, h, f);
  }
  if (req.top() > 0) {
    ASSIGN_OR_RETURN(const std::vector<domain::CustomerValueFigures> figures,
                     domain::ValuesOfAll(fit, spec));
    std::vector<size_t> order(fit.histories.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const size_t n = std::min(order.size(), static_cast<size_t>(req.top()));
    const auto name_of = [&](size_t i) -> const std::string& {
      return names[static_cast<size_t>(fit.histories[i].customer_id)];
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                      [&](size_t x, size_t y) {
                        const int64_t vx = figures[x].lifetime_value_minor;
                        const int64_t vy = figures[y].lifetime_value_minor;
                        return vx != vy ? vx > vy : name_of(x) < name_of(y);
                      });
    for (size_t k = 0; k < n; ++k) {
      *out.add_top() = ToProto(name_of(order[k]), fit.histories[order[k]], figures[order[k]]);
    }
  }
  return out;
}

}  // namespace sales::analytics::api
