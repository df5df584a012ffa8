// Member privileges and delivery promises, over gRPC against MariaDB with both services
// running: orders learns each customer's tier from the customers feed (TierChanged), gives a
// tier-limited automatic promotion to gold and not to silver, refuses a code or a reserved
// product to a lower tier naming the tier needed (and allows the product after its window);
// an order carries a delivery promise in the business time zone, and a late delivery is
// reported late by the right number of days in the order and in the events.
#include "absl/time/civil_time.h"
#include "common/time_util.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

constexpr char kZone[] = "Asia/Shanghai";

google::protobuf::Timestamp At(absl::Time t) { return ToProtoTime(t); }

class MemberPrivilegesTest : public OrdersTest {
 protected:
  std::vector<std::string> OrdersArgs() const override {
    return {"--standard_delivery_days=3", absl::StrCat("--business_time_zone=", kZone)};
  }

  // A customer whose lifetime spend puts it in `tier` (customers' default thresholds:
  // silver from 100000, gold from 500000 minor units), once orders has seen the change.
  std::string CustomerOfTier(const std::string& name, const std::string& tier, int64_t spend) {
    const std::string customer = NewCustomer(name);
    cv1::EarnPointsRequest earn;
    earn.set_account(customer + "/loyaltyAccount");
    earn.set_points(1);
    earn.mutable_spend()->set_currency_code("CNY");
    earn.mutable_spend()->set_minor_units(spend);
    cv1::PointEntry entry;
    EXPECT_TRUE(customers_->EarnPoints(Ctx().get(), earn, &entry).ok());
    EXPECT_TRUE(WaitFor(absl::Seconds(20), [&] { return TierSeenByOrders(customer) == tier; }))
        << customer << " never reached " << tier << " in orders";
    return customer;
  }

  // The tier orders holds for the customer, from its own table (empty: none yet).
  std::string TierSeenByOrders(const std::string& customer) {
    const int64_t id = std::stoll(customer.substr(customer.find('/') + 1));
    std::string tier;
    const absl::Status status =
        db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          auto rs = tx.Query("SELECT tier FROM customer_tiers WHERE customer_id = ?", {id});
          tier = rs->next() ? std::string(rs->getString("tier")) : std::string();
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return tier;
  }

  grpc::Status CreatePromotion(const std::string& code, bool automatic, const std::string& min_tier,
                               ov1::Promotion* out) {
    ov1::CreatePromotionRequest req;
    ov1::Promotion* p = req.mutable_promotion();
    p->set_code(code);
    p->set_automatic(automatic);
    p->set_display_name("Members' sale");
    p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
    p->set_percent_off_bp(1000);
    *p->mutable_start_time() = At(absl::Now() - absl::Hours(1));
    *p->mutable_end_time() = At(absl::Now() + absl::Hours(24));
    p->set_min_tier(min_tier);
    return orders_->CreatePromotion(Ctx().get(), req, out);
  }

  ov1::CreateOrderRequest OrderOf(const std::string& customer, const std::string& product) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("east");
    o->set_warehouse("WH1");
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(1);
    return req;
  }

  grpc::Status Create(const ov1::CreateOrderRequest& req, ov1::Order* out) {
    return orders_->CreateOrder(Ctx().get(), req, out);
  }

  // Confirms, ships everything and delivers the one shipment.
  ov1::Order ConfirmShipDeliver(const std::string& order) {
    ov1::Order out;
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order);
    EXPECT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &out).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(order);
    ship.set_carrier("SF Express");
    ship.set_tracking_number("SF1");
    EXPECT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &out).ok());
    EXPECT_EQ(out.shipments_size(), 1);
    ov1::DeliverShipmentRequest deliver;
    deliver.set_name(out.shipments(0).name());
    const grpc::Status status = orders_->DeliverShipment(Ctx().get(), deliver, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The DELIVERED order_status_changed event of `order`.
  std::optional<events::v1::OrderStatusChanged> DeliveredEvent(const std::string& order) {
    for (const events::v1::Event& e : Events("order_status_changed")) {
      const events::v1::OrderStatusChanged& c = e.order_status_changed();
      if (c.order().order() == order && c.to_status() == "ORDER_STATUS_DELIVERED") return c;
    }
    return std::nullopt;
  }
};

std::vector<std::string> Applied(const ov1::Order& order) {
  std::vector<std::string> out;
  for (const ov1::LineDiscount& d : order.applied_promotions()) out.push_back(d.promotion());
  return out;
}

