// The kept market basket over gRPC against MariaDB: GetProductAffinity answers exactly as
// the analytics domain counts the orders the test imported (for a period counted on its
// own, and for one holding every order, which takes the kept recommender's counts), the
// same object while the orders feed has not moved, recounted in the background after new
// orders (its freshness telling the previous counts from the new), and the same as a
// freshly started server's answer; and the recommender warmed at
// start is fitted before the first caller asks.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "services/analytics/src/domain/basket.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

namespace dom = ::sales::analytics::domain;
using google::protobuf::util::MessageDifferencer;

class AnalyticsBasketTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    if (HasFatalFailure()) return;
    for (const char* sku : {"KB-A", "KB-B", "KB-C", "KB-D"}) {
      const std::string product =
          NewProduct(sku, 1000, 600, sku < std::string("KB-C") ? "tea" : "cups");
      products_.push_back(product);
      display_names_[product] = absl::StrCat("Product ", sku);  // as NewProduct names it
    }
    std::sort(products_.begin(), products_.end());  // ids follow the names' order
  }

  // A completed order of products (by id) on day `day` of March 2025 at noon, kept also as
  // the domain's basket.
  ov1::ImportedOrder Order(const std::string& ref, int customer, std::vector<int32_t> ids,
                           int day) {
    const absl::Time at = absl::FromCivil(absl::CivilSecond(2025, 3, day, 12, 0, 0), Zone());
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(absl::StrCat("customers/", customer));
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    for (const int32_t id : ids) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(products_[static_cast<size_t>(id)]);
      line->set_quantity(1);
      line->mutable_unit_price()->set_minor_units(1000);
      line->mutable_unit_cost()->set_minor_units(600);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(at);
    *o.mutable_close_time() = Ts(at + absl::Hours(48));
    std::sort(ids.begin(), ids.end());
    baskets_.push_back({std::move(ids), day});
    return o;
  }

  // Waits until analytics has ingested `orders` counted orders.
  bool WaitForOrders(int64_t orders) {
    av1::GetKpisRequest req;
    *req.mutable_period() = Range("2025-01-01", "2025-12-31");
    return WaitFor(absl::Seconds(20), [&] {
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == orders;
    });
  }

  static av1::PeriodSpec Range(const std::string& first, const std::string& last) {
    av1::PeriodSpec p;
    p.set_granularity(av1::GRANULARITY_CUSTOM);
    p.set_first_day(first);
    p.set_last_day(last);
    return p;
  }

  av1::ProductAffinity Affinity(const av1::PeriodSpec& period) {
    av1::GetProductAffinityRequest req;
    *req.mutable_period() = period;
    av1::ProductAffinity out;
    const grpc::Status status = analytics_->GetProductAffinity(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // What a fresh count of the baskets placed on March days [first, last] gives: the pairs
  // with two orders or more, as GetProductAffinity lists them.
  av1::ProductAffinity Expected(int first, int last) const {
    dom::CoPurchaseCounts counts(static_cast<int32_t>(products_.size()));
    for (const auto& [ids, day] : baskets_) {
      if (day >= first && day <= last) counts.AddDistinct(ids);
    }
    std::vector<int32_t> order_key(products_.size());
    for (size_t k = 0; k < order_key.size(); ++k) order_key[k] = static_cast<int32_t>(k);
    const std::vector<dom::AssociationPair> pairs =
        dom::AssociationPairs(counts, 0.0, std::nullopt, order_key);
    av1::ProductAffinity out;
    out.set_orders(counts.orders());
    out.set_matching_pairs(static_cast<int64_t>(pairs.size()));
    for (const dom::AssociationPair& p : pairs) {
      av1::ProductPair* pair = out.add_pairs();
      pair->set_product_a(products_[static_cast<size_t>(p.a)]);
      pair->set_product_b(products_[static_cast<size_t>(p.b)]);
      pair->set_orders_with_both(p.both);
      pair->set_orders_with_a(p.orders_a);
      pair->set_orders_with_b(p.orders_b);
      pair->set_support(p.support);
      pair->set_confidence_a_to_b(p.confidence_a_to_b);
      pair->set_confidence_b_to_a(p.confidence_b_to_a);
      pair->set_lift(p.lift);
      pair->set_display_name_a(display_names_.at(pair->product_a()));
      pair->set_display_name_b(display_names_.at(pair->product_b()));
    }
    return out;
  }

  // The figures of an answer without its period and freshness (the expected answers have
  // neither).
  static av1::ProductAffinity Figures(av1::ProductAffinity a) {
    a.clear_period();
    a.clear_freshness();
    return a;
  }

  // Twelve orders over March 2025: A with B often, C with D sometimes, on days 3 to 14.
  std::vector<ov1::ImportedOrder> PlanOrders() {
    return {Order("kb-1", 1, {0, 1}, 3),    Order("kb-2", 2, {0, 1, 2}, 3),
            Order("kb-3", 3, {0, 1}, 4),    Order("kb-4", 4, {2, 3}, 5),
            Order("kb-5", 5, {2, 3, 0}, 6), Order("kb-6", 1, {1}, 7),
            Order("kb-7", 2, {0, 1, 3}, 8), Order("kb-8", 3, {3}, 9),
            Order("kb-9", 4, {0, 2}, 10),   Order("kb-10", 5, {1, 2, 3}, 11),
            Order("kb-11", 6, {0, 1}, 12),  Order("kb-12", 7, {2, 3}, 14)};
  }

  std::vector<std::string> products_;                          // by id: sorted names
  std::map<std::string, std::string> display_names_;           // product -> its display name
  std::vector<std::pair<std::vector<int32_t>, int>> baskets_;  // (product ids, March day)
};

TEST_F(AnalyticsBasketTest, KeptBasketAnswersAsAFreshCountAndIsRecountedAfterNewOrders) {
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(12));
  const av1::PeriodSpec march = Range("2025-03-01", "2025-03-31");
  const av1::ProductAffinity first = Affinity(march);
  EXPECT_EQ(first.orders(), 12);
  ASSERT_GT(first.pairs_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(first), Expected(1, 31)))
      << first.DebugString() << "\nexpected:\n"
      << Expected(1, 31).DebugString();
  // The feed has not moved: the same answer.
  EXPECT_TRUE(MessageDifferencer::Equals(Affinity(march), first));
  // A period of its own (days 5 to 10), counted on its own.
  const av1::PeriodSpec part = Range("2025-03-05", "2025-03-10");
  const av1::ProductAffinity counted = Affinity(part);
  EXPECT_EQ(counted.orders(), 6);
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(counted), Expected(5, 10)))
      << counted.DebugString();
  // Once the recommender is fitted (every order), a period holding every order takes its
  // counts: the same figures.
  av1::RecommendProductsRequest rec;
  rec.set_customer("customers/1");
  av1::ProductRecommendations recs;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), rec, &recs).ok());
  ASSERT_EQ(recs.model_orders(), 12);
  const av1::PeriodSpec year = Range("2025-01-01", "2025-12-31");
  const av1::ProductAffinity shared = Affinity(year);
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(shared), Expected(1, 31))) << shared.DebugString();

  // A new order of A and D on March 20: the next answers are recounted in the background,
  // the previous counts answering meanwhile.
  ImportOrders({Order("kb-13", 8, {0, 3}, 20)});
  ASSERT_TRUE(WaitForOrders(13));
  // Its freshness says which: the previous counts carry the previous feed position.
  const av1::ProductAffinity during = Affinity(march);
  EXPECT_TRUE(during.orders() == 12 || during.orders() == 13) << during.orders();
  if (during.orders() == 12) {
    EXPECT_EQ(during.freshness().orders_position(), first.freshness().orders_position());
  } else {
    EXPECT_GT(during.freshness().orders_position(), first.freshness().orders_position());
  }
  av1::ProductAffinity after;
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    after = Affinity(march);
    return after.orders() == 13;
  })) << after.DebugString();
  EXPECT_GT(after.freshness().orders_position(), first.freshness().orders_position());
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(after), Expected(1, 31))) << after.DebugString();
  // The days without the new order: unchanged figures, recounted at the new position.
  av1::ProductAffinity recounted;
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    recounted = Affinity(part);
    return recounted.freshness().orders_position() == after.freshness().orders_position();
  })) << recounted.DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(recounted), Figures(counted)));
  EXPECT_EQ(recounted.period().first_day(), counted.period().first_day());

  // A freshly started server (nothing kept) answers the same.
  analytics_.reset();
  analytics_server_.reset();
  StartAnalytics();
  ASSERT_NE(analytics_, nullptr);
  // (Its freshness holds the same orders position; the customers feed's, read anew, may have
  // moved.)
  const av1::ProductAffinity restarted = Affinity(march);
  EXPECT_TRUE(MessageDifferencer::Equals(Figures(restarted), Figures(after)))
      << restarted.DebugString();
  EXPECT_EQ(restarted.freshness().orders_position(), after.freshness().orders_position());
}

TEST_F(AnalyticsBasketTest, TheRecommenderWarmedAtStartIsFittedBeforeTheFirstCall) {
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(12));
  // Restarted with orders in its facts: the recommender is fitted in the background at
  // start (--warm_recommender, on by default), not by the first call.
  analytics_.reset();
  analytics_server_.reset();
  StartAnalytics();
  ASSERT_NE(analytics_, nullptr);
  absl::SleepFor(absl::Seconds(2));  // twelve orders fit in far less
  const absl::Time asked = absl::Now();
  av1::RecommendProductsRequest rec;
  rec.set_customer("customers/1");
  av1::ProductRecommendations recs;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), rec, &recs).ok());
  EXPECT_EQ(recs.model_orders(), 12);
  EXPECT_LT(absl::FromUnixSeconds(recs.model_fit_time().seconds()) +
                absl::Nanoseconds(recs.model_fit_time().nanos()),
            asked);
}

}  // namespace
}  // namespace sales::testing
