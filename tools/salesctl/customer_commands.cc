// salesctl customers ... and salesctl contacts ...: profiles, lookup, archive, erasure and
// the contacts of company customers.
#include <fstream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

// The profile flags shared by create and update.
struct ProfileFlags {
  std::string kind;
  std::string display_name;
  std::string email;
  std::string phone;
  std::vector<std::string> tags;
  std::string owner_rep;
  std::string channel;
  std::string external_ref;
  std::string referred_by;  // create only
  CLI::Option* display_name_opt = nullptr;
  CLI::Option* email_opt = nullptr;
  CLI::Option* phone_opt = nullptr;
  CLI::Option* tags_opt = nullptr;
  CLI::Option* owner_rep_opt = nullptr;
  CLI::Option* channel_opt = nullptr;
};

void AddProfileFlags(CLI::App* cmd, ProfileFlags& f) {
  f.display_name_opt = cmd->add_option("--display_name", f.display_name, "name shown to people");
  f.email_opt = cmd->add_option("--email", f.email, "e-mail, local@domain.tld");
  f.phone_opt = cmd->add_option("--phone", f.phone, "phone in E.164, e.g. +8613800138000");
  f.tags_opt = cmd->add_option("--tag", f.tags, "a tag (repeat for more)");
  f.owner_rep_opt = cmd->add_option("--owner_rep", f.owner_rep, "owning rep, reps/{id}");
  f.channel_opt = cmd->add_option("--channel", f.channel,
                                  "acquisition channel: " + EnumChoices<cv1::AcquisitionChannel>());
}

// Fills `c` from the flags that were given; with `mask`, names them in it too.
absl::Status FillProfile(const ProfileFlags& f, cv1::Customer* c,
                         google::protobuf::FieldMask* mask) {
  google::protobuf::FieldMask ignored;
  google::protobuf::FieldMask* m = mask != nullptr ? mask : &ignored;
  if (Masked(f.display_name_opt, m, "display_name")) c->set_display_name(f.display_name);
  if (Masked(f.email_opt, m, "email")) c->set_email(f.email);
  if (Masked(f.phone_opt, m, "phone")) c->set_phone(f.phone);
  if (Masked(f.tags_opt, m, "tags")) {
    for (const std::string& tag : f.tags) c->add_tags(tag);
  }
  if (Masked(f.owner_rep_opt, m, "owner_rep")) c->set_owner_rep(f.owner_rep);
  if (Masked(f.channel_opt, m, "acquisition_channel")) {
    absl::StatusOr<cv1::AcquisitionChannel> channel =
        ParseEnum<cv1::AcquisitionChannel>("--channel", f.channel);
    if (!channel.ok()) return channel.status();
    c->set_acquisition_channel(*channel);
  }
  return absl::OkStatus();
}

// "SOURCE:ID" -> ExternalRef.
absl::StatusOr<cv1::ExternalRef> ParseExternalRef(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return InvalidField("--external_ref",
                        absl::StrCat("'", text, "' must look like SOURCE:ID, e.g. erp:C-1001"));
  }
  cv1::ExternalRef ref;
  ref.set_source_system(text.substr(0, colon));
  ref.set_id(text.substr(colon + 1));
  return ref;
}

