#include "services/analytics/src/ingest/interaction_events.h"

#include "absl/strings/match.h"
#include "common/time_util.h"

namespace sales::analytics::ingest {

store::InteractionFact InteractionFactOf(const events::v1::InteractionLogged& logged) {
  store::InteractionFact fact;
  fact.interaction = logged.interaction();
  fact.kind = logged.kind();
  fact.rep = logged.rep();
  if (absl::StartsWith(logged.subject(), "leads/")) {
    fact.lead = logged.subject();
  } else {
    fact.customer = logged.subject();
  }
  fact.occur_time = FromProtoTime(logged.occur_time());
  return fact;
}

void ApplyInteractionLogged(db::Transaction& tx, const IngestContext& ctx,
                            const events::v1::InteractionLogged& logged) {
  if (ctx.interactions == nullptr) return;
  ctx.interactions->InsertInteractions(tx, {InteractionFactOf(logged)});
}

void ApplyLeadAmount(db::Transaction& tx, const IngestContext& ctx, const std::string& lead,
                     int64_t expected_minor) {
  if (ctx.interactions == nullptr) return;
  ctx.interactions->SaveLeadAmounts(tx, {{lead, expected_minor}});
}

}  // namespace sales::analytics::ingest
