// Finding a customer by what other systems know of it: the external reference an importer
// sent, an e-mail address, a phone number (ListCustomers filters), against the real MariaDB.
#include <string>
#include <vector>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

cv1::CreateCustomerRequest Imported(const std::string& source, const std::string& id,
                                    const std::string& email, const std::string& phone) {
  cv1::CreateCustomerRequest req;
  cv1::Customer* c = req.mutable_customer();
  c->set_kind(cv1::CUSTOMER_KIND_PERSON);
  c->set_display_name("Imported " + id);
  c->set_email(email);
  c->set_phone(phone);
  if (!source.empty()) {
    c->mutable_external_ref()->set_source_system(source);
    c->mutable_external_ref()->set_id(id);
  }
  return req;
}

class LookupTest : public CustomersTest {
 protected:
  std::vector<std::string> Find(const cv1::ListCustomersRequest& req) {
    cv1::ListCustomersResponse resp;
    const grpc::Status status = stub_->ListCustomers(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const cv1::Customer& c : resp.customers()) names.push_back(c.name());
    return names;
  }

  std::vector<std::string> ByExternalRef(const std::string& source, const std::string& id,
                                         bool show_archived = false) {
    cv1::ListCustomersRequest req;
    req.mutable_external_ref()->set_source_system(source);
    req.mutable_external_ref()->set_id(id);
    req.set_show_archived(show_archived);
    return Find(req);
  }
};

TEST_F(LookupTest, ImporterFindsTheExistingRecordAfterAlreadyExists) {
  const cv1::Customer first = MustCreate(Imported("erp", "C-1001", "", ""));
  MustCreate(Imported("pos", "C-1001", "", ""));  // same id, another system
  MustCreate(Imported("erp", "C-1002", "", ""));

  // The importer sends the same record again and is told it exists ...
  cv1::Customer out;
  EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), Imported("erp", "C-1001", "", ""), &out),
                   StatusCode::ALREADY_EXISTS, "customer.external_ref");
  // ... and finds exactly that record by the reference it holds.
  EXPECT_EQ(ByExternalRef("erp", "C-1001"), std::vector<std::string>{first.name()});
  EXPECT_TRUE(ByExternalRef("erp", "C-9999").empty());
  EXPECT_TRUE(ByExternalRef("crm", "C-1001").empty());
}

TEST_F(LookupTest, ArchivedRecordsAreFoundWithShowArchived) {
  const cv1::Customer c = MustCreate(Imported("erp", "A-1", "", ""));
  cv1::ArchiveCustomerRequest archive;
  archive.set_name(c.name());
  cv1::Customer archived;
  ASSERT_TRUE(stub_->ArchiveCustomer(Ctx().get(), archive, &archived).ok());
  EXPECT_TRUE(ByExternalRef("erp", "A-1").empty());
  EXPECT_EQ(ByExternalRef("erp", "A-1", /*show_archived=*/true),
            std::vector<std::string>{c.name()});
}

TEST_F(LookupTest, EmailMatchesExactlyRegardlessOfLetterCase) {
  const cv1::Customer a = MustCreate(Imported("", "", "Li.Wei@Example.com", ""));
  const cv1::Customer b = MustCreate(Imported("", "", "li.wei@example.com", ""));
  MustCreate(Imported("", "", "li.wei2@example.com", ""));
  MustCreate(Imported("", "", "xli.wei@example.com", ""));
  cv1::ListCustomersRequest req;
  req.set_email("LI.WEI@EXAMPLE.COM");
  EXPECT_EQ(Find(req), (std::vector<std::string>{a.name(), b.name()}));
  req.set_email("li.wei@example.co");
  EXPECT_TRUE(Find(req).empty());
}

TEST_F(LookupTest, PhoneMatchesTheE164FormExactly) {
  const cv1::Customer a = MustCreate(Imported("", "", "", "+8613800138000"));
  MustCreate(Imported("", "", "", "+8613800138001"));
  cv1::ListCustomersRequest req;
  req.set_phone("+8613800138000");
  EXPECT_EQ(Find(req), std::vector<std::string>{a.name()});
  // Combined with another filter, both must hold.
  req.set_email("nobody@example.com");
  EXPECT_TRUE(Find(req).empty());
}

TEST_F(LookupTest, MalformedLookupValuesAreRefusedNamingTheField) {
  cv1::ListCustomersResponse resp;
  cv1::ListCustomersRequest bad_phone;
  bad_phone.set_phone("13800138000");  // not E.164: create would refuse it too
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), bad_phone, &resp),
                   StatusCode::INVALID_ARGUMENT, "phone");
  cv1::ListCustomersRequest bad_email;
  bad_email.set_email("not-an-email");
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), bad_email, &resp),
                   StatusCode::INVALID_ARGUMENT, "email");
  cv1::ListCustomersRequest half_ref;
  half_ref.mutable_external_ref()->set_id("C-1");
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), half_ref, &resp), StatusCode::INVALID_ARGUMENT,
                   "external_ref.source_system");
  cv1::ListCustomersRequest empty_ref;
  empty_ref.mutable_external_ref();
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), empty_ref, &resp),
                   StatusCode::INVALID_ARGUMENT, "external_ref");
}

}  // namespace
}  // namespace sales::testing
