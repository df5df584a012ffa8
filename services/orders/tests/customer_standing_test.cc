#include "services/orders/src/domain/customer_standing.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::orders::domain {
namespace {

TEST(CustomerStandingTest, OnlyAnActiveCustomerMayOrder) {
  EXPECT_TRUE(CheckCanOrder("order.customer", "customers/7", CustomerState::kActive).ok());
  const absl::Status archived =
      CheckCanOrder("order.customer", "customers/7", CustomerState::kArchived);
  EXPECT_EQ(archived.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(archived.message(), "order.customer: customers/7 is archived"))
      << archived.message();
  const absl::Status erased =
      CheckCanOrder("order.customer", "customers/7", CustomerState::kErased);
  EXPECT_EQ(erased.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(erased.message(), "order.customer: customers/7 is erased"))
      << erased.message();
}

TEST(CustomerStandingTest, TheLatestReportHoldsExceptAfterErasure) {
  EXPECT_EQ(NextCustomerState(std::nullopt, CustomerState::kActive), CustomerState::kActive);
  EXPECT_EQ(NextCustomerState(CustomerState::kActive, CustomerState::kArchived),
            CustomerState::kArchived);
  EXPECT_EQ(NextCustomerState(CustomerState::kArchived, CustomerState::kActive),
            CustomerState::kActive);
  EXPECT_EQ(NextCustomerState(CustomerState::kArchived, CustomerState::kErased),
            CustomerState::kErased);
  // Erasure is final: nothing the feed says later brings the customer back.
  EXPECT_EQ(NextCustomerState(CustomerState::kErased, CustomerState::kActive),
            CustomerState::kErased);
  EXPECT_EQ(NextCustomerState(CustomerState::kErased, CustomerState::kArchived),
            CustomerState::kErased);
}

}  // namespace
}  // namespace sales::orders::domain
