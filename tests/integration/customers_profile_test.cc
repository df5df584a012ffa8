// Customers and contacts over gRPC against the real MariaDB: create, get, list, update,
// archive, and every kind of bad input.
#include <google/protobuf/util/message_differencer.h>

#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

cv1::CreateCustomerRequest ValidCreate() {
  cv1::CreateCustomerRequest req;
  cv1::Customer* c = req.mutable_customer();
  c->set_kind(cv1::CUSTOMER_KIND_COMPANY);
  c->set_display_name("Acme Trading Co.");
  c->set_email("buyer@acme.example.com");
  c->set_phone("+8613800138000");
  c->add_tags("VIP");
  c->add_tags("wholesale");
  c->set_owner_rep("reps/r-7");
  c->set_acquisition_channel(cv1::ACQUISITION_CHANNEL_REFERRAL);
  c->mutable_external_ref()->set_source_system("erp");
  c->mutable_external_ref()->set_id("C-1001");
  return req;
}

TEST_F(CustomersTest, CreateThenGetReturnsTheStoredProfile) {
  cv1::Customer created = MustCreate(ValidCreate());
  EXPECT_TRUE(absl::StartsWith(created.name(), "customers/"));
  EXPECT_EQ(created.state(), cv1::CUSTOMER_STATE_ACTIVE);
  EXPECT_EQ(created.tier(), "standard");
  EXPECT_FALSE(created.etag().empty());
  ASSERT_EQ(created.tags_size(), 2);
  EXPECT_EQ(created.tags(0), "vip");  // tags are stored lower-case, sorted

  cv1::GetCustomerRequest get;
  get.set_name(created.name());
  cv1::Customer fetched;
  ASSERT_TRUE(stub_->GetCustomer(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "Acme Trading Co.");
  EXPECT_EQ(fetched.email(), "buyer@acme.example.com");
  EXPECT_EQ(fetched.external_ref().id(), "C-1001");
  EXPECT_EQ(fetched.owner_rep(), "reps/r-7");
  EXPECT_EQ(fetched.etag(), created.etag());
  // The answer to Create carries the time exactly as it is stored and read back.
  EXPECT_EQ(fetched.create_time().seconds(), created.create_time().seconds());
  EXPECT_EQ(fetched.create_time().nanos(), created.create_time().nanos());
}

TEST_F(CustomersTest, CreateRejectsBadInputNamingTheField) {
  struct Case {
    std::function<void(cv1::Customer*)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](cv1::Customer* c) { c->set_display_name(""); }, "customer.display_name"},
      {[](cv1::Customer* c) { c->set_display_name("   "); }, "customer.display_name"},
      {[](cv1::Customer* c) { c->set_display_name(std::string(201, 'x')); },
       "customer.display_name"},
      {[](cv1::Customer* c) { c->set_kind(cv1::CUSTOMER_KIND_UNSPECIFIED); }, "customer.kind"},
      {[](cv1::Customer* c) { c->set_email("not-an-email"); }, "customer.email"},
      {[](cv1::Customer* c) { c->set_email("a@" + std::string(260, 'b') + ".com"); },
       "customer.email"},
      {[](cv1::Customer* c) { c->set_phone("12345"); }, "customer.phone"},
      {[](cv1::Customer* c) { c->set_phone("+86 138 0013"); }, "customer.phone"},
      {[](cv1::Customer* c) { c->add_tags("no spaces allowed"); }, "customer.tags"},
      {[](cv1::Customer* c) { c->set_owner_rep("bob"); }, "customer.owner_rep"},
      {[](cv1::Customer* c) {
         c->set_acquisition_channel(static_cast<cv1::AcquisitionChannel>(99));
       },
       "customer.acquisition_channel"},
      {[](cv1::Customer* c) { c->mutable_external_ref()->set_id(""); }, "customer.external_ref.id"},
  };
  for (const Case& tc : cases) {
    cv1::CreateCustomerRequest req = ValidCreate();
    tc.mutate(req.mutable_customer());
    cv1::Customer out;
    EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                     tc.field);
  }
  cv1::CreateCustomerRequest missing;
  cv1::Customer out;
  EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), missing, &out), StatusCode::INVALID_ARGUMENT,
                   "customer");
  // Nothing was written by any refused call.
  cv1::ListCustomersResponse list;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), cv1::ListCustomersRequest(), &list).ok());
  EXPECT_EQ(list.customers_size(), 0);
}

TEST_F(CustomersTest, ExternalReferenceIsUniquePerSourceSystem) {
  MustCreate(ValidCreate());
  cv1::Customer out;
  EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), ValidCreate(), &out),
                   StatusCode::ALREADY_EXISTS, "customer.external_ref");
  cv1::CreateCustomerRequest other_system = ValidCreate();
  other_system.mutable_customer()->mutable_external_ref()->set_source_system("pos");
  EXPECT_TRUE(stub_->CreateCustomer(Ctx().get(), other_system, &out).ok());
}

