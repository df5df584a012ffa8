// UpdatePromotion over gRPC against the real MariaDB: ending a promotion early, changing its
// limits and display name with a field mask; fields fixed at creation refused naming the
// field; limits below the uses already made refused; stale etags refused; request_id
// idempotent; every creation and change published as promotion_changed.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/integration/orders_fixture.h"
#include "tests/integration/schema_events.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace ev1 = ::sales::events::v1;

google::protobuf::Timestamp At(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

class OrdersPromotionUpdateTest : public OrdersTest {
 protected:
  void SetUp() override {
    OrdersTest::SetUp();
    customer_ = NewCustomer("Ann");
    product_ = NewProduct("PU-1", 1000, 400);
    Receive(product_, "WH1", 100);
    ov1::CreatePromotionRequest req;
    ov1::Promotion* p = req.mutable_promotion();
    p->set_code("SPRING");
    p->set_display_name("Spring sale");
    p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
    p->set_percent_off_bp(1000);
    start_ = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(1)));
    *p->mutable_start_time() = At(start_);
    *p->mutable_end_time() = At(absl::Now() + absl::Hours(24 * 30));
    const grpc::Status status = orders_->CreatePromotion(Ctx().get(), req, &promotion_);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Creates an order of `customer` with the code; returns the status.
  grpc::Status OrderWithCode(const std::string& customer, ov1::Order* out) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("north");
    o->set_warehouse("WH1");
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(1);
    o->add_promotion_codes("SPRING");
    return orders_->CreateOrder(Ctx().get(), req, out);
  }

  ov1::UpdatePromotionRequest Update(std::initializer_list<const char*> paths) {
    ov1::UpdatePromotionRequest req;
    req.mutable_promotion()->set_name(promotion_.name());
    for (const char* path : paths) req.mutable_update_mask()->add_paths(path);
    return req;
  }

  std::string customer_;
  std::string product_;
  absl::Time start_;
  ov1::Promotion promotion_;
};

TEST_F(OrdersPromotionUpdateTest, EndingEarlyStopsTheCodeAndChangesOnlyMaskedFields) {
  ov1::Order order;
  ASSERT_TRUE(OrderWithCode(customer_, &order).ok());

  ov1::UpdatePromotionRequest req = Update({"end_time", "display_name"});
  const absl::Time end = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  *req.mutable_promotion()->mutable_end_time() = At(end);
  req.mutable_promotion()->set_display_name("Spring sale (ended)");
  req.mutable_promotion()->set_usage_limit_total(99);  // not in the mask: ignored
  ov1::Promotion updated;
  grpc::Status status = orders_->UpdatePromotion(Ctx().get(), req, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.end_time().seconds(), absl::ToUnixSeconds(end));
  EXPECT_EQ(updated.display_name(), "Spring sale (ended)");
  EXPECT_EQ(updated.usage_limit_total(), 0);
  EXPECT_EQ(updated.code(), "SPRING");
  EXPECT_EQ(updated.percent_off_bp(), 1000);
  EXPECT_EQ(updated.used_count(), 1);
  EXPECT_NE(updated.etag(), promotion_.etag());

  ov1::GetPromotionRequest get;
  get.set_name(promotion_.name());
  ov1::Promotion read;
  ASSERT_TRUE(orders_->GetPromotion(Ctx().get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "Spring sale (ended)");
  EXPECT_EQ(read.end_time().seconds(), absl::ToUnixSeconds(end));
  EXPECT_EQ(read.etag(), updated.etag());

  // The code is no longer valid, and the promotion is not listed as valid now.
  EXPECT_RPC_ERROR(OrderWithCode(customer_, &order), StatusCode::FAILED_PRECONDITION,
                   "order.promotion_codes");
  ov1::ListPromotionsRequest list;
  *list.mutable_valid_at() = At(absl::Now() + absl::Seconds(1));
  ov1::ListPromotionsResponse valid;
  ASSERT_TRUE(orders_->ListPromotions(Ctx().get(), list, &valid).ok());
  EXPECT_EQ(valid.promotions_size(), 0);
}

TEST_F(OrdersPromotionUpdateTest, LimitsCannotGoBelowTheUsesMade) {
  ov1::Order order;
  ASSERT_TRUE(OrderWithCode(customer_, &order).ok());
  ASSERT_TRUE(OrderWithCode(customer_, &order).ok());
  const std::string other = NewCustomer("Bo");
  ASSERT_TRUE(OrderWithCode(other, &order).ok());  // used 3 times, Ann twice

  ov1::Promotion out;
  ov1::UpdatePromotionRequest total = Update({"usage_limit_total"});
  total.mutable_promotion()->set_usage_limit_total(2);
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), total, &out),
                   StatusCode::FAILED_PRECONDITION, "promotion.usage_limit_total");
  ov1::UpdatePromotionRequest per_customer = Update({"usage_limit_per_customer"});
  per_customer.mutable_promotion()->set_usage_limit_per_customer(1);
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), per_customer, &out),
                   StatusCode::FAILED_PRECONDITION, "promotion.usage_limit_per_customer");

  // At the uses made: allowed, and the next use is refused.
  total.mutable_promotion()->set_usage_limit_total(3);
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), total, &out).ok());
  EXPECT_EQ(out.usage_limit_total(), 3);
  EXPECT_RPC_ERROR(OrderWithCode(other, &order), StatusCode::FAILED_PRECONDITION,
                   "order.promotion_codes");

  // Raised total, per customer at Ann's two uses: Bo may use it once more, Ann not.
  ov1::UpdatePromotionRequest both = Update({"usage_limit_total", "usage_limit_per_customer"});
  both.mutable_promotion()->set_usage_limit_total(10);
  both.mutable_promotion()->set_usage_limit_per_customer(2);
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), both, &out).ok());
  EXPECT_EQ(out.usage_limit_per_customer(), 2);
  EXPECT_RPC_ERROR(OrderWithCode(customer_, &order), StatusCode::FAILED_PRECONDITION,
                   "order.promotion_codes");
  EXPECT_TRUE(OrderWithCode(other, &order).ok());

  // Back to unlimited (0) is always allowed.
  both.mutable_promotion()->set_usage_limit_total(0);
  both.mutable_promotion()->set_usage_limit_per_customer(0);
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), both, &out).ok());
  EXPECT_TRUE(OrderWithCode(customer_, &order).ok());

  ov1::UpdatePromotionRequest negative = Update({"usage_limit_total"});
  negative.mutable_promotion()->set_usage_limit_total(-1);
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), negative, &out),
                   StatusCode::INVALID_ARGUMENT, "promotion.usage_limit_total");
}

