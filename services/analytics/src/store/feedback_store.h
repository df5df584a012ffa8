// Categorised feedback and complaints from the customers feed (written by ingest into one
// table set: feedback_facts), and what the complaint KPIs read from the live table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/complaint_kpis.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// An interaction with a category or a complaint, or a survey answer with a category.
struct FeedbackFact {
  std::string item;  // "interactions/{id}" or "surveyResponses/{id}"
  std::string category;
  bool complaint = false;
  std::string rep;
  std::string customer;  // the subject is a customer or a lead (the other one "")
  std::string lead;
  absl::Time occur_time;
};

// A complaint's resolution (ComplaintResolved), with what it says of the complaint itself
// in case the complaint's own event was not seen (a feed that began after it).
struct ComplaintResolution {
  FeedbackFact complaint;
  absl::Time resolve_time;
  std::string resolved_by;
};

// The writes of one table set.
class FeedbackStore final {
 public:
  explicit FeedbackStore(TableSet set);

  // Records feedback not recorded before (a repeated one changes nothing).
  void InsertFeedback(db::Transaction& tx, const std::vector<FeedbackFact>& rows) const;
  // Marks complaints resolved, in order; the first resolution of a complaint stands. A
  // complaint not recorded yet is recorded from the resolution.
  void ResolveComplaints(db::Transaction& tx,
                         const std::vector<ComplaintResolution>& resolutions) const;

 private:
  std::string insert_;
  std::string insert_suffix_;
  std::string resolve_;
};

// Feedback made in [from, to) from the live table; only complaints logged by `rep` (and no
// other feedback) when `rep` is not empty.
std::vector<domain::FeedbackItem> LoadFeedback(db::Transaction& tx, absl::Time from, absl::Time to,
                                               const std::string& rep);

}  // namespace sales::analytics::store
