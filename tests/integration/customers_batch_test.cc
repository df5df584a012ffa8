// BatchCreateCustomers against the real MariaDB: per-item results, partial success, per-item
// idempotency, the existing record on a duplicate reference, the size limits.
#include <google/protobuf/util/message_differencer.h>

#include <chrono>
#include <iostream>
#include <string>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

cv1::CreateCustomerRequest Item(const std::string& name, const std::string& email,
                                const std::string& ext_id, const std::string& request_id) {
  cv1::CreateCustomerRequest item;
  item.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  item.mutable_customer()->set_display_name(name);
  item.mutable_customer()->set_email(email);
  if (!ext_id.empty()) {
    item.mutable_customer()->mutable_external_ref()->set_source_system("erp");
    item.mutable_customer()->mutable_external_ref()->set_id(ext_id);
  }
  item.set_request_id(request_id);
  return item;
}

class BatchTest : public CustomersTest {
 protected:
  int CustomerCount() {
    cv1::ListCustomersRequest req;
    req.set_page_size(500);
    cv1::ListCustomersResponse resp;
    EXPECT_TRUE(stub_->ListCustomers(Ctx().get(), req, &resp).ok());
    return resp.customers_size();
  }
};

TEST_F(BatchTest, OneBadItemDoesNotLoseTheGoodOnes) {
  cv1::BatchCreateCustomersRequest req;
  *req.add_requests() = Item("Zhang San", "zhang@example.com", "E-1", "");
  *req.add_requests() = Item("Li Si", "not-an-email", "E-2", "");
  *req.add_requests() = Item("Wang Wu", "wang@example.com", "E-3", "");
  cv1::BatchCreateCustomersResponse resp;
  ASSERT_TRUE(stub_->BatchCreateCustomers(Ctx().get(), req, &resp).ok());
  ASSERT_EQ(resp.results_size(), 3);
  EXPECT_EQ(resp.created_count(), 2);
  EXPECT_EQ(resp.failed_count(), 1);
  EXPECT_EQ(resp.results(0).outcome(), cv1::BATCH_ITEM_OUTCOME_CREATED);
  EXPECT_EQ(resp.results(0).customer().display_name(), "Zhang San");
  EXPECT_EQ(resp.results(1).outcome(), cv1::BATCH_ITEM_OUTCOME_FAILED);
  EXPECT_EQ(resp.results(1).error_code(), static_cast<int>(StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(resp.results(1).error_message().rfind("requests[1].customer.email", 0), 0u)
      << resp.results(1).error_message();
  EXPECT_FALSE(resp.results(1).has_customer());
  EXPECT_EQ(resp.results(2).outcome(), cv1::BATCH_ITEM_OUTCOME_CREATED);

  // The two good ones are stored and announced like CreateCustomer does; the bad one not.
  EXPECT_EQ(CustomerCount(), 2);
  EXPECT_EQ(EventCount("customer_created"), 2);
  cv1::GetCustomerRequest get;
  get.set_name(resp.results(2).customer().name());
  cv1::Customer fetched;
  ASSERT_TRUE(stub_->GetCustomer(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.email(), "wang@example.com");
  EXPECT_EQ(fetched.external_ref().id(), "E-3");
}

TEST_F(BatchTest, RetryingTheBatchWithItsRequestIdsCreatesNothingTwice) {
  cv1::BatchCreateCustomersRequest req;
  *req.add_requests() = Item("A", "a@example.com", "R-1", "import-7-row-1");
  *req.add_requests() = Item("B", "b@example.com", "R-2", "import-7-row-2");
  cv1::BatchCreateCustomersResponse first, second;
  ASSERT_TRUE(stub_->BatchCreateCustomers(Ctx().get(), req, &first).ok());
  ASSERT_EQ(first.created_count(), 2);
  ASSERT_TRUE(stub_->BatchCreateCustomers(Ctx().get(), req, &second).ok());
  EXPECT_EQ(second.created_count(), 0);
  EXPECT_EQ(second.failed_count(), 0);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(second.results(i).outcome(), cv1::BATCH_ITEM_OUTCOME_EXISTING);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first.results(i).customer(),
                                                                   second.results(i).customer()));
  }
  EXPECT_EQ(CustomerCount(), 2);
  EXPECT_EQ(EventCount("customer_created"), 2);

  // An item's request_id is a CreateCustomer request_id: a single retry answers the same.
  cv1::Customer single;
  ASSERT_TRUE(stub_->CreateCustomer(Ctx().get(), req.requests(0), &single).ok());
  EXPECT_EQ(single.name(), first.results(0).customer().name());

  // The same request_id with a different item is refused for that item only.
  cv1::BatchCreateCustomersRequest changed;
  *changed.add_requests() = Item("A changed", "a@example.com", "R-1", "import-7-row-1");
  *changed.add_requests() = Item("C", "c@example.com", "R-3", "import-7-row-3");
  cv1::BatchCreateCustomersResponse third;
  ASSERT_TRUE(stub_->BatchCreateCustomers(Ctx().get(), changed, &third).ok());
  EXPECT_EQ(third.results(0).outcome(), cv1::BATCH_ITEM_OUTCOME_FAILED);
  EXPECT_EQ(third.results(0).error_message().rfind("requests[0].request_id", 0), 0u)
      << third.results(0).error_message();
  EXPECT_EQ(third.results(1).outcome(), cv1::BATCH_ITEM_OUTCOME_CREATED);
}

