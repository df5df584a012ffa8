#include "services/analytics/src/api/replenishment_input_handlers.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/expected_receipt.h"
#include "services/analytics/src/domain/replenishment_settings.h"
#include "services/analytics/src/store/replenishment_input_store.h"

namespace sales::analytics::api {
namespace {

constexpr size_t kMaxWarehouseLength = 64;
constexpr size_t kMaxReferenceLength = 100;
constexpr int64_t kMaxUnits = 1000000000;
constexpr char kReceiptsCollection[] = "expectedReceipts";

// Now, to the microsecond the DATETIME(6) columns keep (so an answer equals a later read).
absl::Time Now() { return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())); }

absl::Status CheckWarehouse(const std::string& field, const std::string& warehouse, bool required) {
  if (required && warehouse.empty()) return InvalidField(field, "is required");
  if (warehouse.size() > kMaxWarehouseLength) {
    return InvalidField(field, absl::StrCat("at most ", kMaxWarehouseLength, " characters"));
  }
  return absl::OkStatus();
}

domain::ReplenishmentSettingValues ValuesOf(const v1::ReplenishmentSettings& s) {
  domain::ReplenishmentSettingValues v;
  v.lead_time_days = s.lead_time_days();
  if (s.has_lead_time_sd_days()) v.lead_time_sd_days = s.lead_time_sd_days();
  if (s.has_service_level()) v.service_level = s.service_level();
  if (s.has_cover_days()) v.cover_days = s.cover_days();
  return v;
}

v1::ReplenishmentSettings ToProto(const store::SettingsRow& row) {
  v1::ReplenishmentSettings out;
  out.set_product(row.product);
  out.set_warehouse(row.warehouse);
  out.set_lead_time_days(row.values.lead_time_days.value_or(0));
  if (row.values.lead_time_sd_days.has_value()) {
    out.set_lead_time_sd_days(*row.values.lead_time_sd_days);
  }
  if (row.values.service_level.has_value()) out.set_service_level(*row.values.service_level);
  if (row.values.cover_days.has_value()) out.set_cover_days(*row.values.cover_days);
  *out.mutable_update_time() = ToProtoTime(row.update_time);
  return out;
}

v1::ExpectedReceipt ToProto(const store::ReceiptRow& row) {
  v1::ExpectedReceipt out;
  out.set_name(absl::StrCat(kReceiptsCollection, "/", row.id));
  out.set_product(row.product);
  out.set_warehouse(row.warehouse);
  out.set_units(row.units);
  out.set_expected_day(DayString(row.expected_day));
  out.set_reference(row.reference);
  out.set_state(static_cast<v1::ExpectedReceipt::State>(row.state));
  *out.mutable_create_time() = ToProtoTime(row.create_time);
  *out.mutable_update_time() = ToProtoTime(row.update_time);
  return out;
}

absl::Status CheckUnits(int64_t units) {
  if (units < 1 || units > kMaxUnits) {
    return InvalidField("receipt.units",
                        absl::StrCat("must be between 1 and ", kMaxUnits, ", got ", units));
  }
  return absl::OkStatus();
}

absl::Status CheckReference(const std::string& reference) {
  if (reference.size() > kMaxReferenceLength) {
    return InvalidField("receipt.reference",
                        absl::StrCat("at most ", kMaxReferenceLength, " characters"));
  }
  return absl::OkStatus();
}

// Loads receipt `id` for a change, applies the state machine's `change` and runs `edit` on
// the row before it is written back; NOT_FOUND naming `field` when there is none.
absl::StatusOr<v1::ExpectedReceipt> ChangeReceipt(
    db::Transaction& tx, const std::string& field, int64_t id, domain::ReceiptChange change,
    absl::FunctionRef<void(store::ReceiptRow&)> edit) {
  std::optional<store::ReceiptRow> row = store::LoadReceiptForUpdate(tx, id);
  if (!row.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(field, ": no expected receipt ", kReceiptsCollection, "/", id));
  }
  ASSIGN_OR_RETURN(const domain::ReceiptState to,
                   domain::ChangeReceipt(static_cast<domain::ReceiptState>(row->state), change));
  row->state = static_cast<int>(to);
  edit(*row);
  row->update_time = Now();
  store::UpdateReceipt(tx, *row);
  return ToProto(*row);
}

}  // namespace