TEST_F(OrdersPromotionUpdateTest, FieldsFixedAtCreationAndBadInputAreRefused) {
  ov1::Promotion out;
  for (const char* path : {"code", "kind", "percent_off_bp", "amount_off", "products", "categories",
                           "start_time", "automatic", "exclusive", "threshold"}) {
    ov1::UpdatePromotionRequest req = Update({"display_name", path});
    req.mutable_promotion()->set_display_name("x");
    const grpc::Status status = orders_->UpdatePromotion(Ctx().get(), req, &out);
    EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_EQ(status.error_message().rfind("update_mask: '" + std::string(path) + "'", 0), 0u)
        << status.error_message();
  }
  ov1::UpdatePromotionRequest used = Update({"used_count"});
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), used, &out), StatusCode::INVALID_ARGUMENT,
                   "update_mask");
  ov1::UpdatePromotionRequest unknown = Update({"colour"});
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), unknown, &out),
                   StatusCode::INVALID_ARGUMENT, "update_mask");
  ov1::UpdatePromotionRequest empty = Update({});
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), empty, &out), StatusCode::INVALID_ARGUMENT,
                   "update_mask");

  // An end before (or at) the start: refused with the start in the message.
  ov1::UpdatePromotionRequest early = Update({"end_time"});
  *early.mutable_promotion()->mutable_end_time() = At(start_ - absl::Minutes(1));
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), early, &out), StatusCode::INVALID_ARGUMENT,
                   "promotion.end_time");
  *early.mutable_promotion()->mutable_end_time() = At(start_);
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), early, &out), StatusCode::INVALID_ARGUMENT,
                   "promotion.end_time");
  ov1::UpdatePromotionRequest unset = Update({"end_time"});
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), unset, &out), StatusCode::INVALID_ARGUMENT,
                   "promotion.end_time");
  ov1::UpdatePromotionRequest blank = Update({"display_name"});
  blank.mutable_promotion()->set_display_name(" ");
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), blank, &out), StatusCode::INVALID_ARGUMENT,
                   "promotion.display_name");

  ov1::UpdatePromotionRequest missing = Update({"display_name"});
  missing.mutable_promotion()->set_name("promotions/999999");
  missing.mutable_promotion()->set_display_name("x");
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), missing, &out), StatusCode::NOT_FOUND,
                   "promotions/999999");
  missing.mutable_promotion()->set_name("coupons/1");
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), missing, &out),
                   StatusCode::INVALID_ARGUMENT, "promotion.name");

  // Nothing changed.
  ov1::GetPromotionRequest get;
  get.set_name(promotion_.name());
  ov1::Promotion read;
  ASSERT_TRUE(orders_->GetPromotion(Ctx().get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "Spring sale");
  EXPECT_EQ(read.etag(), promotion_.etag());
}

