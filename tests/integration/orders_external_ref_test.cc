// ListOrders filtered by external_ref over gRPC against the real MariaDB: an importer or a
// caller that got ALREADY_EXISTS for a reference finds the order that holds it, whether it
// was created or imported; the filter matches as the uniqueness of references does; bad
// input names the field.
#include <string>
#include <vector>

#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class OrdersExternalRefTest : public OrdersTest {
 protected:
  void SetUp() override {
    OrdersTest::SetUp();
    customer_ = NewCustomer();
    product_ = NewProduct("EXT-1", 1000, 400);
  }

  ov1::CreateOrderRequest OrderWithRef(const std::string& ref) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("north");
    o->set_warehouse("WH1");
    o->set_external_ref(ref);
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(2);
    return req;
  }

  std::vector<std::string> ListByRef(const std::string& ref, const std::string& customer = "") {
    ov1::ListOrdersRequest req;
    req.set_external_ref(ref);
    req.set_customer(customer);
    ov1::ListOrdersResponse resp;
    const grpc::Status status = orders_->ListOrders(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const ov1::Order& o : resp.orders()) {
      EXPECT_FALSE(o.external_ref().empty());
      names.push_back(o.name());
    }
    return names;
  }

  std::string customer_;
  std::string product_;
};

TEST_F(OrdersExternalRefTest, CallerThatGotAlreadyExistsFindsTheExistingOrder) {
  ov1::Order first;
  grpc::Status status = orders_->CreateOrder(Ctx().get(), OrderWithRef("SHOP-7:1001"), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ov1::Order other;
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), OrderWithRef("SHOP-7:1002"), &other).ok());
  ov1::CreateOrderRequest no_ref = OrderWithRef("");
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), no_ref, &other).ok());

  ov1::Order dup;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), OrderWithRef("SHOP-7:1001"), &dup),
                   StatusCode::ALREADY_EXISTS, "order.external_ref");
  EXPECT_EQ(ListByRef("SHOP-7:1001"), std::vector<std::string>{first.name()});

  // References are unique regardless of letter case, and the filter matches the same way:
  // the reference that was refused finds the order that refused it.
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), OrderWithRef("shop-7:1001"), &dup),
                   StatusCode::ALREADY_EXISTS, "order.external_ref");
  EXPECT_EQ(ListByRef("shop-7:1001"), std::vector<std::string>{first.name()});

  // Whole text only: a prefix or an unknown reference finds nothing.
  EXPECT_TRUE(ListByRef("SHOP-7:100").empty());
  EXPECT_TRUE(ListByRef("SHOP-7:9999").empty());
  // Combined with the other filters.
  EXPECT_EQ(ListByRef("SHOP-7:1001", customer_), std::vector<std::string>{first.name()});
  EXPECT_TRUE(ListByRef("SHOP-7:1001", "customers/999999").empty());
}

TEST_F(OrdersExternalRefTest, ImporterFindsTheImportedOrderByItsLegacyId) {
  ov1::ImportOrdersResponse resp;
  {
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    ov1::ImportOrdersRequest req;
    ov1::ImportedOrder* o = req.mutable_order();
    o->set_external_ref("LEGACY/42");
    o->set_customer("customers/77");
    o->set_channel(ov1::CHANNEL_PARTNER);
    o->set_region("west");
    o->set_warehouse("OLD1");
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(1);
    line->mutable_unit_price()->set_minor_units(1500);
    line->mutable_unit_cost()->set_minor_units(700);
    o->set_status(ov1::ORDER_STATUS_COMPLETED);
    o->mutable_create_time()->set_seconds(1550000000);
    ASSERT_TRUE(writer->Write(req));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_EQ(resp.imported(), 1);

  ov1::ListOrdersRequest req;
  req.set_external_ref("LEGACY/42");
  ov1::ListOrdersResponse list;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), req, &list).ok());
  ASSERT_EQ(list.orders_size(), 1);
  EXPECT_EQ(list.orders(0).external_ref(), "LEGACY/42");
  EXPECT_EQ(list.orders(0).status(), ov1::ORDER_STATUS_COMPLETED);
  EXPECT_EQ(list.orders(0).customer(), "customers/77");

  // A CreateOrder with the imported reference is refused, and the filter finds the import.
  ov1::Order dup;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), OrderWithRef("LEGACY/42"), &dup),
                   StatusCode::ALREADY_EXISTS, "order.external_ref");
  EXPECT_EQ(ListByRef("LEGACY/42"), std::vector<std::string>{list.orders(0).name()});
}

TEST_F(OrdersExternalRefTest, InvalidReferenceIsRefusedNamingTheField) {
  ov1::ListOrdersResponse resp;
  ov1::ListOrdersRequest req;
  req.set_external_ref(std::string(129, 'x'));
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "external_ref");
  req.set_external_ref("   ");
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "external_ref");
  // 128 characters is the longest reference an order can carry: accepted.
  req.set_external_ref(std::string(128, 'x'));
  EXPECT_TRUE(orders_->ListOrders(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(resp.orders_size(), 0);
}

TEST_F(OrdersExternalRefTest, PageTokenIsBoundToTheReference) {
  ov1::Order first;
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), OrderWithRef("R-1"), &first).ok());
  ov1::Order second;
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), OrderWithRef("R-2"), &second).ok());
  ov1::ListOrdersRequest req;
  req.set_page_size(1);
  ov1::ListOrdersResponse page;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), req, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  req.set_page_token(page.next_page_token());
  req.set_external_ref("R-1");
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), req, &page), StatusCode::INVALID_ARGUMENT,
                   "page_token");
}

}  // namespace
}  // namespace sales::testing
