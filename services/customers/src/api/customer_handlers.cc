#include "services/customers/src/api/customer_handlers.h"

#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/domain/customer_lifecycle.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/referrals.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/erasure_store.h"
#include "services/customers/src/store/loyalty_store.h"

namespace sales::customers::api {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxTitleLength = 100;
constexpr size_t kMaxTags = 20;
constexpr size_t kMaxNameQueryLength = 100;

std::string Field(std::string_view prefix, std::string_view name) {
  return absl::StrCat(ToAbsl(prefix), ".", ToAbsl(name));
}

absl::Status ValidateChannel(std::string_view field, int channel) {
  if (!v1::AcquisitionChannel_IsValid(channel)) {
    return InvalidField(field, "is not a known acquisition channel");
  }
  return absl::OkStatus();
}

// Lower-cases, validates and de-duplicates tags; sorted for stable output.
absl::StatusOr<std::vector<std::string>> NormalizeTags(
    std::string_view field, const google::protobuf::RepeatedPtrField<std::string>& tags) {
  if (static_cast<size_t>(tags.size()) > kMaxTags) {
    return InvalidField(field, "at most 20 tags are allowed");
  }
  std::set<std::string> unique;
  for (const std::string& tag : tags) {
    std::string normalized = domain::NormalizeTag(tag);
    RETURN_IF_ERROR(domain::ValidateTag(field, normalized));
    unique.insert(std::move(normalized));
  }
  return std::vector<std::string>(unique.begin(), unique.end());
}

absl::Status CheckEtag(std::string_view field, std::string_view given, int64_t version) {
  if (!given.empty() && given != Etag(version)) {
    return absl::AbortedError(absl::StrCat(ToAbsl(field), ": stale etag ", ToAbsl(given),
                                           ", the resource changed since it was read (now ",
                                           Etag(version), ")"));
  }
  return absl::OkStatus();
}

domain::CustomerState StateOf(const store::CustomerRow& row) {
  return static_cast<domain::CustomerState>(row.state);
}

absl::StatusOr<store::CustomerRow> LockCustomer(db::Transaction& tx, int64_t id) {
  std::optional<store::CustomerRow> row = store::FindCustomer(tx, id, /*for_update=*/true);
  if (!row.has_value()) {
    return absl::NotFoundError(absl::StrCat(domain::CustomerName(id), " not found"));
  }
  return *row;
}

// The customer, locked, if its profile may change (ACTIVE); FAILED_PRECONDITION for an
// archived or erased one.
absl::StatusOr<store::CustomerRow> LockActiveCustomer(db::Transaction& tx, int64_t id) {
  ASSIGN_OR_RETURN(store::CustomerRow row, LockCustomer(tx, id));
  RETURN_IF_ERROR(domain::CheckProfileEditable(domain::CustomerName(id), StateOf(row)));
  return row;
}

// NOT_FOUND naming customer.referred_by when the referring customer does not exist.
absl::Status CheckReferrerExists(db::Transaction& tx, int64_t referrer) {
  if (!store::FindCustomer(tx, referrer, /*for_update=*/false).has_value()) {
    return absl::NotFoundError(
        absl::StrCat("customer.referred_by: ", domain::CustomerName(referrer), " not found"));
  }
  return absl::OkStatus();
}

// Moves the locked customer to `to` if the lifecycle table allows it and the etag matches.
absl::Status Transition(store::CustomerRow& row, domain::CustomerState to, std::string_view etag,
                        absl::Time now) {
  RETURN_IF_ERROR(domain::CheckCustomerTransition(domain::CustomerName(row.id), StateOf(row), to));
  RETURN_IF_ERROR(CheckEtag("etag", etag, row.version));
  row.state = static_cast<int>(to);
  row.updated_at = now;
  ++row.version;
  return absl::OkStatus();
}

// Applies the masked fields of a contact patch to `row`, validating each; returns the paths.
absl::StatusOr<std::vector<std::string>> ApplyContactMask(const v1::UpdateContactRequest& req,
                                                          store::ContactRow& row) {
  const v1::Contact& patch = req.contact();
  std::vector<std::string> paths;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(domain::ValidateRequiredText("contact.display_name", patch.display_name(),
                                                   kMaxNameLength));
      row.display_name = patch.display_name();
    } else if (path == "title") {
      RETURN_IF_ERROR(
          domain::ValidateOptionalText("contact.title", patch.title(), kMaxTitleLength));
      row.title = patch.title();
    } else if (path == "email") {
      RETURN_IF_ERROR(domain::ValidateEmail("contact.email", patch.email()));
      row.email = patch.email();
    } else if (path == "phone") {
      RETURN_IF_ERROR(domain::ValidatePhone("contact.phone", patch.phone()));
      row.phone = patch.phone();
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("'", path, "' is unknown or cannot be updated"));
    }
    paths.push_back(path);
  }
  if (paths.empty()) return InvalidField("update_mask", "must name at least one field");
  return paths;
}

