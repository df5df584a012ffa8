// GetPromotionLift over gRPC when orders placed through the orders service use the
// promotion: the use figures (PromotionLift fields 17-20 and LiftLine.promotion_orders_actual)
// against values worked by hand from the orders' lines, with a cancelled order and an order
// of the promoted product without the code left out of the use. Orders are placed now, and a
// running promotion's window stops at yesterday, so the analytics server reads the clock a
// day ahead (--clock_offset_seconds=86400): "tomorrow", when today's orders are in the window.
#include <chrono>

#include "tests/harness/wait_for.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

class AnalyticsPromotionUseTest : public AnalyticsTest {
 protected:
  std::vector<std::string> AnalyticsArgs() const override {
    return {"--clock_offset_seconds=86400"};
  }

  // Places an order of `lines` from WH1 for `customer`, with `code` when not empty.
  ov1::Order Place(const std::string& customer,
                   const std::vector<std::pair<std::string, int64_t>>& lines,
                   const std::string& code) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("east");
    o->set_warehouse("WH1");
    for (const auto& [product, quantity] : lines) {
      ov1::OrderLine* line = o->add_lines();
      line->set_product(product);
      line->set_quantity(quantity);
    }
    if (!code.empty()) o->add_promotion_codes(code);
    ov1::Order out;
    const grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
};

TEST_F(AnalyticsPromotionUseTest, OrdersThatUsedThePromotionAreCountedByHand) {
  const std::string customer = NewCustomer();
  // A promoted (10% off); B of the same category, not promoted; C of another category.
  const std::string a = NewProduct("USE-A", 1000, 600, "snacks");
  const std::string b = NewProduct("USE-B", 500, 200, "snacks");
  const std::string c = NewProduct("USE-C", 2000, 1500, "tools");
  for (const std::string& p : {a, b, c}) Receive(p, "WH1", 100);

  ov1::CreatePromotionRequest create;
  ov1::Promotion* p = create.mutable_promotion();
  p->set_code("SNACK10");
  p->set_display_name("Snack ten");
  p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
  p->set_percent_off_bp(1000);
  *p->mutable_start_time() = Ts(absl::Now() - absl::Hours(1));
  *p->mutable_end_time() = Ts(absl::Now() + absl::Hours(3));
  p->add_products(a);
  ov1::Promotion promotion;
  const grpc::Status created = orders_->CreatePromotion(Ctx().get(), create, &promotion);
  ASSERT_TRUE(created.ok()) << created.error_message();

  // Cancelled first (its placement and cancellation precede the orders counted below in the
  // feed): 4 A with the code, not counted.
  const ov1::Order cancelled = Place(customer, {{a, 4}}, "SNACK10");
  ASSERT_EQ(cancelled.applied_promotions_size(), 1);
  ov1::CancelOrderRequest cancel;
  cancel.set_name(cancelled.name());
  cancel.set_reason("changed mind");
  ov1::Order ignored;
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &ignored).ok());
  // 1: 3 A + 2 B + 1 C with the code: 10% off A's line only, 3000 -> 300.
  const ov1::Order first = Place(customer, {{a, 3}, {b, 2}, {c, 1}}, "SNACK10");
  ASSERT_EQ(first.applied_promotions_size(), 1);
  EXPECT_EQ(first.applied_promotions(0).amount().minor_units(), 300);
  // 2: 1 A with the code: 100 off.
  const ov1::Order second = Place(customer, {{a, 1}}, "SNACK10");
  EXPECT_EQ(second.applied_promotions(0).amount().minor_units(), 100);
  // 3: 2 A without the code: the promoted product sold on another order.
  const ov1::Order third = Place(customer, {{a, 2}}, "");
  EXPECT_EQ(third.applied_promotions_size(), 0);

  av1::GetPromotionLiftRequest req;
  req.set_promotion(promotion.name());
  av1::PromotionLift lift;
  grpc::Status status;
  // Once A's 6 counted units are in (orders 1-3, after the cancelled one), everything is.
  ASSERT_TRUE(WaitFor(absl::Seconds(30),
                      [&] {
                        status = analytics_->GetPromotionLift(
                            CallCtx(std::chrono::seconds(60)).get(), req, &lift);
                        return status.ok() && lift.promoted_actual().units() == 6;
                      }))
      << status.error_message() << "\n"
      << lift.DebugString();

  // By hand. Counted orders that used the promotion: 1 and 2 (the cancelled one is not
  // counted, the third did not use it). Its discount: 300 + 100.
  EXPECT_EQ(lift.promotion_orders(), 2);
  EXPECT_EQ(lift.promotion_discount_minor(), 400);
  // A on those orders: 3 + 1 units; revenue (3000 - 300) + (1000 - 100) = 3600; cost
  // 4 x 600 = 2400, margin 1200. B and C on them are not promoted and not counted here.
  EXPECT_EQ(lift.promotion_orders_actual().units(), 4);
  EXPECT_EQ(lift.promotion_orders_actual().revenue_minor(), 3600);
  EXPECT_EQ(lift.promotion_orders_actual().margin_minor(), 1200);
  // A over the window: 6 units, 3600 + 2000 = 5600, margin 5600 - 3600 = 2000; on other
  // orders (the third): 2 units, 2000, margin 800.
  EXPECT_EQ(lift.promoted_actual().revenue_minor(), 5600);
  EXPECT_EQ(lift.promoted_actual().margin_minor(), 2000);
  EXPECT_EQ(lift.other_orders_actual().units(), 2);
  EXPECT_EQ(lift.other_orders_actual().revenue_minor(), 2000);
  EXPECT_EQ(lift.other_orders_actual().margin_minor(), 800);
  // Per line: A carries the use, B (same category, not promoted) none; C is not assessed.
  ASSERT_EQ(lift.lines_size(), 2);
  for (const av1::LiftLine& line : lift.lines()) {
    SCOPED_TRACE(line.product());
    if (line.product() == a) {
      EXPECT_TRUE(line.promoted());
      EXPECT_EQ(line.promotion_orders_actual().units(), 4);
      EXPECT_EQ(line.promotion_orders_actual().revenue_minor(), 3600);
      EXPECT_EQ(line.promotion_orders_actual().margin_minor(), 1200);
      EXPECT_EQ(line.actual().units(), 6);
    } else {
      EXPECT_EQ(line.product(), b);
      EXPECT_FALSE(line.promoted());
      EXPECT_EQ(line.promotion_orders_actual().units(), 0);
      EXPECT_EQ(line.promotion_orders_actual().revenue_minor(), 0);
      EXPECT_EQ(line.actual().units(), 2);
      EXPECT_EQ(line.actual().revenue_minor(), 1000);
    }
  }
}

}  // namespace
}  // namespace sales::testing