void RegisterCustomers(CLI::App& app, CliContext& ctx) {
  CLI::App* group =
      AddGroup(app, "customers", "Customers: profiles, lookup, archive, erasure, import");

  {
    auto f = std::make_shared<ProfileFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Create a customer (and its loyalty account)",
        "salesctl customers create --kind person --display_name 'Li Wei' "
        "--email li.wei@example.com --channel web",
        [&ctx, f]() -> absl::Status {
          cv1::CreateCustomerRequest req;
          cv1::Customer* c = req.mutable_customer();
          absl::StatusOr<cv1::CustomerKind> kind = ParseEnum<cv1::CustomerKind>("--kind", f->kind);
          if (!kind.ok()) return kind.status();
          c->set_kind(*kind);
          if (absl::Status s = FillProfile(*f, c, nullptr); !s.ok()) return s;
          if (!f->external_ref.empty()) {
            absl::StatusOr<cv1::ExternalRef> ref = ParseExternalRef(f->external_ref);
            if (!ref.ok()) return ref.status();
            *c->mutable_external_ref() = *ref;
          }
          if (!f->referred_by.empty()) {
            c->set_referred_by(ResourceName("customers", f->referred_by));
          }
          req.set_request_id(ctx.RequestId());
          cv1::Customer out;
          if (absl::Status s = ctx.Invoke(&Stub::CreateCustomer, req, &out); !s.ok()) return s;
          PrintItem(ctx, CustomerView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("--kind", f->kind, "person or company")->required();
    AddProfileFlags(cmd, *f);
    f->display_name_opt->required();
    cmd->add_option("--external_ref", f->external_ref,
                    "id in another system, SOURCE:ID (unique), e.g. erp:C-1001");
    cmd->add_option("--referred_by,--referred-by", f->referred_by,
                    "the customer who referred this one, customers/{id}: earns referral points "
                    "when this one's first order completes");
  }

  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "get", "Show a customer (archived ones too)",
                   "salesctl customers get customers/12", [&ctx, name]() -> absl::Status {
                     cv1::GetCustomerRequest req;
                     req.set_name(ResourceName("customers", *name));
                     cv1::Customer out;
                     absl::Status s = ctx.Invoke(&Stub::GetCustomer, req, &out);
                     if (s.ok()) PrintItem(ctx, CustomerView(), out);
                     return s;
                   });
    cmd->add_option("name", *name, "customers/{id} (or the id alone)")->required();
  }

  {
    struct Flags {
      std::string tier, tag, owner_rep, channel, created_after, created_before, name_query;
      bool show_archived = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "list", "List customers, oldest first, with filters",
                   "salesctl customers list --tier gold --limit 20", [&ctx, f]() -> absl::Status {
                     cv1::ListCustomersRequest req;
                     req.set_tier(f->tier);
                     req.set_tag(f->tag);
                     req.set_owner_rep(f->owner_rep);
                     req.set_name_query(f->name_query);
                     req.set_show_archived(f->show_archived);
                     if (!f->channel.empty()) {
                       auto channel = ParseEnum<cv1::AcquisitionChannel>("--channel", f->channel);
                       if (!channel.ok()) return channel.status();
                       req.set_acquisition_channel(*channel);
                     }
                     if (!f->created_after.empty()) {
                       auto t = ParseTime("--created_after", f->created_after);
                       if (!t.ok()) return t.status();
                       *req.mutable_created_after() = *t;
                     }
                     if (!f->created_before.empty()) {
                       auto t = ParseTime("--created_before", f->created_before);
                       if (!t.ok()) return t.status();
                       *req.mutable_created_before() = *t;
                     }
                     return ListPages(ctx, &Stub::ListCustomers, req,
                                      &cv1::ListCustomersResponse::customers, CustomerView());
                   });
    cmd->add_option("--tier", f->tier, "only this tier");
    cmd->add_option("--tag", f->tag, "only customers with this tag");
    cmd->add_option("--owner_rep", f->owner_rep, "only customers of this rep, reps/{id}");
    cmd->add_option("--channel", f->channel, "only this acquisition channel");
    cmd->add_option("--created_after", f->created_after, "created at or after (time or date)");
    cmd->add_option("--created_before", f->created_before, "created before (time or date)");
    cmd->add_option("--name_query", f->name_query, "display name contains this text");
    cmd->add_flag("--show_archived", f->show_archived, "include archived and erased customers");
  }

  {
    struct Flags {
      std::string email, phone, external_ref;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "find", "Find customers by e-mail, phone or external reference",
        "salesctl customers find --email li.wei@example.com", [&ctx, f]() -> absl::Status {
          if (f->email.empty() && f->phone.empty() && f->external_ref.empty()) {
            return InvalidField("--email", "give --email, --phone or --external_ref");
          }
          cv1::ListCustomersRequest req;
          req.set_email(f->email);
          req.set_phone(f->phone);
          req.set_show_archived(true);
          if (!f->external_ref.empty()) {
            absl::StatusOr<cv1::ExternalRef> ref = ParseExternalRef(f->external_ref);
            if (!ref.ok()) return ref.status();
            *req.mutable_external_ref() = *ref;
          }
          return ListPages(ctx, &Stub::ListCustomers, req, &cv1::ListCustomersResponse::customers,
                           CustomerView());
        });
    cmd->add_option("--email", f->email, "exactly this e-mail (letter case ignored)");
    cmd->add_option("--phone", f->phone, "exactly this phone, E.164");
    cmd->add_option("--external_ref", f->external_ref, "SOURCE:ID");
  }

  {
    struct Flags : ProfileFlags {
      std::string name, etag;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Change the given fields of a customer",
        "salesctl customers update customers/12 --email new@example.com --tag vip",
        [&ctx, f]() -> absl::Status {
          cv1::UpdateCustomerRequest req;
          cv1::Customer* c = req.mutable_customer();
          c->set_name(ResourceName("customers", f->name));
          c->set_etag(f->etag);
          if (absl::Status s = FillProfile(*f, c, req.mutable_update_mask()); !s.ok()) return s;
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask",
                                "give at least one of --display_name, --email, --phone, --tag, "
                                "--owner_rep, --channel");
          }
          req.set_request_id(ctx.RequestId());
          cv1::Customer out;
          absl::Status s = ctx.Invoke(&Stub::UpdateCustomer, req, &out);
          if (s.ok()) PrintItem(ctx, CustomerView(), out);
          return s;
        });
    cmd->add_option("name", f->name, "customers/{id}")->required();
    AddProfileFlags(cmd, *f);
    cmd->add_option("--etag", f->etag, "refuse (ABORTED) if the customer changed since");
  }

  for (const bool archive : {true, false}) {
    struct Flags {
      std::string name, etag;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, archive ? "archive" : "unarchive",
                   archive ? "Archive a customer" : "Return an archived customer to active",
                   archive ? "salesctl customers archive customers/12"
                           : "salesctl customers unarchive customers/12",
                   [&ctx, f, archive]() -> absl::Status {
                     cv1::Customer out;
                     absl::Status s;
                     if (archive) {
                       cv1::ArchiveCustomerRequest req;
                       req.set_name(ResourceName("customers", f->name));
                       req.set_etag(f->etag);
                       req.set_request_id(ctx.RequestId());
                       s = ctx.Invoke(&Stub::ArchiveCustomer, req, &out);
                     } else {
                       cv1::UnarchiveCustomerRequest req;
                       req.set_name(ResourceName("customers", f->name));
                       req.set_etag(f->etag);
                       req.set_request_id(ctx.RequestId());
                       s = ctx.Invoke(&Stub::UnarchiveCustomer, req, &out);
                     }
                     if (s.ok()) PrintItem(ctx, CustomerView(), out);
                     return s;
                   });
    cmd->add_option("name", f->name, "customers/{id}")->required();
    cmd->add_option("--etag", f->etag, "refuse (ABORTED) if the customer changed since");
  }

  {
    struct Flags {
      std::string name, requested_by, legal_basis, reason;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "erase", "Erase a customer's personal data for good (GDPR, PIPL)",
                   "salesctl customers erase customers/12 --requested_by users/dpo-1 "
                   "--legal_basis 'GDPR art. 17' --reason 'ticket 4711'",
                   [&ctx, f]() -> absl::Status {
                     cv1::ErasePersonalDataRequest req;
                     req.set_name(ResourceName("customers", f->name));
                     req.set_requested_by(f->requested_by);
                     req.set_legal_basis(f->legal_basis);
                     req.set_reason(f->reason);
                     req.set_request_id(ctx.RequestId());
                     cv1::ErasePersonalDataResponse out;
                     absl::Status s = ctx.Invoke(&Stub::ErasePersonalData, req, &out);
                     if (!s.ok()) return s;
                     if (ctx.mode() == OutputMode::kJson) {
                       ctx.out() << JsonLine(out) << "\n";
                     } else {
                       PrintItem(ctx, CustomerView(), out.customer());
                       if (ctx.mode() == OutputMode::kTable) {
                         ctx.out() << "\n";
                         PrintItem(ctx, ErasureView(), out.erasure());
                       }
                     }
                     return s;
                   });
    cmd->add_option("name", f->name, "customers/{id}")->required();
    cmd->add_option("--requested_by", f->requested_by, "who asks, e.g. users/dpo-1")->required();
    cmd->add_option("--legal_basis", f->legal_basis, "e.g. 'GDPR art. 17'")->required();
    cmd->add_option("--reason", f->reason, "reason or ticket, without personal data");
  }

  {
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "batch-create",
        "Create up to 500 customers from a file of JSON lines (one Customer per line, proto "
        "JSON mapping); each item succeeds or fails on its own",
        "salesctl customers batch-create new.jsonl   "
        "# a line: {\"kind\":\"CUSTOMER_KIND_PERSON\",\"displayName\":\"Li Wei\"}",
        [&ctx, file]() -> absl::Status {
          std::ifstream in(*file);
          if (!in) return absl::NotFoundError(absl::StrCat("file: cannot read '", *file, "'"));
          cv1::BatchCreateCustomersRequest req;
          const std::string base = ctx.RequestId();
          std::string line;
          int line_no = 0;
          while (std::getline(in, line)) {
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            cv1::CreateCustomerRequest* item = req.add_requests();
            const auto parsed =
                google::protobuf::util::JsonStringToMessage(line, item->mutable_customer());
            if (!parsed.ok()) {
              return InvalidField(
                  "file", absl::StrCat("line ", line_no,
                                       ": not a Customer in JSON: ", parsed.message().ToString()));
            }
            // One key per item, derived from the command's, so a rerun retries each item.
            item->set_request_id(absl::StrCat(base.substr(0, 36), "-", line_no));
          }
          cv1::BatchCreateCustomersResponse out;
          absl::Status s = ctx.Invoke(&Stub::BatchCreateCustomers, req, &out);
          if (!s.ok()) return s;
          PrintItems(ctx, BatchResultView(),
                     std::vector<cv1::BatchCreateCustomersResult>(out.results().begin(),
                                                                  out.results().end()));
          if (ctx.mode() == OutputMode::kTable) {
            ctx.err() << out.created_count() << " created, " << out.failed_count() << " failed\n";
          }
          if (out.failed_count() > 0) {
            return absl::FailedPreconditionError(absl::StrCat(
                "requests: ", out.failed_count(), " of ", out.results_size(), " items failed"));
          }
          return absl::OkStatus();
        });
    cmd->add_option("file", *file, "JSON lines, one customer each")->required();
  }
  RegisterCustomerImportCommand(*group, ctx);
}

