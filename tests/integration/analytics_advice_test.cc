// Advice over gRPC against MariaDB: ten customers whose orders are imported through the
// orders service with known recency, frequency, money and baskets; then GetCustomerActions
// (the hibernating customer's re-engagement by hand, the champion's reward and the at-risk
// customer's win-back from the figures the answer reports, the product offer from the
// recommender's holdout), GetActionSummary (adding up to the customers' actions) and
// ListTopActions (paged by expected value); bad input refused naming the field. And the
// recommender kept in the process: the same answers as a fresh fit of the domain, kept
// while young, refitted after new orders once older than --recommender_max_age_seconds. And
// the advice's population inputs kept the same way (one computation per as-of day, reused,
// recomputed after new orders), with product offers from no order after the as-of day.
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "services/analytics/src/domain/basket.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace dom = ::sales::analytics::domain;

constexpr char kAsOf[] = "2025-06-30";
constexpr int64_t kPrice = 1000;
constexpr int64_t kCost = 600;

// Customer i (1-10): days from the last order to kAsOf, and orders (10 days apart).
constexpr int kRecency[] = {0, 5, 20, 40, 60, 80, 100, 150, 200, 250, 300};
constexpr int kOrders[] = {0, 10, 8, 7, 6, 5, 4, 9, 1, 3, 2};

class AnalyticsAdviceTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    if (HasFatalFailure()) return;
    a_ = NewProduct("NBA-A", kPrice, kCost, "tea");
    b_ = NewProduct("NBA-B", kPrice, kCost, "tea");
    c_ = NewProduct("NBA-C", kPrice, kCost, "cups");
  }

  static absl::Time OrderTime(int days_before_as_of) {
    return absl::FromCivil(absl::CivilSecond(2025, 6, 30 - days_before_as_of, 12, 0, 0), Zone());
  }

  // Every order holds A; the k-th order back (k = 0 the last) also holds B when k is odd,
  // and the last order of an even-numbered customer also holds C. Customer 8 thus bought
  // {A, C} once, and B is what co-purchases suggest.
  std::vector<ov1::ImportedOrder> PlanOrders() {
    std::vector<ov1::ImportedOrder> out;
    for (int i = 1; i <= 10; ++i) {
      for (int k = 0; k < kOrders[i]; ++k) {
        std::vector<std::string> products = {a_};
        if (k % 2 == 1) products.push_back(b_);
        if (k == 0 && i % 2 == 0) products.push_back(c_);
        const std::string customer = absl::StrCat("customers/", i);
        out.push_back(Order(absl::StrCat("nba-", i, "-", k), customer, products,
                            OrderTime(kRecency[i] + 10 * k)));
        dom::Basket basket;
        basket.time = OrderTime(kRecency[i] + 10 * k);
        basket.order = out.back().external_ref();
        basket.customer = i;
        for (const std::string& p : products) basket.products.push_back(ProductId(p));
        std::sort(basket.products.begin(), basket.products.end());
        baskets_.push_back(basket);
      }
    }
    return out;
  }

  // Products are numbered in the order of their names, as the recommender numbers them.
  int32_t ProductId(const std::string& product) const {
    std::vector<std::string> names = {a_, b_, c_};
    std::sort(names.begin(), names.end());
    return static_cast<int32_t>(std::find(names.begin(), names.end(), product) - names.begin());
  }

  static ov1::ImportedOrder Order(const std::string& ref, const std::string& customer,
                                  const std::vector<std::string>& products, absl::Time at) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    for (const std::string& product : products) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(product);
      line->set_quantity(1);
      line->mutable_unit_price()->set_minor_units(kPrice);
      line->mutable_unit_cost()->set_minor_units(kCost);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(at);
    *o.mutable_close_time() = Ts(at + absl::Hours(2));
    return o;
  }

  // Waits until analytics has ingested `orders` counted orders.
  bool WaitForOrders(int64_t orders) {
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    req.mutable_period()->set_first_day("2024-01-01");
    req.mutable_period()->set_last_day("2026-12-31");
    return WaitFor(absl::Seconds(20), [&] {
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == orders;
    });
  }

  av1::CustomerAdvice Advice(int customer, const av1::AdvicePolicy& policy = {}) {
    av1::GetCustomerActionsRequest req;
    req.set_customer(absl::StrCat("customers/", customer));
    req.set_as_of_day(kAsOf);
    *req.mutable_policy() = policy;
    av1::CustomerAdvice out;
    const grpc::Status status = analytics_->GetCustomerActions(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::ActionSummary SummaryOf(const std::string& as_of) {
    av1::GetActionSummaryRequest req;
    req.set_as_of_day(as_of);
    av1::ActionSummary out;
    const grpc::Status status = analytics_->GetActionSummary(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static const av1::CustomerAction* Find(const av1::CustomerActions& c, av1::ActionKind kind) {
    for (const av1::CustomerAction& a : c.actions()) {
      if (a.kind() == kind) return &a;
    }
    return nullptr;
  }

  // One order of `products` for each of `count` new customers (numbered from next_customer_)
  // at `at`, added to `orders`.
  void NewBuyers(int count, const std::vector<std::string>& products, absl::Time at,
                 std::vector<ov1::ImportedOrder>& orders) {
    for (int i = 0; i < count; ++i) {
      orders.push_back(Order(absl::StrCat("planted-", orders.size()),
                             absl::StrCat("customers/", next_customer_++), products, at));
    }
  }

  // For each of `count` new customers, an order of `first` and a later one of `then`: the
  // customers the recommender's holdout checks (their last order hidden).
  void CheckedBuyers(int count, const std::string& first, const std::string& then,
                     std::vector<ov1::ImportedOrder>& orders) {
    for (int i = 0; i < count; ++i) {
      const std::string customer = absl::StrCat("customers/", next_customer_++);
      orders.push_back(
          Order(absl::StrCat("planted-", orders.size()), customer, {first}, OrderTime(20)));
      orders.push_back(
          Order(absl::StrCat("planted-", orders.size()), customer, {then}, OrderTime(10)));
    }
  }

  // Imports planted orders and the asking customer's one order of `bought`; then the
  // asking customer's advice considering one recommendation rank, and RecommendProducts'
  // one product for them.
  std::pair<av1::CustomerAdvice, av1::ProductRecommendations> PlantAndAsk(
      std::vector<ov1::ImportedOrder> orders, const std::vector<std::string>& bought) {
    orders.push_back(Order("planted-asking", "customers/500", bought, OrderTime(20)));
    ImportOrders(orders);
    EXPECT_TRUE(WaitForOrders(static_cast<int64_t>(orders.size())));
    av1::AdvicePolicy one_rank;
    one_rank.set_product_offers(1);
    av1::RecommendProductsRequest req;
    req.set_customer("customers/500");
    req.set_count(1);
    av1::ProductRecommendations recs;
    const grpc::Status status = analytics_->RecommendProducts(Ctx().get(), req, &recs);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {Advice(500, one_rank), recs};
  }

  // Checks that RecommendProducts served `method` with `product` and that the advice offers
  // the same product by the same method for the same reason; the offer (null if none).
  static const av1::CustomerAction* ExpectOfferAsServed(const av1::CustomerAdvice& advice,
                                                        const av1::ProductRecommendations& recs,
                                                        av1::RecommendationMethod method,
                                                        const std::string& product) {
    EXPECT_EQ(recs.served_method(), method);
    EXPECT_EQ(recs.products_size(), 1);
    if (recs.products_size() > 0) {
      EXPECT_EQ(recs.products(0).product(), product);
    }
    EXPECT_EQ(advice.basis().offer_method(), method);
    EXPECT_EQ(advice.basis().offer_method_reason(), recs.served_method_reason());
    const av1::CustomerAction* offer =
        Find(advice.customer_actions(), av1::ACTION_KIND_OFFER_PRODUCT);
    EXPECT_NE(offer, nullptr);
    if (offer == nullptr) return nullptr;
    EXPECT_EQ(offer->product(), product);
    EXPECT_EQ(offer->recommendation_method(), method);
    return offer;
  }

  int64_t TotalOrders() const {
    int64_t n = 0;
    for (int i = 1; i <= 10; ++i) n += kOrders[i];
    return n;
  }

  std::string a_, b_, c_;
  std::vector<dom::Basket> baskets_;
  int next_customer_ = 1;
};

TEST_F(AnalyticsAdviceTest, ActionsOfKnownCustomersByTheirFigures) {
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));

  // Customer 8: one order of A and C 200 days ago, the fewest purchases and the least money:
  // R2 FM1, hibernating. Re-engage: net 2000, cost 1200 per order, the default 10% offer:
  // 0.05 x (800 - 0.10 x 2000) = 30.
  const av1::CustomerAdvice c8 = Advice(8);
  EXPECT_EQ(c8.customer_actions().segment(), "hibernating");
  const av1::CustomerAction* re_engage = Find(c8.customer_actions(), av1::ACTION_KIND_RE_ENGAGE);
  ASSERT_NE(re_engage, nullptr);
  EXPECT_EQ(re_engage->expected_value_minor(), 30);
  EXPECT_DOUBLE_EQ(re_engage->discount(), 0.10);
  // Prices never varied: no usable elasticity, so the stated default depth, and the EV
  // without a take-up factor.
  EXPECT_EQ(re_engage->discount_source().rfind("default", 0), 0u) << re_engage->discount_source();
  EXPECT_NE(
      re_engage->discount_source().find("0 of the customer's 2 products have a usable estimate"),
      std::string::npos)
      << re_engage->discount_source();
  EXPECT_FALSE(re_engage->has_elasticity());
  EXPECT_EQ(c8.assumptions().offer_discount_source().rfind("per customer", 0), 0u);
  EXPECT_EQ(c8.assumptions().offer_depths_size(), 5);
  EXPECT_FALSE(c8.basis().elasticity_weeks().empty());
  // Its product offer: B, the one product it has not bought. In the holdout every
  // even-numbered customer's hidden last order brings C, first in both the item-to-item and
  // the most popular lists: a tie at three products (the default product_offers), so the
  // most popular products are served, as RecommendProducts serves three. B is worth
  // P(alive) x that list's holdout precision at the first rank (4 of 4) x margin 400 (one
  // line of B per order).
  const av1::CustomerAction* offer = Find(c8.customer_actions(), av1::ACTION_KIND_OFFER_PRODUCT);
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(offer->product(), b_);
  const dom::RankedHoldout holdout(baskets_, 3, 50);
  const dom::MethodChoice served = dom::ChooseRecommendationMethod(holdout.At(3), 3);
  EXPECT_EQ(served.method, dom::RecommendationMethod::kMostPopular);
  EXPECT_EQ(offer->recommendation_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  EXPECT_EQ(c8.basis().offer_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  EXPECT_EQ(c8.basis().offer_method_reason(), served.reason);
  EXPECT_NE(offer->reason().find(served.reason), std::string::npos) << offer->reason();
  ASSERT_TRUE(holdout.PopularPrecision(0).has_value());
  EXPECT_EQ(holdout.PopularShown(0), 4);
  EXPECT_DOUBLE_EQ(*holdout.PopularPrecision(0), 1.0);
  ASSERT_TRUE(c8.customer_actions().has_probability_alive());
  EXPECT_EQ(offer->expected_value_minor(), std::llround(c8.customer_actions().probability_alive() *
                                                        *holdout.PopularPrecision(0) * 400.0));
  // One order, no repeat: BG/NBD's P(alive) is 1.
  EXPECT_DOUBLE_EQ(c8.customer_actions().probability_alive(), 1.0);
  // The actions are ranked by expected value.
  for (int k = 1; k < c8.customer_actions().actions_size(); ++k) {
    EXPECT_GE(c8.customer_actions().actions(k - 1).expected_value_minor(),
              c8.customer_actions().actions(k).expected_value_minor());
  }

  // Customer 1: ten orders, the last 5 days ago: a champion, rewarded with 5% of its CLV.
  const av1::CustomerAdvice c1 = Advice(1);
  EXPECT_EQ(c1.customer_actions().segment(), "champions");
  ASSERT_TRUE(c1.basis().lifetime_value_fitted());
  ASSERT_TRUE(c1.customer_actions().has_lifetime_value_minor());
  const av1::CustomerAction* reward = Find(c1.customer_actions(), av1::ACTION_KIND_REWARD_CHAMPION);
  ASSERT_NE(reward, nullptr);
  EXPECT_EQ(reward->expected_value_minor(),
            std::llround(0.05 * static_cast<double>(c1.customer_actions().lifetime_value_minor())));
  EXPECT_GT(reward->expected_value_minor(), 0);

  // Customer 7: nine orders but none for 150 days: R2 FM5, at risk. With every CLV counted
  // as high (quantile 0), it is won back: 0.10 x (1 - P(alive)) x CLV / P(alive).
  av1::AdvicePolicy all_high;
  all_high.set_high_value_quantile(0.0);
  const av1::CustomerAdvice c7 = Advice(7, all_high);
  EXPECT_EQ(c7.customer_actions().segment(), "at_risk");
  const av1::CustomerAction* win_back = Find(c7.customer_actions(), av1::ACTION_KIND_WIN_BACK);
  ASSERT_NE(win_back, nullptr);
  const double alive = c7.customer_actions().probability_alive();
  const double clv = static_cast<double>(c7.customer_actions().lifetime_value_minor());
  EXPECT_EQ(win_back->expected_value_minor(), std::llround(0.10 * (1.0 - alive) * clv / alive));
  EXPECT_LE(c7.assumptions().high_value_threshold_minor(),
            c7.customer_actions().lifetime_value_minor());
  // With a threshold above its CLV, no win-back.
  av1::AdvicePolicy none_high;
  none_high.set_high_value_quantile(1.0);
  const av1::CustomerAdvice c7_top_only = Advice(7, none_high);
  if (c7_top_only.assumptions().high_value_threshold_minor() >
      c7.customer_actions().lifetime_value_minor()) {
    EXPECT_EQ(Find(c7_top_only.customer_actions(), av1::ACTION_KIND_WIN_BACK), nullptr);
  }
  // A deeper offer is the caller's: its source says so, and the EV follows:
  // 0.05 x (800 - 0.3 x 2000) = 10.
  av1::AdvicePolicy deep;
  deep.set_offer_discount(0.3);
  const av1::CustomerAdvice c8_deep = Advice(8, deep);
  EXPECT_EQ(c8_deep.assumptions().offer_discount_source(), "request");
  EXPECT_EQ(Find(c8_deep.customer_actions(), av1::ACTION_KIND_RE_ENGAGE)->discount_source(),
            "request");
  EXPECT_EQ(Find(c8_deep.customer_actions(), av1::ACTION_KIND_RE_ENGAGE)->expected_value_minor(),
            10);
  EXPECT_EQ(c8_deep.assumptions().formulas_size(), 4);
}

TEST_F(AnalyticsAdviceTest, SummaryAndPagedTopActionsAddUpToTheCustomersActions) {
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));
  // Every customer's actions, one by one.
  std::map<std::string, av1::CustomerActions> each;
  for (int i = 1; i <= 10; ++i) {
    const av1::CustomerAdvice a = Advice(i);
    each[a.customer_actions().customer()] = a.customer_actions();
  }
  av1::GetActionSummaryRequest sreq;
  sreq.set_as_of_day(kAsOf);
  av1::ActionSummary summary;
  ASSERT_TRUE(analytics_->GetActionSummary(Ctx().get(), sreq, &summary).ok());
  EXPECT_EQ(summary.customers(), 10);
  ASSERT_EQ(summary.segments_size(), 11);
  // Per segment and kind: the candidates and their values are those of the customers.
  std::map<std::pair<std::string, int>, std::pair<int64_t, int64_t>> expected;
  std::map<std::string, int64_t> customers_in;
  int64_t top_total = 0;
  int64_t with_action = 0;
  for (const auto& [name, c] : each) {
    ++customers_in[c.segment()];
    for (const av1::CustomerAction& a : c.actions()) {
      auto& e = expected[{c.segment(), a.kind()}];
      ++e.first;
      e.second += a.expected_value_minor();
    }
    for (const av1::CustomerAction& a : c.actions()) {
      if (a.expected_value_minor() > 0) {
        top_total += a.expected_value_minor();
        ++with_action;
        break;
      }
    }
  }
  for (const av1::SegmentActions& s : summary.segments()) {
    EXPECT_EQ(s.customers(), customers_in[s.segment()]) << s.segment();
    for (const av1::SegmentActionTotal& t : s.actions()) {
      const auto e = expected[{s.segment(), t.kind()}];
      EXPECT_EQ(t.candidates(), e.first) << s.segment() << " " << t.kind();
      EXPECT_EQ(t.candidate_value_minor(), e.second) << s.segment() << " " << t.kind();
    }
  }
  EXPECT_EQ(summary.top_value_minor(), top_total);
  EXPECT_EQ(summary.customers_with_action(), with_action);

  // The top actions in pages of 3: each customer with a top action once, highest first.
  av1::ListTopActionsRequest lreq;
  lreq.set_as_of_day(kAsOf);
  lreq.set_page_size(3);
  std::vector<av1::TopAction> all;
  for (int guard = 0; guard < 10; ++guard) {
    av1::ListTopActionsResponse page;
    ASSERT_TRUE(analytics_->ListTopActions(Ctx().get(), lreq, &page).ok());
    EXPECT_EQ(page.total_size(), with_action);
    EXPECT_LE(page.top_actions_size(), 3);
    all.insert(all.end(), page.top_actions().begin(), page.top_actions().end());
    if (page.next_page_token().empty()) break;
    lreq.set_page_token(page.next_page_token());
  }
  ASSERT_EQ(static_cast<int64_t>(all.size()), with_action);
  std::set<std::string> seen;
  int64_t listed_total = 0;
  for (size_t k = 0; k < all.size(); ++k) {
    EXPECT_TRUE(seen.insert(all[k].customer()).second) << all[k].customer();
    if (k > 0) {
      EXPECT_GE(all[k - 1].action().expected_value_minor(), all[k].action().expected_value_minor());
    }
    listed_total += all[k].action().expected_value_minor();
    // The top action is the customer's best positive one.
    const av1::CustomerActions& c = each[all[k].customer()];
    EXPECT_EQ(all[k].action().kind(), c.actions(0).kind()) << all[k].customer();
    EXPECT_EQ(all[k].action().expected_value_minor(), c.actions(0).expected_value_minor());
  }
  EXPECT_EQ(listed_total, top_total);
  // Filters: one segment, one kind.
  av1::ListTopActionsRequest hibernating;
  hibernating.set_as_of_day(kAsOf);
  hibernating.set_segment("hibernating");
  av1::ListTopActionsResponse page;
  ASSERT_TRUE(analytics_->ListTopActions(Ctx().get(), hibernating, &page).ok());
  ASSERT_EQ(page.top_actions_size(), 1);
  EXPECT_EQ(page.top_actions(0).customer(), "customers/8");
  av1::ListTopActionsRequest rewards;
  rewards.set_as_of_day(kAsOf);
  rewards.set_kind(av1::ACTION_KIND_REWARD_CHAMPION);
  ASSERT_TRUE(analytics_->ListTopActions(Ctx().get(), rewards, &page).ok());
  EXPECT_GT(page.top_actions_size(), 0);
  for (const av1::TopAction& t : page.top_actions()) {
    EXPECT_EQ(t.action().kind(), av1::ACTION_KIND_REWARD_CHAMPION);
    EXPECT_EQ(t.segment(), "champions");
  }
}

TEST_F(AnalyticsAdviceTest, BadInputIsRefusedNamingTheField) {
  av1::CustomerAdvice advice;
  av1::GetCustomerActionsRequest req;
  req.set_customer("clients/1");
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice),
                   StatusCode::INVALID_ARGUMENT, "customer");
  req.set_customer("customers/1");
  req.set_as_of_day("30/06/2025");
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice),
                   StatusCode::INVALID_ARGUMENT, "as_of_day");
  req.set_as_of_day(kAsOf);
  req.mutable_policy()->set_reward_uplift(1.5);
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice),
                   StatusCode::INVALID_ARGUMENT, "policy.reward_uplift");
  req.mutable_policy()->clear_reward_uplift();
  req.mutable_policy()->set_product_offers(0);
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice),
                   StatusCode::INVALID_ARGUMENT, "policy.product_offers");
  req.clear_policy();
  req.set_window_days(-1);
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice),
                   StatusCode::INVALID_ARGUMENT, "window_days");
  req.set_window_days(0);
  EXPECT_RPC_ERROR(analytics_->GetCustomerActions(Ctx().get(), req, &advice), StatusCode::NOT_FOUND,
                   "customer");
  av1::ListTopActionsRequest list;
  av1::ListTopActionsResponse page;
  list.set_segment("whales");
  EXPECT_RPC_ERROR(analytics_->ListTopActions(Ctx().get(), list, &page),
                   StatusCode::INVALID_ARGUMENT, "segment");
  list.set_segment("");
  list.set_page_size(-1);
  EXPECT_RPC_ERROR(analytics_->ListTopActions(Ctx().get(), list, &page),
                   StatusCode::INVALID_ARGUMENT, "page_size");
  list.set_page_size(0);
  list.set_page_token("garbage");
  EXPECT_RPC_ERROR(analytics_->ListTopActions(Ctx().get(), list, &page),
                   StatusCode::INVALID_ARGUMENT, "page_token");
}

