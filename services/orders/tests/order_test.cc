// The order aggregate (domain/order.h): every transition, allowed and refused, with the
// events it raises; shipment splitting and the "delivered when everything is" rule; the
// approval policy; promotion selection; and the return transition table.
#include "services/orders/src/domain/order.h"

#include <array>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/orders/src/domain/order_policy.h"
#include "services/orders/src/domain/promotion_selection.h"
#include "services/orders/src/domain/return_status.h"
#include "services/orders/src/domain/returns.h"

namespace sales::orders::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
const absl::Time kNow = kT0 + absl::Hours(2);

constexpr std::array<OrderStatus, 7> kStatuses = {
    OrderStatus::kReceived,  OrderStatus::kInReview,  OrderStatus::kConfirmed,
    OrderStatus::kShipped,   OrderStatus::kDelivered, OrderStatus::kCompleted,
    OrderStatus::kCancelled,
};

// Order 7 in `status`: line 1 is 3 units of product 10 at 1000, line 2 is 2 units of
// product 20 at 500; nothing shipped; version 4.
Order MakeOrder(OrderStatus status) {
  Order o;
  o.id = 7;
  o.customer_id = 70;
  o.channel = Channel::kWeb;
  o.region = "EAST";
  o.warehouse = "WH1";
  o.status = status;
  o.lines.push_back({1, 10, "A-1", "tea", 3, 1000, 600, 0, 0, 0, 0, {}});
  o.lines.push_back({2, 20, "B-1", "cups", 2, 500, 200, 0, 0, 0, 0, {}});
  o.subtotal_minor = 4000;
  o.total_minor = 4000;
  o.cost_minor = 2200;
  o.created_at = kT0;
  o.updated_at = kT0;
  o.version = 4;
  return o;
}

// The same order SHIPPED with `shipped` units of line 1 and all of line 2 in shipment 100
// (delivered or not).
Order ShippedOrder(int64_t shipped_on_line_1, bool delivered) {
  Order o = MakeOrder(OrderStatus::kShipped);
  o.lines[0].shipped_quantity = shipped_on_line_1;
  o.lines[1].shipped_quantity = 2;
  Shipment s;
  s.id = 100;
  s.order_id = 7;
  s.carrier = "SF";
  s.tracking_number = "T1";
  s.shipped_at = kT0;
  if (delivered) s.delivered_at = kT0 + absl::Hours(1);
  s.lines = {{1, shipped_on_line_1}, {2, 2}};
  o.shipments.push_back(s);
  return o;
}

template <typename E>
const E& EventAt(const OrderTransition& t, size_t i) {
  EXPECT_LT(i, t.events.size());
  const E* e = std::get_if<E>(&t.events.at(i));
  EXPECT_NE(e, nullptr) << "event " << i << " has index " << t.events.at(i).index();
  static const E kEmpty{};
  return e == nullptr ? kEmpty : *e;
}

void ExpectChange(const StatusChange& c, OrderStatus from, OrderStatus to, const std::string& actor,
                  const std::string& reason, absl::Time at) {
  ASSERT_TRUE(c.from_status.has_value());
  EXPECT_EQ(*c.from_status, from);
  EXPECT_EQ(c.to_status, to);
  EXPECT_EQ(c.actor, actor);
  EXPECT_EQ(c.reason, reason);
  EXPECT_EQ(c.changed_at, at);
}

// A refused transition: FAILED_PRECONDITION naming both statuses.
void ExpectRefused(const absl::Status& status, OrderStatus from, OrderStatus to) {
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(std::string(StatusName(from))));
  EXPECT_THAT(std::string(status.message()), HasSubstr(std::string(StatusName(to))));
}

MATCHER_P2(Units, product, units, "") { return arg.product_id == product && arg.units == units; }

// --- Place ------------------------------------------------------------------------------------

TEST(OrderPlaceTest, PlacesAReceivedOrderAndRaisesOrderPlaced) {
  Order draft = MakeOrder(OrderStatus::kConfirmed);  // whatever the draft says
  draft.version = 9;
  const OrderTransition t = Order::Place(draft, OrderPolicy{}, kNow);
  EXPECT_EQ(t.order.status, OrderStatus::kReceived);
  EXPECT_EQ(t.order.version, 1);
  EXPECT_EQ(t.order.created_at, kNow);
  EXPECT_EQ(t.order.updated_at, kNow);
  EXPECT_FALSE(t.order.requires_approval);
  ASSERT_EQ(t.events.size(), 1u);
  const OrderPlaced& placed = EventAt<OrderPlaced>(t, 0);
  EXPECT_FALSE(placed.change.from_status.has_value());
  EXPECT_EQ(placed.change.to_status, OrderStatus::kReceived);
  EXPECT_EQ(placed.change.actor, "system");
  EXPECT_EQ(placed.change.changed_at, kNow);
}

