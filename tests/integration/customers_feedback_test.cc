// Categorised feedback over gRPC against MariaDB: interactions and survey answers carry a
// category; a complaint starts open, is resolved once (who, when, note) with its time to
// resolve, and lists filter by category and complaint state; the events carry the category
// and the resolution.
#include "common/time_util.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

class FeedbackTest : public CustomersTest {
 protected:
  grpc::Status Log(const std::string& subject, cv1::FeedbackCategory category, bool complaint,
                   absl::Time occurred, cv1::Interaction* out) {
    cv1::CreateInteractionRequest req;
    cv1::Interaction* i = req.mutable_interaction();
    i->set_subject(subject);
    i->set_kind(cv1::INTERACTION_KIND_CALL);
    i->set_rep("reps/7");
    *i->mutable_occur_time() = ToProtoTime(occurred);
    i->set_category(category);
    i->set_complaint(complaint);
    i->set_notes("parcel arrived late");
    return stub_->CreateInteraction(Ctx().get(), req, out);
  }

  grpc::Status Resolve(const std::string& name, const std::string& by, cv1::Interaction* out,
                       const std::string& request_id = "") {
    cv1::ResolveComplaintRequest req;
    req.set_name(name);
    req.set_resolved_by(by);
    req.set_note("refunded the shipping fee");
    req.set_request_id(request_id);
    return stub_->ResolveComplaint(Ctx().get(), req, out);
  }

  std::vector<cv1::Interaction> List(const std::string& subject, cv1::FeedbackCategory category,
                                     cv1::ComplaintState state) {
    cv1::ListInteractionsRequest req;
    req.set_subject(subject);
    req.set_category(category);
    req.set_complaint_state(state);
    cv1::ListInteractionsResponse resp;
    const grpc::Status status = stub_->ListInteractions(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {resp.interactions().begin(), resp.interactions().end()};
  }
};

TEST_F(FeedbackTest, ComplaintIsResolvedOnceWithItsTimeToResolve) {
  const std::string customer = NewPerson("Unhappy").name();
  const std::string other = NewPerson("Other").name();
  // Whole seconds: the time to resolve is compared with the resolve time the answer shows.
  const absl::Time made = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) - 30 * 3600);
  cv1::Interaction complaint;
  ASSERT_TRUE(Log(customer, cv1::FEEDBACK_CATEGORY_DELIVERY, true, made, &complaint).ok());
  EXPECT_TRUE(complaint.complaint());
  EXPECT_EQ(complaint.complaint_state(), cv1::COMPLAINT_STATE_OPEN);
  EXPECT_EQ(complaint.category(), cv1::FEEDBACK_CATEGORY_DELIVERY);
  cv1::Interaction praise;
  ASSERT_TRUE(Log(customer, cv1::FEEDBACK_CATEGORY_PRODUCT, false, made, &praise).ok());
  cv1::Interaction elsewhere;
  ASSERT_TRUE(Log(other, cv1::FEEDBACK_CATEGORY_DELIVERY, true, made, &elsewhere).ok());

  // Lists by category and state, for one subject or for everyone.
  EXPECT_EQ(List("", cv1::FEEDBACK_CATEGORY_DELIVERY, cv1::COMPLAINT_STATE_OPEN).size(), 2u);
  EXPECT_EQ(List(customer, cv1::FEEDBACK_CATEGORY_UNSPECIFIED, cv1::COMPLAINT_STATE_OPEN).size(),
            1u);
  EXPECT_EQ(List(customer, cv1::FEEDBACK_CATEGORY_PRODUCT, cv1::COMPLAINT_STATE_UNSPECIFIED).size(),
            1u);

  cv1::Interaction resolved;
  ASSERT_TRUE(Resolve(complaint.name(), "reps/9", &resolved, "resolve-1").ok());
  EXPECT_EQ(resolved.complaint_state(), cv1::COMPLAINT_STATE_RESOLVED);
  EXPECT_EQ(resolved.resolved_by(), "reps/9");
  EXPECT_EQ(resolved.resolution_note(), "refunded the shipping fee");
  const absl::Time resolve_time = FromProtoTime(resolved.resolve_time());
  EXPECT_GE(resolve_time, made + absl::Hours(30));
  const absl::Duration took = absl::Seconds(resolved.time_to_resolve().seconds()) +
                              absl::Nanoseconds(resolved.time_to_resolve().nanos());
  EXPECT_EQ(took, resolve_time - made);

  // Again, with the same request_id or another: the first resolution stands, no new event.
  cv1::Interaction again;
  ASSERT_TRUE(Resolve(complaint.name(), "reps/9", &again, "resolve-1").ok());
  EXPECT_EQ(again.resolve_time().seconds(), resolved.resolve_time().seconds());
  ASSERT_TRUE(Resolve(complaint.name(), "reps/10", &again).ok());
  EXPECT_EQ(again.resolved_by(), "reps/9");
  EXPECT_EQ(EventCount("complaint_resolved"), 1);

  EXPECT_EQ(List("", cv1::FEEDBACK_CATEGORY_DELIVERY, cv1::COMPLAINT_STATE_OPEN).size(), 1u);
  const std::vector<cv1::Interaction> done =
      List(customer, cv1::FEEDBACK_CATEGORY_UNSPECIFIED, cv1::COMPLAINT_STATE_RESOLVED);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].name(), complaint.name());
  EXPECT_EQ(done[0].time_to_resolve().seconds(), resolved.time_to_resolve().seconds());

  // The event carries the category and the time to resolve.
  if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
  const std::vector<events::v1::Event> events = ReadEvents(*db_, "complaint_resolved");
  ASSERT_EQ(events.size(), 1u);
  const events::v1::ComplaintResolved& e = events[0].complaint_resolved();
  EXPECT_EQ(e.interaction(), complaint.name());
  EXPECT_EQ(e.subject(), customer);
  EXPECT_EQ(e.category(), "FEEDBACK_CATEGORY_DELIVERY");
  EXPECT_EQ(e.resolved_by(), "reps/9");
  EXPECT_EQ(e.time_to_resolve_seconds(), resolved.time_to_resolve().seconds());
  const std::vector<events::v1::Event> logged = ReadEvents(*db_, "interaction_logged");
  ASSERT_EQ(logged.size(), 3u);
  EXPECT_EQ(logged[0].interaction_logged().category(), "FEEDBACK_CATEGORY_DELIVERY");
  EXPECT_TRUE(logged[0].interaction_logged().complaint());
  EXPECT_FALSE(logged[1].interaction_logged().complaint());

  // Only complaints are resolved.
  EXPECT_RPC_ERROR_MENTIONS(Resolve(praise.name(), "reps/9", &again),
                            grpc::StatusCode::FAILED_PRECONDITION, "is not a complaint");
}