TEST_F(AnalyticsAdviceTest, KeptRecommenderAnswersAsAFreshFitAndIsRefittedAfterNewOrders) {
  RestartAnalytics({"--recommender_max_age_seconds=0"});
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));
  av1::RecommendProductsRequest req;
  req.set_customer("customers/8");
  req.set_count(2);
  av1::ProductRecommendations first;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), req, &first).ok());
  EXPECT_EQ(first.model_orders(), TotalOrders());
  EXPECT_GT(first.model_orders_position(), 0);
  EXPECT_TRUE(first.has_model_fit_time());
  // A fresh fit of the domain on the same baskets: the same method served (the one that wins
  // the holdout at two products), products, scores and holdout.
  dom::CoPurchaseCounts counts(3);
  for (const dom::Basket& b : baskets_) counts.Add(b.products);
  const dom::ItemToItem fresh(counts);
  std::vector<int32_t> history = {ProductId(a_), ProductId(c_)};
  std::sort(history.begin(), history.end());
  const dom::ServedRecommendations served =
      dom::ServeRecommendations(fresh, dom::EvaluateLastBasketHoldout(baskets_, 3, 2), history, 2);
  EXPECT_EQ(first.served_method(), served.choice.method == dom::RecommendationMethod::kItemToItem
                                       ? av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM
                                       : av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  EXPECT_EQ(first.served_method_reason(), served.choice.reason);
  const std::vector<dom::Recommendation>& expected = served.products;
  ASSERT_EQ(first.products_size(), static_cast<int>(expected.size()));
  std::vector<std::string> names = {a_, b_, c_};
  std::sort(names.begin(), names.end());
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(first.products(static_cast<int>(k)).product(),
              names[static_cast<size_t>(expected[k].product)]);
    EXPECT_DOUBLE_EQ(first.products(static_cast<int>(k)).score(), expected[k].score);
  }
  for (int count : {1, 2, 3}) {
    req.set_count(count);
    av1::ProductRecommendations r;
    ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), req, &r).ok());
    const dom::HoldoutResult h = dom::EvaluateLastBasketHoldout(baskets_, 3, count);
    EXPECT_EQ(r.holdout().customers(), h.customers) << count;
    EXPECT_DOUBLE_EQ(r.holdout().hit_rate(), *h.hit_rate) << count;
    EXPECT_DOUBLE_EQ(r.holdout().popular_hit_rate(), *h.popular_hit_rate) << count;
  }
  // Customer 8 buys B: once ingested, the next call refits (max age 0) over one more order,
  // and B is no longer recommended to them.
  ImportOrders({Order("nba-8-new", "customers/8", {b_}, OrderTime(1))});
  ASSERT_TRUE(WaitForOrders(TotalOrders() + 1));
  req.set_count(2);
  av1::ProductRecommendations after;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), req, &after).ok());
  EXPECT_EQ(after.model_orders(), TotalOrders() + 1);
  EXPECT_GT(after.model_orders_position(), first.model_orders_position());
  EXPECT_EQ(after.products_bought(), 3);
  for (const av1::RecommendedProduct& p : after.products()) EXPECT_NE(p.product(), b_);
}

