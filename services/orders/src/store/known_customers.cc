#include "services/orders/src/store/known_customers.h"

#include <utility>

namespace sales::orders::store {
namespace {

// Always one row: NULL in a column the feed has not filled for the customer.
constexpr char kSelectKnownCustomer[] =
    "SELECT (SELECT state FROM customer_states WHERE customer_id = ?) AS state, "
    "(SELECT tier FROM customer_tiers WHERE customer_id = ?) AS tier";
constexpr char kSelectStatesPrefix[] =
    "SELECT customer_id, state FROM customer_states WHERE customer_id IN (";
constexpr char kUpsertStatesPrefix[] =
    "INSERT INTO customer_states (customer_id, state, changed_at) VALUES ";
constexpr char kUpsertStatesSuffix[] =
    " ON DUPLICATE KEY UPDATE state = VALUES(state), changed_at = VALUES(changed_at)";
constexpr int kStateColumns = 3;

}  // namespace

KnownCustomer KnownCustomer::Read(const db::RowReader& r) {
  KnownCustomer known;
  known.state = r.OptionalEnum<domain::CustomerState>("state");
  if (!r.IsNull("tier")) known.tier = r.String("tier");
  return known;
}

KnownCustomer FindKnownCustomer(db::Transaction& tx, int64_t customer_id) {
  return db::QueryOne<KnownCustomer>(tx, kSelectKnownCustomer, {customer_id, customer_id})
      .value_or(KnownCustomer{});
}

std::map<int64_t, domain::CustomerState> FindCustomerStates(db::Transaction& tx,
                                                            const std::vector<int64_t>& ids) {
  std::map<int64_t, domain::CustomerState> states;
  if (ids.empty()) return states;
  const auto read = [](const db::RowReader& r) {
    return std::pair(r.Int64("customer_id"), r.Enum<domain::CustomerState>("state"));
  };
  for (const auto& [id, state] : db::QueryInAll(tx, kSelectStatesPrefix, {}, ids, ")", read)) {
    states[id] = state;
  }
  return states;
}

void CustomerStateRow::Bind(db::ParamWriter& p) const {
  p.Add(customer_id).Add(state).Add(changed_at);
}

void SetCustomerStates(db::Transaction& tx, const std::vector<CustomerStateRow>& rows) {
  db::ParamWriter p;
  for (const CustomerStateRow& row : rows) p.AddRow(row);
  db::ExecBatch(tx, kUpsertStatesPrefix, kStateColumns, p.params(), kUpsertStatesSuffix);
}

}  // namespace sales::orders::store
