// A fresh schema per service and running customers and orders servers for each test (the
// orders server checks customers over gRPC), plus small call helpers.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_schema.h"
#include "tests/integration/customers_fixture.h"
#include "tests/integration/schema_events.h"

namespace sales::testing {

namespace ov1 = ::sales::orders::v1;

class OrdersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    customers_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    orders_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    // Each service must know the other's address: customers consumes the orders feed,
    // orders checks customers. The orders port is chosen first.
    const int orders_port = FreePort();
    customers_server_ = ServiceProcess::Start(
        SALES_CUSTOMERS_BINARY, customers_schema_->db_config(),
        {absl::StrCat("--orders_address=127.0.0.1:", orders_port), "--loyalty_points_per_unit=1"});
    ASSERT_NE(customers_server_, nullptr) << "customers server did not become SERVING";
    std::vector<std::string> args = OrdersArgs();
    args.push_back("--customers_address=" + customers_server_->address());
    orders_server_ = ServiceProcess::Start(SALES_ORDERS_BINARY, orders_schema_->db_config(), args,
                                           absl::Seconds(30), orders_port);
    ASSERT_NE(orders_server_, nullptr) << "orders server did not become SERVING";
    customers_ = cv1::CustomersService::NewStub(customers_server_->channel());
    orders_ = ov1::OrdersService::NewStub(orders_server_->channel());
  }

  void TearDown() override {
    orders_db_.reset();
    orders_.reset();
    customers_.reset();
    orders_server_.reset();
    customers_server_.reset();
    orders_schema_.reset();
    customers_schema_.reset();
  }

  // Extra flags of the orders server for a test suite (policy settings).
  virtual std::vector<std::string> OrdersArgs() const { return {}; }

  static std::unique_ptr<grpc::ClientContext> Ctx() { return CallCtx(); }

  // A new active customer's name.
  std::string NewCustomer(const std::string& display_name = "Buyer") {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
    req.mutable_customer()->set_display_name(display_name);
    cv1::Customer out;
    const grpc::Status status = customers_->CreateCustomer(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.name();
  }

  // A new active product's name, priced in CNY minor units.
  std::string NewProduct(const std::string& sku, int64_t price_minor, int64_t cost_minor,
                         const std::string& category = "general") {
    ov1::CreateProductRequest req;
    ov1::Product* p = req.mutable_product();
    p->set_sku(sku);
    p->set_display_name(absl::StrCat("Product ", sku));
    p->set_category(category);
    p->set_unit("EA");
    p->mutable_list_price()->set_currency_code("CNY");
    p->mutable_list_price()->set_minor_units(price_minor);
    p->mutable_unit_cost()->set_currency_code("CNY");
    p->mutable_unit_cost()->set_minor_units(cost_minor);
    ov1::Product out;
    const grpc::Status status = orders_->CreateProduct(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.name();
  }

  void Receive(const std::string& product, const std::string& warehouse, int64_t quantity) {
    ov1::ReceiveStockRequest req;
    req.set_product(product);
    req.set_warehouse(warehouse);
    req.set_quantity(quantity);
    ov1::StockLevel out;
    const grpc::Status status = orders_->ReceiveStock(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // A pool on the orders schema, for tests that read it directly.
  db::ConnectionPool& OrdersDb() {
    if (!orders_db_) orders_db_ = std::make_unique<db::ConnectionPool>(orders_schema_->db_config());
    return *orders_db_;
  }
  int64_t EventCount(const std::string& type) { return CountEvents(OrdersDb(), type); }
  std::vector<events::v1::Event> Events(const std::string& type) {
    return ReadEvents(OrdersDb(), type);
  }

  std::unique_ptr<TestSchema> customers_schema_;
  std::unique_ptr<TestSchema> orders_schema_;
  std::unique_ptr<ServiceProcess> customers_server_;
  std::unique_ptr<ServiceProcess> orders_server_;
  std::unique_ptr<cv1::CustomersService::Stub> customers_;
  std::unique_ptr<ov1::OrdersService::Stub> orders_;
  std::unique_ptr<db::ConnectionPool> orders_db_;
};

}  // namespace sales::testing
