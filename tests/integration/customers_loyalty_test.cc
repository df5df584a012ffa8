// Loyalty points and tiers over gRPC against the real MariaDB, including concurrent
// redeems that together would overdraw an account.
#include <atomic>
#include <thread>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class LoyaltyTest : public CustomersTest {
 protected:
  std::string Account(const cv1::Customer& c) { return c.name() + "/loyaltyAccount"; }

  grpc::Status Earn(const std::string& account, int64_t points, int64_t spend, cv1::PointEntry* out,
                    const std::string& request_id = "") {
    cv1::EarnPointsRequest req;
    req.set_account(account);
    req.set_points(points);
    req.mutable_spend()->set_currency_code("CNY");
    req.mutable_spend()->set_minor_units(spend);
    req.set_reason("purchase");
    req.set_order("orders/1");
    req.set_request_id(request_id);
    return stub_->EarnPoints(Ctx().get(), req, out);
  }

  grpc::Status Redeem(const std::string& account, int64_t points, cv1::PointEntry* out) {
    cv1::RedeemPointsRequest req;
    req.set_account(account);
    req.set_points(points);
    return stub_->RedeemPoints(Ctx().get(), req, out);
  }

  cv1::LoyaltyAccount Get(const std::string& account) {
    cv1::GetLoyaltyAccountRequest req;
    req.set_name(account);
    cv1::LoyaltyAccount out;
    EXPECT_TRUE(stub_->GetLoyaltyAccount(Ctx().get(), req, &out).ok());
    return out;
  }
};

TEST_F(LoyaltyTest, EarnRedeemExpireAdjustKeepALedgerAndABalance) {
  const std::string account = Account(NewPerson("Loyal"));
  cv1::PointEntry entry;
  ASSERT_TRUE(Earn(account, 500, 2000, &entry).ok());
  EXPECT_EQ(entry.balance_after(), 500);
  ASSERT_TRUE(Redeem(account, 120, &entry).ok());
  EXPECT_EQ(entry.points_delta(), -120);
  EXPECT_EQ(entry.balance_after(), 380);

  cv1::ExpirePointsRequest expire;
  expire.set_account(account);
  expire.set_points(80);
  expire.set_reason("yearly expiry");
  ASSERT_TRUE(stub_->ExpirePoints(Ctx().get(), expire, &entry).ok());
  EXPECT_EQ(entry.balance_after(), 300);

  cv1::AdjustPointsRequest adjust;
  adjust.set_account(account);
  adjust.set_points_delta(-50);
  EXPECT_RPC_ERROR(stub_->AdjustPoints(Ctx().get(), adjust, &entry), StatusCode::INVALID_ARGUMENT,
                   "reason");
  adjust.set_reason("goodwill correction");
  ASSERT_TRUE(stub_->AdjustPoints(Ctx().get(), adjust, &entry).ok());
  EXPECT_EQ(entry.balance_after(), 250);

  cv1::LoyaltyAccount acct = Get(account);
  EXPECT_EQ(acct.points_balance(), 250);
  EXPECT_EQ(acct.lifetime_points_earned(), 500);
  EXPECT_EQ(acct.lifetime_spend().minor_units(), 2000);

  cv1::ListPointEntriesRequest list;
  list.set_account(account);
  cv1::ListPointEntriesResponse entries;
  ASSERT_TRUE(stub_->ListPointEntries(Ctx().get(), list, &entries).ok());
  ASSERT_EQ(entries.point_entries_size(), 4);
  EXPECT_EQ(entries.point_entries(0).kind(), cv1::POINT_ENTRY_KIND_ADJUST);  // newest first
  EXPECT_EQ(entries.point_entries(3).kind(), cv1::POINT_ENTRY_KIND_EARN);
  EXPECT_EQ(EventCount("points_changed"), 4);
}

TEST_F(LoyaltyTest, OverdrawIsRefusedAndChangesNothing) {
  const std::string account = Account(NewPerson("Short"));
  cv1::PointEntry entry;
  ASSERT_TRUE(Earn(account, 100, 0, &entry).ok());
  EXPECT_RPC_ERROR(Redeem(account, 101, &entry), StatusCode::FAILED_PRECONDITION, "insufficient");
  cv1::AdjustPointsRequest adjust;
  adjust.set_account(account);
  adjust.set_points_delta(-101);
  adjust.set_reason("too much");
  EXPECT_RPC_ERROR_MENTIONS(stub_->AdjustPoints(Ctx().get(), adjust, &entry),
                            StatusCode::FAILED_PRECONDITION, "insufficient points: balance 100");
  EXPECT_EQ(Get(account).points_balance(), 100);
  EXPECT_EQ(EventCount("points_changed"), 1);
}

