#include "services/analytics/src/domain/expected_receipt.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ExpectedReceiptTest, OnlyAnOpenReceiptChanges) {
  EXPECT_EQ(*ChangeReceipt(ReceiptState::kOpen, ReceiptChange::kUpdate), ReceiptState::kOpen);
  EXPECT_EQ(*ChangeReceipt(ReceiptState::kOpen, ReceiptChange::kCancel), ReceiptState::kCancelled);
  EXPECT_EQ(*ChangeReceipt(ReceiptState::kOpen, ReceiptChange::kReceive), ReceiptState::kReceived);
  for (ReceiptState final_state : {ReceiptState::kCancelled, ReceiptState::kReceived}) {
    for (ReceiptChange change :
         {ReceiptChange::kUpdate, ReceiptChange::kCancel, ReceiptChange::kReceive}) {
      const absl::StatusOr<ReceiptState> refused = ChangeReceipt(final_state, change);
      EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
    }
  }
  // The refusal names both states.
  EXPECT_EQ(ChangeReceipt(ReceiptState::kCancelled, ReceiptChange::kReceive).status().message(),
            "name: the receipt is CANCELLED and cannot be received (CANCELLED -> RECEIVED)");
}

}  // namespace
}  // namespace sales::analytics::domain