// The event types whose payloads carry personal data of a customer (display names).
const std::vector<std::string>& PersonalEventTypes() {
  static const std::vector<std::string> kTypes = {"customer_created", "customer_updated",
                                                  "contact_added", "contact_updated"};
  return kTypes;
}

// Rewrites the events already written about the customer so that neither the outbox nor the
// event log replays its personal data: display names in snapshots and contact events become
// the erased text. Positions, ids and types stay.
absl::Status RedactEvents(db::Transaction& tx, const std::string& aggregate) {
  for (store::StoredEvent& stored : store::FindEvents(tx, aggregate, PersonalEventTypes())) {
    std::string bytes;
    events::v1::Event event;
    if (!absl::Base64Unescape(stored.payload, &bytes) || !event.ParseFromString(bytes)) {
      return absl::InternalError(absl::StrCat("stored event of ", aggregate, " does not parse"));
    }
    switch (event.payload_case()) {
      case events::v1::Event::kCustomerCreated:
        event.mutable_customer_created()->mutable_customer()->set_display_name(domain::kErasedText);
        event.mutable_customer_created()->mutable_customer()->clear_tags();
        break;
      case events::v1::Event::kCustomerUpdated:
        event.mutable_customer_updated()->mutable_customer()->set_display_name(domain::kErasedText);
        event.mutable_customer_updated()->mutable_customer()->clear_tags();
        break;
      case events::v1::Event::kContactAdded:
        event.mutable_contact_added()->set_display_name(domain::kErasedText);
        break;
      case events::v1::Event::kContactUpdated:
        event.mutable_contact_updated()->set_display_name(domain::kErasedText);
        break;
      default:
        continue;
    }
    stored.payload = absl::Base64Escape(event.SerializeAsString());
    store::RewriteEvent(tx, stored);
  }
  return absl::OkStatus();
}

void EraseCustomerFields(v1::Customer& c) {
  const domain::PersonalProfile erased = domain::ErasedProfile();
  c.set_display_name(erased.display_name);
  c.set_email(erased.email);
  c.set_phone(erased.phone);
  c.clear_tags();
}

void EraseLeadFields(v1::Lead& l) {
  l.set_display_name(domain::kErasedText);
  l.clear_company_name();
  l.clear_contact_email();
  l.clear_contact_phone();
}

