#include "services/analytics/src/api/process_kpi_slices.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/fact_slices.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/channel_efficiency.h"
#include "services/analytics/src/store/delivery_store.h"
#include "services/analytics/src/store/feedback_store.h"
#include "services/analytics/src/store/order_promise_store.h"
#include "services/analytics/src/store/rollup_store.h"
#include "services/analytics/src/store/sales_cycle_store.h"

namespace sales::analytics::api {

using domain::Dimension;

absl::StatusOr<domain::SliceKey> ReadProcessSlice(const v1::Slice& slice) {
  ASSIGN_OR_RETURN(const domain::SliceKey key, ReadSlice(slice, "slice"));
  switch (key.dimension) {
    case Dimension::kAll:
    case Dimension::kChannel:
    case Dimension::kRegion:
    case Dimension::kRep:
      return key;
    case Dimension::kProduct:
    case Dimension::kCategory:
    case Dimension::kTier:
    case Dimension::kSegment:
      break;
  }
  return absl::InvalidArgumentError(
      "slice.dimension: process KPIs are kept for the whole company, a channel, a region or a "
      "rep");
}

bool ComplaintsBySlice(const domain::SliceKey& slice) {
  return slice.dimension == Dimension::kAll || slice.dimension == Dimension::kRep;
}

ComplaintDeliveryInputs LoadComplaintDeliveryInputs(db::Transaction& tx, const HandlerContext& ctx,
                                                    const domain::SliceKey& slice,
                                                    const domain::Period& period) {
  ComplaintDeliveryInputs in;
  if (ComplaintsBySlice(slice)) {
    in.feedback = store::LoadFeedback(tx, period.start, period.end,
                                      slice.dimension == Dimension::kRep ? slice.member : "");
    in.orders = ctx.rollup->SumRanges(
        tx, slice, {{period.first_day, period.end_day}})[0][domain::Measure::kOrders];
  }
  const store::FactSlice facts = FactSliceOf(tx, slice, period);
  in.deliveries = store::LoadDeliveryCounts(tx, period.start, period.end, facts);
  in.overdue_as_of = std::min(period.end, ctx.Now());
  in.overdue = store::LoadOverdueCounts(tx, in.overdue_as_of,
                                        absl::ToCivilDay(in.overdue_as_of, ctx.zone), facts);
  return in;
}

std::vector<domain::WonLead> LoadWonLeadsOfSlice(db::Transaction& tx, const domain::SliceKey& slice,
                                                 const domain::Period& period) {
  std::vector<domain::WonLead> out;
  if (slice.dimension != Dimension::kRep && slice.dimension != Dimension::kChannel) return out;
  for (store::WonLeadOfSlice& row : store::LoadWonLeadsOfSlices(tx, period.start, period.end)) {
    const bool in_slice = slice.dimension == Dimension::kRep
                              ? row.owner_rep == slice.member
                              : domain::SalesChannelOfLead(row.channel) == slice.member;
    if (in_slice) out.push_back(std::move(row.lead));
  }
  return out;
}

void SetComplaintDeliveryFigures(const ComplaintDeliveryInputs& in, const domain::SliceKey& slice,
                                 absl::Time as_of, v1::ProcessKpis& out) {
  v1::ComplaintRate* rate = out.mutable_complaint_rate();
  v1::ComplaintResolutionTime* resolution = out.mutable_complaint_resolution();
  *resolution->mutable_as_of() = ToProtoTime(as_of);
  if (!ComplaintsBySlice(slice)) {
    rate->set_unavailable(v1::PROCESS_KPI_GAP_NOT_BY_SLICE);
    resolution->set_unavailable(v1::PROCESS_KPI_GAP_NOT_BY_SLICE);
    resolution->set_p90_unavailable(v1::PROCESS_KPI_GAP_NOT_BY_SLICE);
  } else {
    const domain::ResolutionTimes times = domain::ResolutionTimesOf(in.feedback, as_of);
    const domain::ComplaintRate r = domain::ComplaintRateOf(times.complaints, in.orders);
    rate->set_complaints(r.complaints);
    rate->set_orders(r.orders);
    if (r.per_100_orders.has_value()) {
      rate->set_per_100_orders(*r.per_100_orders);
    } else {
      rate->set_unavailable(v1::PROCESS_KPI_GAP_NO_ORDERS);
    }
    resolution->set_complaints(times.complaints);
    resolution->set_resolved(times.resolved);
    resolution->set_still_open(times.open);
    const v1::ProcessKpiGap gap = times.complaints == 0 ? v1::PROCESS_KPI_GAP_NO_COMPLAINTS
                                                        : v1::PROCESS_KPI_GAP_TOO_MANY_OPEN;
    if (times.median_hours.has_value()) {
      resolution->set_median_hours(*times.median_hours);
    } else {
      resolution->set_unavailable(gap);
    }
    if (times.p90_hours.has_value()) {
      resolution->set_p90_hours(*times.p90_hours);
    } else {
      resolution->set_p90_unavailable(gap);
    }
    for (const domain::CategoryCount& c : domain::ByCategory(in.feedback, as_of)) {
      v1::FeedbackCategoryCount* row = out.add_feedback_categories();
      row->set_category(c.category);
      row->set_complaints(c.complaints);
      row->set_still_open(c.open);
      row->set_feedback(c.feedback);
    }
  }

  const domain::OnTimeDelivery d = domain::OnTimeDeliveryOf(in.deliveries);
  v1::OnTimeDelivery* delivery = out.mutable_on_time_delivery();
  delivery->set_delivered_orders(d.counts.delivered);
  delivery->set_promised(d.counts.promised);
  delivery->set_on_time(d.counts.on_time);
  delivery->set_late(d.counts.late);
  if (d.rate.has_value()) {
    delivery->set_rate(*d.rate);
  } else {
    delivery->set_unavailable(v1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES);
  }
  if (d.average_days_late.has_value()) {
    delivery->set_average_days_late(*d.average_days_late);
  } else {
    delivery->set_late_unavailable(d.counts.promised == 0
                                       ? v1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES
                                       : v1::PROCESS_KPI_GAP_NO_LATE_DELIVERIES);
  }
  const domain::OverdueDeliveries overdue = domain::OverdueDeliveriesOf(in.overdue);
  delivery->set_open_promised(overdue.counts.open_promised);
  delivery->set_overdue(overdue.counts.overdue);
  if (overdue.share.has_value()) delivery->set_overdue_share(*overdue.share);
  *delivery->mutable_overdue_as_of() = ToProtoTime(in.overdue_as_of);
}

}  // namespace sales::analytics::api
