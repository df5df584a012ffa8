// Leads through the funnel, conversion of won leads, interactions and surveys, over gRPC
// against the real MariaDB.
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class FunnelTest : public CustomersTest {
 protected:
  cv1::Lead NewLead(const std::string& title, const std::string& company = "") {
    cv1::CreateLeadRequest req;
    req.mutable_lead()->set_display_name(title);
    req.mutable_lead()->set_company_name(company);
    req.mutable_lead()->set_contact_email("lead@prospect.example.com");
    req.mutable_lead()->set_owner_rep("reps/r-1");
    req.mutable_lead()->set_acquisition_channel(cv1::ACQUISITION_CHANNEL_EVENT);
    req.mutable_lead()->mutable_expected_amount()->set_currency_code("CNY");
    req.mutable_lead()->mutable_expected_amount()->set_minor_units(1250000);
    cv1::Lead lead;
    grpc::Status status = stub_->CreateLead(Ctx().get(), req, &lead);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return lead;
  }

  grpc::Status Move(const std::string& name, cv1::LeadStage stage, cv1::Lead* out,
                    const std::string& lost_reason = "") {
    cv1::ChangeLeadStageRequest req;
    req.set_name(name);
    req.set_stage(stage);
    req.set_lost_reason(lost_reason);
    return stub_->ChangeLeadStage(Ctx().get(), req, out);
  }
};

TEST_F(FunnelTest, LeadMovesThroughTheFunnelKeepingEveryStageChange) {
  cv1::Lead lead = NewLead("500 POS terminals", "Initech");
  EXPECT_EQ(lead.stage(), cv1::LEAD_STAGE_LEAD);
  EXPECT_EQ(lead.probability_percent(), 10);
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_QUALIFIED, &lead).ok());
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_PROPOSAL, &lead).ok());
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_NEGOTIATION, &lead).ok());
  EXPECT_EQ(lead.probability_percent(), 75);
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_WON, &lead).ok());
  EXPECT_EQ(lead.probability_percent(), 100);

  cv1::GetLeadRequest get;
  get.set_name(lead.name());
  cv1::Lead fetched;
  ASSERT_TRUE(stub_->GetLead(Ctx().get(), get, &fetched).ok());
  ASSERT_EQ(fetched.stage_history_size(), 5);
  EXPECT_EQ(fetched.stage_history(0).to_stage(), cv1::LEAD_STAGE_LEAD);
  EXPECT_EQ(fetched.stage_history(4).from_stage(), cv1::LEAD_STAGE_NEGOTIATION);
  EXPECT_EQ(fetched.stage_history(4).to_stage(), cv1::LEAD_STAGE_WON);
  for (int i = 1; i < fetched.stage_history_size(); ++i) {
    EXPECT_GE(fetched.stage_history(i).change_time().seconds(),
              fetched.stage_history(i - 1).change_time().seconds());
  }
  EXPECT_EQ(EventCount("lead_stage_changed"), 4);
}

TEST_F(FunnelTest, ForbiddenMoveIsFailedPreconditionNamingBothStages) {
  cv1::Lead lead = NewLead("Skip ahead");
  cv1::Lead out;
  const grpc::Status status = Move(lead.name(), cv1::LEAD_STAGE_WON, &out);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("LEAD_STAGE_LEAD"), std::string::npos);
  EXPECT_NE(status.error_message().find("LEAD_STAGE_WON"), std::string::npos);
  EXPECT_EQ(EventCount("lead_stage_changed"), 0);  // nothing changed, nothing published
}