absl::StatusOr<v1::ReplenishmentSettings> ReplenishmentInputHandlers::SetReplenishmentSettings(
    const v1::SetReplenishmentSettingsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  if (!req.has_settings()) return InvalidField("settings", "is required");
  const v1::ReplenishmentSettings& s = req.settings();
  store::SettingsRow row;
  ASSIGN_OR_RETURN(row.product_id,
                   ParseCollectionName("settings.product", "products", s.product()));
  RETURN_IF_ERROR(CheckWarehouse("settings.warehouse", s.warehouse(), false));
  row.product = s.product();
  row.warehouse = s.warehouse();
  row.values = ValuesOf(s);
  if (s.lead_time_days() == 0) row.values.lead_time_days.reset();
  RETURN_IF_ERROR(domain::CheckSettingValues(row.values, "settings.", true));
  row.update_time = Now();
  return RunIdempotent<v1::ReplenishmentSettings>(
      *ctx_.pool, deadline, "SetReplenishmentSettings", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::ReplenishmentSettings> {
        store::UpsertSettings(tx, row);
        return ToProto(row);
      });
}

absl::StatusOr<v1::DeleteReplenishmentSettingsResponse>
ReplenishmentInputHandlers::DeleteReplenishmentSettings(
    const v1::DeleteReplenishmentSettingsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  ASSIGN_OR_RETURN(const int64_t product_id,
                   ParseCollectionName("product", "products", req.product()));
  RETURN_IF_ERROR(CheckWarehouse("warehouse", req.warehouse(), false));
  return RunIdempotent<v1::DeleteReplenishmentSettingsResponse>(
      *ctx_.pool, deadline, "DeleteReplenishmentSettings", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::DeleteReplenishmentSettingsResponse> {
        const std::optional<store::SettingsRow> row =
            store::LoadSettingsForUpdate(tx, product_id, req.warehouse());
        if (!row.has_value()) {
          return absl::NotFoundError(
              absl::StrCat("product: no replenishment settings of ", req.product(), " for ",
                           req.warehouse().empty() ? std::string("every warehouse")
                                                   : absl::StrCat("warehouse ", req.warehouse())));
        }
        store::DeleteSettings(tx, product_id, req.warehouse());
        v1::DeleteReplenishmentSettingsResponse out;
        *out.mutable_settings() = ToProto(*row);
        return out;
      });
}