TEST_F(AnalyticsAdviceTest, AYoungModelIsKeptWhileTheFeedMovesOn) {
  // The default age (5 minutes): a new order does not refit the model at once.
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));
  av1::RecommendProductsRequest req;
  req.set_customer("customers/8");
  av1::ProductRecommendations first;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), req, &first).ok());
  ImportOrders({Order("nba-8-new", "customers/8", {b_}, OrderTime(1))});
  ASSERT_TRUE(WaitForOrders(TotalOrders() + 1));
  av1::ProductRecommendations kept;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), req, &kept).ok());
  EXPECT_EQ(kept.model_orders(), first.model_orders());
  EXPECT_EQ(kept.model_orders_position(), first.model_orders_position());
  EXPECT_EQ(kept.model_fit_time().seconds(), first.model_fit_time().seconds());
  EXPECT_EQ(kept.model_fit_time().nanos(), first.model_fit_time().nanos());
  EXPECT_EQ(kept.products_bought(), 2);  // the answer says which orders it covers
}

bool SameTime(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() == b.seconds() && a.nanos() == b.nanos();
}

TEST_F(AnalyticsAdviceTest, KeptInputsAreReusedUntilNewOrdersArrive) {
  // Max age 0: every call past the first looks at the orders feed.
  RestartAnalytics({"--recommender_max_age_seconds=0"});
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));
  const av1::ActionSummary first = SummaryOf(kAsOf);
  ASSERT_TRUE(first.basis().has_inputs_time());
  EXPECT_EQ(first.customers(), 10);
  // Every other call of the same day and window, whatever the policy or the RPC, uses the
  // same inputs: the same time, the same facts.
  const av1::ActionSummary again = SummaryOf(kAsOf);
  EXPECT_TRUE(SameTime(again.basis().inputs_time(), first.basis().inputs_time()));
  av1::AdvicePolicy policy;
  policy.set_reward_uplift(0.2);
  const av1::CustomerAdvice one = Advice(1, policy);
  EXPECT_TRUE(SameTime(one.basis().inputs_time(), first.basis().inputs_time()));
  av1::ListTopActionsRequest lreq;
  lreq.set_as_of_day(kAsOf);
  av1::ListTopActionsResponse page;
  ASSERT_TRUE(analytics_->ListTopActions(Ctx().get(), lreq, &page).ok());
  EXPECT_TRUE(SameTime(page.basis().inputs_time(), first.basis().inputs_time()));
  EXPECT_EQ(page.basis().freshness().orders_position(),
            first.basis().freshness().orders_position());
  // Another window is another computation.
  av1::GetActionSummaryRequest narrow;
  narrow.set_as_of_day(kAsOf);
  narrow.set_window_days(100);
  av1::ActionSummary narrow_summary;
  ASSERT_TRUE(analytics_->GetActionSummary(Ctx().get(), narrow, &narrow_summary).ok());
  EXPECT_FALSE(SameTime(narrow_summary.basis().inputs_time(), first.basis().inputs_time()));
  EXPECT_LT(narrow_summary.customers(), 10);

  // A new order of a new customer on the as-of day: the next answer is recomputed on it.
  ImportOrders({Order("nba-11-new", "customers/11", {a_}, OrderTime(0))});
  ASSERT_TRUE(WaitForOrders(TotalOrders() + 1));
  const av1::ActionSummary after = SummaryOf(kAsOf);
  EXPECT_FALSE(SameTime(after.basis().inputs_time(), first.basis().inputs_time()));
  EXPECT_GT(after.basis().freshness().orders_position(),
            first.basis().freshness().orders_position());
  EXPECT_EQ(after.customers(), 11);
}