// Rewrites the stored answers of idempotent requests about the customer (and the leads
// converted into it): a retry with an old request_id must not hand the personal data back.
// Returns how many answers were rewritten.
absl::StatusOr<int> RedactStoredAnswers(db::Transaction& tx, int64_t customer_id) {
  const std::string customer = domain::CustomerName(customer_id);
  const std::string contact_prefix = customer + "/contacts/";
  std::set<std::string> leads;
  for (int64_t id : store::LeadIdsOfCustomer(tx, customer_id)) leads.insert(domain::LeadName(id));
  static const std::vector<std::string> kMethods = {
      "CreateCustomer",  "UpdateCustomer", "ArchiveCustomer", "UnarchiveCustomer",
      "ConvertLead",     "CreateContact",  "UpdateContact",   "CreateInteraction",
      "CreateLead",      "UpdateLead",     "ChangeLeadStage", "CreateSurveyResponse",
      "ResolveComplaint"};
  int rewritten = 0;
  for (store::StoredResponse& stored : store::FindStoredResponses(tx, kMethods)) {
    std::string bytes;
    if (!absl::Base64Unescape(stored.response, &bytes)) {
      return absl::InternalError("stored idempotent response is not base64");
    }
    std::string redacted;
    const std::string& m = stored.method;
    if (m == "CreateCustomer" || m == "UpdateCustomer" || m == "ArchiveCustomer" ||
        m == "UnarchiveCustomer") {
      v1::Customer c;
      if (!c.ParseFromString(bytes) || c.name() != customer) continue;
      EraseCustomerFields(c);
      redacted = c.SerializeAsString();
    } else if (m == "ConvertLead") {
      v1::ConvertLeadResponse r;
      if (!r.ParseFromString(bytes) || r.customer().name() != customer) continue;
      EraseCustomerFields(*r.mutable_customer());
      EraseLeadFields(*r.mutable_lead());
      redacted = r.SerializeAsString();
    } else if (m == "CreateContact" || m == "UpdateContact") {
      v1::Contact c;
      if (!c.ParseFromString(bytes) || !absl::StartsWith(c.name(), contact_prefix)) continue;
      c.set_display_name(domain::kErasedText);
      c.clear_title();
      c.clear_email();
      c.clear_phone();
      redacted = c.SerializeAsString();
    } else if (m == "CreateInteraction" || m == "ResolveComplaint") {
      v1::Interaction i;
      if (!i.ParseFromString(bytes) || (i.subject() != customer && !leads.contains(i.subject()))) {
        continue;
      }
      i.clear_notes();
      i.clear_resolution_note();
      redacted = i.SerializeAsString();
    } else if (m == "CreateSurveyResponse") {
      v1::SurveyResponse r;
      if (!r.ParseFromString(bytes) || r.customer() != customer) continue;
      r.clear_comment();
      redacted = r.SerializeAsString();
    } else {  // CreateLead, UpdateLead, ChangeLeadStage
      v1::Lead l;
      if (!l.ParseFromString(bytes) || !leads.contains(l.name())) continue;
      EraseLeadFields(l);
      redacted = l.SerializeAsString();
    }
    stored.response = absl::Base64Escape(redacted);
    store::RewriteStoredResponse(tx, stored);
    ++rewritten;
  }
  return rewritten;
}

v1::PersonalDataErasure ToProto(const store::ErasureRow& row) {
  v1::PersonalDataErasure e;
  e.set_customer(domain::CustomerName(row.customer_id));
  e.set_requested_by(row.requested_by);
  e.set_legal_basis(row.legal_basis);
  e.set_reason(row.reason);
  SetProtoTime(row.erased_at, e.mutable_erase_time());
  return e;
}

// An item's error with the item's path in front: "requests[3].customer.email: ...". Errors
// that must not reach a caller (INTERNAL, UNKNOWN) get a generic text, as ToGrpcStatus does.
std::string ItemErrorMessage(const absl::Status& status, const std::string& prefix) {
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    return absl::StrCat(prefix, ": internal error");
  }
  const std::string message(status.message());
  if (absl::StartsWith(message, prefix)) return message;
  if (absl::StartsWith(message, "customer") || absl::StartsWith(message, "request_id")) {
    return absl::StrCat(prefix, ".", message);
  }
  return absl::StrCat(prefix, ": ", message);
}

// Applies the masked fields of `patch` to `row`, validating each; returns the paths.
absl::StatusOr<std::vector<std::string>> ApplyMask(const v1::UpdateCustomerRequest& req,
                                                   store::CustomerRow& row) {
  const v1::Customer& patch = req.customer();
  std::vector<std::string> paths;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(domain::ValidateRequiredText("customer.display_name", patch.display_name(),
                                                   kMaxNameLength));
      row.display_name = patch.display_name();
    } else if (path == "email") {
      RETURN_IF_ERROR(domain::ValidateEmail("customer.email", patch.email()));
      row.email = patch.email();
    } else if (path == "phone") {
      RETURN_IF_ERROR(domain::ValidatePhone("customer.phone", patch.phone()));
      row.phone = patch.phone();
    } else if (path == "tags") {
      ASSIGN_OR_RETURN(row.tags, NormalizeTags("customer.tags", patch.tags()));
    } else if (path == "owner_rep") {
      RETURN_IF_ERROR(domain::ValidateOptionalRepName("customer.owner_rep", patch.owner_rep()));
      row.owner_rep = patch.owner_rep();
    } else if (path == "acquisition_channel") {
      RETURN_IF_ERROR(ValidateChannel("customer.acquisition_channel", patch.acquisition_channel()));
      row.acquisition_channel = patch.acquisition_channel();
    } else if (path == "referred_by") {
      int64_t referrer = 0;
      if (!patch.referred_by().empty()) {
        ASSIGN_OR_RETURN(
            referrer, domain::ParseReferrer("customer.referred_by", patch.referred_by(), row.id));
      }
      RETURN_IF_ERROR(
          domain::CheckReferrerChange("customer.referred_by", row.referred_by, referrer));
      row.referred_by = referrer;
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("'", path, "' is unknown or cannot be updated"));
    }
    paths.push_back(path);
  }
  if (paths.empty()) return InvalidField("update_mask", "must name at least one field");
  return paths;
}

}  // namespace

