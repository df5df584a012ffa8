// A fresh schema and a running customers server for each test, plus small call helpers.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_schema.h"
#include "tests/integration/schema_events.h"

namespace sales::testing {

namespace cv1 = ::sales::customers::v1;

// A client context with a deadline (10 s unless given).
inline std::unique_ptr<grpc::ClientContext> CallCtx(
    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
  return ctx;
}

class CustomersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    server_ = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema_->db_config(), ExtraArgs());
    ASSERT_NE(server_, nullptr) << "customers server did not become SERVING";
    stub_ = cv1::CustomersService::NewStub(server_->channel());
  }

  void TearDown() override {
    db_.reset();
    server_.reset();
    schema_.reset();
  }

  // Flags added to the server's command line by a test suite.
  virtual std::vector<std::string> ExtraArgs() const {
    return {"--tiers=standard:0,silver:10000,gold:50000"};
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() { return CallCtx(); }

  cv1::Customer NewPerson(const std::string& display_name) {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
    req.mutable_customer()->set_display_name(display_name);
    return MustCreate(req);
  }

  cv1::Customer NewCompany(const std::string& display_name) {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_COMPANY);
    req.mutable_customer()->set_display_name(display_name);
    return MustCreate(req);
  }

  cv1::Customer MustCreate(const cv1::CreateCustomerRequest& req) {
    cv1::Customer out;
    grpc::Status status = stub_->CreateCustomer(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Events of one type (payload field name, e.g. "points_changed") written so far, in the
  // outbox or already relayed to the event log: the test reads the service's schema
  // directly to check that events were written with the change, and only then.
  int64_t EventCount(const std::string& type) {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    return CountEvents(*db_, type);
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> db_;
  std::unique_ptr<ServiceProcess> server_;
  std::unique_ptr<cv1::CustomersService::Stub> stub_;
};

}  // namespace sales::testing
