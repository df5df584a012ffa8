// salesctl interactions ... and salesctl surveys ...: calls, visits and messages with
// customers and leads, and CSAT / NPS answers.
#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

// Interactions and surveys name a customer or a lead; a bare id means a customer.
std::string Subject(const std::string& text) { return ResourceName("customers", text); }

void RegisterInteractions(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "interactions", "Interactions with customers and leads");
  {
    struct Flags {
      std::string subject, kind, rep, occur_time, notes, category;
      bool complaint = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Log an interaction",
        "salesctl interactions create customers/12 --kind call --rep reps/r-7 "
        "--notes 'asked for a quote'",
        [&ctx, f]() -> absl::Status {
          cv1::CreateInteractionRequest req;
          cv1::Interaction* i = req.mutable_interaction();
          i->set_subject(Subject(f->subject));
          auto kind = ParseEnum<cv1::InteractionKind>("--kind", f->kind);
          if (!kind.ok()) return kind.status();
          i->set_kind(*kind);
          i->set_rep(f->rep);
          i->set_notes(f->notes);
          if (!f->category.empty()) {
            auto category = ParseEnum<cv1::FeedbackCategory>("--category", f->category);
            if (!category.ok()) return category.status();
            i->set_category(*category);
          }
          i->set_complaint(f->complaint);
          if (f->occur_time.empty()) {
            *i->mutable_occur_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
          } else {
            auto t = ParseTime("--occur_time", f->occur_time);
            if (!t.ok()) return t.status();
            *i->mutable_occur_time() = *t;
          }
          req.set_request_id(ctx.RequestId());
          cv1::Interaction out;
          absl::Status s = ctx.Invoke(&Stub::CreateInteraction, req, &out);
          if (s.ok()) PrintItem(ctx, InteractionView(), out);
          return s;
        });
    cmd->add_option("subject", f->subject, "customers/{id} or leads/{id}")->required();
    cmd->add_option("--kind", f->kind, EnumChoices<cv1::InteractionKind>())->required();
    cmd->add_option("--rep", f->rep, "the rep, reps/{id}");
    cmd->add_option("--occur_time", f->occur_time, "when it happened (default: now)");
    cmd->add_option("--notes", f->notes, "what was said or agreed");
    cmd->add_option("--category", f->category,
                    "what it was about: " + EnumChoices<cv1::FeedbackCategory>() +
                        " (required with --complaint)");
    cmd->add_flag("--complaint", f->complaint,
                  "it is a complaint: starts open, closed by salesctl complaints resolve");
  }
  {
    auto subject = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List the interactions of a customer or lead, newest first",
        "salesctl interactions list leads/7", [&ctx, subject]() -> absl::Status {
          cv1::ListInteractionsRequest req;
          req.set_subject(Subject(*subject));
          return ListPages(ctx, &Stub::ListInteractions, req,
                           &cv1::ListInteractionsResponse::interactions, InteractionView());
        });
    cmd->add_option("subject", *subject, "customers/{id} or leads/{id}")->required();
  }
}

void RegisterSurveys(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "surveys", "Satisfaction surveys (CSAT, NPS)");
  {
    struct Flags {
      std::string customer, kind, order, comment, category;
      int score = -1;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "create", "Record a survey answer",
                   "salesctl surveys create customers/12 --kind nps --score 9 --order orders/40",
                   [&ctx, f]() -> absl::Status {
                     cv1::CreateSurveyResponseRequest req;
                     cv1::SurveyResponse* r = req.mutable_survey_response();
                     r->set_customer(Subject(f->customer));
                     auto kind = ParseEnum<cv1::SurveyKind>("--kind", f->kind);
                     if (!kind.ok()) return kind.status();
                     r->set_kind(*kind);
                     r->set_score(f->score);
                     r->set_order(f->order.empty() ? "" : ResourceName("orders", f->order));
                     r->set_comment(f->comment);
                     if (!f->category.empty()) {
                       auto category = ParseEnum<cv1::FeedbackCategory>("--category", f->category);
                       if (!category.ok()) return category.status();
                       r->set_category(*category);
                     }
                     req.set_request_id(ctx.RequestId());
                     cv1::SurveyResponse out;
                     absl::Status s = ctx.Invoke(&Stub::CreateSurveyResponse, req, &out);
                     if (s.ok()) PrintItem(ctx, SurveyView(), out);
                     return s;
                   });
    cmd->add_option("customer", f->customer, "customers/{id}")->required();
    cmd->add_option("--kind", f->kind, "csat (score 1-5) or nps (score 0-10)")->required();
    cmd->add_option("--score", f->score, "the score")->required();
    cmd->add_option("--order", f->order, "the order it is about, orders/{id}");
    cmd->add_option("--comment", f->comment, "free text");
    cmd->add_option("--category", f->category,
                    "what the answer is mostly about: " + EnumChoices<cv1::FeedbackCategory>());
  }
  {
    struct Flags {
      std::string customer, kind;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List survey answers, newest first",
        "salesctl surveys list --kind csat --limit 20", [&ctx, f]() -> absl::Status {
          cv1::ListSurveyResponsesRequest req;
          if (!f->customer.empty()) req.set_customer(Subject(f->customer));
          if (!f->kind.empty()) {
            auto kind = ParseEnum<cv1::SurveyKind>("--kind", f->kind);
            if (!kind.ok()) return kind.status();
            req.set_kind(*kind);
          }
          return ListPages(ctx, &Stub::ListSurveyResponses, req,
                           &cv1::ListSurveyResponsesResponse::survey_responses, SurveyView());
        });
    cmd->add_option("--customer", f->customer, "only this customer's answers");
    cmd->add_option("--kind", f->kind, "csat or nps");
  }
  {
    struct Flags {
      std::string customer, start_time, end_time;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "summary", "CSAT and NPS over a customer (or all) and a time range",
                   "salesctl surveys summary --start_time 2025-01-01 --end_time 2025-07-01",
                   [&ctx, f]() -> absl::Status {
                     cv1::GetSatisfactionSummaryRequest req;
                     if (!f->customer.empty()) req.set_customer(Subject(f->customer));
                     RETURN_IF_ERROR(ParseTimeRange(f->start_time, f->end_time, req));
                     cv1::SatisfactionSummary out;
                     absl::Status s = ctx.Invoke(&Stub::GetSatisfactionSummary, req, &out);
                     if (s.ok()) PrintItem(ctx, SatisfactionView(), out);
                     return s;
                   });
    cmd->add_option("--customer", f->customer, "customers/{id} (default: all)");
    cmd->add_option("--start_time", f->start_time, "answers at or after (time or date)");
    cmd->add_option("--end_time", f->end_time, "answers before (time or date)");
  }
}

}  // namespace

void RegisterEngagementCommands(CLI::App& app, CliContext& ctx) {
  RegisterInteractions(app, ctx);
  RegisterSurveys(app, ctx);
}

}  // namespace sales::salesctl