absl::StatusOr<store::CustomerRow> CustomerRowForCreate(const v1::Customer& c,
                                                        std::string_view field,
                                                        bool kind_optional) {
  store::CustomerRow row;
  if (c.kind() == v1::CUSTOMER_KIND_UNSPECIFIED && !kind_optional) {
    return InvalidField(Field(field, "kind"), "is required (PERSON or COMPANY)");
  }
  if (!v1::CustomerKind_IsValid(c.kind())) {
    return InvalidField(Field(field, "kind"), "is not a known kind");
  }
  row.kind = c.kind();
  if (!kind_optional || !c.display_name().empty()) {
    RETURN_IF_ERROR(domain::ValidateRequiredText(Field(field, "display_name"), c.display_name(),
                                                 kMaxNameLength));
  }
  row.display_name = c.display_name();
  RETURN_IF_ERROR(domain::ValidateEmail(Field(field, "email"), c.email()));
  row.email = c.email();
  RETURN_IF_ERROR(domain::ValidatePhone(Field(field, "phone"), c.phone()));
  row.phone = c.phone();
  ASSIGN_OR_RETURN(row.tags, NormalizeTags(Field(field, "tags"), c.tags()));
  RETURN_IF_ERROR(domain::ValidateOptionalRepName(Field(field, "owner_rep"), c.owner_rep()));
  row.owner_rep = c.owner_rep();
  RETURN_IF_ERROR(ValidateChannel(Field(field, "acquisition_channel"), c.acquisition_channel()));
  row.acquisition_channel = c.acquisition_channel();
  RETURN_IF_ERROR(domain::ValidateExternalRef(
      Field(field, "external_ref"), c.external_ref().source_system(), c.external_ref().id()));
  row.ext_source = c.external_ref().source_system();
  row.ext_id = c.external_ref().id();
  if (!c.referred_by().empty()) {
    ASSIGN_OR_RETURN(row.referred_by,
                     domain::ParseReferrer(Field(field, "referred_by"), c.referred_by(), 0));
  }
  return row;
}

absl::Status InsertNewCustomer(db::Transaction& tx, const HandlerContext& ctx,
                               store::CustomerRow& row, absl::Time now) {
  row.state = store::kStateActive;
  row.tier = std::string(ctx.tiers->TierFor(0));
  row.created_at = now;
  row.updated_at = now;
  row.version = 1;
  if (row.referred_by != 0) RETURN_IF_ERROR(CheckReferrerExists(tx, row.referred_by));
  ASSIGN_OR_RETURN(row.id, store::InsertCustomer(tx, row));
  if (row.referred_by != 0) store::SetReferredBy(tx, row.id, row.referred_by);
  store::InsertLoyaltyAccount(tx, row.id, now);
  events::v1::Event event;
  event.set_aggregate(domain::CustomerName(row.id));
  *event.mutable_customer_created()->mutable_customer() = ToSnapshot(row);
  if (row.converted_from_lead != 0) {
    event.mutable_customer_created()->set_converted_from_lead(
        domain::LeadName(row.converted_from_lead));
  }
  WriteEvent(tx, std::move(event));
  return absl::OkStatus();
}

absl::StatusOr<v1::Customer> CustomerHandlers::Create(const v1::CreateCustomerRequest& req,
                                                      absl::Time deadline) {
  if (!req.has_customer()) return InvalidField("customer", "is required");
  ASSIGN_OR_RETURN(store::CustomerRow row, CustomerRowForCreate(req.customer(), "customer",
                                                                /*kind_optional=*/false));
  return RunIdempotent<v1::Customer>(
      *ctx_.pool, deadline, "CreateCustomer", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Customer> {
        store::CustomerRow fresh = row;
        RETURN_IF_ERROR(InsertNewCustomer(tx, ctx_, fresh, NowMicros()));
        return ToProto(fresh);
      });
}