TEST_F(CustomersTest, RetryWithSameRequestIdReturnsFirstAnswerAndCreatesOnce) {
  cv1::CreateCustomerRequest req = ValidCreate();
  req.set_request_id("create-acme-1");
  cv1::Customer first, second;
  ASSERT_TRUE(stub_->CreateCustomer(Ctx().get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateCustomer(Ctx().get(), req, &second).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, second));

  req.mutable_customer()->set_display_name("Someone else");
  cv1::Customer third;
  EXPECT_RPC_ERROR(stub_->CreateCustomer(Ctx().get(), req, &third), StatusCode::INVALID_ARGUMENT,
                   "request_id");
  cv1::ListCustomersResponse list;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), cv1::ListCustomersRequest(), &list).ok());
  EXPECT_EQ(list.customers_size(), 1);
}

TEST_F(CustomersTest, TwentyConcurrentCreatesWithOneRequestIdMakeOneCustomer) {
  cv1::CreateCustomerRequest req;
  req.set_request_id("same-for-all");
  req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
  req.mutable_customer()->set_display_name("Li Lei");
  std::vector<std::string> names(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      cv1::Customer out;
      grpc::Status status = stub_->CreateCustomer(Ctx().get(), req, &out);
      EXPECT_TRUE(status.ok()) << status.error_message();
      names[i] = out.name();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 1u);
  cv1::ListCustomersResponse list;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), cv1::ListCustomersRequest(), &list).ok());
  EXPECT_EQ(list.customers_size(), 1);
}

TEST_F(CustomersTest, GetRefusesMalformedAndUnknownNames) {
  cv1::Customer out;
  cv1::GetCustomerRequest req;
  for (const char* bad :
       {"", "customers/", "customers/abc", "customers/-1", "orders/1", "customers/1/x"}) {
    req.set_name(bad);
    EXPECT_RPC_ERROR(stub_->GetCustomer(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                     "name");
  }
  req.set_name("customers/987654");
  EXPECT_RPC_ERROR(stub_->GetCustomer(Ctx().get(), req, &out), StatusCode::NOT_FOUND,
                   "customers/987654");
}

TEST_F(CustomersTest, ListPagesThroughEveryCustomerOnceWithFilters) {
  for (int i = 0; i < 7; ++i) {
    cv1::CreateCustomerRequest req;
    req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
    req.mutable_customer()->set_display_name(absl::StrCat(i % 2 ? "Wang " : "Zhang ", i));
    req.mutable_customer()->set_owner_rep(i % 2 ? "reps/a" : "reps/b");
    req.mutable_customer()->add_tags(i < 3 ? "early" : "late");
    MustCreate(req);
  }
  std::set<std::string> seen;
  cv1::ListCustomersRequest req;
  req.set_page_size(3);
  int pages = 0;
  do {
    cv1::ListCustomersResponse resp;
    ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), req, &resp).ok());
    for (const auto& c : resp.customers()) EXPECT_TRUE(seen.insert(c.name()).second);
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);

  cv1::ListCustomersRequest by_owner;
  by_owner.set_owner_rep("reps/a");
  cv1::ListCustomersResponse resp;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_owner, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 3);

  cv1::ListCustomersRequest by_tag;
  by_tag.set_tag("EARLY");
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_tag, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 3);

  cv1::ListCustomersRequest by_text;
  by_text.set_name_query("wang");
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_text, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 3);

  cv1::ListCustomersRequest wildcard;
  wildcard.set_name_query("%");  // a literal percent sign, not a wildcard
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), wildcard, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 0);

  cv1::ListCustomersRequest by_tier;
  by_tier.set_tier("gold");
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_tier, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 0);

  cv1::ListCustomersRequest future;
  future.mutable_created_after()->set_seconds(absl::ToUnixSeconds(absl::Now()) + 3600);
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), future, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 0);
}