TEST_F(LoyaltyTest, BadPointsInputNamesTheField) {
  const std::string account = Account(NewPerson("Input"));
  cv1::PointEntry entry;
  EXPECT_RPC_ERROR(Redeem(account, 0, &entry), StatusCode::INVALID_ARGUMENT, "points");
  EXPECT_RPC_ERROR(Redeem(account, -5, &entry), StatusCode::INVALID_ARGUMENT, "points");
  EXPECT_RPC_ERROR(Redeem("customers/1/wallet", 5, &entry), StatusCode::INVALID_ARGUMENT,
                   "account");
  EXPECT_RPC_ERROR(Redeem("customers/999999/loyaltyAccount", 5, &entry), StatusCode::NOT_FOUND,
                   "customers/999999/loyaltyAccount");
  cv1::EarnPointsRequest usd;
  usd.set_account(account);
  usd.set_points(5);
  usd.mutable_spend()->set_currency_code("USD");
  usd.mutable_spend()->set_minor_units(100);
  EXPECT_RPC_ERROR(stub_->EarnPoints(Ctx().get(), usd, &entry), StatusCode::INVALID_ARGUMENT,
                   "spend.currency_code");
}

TEST_F(LoyaltyTest, SpendThresholdsMoveTheTierAndItIsFilterable) {
  cv1::Customer customer = NewPerson("Climber");
  const std::string account = Account(customer);
  cv1::PointEntry entry;
  ASSERT_TRUE(Earn(account, 10, 9999, &entry).ok());
  EXPECT_EQ(Get(account).tier(), "standard");
  ASSERT_TRUE(Earn(account, 10, 1, &entry).ok());  // exactly 10000: silver
  EXPECT_EQ(Get(account).tier(), "silver");
  ASSERT_TRUE(Earn(account, 10, 40000, &entry).ok());  // 50000: gold
  EXPECT_EQ(Get(account).tier(), "gold");
  EXPECT_EQ(EventCount("tier_changed"), 2);

  cv1::ListCustomersRequest gold;
  gold.set_tier("gold");
  cv1::ListCustomersResponse resp;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), gold, &resp).ok());
  ASSERT_EQ(resp.customers_size(), 1);
  EXPECT_EQ(resp.customers(0).name(), customer.name());

  cv1::ListTiersResponse tiers;
  ASSERT_TRUE(stub_->ListTiers(Ctx().get(), cv1::ListTiersRequest(), &tiers).ok());
  ASSERT_EQ(tiers.tiers_size(), 3);
  EXPECT_EQ(tiers.tiers(1).name(), "silver");
  EXPECT_EQ(tiers.tiers(1).spend_threshold().minor_units(), 10000);
}

TEST_F(LoyaltyTest, EarnRetriedWithRequestIdCountsOnce) {
  const std::string account = Account(NewPerson("Retry"));
  cv1::PointEntry first, second;
  ASSERT_TRUE(Earn(account, 70, 0, &first, "earn-order-1").ok());
  ASSERT_TRUE(Earn(account, 70, 0, &second, "earn-order-1").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(Get(account).points_balance(), 70);
  EXPECT_RPC_ERROR(Earn(account, 71, 0, &second, "earn-order-1"), StatusCode::INVALID_ARGUMENT,
                   "request_id");
}

TEST_F(LoyaltyTest, FiftyConcurrentRedeemsNeverOverdraw) {
  const std::string account = Account(NewPerson("Contended"));
  cv1::PointEntry entry;
  ASSERT_TRUE(Earn(account, 1000, 0, &entry).ok());
  // 50 redeems of 30 points want 1500; exactly 33 (990 points) are affordable.
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&] {
      cv1::PointEntry out;
      const grpc::Status status = Redeem(account, 30, &out);
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 33);
  EXPECT_EQ(refused.load(), 17);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Get(account).points_balance(), 10);

  // The ledger agrees with the balance entry by entry.
  cv1::ListPointEntriesRequest list;
  list.set_account(account);
  list.set_page_size(100);
  cv1::ListPointEntriesResponse entries;
  ASSERT_TRUE(stub_->ListPointEntries(Ctx().get(), list, &entries).ok());
  ASSERT_EQ(entries.point_entries_size(), 34);
  int64_t sum = 0;
  for (const auto& e : entries.point_entries()) sum += e.points_delta();
  EXPECT_EQ(sum, 10);
}

}  // namespace
}  // namespace sales::testing