TEST(OrderPlaceTest, FlagsAnApprovalWhenThePolicyAsksForOne) {
  OrderPolicy policy;
  policy.approval_total_minor = 3999;
  EXPECT_TRUE(
      Order::Place(MakeOrder(OrderStatus::kReceived), policy, kNow).order.requires_approval);
  policy.approval_total_minor = 4000;  // exactly at the limit: no approval
  EXPECT_FALSE(
      Order::Place(MakeOrder(OrderStatus::kReceived), policy, kNow).order.requires_approval);
}

TEST(OrderPolicyTest, ApprovalLimitsAreStrictAndZeroMeansNever) {
  OrderPolicy policy;
  EXPECT_FALSE(NeedsApproval(policy, 100'000, 90'000, 10'000));
  policy.approval_discount_bp = 2000;  // 20%
  EXPECT_FALSE(NeedsApproval(policy, 10'000, 2'000, 8'000));
  EXPECT_TRUE(NeedsApproval(policy, 10'000, 2'001, 7'999));
  policy.approval_discount_bp = 0;
  policy.approval_total_minor = 5'000;
  EXPECT_FALSE(NeedsApproval(policy, 5'000, 0, 5'000));
  EXPECT_TRUE(NeedsApproval(policy, 5'001, 0, 5'001));
}

// --- Confirm ----------------------------------------------------------------------------------

TEST(OrderConfirmTest, WithoutApprovalReservesEveryUnitAndConfirms) {
  const Order before = MakeOrder(OrderStatus::kReceived);
  absl::StatusOr<OrderTransition> t = before.Confirm(OrderPolicy{}, "clerk-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kConfirmed);
  EXPECT_EQ(t->order.version, 5);
  EXPECT_EQ(t->order.updated_at, kNow);
  EXPECT_EQ(before.status, OrderStatus::kReceived);  // the value it was called on is unchanged
  EXPECT_EQ(before.version, 4);
  ASSERT_EQ(t->events.size(), 2u);
  EXPECT_THAT(EventAt<StockReserved>(*t, 0).units, ElementsAre(Units(10, 3), Units(20, 2)));
  ExpectChange(EventAt<StatusChanged>(*t, 1).change, OrderStatus::kReceived,
               OrderStatus::kConfirmed, "clerk-1", "", kNow);
}

TEST(OrderConfirmTest, AnOrderNeedingApprovalGoesToReviewAndReservesNothing) {
  Order before = MakeOrder(OrderStatus::kReceived);
  before.requires_approval = true;
  absl::StatusOr<OrderTransition> t = before.Confirm(OrderPolicy{}, "clerk-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kInReview);
  ASSERT_EQ(t->events.size(), 1u);
  ExpectChange(EventAt<StatusChanged>(*t, 0).change, OrderStatus::kReceived, OrderStatus::kInReview,
               "clerk-1", "", kNow);
}

TEST(OrderConfirmTest, ThePolicyInForceAtConfirmationCanRequireAnApproval) {
  OrderPolicy policy;
  policy.approval_total_minor = 1000;
  absl::StatusOr<OrderTransition> t =
      MakeOrder(OrderStatus::kReceived).Confirm(policy, "clerk-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kInReview);
  EXPECT_TRUE(t->order.requires_approval);
}

TEST(OrderConfirmTest, AnOrderInReviewWaitingForApprovalIsRefused) {
  Order before = MakeOrder(OrderStatus::kInReview);
  before.requires_approval = true;
  const absl::Status status = before.Confirm(OrderPolicy{}, "clerk-1", kNow).status();
  ExpectRefused(status, OrderStatus::kInReview, OrderStatus::kConfirmed);
  EXPECT_THAT(std::string(status.message()), HasSubstr("approval"));
}

TEST(OrderConfirmTest, IsRefusedOnceConfirmedOrLaterNamingBothStatuses) {
  for (OrderStatus from : {OrderStatus::kConfirmed, OrderStatus::kShipped, OrderStatus::kDelivered,
                           OrderStatus::kCompleted, OrderStatus::kCancelled}) {
    SCOPED_TRACE(StatusName(from));
    ExpectRefused(MakeOrder(from).Confirm(OrderPolicy{}, "clerk-1", kNow).status(), from,
                  OrderStatus::kConfirmed);
  }
}

// --- Approve ----------------------------------------------------------------------------------

TEST(OrderApproveTest, ConfirmsAnOrderInReviewReservingItsUnits) {
  Order before = MakeOrder(OrderStatus::kInReview);
  before.requires_approval = true;
  absl::StatusOr<OrderTransition> t = before.Approve("manager-li", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kConfirmed);
  EXPECT_EQ(t->order.approver, "manager-li");
  EXPECT_EQ(t->order.version, 5);
  ASSERT_EQ(t->events.size(), 2u);
  EXPECT_THAT(EventAt<StockReserved>(*t, 0).units, ElementsAre(Units(10, 3), Units(20, 2)));
  ExpectChange(EventAt<StatusChanged>(*t, 1).change, OrderStatus::kInReview,
               OrderStatus::kConfirmed, "manager-li", "approved", kNow);
}

TEST(OrderApproveTest, OnlyAnOrderInReviewCanBeApproved) {
  for (OrderStatus from : kStatuses) {
    if (from == OrderStatus::kInReview) continue;
    SCOPED_TRACE(StatusName(from));
    ExpectRefused(MakeOrder(from).Approve("manager-li", kNow).status(), from,
                  OrderStatus::kConfirmed);
  }
}

// --- Cancel -----------------------------------------------------------------------------------

TEST(OrderCancelTest, AConfirmedOrderReleasesItsReservationAndPromotionUses) {
  absl::StatusOr<OrderTransition> t =
      MakeOrder(OrderStatus::kConfirmed).Cancel("clerk-2", "customer changed mind", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kCancelled);
  EXPECT_EQ(t->order.version, 5);
  ASSERT_EQ(t->events.size(), 3u);
  ExpectChange(EventAt<StatusChanged>(*t, 0).change, OrderStatus::kConfirmed,
               OrderStatus::kCancelled, "clerk-2", "customer changed mind", kNow);
  EXPECT_THAT(EventAt<StockReleased>(*t, 1).units, ElementsAre(Units(10, 3), Units(20, 2)));
  EventAt<PromotionUsesReleased>(*t, 2);
}

TEST(OrderCancelTest, AnOrderWithoutReservationReleasesOnlyPromotionUses) {
  for (OrderStatus from : {OrderStatus::kReceived, OrderStatus::kInReview}) {
    SCOPED_TRACE(StatusName(from));
    absl::StatusOr<OrderTransition> t = MakeOrder(from).Cancel("clerk-2", "duplicate", kNow);
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_EQ(t->events.size(), 2u);
    ExpectChange(EventAt<StatusChanged>(*t, 0).change, from, OrderStatus::kCancelled, "clerk-2",
                 "duplicate", kNow);
    EventAt<PromotionUsesReleased>(*t, 1);
  }
}

TEST(OrderCancelTest, IsRefusedOnceAnythingShipped) {
  for (OrderStatus from : {OrderStatus::kShipped, OrderStatus::kDelivered, OrderStatus::kCompleted,
                           OrderStatus::kCancelled}) {
    SCOPED_TRACE(StatusName(from));
    ExpectRefused(MakeOrder(from).Cancel("clerk-2", "late", kNow).status(), from,
                  OrderStatus::kCancelled);
  }
}

// --- Ship -------------------------------------------------------------------------------------

TEST(OrderShipTest, ShippingEverythingLeftSplitsUnitsOverLines) {
  absl::StatusOr<OrderTransition> t =
      MakeOrder(OrderStatus::kConfirmed).Ship({}, "SF", "T-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kShipped);
  EXPECT_EQ(t->order.lines[0].shipped_quantity, 3);
  EXPECT_EQ(t->order.lines[1].shipped_quantity, 2);
  ASSERT_EQ(t->order.shipments.size(), 1u);
  const Shipment& s = t->order.shipments[0];
  EXPECT_EQ(s.id, 0);  // not stored yet
  EXPECT_EQ(s.order_id, 7);
  EXPECT_EQ(s.carrier, "SF");
  EXPECT_EQ(s.tracking_number, "T-1");
  EXPECT_EQ(s.shipped_at, kNow);
  EXPECT_FALSE(s.delivered());
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].line_id, 1);
  EXPECT_EQ(s.lines[0].quantity, 3);
  EXPECT_EQ(s.lines[1].line_id, 2);
  EXPECT_EQ(s.lines[1].quantity, 2);
  ASSERT_EQ(t->events.size(), 2u);
  const ShipmentAdded& added = EventAt<ShipmentAdded>(*t, 0);
  EXPECT_EQ(added.index, 0u);
  EXPECT_THAT(added.units, ElementsAre(Units(10, 3), Units(20, 2)));
  const StatusChanged& changed = EventAt<StatusChanged>(*t, 1);
  ExpectChange(changed.change, OrderStatus::kConfirmed, OrderStatus::kShipped, "system", "", kNow);
  EXPECT_EQ(changed.shipment, std::optional<size_t>(0));
}

TEST(OrderShipTest, NamingTheStoredShipmentSetsItsIdAndTheReasonOfTheChange) {
  absl::StatusOr<OrderTransition> t =
      MakeOrder(OrderStatus::kConfirmed).Ship({}, "SF", "T-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  NameShipment(*t, 0, 42);
  EXPECT_EQ(t->order.shipments[0].id, 42);
  EXPECT_EQ(EventAt<StatusChanged>(*t, 1).change.reason, "shipment 42");
  EXPECT_EQ(ShipmentReason(42), "shipment 42");
}

TEST(OrderShipTest, PartialShipmentsShipOnlyWhatIsAskedThenWhatIsLeft) {
  absl::StatusOr<OrderTransition> first =
      MakeOrder(OrderStatus::kConfirmed).Ship({{1, 2}}, "SF", "T-1", kNow);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->order.lines[0].shipped_quantity, 2);
  EXPECT_EQ(first->order.lines[1].shipped_quantity, 0);
  EXPECT_THAT(EventAt<ShipmentAdded>(*first, 0).units, ElementsAre(Units(10, 2)));
  first->order.shipments[0].id = 1;

  // SHIPPED -> SHIPPED: the rest, one unit of line 1 and both of line 2.
  const absl::Time later = kNow + absl::Minutes(5);
  absl::StatusOr<OrderTransition> second = first->order.Ship({}, "SF", "T-2", later);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->order.shipments.size(), 2u);
  const Shipment& rest = second->order.shipments[1];
  ASSERT_EQ(rest.lines.size(), 2u);
  EXPECT_EQ(rest.lines[0].quantity, 1);
  EXPECT_EQ(rest.lines[1].quantity, 2);
  EXPECT_EQ(EventAt<ShipmentAdded>(*second, 0).index, 1u);
  EXPECT_THAT(EventAt<ShipmentAdded>(*second, 0).units, ElementsAre(Units(10, 1), Units(20, 2)));
  ExpectChange(EventAt<StatusChanged>(*second, 1).change, OrderStatus::kShipped,
               OrderStatus::kShipped, "system", "", later);
  EXPECT_EQ(second->order.version, 6);

  // Nothing left.
  const absl::Status none = second->order.Ship({}, "SF", "T-3", later).status();
  EXPECT_EQ(none.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(none.message()), HasSubstr("already shipped"));
}

TEST(OrderShipTest, UnitsOfOneProductOnSeveralLinesAreSummed) {
  Order o = MakeOrder(OrderStatus::kConfirmed);
  o.lines[1].product_id = 10;
  absl::StatusOr<OrderTransition> t = o.Ship({}, "SF", "T-1", kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(EventAt<ShipmentAdded>(*t, 0).units, ElementsAre(Units(10, 5)));
}

TEST(OrderShipTest, RefusesMoreThanALineHasLeftAndLinesTheOrderLacks) {
  const Order o = MakeOrder(OrderStatus::kConfirmed);
  const absl::Status too_many = o.Ship({{2, 1}, {1, 4}}, "SF", "T-1", kNow).status();
  EXPECT_EQ(too_many.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(too_many.message(), "lines[1].quantity: ")) << too_many;
  const absl::Status unknown = o.Ship({{9, 1}}, "SF", "T-1", kNow).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(unknown.message(), "lines[0].line_id: ")) << unknown;
  const absl::Status twice = o.Ship({{1, 1}, {1, 1}}, "SF", "T-1", kNow).status();
  EXPECT_EQ(twice.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(twice.message(), "lines[1].line_id: ")) << twice;
  const absl::Status zero = o.Ship({{1, 0}}, "SF", "T-1", kNow).status();
  EXPECT_TRUE(absl::StartsWith(zero.message(), "lines[0].quantity: ")) << zero;
}

TEST(OrderShipTest, OnlyAConfirmedOrShippedOrderShips) {
  for (OrderStatus from : {OrderStatus::kReceived, OrderStatus::kInReview, OrderStatus::kDelivered,
                           OrderStatus::kCompleted, OrderStatus::kCancelled}) {
    SCOPED_TRACE(StatusName(from));
    ExpectRefused(MakeOrder(from).Ship({}, "SF", "T-1", kNow).status(), from,
                  OrderStatus::kShipped);
  }
}

// --- Deliver ----------------------------------------------------------------------------------

TEST(OrderDeliverTest, DeliveringWhileUnitsRemainUnshippedKeepsTheOrderShipped) {
  absl::StatusOr<OrderTransition> t = ShippedOrder(2, false).Deliver(100, kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kShipped);
  EXPECT_TRUE(t->order.shipments[0].delivered());
  EXPECT_EQ(t->order.shipments[0].delivered_at, kNow);
  EXPECT_EQ(t->order.version, 5);
  ASSERT_EQ(t->events.size(), 1u);
  EXPECT_EQ(EventAt<ShipmentDelivered>(*t, 0).shipment_id, 100);
  EXPECT_EQ(EventAt<ShipmentDelivered>(*t, 0).delivered_at, kNow);
}

TEST(OrderDeliverTest, TheOrderIsDeliveredWhenEverythingIsShippedAndDelivered) {
  absl::StatusOr<OrderTransition> t = ShippedOrder(3, false).Deliver(100, kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kDelivered);
  ASSERT_EQ(t->events.size(), 2u);
  EXPECT_EQ(EventAt<ShipmentDelivered>(*t, 0).shipment_id, 100);
  ExpectChange(EventAt<StatusChanged>(*t, 1).change, OrderStatus::kShipped, OrderStatus::kDelivered,
               "system", "", kNow);
}

TEST(OrderDeliverTest, AnotherShipmentStillOnTheWayKeepsTheOrderShipped) {
  Order o = ShippedOrder(2, false);
  o.lines[0].shipped_quantity = 3;
  Shipment second;
  second.id = 101;
  second.shipped_at = kT0;
  second.lines = {{1, 1}};
  o.shipments.push_back(second);
  absl::StatusOr<OrderTransition> first = o.Deliver(100, kNow);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->order.status, OrderStatus::kShipped);
  absl::StatusOr<OrderTransition> last = first->order.Deliver(101, kNow + absl::Hours(1));
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->order.status, OrderStatus::kDelivered);
}

TEST(OrderDeliverTest, RefusesAShipmentDeliveredBeforeOrUnknown) {
  const absl::Status again = ShippedOrder(2, true).Deliver(100, kNow).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.message()), HasSubstr("already delivered"));
  EXPECT_EQ(ShippedOrder(2, false).Deliver(999, kNow).status().code(), absl::StatusCode::kNotFound);
}

TEST(OrderDeliverTest, RefusesAShipmentOfAnOrderThatIsNotShipped) {
  Order o = ShippedOrder(3, false);
  o.status = OrderStatus::kCompleted;  // inconsistent on purpose: the status decides
  const absl::Status status = o.Deliver(100, kNow).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("ORDER_STATUS_COMPLETED"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("ORDER_STATUS_SHIPPED"));
}

// --- Complete ---------------------------------------------------------------------------------

TEST(OrderCompleteTest, CompletesADeliveredOrder) {
  absl::StatusOr<OrderTransition> t = MakeOrder(OrderStatus::kDelivered).Complete(kNow);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->order.status, OrderStatus::kCompleted);
  EXPECT_EQ(t->order.version, 5);
  ASSERT_EQ(t->events.size(), 1u);
  ExpectChange(EventAt<StatusChanged>(*t, 0).change, OrderStatus::kDelivered,
               OrderStatus::kCompleted, "system", "", kNow);
}

TEST(OrderCompleteTest, OnlyADeliveredOrderCompletes) {
  for (OrderStatus from : kStatuses) {
    if (from == OrderStatus::kDelivered) continue;
    SCOPED_TRACE(StatusName(from));
    ExpectRefused(MakeOrder(from).Complete(kNow).status(), from, OrderStatus::kCompleted);
  }
}

// --- Import -----------------------------------------------------------------------------------

TEST(OrderImportTest, AShippedOrLaterOrderHasEveryUnitShippedAndRecordsItsLastMove) {
  Order draft = MakeOrder(OrderStatus::kReceived);
  draft.subtotal_minor = 0;
  draft.total_minor = 0;
  draft.lines[0].discount_minor = 300;
  draft.lines[0].tax_minor = 81;
  const absl::Time closed = kT0 + absl::Hours(48);
  const OrderTransition t = Order::Import(draft, OrderStatus::kDelivered, kT0, closed);
  EXPECT_EQ(t.order.status, OrderStatus::kDelivered);
  EXPECT_TRUE(t.order.imported);
  EXPECT_EQ(t.order.lines[0].shipped_quantity, 3);
  EXPECT_EQ(t.order.lines[1].shipped_quantity, 2);
  EXPECT_EQ(t.order.subtotal_minor, 4000);
  EXPECT_EQ(t.order.discount_minor, 300);
  EXPECT_EQ(t.order.tax_minor, 81);
  EXPECT_EQ(t.order.total_minor, 3781);
  EXPECT_EQ(t.order.cost_minor, 2200);
  EXPECT_EQ(t.order.created_at, kT0);
  EXPECT_EQ(t.order.updated_at, closed);
  ASSERT_EQ(t.events.size(), 2u);
  const OrderPlaced& placed = EventAt<OrderPlaced>(t, 0);
  EXPECT_EQ(placed.change.actor, "import");
  EXPECT_EQ(placed.change.changed_at, kT0);
  ExpectChange(EventAt<StatusChanged>(t, 1).change, OrderStatus::kReceived, OrderStatus::kDelivered,
               "import", "imported", closed);
}

TEST(OrderImportTest, AReceivedOrderShipsNothingAndRecordsOnlyItsPlacing) {
  const OrderTransition t =
      Order::Import(MakeOrder(OrderStatus::kReceived), OrderStatus::kReceived, kT0, kT0);
  EXPECT_EQ(t.order.lines[0].shipped_quantity, 0);
  ASSERT_EQ(t.events.size(), 1u);
  EventAt<OrderPlaced>(t, 0);
}

TEST(OrderTest, PromotionTotalsSumEachPromotionInOrderOfFirstUse) {
  Order o = MakeOrder(OrderStatus::kReceived);
  o.lines[0].discounts = {{5, 100}, {3, 40}};
  o.lines[1].discounts = {{3, 10}};
  const std::vector<LineDiscount> totals = o.PromotionTotals();
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].promotion_id, 5);
  EXPECT_EQ(totals[0].amount_minor, 100);
  EXPECT_EQ(totals[1].promotion_id, 3);
  EXPECT_EQ(totals[1].amount_minor, 50);
}