TEST_F(AnalyticsAdviceTest, YoungInputsAreKeptWhileTheFeedMovesOn) {
  // The default age (5 minutes): a new order does not recompute the inputs at once, and the
  // answer says which facts it used.
  ImportOrders(PlanOrders());
  ASSERT_TRUE(WaitForOrders(TotalOrders()));
  const av1::ActionSummary first = SummaryOf(kAsOf);
  ImportOrders({Order("nba-11-new", "customers/11", {a_}, OrderTime(0))});
  ASSERT_TRUE(WaitForOrders(TotalOrders() + 1));
  const av1::ActionSummary kept = SummaryOf(kAsOf);
  EXPECT_TRUE(SameTime(kept.basis().inputs_time(), first.basis().inputs_time()));
  EXPECT_EQ(kept.basis().freshness().orders_position(),
            first.basis().freshness().orders_position());
  EXPECT_EQ(kept.customers(), 10);
}

TEST_F(AnalyticsAdviceTest, ProductOffersUseNoOrderAfterTheAsOfDay) {
  RestartAnalytics({"--recommender_max_age_seconds=0"});
  ImportOrders(PlanOrders());
  // Ten days after the as-of day customer 8 buys B, the product its offer names.
  const std::string later_day = "2025-07-10";
  ImportOrders({Order("nba-8-later", "customers/8", {b_},
                      absl::FromCivil(absl::CivilSecond(2025, 7, 10, 12, 0, 0), Zone()))});
  ASSERT_TRUE(WaitForOrders(TotalOrders() + 1));
  // The kept recommender holds that order.
  av1::RecommendProductsRequest rreq;
  rreq.set_customer("customers/8");
  av1::ProductRecommendations kept;
  ASSERT_TRUE(analytics_->RecommendProducts(Ctx().get(), rreq, &kept).ok());
  EXPECT_EQ(kept.model_orders(), TotalOrders() + 1);
  EXPECT_EQ(kept.products_bought(), 3);
  // As of the as-of day, the offers come from a recommender of the orders up to it: B is
  // still offered, and the answer says so.
  const av1::CustomerAdvice c8 = Advice(8);
  EXPECT_FALSE(c8.basis().recommender_kept());
  EXPECT_EQ(c8.basis().recommender_orders(), TotalOrders());
  // The latest order up to the as-of day: customer 1's, 5 days before it.
  EXPECT_EQ(c8.basis().recommender_last_order_day(), "2025-06-25");
  const av1::CustomerAction* offer = Find(c8.customer_actions(), av1::ACTION_KIND_OFFER_PRODUCT);
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(offer->product(), b_);
  // As of the later day the kept recommender serves (same feed position, no later order),
  // and B, bought, is no longer offered.
  av1::GetCustomerActionsRequest req;
  req.set_customer("customers/8");
  req.set_as_of_day(later_day);
  av1::CustomerAdvice c8_later;
  ASSERT_TRUE(analytics_->GetCustomerActions(Ctx().get(), req, &c8_later).ok());
  EXPECT_TRUE(c8_later.basis().recommender_kept());
  EXPECT_EQ(c8_later.basis().recommender_orders(), TotalOrders() + 1);
  EXPECT_EQ(c8_later.basis().recommender_last_order_day(), later_day);
  for (const av1::CustomerAction& a : c8_later.customer_actions().actions()) {
    EXPECT_NE(a.product(), b_);
  }
}