namespace {

// The customers among `ids`, read in autocommit (one statement, no locks, no COMMIT).
absl::StatusOr<absl::flat_hash_map<int64_t, store::CustomerRow>> FetchCustomers(
    db::ConnectionPool& pool, const std::vector<int64_t>& ids, absl::Time deadline) {
  absl::flat_hash_map<int64_t, store::CustomerRow> found;
  RETURN_IF_ERROR(db::RunReadOnly(pool, deadline, [&](db::Transaction& tx) {
    found.clear();  // a retried read starts over
    for (store::CustomerRow& row : store::FindCustomers(tx, ids)) {
      const int64_t id = row.id;
      found.emplace(id, std::move(row));
    }
    return absl::OkStatus();
  }));
  return found;
}

// Up to this many Gets share one statement.
constexpr int kMaxGetBatch = 64;

}  // namespace

CustomerHandlers::CustomerHandlers(const HandlerContext& ctx)
    : ctx_(ctx),
      get_reads_(
          [pool = ctx.pool](const std::vector<int64_t>& ids, absl::Time deadline) {
            return FetchCustomers(*pool, ids, deadline);
          },
          ctx.get_fetches, kMaxGetBatch),
      async_reads_(std::make_unique<db::AsyncPointReader>(
          ctx.pool->config(),
          db::AsyncPointReader::Options{.sql_prefix = store::SelectCustomersInSql(),
                                        .max_in_flight = ctx.get_fetches,
                                        .max_batch = kMaxGetBatch,
                                        .reachable = [pool = ctx.pool](bool reachable) {
                                          pool->ReportReachable(reachable);
                                        }})) {}

absl::StatusOr<v1::Customer> CustomerHandlers::Get(const v1::GetCustomerRequest& req,
                                                   absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseCustomerName("name", req.name()));
  ASSIGN_OR_RETURN(std::optional<store::CustomerRow> row, get_reads_.Get(id, deadline));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row);
}

void CustomerHandlers::GetAsync(const v1::GetCustomerRequest& req, absl::Time deadline,
                                absl::AnyInvocable<void(absl::StatusOr<v1::Customer>)> done) {
  absl::StatusOr<int64_t> id = domain::ParseCustomerName("name", req.name());
  if (!id.ok()) {
    done(id.status());
    return;
  }
  async_reads_->Get(*id, deadline,
                    [done = std::move(done),
                     name = req.name()](absl::StatusOr<const db::FetchedRow*> row) mutable {
                      if (!row.ok()) {
                        done(row.status());
                      } else if (*row == nullptr) {
                        done(absl::NotFoundError(absl::StrCat(name, " not found")));
                      } else {
                        done(ToProto(store::CustomerRow::FromFetched(**row)));
                      }
                    });
}