TEST_F(MemberPrivilegesTest, TierPromotionAppliesToGoldAndNotToSilver) {
  const std::string product = NewProduct("GOLD-1", 10000, 4000);
  ov1::Promotion automatic;
  ASSERT_TRUE(CreatePromotion("", true, "gold", &automatic).ok());
  EXPECT_EQ(automatic.min_tier(), "gold");
  ov1::Promotion vip;
  ASSERT_TRUE(CreatePromotion("VIP", false, "gold", &vip).ok());
  const std::string gold = CustomerOfTier("Gold member", "gold", 600000);
  const std::string silver = CustomerOfTier("Silver member", "silver", 200000);

  ov1::Order gold_order;
  ASSERT_TRUE(Create(OrderOf(gold, product), &gold_order).ok());
  EXPECT_EQ(gold_order.customer_tier(), "gold");
  EXPECT_EQ(Applied(gold_order), std::vector<std::string>{automatic.name()});
  EXPECT_EQ(gold_order.discount_total().minor_units(), 1000);

  ov1::Order silver_order;
  ASSERT_TRUE(Create(OrderOf(silver, product), &silver_order).ok());
  EXPECT_EQ(silver_order.customer_tier(), "silver");
  EXPECT_TRUE(Applied(silver_order).empty());
  EXPECT_EQ(silver_order.discount_total().minor_units(), 0);

  // The gold code is refused to silver, naming the tier needed; nothing is written.
  ov1::CreateOrderRequest with_code = OrderOf(silver, product);
  with_code.mutable_order()->add_promotion_codes("VIP");
  ov1::Order refused;
  const grpc::Status status = Create(with_code, &refused);
  EXPECT_RPC_ERROR(status, grpc::StatusCode::FAILED_PRECONDITION, "order.promotion_codes");
  EXPECT_RPC_ERROR_MENTIONS(status, grpc::StatusCode::FAILED_PRECONDITION,
                            "is for tier gold and up; " + silver + " is silver");
  EXPECT_EQ(EventCount("order_placed"), 2);
}

TEST_F(MemberPrivilegesTest, ReservedProductIsRefusedBelowTheTierUntilTheWindowEnds) {
  const std::string gold = CustomerOfTier("Gold member", "gold", 600000);
  const std::string silver = CustomerOfTier("Silver member", "silver", 200000);
  // Whole seconds, so that the message's time is exact.
  const absl::Time end = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 6);
  ov1::CreateProductRequest create;
  ov1::Product* p = create.mutable_product();
  p->set_sku("LAUNCH-1");
  p->set_display_name("Launch edition");
  p->set_category("general");
  p->set_unit("EA");
  p->mutable_list_price()->set_currency_code("CNY");
  p->mutable_list_price()->set_minor_units(5000);
  p->mutable_unit_cost()->set_currency_code("CNY");
  p->mutable_unit_cost()->set_minor_units(2000);
  p->mutable_tier_reservation()->set_min_tier("gold");
  *p->mutable_tier_reservation()->mutable_end_time() = At(end);
  ov1::Product product;
  ASSERT_TRUE(orders_->CreateProduct(Ctx().get(), create, &product).ok());
  EXPECT_EQ(product.tier_reservation().min_tier(), "gold");

  ov1::Order out;
  const grpc::Status refused = Create(OrderOf(silver, product.name()), &out);
  EXPECT_RPC_ERROR(refused, grpc::StatusCode::FAILED_PRECONDITION, "order.lines[0].product");
  EXPECT_RPC_ERROR_MENTIONS(
      refused, grpc::StatusCode::FAILED_PRECONDITION,
      absl::StrCat(product.name(), " is reserved for tier gold and up until ",
                   absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", end, absl::UTCTimeZone()), "; ", silver,
                   " is silver"));
  EXPECT_TRUE(Create(OrderOf(gold, product.name()), &out).ok());

  absl::SleepFor(end - absl::Now() + absl::Milliseconds(200));
  const grpc::Status after = Create(OrderOf(silver, product.name()), &out);
  EXPECT_TRUE(after.ok()) << after.error_message();
}