absl::StatusOr<v1::ListReplenishmentSettingsResponse>
ReplenishmentInputHandlers::ListReplenishmentSettings(
    const v1::ListReplenishmentSettingsRequest& req, absl::Time deadline) {
  int64_t product_id = 0;
  if (!req.product().empty()) {
    ASSIGN_OR_RETURN(product_id, ParseCollectionName("product", "products", req.product()));
  }
  ASSIGN_OR_RETURN(
      const ListPage page,
      ListPage::Start(*ctx_.page_tokens, "ListReplenishmentSettings", req, KeysetShape::kIdKey));
  std::vector<store::SettingsRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows =
        store::ListSettings(tx, product_id, page.after().id, page.after().key, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListReplenishmentSettingsResponse out;
  out.set_next_page_token(page.TakePage(rows, [](const store::SettingsRow& r) {
    return KeysetCursor::IdKey(r.product_id, r.warehouse);
  }));
  for (const store::SettingsRow& row : rows) *out.add_settings() = ToProto(row);
  return out;
}

absl::StatusOr<v1::ExpectedReceipt> ReplenishmentInputHandlers::RecordExpectedReceipt(
    const v1::RecordExpectedReceiptRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  if (!req.has_receipt()) return InvalidField("receipt", "is required");
  const v1::ExpectedReceipt& r = req.receipt();
  RETURN_IF_ERROR(ParseCollectionName("receipt.product", "products", r.product()).status());
  RETURN_IF_ERROR(CheckWarehouse("receipt.warehouse", r.warehouse(), true));
  RETURN_IF_ERROR(CheckUnits(r.units()));
  store::ReceiptRow row;
  ASSIGN_OR_RETURN(row.expected_day, ReadDay(r.expected_day(), "receipt.expected_day"));
  RETURN_IF_ERROR(CheckReference(r.reference()));
  row.product = r.product();
  row.warehouse = r.warehouse();
  row.units = r.units();
  row.reference = r.reference();
  row.state = static_cast<int>(domain::ReceiptState::kOpen);
  row.create_time = Now();
  row.update_time = row.create_time;
  return RunIdempotent<v1::ExpectedReceipt>(
      *ctx_.pool, deadline, "RecordExpectedReceipt", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::ExpectedReceipt> {
        row.id = store::InsertReceipt(tx, row);
        return ToProto(row);
      });
}

absl::StatusOr<v1::ExpectedReceipt> ReplenishmentInputHandlers::UpdateExpectedReceipt(
    const v1::UpdateExpectedReceiptRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  ASSIGN_OR_RETURN(const int64_t id,
                   ParseCollectionName("receipt.name", kReceiptsCollection, req.receipt().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  const v1::ExpectedReceipt& r = req.receipt();
  bool units = false, day = false, reference = false;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "units") {
      units = true;
    } else if (path == "expected_day") {
      day = true;
    } else if (path == "reference") {
      reference = true;
    } else {
      return InvalidField("update_mask", absl::StrCat("'", path,
                                                      "' cannot be updated (units, expected_day or "
                                                      "reference)"));
    }
  }
  if (!units && !day && !reference) {
    return InvalidField("update_mask", "must name at least one field");
  }
  if (units) {
    RETURN_IF_ERROR(CheckUnits(r.units()));
  }
  absl::CivilDay expected_day;
  if (day) {
    ASSIGN_OR_RETURN(expected_day, ReadDay(r.expected_day(), "receipt.expected_day"));
  }
  if (reference) {
    RETURN_IF_ERROR(CheckReference(r.reference()));
  }
  return RunIdempotent<v1::ExpectedReceipt>(
      *ctx_.pool, deadline, "UpdateExpectedReceipt", req, req.request_id(),
      [&](db::Transaction& tx) {
        return ChangeReceipt(tx, "receipt.name", id, domain::ReceiptChange::kUpdate,
                             [&](store::ReceiptRow& row) {
                               if (units) row.units = r.units();
                               if (day) row.expected_day = expected_day;
                               if (reference) row.reference = r.reference();
                             });
      });
}

absl::StatusOr<v1::ExpectedReceipt> ReplenishmentInputHandlers::CancelExpectedReceipt(
    const v1::CancelExpectedReceiptRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  ASSIGN_OR_RETURN(const int64_t id, ParseCollectionName("name", kReceiptsCollection, req.name()));
  return RunIdempotent<v1::ExpectedReceipt>(*ctx_.pool, deadline, "CancelExpectedReceipt", req,
                                            req.request_id(), [&](db::Transaction& tx) {
                                              return ChangeReceipt(tx, "name", id,
                                                                   domain::ReceiptChange::kCancel,
                                                                   [](store::ReceiptRow&) {});
                                            });
}

absl::StatusOr<v1::ExpectedReceipt> ReplenishmentInputHandlers::ReceiveExpectedReceipt(
    const v1::ReceiveExpectedReceiptRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  ASSIGN_OR_RETURN(const int64_t id, ParseCollectionName("name", kReceiptsCollection, req.name()));
  return RunIdempotent<v1::ExpectedReceipt>(*ctx_.pool, deadline, "ReceiveExpectedReceipt", req,
                                            req.request_id(), [&](db::Transaction& tx) {
                                              return ChangeReceipt(tx, "name", id,
                                                                   domain::ReceiptChange::kReceive,
                                                                   [](store::ReceiptRow&) {});
                                            });
}

absl::StatusOr<v1::ListExpectedReceiptsResponse> ReplenishmentInputHandlers::ListExpectedReceipts(
    const v1::ListExpectedReceiptsRequest& req, absl::Time deadline) {
  if (!req.product().empty()) {
    RETURN_IF_ERROR(ParseCollectionName("product", "products", req.product()).status());
  }
  RETURN_IF_ERROR(CheckWarehouse("warehouse", req.warehouse(), false));
  if (!v1::ExpectedReceipt::State_IsValid(req.state())) {
    return InvalidField("state", absl::StrCat("unknown value ", req.state()));
  }
  ASSIGN_OR_RETURN(const ListPage page, ListPage::Start(*ctx_.page_tokens, "ListExpectedReceipts",
                                                        req, KeysetShape::kId));
  std::vector<store::ReceiptRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListReceipts(tx, req.product(), req.warehouse(), static_cast<int>(req.state()),
                               page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListExpectedReceiptsResponse out;
  out.set_next_page_token(
      page.TakePage(rows, [](const store::ReceiptRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::ReceiptRow& row : rows) *out.add_receipts() = ToProto(row);
  return out;
}

}  // namespace sales::analytics::api
