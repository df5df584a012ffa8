// Import of customer history over a client stream (ImportCustomerHistory) against the real
// MariaDB: original times kept (to the microsecond) and read back through Get/List, a lead's
// stage history and its events in order with their times, a second import skipped with no
// new events, bad items refused by reference and field while the rest import, and imported
// survey answers counted in the period of their answer time.
#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

// 2024-03-05 09:15:30.123456789 UTC: nanoseconds that the database cannot keep.
const absl::Time kJoined =
    absl::FromCivil(absl::CivilSecond(2024, 3, 5, 9, 15, 30), absl::UTCTimeZone()) +
    absl::Nanoseconds(123456789);
const absl::Time kJoinedMicros =
    absl::FromCivil(absl::CivilSecond(2024, 3, 5, 9, 15, 30), absl::UTCTimeZone()) +
    absl::Microseconds(123456);

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  ts.set_nanos(
      static_cast<int32_t>((t - absl::FromUnixSeconds(ts.seconds())) / absl::Nanoseconds(1)));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

cv1::ExternalRef Ref(const std::string& source, const std::string& id) {
  cv1::ExternalRef ref;
  ref.set_source_system(source);
  ref.set_id(id);
  return ref;
}

absl::Time Day(int y, int m, int d, int h = 10) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0), absl::UTCTimeZone());
}

class CustomersImportTest : public CustomersTest {
 protected:
  using Items = std::vector<cv1::ImportCustomerHistoryRequest>;