void RegisterContacts(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "contacts", "Contacts of company customers");
  struct Flags {
    std::string target, display_name, title, email, phone;
    CLI::Option* display_name_opt = nullptr;
    CLI::Option* title_opt = nullptr;
    CLI::Option* email_opt = nullptr;
    CLI::Option* phone_opt = nullptr;
  };
  const auto add_fields = [](CLI::App* cmd, Flags& f) {
    f.display_name_opt = cmd->add_option("--display_name", f.display_name, "the contact's name");
    f.title_opt = cmd->add_option("--title", f.title, "job title");
    f.email_opt = cmd->add_option("--email", f.email, "e-mail");
    f.phone_opt = cmd->add_option("--phone", f.phone, "phone, E.164");
  };
  const auto fill = [](const Flags& f, cv1::Contact* c, google::protobuf::FieldMask* mask) {
    if (Masked(f.display_name_opt, mask, "display_name")) c->set_display_name(f.display_name);
    if (Masked(f.title_opt, mask, "title")) c->set_title(f.title);
    if (Masked(f.email_opt, mask, "email")) c->set_email(f.email);
    if (Masked(f.phone_opt, mask, "phone")) c->set_phone(f.phone);
  };

  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "create", "Add a contact to a company customer",
                   "salesctl contacts create customers/12 --display_name 'Zhang Min' --title Buyer",
                   [&ctx, f, fill]() -> absl::Status {
                     cv1::CreateContactRequest req;
                     req.set_parent(ResourceName("customers", f->target));
                     google::protobuf::FieldMask unused;
                     fill(*f, req.mutable_contact(), &unused);
                     req.set_request_id(ctx.RequestId());
                     cv1::Contact out;
                     absl::Status s = ctx.Invoke(&Stub::CreateContact, req, &out);
                     if (s.ok()) PrintItem(ctx, ContactView(), out);
                     return s;
                   });
    cmd->add_option("customer", f->target, "customers/{id}")->required();
    add_fields(cmd, *f);
    f->display_name_opt->required();
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "list", "List the contacts of a customer",
                   "salesctl contacts list customers/12", [&ctx, f]() -> absl::Status {
                     cv1::ListContactsRequest req;
                     req.set_parent(ResourceName("customers", f->target));
                     return ListPages(ctx, &Stub::ListContacts, req,
                                      &cv1::ListContactsResponse::contacts, ContactView());
                   });
    cmd->add_option("customer", f->target, "customers/{id}")->required();
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Change the given fields of a contact",
        "salesctl contacts update customers/12/contacts/3 --title 'Head of purchasing'",
        [&ctx, f, fill]() -> absl::Status {
          cv1::UpdateContactRequest req;
          req.mutable_contact()->set_name(f->target);
          fill(*f, req.mutable_contact(), req.mutable_update_mask());
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask",
                                "give at least one of --display_name, --title, --email, --phone");
          }
          req.set_request_id(ctx.RequestId());
          cv1::Contact out;
          absl::Status s = ctx.Invoke(&Stub::UpdateContact, req, &out);
          if (s.ok()) PrintItem(ctx, ContactView(), out);
          return s;
        });
    cmd->add_option("name", f->target, "customers/{id}/contacts/{id}")->required();
    add_fields(cmd, *f);
  }
  {
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "delete", "Remove a contact",
        "salesctl contacts delete customers/12/contacts/3", [&ctx, f]() -> absl::Status {
          cv1::DeleteContactRequest req;
          req.set_name(f->target);
          req.set_request_id(ctx.RequestId());
          cv1::DeleteContactResponse out;
          absl::Status s = ctx.Invoke(&Stub::DeleteContact, req, &out);
          if (s.ok() && ctx.mode() != OutputMode::kJson) {
            ctx.out() << (ctx.mode() == OutputMode::kQuiet ? "" : "deleted ") << f->target << "\n";
          } else if (s.ok()) {
            ctx.out() << JsonLine(out) << "\n";
          }
          return s;
        });
    cmd->add_option("name", f->target, "customers/{id}/contacts/{id}")->required();
  }
}

}  // namespace

void RegisterCustomerCommands(CLI::App& app, CliContext& ctx) {
  RegisterCustomers(app, ctx);
  RegisterContacts(app, ctx);
}

}  // namespace sales::salesctl
