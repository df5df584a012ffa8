// salesctl leads ...: leads through the funnel and their conversion into customers.
#include "absl/strings/str_cat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

struct LeadFlags {
  std::string name, display_name, company_name, contact_email, contact_phone, expected_amount,
      owner_rep, channel, expected_close_date, etag;
  CLI::Option* display_name_opt = nullptr;
  CLI::Option* company_name_opt = nullptr;
  CLI::Option* contact_email_opt = nullptr;
  CLI::Option* contact_phone_opt = nullptr;
  CLI::Option* expected_amount_opt = nullptr;
  CLI::Option* owner_rep_opt = nullptr;
  CLI::Option* channel_opt = nullptr;
  CLI::Option* expected_close_date_opt = nullptr;
};

void AddLeadFlags(CLI::App* cmd, LeadFlags& f) {
  f.display_name_opt = cmd->add_option("--display_name", f.display_name, "title of the lead");
  f.company_name_opt = cmd->add_option("--company_name", f.company_name, "prospect's company");
  f.contact_email_opt = cmd->add_option("--contact_email", f.contact_email, "contact e-mail");
  f.contact_phone_opt = cmd->add_option("--contact_phone", f.contact_phone, "contact phone, E.164");
  f.expected_amount_opt =
      cmd->add_option("--expected_amount", f.expected_amount, "expected deal size, e.g. 50000.00");
  f.owner_rep_opt = cmd->add_option("--owner_rep", f.owner_rep, "owning rep, reps/{id}");
  f.channel_opt = cmd->add_option("--channel", f.channel,
                                  "acquisition channel: " + EnumChoices<cv1::AcquisitionChannel>());
  f.expected_close_date_opt = cmd->add_option("--expected_close_date", f.expected_close_date,
                                              "YYYY-MM-DD (empty to clear on update)");
}

absl::Status FillLead(CliContext& ctx, const LeadFlags& f, cv1::Lead* l,
                      google::protobuf::FieldMask* mask) {
  if (Masked(f.display_name_opt, mask, "display_name")) l->set_display_name(f.display_name);
  if (Masked(f.company_name_opt, mask, "company_name")) l->set_company_name(f.company_name);
  if (Masked(f.contact_email_opt, mask, "contact_email")) l->set_contact_email(f.contact_email);
  if (Masked(f.contact_phone_opt, mask, "contact_phone")) l->set_contact_phone(f.contact_phone);
  if (Masked(f.expected_amount_opt, mask, "expected_amount")) {
    auto money = ctx.ParseMoney("--expected_amount", f.expected_amount);
    if (!money.ok()) return money.status();
    *l->mutable_expected_amount() = *money;
  }
  if (Masked(f.owner_rep_opt, mask, "owner_rep")) l->set_owner_rep(f.owner_rep);
  if (Masked(f.channel_opt, mask, "acquisition_channel")) {
    auto channel = ParseEnum<cv1::AcquisitionChannel>("--channel", f.channel);
    if (!channel.ok()) return channel.status();
    l->set_acquisition_channel(*channel);
  }
  if (Masked(f.expected_close_date_opt, mask, "expected_close_date")) {
    l->set_expected_close_date(f.expected_close_date);
  }
  return absl::OkStatus();
}

void PrintLead(CliContext& ctx, const cv1::Lead& lead) {
  PrintItem(ctx, LeadView(ctx), lead);
  PrintSection(ctx, "Stage history", StageChangeView(), lead.stage_history());
}

}  // namespace

void RegisterLeadCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "leads", "Leads and the sales funnel");

  {
    auto f = std::make_shared<LeadFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Create a lead (stage lead)",
        "salesctl leads create --display_name 'Office chairs for ACME' --company_name ACME "
        "--expected_amount 48000.00 --channel event",
        [&ctx, f]() -> absl::Status {
          cv1::CreateLeadRequest req;
          google::protobuf::FieldMask unused;
          if (absl::Status s = FillLead(ctx, *f, req.mutable_lead(), &unused); !s.ok()) return s;
          req.set_request_id(ctx.RequestId());
          cv1::Lead out;
          absl::Status s = ctx.Invoke(&Stub::CreateLead, req, &out);
          if (s.ok()) PrintLead(ctx, out);
          return s;
        });
    AddLeadFlags(cmd, *f);
    f->display_name_opt->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a lead with its stage history",
                               "salesctl leads get leads/7", [&ctx, name]() -> absl::Status {
                                 cv1::GetLeadRequest req;
                                 req.set_name(ResourceName("leads", *name));
                                 cv1::Lead out;
                                 absl::Status s = ctx.Invoke(&Stub::GetLead, req, &out);
                                 if (s.ok()) PrintLead(ctx, out);
                                 return s;
                               });
    cmd->add_option("name", *name, "leads/{id}")->required();
  }
  {
    struct Flags {
      std::string stage, owner_rep, channel;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "list", "List leads, oldest first",
                               "salesctl leads list --stage proposal", [&ctx, f]() -> absl::Status {
                                 cv1::ListLeadsRequest req;
                                 req.set_owner_rep(f->owner_rep);
                                 if (!f->stage.empty()) {
                                   auto stage = ParseEnum<cv1::LeadStage>("--stage", f->stage);
                                   if (!stage.ok()) return stage.status();
                                   req.set_stage(*stage);
                                 }
                                 if (!f->channel.empty()) {
                                   auto channel =
                                       ParseEnum<cv1::AcquisitionChannel>("--channel", f->channel);
                                   if (!channel.ok()) return channel.status();
                                   req.set_acquisition_channel(*channel);
                                 }
                                 return ListPages(ctx, &Stub::ListLeads, req,
                                                  &cv1::ListLeadsResponse::leads, LeadView(ctx));
                               });
    cmd->add_option("--stage", f->stage, "only this stage: " + EnumChoices<cv1::LeadStage>());
    cmd->add_option("--owner_rep", f->owner_rep, "only leads of this rep, reps/{id}");
    cmd->add_option("--channel", f->channel, "only this acquisition channel");
  }
  {
    auto f = std::make_shared<LeadFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Change the given fields of a lead (not its stage)",
        "salesctl leads update leads/7 --expected_amount 52000.00", [&ctx, f]() -> absl::Status {
          cv1::UpdateLeadRequest req;
          req.mutable_lead()->set_name(ResourceName("leads", f->name));
          req.mutable_lead()->set_etag(f->etag);
          if (absl::Status s = FillLead(ctx, *f, req.mutable_lead(), req.mutable_update_mask());
              !s.ok()) {
            return s;
          }
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask", "give at least one field to change");
          }
          req.set_request_id(ctx.RequestId());
          cv1::Lead out;
          absl::Status s = ctx.Invoke(&Stub::UpdateLead, req, &out);
          if (s.ok()) PrintLead(ctx, out);
          return s;
        });
    cmd->add_option("name", f->name, "leads/{id}")->required();
    AddLeadFlags(cmd, *f);
    cmd->add_option("--etag", f->etag, "refuse (ABORTED) if the lead changed since");
  }
  {
    struct Flags {
      std::string name, stage, lost_reason, etag;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "stage", "Move a lead to another stage",
                               "salesctl leads stage leads/7 lost --lost_reason 'price too high'",
                               [&ctx, f]() -> absl::Status {
                                 cv1::ChangeLeadStageRequest req;
                                 req.set_name(ResourceName("leads", f->name));
                                 auto stage = ParseEnum<cv1::LeadStage>("stage", f->stage);
                                 if (!stage.ok()) return stage.status();
                                 req.set_stage(*stage);
                                 req.set_lost_reason(f->lost_reason);
                                 req.set_etag(f->etag);
                                 req.set_request_id(ctx.RequestId());
                                 cv1::Lead out;
                                 absl::Status s = ctx.Invoke(&Stub::ChangeLeadStage, req, &out);
                                 if (s.ok()) PrintLead(ctx, out);
                                 return s;
                               });
    cmd->add_option("name", f->name, "leads/{id}")->required();
    cmd->add_option("stage", f->stage, EnumChoices<cv1::LeadStage>())->required();
    cmd->add_option("--lost_reason", f->lost_reason, "why, required for lost");
    cmd->add_option("--etag", f->etag, "refuse (ABORTED) if the lead changed since");
  }
  {
    struct Flags {
      std::string name, display_name, kind;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "convert", "Turn a won lead into a new customer",
                               "salesctl leads convert leads/7 --display_name 'ACME Ltd.'",
                               [&ctx, f]() -> absl::Status {
                                 cv1::ConvertLeadRequest req;
                                 req.set_name(ResourceName("leads", f->name));
                                 if (!f->display_name.empty())
                                   req.mutable_customer()->set_display_name(f->display_name);
                                 if (!f->kind.empty()) {
                                   auto kind = ParseEnum<cv1::CustomerKind>("--kind", f->kind);
                                   if (!kind.ok()) return kind.status();
                                   req.mutable_customer()->set_kind(*kind);
                                 }
                                 req.set_request_id(ctx.RequestId());
                                 cv1::ConvertLeadResponse out;
                                 absl::Status s = ctx.Invoke(&Stub::ConvertLead, req, &out);
                                 if (!s.ok()) return s;
                                 if (ctx.mode() == OutputMode::kJson) {
                                   ctx.out() << JsonLine(out) << "\n";
                                 } else {
                                   PrintItem(ctx, CustomerView(), out.customer());
                                 }
                                 return s;
                               });
    cmd->add_option("name", f->name, "a won lead, leads/{id}")->required();
    cmd->add_option("--display_name", f->display_name, "the customer's name (default: the lead's)");
    cmd->add_option("--kind", f->kind, "person or company (default: from the lead)");
  }
}

}  // namespace sales::salesctl
