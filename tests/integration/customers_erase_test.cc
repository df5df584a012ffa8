// ErasePersonalData (GDPR art. 17, PIPL art. 47) against the real MariaDB: every personal
// field in every table is cleared, ids, points and amounts stay, the audit record and the
// event are written, earlier events are redacted, erasure is idempotent and irreversible.
#include <string>
#include <vector>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

constexpr char kName[] = "Wang Xiaoming Trading";
constexpr char kEmail[] = "wang.xiaoming@example.com";
constexpr char kPhone[] = "+8613800138000";
constexpr char kContactName[] = "Wang Xiaohong";
constexpr char kNotes[] = "Prefers calls after 18:00, lives near Xujiahui";
constexpr char kComment[] = "The courier Mr. Li was rude";

class EraseTest : public CustomersTest {
 protected:
  // A company with everything personal the service can hold about it.
  void SetUpCustomer() {
    cv1::CreateCustomerRequest create;
    cv1::Customer* c = create.mutable_customer();
    c->set_kind(cv1::CUSTOMER_KIND_COMPANY);
    c->set_display_name(kName);
    c->set_email(kEmail);
    c->set_phone(kPhone);
    c->add_tags("vip");
    c->set_owner_rep("reps/r-1");
    c->mutable_external_ref()->set_source_system("erp");
    c->mutable_external_ref()->set_id("W-77");
    customer_ = MustCreate(create);

    cv1::CreateContactRequest contact;
    contact.set_parent(customer_.name());
    contact.mutable_contact()->set_display_name(kContactName);
    contact.mutable_contact()->set_title("Owner");
    contact.mutable_contact()->set_email("hong@example.com");
    contact.mutable_contact()->set_phone("+8613900139000");
    ASSERT_TRUE(stub_->CreateContact(Ctx().get(), contact, &contact_).ok());

    cv1::CreateInteractionRequest interaction;
    interaction.mutable_interaction()->set_subject(customer_.name());
    interaction.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_CALL);
    interaction.mutable_interaction()->set_notes(kNotes);
    *interaction.mutable_interaction()->mutable_occur_time() = customer_.create_time();
    cv1::Interaction logged;
    ASSERT_TRUE(stub_->CreateInteraction(Ctx().get(), interaction, &logged).ok());

