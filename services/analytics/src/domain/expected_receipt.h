// An expected receipt's life: recorded open; an open one can be changed, cancelled (the goods
// will not come) or received (booked into stock by the orders service, so it no longer
// counts); cancelled and received are final.
#pragma once

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

enum class ReceiptState { kOpen = 1, kCancelled = 2, kReceived = 3 };

enum class ReceiptChange { kUpdate, kCancel, kReceive };

const char* ReceiptStateName(ReceiptState state);  // "OPEN", "CANCELLED", "RECEIVED"

// The state after `change` from `from`; FAILED_PRECONDITION naming both states when the
// change is not allowed from it.
absl::StatusOr<ReceiptState> ChangeReceipt(ReceiptState from, ReceiptChange change);

}  // namespace sales::analytics::domain
