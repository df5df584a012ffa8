#include "services/analytics/src/ingest/tier_events.h"

#include "common/time_util.h"
#include "services/analytics/src/domain/tier_history.h"
#include "services/analytics/src/store/tier_store.h"

namespace sales::analytics::ingest {

void ApplyTierChanged(db::Transaction& tx, const IngestContext& ctx,
                      const events::v1::Event& event) {
  const events::v1::TierChanged& changed = event.tier_changed();
  if (changed.customer().empty() || changed.to_tier().empty()) return;
  // DATETIME(6) keeps microseconds: the change is cut there, as the spans are read back.
  const absl::Time at = absl::FromUnixMicros(absl::ToUnixMicros(FromProtoTime(event.occur_time())));
  const domain::TierChange change{at, changed.from_tier(), changed.to_tier()};
  const std::optional<domain::TierSpan> open =
      store::LoadOpenTierSpan(tx, ctx.set, changed.customer());
  store::SaveTierSpans(tx, ctx.set, changed.customer(), domain::SpansAfterChange(open, change));
}

}  // namespace sales::analytics::ingest
