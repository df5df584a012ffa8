// The facts of leads as the analytics service keeps them (lead_facts, lead_stage_facts,
// lead_amount_facts) and of interactions (interaction_facts), written straight into its
// schema with RowWriter by the prediction benchmark, with the totals it prints.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "tools/loadgen/row_writer.h"

namespace sales::loadgen {

// What was written.
struct LeadTotals {
  int64_t leads = 0;
  int64_t closed = 0;
  int64_t won = 0;
  int64_t interactions = 0;
};

class LeadFactsWriter final {
 public:
  explicit LeadFactsWriter(db::ConnectionPool& pool);

  // A lead created at `created` in business-day text `day`, owned by `owner_rep` ("reps/7"),
  // from `channel` (an AcquisitionChannel name), open or closed won or lost, expecting
  // `expected_minor`; it enters LEAD_STAGE_LEAD at `created` (AddStage for the others).
  enum class Outcome { kOpen = 0, kWon = 1, kLost = 2 };
  void AddLead(const std::string& lead, absl::Time created, const std::string& day,
               const std::string& owner_rep, const std::string& channel, Outcome outcome,
               int64_t expected_minor);
  // The lead entered `stage` (a LeadStage name) at `entered`.
  void AddStage(const std::string& lead, absl::Time entered, const std::string& stage);
  // An interaction (a name like "interactions/17") of `kind` (an InteractionKind name) by
  // `rep` about a customer or a lead (the other one empty) at `occurred`.
  void AddInteraction(const std::string& interaction, const std::string& kind,
                      const std::string& rep, const std::string& customer, const std::string& lead,
                      absl::Time occurred);

  absl::Status status() const;
  // Commits what is gathered; then status().
  absl::Status Finish();
  const LeadTotals& totals() const { return totals_; }

 private:
  RowWriter leads_;
  RowWriter stages_;
  RowWriter amounts_;
  RowWriter interactions_;
  LeadTotals totals_;
};

}  // namespace sales::loadgen