    cv1::CreateSurveyResponseRequest survey;
    survey.mutable_survey_response()->set_customer(customer_.name());
    survey.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_NPS);
    survey.mutable_survey_response()->set_score(3);
    survey.mutable_survey_response()->set_comment(kComment);
    cv1::SurveyResponse answered;
    ASSERT_TRUE(stub_->CreateSurveyResponse(Ctx().get(), survey, &answered).ok());

    cv1::EarnPointsRequest earn;
    earn.set_account(customer_.name() + "/loyaltyAccount");
    earn.set_points(120);
    earn.mutable_spend()->set_currency_code("CNY");
    earn.mutable_spend()->set_minor_units(12000);
    cv1::PointEntry entry;
    ASSERT_TRUE(stub_->EarnPoints(Ctx().get(), earn, &entry).ok());
  }

  grpc::Status Erase(const std::string& requested_by, const std::string& legal_basis,
                     cv1::ErasePersonalDataResponse* out, const std::string& request_id = "") {
    cv1::ErasePersonalDataRequest req;
    req.set_name(customer_.name());
    req.set_requested_by(requested_by);
    req.set_legal_basis(legal_basis);
    req.set_reason("ticket DPO-2026-17");
    req.set_request_id(request_id);
    return stub_->ErasePersonalData(Ctx().get(), req, out);
  }

  // Rows of the service's schema that still hold `text` anywhere a person's data can be.
  int64_t RowsHolding(const std::string& text) {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    int64_t count = -1;
    const absl::Status status =
        db::RunInTransaction(*db_, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
          auto rs = tx.Query(
              "SELECT (SELECT COUNT(*) FROM customers WHERE display_name = ? OR email = ? OR "
              "phone = ?) + (SELECT COUNT(*) FROM contacts WHERE display_name = ? OR email = ? "
              "OR phone = ? OR title = ?) + (SELECT COUNT(*) FROM interactions WHERE notes = ?) "
              "+ (SELECT COUNT(*) FROM survey_responses WHERE comment_text = ?) + "
              "(SELECT COUNT(*) FROM leads WHERE display_name = ? OR company_name = ? OR "
              "contact_email = ? OR contact_phone = ?)",
              {text, text, text, text, text, text, text, text, text, text, text, text, text});
          rs->next();
          count = rs->getInt64(1);
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  // Decoded events of `type` whose payload mentions `text` anywhere.
  int64_t EventsMentioning(const std::string& type, const std::string& text) {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    int64_t n = 0;
    for (const events::v1::Event& e : ReadEvents(*db_, type)) {
      if (e.SerializeAsString().find(text) != std::string::npos) ++n;
    }
    return n;
  }

  cv1::Customer customer_;
  cv1::Contact contact_;
};

TEST_F(EraseTest, ClearsEveryPersonalFieldAndKeepsIdsPointsAndAmounts) {
  SetUpCustomer();
  ASSERT_GT(RowsHolding(kName), 0);
  ASSERT_EQ(EventsMentioning("customer_created", kName), 1);

  cv1::ErasePersonalDataResponse resp;
  const grpc::Status status = Erase("users/dpo-1", "GDPR art. 17", &resp);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(resp.customer().name(), customer_.name());
  EXPECT_EQ(resp.customer().state(), cv1::CUSTOMER_STATE_ERASED);
  EXPECT_EQ(resp.erasure().customer(), customer_.name());
  EXPECT_EQ(resp.erasure().requested_by(), "users/dpo-1");
  EXPECT_EQ(resp.erasure().legal_basis(), "GDPR art. 17");
  EXPECT_EQ(resp.erasure().reason(), "ticket DPO-2026-17");
  EXPECT_GT(resp.erasure().erase_time().seconds(), 0);

  cv1::GetCustomerRequest get;
  get.set_name(customer_.name());
  cv1::Customer erased;
  ASSERT_TRUE(stub_->GetCustomer(Ctx().get(), get, &erased).ok());
  EXPECT_EQ(erased.state(), cv1::CUSTOMER_STATE_ERASED);
  EXPECT_EQ(erased.display_name(), "[erased]");
  EXPECT_EQ(erased.email(), "");
  EXPECT_EQ(erased.phone(), "");
  EXPECT_EQ(erased.tags_size(), 0);
  // What identifies the record for orders and other systems stays.
  EXPECT_EQ(erased.external_ref().id(), "W-77");
  EXPECT_EQ(erased.kind(), cv1::CUSTOMER_KIND_COMPANY);
  EXPECT_EQ(erased.owner_rep(), "reps/r-1");

  cv1::ListContactsRequest contacts_req;
  contacts_req.set_parent(customer_.name());
  cv1::ListContactsResponse contacts;
  ASSERT_TRUE(stub_->ListContacts(Ctx().get(), contacts_req, &contacts).ok());
  ASSERT_EQ(contacts.contacts_size(), 1);
  EXPECT_EQ(contacts.contacts(0).name(), contact_.name());
  EXPECT_EQ(contacts.contacts(0).display_name(), "[erased]");
  EXPECT_EQ(contacts.contacts(0).email(), "");
  EXPECT_EQ(contacts.contacts(0).phone(), "");
  EXPECT_EQ(contacts.contacts(0).title(), "");

  cv1::ListInteractionsRequest interactions_req;
  interactions_req.set_subject(customer_.name());
  cv1::ListInteractionsResponse interactions;
  ASSERT_TRUE(stub_->ListInteractions(Ctx().get(), interactions_req, &interactions).ok());
  ASSERT_EQ(interactions.interactions_size(), 1);
  EXPECT_EQ(interactions.interactions(0).notes(), "");

  cv1::ListSurveyResponsesRequest surveys_req;
  surveys_req.set_customer(customer_.name());
  cv1::ListSurveyResponsesResponse surveys;
  ASSERT_TRUE(stub_->ListSurveyResponses(Ctx().get(), surveys_req, &surveys).ok());
  ASSERT_EQ(surveys.survey_responses_size(), 1);
  EXPECT_EQ(surveys.survey_responses(0).comment(), "");
  EXPECT_EQ(surveys.survey_responses(0).score(), 3);  // the score is no personal data

  cv1::GetLoyaltyAccountRequest account_req;
  account_req.set_name(customer_.name() + "/loyaltyAccount");
  cv1::LoyaltyAccount account;
  ASSERT_TRUE(stub_->GetLoyaltyAccount(Ctx().get(), account_req, &account).ok());
  EXPECT_EQ(account.points_balance(), 120);
  EXPECT_EQ(account.lifetime_spend().minor_units(), 12000);

  // Nothing personal is left in any table, nor in the events that can still be replayed.
  for (const char* text : {kName, kEmail, kPhone, kContactName, kNotes, kComment,
                           "hong@example.com", "+8613900139000", "Owner"}) {
    EXPECT_EQ(RowsHolding(text), 0) << text;
  }
  EXPECT_EQ(EventsMentioning("customer_created", kName), 0);
  EXPECT_EQ(EventsMentioning("contact_added", kContactName), 0);
  EXPECT_EQ(EventsMentioning("customer_created", "vip"), 0);
  EXPECT_EQ(EventCount("customer_created"), 1);  // redacted, not removed

  // Other services are told to erase their copies.
  ASSERT_EQ(EventCount("customer_personal_data_erased"), 1);
  const std::vector<events::v1::Event> erasures = ReadEvents(*db_, "customer_personal_data_erased");
  EXPECT_EQ(erasures[0].customer_personal_data_erased().customer(), customer_.name());
  EXPECT_EQ(erasures[0].customer_personal_data_erased().legal_basis(), "GDPR art. 17");

  // The audit row holds who, why and when.
  int64_t audit_rows = 0;
  ASSERT_TRUE(db::RunInTransaction(*db_, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
                auto rs = tx.Query(
                    "SELECT COUNT(*) FROM customer_erasures WHERE customer_id = ? AND "
                    "requested_by = 'users/dpo-1' AND legal_basis = 'GDPR art. 17'",
                    {static_cast<int64_t>(std::stoll(customer_.name().substr(10)))});
                rs->next();
                audit_rows = rs->getInt64(1);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(audit_rows, 1);
}

TEST_F(EraseTest, ErasingTwiceReturnsTheFirstErasureAndChangesNothing) {
  SetUpCustomer();
  cv1::ErasePersonalDataResponse first, second, replay;
  ASSERT_TRUE(Erase("users/dpo-1", "PIPL art. 47", &first, "erase-1").ok());
  ASSERT_TRUE(Erase("users/dpo-2", "GDPR art. 17", &second).ok());
  EXPECT_EQ(second.erasure().requested_by(), "users/dpo-1");
  EXPECT_EQ(second.erasure().legal_basis(), "PIPL art. 47");
  EXPECT_EQ(second.erasure().erase_time().seconds(), first.erasure().erase_time().seconds());
  EXPECT_EQ(second.erasure().erase_time().nanos(), first.erasure().erase_time().nanos());
  EXPECT_EQ(second.customer().etag(), first.customer().etag());
  ASSERT_TRUE(Erase("users/dpo-1", "PIPL art. 47", &replay, "erase-1").ok());
  EXPECT_EQ(replay.customer().etag(), first.customer().etag());
  EXPECT_EQ(EventCount("customer_personal_data_erased"), 1);
}

TEST_F(EraseTest, PersonalDataCannotBeSetAgain) {
  SetUpCustomer();
  cv1::ErasePersonalDataResponse erased;
  ASSERT_TRUE(Erase("users/dpo-1", "GDPR art. 17", &erased).ok());

  cv1::UpdateCustomerRequest update;
  update.mutable_customer()->set_name(customer_.name());
  update.mutable_customer()->set_email(kEmail);
  update.mutable_update_mask()->add_paths("email");
  cv1::Customer out;
  EXPECT_RPC_ERROR_MENTIONS(stub_->UpdateCustomer(Ctx().get(), update, &out),
                            StatusCode::FAILED_PRECONDITION,
                            "customers/1 is erased (CUSTOMER_STATE_ERASED)");

  cv1::UpdateContactRequest contact;
  contact.mutable_contact()->set_name(contact_.name());
  contact.mutable_contact()->set_display_name(kContactName);
  contact.mutable_update_mask()->add_paths("display_name");
  cv1::Contact contact_out;
  EXPECT_RPC_ERROR_MENTIONS(stub_->UpdateContact(Ctx().get(), contact, &contact_out),
                            StatusCode::FAILED_PRECONDITION,
                            "customers/1 is erased (CUSTOMER_STATE_ERASED)");

  cv1::CreateContactRequest new_contact;
  new_contact.set_parent(customer_.name());
  new_contact.mutable_contact()->set_display_name(kContactName);
  EXPECT_RPC_ERROR_MENTIONS(stub_->CreateContact(Ctx().get(), new_contact, &contact_out),
                            StatusCode::FAILED_PRECONDITION,
                            "customers/1 is erased (CUSTOMER_STATE_ERASED)");

  cv1::CreateInteractionRequest note;
  note.mutable_interaction()->set_subject(customer_.name());
  note.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_CALL);
  note.mutable_interaction()->set_notes(kNotes);
  *note.mutable_interaction()->mutable_occur_time() = customer_.create_time();
  cv1::Interaction logged;
  EXPECT_RPC_ERROR(stub_->CreateInteraction(Ctx().get(), note, &logged),
                   StatusCode::FAILED_PRECONDITION, "interaction.notes");
  note.mutable_interaction()->clear_notes();  // the fact of a call is no personal text
  EXPECT_TRUE(stub_->CreateInteraction(Ctx().get(), note, &logged).ok());

  cv1::CreateSurveyResponseRequest survey;
  survey.mutable_survey_response()->set_customer(customer_.name());
  survey.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_CSAT);
  survey.mutable_survey_response()->set_score(5);
  survey.mutable_survey_response()->set_comment(kComment);
  cv1::SurveyResponse answered;
  EXPECT_RPC_ERROR(stub_->CreateSurveyResponse(Ctx().get(), survey, &answered),
                   StatusCode::FAILED_PRECONDITION, "survey_response.comment");

  // No way back to ACTIVE or ARCHIVED: both states are named.
  cv1::UnarchiveCustomerRequest unarchive;
  unarchive.set_name(customer_.name());
  const grpc::Status back = stub_->UnarchiveCustomer(Ctx().get(), unarchive, &out);
  EXPECT_EQ(back.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(back.error_message().find("from CUSTOMER_STATE_ERASED to CUSTOMER_STATE_ACTIVE"),
            std::string::npos)
      << back.error_message();
  cv1::ArchiveCustomerRequest archive;
  archive.set_name(customer_.name());
  EXPECT_RPC_ERROR_MENTIONS(stub_->ArchiveCustomer(Ctx().get(), archive, &out),
                            StatusCode::FAILED_PRECONDITION,
                            "from CUSTOMER_STATE_ERASED to CUSTOMER_STATE_ARCHIVED");

  // Lookups by the old contact data find nothing; the external reference still finds it.
  cv1::ListCustomersRequest by_email;
  by_email.set_email(kEmail);
  by_email.set_show_archived(true);
  cv1::ListCustomersResponse found;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_email, &found).ok());
  EXPECT_EQ(found.customers_size(), 0);
  cv1::ListCustomersRequest by_ref;
  by_ref.mutable_external_ref()->set_source_system("erp");
  by_ref.mutable_external_ref()->set_id("W-77");
  by_ref.set_show_archived(true);
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), by_ref, &found).ok());
  ASSERT_EQ(found.customers_size(), 1);
  EXPECT_EQ(found.customers(0).state(), cv1::CUSTOMER_STATE_ERASED);
  EXPECT_EQ(RowsHolding(kEmail), 0);
  EXPECT_EQ(EventCount("customer_updated"), 0);
}