// --- Promotion selection ------------------------------------------------------------------------

PromotionOffer Offer(int64_t id, const std::string& code, bool automatic) {
  PromotionOffer offer;
  offer.rule.id = id;
  offer.rule.code = code;
  offer.rule.kind = PromotionKind::kPercentOff;
  offer.rule.percent_off_bp = 1000;
  offer.automatic = automatic;
  offer.starts_at = kNow - absl::Hours(1);
  offer.ends_at = kNow + absl::Hours(1);
  return offer;
}

std::vector<int64_t> Ids(const std::vector<PromotionRule>& rules) {
  std::vector<int64_t> ids;
  for (const PromotionRule& r : rules) ids.push_back(r.id);
  return ids;
}

TEST(PromotionSelectionTest, EnteredCodesComeFirstInTheOrderEnteredThenAutomaticOnes) {
  const std::vector<PromotionOffer> offers = {Offer(1, "", true), Offer(2, "B", false),
                                              Offer(3, "C", false), Offer(4, "", true)};
  absl::StatusOr<std::vector<PromotionRule>> chosen = SelectPromotions({"C", "B"}, offers, kNow);
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_THAT(Ids(*chosen), ElementsAre(3, 2, 1, 4));
}

TEST(PromotionSelectionTest, AnAutomaticPromotionAlsoEnteredByCodeIsUsedOnce) {
  const std::vector<PromotionOffer> offers = {Offer(1, "", true), Offer(2, "AUTO", true)};
  absl::StatusOr<std::vector<PromotionRule>> chosen = SelectPromotions({"AUTO"}, offers, kNow);
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_THAT(Ids(*chosen), ElementsAre(2, 1));
}

