#include "services/orders/src/domain/order_status.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sales::orders::domain {
namespace {

constexpr std::array<OrderStatus, 7> kStatuses = {
    OrderStatus::kReceived,  OrderStatus::kInReview,  OrderStatus::kConfirmed,
    OrderStatus::kShipped,   OrderStatus::kDelivered, OrderStatus::kCompleted,
    OrderStatus::kCancelled,
};

// Written out by hand from the OrderStatus comment in order.proto, independently of the
// table in order_status.cc. Rows are `from`, columns `to`, both in kStatuses order:
//                                 RECV   REVW   CONF   SHIP   DELV   COMP   CANC
constexpr bool kAllowed[7][7] = {
    /* RECEIVED  */ {false, true, true, false, false, false, true},
    /* IN_REVIEW */ {false, false, true, false, false, false, true},
    /* CONFIRMED */ {false, false, false, true, false, false, true},
    /* SHIPPED   */ {false, false, false, true, true, false, false},
    /* DELIVERED */ {false, false, false, false, false, true, false},
    /* COMPLETED */ {false, false, false, false, false, false, false},
    /* CANCELLED */ {false, false, false, false, false, false, false},
};

TEST(OrderStatusTest, NamesMatchTheProtoEnum) {
  EXPECT_EQ(StatusName(OrderStatus::kReceived), "ORDER_STATUS_RECEIVED");
  EXPECT_EQ(StatusName(OrderStatus::kInReview), "ORDER_STATUS_IN_REVIEW");
  EXPECT_EQ(StatusName(OrderStatus::kConfirmed), "ORDER_STATUS_CONFIRMED");
  EXPECT_EQ(StatusName(OrderStatus::kShipped), "ORDER_STATUS_SHIPPED");
  EXPECT_EQ(StatusName(OrderStatus::kDelivered), "ORDER_STATUS_DELIVERED");
  EXPECT_EQ(StatusName(OrderStatus::kCompleted), "ORDER_STATUS_COMPLETED");
  EXPECT_EQ(StatusName(OrderStatus::kCancelled), "ORDER_STATUS_CANCELLED");
  EXPECT_EQ(StatusName(static_cast<OrderStatus>(0)), "ORDER_STATUS_UNSPECIFIED");
}

TEST(OrderStatusTest, ValuesMatchTheProtoNumbers) {
  EXPECT_EQ(static_cast<int>(OrderStatus::kReceived), 1);
  EXPECT_EQ(static_cast<int>(OrderStatus::kInReview), 2);
  EXPECT_EQ(static_cast<int>(OrderStatus::kConfirmed), 3);
  EXPECT_EQ(static_cast<int>(OrderStatus::kShipped), 4);
  EXPECT_EQ(static_cast<int>(OrderStatus::kDelivered), 5);
  EXPECT_EQ(static_cast<int>(OrderStatus::kCompleted), 6);
  EXPECT_EQ(static_cast<int>(OrderStatus::kCancelled), 7);
}

TEST(OrderStatusTest, FullTransitionMatrix) {
  int allowed = 0;
  for (size_t f = 0; f < kStatuses.size(); ++f) {
    for (size_t t = 0; t < kStatuses.size(); ++t) {
      const OrderStatus from = kStatuses[f];
      const OrderStatus to = kStatuses[t];
      SCOPED_TRACE(std::string(StatusName(from)) + " -> " + std::string(StatusName(to)));
      const absl::Status status = CheckTransition(from, to);
      if (kAllowed[f][t]) {
        ++allowed;
        EXPECT_TRUE(status.ok()) << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(status.message(), "cannot move order from " + std::string(StatusName(from)) +
                                        " to " + std::string(StatusName(to)));
      }
    }
  }
  EXPECT_EQ(allowed, 10);
}

TEST(OrderStatusTest, RefusalNamesBothStatuses) {
  const absl::Status status = CheckTransition(OrderStatus::kDelivered, OrderStatus::kCancelled);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "cannot move order from ORDER_STATUS_DELIVERED to ORDER_STATUS_CANCELLED");
  // Going back to review is not a move of the table either.
  EXPECT_EQ(CheckTransition(OrderStatus::kConfirmed, OrderStatus::kInReview).message(),
            "cannot move order from ORDER_STATUS_CONFIRMED to ORDER_STATUS_IN_REVIEW");
}