TEST_F(EraseTest, ConvertedLeadLosesItsContactData) {
  cv1::CreateLeadRequest create;
  create.mutable_lead()->set_display_name("Kitchen for Zhou Min");
  create.mutable_lead()->set_contact_email("zhou.min@example.com");
  create.mutable_lead()->set_contact_phone("+8613700137000");
  create.mutable_lead()->mutable_expected_amount()->set_currency_code("CNY");
  create.mutable_lead()->mutable_expected_amount()->set_minor_units(880000);
  cv1::Lead lead;
  ASSERT_TRUE(stub_->CreateLead(Ctx().get(), create, &lead).ok());
  for (cv1::LeadStage stage :
       {cv1::LEAD_STAGE_QUALIFIED, cv1::LEAD_STAGE_PROPOSAL, cv1::LEAD_STAGE_WON}) {
    cv1::ChangeLeadStageRequest move;
    move.set_name(lead.name());
    move.set_stage(stage);
    ASSERT_TRUE(stub_->ChangeLeadStage(Ctx().get(), move, &lead).ok());
  }
  cv1::ConvertLeadRequest convert;
  convert.set_name(lead.name());
  cv1::ConvertLeadResponse converted;
  ASSERT_TRUE(stub_->ConvertLead(Ctx().get(), convert, &converted).ok());
  customer_ = converted.customer();
  ASSERT_EQ(customer_.email(), "zhou.min@example.com");

  cv1::ErasePersonalDataResponse erased;
  ASSERT_TRUE(Erase("users/dpo-1", "PIPL art. 47", &erased).ok());
  cv1::GetLeadRequest get;
  get.set_name(lead.name());
  cv1::Lead after;
  ASSERT_TRUE(stub_->GetLead(Ctx().get(), get, &after).ok());
  EXPECT_EQ(after.contact_email(), "");
  EXPECT_EQ(after.contact_phone(), "");
  EXPECT_EQ(after.display_name(), "[erased]");
  EXPECT_EQ(after.expected_amount().minor_units(), 880000);  // amounts stay
  EXPECT_EQ(after.customer(), customer_.name());
  EXPECT_EQ(RowsHolding("zhou.min@example.com"), 0);

  // The lead's contact data is the erased customer's: it cannot be set again either.
  cv1::UpdateLeadRequest update;
  update.mutable_lead()->set_name(lead.name());
  update.mutable_lead()->set_contact_email("zhou.min@example.com");
  update.mutable_update_mask()->add_paths("contact_email");
  cv1::Lead out;
  EXPECT_RPC_ERROR_MENTIONS(stub_->UpdateLead(Ctx().get(), update, &out),
                            StatusCode::FAILED_PRECONDITION,
                            "customers/1 is erased (CUSTOMER_STATE_ERASED)");
}

