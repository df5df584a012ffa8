// salesctl complaints ...: complaints (interactions logged with --complaint) listed by state
// and category, and resolved. Complaints are logged with `salesctl interactions create
// --complaint --category ...`.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

}  // namespace

void RegisterComplaintCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "complaints", "Complaints: list by state and category, resolve");
  {
    struct Flags {
      std::string name, resolved_by, note;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "resolve",
        "Resolve an open complaint (resolving it again shows the first resolution)",
        "salesctl complaints resolve interactions/31 --resolved_by reps/7 --note 'replaced'",
        [&ctx, f]() -> absl::Status {
          cv1::ResolveComplaintRequest req;
          req.set_name(ResourceName("interactions", f->name));
          req.set_resolved_by(f->resolved_by);
          req.set_note(f->note);
          req.set_request_id(ctx.RequestId());
          cv1::Interaction out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::ResolveComplaint, req, &out));
          PrintItem(ctx, InteractionView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("complaint", f->name, "interactions/{id} (or the id alone)")->required();
    cmd->add_option("--resolved_by", f->resolved_by, "who resolved it, e.g. reps/7")->required();
    cmd->add_option("--note", f->note, "how it was resolved");
  }
  {
    struct Flags {
      std::string subject, state = "open", category;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List complaints, newest first",
        "salesctl complaints list --state open --category delivery", [&ctx, f]() -> absl::Status {
          cv1::ListInteractionsRequest req;
          if (!f->subject.empty()) req.set_subject(ResourceName("customers", f->subject));
          if (f->state == "open") {
            req.set_complaint_state(cv1::COMPLAINT_STATE_OPEN);
          } else if (f->state == "resolved") {
            req.set_complaint_state(cv1::COMPLAINT_STATE_RESOLVED);
          } else {
            return InvalidField("--state", "must be open or resolved");
          }
          if (!f->category.empty()) {
            auto category = ParseEnum<cv1::FeedbackCategory>("--category", f->category);
            if (!category.ok()) return category.status();
            req.set_category(*category);
          }
          return ListPages(ctx, &Stub::ListInteractions, req,
                           &cv1::ListInteractionsResponse::interactions, InteractionView());
        });
    cmd->add_option("--state", f->state, "open (default) or resolved");
    cmd->add_option("--category", f->category,
                    "only this category: " + EnumChoices<cv1::FeedbackCategory>());
    cmd->add_option("--subject", f->subject, "only about customers/{id} or leads/{id}");
  }
}

}  // namespace sales::salesctl