absl::StatusOr<v1::ListCustomersResponse> CustomerHandlers::List(
    const v1::ListCustomersRequest& req, absl::Time deadline) {
  // Oldest first by (create_time, id): the order agrees with the times shown.
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListCustomers", req, KeysetShape::kTimeId));
  store::CustomerFilter filter;
  filter.tier = req.tier();
  filter.tag = domain::NormalizeTag(req.tag());
  if (!filter.tag.empty()) RETURN_IF_ERROR(domain::ValidateTag("tag", filter.tag));
  RETURN_IF_ERROR(domain::ValidateOptionalRepName("owner_rep", req.owner_rep()));
  filter.owner_rep = req.owner_rep();
  RETURN_IF_ERROR(ValidateChannel("acquisition_channel", req.acquisition_channel()));
  filter.acquisition_channel = req.acquisition_channel();
  if (req.has_created_after()) filter.created_after = FromProtoTime(req.created_after());
  if (req.has_created_before()) filter.created_before = FromProtoTime(req.created_before());
  if (req.has_created_after() && req.has_created_before() &&
      filter.created_before <= filter.created_after) {
    return InvalidField("created_before", "must be later than created_after");
  }
  RETURN_IF_ERROR(
      domain::ValidateOptionalText("name_query", req.name_query(), kMaxNameQueryLength));
  filter.name_query = req.name_query();
  filter.show_archived = req.show_archived();
  if (req.has_external_ref()) {
    const v1::ExternalRef& ref = req.external_ref();
    if (ref.source_system().empty() && ref.id().empty()) {
      return InvalidField("external_ref", "set source_system and id, or leave it unset");
    }
    RETURN_IF_ERROR(domain::ValidateExternalRef("external_ref", ref.source_system(), ref.id()));
    filter.ext_source = ref.source_system();
    filter.ext_id = ref.id();
  }
  RETURN_IF_ERROR(domain::ValidateEmail("email", req.email()));
  filter.email = req.email();
  RETURN_IF_ERROR(domain::ValidatePhone("phone", req.phone()));
  filter.phone = req.phone();

  std::vector<store::CustomerRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListCustomers(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListCustomersResponse resp;
  resp.set_next_page_token(page.TakePage(
      rows, [](const auto& row) { return KeysetCursor::TimeId(row.created_at, row.id); }));
  for (const store::CustomerRow& row : rows) *resp.add_customers() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::Customer> CustomerHandlers::Update(const v1::UpdateCustomerRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseCustomerName("customer.name", req.customer().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::CustomerRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyMask(req, probe).status());
  }
  return RunIdempotent<v1::Customer>(
      *ctx_.pool, deadline, "UpdateCustomer", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Customer> {
        ASSIGN_OR_RETURN(store::CustomerRow row, LockActiveCustomer(tx, id));
        RETURN_IF_ERROR(CheckEtag("customer.etag", req.customer().etag(), row.version));
        const int64_t referrer_before = row.referred_by;
        ASSIGN_OR_RETURN(std::vector<std::string> paths, ApplyMask(req, row));
        if (row.referred_by != referrer_before) {
          RETURN_IF_ERROR(CheckReferrerExists(tx, row.referred_by));
          store::SetReferredBy(tx, id, row.referred_by);
        }
        row.updated_at = NowMicros();
        ++row.version;
        store::UpdateCustomer(tx, row);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id));
        *event.mutable_customer_updated()->mutable_customer() = ToSnapshot(row);
        for (const std::string& p : paths) event.mutable_customer_updated()->add_changed_fields(p);
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::Customer> CustomerHandlers::Archive(const v1::ArchiveCustomerRequest& req,
                                                       absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseCustomerName("name", req.name()));
  return RunIdempotent<v1::Customer>(
      *ctx_.pool, deadline, "ArchiveCustomer", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Customer> {
        ASSIGN_OR_RETURN(store::CustomerRow row, LockCustomer(tx, id));
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(Transition(row, domain::CustomerState::kArchived, req.etag(), now));
        row.archived_at = now;
        store::UpdateCustomer(tx, row);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id));
        event.mutable_customer_archived()->set_customer(domain::CustomerName(id));
        SetProtoTime(now, event.mutable_customer_archived()->mutable_archive_time());
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::Customer> CustomerHandlers::Unarchive(const v1::UnarchiveCustomerRequest& req,
                                                         absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseCustomerName("name", req.name()));
  return RunIdempotent<v1::Customer>(
      *ctx_.pool, deadline, "UnarchiveCustomer", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Customer> {
        ASSIGN_OR_RETURN(store::CustomerRow row, LockCustomer(tx, id));
        RETURN_IF_ERROR(Transition(row, domain::CustomerState::kActive, req.etag(), NowMicros()));
        row.archived_at = absl::InfinitePast();
        store::UpdateCustomer(tx, row);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id));
        event.mutable_customer_unarchived()->set_customer(domain::CustomerName(id));
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::BatchCreateCustomersResponse> CustomerHandlers::BatchCreate(
    const v1::BatchCreateCustomersRequest& req, absl::Time deadline) {
  if (req.requests_size() == 0) return InvalidField("requests", "must hold at least one item");
  if (req.requests_size() > kMaxBatchCreateItems) {
    return InvalidField("requests", absl::StrCat("at most ", kMaxBatchCreateItems,
                                                 " items per call, got ", req.requests_size()));
  }
  v1::BatchCreateCustomersResponse resp;
  for (int i = 0; i < req.requests_size(); ++i) {
    const v1::CreateCustomerRequest& item = req.requests(i);
    const std::string prefix = absl::StrCat("requests[", i, "]");
    bool replayed = true;
    // Each item is one CreateCustomer: the same validation, the same idempotency record
    // (a retry of the item as a single CreateCustomer with its request_id answers the same).
    absl::StatusOr<v1::Customer> created = [&]() -> absl::StatusOr<v1::Customer> {
      if (!item.has_customer()) return InvalidField(prefix + ".customer", "is required");
      RETURN_IF_ERROR(ValidateRequestId(item.request_id()));
      ASSIGN_OR_RETURN(store::CustomerRow row,
                       CustomerRowForCreate(item.customer(), prefix + ".customer",
                                            /*kind_optional=*/false));
      return RunIdempotent<v1::Customer>(
          *ctx_.pool, deadline, "CreateCustomer", item, item.request_id(),
          [&](db::Transaction& tx) -> absl::StatusOr<v1::Customer> {
            replayed = false;
            store::CustomerRow fresh = row;
            RETURN_IF_ERROR(InsertNewCustomer(tx, ctx_, fresh, NowMicros()));
            return ToProto(fresh);
          });
    }();
    v1::BatchCreateCustomersResult* result = resp.add_results();
    if (created.ok()) {
      result->set_outcome(replayed ? v1::BATCH_ITEM_OUTCOME_EXISTING
                                   : v1::BATCH_ITEM_OUTCOME_CREATED);
      *result->mutable_customer() = *std::move(created);
      if (!replayed) resp.set_created_count(resp.created_count() + 1);
      continue;
    }
    result->set_outcome(v1::BATCH_ITEM_OUTCOME_FAILED);
    result->set_error_code(static_cast<int32_t>(created.status().code()));
    result->set_error_message(ItemErrorMessage(created.status(), prefix));
    resp.set_failed_count(resp.failed_count() + 1);
    if (created.status().code() == absl::StatusCode::kAlreadyExists) {
      // Tell the importer which record holds the reference, so it can update that one.
      const v1::ExternalRef& ref = item.customer().external_ref();
      std::optional<store::CustomerRow> existing;
      const absl::Status read =
          db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
            existing = store::FindCustomerByExternalRef(tx, ref.source_system(), ref.id());
            return absl::OkStatus();
          });
      if (read.ok() && existing.has_value()) *result->mutable_customer() = ToProto(*existing);
    }
  }
  return resp;
}

