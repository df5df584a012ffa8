#include "services/customers/src/api/lead_handlers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/customers/src/api/customer_handlers.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/domain/customer_lifecycle.h"
#include "services/customers/src/domain/funnel.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/lead_store.h"

namespace sales::customers::api {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxLostReasonLength = 500;

absl::StatusOr<store::LeadRow> LockLead(db::Transaction& tx, int64_t id) {
  std::optional<store::LeadRow> row = store::FindLead(tx, id, /*for_update=*/true);
  if (!row.has_value()) {
    return absl::NotFoundError(absl::StrCat(domain::LeadName(id), " not found"));
  }
  return *row;
}

events::v1::Event StageChangedEvent(const store::LeadRow& row, int from_stage) {
  events::v1::Event event;
  event.set_aggregate(domain::LeadName(row.id));
  auto* e = event.mutable_lead_stage_changed();
  e->set_lead(domain::LeadName(row.id));
  e->set_from_stage(v1::LeadStage_Name(static_cast<v1::LeadStage>(from_stage)));
  e->set_to_stage(v1::LeadStage_Name(static_cast<v1::LeadStage>(row.stage)));
  e->set_probability_percent(domain::StageProbabilityPercent(ToDomainStage(row.stage)));
  e->mutable_expected_amount()->set_currency_code(row.currency);
  e->mutable_expected_amount()->set_minor_units(row.expected_amount_minor);
  e->set_owner_rep(row.owner_rep);
  e->set_lost_reason(row.lost_reason);
  e->set_acquisition_channel(
      v1::AcquisitionChannel_Name(static_cast<v1::AcquisitionChannel>(row.acquisition_channel)));
  SetProtoTime(row.updated_at, e->mutable_change_time());
  return event;
}

// Whether an update_mask path names personal data of the lead's contact.
bool IsPersonalLeadField(const std::string& path) {
  return path == "display_name" || path == "company_name" || path == "contact_email" ||
         path == "contact_phone";
}

// Applies the masked fields of `req.lead()` to `row`, validating each; returns the paths.
absl::StatusOr<std::vector<std::string>> ApplyLeadMask(const v1::UpdateLeadRequest& req,
                                                       const std::string& currency,
                                                       store::LeadRow& row) {
  const v1::Lead& patch = req.lead();
  std::vector<std::string> paths;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(
          domain::ValidateRequiredText("lead.display_name", patch.display_name(), kMaxNameLength));
      row.display_name = patch.display_name();
    } else if (path == "company_name") {
      RETURN_IF_ERROR(
          domain::ValidateOptionalText("lead.company_name", patch.company_name(), kMaxNameLength));
      row.company_name = patch.company_name();
    } else if (path == "contact_email") {
      RETURN_IF_ERROR(domain::ValidateEmail("lead.contact_email", patch.contact_email()));
      row.contact_email = patch.contact_email();
    } else if (path == "contact_phone") {
      RETURN_IF_ERROR(domain::ValidatePhone("lead.contact_phone", patch.contact_phone()));
      row.contact_phone = patch.contact_phone();
    } else if (path == "expected_amount") {
      RETURN_IF_ERROR(domain::ValidateCurrency("lead.expected_amount.currency_code",
                                               patch.expected_amount().currency_code(), currency));
      if (patch.expected_amount().minor_units() < 0) {
        return InvalidField("lead.expected_amount.minor_units", "must not be negative");
      }
      row.expected_amount_minor = patch.expected_amount().minor_units();
    } else if (path == "owner_rep") {
      RETURN_IF_ERROR(domain::ValidateOptionalRepName("lead.owner_rep", patch.owner_rep()));
      row.owner_rep = patch.owner_rep();
    } else if (path == "acquisition_channel") {
      if (!v1::AcquisitionChannel_IsValid(patch.acquisition_channel())) {
        return InvalidField("lead.acquisition_channel", "is not a known acquisition channel");
      }
      row.acquisition_channel = patch.acquisition_channel();
    } else if (path == "expected_close_date") {
      RETURN_IF_ERROR(
          domain::ValidateOptionalDate("lead.expected_close_date", patch.expected_close_date()));
      row.expected_close_date = patch.expected_close_date();
    } else if (path == "stage") {
      return InvalidField("lead.stage",
                          "cannot be changed by UpdateLead; use ChangeLeadStage, which checks "
                          "the funnel's allowed moves");
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("'", path, "' is unknown or cannot be updated"));
    }
    paths.push_back(path);
  }
  if (paths.empty()) return InvalidField("update_mask", "must name at least one field");
  return paths;
}