// Customers created from several threads at once get ids in insert order but times in the
// order they were taken: the list is oldest first by create_time (ties by name), and paging
// through it in small pages sees every customer exactly once.
TEST_F(CustomersTest, ListIsOldestFirstByCreateTimeUnderConcurrentCreates) {
  constexpr int kThreads = 6;
  constexpr int kPerThread = 20;
  std::vector<std::vector<std::string>> created(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &created] {
      for (int i = 0; i < kPerThread; ++i) {
        cv1::CreateCustomerRequest req;
        req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
        req.mutable_customer()->set_display_name(absl::StrCat("Concurrent ", t, "-", i));
        cv1::Customer out;
        const grpc::Status status = stub_->CreateCustomer(Ctx().get(), req, &out);
        EXPECT_TRUE(status.ok()) << status.error_message();
        created[t].push_back(out.name());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> expected;
  for (const auto& names : created) expected.insert(names.begin(), names.end());
  ASSERT_EQ(expected.size(), static_cast<size_t>(kThreads * kPerThread));

  const auto id_of = [](const std::string& name) {
    return std::stoll(name.substr(name.find('/') + 1));
  };
  for (int page_size : {7, 1000}) {
    SCOPED_TRACE(absl::StrCat("page_size ", page_size));
    std::vector<cv1::Customer> listed;
    cv1::ListCustomersRequest req;
    req.set_page_size(page_size);
    do {
      cv1::ListCustomersResponse resp;
      ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), req, &resp).ok());
      listed.insert(listed.end(), resp.customers().begin(), resp.customers().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    std::set<std::string> seen;
    for (const cv1::Customer& c : listed) EXPECT_TRUE(seen.insert(c.name()).second) << c.name();
    EXPECT_EQ(seen, expected);  // no duplicate, no gap across page tokens
    for (size_t i = 1; i < listed.size(); ++i) {
      const google::protobuf::Timestamp& a = listed[i - 1].create_time();
      const google::protobuf::Timestamp& b = listed[i].create_time();
      const auto key = [&](const google::protobuf::Timestamp& ts, const cv1::Customer& c) {
        return std::make_tuple(ts.seconds(), ts.nanos(), id_of(c.name()));
      };
      EXPECT_LT(key(a, listed[i - 1]), key(b, listed[i]))
          << listed[i - 1].name() << " listed before " << listed[i].name();
    }
  }
}

TEST_F(CustomersTest, ListRefusesBadPagingInput) {
  for (int i = 0; i < 3; ++i) NewPerson(absl::StrCat("P", i));
  cv1::ListCustomersResponse resp;
  cv1::ListCustomersRequest negative;
  negative.set_page_size(-1);
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), negative, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_size");

  cv1::ListCustomersRequest garbage;
  garbage.set_page_token("not-a-token");
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), garbage, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");

  cv1::ListCustomersRequest first;
  first.set_page_size(1);
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), first, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  const std::string token = resp.next_page_token();

  cv1::ListCustomersRequest foreign;  // the token belongs to a query without this filter
  foreign.set_owner_rep("reps/x");
  foreign.set_page_token(token);
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), foreign, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");

  std::string tampered = token;
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  cv1::ListCustomersRequest edited;
  edited.set_page_size(1);
  edited.set_page_token(tampered);
  EXPECT_RPC_ERROR(stub_->ListCustomers(Ctx().get(), edited, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_token");

  cv1::ListCustomersRequest huge;
  huge.set_page_size(100000);  // clamped, not refused
  EXPECT_TRUE(stub_->ListCustomers(Ctx().get(), huge, &resp).ok());
  EXPECT_EQ(resp.customers_size(), 3);
}

TEST_F(CustomersTest, UpdateChangesOnlyMaskedFieldsAndChecksEtag) {
  cv1::Customer created = MustCreate(ValidCreate());
  cv1::UpdateCustomerRequest req;
  req.mutable_customer()->set_name(created.name());
  req.mutable_customer()->set_etag(created.etag());
  req.mutable_customer()->set_display_name("Acme Group");
  req.mutable_customer()->set_email("ignored@x.com");  // not in the mask
  req.mutable_update_mask()->add_paths("display_name");
  cv1::Customer updated;
  ASSERT_TRUE(stub_->UpdateCustomer(Ctx().get(), req, &updated).ok());
  EXPECT_EQ(updated.display_name(), "Acme Group");
  EXPECT_EQ(updated.email(), "buyer@acme.example.com");
  EXPECT_NE(updated.etag(), created.etag());

  // The old etag is now stale.
  req.mutable_customer()->set_display_name("Acme Again");
  EXPECT_RPC_ERROR(stub_->UpdateCustomer(Ctx().get(), req, &updated), StatusCode::ABORTED,
                   "customer.etag");

  cv1::UpdateCustomerRequest bad_path;
  bad_path.mutable_customer()->set_name(created.name());
  bad_path.mutable_update_mask()->add_paths("tier");
  EXPECT_RPC_ERROR(stub_->UpdateCustomer(Ctx().get(), bad_path, &updated),
                   StatusCode::INVALID_ARGUMENT, "update_mask");

  cv1::UpdateCustomerRequest bad_value;
  bad_value.mutable_customer()->set_name(created.name());
  bad_value.mutable_customer()->set_phone("call me");
  bad_value.mutable_update_mask()->add_paths("phone");
  EXPECT_RPC_ERROR(stub_->UpdateCustomer(Ctx().get(), bad_value, &updated),
                   StatusCode::INVALID_ARGUMENT, "customer.phone");

  cv1::UpdateCustomerRequest no_mask;
  no_mask.mutable_customer()->set_name(created.name());
  EXPECT_RPC_ERROR(stub_->UpdateCustomer(Ctx().get(), no_mask, &updated),
                   StatusCode::INVALID_ARGUMENT, "update_mask");

  cv1::UpdateCustomerRequest unknown;
  unknown.mutable_customer()->set_name("customers/99999");
  unknown.mutable_update_mask()->add_paths("display_name");
  unknown.mutable_customer()->set_display_name("x");
  EXPECT_RPC_ERROR(stub_->UpdateCustomer(Ctx().get(), unknown, &updated), StatusCode::NOT_FOUND,
                   "customers/99999");
}

TEST_F(CustomersTest, ArchivedCustomersLeaveListsAndRefuseChanges) {
  cv1::Customer keep = NewPerson("Keep");
  cv1::Customer gone = NewPerson("Gone");
  cv1::ArchiveCustomerRequest archive;
  archive.set_name(gone.name());
  archive.set_etag(gone.etag());
  cv1::Customer archived;
  ASSERT_TRUE(stub_->ArchiveCustomer(Ctx().get(), archive, &archived).ok());
  EXPECT_EQ(archived.state(), cv1::CUSTOMER_STATE_ARCHIVED);

  cv1::ListCustomersResponse list;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), cv1::ListCustomersRequest(), &list).ok());
  ASSERT_EQ(list.customers_size(), 1);
  EXPECT_EQ(list.customers(0).name(), keep.name());
  cv1::ListCustomersRequest all;
  all.set_show_archived(true);
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), all, &list).ok());
  EXPECT_EQ(list.customers_size(), 2);

  archive.clear_etag();
  EXPECT_RPC_ERROR_MENTIONS(stub_->ArchiveCustomer(Ctx().get(), archive, &archived),
                            StatusCode::FAILED_PRECONDITION,
                            "from CUSTOMER_STATE_ARCHIVED to CUSTOMER_STATE_ARCHIVED");
  cv1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(gone.name());
  update.mutable_customer()->set_display_name("Back");
  update.mutable_update_mask()->add_paths("display_name");
  cv1::Customer out;
  EXPECT_RPC_ERROR_MENTIONS(stub_->UpdateCustomer(Ctx().get(), update, &out),
                            StatusCode::FAILED_PRECONDITION, "customers/2 is archived");
}

