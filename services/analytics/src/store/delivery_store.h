// Delivered orders and their delivery promise from the orders feed (written by ingest into
// one table set: delivery_facts), and the counts on-time delivery reads from the live table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/delivery_kpis.h"
#include "services/analytics/src/store/activity_store.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// An order whose every shipment was delivered.
struct DeliveryFact {
  std::string order;
  std::string channel;
  std::string region;
  std::string option;                      // DeliveryOption name, "" without a promise
  std::optional<absl::CivilDay> promised;  // absent without a promise
  bool on_time = false;
  int64_t days_late = 0;
  absl::Time delivered_time;
};

// The writes of one table set.
class DeliveryStore final {
 public:
  explicit DeliveryStore(TableSet set);

  // Records deliveries not recorded before (a repeated one changes nothing).
  void InsertDeliveries(db::Transaction& tx, const std::vector<DeliveryFact>& rows) const;

 private:
  std::string insert_;
  std::string insert_suffix_;
};

// The channel, region and rep a delivery read filters on ("" for any), from a slice of kind
// kAll, kChannel, kRegion or kRep; nullopt for the kinds delivery facts do not carry.
struct DeliveryFilter {
  std::string channel;
  std::string region;
  std::string rep;
};
std::optional<DeliveryFilter> DeliveryFilterOf(const FactSlice& slice);

// The orders delivered in [from, to) from the live facts, of the whole company or of a
// channel, region or rep (a credit share of the order) as `slice` says (kAll, kChannel,
// kRegion or kRep; any other kind counts nothing).
domain::DeliveryCounts LoadDeliveryCounts(db::Transaction& tx, absl::Time from, absl::Time to,
                                          const FactSlice& slice);

}  // namespace sales::analytics::store