// The customer a won lead becomes: the caller's profile where given, else the lead's data.
absl::StatusOr<store::CustomerRow> CustomerFromLead(const v1::ConvertLeadRequest& req,
                                                    const store::LeadRow& lead) {
  ASSIGN_OR_RETURN(store::CustomerRow row,
                   CustomerRowForCreate(req.customer(), "customer", /*kind_optional=*/true));
  if (row.kind == v1::CUSTOMER_KIND_UNSPECIFIED) {
    row.kind = lead.company_name.empty() ? v1::CUSTOMER_KIND_PERSON : v1::CUSTOMER_KIND_COMPANY;
  }
  if (row.display_name.empty()) {
    row.display_name = lead.company_name.empty() ? lead.display_name : lead.company_name;
  }
  if (row.email.empty()) row.email = lead.contact_email;
  if (row.phone.empty()) row.phone = lead.contact_phone;
  if (row.owner_rep.empty()) row.owner_rep = lead.owner_rep;
  if (row.acquisition_channel == 0) row.acquisition_channel = lead.acquisition_channel;
  row.converted_from_lead = lead.id;
  return row;
}

}  // namespace

absl::StatusOr<store::LeadRow> LeadRowForCreate(const v1::Lead& lead, const std::string& currency) {
  store::LeadRow row;
  RETURN_IF_ERROR(
      domain::ValidateRequiredText("lead.display_name", lead.display_name(), kMaxNameLength));
  RETURN_IF_ERROR(
      domain::ValidateOptionalText("lead.company_name", lead.company_name(), kMaxNameLength));
  RETURN_IF_ERROR(domain::ValidateEmail("lead.contact_email", lead.contact_email()));
  RETURN_IF_ERROR(domain::ValidatePhone("lead.contact_phone", lead.contact_phone()));
  RETURN_IF_ERROR(domain::ValidateOptionalRepName("lead.owner_rep", lead.owner_rep()));
  if (!v1::AcquisitionChannel_IsValid(lead.acquisition_channel())) {
    return InvalidField("lead.acquisition_channel", "is not a known acquisition channel");
  }
  if (lead.has_expected_amount()) {
    RETURN_IF_ERROR(domain::ValidateCurrency("lead.expected_amount.currency_code",
                                             lead.expected_amount().currency_code(), currency));
    if (lead.expected_amount().minor_units() < 0) {
      return InvalidField("lead.expected_amount.minor_units", "must not be negative");
    }
  }
  RETURN_IF_ERROR(
      domain::ValidateOptionalDate("lead.expected_close_date", lead.expected_close_date()));
  row.expected_close_date = lead.expected_close_date();
  row.display_name = lead.display_name();
  row.company_name = lead.company_name();
  row.contact_email = lead.contact_email();
  row.contact_phone = lead.contact_phone();
  row.owner_rep = lead.owner_rep();
  row.acquisition_channel = lead.acquisition_channel();
  row.expected_amount_minor = lead.expected_amount().minor_units();
  row.currency = currency;
  row.stage = v1::LEAD_STAGE_LEAD;
  return row;
}

