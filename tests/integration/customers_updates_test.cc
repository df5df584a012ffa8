// Changing what was created: UpdateLead (field mask, etag, stage refused), UpdateContact,
// DeleteContact (AIP-135), UnarchiveCustomer, against the real MariaDB.
#include <string>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class UpdatesTest : public CustomersTest {
 protected:
  cv1::Lead NewLead() {
    cv1::CreateLeadRequest req;
    req.mutable_lead()->set_display_name("200 scanners");
    req.mutable_lead()->set_company_name("Initech");
    req.mutable_lead()->mutable_expected_amount()->set_currency_code("CNY");
    req.mutable_lead()->mutable_expected_amount()->set_minor_units(100000);
    cv1::Lead lead;
    const grpc::Status status = stub_->CreateLead(Ctx().get(), req, &lead);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return lead;
  }

  cv1::Contact NewContact(const std::string& parent) {
    cv1::CreateContactRequest req;
    req.set_parent(parent);
    req.mutable_contact()->set_display_name("Chen Jing");
    req.mutable_contact()->set_email("chen@initech.example.com");
    cv1::Contact contact;
    const grpc::Status status = stub_->CreateContact(Ctx().get(), req, &contact);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return contact;
  }
};

TEST_F(UpdatesTest, UpdateLeadChangesOnlyTheMaskedFields) {
  const cv1::Lead lead = NewLead();
  cv1::UpdateLeadRequest req;
  req.mutable_lead()->set_name(lead.name());
  req.mutable_lead()->set_etag(lead.etag());
  req.mutable_lead()->mutable_expected_amount()->set_currency_code("CNY");
  req.mutable_lead()->mutable_expected_amount()->set_minor_units(250000);
  req.mutable_lead()->set_owner_rep("reps/r-9");
  req.mutable_lead()->set_contact_email("buyer@initech.example.com");
  req.mutable_lead()->set_expected_close_date("2026-12-31");
  req.mutable_lead()->set_company_name("not in the mask");
  for (const char* path :
       {"expected_amount", "owner_rep", "contact_email", "expected_close_date"}) {
    req.mutable_update_mask()->add_paths(path);
  }
  cv1::Lead updated;
  ASSERT_TRUE(stub_->UpdateLead(Ctx().get(), req, &updated).ok());
  EXPECT_EQ(updated.expected_amount().minor_units(), 250000);
  EXPECT_NE(updated.etag(), lead.etag());

  cv1::GetLeadRequest get;
  get.set_name(lead.name());
  cv1::Lead fetched;
  ASSERT_TRUE(stub_->GetLead(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.expected_amount().minor_units(), 250000);
  EXPECT_EQ(fetched.expected_amount().currency_code(), "CNY");
  EXPECT_EQ(fetched.owner_rep(), "reps/r-9");
  EXPECT_EQ(fetched.contact_email(), "buyer@initech.example.com");
  EXPECT_EQ(fetched.expected_close_date(), "2026-12-31");
  EXPECT_EQ(fetched.company_name(), "Initech");  // not in the mask: unchanged
  EXPECT_EQ(fetched.stage(), cv1::LEAD_STAGE_LEAD);
  EXPECT_EQ(fetched.etag(), updated.etag());
  EXPECT_EQ(EventCount("lead_updated"), 1);

  // The old etag is stale now.
  cv1::Lead out;
  req.mutable_lead()->set_owner_rep("reps/r-10");
  EXPECT_RPC_ERROR(stub_->UpdateLead(Ctx().get(), req, &out), StatusCode::ABORTED, "lead.etag");

  // Clearing the close date with an empty value.
  cv1::UpdateLeadRequest clear;
  clear.mutable_lead()->set_name(lead.name());
  clear.mutable_update_mask()->add_paths("expected_close_date");
  ASSERT_TRUE(stub_->UpdateLead(Ctx().get(), clear, &out).ok());
  EXPECT_EQ(out.expected_close_date(), "");
}

TEST_F(UpdatesTest, UpdateLeadRefusesTheStageAndBadValuesNamingTheField) {
  const cv1::Lead lead = NewLead();
  struct Case {
    std::string path;
    std::function<void(cv1::Lead*)> set;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"stage", [](cv1::Lead* l) { l->set_stage(cv1::LEAD_STAGE_WON); }, "lead.stage"},
      {"expected_amount",
       [](cv1::Lead* l) {
         l->mutable_expected_amount()->set_currency_code("USD");
         l->mutable_expected_amount()->set_minor_units(5);
       },
       "lead.expected_amount.currency_code"},
      {"expected_amount",
       [](cv1::Lead* l) {
         l->mutable_expected_amount()->set_currency_code("CNY");
         l->mutable_expected_amount()->set_minor_units(-1);
       },
       "lead.expected_amount.minor_units"},
      {"expected_close_date", [](cv1::Lead* l) { l->set_expected_close_date("2026-02-30"); },
       "lead.expected_close_date"},
      {"owner_rep", [](cv1::Lead* l) { l->set_owner_rep("bob"); }, "lead.owner_rep"},
      {"contact_phone", [](cv1::Lead* l) { l->set_contact_phone("123"); }, "lead.contact_phone"},
      {"probability_percent", [](cv1::Lead* l) { l->set_probability_percent(90); }, "update_mask"},
  };
  for (const Case& tc : cases) {
    cv1::UpdateLeadRequest req;
    req.mutable_lead()->set_name(lead.name());
    tc.set(req.mutable_lead());
    req.mutable_update_mask()->add_paths(tc.path);
    cv1::Lead out;
    EXPECT_RPC_ERROR(stub_->UpdateLead(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                     tc.field);
  }
  cv1::UpdateLeadRequest missing;
  missing.mutable_lead()->set_name("leads/999999");
  missing.mutable_update_mask()->add_paths("owner_rep");
  cv1::Lead out;
  EXPECT_EQ(stub_->UpdateLead(Ctx().get(), missing, &out).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(EventCount("lead_updated"), 0);
}

TEST_F(UpdatesTest, UpdateContactChangesTheMaskedFields) {
  const cv1::Customer company = NewCompany("Initech");
  const cv1::Contact contact = NewContact(company.name());
  cv1::UpdateContactRequest req;
  req.mutable_contact()->set_name(contact.name());
  req.mutable_contact()->set_title("Head of Purchasing");
  req.mutable_contact()->set_phone("+8613900139000");
  req.mutable_contact()->set_email("ignored@example.com");  // not in the mask
  req.mutable_update_mask()->add_paths("title");
  req.mutable_update_mask()->add_paths("phone");
  cv1::Contact updated;
  ASSERT_TRUE(stub_->UpdateContact(Ctx().get(), req, &updated).ok());
  EXPECT_EQ(updated.title(), "Head of Purchasing");
  EXPECT_EQ(updated.phone(), "+8613900139000");
  EXPECT_EQ(updated.email(), "chen@initech.example.com");

  cv1::ListContactsRequest list;
  list.set_parent(company.name());
  cv1::ListContactsResponse contacts;
  ASSERT_TRUE(stub_->ListContacts(Ctx().get(), list, &contacts).ok());
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).title(), "Head of Purchasing");
  EXPECT_EQ(EventCount("contact_updated"), 1);

  cv1::Contact out;
  req.mutable_contact()->set_phone("0139");
  EXPECT_RPC_ERROR(stub_->UpdateContact(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "contact.phone");
  cv1::UpdateContactRequest unknown = req;
  unknown.mutable_contact()->set_phone("+8613900139001");
  unknown.mutable_contact()->set_name(company.name() + "/contacts/999999");
  EXPECT_EQ(stub_->UpdateContact(Ctx().get(), unknown, &out).error_code(), StatusCode::NOT_FOUND);
  cv1::UpdateContactRequest no_mask;
  no_mask.mutable_contact()->set_name(contact.name());
  EXPECT_RPC_ERROR(stub_->UpdateContact(Ctx().get(), no_mask, &out), StatusCode::INVALID_ARGUMENT,
                   "update_mask");
}

TEST_F(UpdatesTest, DeleteContactIsNotFoundTheSecondTimeUnlessRetriedWithItsRequestId) {
  const cv1::Customer company = NewCompany("Initech");
  const cv1::Contact contact = NewContact(company.name());
  cv1::DeleteContactRequest del;
  del.set_name(contact.name());
  del.set_request_id("delete-contact-1");
  cv1::DeleteContactResponse resp;
  ASSERT_TRUE(stub_->DeleteContact(Ctx().get(), del, &resp).ok());
  // A retry of the same call (lost answer) succeeds again without a second event.
  ASSERT_TRUE(stub_->DeleteContact(Ctx().get(), del, &resp).ok());
  EXPECT_EQ(EventCount("contact_removed"), 1);
  // A new delete of what is gone is NOT_FOUND (AIP-135).
  del.clear_request_id();
  EXPECT_EQ(stub_->DeleteContact(Ctx().get(), del, &resp).error_code(), StatusCode::NOT_FOUND);

  cv1::ListContactsRequest list;
  list.set_parent(company.name());
  cv1::ListContactsResponse contacts;
  ASSERT_TRUE(stub_->ListContacts(Ctx().get(), list, &contacts).ok());
  EXPECT_EQ(contacts.contacts_size(), 0);
}

TEST_F(UpdatesTest, UnarchiveReturnsAnArchivedCustomerToActive) {
  const cv1::Customer c = NewPerson("Zhao Liu");
  cv1::ArchiveCustomerRequest archive;
  archive.set_name(c.name());
  cv1::Customer archived;
  ASSERT_TRUE(stub_->ArchiveCustomer(Ctx().get(), archive, &archived).ok());

  cv1::UnarchiveCustomerRequest unarchive;
  unarchive.set_name(c.name());
  unarchive.set_etag(c.etag());  // stale: archiving changed it
  cv1::Customer out;
  EXPECT_RPC_ERROR(stub_->UnarchiveCustomer(Ctx().get(), unarchive, &out), StatusCode::ABORTED,
                   "etag");
  unarchive.set_etag(archived.etag());
  ASSERT_TRUE(stub_->UnarchiveCustomer(Ctx().get(), unarchive, &out).ok());
  EXPECT_EQ(out.state(), cv1::CUSTOMER_STATE_ACTIVE);
  EXPECT_EQ(EventCount("customer_unarchived"), 1);

  // Active again: listed by default and editable.
  cv1::ListCustomersResponse list;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), cv1::ListCustomersRequest(), &list).ok());
  EXPECT_EQ(list.customers_size(), 1);
  cv1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(c.name());
  update.mutable_customer()->set_display_name("Zhao Liu Jr.");
  update.mutable_update_mask()->add_paths("display_name");
  EXPECT_TRUE(stub_->UpdateCustomer(Ctx().get(), update, &out).ok());

  // Unarchiving an active customer names both states.
  unarchive.clear_etag();
  const grpc::Status again = stub_->UnarchiveCustomer(Ctx().get(), unarchive, &out);
  EXPECT_EQ(again.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(again.error_message().find("from CUSTOMER_STATE_ACTIVE to CUSTOMER_STATE_ACTIVE"),
            std::string::npos)
      << again.error_message();
  EXPECT_EQ(EventCount("customer_unarchived"), 1);
}

}  // namespace
}  // namespace sales::testing