absl::StatusOr<v1::ErasePersonalDataResponse> CustomerHandlers::ErasePersonalData(
    const v1::ErasePersonalDataRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseCustomerName("name", req.name()));
  RETURN_IF_ERROR(
      domain::ValidateErasureRequest(req.requested_by(), req.legal_basis(), req.reason()));
  return RunIdempotent<v1::ErasePersonalDataResponse>(
      *ctx_.pool, deadline, "ErasePersonalData", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::ErasePersonalDataResponse> {
        // Only locking reads before RedactEvents: its read of the event log then sees every
        // event relayed before this transaction locked the customer's outbox rows.
        ASSIGN_OR_RETURN(store::CustomerRow row, LockCustomer(tx, id));
        v1::ErasePersonalDataResponse resp;
        if (std::optional<store::ErasureRow> done = store::FindErasure(tx, id); done.has_value()) {
          // Erasing again changes nothing and answers with the first, effective erasure.
          *resp.mutable_customer() = ToProto(row);
          *resp.mutable_erasure() = ToProto(*done);
          return resp;
        }
        const absl::Time now = NowMicros();
        RETURN_IF_ERROR(Transition(row, domain::CustomerState::kErased, "", now));
        domain::PersonalProfile erased = domain::ErasedProfile();
        row.display_name = std::move(erased.display_name);
        row.email = std::move(erased.email);
        row.phone = std::move(erased.phone);
        row.tags = std::move(erased.tags);
        store::UpdateCustomer(tx, row);
        store::EraseCustomerDependents(tx, id, domain::kErasedText);
        RETURN_IF_ERROR(RedactEvents(tx, domain::CustomerName(id)));
        RETURN_IF_ERROR(RedactStoredAnswers(tx, id).status());
        const store::ErasureRow audit{id, req.requested_by(), req.legal_basis(), req.reason(), now};
        store::InsertErasure(tx, audit);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id));
        auto* e = event.mutable_customer_personal_data_erased();
        e->set_customer(domain::CustomerName(id));
        e->set_legal_basis(req.legal_basis());
        SetProtoTime(now, e->mutable_erase_time());
        WriteEvent(tx, std::move(event));
        *resp.mutable_customer() = ToProto(row);
        *resp.mutable_erasure() = ToProto(audit);
        return resp;
      });
}

