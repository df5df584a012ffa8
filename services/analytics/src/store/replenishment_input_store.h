// Replenishment inputs a buyer records (replenishment_settings, expected_receipts): written
// by their RPCs and read back per product and warehouse for GetReplenishment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/replenishment_settings.h"

namespace sales::analytics::store {

// One product's settings in one warehouse ('' for every warehouse).
struct SettingsRow {
  int64_t product_id = 0;  // of "products/{id}"
  std::string product;
  std::string warehouse;
  domain::ReplenishmentSettingValues values;  // lead_time_days always set
  absl::Time update_time;
};

// Inserts `row` or replaces the row of its product and warehouse.
void UpsertSettings(db::Transaction& tx, const SettingsRow& row);

// The row of (product_id, warehouse), locked for the transaction; nullopt when none.
std::optional<SettingsRow> LoadSettingsForUpdate(db::Transaction& tx, int64_t product_id,
                                                 const std::string& warehouse);

void DeleteSettings(db::Transaction& tx, int64_t product_id, const std::string& warehouse);

// Rows after (after_product_id, after_warehouse) in (product_id, warehouse) order, at most
// `limit`; only `product_id` when not 0.
std::vector<SettingsRow> ListSettings(db::Transaction& tx, int64_t product_id,
                                      int64_t after_product_id, const std::string& after_warehouse,
                                      int limit);

// Every row of `product` when not empty, else every row; only rows of `warehouse` and of
// '' when `warehouse` is not empty.
std::vector<SettingsRow> LoadSettings(db::Transaction& tx, const std::string& product,
                                      const std::string& warehouse);

// State numbers as stored (the proto's ExpectedReceipt.State numbers).
inline constexpr int kReceiptOpen = 1;
inline constexpr int kReceiptCancelled = 2;
inline constexpr int kReceiptReceived = 3;

struct ReceiptRow {
  int64_t id = 0;
  std::string product;
  std::string warehouse;
  int64_t units = 0;
  absl::CivilDay expected_day;
  std::string reference;
  int state = kReceiptOpen;
  absl::Time create_time;
  absl::Time update_time;
};

// Inserts `row` (its id ignored); returns the new id.
int64_t InsertReceipt(db::Transaction& tx, const ReceiptRow& row);

// The receipt `id`, locked for the transaction; nullopt when none.
std::optional<ReceiptRow> LoadReceiptForUpdate(db::Transaction& tx, int64_t id);

// Writes units, expected_day, reference, state and update_time of `row.id`.
void UpdateReceipt(db::Transaction& tx, const ReceiptRow& row);

// Receipts with id > after_id by id, at most `limit`; filters apply when not empty / 0.
std::vector<ReceiptRow> ListReceipts(db::Transaction& tx, const std::string& product,
                                     const std::string& warehouse, int state, int64_t after_id,
                                     int limit);

// Units of the open receipts due before `end_day`, per product, warehouse and expected day
// (one row per day, summed), by product, warehouse, day; filters as LoadSettings (a
// warehouse filter matches that warehouse only).
struct DueReceipts {
  std::string product;
  std::string warehouse;
  absl::CivilDay day;
  int64_t units = 0;
};
std::vector<DueReceipts> LoadOpenReceipts(db::Transaction& tx, absl::CivilDay end_day,
                                          const std::string& product, const std::string& warehouse);

}  // namespace sales::analytics::store