TEST(PromotionSelectionTest, AnUnknownCodeIsInvalidNamingTheField) {
  const absl::Status status = SelectPromotions({"NOPE"}, {Offer(1, "B", false)}, kNow).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(status.message(), "order.promotion_codes: ")) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("NOPE"));
}

TEST(PromotionSelectionTest, TheWindowIncludesItsStartAndExcludesItsEnd) {
  PromotionOffer coded = Offer(1, "B", false);
  PromotionOffer automatic = Offer(2, "", true);
  coded.starts_at = automatic.starts_at = kNow;
  absl::StatusOr<std::vector<PromotionRule>> at_start =
      SelectPromotions({"B"}, {coded, automatic}, kNow);
  ASSERT_TRUE(at_start.ok()) << at_start.status();
  EXPECT_THAT(Ids(*at_start), ElementsAre(1, 2));

  coded.starts_at = automatic.starts_at = kNow - absl::Hours(1);
  coded.ends_at = automatic.ends_at = kNow + absl::Microseconds(1);
  absl::StatusOr<std::vector<PromotionRule>> just_before_end =
      SelectPromotions({"B"}, {coded, automatic}, kNow);
  ASSERT_TRUE(just_before_end.ok()) << just_before_end.status();
  EXPECT_THAT(Ids(*just_before_end), ElementsAre(1, 2));

  coded.ends_at = automatic.ends_at = kNow;
  const absl::Status at_end = SelectPromotions({"B"}, {coded, automatic}, kNow).status();
  EXPECT_EQ(at_end.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(at_end.message(), "order.promotion_codes: ")) << at_end;
  EXPECT_THAT(std::string(at_end.message()), HasSubstr("not valid at this time"));
  absl::StatusOr<std::vector<PromotionRule>> automatic_only =
      SelectPromotions({}, {coded, automatic}, kNow);
  ASSERT_TRUE(automatic_only.ok());
  EXPECT_TRUE(automatic_only->empty());  // an automatic one outside its window is skipped

  coded.starts_at = automatic.starts_at = kNow + absl::Microseconds(1);
  coded.ends_at = automatic.ends_at = kNow + absl::Hours(1);
  EXPECT_EQ(SelectPromotions({"B"}, {coded}, kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(SelectPromotions({}, {automatic}, kNow)->empty());
}

TEST(PromotionSelectionTest, ATotalUsageLimitReachedRefusesTheCodeAndSkipsTheAutomaticOne) {
  PromotionOffer coded = Offer(1, "B", false);
  PromotionOffer automatic = Offer(2, "", true);
  coded.usage_limit_total = automatic.usage_limit_total = 10;
  coded.used_count = automatic.used_count = 9;
  absl::StatusOr<std::vector<PromotionRule>> below =
      SelectPromotions({"B"}, {coded, automatic}, kNow);
  ASSERT_TRUE(below.ok()) << below.status();
  EXPECT_THAT(Ids(*below), ElementsAre(1, 2));

  coded.used_count = automatic.used_count = 10;
  const absl::Status reached = SelectPromotions({"B"}, {coded, automatic}, kNow).status();
  EXPECT_EQ(reached.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(reached.message()), HasSubstr("usage limit"));
  EXPECT_TRUE(SelectPromotions({}, {coded, automatic}, kNow)->empty());
}

TEST(PromotionSelectionTest, APerCustomerLimitCountsOnlyThisCustomersUses) {
  PromotionOffer coded = Offer(1, "B", false);
  PromotionOffer automatic = Offer(2, "", true);
  coded.usage_limit_per_customer = automatic.usage_limit_per_customer = 1;
  coded.used_count = automatic.used_count = 500;  // others' uses do not count
  coded.customer_uses = automatic.customer_uses = 0;
  EXPECT_THAT(Ids(*SelectPromotions({"B"}, {coded, automatic}, kNow)), ElementsAre(1, 2));
  coded.customer_uses = automatic.customer_uses = 1;
  EXPECT_EQ(SelectPromotions({"B"}, {coded, automatic}, kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(SelectPromotions({}, {coded, automatic}, kNow)->empty());
}

TEST(PromotionSelectionTest, ZeroLimitsMeanUnlimited) {
  PromotionOffer offer = Offer(1, "", true);
  offer.used_count = 1'000'000;
  offer.customer_uses = 1'000;
  EXPECT_TRUE(offer.WithinLimits());
  EXPECT_THAT(Ids(*SelectPromotions({}, {offer}, kNow)), ElementsAre(1));
}

// --- Return transitions -----------------------------------------------------------------------

constexpr std::array<ReturnStatus, 4> kReturnStatuses = {
    ReturnStatus::kRequested, ReturnStatus::kReceived, ReturnStatus::kResolved,
    ReturnStatus::kRejected};

// Written out by hand from the ReturnStatus comment in return.proto, independently of the
// table in return_status.cc. Rows `from`, columns `to`, in kReturnStatuses order:
//                                 REQ    RECV   RESV   REJ
constexpr bool kReturnAllowed[4][4] = {
    /* REQUESTED */ {false, true, false, true},
    /* RECEIVED  */ {false, false, true, false},
    /* RESOLVED  */ {false, false, false, false},
    /* REJECTED  */ {false, false, false, false},
};

TEST(ReturnStatusTest, EveryMoveMatchesTheDocumentedTable) {
  for (size_t f = 0; f < kReturnStatuses.size(); ++f) {
    for (size_t t = 0; t < kReturnStatuses.size(); ++t) {
      const ReturnStatus from = kReturnStatuses[f];
      const ReturnStatus to = kReturnStatuses[t];
      SCOPED_TRACE(std::string(ReturnStatusName(from)) + " -> " +
                   std::string(ReturnStatusName(to)));
      const absl::Status status = CheckReturnTransition(from, to);
      if (kReturnAllowed[f][t]) {
        EXPECT_TRUE(status.ok()) << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(status.message(), "cannot move return from " +
                                        std::string(ReturnStatusName(from)) + " to " +
                                        std::string(ReturnStatusName(to)));
      }
    }
  }
}

TEST(ReturnStatusTest, AllowedNextListsTheTableRow) {
  EXPECT_THAT(AllowedNextReturn(ReturnStatus::kRequested),
              ElementsAre(ReturnStatus::kReceived, ReturnStatus::kRejected));
  EXPECT_THAT(AllowedNextReturn(ReturnStatus::kReceived), ElementsAre(ReturnStatus::kResolved));
  EXPECT_TRUE(AllowedNextReturn(ReturnStatus::kResolved).empty());
  EXPECT_TRUE(AllowedNextReturn(ReturnStatus::kRejected).empty());
}

TEST(ReturnStatusTest, NamesMatchTheProtoEnum) {
  EXPECT_EQ(ReturnStatusName(ReturnStatus::kRequested), "RETURN_STATUS_REQUESTED");
  EXPECT_EQ(ReturnStatusName(ReturnStatus::kReceived), "RETURN_STATUS_RECEIVED");
  EXPECT_EQ(ReturnStatusName(ReturnStatus::kResolved), "RETURN_STATUS_RESOLVED");
  EXPECT_EQ(ReturnStatusName(ReturnStatus::kRejected), "RETURN_STATUS_REJECTED");
}

TEST(ReturnsTest, OnlyDeliveredOrCompletedOrdersTakeReturns) {
  for (OrderStatus status : kStatuses) {
    SCOPED_TRACE(StatusName(status));
    const absl::Status s = CheckTakesReturns("order_return.order", "orders/7", status);
    if (status == OrderStatus::kDelivered || status == OrderStatus::kCompleted) {
      EXPECT_TRUE(s.ok()) << s;
    } else {
      EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_TRUE(absl::StartsWith(s.message(), "order_return.order: orders/7 is ")) << s;
      EXPECT_THAT(std::string(s.message()), HasSubstr(std::string(StatusName(status))));
    }
  }
}

TEST(ReturnsTest, DeliveredAtIsTheLastMoveToDeliveredOrElseTheLastChange) {
  const std::vector<StatusChange> shipped_history = {
      {std::nullopt, OrderStatus::kReceived, "system", "", kT0},
      {OrderStatus::kReceived, OrderStatus::kConfirmed, "system", "", kT0 + absl::Hours(1)},
      {OrderStatus::kConfirmed, OrderStatus::kShipped, "system", "", kT0 + absl::Hours(2)},
      {OrderStatus::kShipped, OrderStatus::kDelivered, "system", "", kT0 + absl::Hours(3)},
      {OrderStatus::kDelivered, OrderStatus::kCompleted, "system", "", kT0 + absl::Hours(9)},
  };
  EXPECT_EQ(DeliveredAt(shipped_history), kT0 + absl::Hours(3));
  const std::vector<StatusChange> imported = {
      {std::nullopt, OrderStatus::kReceived, "import", "", kT0},
      {OrderStatus::kReceived, OrderStatus::kCompleted, "import", "imported", kT0 + absl::Hours(5)},
  };
  EXPECT_EQ(DeliveredAt(imported), kT0 + absl::Hours(5));
  EXPECT_EQ(DeliveredAt({}), absl::InfinitePast());
}

}  // namespace
}  // namespace sales::orders::domain
