// Interactions and satisfaction survey answers in MySQL (inside the caller's transaction).
#pragma once

#include <optional>
#include <vector>

#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

// Writes the row's columns with its category and complaint state.
int64_t InsertInteraction(db::Transaction& tx, const InteractionRow& row);
// Filters of ListInteractions; 0 means "any".
struct InteractionFilter {
  int subject_kind = 0;  // with subject_id
  int64_t subject_id = 0;
  int category = 0;
  int complaint_state = 0;
};
// Newest first: rows strictly before `cursor` in (occurred_at DESC, id DESC) order.
std::vector<InteractionRow> ListInteractions(db::Transaction& tx, const InteractionFilter& filter,
                                             const KeysetCursor& cursor, int limit);
// The interaction, locked.
std::optional<InteractionRow> LockInteraction(db::Transaction& tx, int64_t id);
// Writes complaint_state, resolved_at, resolved_by and resolution_note of `row`.
void ResolveInteraction(db::Transaction& tx, const InteractionRow& row);

int64_t InsertSurvey(db::Transaction& tx, const SurveyRow& row);
// Newest first by (created_at, id), the create_time a caller sees (ids follow insert order,
// not the order creation times were taken), after `cursor` (id 0: the first page);
// customer_id 0 and kind 0 mean any.
std::vector<SurveyRow> ListSurveys(db::Transaction& tx, int64_t customer_id, int kind,
                                   const KeysetCursor& cursor, int limit);
// (kind, score, count) groups over a customer (0: all) and a created_at range.
struct ScoreCount {
  int kind = 0;
  int score = 0;
  int64_t count = 0;
};
std::vector<ScoreCount> CountSurveyScores(db::Transaction& tx, int64_t customer_id,
                                          absl::Time start, absl::Time end);

}  // namespace sales::customers::store
