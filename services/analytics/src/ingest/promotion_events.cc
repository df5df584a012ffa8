#include "services/analytics/src/ingest/promotion_events.h"

#include "common/time_util.h"
#include "services/analytics/src/store/promotion_store.h"

namespace sales::analytics::ingest {
namespace {

const store::PromotionStore& StoreOf(store::TableSet set) {
  static const store::PromotionStore kLive(store::TableSet::kLive);
  static const store::PromotionStore kRebuild(store::TableSet::kRebuild);
  return set == store::TableSet::kLive ? kLive : kRebuild;
}

}  // namespace

absl::Status ApplyPromotionChanged(db::Transaction& tx, const IngestContext& ctx,
                                   const events::v1::PromotionChanged& event) {
  store::PromotionRow row;
  row.promotion = event.promotion();
  row.display_name = event.display_name();
  row.kind = event.kind();
  row.code = event.code();
  row.start_time = FromProtoTime(event.start_time());
  row.end_time = FromProtoTime(event.end_time());
  row.products.assign(event.products().begin(), event.products().end());
  row.categories.assign(event.categories().begin(), event.categories().end());
  StoreOf(ctx.set).Save(tx, row);
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