TEST_F(BatchTest, DuplicateReferenceReportsTheCustomerThatHoldsIt) {
  cv1::CreateCustomerRequest existing_req;
  existing_req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  existing_req.mutable_customer()->set_display_name("Already here");
  existing_req.mutable_customer()->mutable_external_ref()->set_source_system("erp");
  existing_req.mutable_customer()->mutable_external_ref()->set_id("D-1");
  const cv1::Customer existing = MustCreate(existing_req);

  cv1::BatchCreateCustomersRequest req;
  *req.add_requests() = Item("Again", "", "D-1", "");
  *req.add_requests() = Item("New", "", "D-2", "");
  cv1::BatchCreateCustomersResponse resp;
  ASSERT_TRUE(stub_->BatchCreateCustomers(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(resp.results(0).outcome(), cv1::BATCH_ITEM_OUTCOME_FAILED);
  EXPECT_EQ(resp.results(0).error_code(), static_cast<int>(StatusCode::ALREADY_EXISTS));
  EXPECT_EQ(resp.results(0).error_message().rfind("requests[0].customer.external_ref", 0), 0u)
      << resp.results(0).error_message();
  EXPECT_EQ(resp.results(0).customer().name(), existing.name());
  EXPECT_EQ(resp.results(1).outcome(), cv1::BATCH_ITEM_OUTCOME_CREATED);
}

TEST_F(BatchTest, EmptyOrOversizedBatchIsRefusedWhole) {
  cv1::BatchCreateCustomersResponse resp;
  EXPECT_RPC_ERROR(
      stub_->BatchCreateCustomers(Ctx().get(), cv1::BatchCreateCustomersRequest(), &resp),
      StatusCode::INVALID_ARGUMENT, "requests");
  cv1::BatchCreateCustomersRequest big;
  for (int i = 0; i < 501; ++i) {
    *big.add_requests() = Item("P" + std::to_string(i), "", "B-" + std::to_string(i), "");
  }
  EXPECT_RPC_ERROR(stub_->BatchCreateCustomers(Ctx().get(), big, &resp),
                   StatusCode::INVALID_ARGUMENT, "requests");
  EXPECT_EQ(CustomerCount(), 0);

  // Exactly the maximum is accepted; the time it takes is printed, not asserted.
  big.mutable_requests()->RemoveLast();
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(
      stub_->BatchCreateCustomers(CallCtx(std::chrono::seconds(60)).get(), big, &resp).ok());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ figure ] BatchCreateCustomers 500 items: " << seconds << " s, " << 500 / seconds
            << " customers/s\n";
  EXPECT_EQ(resp.created_count(), 500);
  EXPECT_EQ(CustomerCount(), 500);
  EXPECT_EQ(EventCount("customer_created"), 500);
}

}  // namespace
}  // namespace sales::testing
