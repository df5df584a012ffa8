// What ingest needs besides the transaction: the business time zone the days are cut in,
// and the table set it writes (the live tables, or the twins a rebuild fills).
#pragma once

#include "absl/time/time.h"
#include "services/analytics/src/store/delivery_store.h"
#include "services/analytics/src/store/fact_store.h"
#include "services/analytics/src/store/feedback_store.h"
#include "services/analytics/src/store/interaction_store.h"
#include "services/analytics/src/store/rollup_store.h"

namespace sales::analytics::ingest {

struct IngestContext {
  absl::TimeZone zone;
  const store::FactStore* facts = nullptr;
  const store::RollupStore* rollup = nullptr;
  store::TableSet set = store::TableSet::kLive;  // the tables `facts` and `rollup` write
  // Interactions and lead amounts (prediction), in the same table set; none when null.
  const store::InteractionStore* interactions = nullptr;
  // Feedback and complaints (customers feed) and delivered orders (orders feed), in the same
  // table set; none when null.
  const store::FeedbackStore* feedback = nullptr;
  const store::DeliveryStore* deliveries = nullptr;
};

}  // namespace sales::analytics::ingest
