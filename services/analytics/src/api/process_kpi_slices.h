// The process KPIs of issue 11 that come from complaints, feedback and delivery promises
// (complaint rate, time to resolve, feedback by category, on-time delivery), and what the
// older ones cover in a slice. GetProcessKpis (diagnosis_handlers.cc) reads the slice,
// loads these inputs in its read transaction and writes the figures into its answer.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/analytics/v1/diagnosis.pb.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/domain/complaint_kpis.h"
#include "services/analytics/src/domain/delivery_kpis.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/domain/process_kpis.h"

namespace sales::analytics::api {

// The slice of GetProcessKpisRequest: the whole company, a channel, a region or a rep;
// INVALID_ARGUMENT naming slice.dimension (or slice.member) otherwise.
absl::StatusOr<domain::SliceKey> ReadProcessSlice(const v1::Slice& slice);

// Whether complaints are kept for the slice (the whole company or a rep; not a channel or
// region, which a complaint does not name).
bool ComplaintsBySlice(const domain::SliceKey& slice);

// What the complaint and delivery figures are computed from.
struct ComplaintDeliveryInputs {
  std::vector<domain::FeedbackItem> feedback;  // of the period (the rep's complaints in a rep
                                               // slice)
  int64_t orders = 0;                          // placed in the period and not cancelled
  domain::DeliveryCounts deliveries;
  // Open promised and overdue orders at overdue_as_of (domain/delivery_kpis.h).
  domain::OverdueCounts overdue;
  absl::Time overdue_as_of;
};

// The overdue orders are counted at the period's end, or at ctx.Now() while it runs.
ComplaintDeliveryInputs LoadComplaintDeliveryInputs(db::Transaction& tx, const HandlerContext& ctx,
                                                    const domain::SliceKey& slice,
                                                    const domain::Period& period);

// The won leads of the period in a rep slice (owned by the rep) or a channel slice (their
// acquisition channel is that sales channel); a region slice keeps none.
std::vector<domain::WonLead> LoadWonLeadsOfSlice(db::Transaction& tx, const domain::SliceKey& slice,
                                                 const domain::Period& period);

// Writes complaint_rate, complaint_resolution, feedback_categories and on_time_delivery
// (with the overdue orders).
// Open complaints are censored at their age at `as_of`.
void SetComplaintDeliveryFigures(const ComplaintDeliveryInputs& in, const domain::SliceKey& slice,
                                 absl::Time as_of, v1::ProcessKpis& out);

}  // namespace sales::analytics::api