// Planted as RecommendProducts' test of the most popular products (analytics_prediction_
// test.cc): P and Q bought alone by 20 and 10 customers, (X_k, Y_k) together by four each,
// six checked customers buying X_k, then P. At one product item-to-item suggests Y_k (a
// miss), the most popular products P (a hit): the offer is the most popular product the
// customer asking (P and X0 bought) lacks, Q, as RecommendProducts serves it.
TEST_F(AnalyticsAdviceTest, TheOfferIsTheMostPopularProductWhenMostPopularWinsTheHoldout) {
  const std::string p = NewProduct("NBA-MP-P", kPrice, kCost, "tea");
  const std::string q = NewProduct("NBA-MP-Q", kPrice, kCost, "tea");
  std::vector<ov1::ImportedOrder> orders;
  NewBuyers(20, {p}, OrderTime(20), orders);
  NewBuyers(10, {q}, OrderTime(20), orders);
  std::vector<std::string> x;
  for (int k = 0; k < 2; ++k) {
    x.push_back(NewProduct(absl::StrCat("NBA-MP-X", k), kPrice, kCost, "cups"));
    const std::string y = NewProduct(absl::StrCat("NBA-MP-Y", k), kPrice, kCost, "cups");
    NewBuyers(4, {x[k], y}, OrderTime(20), orders);
  }
  for (int k = 0; k < 2; ++k) CheckedBuyers(3, x[k], p, orders);
  const auto [advice, recs] = PlantAndAsk(orders, {p, x[0]});

  EXPECT_EQ(advice.basis().offer_method_reason(),
            "item-to-item hit rate 0.0% does not beat the most popular products' 100.0% on the "
            "holdout of 6 customers at 1 product: the most popular products are served");
  const av1::CustomerAction* offer =
      ExpectOfferAsServed(advice, recs, av1::RECOMMENDATION_METHOD_MOST_POPULAR, q);
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(offer->reason().rfind(
                absl::StrCat(q,
                             " recommended at rank 1 by most popular, one of the most ordered "
                             "products the customer has not bought (",
                             recs.served_method_reason(),
                             "); holdout precision at that rank "
                             "1.0000; margin per order 400.00"),
                0),
            0u)
      << offer->reason();
  // Every checked customer's first most popular product, P, was in their hidden order.
  EXPECT_EQ(offer->expected_value_minor(),
            std::llround(advice.customer_actions().probability_alive() * 1.0 * 400.0));
}