TEST_F(OrdersPromotionUpdateTest, StaleEtagIsAbortedAndRequestIdIsIdempotent) {
  ov1::UpdatePromotionRequest first = Update({"display_name"});
  first.mutable_promotion()->set_display_name("Spring sale II");
  first.mutable_promotion()->set_etag(promotion_.etag());
  first.set_request_id("upd-1");
  ov1::Promotion a;
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), first, &a).ok());

  // A writer holding the old etag is refused and changes nothing.
  ov1::UpdatePromotionRequest stale = Update({"display_name"});
  stale.mutable_promotion()->set_display_name("Lost update");
  stale.mutable_promotion()->set_etag(promotion_.etag());
  ov1::Promotion out;
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), stale, &out), StatusCode::ABORTED,
                   "promotion.etag");

  // The same request again answers the first answer (its etag check is not re-run).
  ov1::Promotion b;
  const grpc::Status retry = orders_->UpdatePromotion(Ctx().get(), first, &b);
  ASSERT_TRUE(retry.ok()) << retry.error_message();
  EXPECT_EQ(b.SerializeAsString(), a.SerializeAsString());
  // The same id with another request is refused.
  ov1::UpdatePromotionRequest changed = first;
  changed.mutable_promotion()->set_display_name("Other");
  EXPECT_RPC_ERROR(orders_->UpdatePromotion(Ctx().get(), changed, &out),
                   StatusCode::INVALID_ARGUMENT, "request_id");

  ov1::GetPromotionRequest get;
  get.set_name(promotion_.name());
  ov1::Promotion read;
  ASSERT_TRUE(orders_->GetPromotion(Ctx().get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "Spring sale II");
  EXPECT_EQ(read.etag(), a.etag());
}

TEST_F(OrdersPromotionUpdateTest, CreationAndEachChangeArePublishedWithTheWholePromotion) {
  ov1::UpdatePromotionRequest end_early = Update({"end_time", "usage_limit_total"});
  const absl::Time end = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(2)));
  *end_early.mutable_promotion()->mutable_end_time() = At(end);
  end_early.mutable_promotion()->set_usage_limit_total(50);
  end_early.set_request_id("end-early-1");
  ov1::Promotion updated;
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), end_early, &updated).ok());
  // A retry changes nothing, so it publishes nothing either.
  ASSERT_TRUE(orders_->UpdatePromotion(Ctx().get(), end_early, &updated).ok());
  // A refused change publishes nothing.
  ov1::UpdatePromotionRequest refused = Update({"usage_limit_total"});
  refused.mutable_promotion()->set_usage_limit_total(-1);
  ov1::Promotion out;
  EXPECT_FALSE(orders_->UpdatePromotion(Ctx().get(), refused, &out).ok());

  std::vector<ev1::Event> events = ReadEvents(OrdersDb(), "promotion_changed");
  ASSERT_EQ(events.size(), 2u);
  std::sort(events.begin(), events.end(), [](const ev1::Event& a, const ev1::Event& b) {
    return a.promotion_changed().change() < b.promotion_changed().change();  // created first
  });
  const ev1::PromotionChanged& created = events[0].promotion_changed();
  EXPECT_EQ(events[0].aggregate(), promotion_.name());
  EXPECT_EQ(created.promotion(), promotion_.name());
  EXPECT_EQ(created.change(), "created");
  EXPECT_EQ(created.code(), "SPRING");
  EXPECT_EQ(created.kind(), "PROMOTION_KIND_PERCENT_OFF");
  EXPECT_EQ(created.percent_off_bp(), 1000);
  EXPECT_EQ(created.start_time().seconds(), absl::ToUnixSeconds(start_));
  EXPECT_EQ(created.end_time().seconds(), promotion_.end_time().seconds());
  EXPECT_EQ(created.usage_limit_total(), 0);
  EXPECT_FALSE(created.currency_code().empty());

  const ev1::PromotionChanged& changed = events[1].promotion_changed();
  EXPECT_EQ(changed.change(), "updated");
  EXPECT_EQ(changed.end_time().seconds(), absl::ToUnixSeconds(end));
  EXPECT_EQ(changed.usage_limit_total(), 50);
  EXPECT_EQ(changed.display_name(), "Spring sale");  // unmasked fields as they are
  EXPECT_EQ(changed.percent_off_bp(), 1000);
}

}  // namespace
}  // namespace sales::testing