TEST_F(MemberPrivilegesTest, LateDeliveryIsReportedLateByTheRightNumberOfDays) {
  const std::string product = NewProduct("SHIP-1", 3000, 1000);
  Receive(product, "WH1", 10);
  const std::string customer = NewCustomer("Waiting customer");
  absl::TimeZone zone;
  ASSERT_TRUE(absl::LoadTimeZone(kZone, &zone));

  // Standard: three local days after the order's local day, in the business time zone.
  ov1::CreateOrderRequest standard = OrderOf(customer, product);
  standard.mutable_order()->mutable_delivery()->set_option(ov1::DELIVERY_OPTION_STANDARD);
  ov1::Order on_time;
  ASSERT_TRUE(Create(standard, &on_time).ok());
  const absl::CivilDay order_day = absl::ToCivilDay(FromProtoTime(on_time.create_time()), zone);
  EXPECT_EQ(on_time.delivery().promised_date(), absl::FormatCivilTime(order_day + 3));
  EXPECT_EQ(on_time.delivery().time_zone(), kZone);
  on_time = ConfirmShipDeliver(on_time.name());
  EXPECT_EQ(on_time.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_ON_TIME);
  EXPECT_EQ(on_time.delivery().days_late(), 0);

  // An order taken earlier, promised for 2026-11-20 (back-dated in orders' own table, as if
  // it had waited since then), delivered now: late by the local days since that date.
  ov1::Order late;
  ASSERT_TRUE(Create(standard, &late).ok());
  const int64_t late_id = std::stoll(late.name().substr(late.name().find('/') + 1));
  ASSERT_TRUE(
      db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
        tx.Exec(
            "UPDATE orders SET promised_date = '2026-11-20' "
            "WHERE id = ?",
            {late_id});
        return absl::OkStatus();
      }).ok());
  late = ConfirmShipDeliver(late.name());
  const absl::CivilDay delivered_day =
      absl::ToCivilDay(FromProtoTime(late.shipments(0).delivery_time()), zone);
  const int64_t expected = delivered_day - absl::CivilDay(2026, 11, 20);
  ASSERT_GT(expected, 0);
  EXPECT_EQ(late.delivery().promised_date(), "2026-11-20");
  EXPECT_EQ(late.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_LATE);
  EXPECT_EQ(late.delivery().days_late(), expected);
  EXPECT_EQ(late.shipments(0).delivery_days_late(), expected);
  EXPECT_EQ(late.shipments(0).ship_days_late(), expected);

  const std::optional<events::v1::OrderStatusChanged> event = DeliveredEvent(late.name());
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->order().delivery_option(), "DELIVERY_OPTION_STANDARD");
  EXPECT_EQ(event->order().promised_date(), "2026-11-20");
  EXPECT_EQ(event->order().delivery_time_zone(), kZone);
  EXPECT_EQ(event->order().delivery_punctuality(), "DELIVERY_PUNCTUALITY_LATE");
  EXPECT_EQ(event->order().delivery_days_late(), expected);
  const std::optional<events::v1::OrderStatusChanged> on_time_event =
      DeliveredEvent(on_time.name());
  ASSERT_TRUE(on_time_event.has_value());
  EXPECT_EQ(on_time_event->order().delivery_punctuality(), "DELIVERY_PUNCTUALITY_ON_TIME");

  // Scheduled: the date chosen.
  ov1::CreateOrderRequest scheduled = OrderOf(customer, product);
  scheduled.mutable_order()->mutable_delivery()->set_option(ov1::DELIVERY_OPTION_SCHEDULED);
  const std::string chosen = absl::FormatCivilTime(order_day + 10);
  scheduled.mutable_order()->mutable_delivery()->set_scheduled_date(chosen);
  ov1::Order planned;
  ASSERT_TRUE(Create(scheduled, &planned).ok());
  EXPECT_EQ(planned.delivery().promised_date(), chosen);
  EXPECT_EQ(planned.delivery().punctuality(), ov1::DELIVERY_PUNCTUALITY_UNSPECIFIED);
}

TEST_F(MemberPrivilegesTest, BadInputIsRefusedNamingTheField) {
  const std::string product = NewProduct("BAD-1", 1000, 100);
  const std::string customer = NewCustomer();
  ov1::Promotion promotion;
  EXPECT_RPC_ERROR(CreatePromotion("TIN", false, "bronze", &promotion),
                   grpc::StatusCode::INVALID_ARGUMENT, "promotion.min_tier");

  ov1::UpdateProductRequest update;
  update.mutable_product()->set_name(product);
  update.mutable_product()->mutable_tier_reservation()->set_min_tier("gold");
  *update.mutable_product()->mutable_tier_reservation()->mutable_start_time() =
      At(absl::Now() + absl::Hours(2));
  *update.mutable_product()->mutable_tier_reservation()->mutable_end_time() =
      At(absl::Now() + absl::Hours(1));
  update.mutable_update_mask()->add_paths("tier_reservation");
  ov1::Product out;
  EXPECT_RPC_ERROR(orders_->UpdateProduct(Ctx().get(), update, &out),
                   grpc::StatusCode::INVALID_ARGUMENT, "product.tier_reservation.end_time");
  update.mutable_product()->mutable_tier_reservation()->set_min_tier("");
  EXPECT_RPC_ERROR(orders_->UpdateProduct(Ctx().get(), update, &out),
                   grpc::StatusCode::INVALID_ARGUMENT, "product.tier_reservation.min_tier");

  ov1::Order order;
  ov1::CreateOrderRequest req = OrderOf(customer, product);
  req.mutable_order()->mutable_delivery()->set_option(ov1::DELIVERY_OPTION_SCHEDULED);
  EXPECT_RPC_ERROR(Create(req, &order), grpc::StatusCode::INVALID_ARGUMENT,
                   "order.delivery.scheduled_date");
  req.mutable_order()->mutable_delivery()->set_scheduled_date("2026-13-01");
  EXPECT_RPC_ERROR(Create(req, &order), grpc::StatusCode::INVALID_ARGUMENT,
                   "order.delivery.scheduled_date");
  req.mutable_order()->mutable_delivery()->set_scheduled_date("2020-01-01");
  EXPECT_RPC_ERROR(Create(req, &order), grpc::StatusCode::INVALID_ARGUMENT,
                   "order.delivery.scheduled_date");
  req.mutable_order()->mutable_delivery()->set_option(static_cast<ov1::DeliveryOption>(9));
  EXPECT_RPC_ERROR(Create(req, &order), grpc::StatusCode::INVALID_ARGUMENT,
                   "order.delivery.option");
  EXPECT_EQ(EventCount("order_placed"), 0);
}

}  // namespace
}  // namespace sales::testing