absl::StatusOr<v1::Lead> LeadHandlers::Create(const v1::CreateLeadRequest& req,
                                              absl::Time deadline) {
  if (!req.has_lead()) return InvalidField("lead", "is required");
  ASSIGN_OR_RETURN(store::LeadRow row, LeadRowForCreate(req.lead(), ctx_.currency));
  return RunIdempotent<v1::Lead>(
      *ctx_.pool, deadline, "CreateLead", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Lead> {
        store::LeadRow fresh = row;
        fresh.created_at = fresh.updated_at = NowMicros();
        fresh.id = store::InsertLead(tx, fresh);
        const store::StageChangeRow created{v1::LEAD_STAGE_UNSPECIFIED, fresh.stage, "",
                                            fresh.created_at};
        store::InsertStageChange(tx, fresh.id, created);
        events::v1::Event event;
        event.set_aggregate(domain::LeadName(fresh.id));
        auto* e = event.mutable_lead_created();
        e->set_lead(domain::LeadName(fresh.id));
        e->set_stage(v1::LeadStage_Name(v1::LEAD_STAGE_LEAD));
        e->mutable_expected_amount()->set_currency_code(fresh.currency);
        e->mutable_expected_amount()->set_minor_units(fresh.expected_amount_minor);
        e->set_owner_rep(fresh.owner_rep);
        e->set_acquisition_channel(v1::AcquisitionChannel_Name(
            static_cast<v1::AcquisitionChannel>(fresh.acquisition_channel)));
        SetProtoTime(fresh.created_at, e->mutable_create_time());
        WriteEvent(tx, std::move(event));
        return ToProto(fresh, {created});
      });
}

absl::StatusOr<v1::Lead> LeadHandlers::Get(const v1::GetLeadRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseLeadName("name", req.name()));
  std::optional<store::LeadRow> row;
  std::vector<store::StageChangeRow> history;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindLead(tx, id, /*for_update=*/false);
    if (row.has_value()) history = store::ListStageChanges(tx, id);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, history);
}

absl::StatusOr<v1::ListLeadsResponse> LeadHandlers::List(const v1::ListLeadsRequest& req,
                                                         absl::Time deadline) {
  // Oldest first by (create_time, id): the order agrees with the times shown.
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListLeads", req, KeysetShape::kTimeId));
  if (!v1::LeadStage_IsValid(req.stage())) return InvalidField("stage", "is not a known stage");
  if (!v1::AcquisitionChannel_IsValid(req.acquisition_channel())) {
    return InvalidField("acquisition_channel", "is not a known acquisition channel");
  }
  RETURN_IF_ERROR(domain::ValidateOptionalRepName("owner_rep", req.owner_rep()));
  const store::LeadFilter filter{req.stage(), req.owner_rep(), req.acquisition_channel()};
  std::vector<store::LeadRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListLeads(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListLeadsResponse resp;
  resp.set_next_page_token(page.TakePage(
      rows, [](const auto& row) { return KeysetCursor::TimeId(row.created_at, row.id); }));
  for (const store::LeadRow& row : rows) *resp.add_leads() = ToProto(row, {});
  return resp;
}

absl::StatusOr<v1::Lead> LeadHandlers::Update(const v1::UpdateLeadRequest& req,
                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseLeadName("lead.name", req.lead().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::LeadRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyLeadMask(req, ctx_.currency, probe).status());
  }
  return RunIdempotent<v1::Lead>(
      *ctx_.pool, deadline, "UpdateLead", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Lead> {
        ASSIGN_OR_RETURN(store::LeadRow row, LockLead(tx, id));
        if (!req.lead().etag().empty() && req.lead().etag() != Etag(row.version)) {
          return absl::AbortedError(absl::StrCat("lead.etag: stale etag ", req.lead().etag(),
                                                 ", the lead changed since it was read (now ",
                                                 Etag(row.version), ")"));
        }
        ASSIGN_OR_RETURN(std::vector<std::string> paths, ApplyLeadMask(req, ctx_.currency, row));
        if (row.customer_id != 0 && std::any_of(paths.begin(), paths.end(), IsPersonalLeadField)) {
          // The contact data of a converted lead is the customer's: erased stays erased.
          std::optional<store::CustomerRow> customer =
              store::FindCustomer(tx, row.customer_id, /*for_update=*/true);
          if (customer.has_value() && customer->state == store::kStateErased) {
            RETURN_IF_ERROR(domain::CheckProfileEditable(domain::CustomerName(row.customer_id),
                                                         domain::CustomerState::kErased));
          }
        }
        row.updated_at = NowMicros();
        ++row.version;
        store::UpdateLeadDetails(tx, row);
        events::v1::Event event;
        event.set_aggregate(domain::LeadName(id));
        auto* e = event.mutable_lead_updated();
        e->set_lead(domain::LeadName(id));
        for (const std::string& p : paths) e->add_changed_fields(p);
        e->mutable_expected_amount()->set_currency_code(row.currency);
        e->mutable_expected_amount()->set_minor_units(row.expected_amount_minor);
        e->set_owner_rep(row.owner_rep);
        e->set_acquisition_channel(v1::AcquisitionChannel_Name(
            static_cast<v1::AcquisitionChannel>(row.acquisition_channel)));
        e->set_expected_close_date(row.expected_close_date);
        WriteEvent(tx, std::move(event));
        return ToProto(row, store::ListStageChanges(tx, id));
      });
}