TEST(OrderStatusTest, ConfirmGoesToReviewOnlyWhenApprovalIsNeeded) {
  // No approval needed: straight to CONFIRMED, IN_REVIEW is never recorded.
  EXPECT_EQ(ConfirmTarget(OrderStatus::kReceived, false).value(), OrderStatus::kConfirmed);
  // Approval needed: it waits in IN_REVIEW.
  EXPECT_EQ(ConfirmTarget(OrderStatus::kReceived, true).value(), OrderStatus::kInReview);
  // An IN_REVIEW order without approval (none are made any more) may still be confirmed.
  EXPECT_EQ(ConfirmTarget(OrderStatus::kInReview, false).value(), OrderStatus::kConfirmed);
  const absl::StatusOr<OrderStatus> waiting = ConfirmTarget(OrderStatus::kInReview, true);
  EXPECT_EQ(waiting.status().code(), absl::StatusCode::kFailedPrecondition);
  const absl::StatusOr<OrderStatus> twice = ConfirmTarget(OrderStatus::kConfirmed, false);
  EXPECT_EQ(twice.status().message(),
            "cannot move order from ORDER_STATUS_CONFIRMED to ORDER_STATUS_CONFIRMED");
  const absl::StatusOr<OrderStatus> shipped = ConfirmTarget(OrderStatus::kShipped, true);
  EXPECT_EQ(shipped.status().message(),
            "cannot move order from ORDER_STATUS_SHIPPED to ORDER_STATUS_IN_REVIEW");
}

TEST(OrderStatusTest, OnlyAnOrderInReviewCanBeApproved) {
  EXPECT_TRUE(CheckApproval(OrderStatus::kInReview).ok());
  for (OrderStatus from : kStatuses) {
    if (from == OrderStatus::kInReview) continue;
    const absl::Status status = CheckApproval(from);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << StatusName(from);
    EXPECT_EQ(status.message(), "cannot move order from " + std::string(StatusName(from)) +
                                    " to ORDER_STATUS_CONFIRMED by approval: only "
                                    "ORDER_STATUS_IN_REVIEW waits for approval");
  }
}

TEST(OrderStatusTest, AllowedNextMatchesTheMatrix) {
  for (size_t f = 0; f < kStatuses.size(); ++f) {
    std::vector<OrderStatus> expected;
    for (size_t t = 0; t < kStatuses.size(); ++t) {
      if (kAllowed[f][t]) expected.push_back(kStatuses[t]);
    }
    std::vector<OrderStatus> actual = AllowedNext(kStatuses[f]);
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected) << StatusName(kStatuses[f]);
  }
  EXPECT_TRUE(AllowedNext(OrderStatus::kCompleted).empty());
  EXPECT_TRUE(AllowedNext(OrderStatus::kCancelled).empty());
}

TEST(OrderStatusTest, CancelOnlyBeforeShipment) {
  EXPECT_TRUE(CanCancel(OrderStatus::kReceived));
  EXPECT_TRUE(CanCancel(OrderStatus::kInReview));
  EXPECT_TRUE(CanCancel(OrderStatus::kConfirmed));
  EXPECT_FALSE(CanCancel(OrderStatus::kShipped));
  EXPECT_FALSE(CanCancel(OrderStatus::kDelivered));
  EXPECT_FALSE(CanCancel(OrderStatus::kCompleted));
  EXPECT_FALSE(CanCancel(OrderStatus::kCancelled));
}

}  // namespace
}  // namespace sales::orders::domain