  grpc::Status Import(const Items& items, cv1::ImportCustomerHistoryResponse* resp) {
    auto ctx = CallCtx(std::chrono::seconds(120));
    std::unique_ptr<grpc::ClientWriter<cv1::ImportCustomerHistoryRequest>> writer =
        stub_->ImportCustomerHistory(ctx.get(), resp);
    for (const cv1::ImportCustomerHistoryRequest& item : items) {
      if (!writer->Write(item)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  cv1::ImportCustomerHistoryResponse MustImport(const Items& items) {
    cv1::ImportCustomerHistoryResponse resp;
    const grpc::Status status = Import(items, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return resp;
  }

  static cv1::ImportCustomerHistoryRequest Customer(const std::string& id, absl::Time created) {
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedCustomer* c = req.mutable_customer();
    *c->mutable_external_ref() = Ref("legacy-crm", id);
    c->set_kind(cv1::CUSTOMER_KIND_COMPANY);
    c->set_display_name("Imported " + id);
    c->set_email(id + "@imported.example.com");
    c->add_tags("Legacy");
    c->set_owner_rep("reps/r-7");
    c->set_acquisition_channel(cv1::ACQUISITION_CHANNEL_PARTNER);
    *c->mutable_create_time() = Ts(created);
    return req;
  }

  static cv1::ImportCustomerHistoryRequest Lead(const std::string& id, absl::Time created) {
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedLead* l = req.mutable_lead();
    *l->mutable_external_ref() = Ref("legacy-crm", id);
    l->set_display_name("Deal " + id);
    l->set_company_name("Company of " + id);
    l->set_owner_rep("reps/r-7");
    l->set_acquisition_channel(cv1::ACQUISITION_CHANNEL_EVENT);
    l->mutable_expected_amount()->set_currency_code("CNY");
    l->mutable_expected_amount()->set_minor_units(5000000);
    *l->mutable_create_time() = Ts(created);
    return req;
  }

  static void AddMove(cv1::ImportCustomerHistoryRequest& req, cv1::LeadStage stage, absl::Time at,
                      const std::string& lost_reason = "") {
    cv1::ImportedStageChange* m = req.mutable_lead()->add_stage_history();
    m->set_stage(stage);
    *m->mutable_change_time() = Ts(at);
    m->set_lost_reason(lost_reason);
  }

  static cv1::ImportCustomerHistoryRequest Survey(const std::string& id,
                                                  const std::string& customer_id,
                                                  cv1::SurveyKind kind, int score,
                                                  absl::Time answered) {
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedSurveyResponse* s = req.mutable_survey_response();
    *s->mutable_external_ref() = Ref("legacy-survey", id);
    *s->mutable_customer_external_ref() = Ref("legacy-crm", customer_id);
    s->set_kind(kind);
    s->set_score(score);
    *s->mutable_answer_time() = Ts(answered);
    return req;
  }

  cv1::Customer FindByRef(const std::string& id) {
    cv1::ListCustomersRequest req;
    *req.mutable_external_ref() = Ref("legacy-crm", id);
    req.set_show_archived(true);
    cv1::ListCustomersResponse resp;
    EXPECT_TRUE(stub_->ListCustomers(Ctx().get(), req, &resp).ok());
    EXPECT_EQ(resp.customers_size(), 1) << id;
    return resp.customers_size() == 1 ? resp.customers(0) : cv1::Customer();
  }

  std::vector<events::v1::Event> Events(const std::string& type) {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    return ReadEvents(*db_, type);
  }

  int64_t AllEvents() {
    int64_t n = 0;
    for (const char* type :
         {"customer_created", "customer_archived", "lead_created", "lead_stage_changed",
          "lead_converted", "interaction_logged", "survey_answered"}) {
      n += EventCount(type);
    }
    return n;
  }
};

TEST_F(CustomersImportTest, CustomersKeepTheirOriginalTimesToTheMicrosecond) {
  cv1::ImportCustomerHistoryRequest archived = Customer("C-2", Day(2023, 1, 10));
  *archived.mutable_customer()->mutable_archive_time() = Ts(Day(2024, 6, 1));
  const cv1::ImportCustomerHistoryResponse resp = MustImport({Customer("C-1", kJoined), archived});
  EXPECT_EQ(resp.imported(), 2);
  EXPECT_EQ(resp.imported_customers(), 2);
  EXPECT_EQ(resp.skipped(), 0);
  EXPECT_EQ(resp.errors_size(), 0);

  const cv1::Customer c1 = FindByRef("C-1");
  EXPECT_EQ(FromTs(c1.create_time()), kJoinedMicros);
  EXPECT_EQ(FromTs(c1.update_time()), kJoinedMicros);
  EXPECT_TRUE(c1.imported());
  EXPECT_EQ(c1.state(), cv1::CUSTOMER_STATE_ACTIVE);
  EXPECT_EQ(c1.tier(), "standard");
  ASSERT_EQ(c1.tags_size(), 1);
  EXPECT_EQ(c1.tags(0), "legacy");
  cv1::GetCustomerRequest get;
  get.set_name(c1.name());
  cv1::Customer fetched;
  ASSERT_TRUE(stub_->GetCustomer(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(FromTs(fetched.create_time()), kJoinedMicros);

  const cv1::Customer c2 = FindByRef("C-2");
  EXPECT_EQ(c2.state(), cv1::CUSTOMER_STATE_ARCHIVED);
  EXPECT_EQ(FromTs(c2.create_time()), Day(2023, 1, 10));

  // The period filter of ListCustomers places them by their original time.
  cv1::ListCustomersRequest list;
  *list.mutable_created_after() = Ts(Day(2024, 3, 1));
  *list.mutable_created_before() = Ts(Day(2024, 4, 1));
  cv1::ListCustomersResponse page;
  ASSERT_TRUE(stub_->ListCustomers(Ctx().get(), list, &page).ok());
  ASSERT_EQ(page.customers_size(), 1);
  EXPECT_EQ(page.customers(0).name(), c1.name());
  // A live customer is not marked imported.
  EXPECT_FALSE(NewPerson("Live Person").imported());

  // The import earns nothing: an empty loyalty account.
  cv1::GetLoyaltyAccountRequest account;
  account.set_name(c1.name() + "/loyaltyAccount");
  cv1::LoyaltyAccount loyalty;
  ASSERT_TRUE(stub_->GetLoyaltyAccount(Ctx().get(), account, &loyalty).ok());
  EXPECT_EQ(loyalty.points_balance(), 0);
  EXPECT_EQ(loyalty.lifetime_spend().minor_units(), 0);

  const std::vector<events::v1::Event> created = Events("customer_created");
  ASSERT_EQ(created.size(), 3u);
  EXPECT_TRUE(created[0].customer_created().imported());
  EXPECT_EQ(FromTs(created[0].customer_created().customer().create_time()), kJoinedMicros);
  EXPECT_FALSE(created[2].customer_created().imported());
  const std::vector<events::v1::Event> archives = Events("customer_archived");
  ASSERT_EQ(archives.size(), 1u);
  EXPECT_EQ(archives[0].customer_archived().customer(), c2.name());
  EXPECT_EQ(FromTs(archives[0].customer_archived().archive_time()), Day(2024, 6, 1));
  EXPECT_TRUE(archives[0].customer_archived().imported());
}

TEST_F(CustomersImportTest, LeadHistoryIsKeptAndItsEventsCarryTheOriginalTimesInOrder) {
  cv1::ImportCustomerHistoryRequest lead = Lead("L-1", Day(2024, 1, 2));
  AddMove(lead, cv1::LEAD_STAGE_QUALIFIED, Day(2024, 1, 9));
  AddMove(lead, cv1::LEAD_STAGE_PROPOSAL, Day(2024, 1, 20));
  AddMove(lead, cv1::LEAD_STAGE_NEGOTIATION, Day(2024, 2, 1));
  AddMove(lead, cv1::LEAD_STAGE_WON, Day(2024, 2, 14));
  *lead.mutable_lead()->mutable_customer_external_ref() = Ref("legacy-crm", "C-9");
  cv1::ImportCustomerHistoryRequest lost = Lead("L-2", Day(2024, 1, 3));
  AddMove(lost, cv1::LEAD_STAGE_LOST, Day(2024, 1, 4), "no budget");
  cv1::ImportCustomerHistoryRequest call;
  *call.mutable_interaction()->mutable_external_ref() = Ref("legacy-crm", "I-1");
  *call.mutable_interaction()->mutable_lead_external_ref() = Ref("legacy-crm", "L-1");
  call.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_MEETING);
  call.mutable_interaction()->set_rep("reps/r-7");
  *call.mutable_interaction()->mutable_occur_time() = Ts(Day(2024, 1, 19, 15));
  call.mutable_interaction()->set_notes("Walked through the proposal.");

  const cv1::ImportCustomerHistoryResponse resp =
      MustImport({Customer("C-9", Day(2024, 2, 14, 16)), lead, lost, call});
  EXPECT_EQ(resp.errors_size(), 0) << resp.errors(0).message();
  EXPECT_EQ(resp.imported(), 4);
  EXPECT_EQ(resp.imported_leads(), 2);
  EXPECT_EQ(resp.imported_interactions(), 1);

  cv1::ListLeadsRequest list;
  cv1::ListLeadsResponse leads;
  ASSERT_TRUE(stub_->ListLeads(Ctx().get(), list, &leads).ok());
  ASSERT_EQ(leads.leads_size(), 2);  // oldest create_time first
  EXPECT_EQ(FromTs(leads.leads(0).create_time()), Day(2024, 1, 2));
  EXPECT_EQ(leads.leads(1).stage(), cv1::LEAD_STAGE_LOST);
  EXPECT_EQ(leads.leads(1).lost_reason(), "no budget");
  cv1::GetLeadRequest get;
  get.set_name(leads.leads(0).name());
  cv1::Lead won;
  ASSERT_TRUE(stub_->GetLead(Ctx().get(), get, &won).ok());
  EXPECT_TRUE(won.imported());
  EXPECT_EQ(won.external_ref().id(), "L-1");
  EXPECT_EQ(won.stage(), cv1::LEAD_STAGE_WON);
  EXPECT_EQ(FromTs(won.update_time()), Day(2024, 2, 14));
  const cv1::Customer customer = FindByRef("C-9");
  EXPECT_EQ(won.customer(), customer.name());
  EXPECT_EQ(customer.converted_from_lead(), won.name());
  const std::vector<std::pair<cv1::LeadStage, absl::Time>> expected = {
      {cv1::LEAD_STAGE_LEAD, Day(2024, 1, 2)},
      {cv1::LEAD_STAGE_QUALIFIED, Day(2024, 1, 9)},
      {cv1::LEAD_STAGE_PROPOSAL, Day(2024, 1, 20)},
      {cv1::LEAD_STAGE_NEGOTIATION, Day(2024, 2, 1)},
      {cv1::LEAD_STAGE_WON, Day(2024, 2, 14)}};
  ASSERT_EQ(won.stage_history_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(won.stage_history(i).to_stage(), expected[i].first) << i;
    EXPECT_EQ(FromTs(won.stage_history(i).change_time()), expected[i].second) << i;
  }

  const std::vector<events::v1::Event> created = Events("lead_created");
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0].lead_created().lead(), won.name());
  EXPECT_EQ(FromTs(created[0].lead_created().create_time()), Day(2024, 1, 2));
  EXPECT_TRUE(created[0].lead_created().imported());
  std::vector<events::v1::Event> moves;
  for (events::v1::Event& e : Events("lead_stage_changed")) {
    if (e.lead_stage_changed().lead() == won.name()) moves.push_back(std::move(e));
  }
  ASSERT_EQ(moves.size(), 4u);
  for (size_t i = 0; i < moves.size(); ++i) {
    const events::v1::LeadStageChanged& m = moves[i].lead_stage_changed();
    EXPECT_EQ(m.from_stage(), cv1::LeadStage_Name(expected[i].first)) << i;
    EXPECT_EQ(m.to_stage(), cv1::LeadStage_Name(expected[i + 1].first)) << i;
    EXPECT_EQ(FromTs(m.change_time()), expected[i + 1].second) << i;
    EXPECT_TRUE(m.imported());
  }
  EXPECT_EQ(moves[3].lead_stage_changed().probability_percent(), 100);
  const std::vector<events::v1::Event> converted = Events("lead_converted");
  ASSERT_EQ(converted.size(), 1u);
  EXPECT_EQ(converted[0].lead_converted().customer(), customer.name());
  EXPECT_EQ(FromTs(converted[0].lead_converted().convert_time()), Day(2024, 2, 14));

  cv1::ListInteractionsRequest interactions;
  interactions.set_subject(won.name());
  cv1::ListInteractionsResponse logged;
  ASSERT_TRUE(stub_->ListInteractions(Ctx().get(), interactions, &logged).ok());
  ASSERT_EQ(logged.interactions_size(), 1);
  EXPECT_EQ(FromTs(logged.interactions(0).occur_time()), Day(2024, 1, 19, 15));
  EXPECT_TRUE(logged.interactions(0).imported());
  const std::vector<events::v1::Event> interaction_events = Events("interaction_logged");
  ASSERT_EQ(interaction_events.size(), 1u);
  EXPECT_EQ(interaction_events[0].interaction_logged().subject(), won.name());
  EXPECT_TRUE(interaction_events[0].interaction_logged().imported());

  // Live moves carry their commit time in the event.
  cv1::CreateLeadRequest create;
  create.mutable_lead()->set_display_name("Live deal");
  cv1::Lead live;
  ASSERT_TRUE(stub_->CreateLead(Ctx().get(), create, &live).ok());
  cv1::ChangeLeadStageRequest move;
  move.set_name(live.name());
  move.set_stage(cv1::LEAD_STAGE_QUALIFIED);
  ASSERT_TRUE(stub_->ChangeLeadStage(Ctx().get(), move, &live).ok());
  const std::vector<events::v1::Event> all_moves = Events("lead_stage_changed");
  const events::v1::LeadStageChanged& last = all_moves.back().lead_stage_changed();
  EXPECT_EQ(last.lead(), live.name());
  EXPECT_FALSE(last.imported());
  EXPECT_EQ(FromTs(last.change_time()), FromTs(live.update_time()));
  EXPECT_EQ(FromTs(Events("lead_created").back().lead_created().create_time()),
            FromTs(live.create_time()));
}

TEST_F(CustomersImportTest, ASecondImportOfTheSameStreamSkipsEverythingAndWritesNoEvents) {
  cv1::ImportCustomerHistoryRequest lead = Lead("L-5", Day(2024, 5, 1));
  AddMove(lead, cv1::LEAD_STAGE_QUALIFIED, Day(2024, 5, 2));
  const Items items = {Customer("C-5", Day(2024, 4, 1)), lead,
                       Survey("S-5", "C-5", cv1::SURVEY_KIND_NPS, 9, Day(2024, 4, 20))};
  const cv1::ImportCustomerHistoryResponse first = MustImport(items);
  EXPECT_EQ(first.imported(), 3);
  const int64_t events_before = AllEvents();
  EXPECT_EQ(events_before, 4);  // customer, lead, its move, the answer
  // The same items again.
  const cv1::ImportCustomerHistoryResponse second = MustImport(items);
  EXPECT_EQ(second.imported(), 0);
  EXPECT_EQ(second.skipped(), 3);
  EXPECT_EQ(second.errors_size(), 0);
  EXPECT_EQ(AllEvents(), events_before);
  cv1::ListLeadsResponse leads;
  ASSERT_TRUE(stub_->ListLeads(Ctx().get(), cv1::ListLeadsRequest(), &leads).ok());
  EXPECT_EQ(leads.leads_size(), 1);
  // Duplicates inside one stream count once, the rest as skipped; letter case of the id does
  // not make a new reference (the key compares without case).
  cv1::ImportCustomerHistoryRequest upper = Customer("c-6", Day(2024, 4, 2));
  const cv1::ImportCustomerHistoryResponse third =
      MustImport({Customer("C-6", Day(2024, 4, 2)), Customer("C-6", Day(2024, 4, 2)), upper});
  EXPECT_EQ(third.imported(), 1);
  EXPECT_EQ(third.skipped(), 2);
}

TEST_F(CustomersImportTest, BadItemsAreRefusedByReferenceAndFieldWhileTheRestImport) {
  cv1::ImportCustomerHistoryRequest jump = Lead("L-bad", Day(2024, 1, 2));
  AddMove(jump, cv1::LEAD_STAGE_WON, Day(2024, 1, 3));  // LEAD -> WON is not in the table
  cv1::ImportCustomerHistoryRequest future = Customer("C-future", absl::Now() + absl::Hours(2));
  cv1::ImportCustomerHistoryRequest no_ref = Customer("", Day(2024, 1, 2));
  no_ref.mutable_customer()->clear_external_ref();
  cv1::ImportCustomerHistoryRequest channel = Lead("L-channel", Day(2024, 1, 2));
  channel.mutable_lead()->set_acquisition_channel(static_cast<cv1::AcquisitionChannel>(99));
  cv1::ImportCustomerHistoryRequest orphan =
      Survey("S-orphan", "C-nobody", cv1::SURVEY_KIND_CSAT, 4, Day(2024, 2, 1));
  cv1::ImportCustomerHistoryRequest backwards = Lead("L-back", Day(2024, 1, 10));
  AddMove(backwards, cv1::LEAD_STAGE_QUALIFIED, Day(2024, 1, 9));

  const cv1::ImportCustomerHistoryResponse resp =
      MustImport({Customer("C-ok", Day(2024, 1, 1)), jump, future, no_ref, channel, orphan,
                  backwards, Survey("S-ok", "C-ok", cv1::SURVEY_KIND_CSAT, 5, Day(2024, 2, 1))});
  EXPECT_EQ(resp.imported(), 2);
  EXPECT_EQ(resp.imported_customers(), 1);
  EXPECT_EQ(resp.imported_survey_responses(), 1);
  ASSERT_EQ(resp.errors_size(), 6);
  struct Want {
    int64_t index;
    std::string ref;
    std::string message_start;
  };
  const std::vector<Want> want = {
      {1, "legacy-crm/L-bad",
       "lead.stage_history[0].stage: cannot move a lead from LEAD_STAGE_LEAD to LEAD_STAGE_WON"},
      {2, "legacy-crm/C-future", "customer.create_time: is in the future"},
      {3, "", "customer.external_ref: is required"},
      {4, "legacy-crm/L-channel", "lead.acquisition_channel: "},
      {5, "legacy-survey/S-orphan",
       "survey_response.customer_external_ref: no customer has the external reference "
       "legacy-crm/C-nobody"},
      {6, "legacy-crm/L-back", "lead.stage_history[0].change_time: is before the lead's"}};
  for (size_t i = 0; i < want.size(); ++i) {
    const cv1::ImportCustomerHistoryError& e = resp.errors(static_cast<int>(i));
    EXPECT_EQ(e.index(), want[i].index) << e.message();
    EXPECT_EQ(e.external_ref(), want[i].ref);
    EXPECT_TRUE(absl::StartsWith(e.message(), want[i].message_start))
        << e.message() << " should start with " << want[i].message_start;
  }
  // Nothing of the refused items was written.
  EXPECT_EQ(EventCount("lead_created"), 0);
  EXPECT_EQ(EventCount("customer_created"), 1);
  EXPECT_EQ(EventCount("survey_answered"), 1);
  // The refused lead can be fixed and imported later.
  cv1::ImportCustomerHistoryRequest fixed = Lead("L-bad", Day(2024, 1, 2));
  AddMove(fixed, cv1::LEAD_STAGE_QUALIFIED, Day(2024, 1, 3));
  EXPECT_EQ(MustImport({fixed}).imported(), 1);
  // A stream whose item sets nothing is refused item by item, not as a whole.
  EXPECT_EQ(MustImport({cv1::ImportCustomerHistoryRequest()}).errors(0).message(),
            "item: is required: customer, lead, interaction or survey_response");
}

TEST_F(CustomersImportTest, ImportedAnswersCountInThePeriodOfTheirAnswerTimeNotToday) {
  const Items items = {Customer("C-s", Day(2023, 12, 1)),
                       Survey("S-1", "C-s", cv1::SURVEY_KIND_NPS, 10, Day(2024, 3, 2)),
                       Survey("S-2", "C-s", cv1::SURVEY_KIND_NPS, 9, Day(2024, 3, 15)),
                       Survey("S-3", "C-s", cv1::SURVEY_KIND_NPS, 3, Day(2024, 3, 31, 23)),
                       Survey("S-4", "C-s", cv1::SURVEY_KIND_CSAT, 4, Day(2024, 4, 1, 0)),
                       Survey("S-5", "C-s", cv1::SURVEY_KIND_CSAT, 2, Day(2024, 3, 20))};
  EXPECT_EQ(MustImport(items).imported(), 6);
  const cv1::Customer customer = FindByRef("C-s");
  cv1::CreateSurveyResponseRequest live;
  live.mutable_survey_response()->set_customer(customer.name());
  live.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_NPS);
  live.mutable_survey_response()->set_score(0);
  cv1::SurveyResponse live_answer;
  ASSERT_TRUE(stub_->CreateSurveyResponse(Ctx().get(), live, &live_answer).ok());
  EXPECT_FALSE(live_answer.imported());

  auto summary = [&](absl::Time start, absl::Time end) {
    cv1::GetSatisfactionSummaryRequest req;
    *req.mutable_start_time() = Ts(start);
    *req.mutable_end_time() = Ts(end);
    cv1::SatisfactionSummary out;
    EXPECT_TRUE(stub_->GetSatisfactionSummary(Ctx().get(), req, &out).ok());
    return out;
  };
  const cv1::SatisfactionSummary march = summary(Day(2024, 3, 1, 0), Day(2024, 4, 1, 0));
  EXPECT_EQ(march.nps_responses(), 3);
  EXPECT_EQ(march.nps_promoters(), 2);
  EXPECT_EQ(march.nps_detractors(), 1);
  EXPECT_EQ(march.csat_responses(), 1);
  EXPECT_EQ(march.csat_satisfied(), 0);
  const cv1::SatisfactionSummary april = summary(Day(2024, 4, 1, 0), Day(2024, 5, 1, 0));
  EXPECT_EQ(april.csat_responses(), 1);
  EXPECT_EQ(april.nps_responses(), 0);
  const absl::Time now = absl::Now();
  const cv1::SatisfactionSummary today = summary(now - absl::Hours(1), now + absl::Hours(1));
  EXPECT_EQ(today.nps_responses(), 1);  // the live answer only
  EXPECT_EQ(today.nps_detractors(), 1);
  EXPECT_EQ(today.csat_responses(), 0);

  // Listed newest first by their answer times, marked imported.
  cv1::ListSurveyResponsesRequest list;
  list.set_customer(customer.name());
  cv1::ListSurveyResponsesResponse answers;
  ASSERT_TRUE(stub_->ListSurveyResponses(Ctx().get(), list, &answers).ok());
  ASSERT_EQ(answers.survey_responses_size(), 6);
  EXPECT_FALSE(answers.survey_responses(0).imported());
  EXPECT_TRUE(answers.survey_responses(1).imported());
  EXPECT_EQ(FromTs(answers.survey_responses(1).create_time()), Day(2024, 4, 1, 0));
  EXPECT_EQ(FromTs(answers.survey_responses(5).create_time()), Day(2024, 3, 2));
  const std::vector<events::v1::Event> answered = Events("survey_answered");
  ASSERT_EQ(answered.size(), 6u);
  EXPECT_EQ(FromTs(answered[0].survey_answered().answer_time()), Day(2024, 3, 2));
  EXPECT_TRUE(answered[0].survey_answered().imported());
  EXPECT_EQ(FromTs(answered[5].survey_answered().answer_time()), FromTs(live_answer.create_time()));
  EXPECT_FALSE(answered[5].survey_answered().imported());
}

}  // namespace
}  // namespace sales::testing