TEST_F(FunnelTest, LostNeedsAReasonAndCanBeReopened) {
  cv1::Lead lead = NewLead("Maybe");
  cv1::Lead out;
  EXPECT_RPC_ERROR(Move(lead.name(), cv1::LEAD_STAGE_LOST, &out), StatusCode::INVALID_ARGUMENT,
                   "lost_reason");
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_LOST, &out, "chose a competitor").ok());
  EXPECT_EQ(out.lost_reason(), "chose a competitor");
  EXPECT_EQ(out.probability_percent(), 0);
  ASSERT_TRUE(Move(lead.name(), cv1::LEAD_STAGE_LEAD, &out).ok());
  EXPECT_EQ(out.lost_reason(), "");
}

TEST_F(FunnelTest, StageChangeChecksInputEtagAndExistence) {
  cv1::Lead lead = NewLead("Checks");
  cv1::Lead out;
  EXPECT_RPC_ERROR(Move(lead.name(), cv1::LEAD_STAGE_UNSPECIFIED, &out),
                   StatusCode::INVALID_ARGUMENT, "stage");
  EXPECT_RPC_ERROR(Move("leads/0", cv1::LEAD_STAGE_QUALIFIED, &out), StatusCode::INVALID_ARGUMENT,
                   "name");
  EXPECT_RPC_ERROR(Move("leads/77777", cv1::LEAD_STAGE_QUALIFIED, &out), StatusCode::NOT_FOUND,
                   "leads/77777");
  cv1::ChangeLeadStageRequest stale;
  stale.set_name(lead.name());
  stale.set_stage(cv1::LEAD_STAGE_QUALIFIED);
  stale.set_etag("v999");
  EXPECT_RPC_ERROR(stub_->ChangeLeadStage(Ctx().get(), stale, &out), StatusCode::ABORTED, "etag");
}

TEST_F(FunnelTest, StageChangeRetryWithRequestIdIsApplliedOnce) {
  cv1::Lead lead = NewLead("Retry");
  cv1::ChangeLeadStageRequest req;
  req.set_name(lead.name());
  req.set_stage(cv1::LEAD_STAGE_QUALIFIED);
  req.set_request_id("move-1");
  cv1::Lead first, second;
  ASSERT_TRUE(stub_->ChangeLeadStage(Ctx().get(), req, &first).ok());
  ASSERT_TRUE(stub_->ChangeLeadStage(Ctx().get(), req, &second).ok());
  EXPECT_EQ(second.stage_history_size(), 2);
  EXPECT_EQ(EventCount("lead_stage_changed"), 1);
}

TEST_F(FunnelTest, WonLeadConvertsIntoACustomerOnce) {
  cv1::Lead lead = NewLead("Big deal", "Umbrella Corp");
  cv1::ConvertLeadRequest convert;
  convert.set_name(lead.name());
  cv1::ConvertLeadResponse resp;
  EXPECT_RPC_ERROR_MENTIONS(stub_->ConvertLead(Ctx().get(), convert, &resp),
                            StatusCode::FAILED_PRECONDITION, "leads/1 is in LEAD_STAGE_LEAD");
  for (auto stage : {cv1::LEAD_STAGE_QUALIFIED, cv1::LEAD_STAGE_PROPOSAL, cv1::LEAD_STAGE_WON}) {
    ASSERT_TRUE(Move(lead.name(), stage, &lead).ok());
  }
  ASSERT_TRUE(stub_->ConvertLead(Ctx().get(), convert, &resp).ok());
  EXPECT_EQ(resp.customer().display_name(), "Umbrella Corp");
  EXPECT_EQ(resp.customer().kind(), cv1::CUSTOMER_KIND_COMPANY);
  EXPECT_EQ(resp.customer().owner_rep(), "reps/r-1");
  EXPECT_EQ(resp.customer().acquisition_channel(), cv1::ACQUISITION_CHANNEL_EVENT);
  EXPECT_EQ(resp.customer().converted_from_lead(), lead.name());
  EXPECT_EQ(resp.lead().customer(), resp.customer().name());
  EXPECT_RPC_ERROR_MENTIONS(stub_->ConvertLead(Ctx().get(), convert, &resp),
                            StatusCode::FAILED_PRECONDITION, "was already converted into");
  EXPECT_EQ(EventCount("lead_converted"), 1);
  EXPECT_EQ(EventCount("customer_created"), 1);
}

