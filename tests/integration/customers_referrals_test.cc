// Referrals: a customer names its referrer (on create or once by update); the referrer earns
// the configured points when the referred customer's first order completes, exactly once,
// even when the orders feed redelivers that order's event and a second order completes; the
// referral stats count referrals, buying referrals and their revenue per currency. The
// orders feed is a fake served by the test, so the events are known exactly.
#include "common/time_util.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/customers_fixture.h"
#include "tests/integration/fake_orders_feed.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

// An order of `customer` completing, at feed position `position`.
ev1::Event Completed(int64_t position, const std::string& order, const std::string& customer,
                     int64_t total, int64_t tax, const std::string& currency = "CNY") {
  ev1::Event event;
  event.set_id(absl::StrCat("evt-", order));  // a redelivery carries the same id
  event.set_type("order_status_changed");
  event.set_position(position);
  auto* changed = event.mutable_order_status_changed();
  changed->set_from_status("ORDER_STATUS_DELIVERED");
  changed->set_to_status("ORDER_STATUS_COMPLETED");
  *changed->mutable_change_time() = ToProtoTime(absl::FromUnixSeconds(1700000000 + position));
  auto* o = changed->mutable_order();
  o->set_order(order);
  o->set_customer(customer);
  o->set_currency_code(currency);
  o->set_total_minor(total);
  o->set_tax_minor(tax);
  return event;
}

class ReferralsTest : public CustomersTest {
 protected:
  std::vector<std::string> ExtraArgs() const override {
    return {"--tiers=standard:0,silver:10000,gold:50000", "--referral_points=300",
            "--loyalty_points_per_unit=1"};
  }

  cv1::Customer NewReferred(const std::string& display_name, const std::string& referrer) {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
    req.mutable_customer()->set_display_name(display_name);
    req.mutable_customer()->set_referred_by(referrer);
    return MustCreate(req);
  }

  grpc::Status SetReferrer(const std::string& customer, const std::string& referrer,
                           cv1::Customer* out) {
    cv1::UpdateCustomerRequest req;
    req.mutable_customer()->set_name(customer);
    req.mutable_customer()->set_referred_by(referrer);
    req.mutable_update_mask()->add_paths("referred_by");
    return stub_->UpdateCustomer(Ctx().get(), req, out);
  }