// Planted as RecommendProducts' test of item-to-item: P and Q bought alone by 30 and 20
// customers, (X_k, Y_k) together by six each, six checked customers buying X_k, then Y_k.
// At one product item-to-item finds Y_k every time, the most popular products never: the
// offer is the co-purchase of X1 for the customer asking (X1 bought), Y1.
TEST_F(AnalyticsAdviceTest, TheOfferIsTheCoPurchaseWhenItemToItemWinsTheHoldout) {
  const std::string p = NewProduct("NBA-IT-P", kPrice, kCost, "tea");
  const std::string q = NewProduct("NBA-IT-Q", kPrice, kCost, "tea");
  std::vector<ov1::ImportedOrder> orders;
  NewBuyers(30, {p}, OrderTime(20), orders);
  NewBuyers(20, {q}, OrderTime(20), orders);
  std::vector<std::string> x, y;
  for (int k = 0; k < 3; ++k) {
    x.push_back(NewProduct(absl::StrCat("NBA-IT-X", k), kPrice, kCost, "cups"));
    y.push_back(NewProduct(absl::StrCat("NBA-IT-Y", k), kPrice, kCost, "cups"));
    NewBuyers(6, {x[k], y[k]}, OrderTime(20), orders);
  }
  for (int k = 0; k < 3; ++k) CheckedBuyers(2, x[k], y[k], orders);
  const auto [advice, recs] = PlantAndAsk(orders, {x[1]});

  const av1::CustomerAction* offer =
      ExpectOfferAsServed(advice, recs, av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM, y[1]);
  ASSERT_NE(offer, nullptr);
  EXPECT_EQ(offer->reason().rfind(absl::StrCat(y[1],
                                               " recommended at rank 1 by item-to-item, from the "
                                               "co-purchases of the customer's products (",
                                               recs.served_method_reason(), ")"),
                                  0),
            0u)
      << offer->reason();
  EXPECT_EQ(offer->expected_value_minor(),
            std::llround(advice.customer_actions().probability_alive() * 1.0 * 400.0));
}

}  // namespace
}  // namespace sales::testing