TEST_F(FeedbackTest, SurveyAnswersCarryACategory) {
  const std::string customer = NewPerson("Surveyed").name();
  cv1::CreateSurveyResponseRequest req;
  req.mutable_survey_response()->set_customer(customer);
  req.mutable_survey_response()->set_kind(cv1::SURVEY_KIND_CSAT);
  req.mutable_survey_response()->set_score(2);
  req.mutable_survey_response()->set_category(cv1::FEEDBACK_CATEGORY_PRICE);
  cv1::SurveyResponse out;
  ASSERT_TRUE(stub_->CreateSurveyResponse(Ctx().get(), req, &out).ok());
  EXPECT_EQ(out.category(), cv1::FEEDBACK_CATEGORY_PRICE);
  cv1::ListSurveyResponsesRequest list;
  list.set_customer(customer);
  cv1::ListSurveyResponsesResponse page;
  ASSERT_TRUE(stub_->ListSurveyResponses(Ctx().get(), list, &page).ok());
  ASSERT_EQ(page.survey_responses_size(), 1);
  EXPECT_EQ(page.survey_responses(0).category(), cv1::FEEDBACK_CATEGORY_PRICE);
  if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
  const std::vector<events::v1::Event> events = ReadEvents(*db_, "survey_answered");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].survey_answered().category(), "FEEDBACK_CATEGORY_PRICE");
}

TEST_F(FeedbackTest, BadInputIsRefusedNamingTheField) {
  const std::string customer = NewPerson("Customer").name();
  cv1::Interaction out;
  EXPECT_RPC_ERROR(Log(customer, cv1::FEEDBACK_CATEGORY_UNSPECIFIED, true, absl::Now(), &out),
                   grpc::StatusCode::INVALID_ARGUMENT, "interaction.category");
  EXPECT_RPC_ERROR(Log(customer, static_cast<cv1::FeedbackCategory>(17), false, absl::Now(), &out),
                   grpc::StatusCode::INVALID_ARGUMENT, "interaction.category");
  EXPECT_RPC_ERROR(Resolve("interactions/x", "reps/1", &out), grpc::StatusCode::INVALID_ARGUMENT,
                   "name");
  cv1::Interaction complaint;
  ASSERT_TRUE(Log(customer, cv1::FEEDBACK_CATEGORY_SERVICE, true, absl::Now(), &complaint).ok());
  EXPECT_RPC_ERROR(Resolve(complaint.name(), "", &out), grpc::StatusCode::INVALID_ARGUMENT,
                   "resolved_by");
  EXPECT_RPC_ERROR(Resolve("interactions/999999", "reps/1", &out), grpc::StatusCode::NOT_FOUND,
                   "interactions/999999");
  cv1::ListInteractionsRequest list;
  list.set_complaint_state(static_cast<cv1::ComplaintState>(5));
  cv1::ListInteractionsResponse page;
  EXPECT_RPC_ERROR(stub_->ListInteractions(Ctx().get(), list, &page),
                   grpc::StatusCode::INVALID_ARGUMENT, "complaint_state");
}

}  // namespace
}  // namespace sales::testing
