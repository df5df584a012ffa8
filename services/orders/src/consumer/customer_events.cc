#include "services/orders/src/consumer/customer_events.h"

#include <map>
#include <optional>
#include <string>

#include "common/server/log.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/domain/customer_standing.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/known_customers.h"

namespace sales::orders::consumer {
namespace {

namespace ev1 = ::sales::events::v1;

struct ReportedState {
  std::string customer;  // "customers/{id}" as the event names them
  domain::CustomerState state;
};

// The customer state an event reports; nullopt for an event that reports none.
std::optional<ReportedState> StateReportedBy(const ev1::Event& event) {
  switch (event.payload_case()) {
    case ev1::Event::kCustomerCreated:
      return ReportedState{event.customer_created().customer().customer(),
                           domain::CustomerState::kActive};
    case ev1::Event::kCustomerUnarchived:
      return ReportedState{event.customer_unarchived().customer(), domain::CustomerState::kActive};
    case ev1::Event::kCustomerArchived:
      return ReportedState{event.customer_archived().customer(), domain::CustomerState::kArchived};
    case ev1::Event::kCustomerPersonalDataErased:
      return ReportedState{event.customer_personal_data_erased().customer(),
                           domain::CustomerState::kErased};
    default:
      return std::nullopt;
  }
}

void ApplyTierChange(db::Transaction& tx, const ev1::Event& event) {
  const ev1::TierChanged& changed = event.tier_changed();
  absl::StatusOr<int64_t> customer = api::ParseIdName("customer", "customers", changed.customer());
  if (!customer.ok() || changed.to_tier().empty()) {
    // Cannot be applied, and must not block the feed.
    log::Warn("tier change names no valid customer or tier; skipped",
              {{"event_id", event.id()}, {"position", event.position()}});
    return;
  }
  store::SetCustomerTier(tx, *customer, changed.to_tier(), FromProtoTime(event.occur_time()));
}

}  // namespace

absl::Status ApplyCustomerEvents(db::Transaction& tx,
                                 const std::vector<const ev1::Event*>& events) {
  // The batch's state reports in position order, with the customers they name.
  std::vector<store::CustomerStateRow> reports;
  std::vector<int64_t> ids;
  for (const ev1::Event* event : events) {
    if (event->payload_case() == ev1::Event::kTierChanged) {
      ApplyTierChange(tx, *event);
      continue;
    }
    std::optional<ReportedState> reported = StateReportedBy(*event);
    if (!reported.has_value()) continue;
    absl::StatusOr<int64_t> id = api::ParseIdName("customer", "customers", reported->customer);
    if (!id.ok()) {
      log::Warn("customer event names no valid customer; skipped",
                {{"event_id", event->id()}, {"position", event->position()}});
      continue;
    }
    reports.push_back({*id, reported->state, FromProtoTime(event->occur_time())});
    ids.push_back(*id);
  }
  if (reports.empty()) return absl::OkStatus();

  // Each customer's state after the batch, from the stored one and the reports in order.
  std::map<int64_t, domain::CustomerState> known = store::FindCustomerStates(tx, ids);
  std::map<int64_t, store::CustomerStateRow> after;
  for (store::CustomerStateRow& row : reports) {
    auto it = known.find(row.customer_id);
    const std::optional<domain::CustomerState> before =
        it == known.end() ? std::nullopt : std::optional(it->second);
    row.state = domain::NextCustomerState(before, row.state);
    known[row.customer_id] = row.state;
    after[row.customer_id] = row;
  }
  std::vector<store::CustomerStateRow> rows;
  for (auto& [id, row] : after) rows.push_back(row);
  store::SetCustomerStates(tx, rows);
  return absl::OkStatus();
}

}  // namespace sales::orders::consumer
