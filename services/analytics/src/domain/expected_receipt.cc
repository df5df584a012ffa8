#include "services/analytics/src/domain/expected_receipt.h"

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

// The transition table: (from, change) -> to. Only an open receipt changes.
struct Transition {
  ReceiptState from;
  ReceiptChange change;
  ReceiptState to;
};
constexpr Transition kTransitions[] = {
    {ReceiptState::kOpen, ReceiptChange::kUpdate, ReceiptState::kOpen},
    {ReceiptState::kOpen, ReceiptChange::kCancel, ReceiptState::kCancelled},
    {ReceiptState::kOpen, ReceiptChange::kReceive, ReceiptState::kReceived},
};

const char* ChangeVerb(ReceiptChange change) {
  switch (change) {
    case ReceiptChange::kUpdate:
      return "updated";
    case ReceiptChange::kCancel:
      return "cancelled";
    case ReceiptChange::kReceive:
      return "received";
  }
  return "changed";
}

}  // namespace

const char* ReceiptStateName(ReceiptState state) {
  switch (state) {
    case ReceiptState::kOpen:
      return "OPEN";
    case ReceiptState::kCancelled:
      return "CANCELLED";
    case ReceiptState::kReceived:
      return "RECEIVED";
  }
  return "UNKNOWN";
}

absl::StatusOr<ReceiptState> ChangeReceipt(ReceiptState from, ReceiptChange change) {
  for (const Transition& t : kTransitions) {
    if (t.from == from && t.change == change) return t.to;
  }
  const ReceiptState target = change == ReceiptChange::kCancel    ? ReceiptState::kCancelled
                              : change == ReceiptChange::kReceive ? ReceiptState::kReceived
                                                                  : from;
  if (change == ReceiptChange::kUpdate) {
    return absl::FailedPreconditionError(absl::StrCat(
        "name: the receipt is ", ReceiptStateName(from), "; only an OPEN receipt can be updated"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "name: the receipt is ", ReceiptStateName(from), " and cannot be ", ChangeVerb(change), " (",
      ReceiptStateName(from), " -> ", ReceiptStateName(target), ")"));
}

}  // namespace sales::analytics::domain