TEST_F(FunnelTest, ListLeadsFiltersByStage) {
  cv1::Lead a = NewLead("A");
  NewLead("B");
  cv1::Lead out;
  ASSERT_TRUE(Move(a.name(), cv1::LEAD_STAGE_QUALIFIED, &out).ok());
  cv1::ListLeadsRequest req;
  req.set_stage(cv1::LEAD_STAGE_QUALIFIED);
  cv1::ListLeadsResponse resp;
  ASSERT_TRUE(stub_->ListLeads(Ctx().get(), req, &resp).ok());
  ASSERT_EQ(resp.leads_size(), 1);
  EXPECT_EQ(resp.leads(0).name(), a.name());
  req.set_stage(static_cast<cv1::LeadStage>(42));
  EXPECT_RPC_ERROR(stub_->ListLeads(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "stage");
}

TEST_F(FunnelTest, CreateLeadRejectsBadInput) {
  cv1::Lead out;
  cv1::CreateLeadRequest req;
  req.mutable_lead()->set_display_name("");
  EXPECT_RPC_ERROR(stub_->CreateLead(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "lead.display_name");
  req.mutable_lead()->set_display_name("ok");
  req.mutable_lead()->mutable_expected_amount()->set_currency_code("USD");
  req.mutable_lead()->mutable_expected_amount()->set_minor_units(100);
  EXPECT_RPC_ERROR(stub_->CreateLead(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "lead.expected_amount.currency_code");
  req.mutable_lead()->mutable_expected_amount()->set_currency_code("CNY");
  req.mutable_lead()->mutable_expected_amount()->set_minor_units(-1);
  EXPECT_RPC_ERROR(stub_->CreateLead(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "lead.expected_amount.minor_units");
}

TEST_F(FunnelTest, InteractionsAreListedNewestFirstForTheirSubject) {
  cv1::Customer customer = NewPerson("Talker");
  cv1::Lead lead = NewLead("Prospect");
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  for (int i = 0; i < 5; ++i) {
    cv1::CreateInteractionRequest req;
    req.mutable_interaction()->set_subject(customer.name());
    req.mutable_interaction()->set_kind(i % 2 ? cv1::INTERACTION_KIND_CALL
                                              : cv1::INTERACTION_KIND_VISIT);
    req.mutable_interaction()->set_rep("reps/r-2");
    req.mutable_interaction()->mutable_occur_time()->set_seconds(now - 3600 * (5 - i));
    req.mutable_interaction()->set_notes(absl::StrCat("note ", i));
    cv1::Interaction out;
    ASSERT_TRUE(stub_->CreateInteraction(Ctx().get(), req, &out).ok());
  }
  cv1::CreateInteractionRequest on_lead;
  on_lead.mutable_interaction()->set_subject(lead.name());
  on_lead.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_EMAIL);
  on_lead.mutable_interaction()->mutable_occur_time()->set_seconds(now);
  cv1::Interaction out;
  ASSERT_TRUE(stub_->CreateInteraction(Ctx().get(), on_lead, &out).ok());

  cv1::ListInteractionsRequest list;
  list.set_subject(customer.name());
  list.set_page_size(2);
  std::vector<std::string> notes;
  do {
    cv1::ListInteractionsResponse resp;
    ASSERT_TRUE(stub_->ListInteractions(Ctx().get(), list, &resp).ok());
    for (const auto& i : resp.interactions()) notes.push_back(i.notes());
    list.set_page_token(resp.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(notes, (std::vector<std::string>{"note 4", "note 3", "note 2", "note 1", "note 0"}));

  cv1::CreateInteractionRequest bad = on_lead;
  bad.mutable_interaction()->set_subject("leads/5555");
  EXPECT_RPC_ERROR(stub_->CreateInteraction(Ctx().get(), bad, &out), StatusCode::NOT_FOUND,
                   "leads/5555");
  bad = on_lead;
  bad.mutable_interaction()->mutable_occur_time()->set_seconds(now + 3 * 86400);
  EXPECT_RPC_ERROR(stub_->CreateInteraction(Ctx().get(), bad, &out), StatusCode::INVALID_ARGUMENT,
                   "interaction.occur_time");
  bad = on_lead;
  bad.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_UNSPECIFIED);
  EXPECT_RPC_ERROR(stub_->CreateInteraction(Ctx().get(), bad, &out), StatusCode::INVALID_ARGUMENT,
                   "interaction.kind");
  bad = on_lead;
  bad.mutable_interaction()->set_notes(std::string(4001, 'n'));
  EXPECT_RPC_ERROR(stub_->CreateInteraction(Ctx().get(), bad, &out), StatusCode::INVALID_ARGUMENT,
                   "interaction.notes");
}

TEST_F(FunnelTest, SurveysValidateScoresAndSummariseCsatAndNps) {
  cv1::Customer customer = NewPerson("Rater");
  auto answer = [&](cv1::SurveyKind kind, int score) {
    cv1::CreateSurveyResponseRequest req;
    req.mutable_survey_response()->set_customer(customer.name());
    req.mutable_survey_response()->set_kind(kind);
    req.mutable_survey_response()->set_score(score);
    req.mutable_survey_response()->set_order("orders/12");
    cv1::SurveyResponse out;
    return stub_->CreateSurveyResponse(Ctx().get(), req, &out);
  };
  for (int score : {5, 4, 2}) ASSERT_TRUE(answer(cv1::SURVEY_KIND_CSAT, score).ok());
  for (int score : {10, 9, 8, 3}) ASSERT_TRUE(answer(cv1::SURVEY_KIND_NPS, score).ok());
  EXPECT_RPC_ERROR(answer(cv1::SURVEY_KIND_CSAT, 0), StatusCode::INVALID_ARGUMENT,
                   "survey_response.score");
  EXPECT_RPC_ERROR(answer(cv1::SURVEY_KIND_CSAT, 6), StatusCode::INVALID_ARGUMENT,
                   "survey_response.score");
  EXPECT_RPC_ERROR(answer(cv1::SURVEY_KIND_NPS, 11), StatusCode::INVALID_ARGUMENT,
                   "survey_response.score");

  cv1::GetSatisfactionSummaryRequest req;
  req.set_customer(customer.name());
  cv1::SatisfactionSummary summary;
  ASSERT_TRUE(stub_->GetSatisfactionSummary(Ctx().get(), req, &summary).ok());
  EXPECT_EQ(summary.csat_responses(), 3);
  EXPECT_EQ(summary.csat_satisfied(), 2);
  EXPECT_EQ(summary.csat_satisfied_bp(), 6667);  // 2/3
  EXPECT_EQ(summary.csat_score_sum(), 11);
  EXPECT_EQ(summary.nps_promoters(), 2);
  EXPECT_EQ(summary.nps_passives(), 1);
  EXPECT_EQ(summary.nps_detractors(), 1);
  EXPECT_EQ(summary.nps_bp(), 2500);  // 50% - 25%

  cv1::ListSurveyResponsesRequest list;
  list.set_customer(customer.name());
  list.set_kind(cv1::SURVEY_KIND_NPS);
  cv1::ListSurveyResponsesResponse resp;
  ASSERT_TRUE(stub_->ListSurveyResponses(Ctx().get(), list, &resp).ok());
  ASSERT_EQ(resp.survey_responses_size(), 4);
  EXPECT_EQ(resp.survey_responses(0).score(), 3);  // newest first
  EXPECT_EQ(EventCount("survey_answered"), 7);
}

}  // namespace
}  // namespace sales::testing