TEST_F(EraseTest, RetriesOfEarlierRequestsDoNotHandThePersonalDataBack) {
  cv1::CreateCustomerRequest create;
  create.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_COMPANY);
  create.mutable_customer()->set_display_name(kName);
  create.mutable_customer()->set_email(kEmail);
  create.set_request_id("create-wang-1");
  customer_ = MustCreate(create);
  cv1::CreateContactRequest contact;
  contact.set_parent(customer_.name());
  contact.mutable_contact()->set_display_name(kContactName);
  contact.mutable_contact()->set_phone("+8613900139000");
  contact.set_request_id("contact-wang-1");
  ASSERT_TRUE(stub_->CreateContact(Ctx().get(), contact, &contact_).ok());
  const cv1::Customer other = NewPerson("Somebody Else");

  cv1::ErasePersonalDataResponse erased;
  ASSERT_TRUE(Erase("users/dpo-1", "GDPR art. 17", &erased).ok());

  // The retry still answers (same resource, no second customer) but without the data.
  cv1::Customer again;
  ASSERT_TRUE(stub_->CreateCustomer(Ctx().get(), create, &again).ok());
  EXPECT_EQ(again.name(), customer_.name());
  EXPECT_EQ(again.display_name(), "[erased]");
  EXPECT_EQ(again.email(), "");
  cv1::Contact contact_again;
  ASSERT_TRUE(stub_->CreateContact(Ctx().get(), contact, &contact_again).ok());
  EXPECT_EQ(contact_again.name(), contact_.name());
  EXPECT_EQ(contact_again.display_name(), "[erased]");
  EXPECT_EQ(contact_again.phone(), "");
  EXPECT_EQ(EventCount("customer_created"), 2);

  // Another customer's data is untouched.
  cv1::GetCustomerRequest get;
  get.set_name(other.name());
  cv1::Customer fetched;
  ASSERT_TRUE(stub_->GetCustomer(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "Somebody Else");
  EXPECT_EQ(EventsMentioning("customer_created", "Somebody Else"), 1);
}

TEST_F(EraseTest, RefusesRequestsWithoutWhoOrWhy) {
  SetUpCustomer();
  cv1::ErasePersonalDataResponse out;
  EXPECT_RPC_ERROR(Erase("", "GDPR art. 17", &out), StatusCode::INVALID_ARGUMENT, "requested_by");
  EXPECT_RPC_ERROR(Erase("users/dpo-1", "", &out), StatusCode::INVALID_ARGUMENT, "legal_basis");
  cv1::ErasePersonalDataRequest unknown;
  unknown.set_name("customers/999999");
  unknown.set_requested_by("users/dpo-1");
  unknown.set_legal_basis("GDPR art. 17");
  EXPECT_EQ(stub_->ErasePersonalData(Ctx().get(), unknown, &out).error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(EventCount("customer_personal_data_erased"), 0);
  EXPECT_GT(RowsHolding(kName), 0);  // nothing was erased by a refused call
}

}  // namespace
}  // namespace sales::testing
