// CreateOrder's customer check over gRPC against the real MariaDB. Orders decides from the
// customer states the customers feed reported to it (customer_states), so once the feed has
// carried an archive or an erasure the order is refused even with the customers service
// down; a customer the feed has not carried yet is asked of the customers service, which
// must then answer (unknown, archived and erased customers refused; down: UNAVAILABLE and
// nothing written).
#include <string>

#include "absl/strings/str_cat.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

// sales.customers.v1.CustomerState numbers, as orders stores them.
constexpr int kActive = 1;
constexpr int kArchived = 2;
constexpr int kErased = 3;

class OrdersCustomerCheckTest : public OrdersTest {
 protected:
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

  // The customer's state as orders holds it in its own table; 0 before the feed reported one.
  int StateSeenByOrders(const std::string& customer) {
    const int64_t id = std::stoll(customer.substr(customer.find('/') + 1));
    int state = 0;
    const absl::Status status =
        db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          auto rs = tx.Query("SELECT state FROM customer_states WHERE customer_id = ?", {id});
          state = rs->next() ? rs->getInt("state") : 0;
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return state;
  }

  // Waits (at most 20 s) until the feed has brought `state` to orders.
  void WaitForState(const std::string& customer, int state) {
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] { return StateSeenByOrders(customer) == state; }))
        << customer << " never reached state " << state << " in orders (holds "
        << StateSeenByOrders(customer) << ")";
  }

  void Archive(const std::string& customer) {
    cv1::ArchiveCustomerRequest req;
    req.set_name(customer);
    cv1::Customer out;
    const grpc::Status status = customers_->ArchiveCustomer(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Unarchive(const std::string& customer) {
    cv1::UnarchiveCustomerRequest req;
    req.set_name(customer);
    cv1::Customer out;
    const grpc::Status status = customers_->UnarchiveCustomer(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Erase(const std::string& customer) {
    cv1::ErasePersonalDataRequest req;
    req.set_name(customer);
    req.set_requested_by("users/dpo");
    req.set_legal_basis("PIPL art. 47");
    cv1::ErasePersonalDataResponse out;
    const grpc::Status status = customers_->ErasePersonalData(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  int64_t OrderCount() {
    ov1::ListOrdersResponse list;
    const grpc::Status status = orders_->ListOrders(Ctx().get(), ov1::ListOrdersRequest(), &list);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return list.orders_size();
  }
};

TEST_F(OrdersCustomerCheckTest, StatesFromTheFeedDecideWithoutAskingCustomers) {
  const std::string product = NewProduct("CHK-1", 1000, 600);
  Receive(product, "WH1", 100);
  const std::string active = NewCustomer("Still Buying");
  const std::string archived = NewCustomer("Gone Ltd");
  const std::string erased = NewCustomer("Private Person");
  const std::string back = NewCustomer("Back Again");
  Archive(archived);
  Erase(erased);
  Archive(back);
  WaitForState(back, kArchived);
  Unarchive(back);
  WaitForState(active, kActive);
  WaitForState(archived, kArchived);
  WaitForState(erased, kErased);
  WaitForState(back, kActive);

  // With the customers service gone, only what the feed carried can decide.
  customers_server_.reset();
  ov1::Order out;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), OrderOf(archived, product), &out),
                   StatusCode::FAILED_PRECONDITION, "order.customer");
  EXPECT_RPC_ERROR_MENTIONS(orders_->CreateOrder(Ctx().get(), OrderOf(archived, product), &out),
                            StatusCode::FAILED_PRECONDITION, "is archived");
  EXPECT_RPC_ERROR_MENTIONS(orders_->CreateOrder(Ctx().get(), OrderOf(erased, product), &out),
                            StatusCode::FAILED_PRECONDITION, "is erased");
  EXPECT_EQ(OrderCount(), 0);

  grpc::Status status = orders_->CreateOrder(Ctx().get(), OrderOf(active, product), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.customer(), active);
  status = orders_->CreateOrder(Ctx().get(), OrderOf(back, product), &out);
  EXPECT_TRUE(status.ok()) << "unarchived customer: " << status.error_message();
  EXPECT_EQ(OrderCount(), 2);

  // A customer the feed never reported must be asked for, and nobody answers.
  EXPECT_RPC_ERROR_MENTIONS(
      orders_->CreateOrder(Ctx().get(), OrderOf("customers/999999", product), &out),
      StatusCode::UNAVAILABLE, "customers");
  EXPECT_EQ(OrderCount(), 2);
  EXPECT_EQ(EventCount("order_placed"), 2);
}

// Orders started without following the customers feed: no customer is ever reported, so
// every order's customer is asked of the customers service, as for a customer the feed has
// not carried yet.
class OrdersUnseenCustomerTest : public OrdersCustomerCheckTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--follow_customer_tiers=false"}; }
};

TEST_F(OrdersUnseenCustomerTest, UnseenCustomerIsCheckedWithTheCustomersService) {
  const std::string product = NewProduct("CHK-2", 1000, 600);
  Receive(product, "WH1", 100);
  ov1::Order out;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), OrderOf("customers/999999", product), &out),
                   StatusCode::FAILED_PRECONDITION, "order.customer");

  // Archived and erased a moment ago: the customers service says so at once.
  const std::string archived = NewCustomer("Gone Ltd");
  Archive(archived);
  EXPECT_RPC_ERROR_MENTIONS(orders_->CreateOrder(Ctx().get(), OrderOf(archived, product), &out),
                            StatusCode::FAILED_PRECONDITION, "is archived");
  const std::string erased = NewCustomer("Private Person");
  Erase(erased);
  EXPECT_RPC_ERROR_MENTIONS(orders_->CreateOrder(Ctx().get(), OrderOf(erased, product), &out),
                            StatusCode::FAILED_PRECONDITION, "is erased");

  const std::string active = NewCustomer("Buyer");
  const grpc::Status status = orders_->CreateOrder(Ctx().get(), OrderOf(active, product), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(StateSeenByOrders(active), 0) << "orders follows no feed here";

  // Customers down: the check cannot be made, and nothing is written.
  customers_server_.reset();
  EXPECT_RPC_ERROR_MENTIONS(orders_->CreateOrder(Ctx().get(), OrderOf(active, product), &out),
                            StatusCode::UNAVAILABLE, "customers");
  EXPECT_EQ(OrderCount(), 1);
  EXPECT_EQ(EventCount("order_placed"), 1);
}

}  // namespace
}  // namespace sales::testing
