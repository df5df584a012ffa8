// Erasure of a customer's personal data in MySQL (inside the caller's transaction): the
// audit row, the personal columns of every table that holds them, and the payloads of
// events already written about the customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

std::optional<ErasureRow> FindErasure(db::Transaction& tx, int64_t customer_id);
void InsertErasure(db::Transaction& tx, const ErasureRow& row);

// Clears the personal columns that hang off a customer: contacts (display name set to
// `erased_text`, title, e-mail, phone cleared), the leads converted into it (title set to
// `erased_text`, company name, contact e-mail and phone cleared), interaction notes about
// the customer or those leads, and survey comments. The customers row itself is written by
// UpdateCustomer.
void EraseCustomerDependents(db::Transaction& tx, int64_t customer_id,
                             const std::string& erased_text);

// An event row as stored: its key in its table and the base64 payload.
struct StoredEvent {
  bool in_log = false;  // event_log (key = position) or outbox (key = id)
  int64_t key = 0;
  std::string payload;
};

// Events about `aggregate` of the given types, in the outbox (locked) and the event log.
// The outbox rows are read first, with a lock, so that a relay moving them concurrently
// has either finished (and the log read sees them) or waits for this transaction.
std::vector<StoredEvent> FindEvents(db::Transaction& tx, const std::string& aggregate,
                                    const std::vector<std::string>& types);
// Replaces the payload of a stored event.
void RewriteEvent(db::Transaction& tx, const StoredEvent& event);

// The ids of the leads converted into the customer.
std::vector<int64_t> LeadIdsOfCustomer(db::Transaction& tx, int64_t customer_id);

// A stored answer of an idempotent request (common/idempotency.h), base64 as stored.
struct StoredResponse {
  std::string request_id;
  std::string method;
  std::string response;
};

// Completed idempotency records of the given methods. A plain (non-locking) read: call it
// after the customer is locked, so that every request about the customer that committed
// before is seen and none can commit after with its data (the customer is then erased).
std::vector<StoredResponse> FindStoredResponses(db::Transaction& tx,
                                                const std::vector<std::string>& methods);
// Replaces the stored answer of a request_id.
void RewriteStoredResponse(db::Transaction& tx, const StoredResponse& stored);

}  // namespace sales::customers::store