absl::StatusOr<v1::Contact> CustomerHandlers::CreateContact(const v1::CreateContactRequest& req,
                                                            absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseCustomerName("parent", req.parent()));
  if (!req.has_contact()) return InvalidField("contact", "is required");
  const v1::Contact& c = req.contact();
  RETURN_IF_ERROR(
      domain::ValidateRequiredText("contact.display_name", c.display_name(), kMaxNameLength));
  RETURN_IF_ERROR(domain::ValidateOptionalText("contact.title", c.title(), kMaxTitleLength));
  RETURN_IF_ERROR(domain::ValidateEmail("contact.email", c.email()));
  RETURN_IF_ERROR(domain::ValidatePhone("contact.phone", c.phone()));
  return RunIdempotent<v1::Contact>(
      *ctx_.pool, deadline, "CreateContact", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Contact> {
        ASSIGN_OR_RETURN(store::CustomerRow customer, LockActiveCustomer(tx, customer_id));
        if (customer.kind != v1::CUSTOMER_KIND_COMPANY) {
          return absl::FailedPreconditionError(
              absl::StrCat(req.parent(), " is a person; only company customers have contacts"));
        }
        store::ContactRow row;
        row.customer_id = customer_id;
        row.display_name = c.display_name();
        row.title = c.title();
        row.email = c.email();
        row.phone = c.phone();
        row.created_at = NowMicros();
        row.id = store::InsertContact(tx, row);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(customer_id));
        event.mutable_contact_added()->set_contact(domain::ContactName(customer_id, row.id));
        event.mutable_contact_added()->set_display_name(row.display_name);
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::ListContactsResponse> CustomerHandlers::ListContacts(
    const v1::ListContactsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseCustomerName("parent", req.parent()));
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListContacts", req, KeysetShape::kId));
  std::vector<store::ContactRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindCustomer(tx, customer_id, /*for_update=*/false).has_value();
    if (found) rows = store::ListContacts(tx, customer_id, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.parent(), " not found"));
  v1::ListContactsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.id); }));
  for (const store::ContactRow& row : rows) *resp.add_contacts() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::Contact> CustomerHandlers::UpdateContact(const v1::UpdateContactRequest& req,
                                                            absl::Time deadline) {
  ASSIGN_OR_RETURN(domain::ContactId id,
                   domain::ParseContactName("contact.name", req.contact().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::ContactRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyContactMask(req, probe).status());
  }
  return RunIdempotent<v1::Contact>(
      *ctx_.pool, deadline, "UpdateContact", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Contact> {
        RETURN_IF_ERROR(LockActiveCustomer(tx, id.customer_id).status());
        std::optional<store::ContactRow> row =
            store::FindContact(tx, id.customer_id, id.contact_id);
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat(req.contact().name(), " not found"));
        }
        ASSIGN_OR_RETURN(std::vector<std::string> paths, ApplyContactMask(req, *row));
        store::UpdateContact(tx, *row);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id.customer_id));
        auto* e = event.mutable_contact_updated();
        e->set_contact(domain::ContactName(id.customer_id, id.contact_id));
        e->set_display_name(row->display_name);
        for (const std::string& p : paths) e->add_changed_fields(p);
        WriteEvent(tx, std::move(event));
        return ToProto(*row);
      });
}

absl::StatusOr<v1::DeleteContactResponse> CustomerHandlers::DeleteContact(
    const v1::DeleteContactRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(domain::ContactId id, domain::ParseContactName("name", req.name()));
  return RunIdempotent<v1::DeleteContactResponse>(
      *ctx_.pool, deadline, "DeleteContact", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::DeleteContactResponse> {
        if (!store::DeleteContact(tx, id.customer_id, id.contact_id)) {
          return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        }
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(id.customer_id));
        event.mutable_contact_removed()->set_contact(req.name());
        WriteEvent(tx, std::move(event));
        return v1::DeleteContactResponse();
      });
}

}  // namespace sales::customers::api