  // Restarts the server so that it consumes `events` from a fake orders feed.
  void ConsumeFeed(std::vector<ev1::Event> events) {
    const int64_t last = events.back().position();
    feed_ = std::make_unique<FakeFeedServer>(std::move(events));
    server_.reset();
    std::vector<std::string> args = ExtraArgs();
    args.push_back("--orders_address=" + feed_->address());
    server_ = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema_->db_config(), args);
    ASSERT_NE(server_, nullptr);
    stub_ = cv1::CustomersService::NewStub(server_->channel());
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] { return Checkpoint() == last; }));
  }

  int64_t Checkpoint() {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    int64_t position = -1;
    const absl::Status status =
        db::RunInTransaction(*db_, absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          auto rs = tx.Query("SELECT position FROM consumer_checkpoints WHERE source = 'orders'");
          position = rs->next() ? rs->getInt64(1) : 0;
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return position;
  }

  std::vector<cv1::PointEntry> Entries(const std::string& customer) {
    cv1::ListPointEntriesRequest req;
    req.set_account(customer + "/loyaltyAccount");
    cv1::ListPointEntriesResponse resp;
    EXPECT_TRUE(stub_->ListPointEntries(Ctx().get(), req, &resp).ok());
    return {resp.point_entries().begin(), resp.point_entries().end()};
  }

  cv1::ReferralStats Stats(const std::string& referrer) {
    cv1::GetReferralStatsRequest req;
    req.set_referrer(referrer);
    cv1::ReferralStats out;
    const grpc::Status status = stub_->GetReferralStats(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  void TearDown() override {
    server_.reset();
    feed_.reset();
    CustomersTest::TearDown();
  }

  std::unique_ptr<FakeFeedServer> feed_;
};

TEST_F(ReferralsTest, FirstCompletedOrderRewardsTheReferrerExactlyOnce) {
  const std::string referrer = NewPerson("Ambassador").name();
  const cv1::Customer buyer = NewReferred("Referred buyer", referrer);
  EXPECT_EQ(buyer.referred_by(), referrer);
  // Named by update, once.
  const std::string late = NewPerson("Referred later").name();
  cv1::Customer updated;
  ASSERT_TRUE(SetReferrer(late, referrer, &updated).ok());
  EXPECT_EQ(updated.referred_by(), referrer);
  NewReferred("Referred, never buys", referrer);
  const std::string other = NewPerson("Not referred").name();

  ConsumeFeed({
      Completed(1, "orders/11", buyer.name(), 11000, 1000),  // first order: reward
      Completed(2, "orders/11", buyer.name(), 11000, 1000),  // again, later: no more reward
      Completed(3, "orders/12", buyer.name(), 5000, 0),      // second order: no reward
      Completed(4, "orders/13", late, 2000, 0, "USD"),       // late's first: reward
      Completed(5, "orders/14", other, 9000, 0),             // not referred: nothing
  });

  // 300 points per referred customer's first order: two rewards, never three or four.
  std::vector<cv1::PointEntry> entries = Entries(referrer);
  ASSERT_EQ(entries.size(), 2u);
  // Newest first: late's order, then the buyer's first order.
  EXPECT_EQ(entries[1].reason(), "referral");
  EXPECT_EQ(entries[1].points_delta(), 300);
  EXPECT_EQ(entries[1].order(), "orders/11");
  EXPECT_EQ(entries[1].referred_customer(), buyer.name());
  EXPECT_EQ(entries[0].order(), "orders/13");
  EXPECT_EQ(entries[0].referred_customer(), late);
  EXPECT_EQ(entries[0].balance_after(), 600);
  EXPECT_EQ(EventCount("referral_rewarded"), 2);

  // The referral reward is the referrer's: the referred buyer's own ledger has no referral.
  for (const cv1::PointEntry& entry : Entries(buyer.name())) {
    EXPECT_NE(entry.reason(), "referral");
    EXPECT_TRUE(entry.referred_customer().empty());
  }

  const cv1::ReferralStats stats = Stats(referrer);
  EXPECT_EQ(stats.referrer(), referrer);
  EXPECT_EQ(stats.referral_count(), 3);
  EXPECT_EQ(stats.buying_referral_count(), 2);
  EXPECT_EQ(stats.points_earned(), 600);
  ASSERT_EQ(stats.referred_revenue_size(), 2);
  EXPECT_EQ(stats.referred_revenue(0).currency_code(), "CNY");
  EXPECT_EQ(stats.referred_revenue(0).minor_units(), 10000 + 5000);  // orders/11 once
  EXPECT_EQ(stats.referred_revenue(1).currency_code(), "USD");
  EXPECT_EQ(stats.referred_revenue(1).minor_units(), 2000);

  // The list holds the one referrer.
  cv1::ListReferralStatsRequest list;
  cv1::ListReferralStatsResponse page;
  ASSERT_TRUE(stub_->ListReferralStats(Ctx().get(), list, &page).ok());
  ASSERT_EQ(page.referral_stats_size(), 1);
  EXPECT_EQ(page.referral_stats(0).referrer(), referrer);
  EXPECT_EQ(page.referral_stats(0).buying_referral_count(), 2);
}

TEST_F(ReferralsTest, BadReferrersAreRefusedNamingTheField) {
  const std::string referrer = NewPerson("Ambassador").name();
  const std::string customer = NewPerson("Customer").name();
  cv1::Customer out;
  EXPECT_RPC_ERROR(SetReferrer(customer, customer, &out), grpc::StatusCode::INVALID_ARGUMENT,
                   "customer.referred_by");
  EXPECT_RPC_ERROR(SetReferrer(customer, "customer/1", &out), grpc::StatusCode::INVALID_ARGUMENT,
                   "customer.referred_by");
  EXPECT_RPC_ERROR(SetReferrer(customer, "customers/999999", &out), grpc::StatusCode::NOT_FOUND,
                   "customer.referred_by");
  cv1::CreateCustomerRequest create;
  create.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  create.mutable_customer()->set_display_name("Referred by a ghost");
  create.mutable_customer()->set_referred_by("customers/999999");
  EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), create, &out), grpc::StatusCode::NOT_FOUND,
                   "customer.referred_by");
  // Set once; a different referrer afterwards is refused, the same one is a no-op.
  ASSERT_TRUE(SetReferrer(customer, referrer, &out).ok());
  const std::string another = NewPerson("Another").name();
  EXPECT_RPC_ERROR(SetReferrer(customer, another, &out), grpc::StatusCode::FAILED_PRECONDITION,
                   "customer.referred_by");
  EXPECT_TRUE(SetReferrer(customer, referrer, &out).ok());
  EXPECT_EQ(out.referred_by(), referrer);
  cv1::GetReferralStatsRequest stats;
  stats.set_referrer("customers/999999");
  cv1::ReferralStats none;
  EXPECT_RPC_ERROR(stub_->GetReferralStats(Ctx().get(), stats, &none), grpc::StatusCode::NOT_FOUND,
                   "referrer");
}

}  // namespace
}  // namespace sales::testing