TEST_F(CustomersTest, ContactsBelongToCompaniesOnly) {
  cv1::Customer company = NewCompany("Globex");
  cv1::Customer person = NewPerson("Han Meimei");
  cv1::CreateContactRequest req;
  req.set_parent(company.name());
  req.mutable_contact()->set_display_name("Zhao Buyer");
  req.mutable_contact()->set_title("Purchasing");
  req.mutable_contact()->set_email("zhao@globex.example.com");
  cv1::Contact contact;
  ASSERT_TRUE(stub_->CreateContact(Ctx().get(), req, &contact).ok());
  EXPECT_TRUE(absl::StartsWith(contact.name(), company.name() + "/contacts/"));

  req.set_parent(person.name());
  EXPECT_RPC_ERROR_MENTIONS(stub_->CreateContact(Ctx().get(), req, &contact),
                            StatusCode::FAILED_PRECONDITION,
                            "only company customers have contacts");
  req.set_parent("customers/424242");
  EXPECT_RPC_ERROR(stub_->CreateContact(Ctx().get(), req, &contact), StatusCode::NOT_FOUND,
                   "customers/424242");
  req.set_parent(company.name());
  req.mutable_contact()->set_email("bad@");
  EXPECT_RPC_ERROR(stub_->CreateContact(Ctx().get(), req, &contact), StatusCode::INVALID_ARGUMENT,
                   "contact.email");

  cv1::ListContactsRequest list;
  list.set_parent(company.name());
  cv1::ListContactsResponse contacts;
  ASSERT_TRUE(stub_->ListContacts(Ctx().get(), list, &contacts).ok());
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).title(), "Purchasing");

  cv1::DeleteContactRequest del;
  del.set_name(contacts.contacts(0).name());
  cv1::DeleteContactResponse deleted;
  ASSERT_TRUE(stub_->DeleteContact(Ctx().get(), del, &deleted).ok());
  EXPECT_RPC_ERROR(stub_->DeleteContact(Ctx().get(), del, &deleted), StatusCode::NOT_FOUND,
                   "customers/1/contacts/1");
  ASSERT_TRUE(stub_->ListContacts(Ctx().get(), list, &contacts).ok());
  EXPECT_EQ(contacts.contacts_size(), 0);
}

}  // namespace
}  // namespace sales::testing