absl::StatusOr<v1::Lead> LeadHandlers::ChangeStage(const v1::ChangeLeadStageRequest& req,
                                                   absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseLeadName("name", req.name()));
  if (req.stage() == v1::LEAD_STAGE_UNSPECIFIED || !v1::LeadStage_IsValid(req.stage())) {
    return InvalidField("stage", "is required and must be a known stage");
  }
  RETURN_IF_ERROR(
      domain::ValidateOptionalText("lost_reason", req.lost_reason(), kMaxLostReasonLength));
  return RunIdempotent<v1::Lead>(
      *ctx_.pool, deadline, "ChangeLeadStage", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Lead> {
        ASSIGN_OR_RETURN(store::LeadRow row, LockLead(tx, id));
        if (!req.etag().empty() && req.etag() != Etag(row.version)) {
          return absl::AbortedError(
              absl::StrCat("etag: stale etag ", req.etag(), " (now ", Etag(row.version), ")"));
        }
        RETURN_IF_ERROR(domain::CheckTransition(ToDomainStage(row.stage),
                                                ToDomainStage(req.stage()), req.lost_reason()));
        const int from = row.stage;
        row.stage = req.stage();
        row.lost_reason = req.lost_reason();
        row.updated_at = NowMicros();
        ++row.version;
        store::UpdateLeadState(tx, row);
        store::InsertStageChange(tx, id, {from, row.stage, row.lost_reason, row.updated_at});
        WriteEvent(tx, StageChangedEvent(row, from));
        return ToProto(row, store::ListStageChanges(tx, id));
      });
}

absl::StatusOr<v1::ConvertLeadResponse> LeadHandlers::Convert(const v1::ConvertLeadRequest& req,
                                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseLeadName("name", req.name()));
  // Validate the optional profile up front, against an empty lead.
  RETURN_IF_ERROR(CustomerRowForCreate(req.customer(), "customer", true).status());
  return RunIdempotent<v1::ConvertLeadResponse>(
      *ctx_.pool, deadline, "ConvertLead", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::ConvertLeadResponse> {
        ASSIGN_OR_RETURN(store::LeadRow lead, LockLead(tx, id));
        if (lead.stage != v1::LEAD_STAGE_WON) {
          return absl::FailedPreconditionError(
              absl::StrCat("only a lead in LEAD_STAGE_WON can be converted; ", req.name(),
                           " is in ", v1::LeadStage_Name(static_cast<v1::LeadStage>(lead.stage))));
        }
        if (lead.customer_id != 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              req.name(), " was already converted into ", domain::CustomerName(lead.customer_id)));
        }
        ASSIGN_OR_RETURN(store::CustomerRow customer, CustomerFromLead(req, lead));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(InsertNewCustomer(tx, ctx_, customer, now));
        lead.customer_id = customer.id;
        lead.updated_at = now;
        ++lead.version;
        store::UpdateLeadState(tx, lead);
        events::v1::Event event;
        event.set_aggregate(domain::LeadName(id));
        event.mutable_lead_converted()->set_lead(domain::LeadName(id));
        event.mutable_lead_converted()->set_customer(domain::CustomerName(customer.id));
        SetProtoTime(now, event.mutable_lead_converted()->mutable_convert_time());
        WriteEvent(tx, std::move(event));
        v1::ConvertLeadResponse resp;
        *resp.mutable_lead() = ToProto(lead, store::ListStageChanges(tx, id));
        *resp.mutable_customer() = ToProto(customer);
        return resp;
      });
}

}  // namespace sales::customers::api
