#include "services/analytics/src/domain/replenishment_settings.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

// Each parameter from the request, else the warehouse's recorded settings, else the
// product's for every warehouse, else the default, field by field.
TEST(ReplenishmentSettingsTest, RequestThenWarehouseThenProductThenDefault) {
  ReplenishmentSettingValues requested;
  requested.service_level = 0.99;
  ReplenishmentSettingValues warehouse;
  warehouse.lead_time_days = 21;
  warehouse.service_level = 0.9;
  ReplenishmentSettingValues product;
  product.lead_time_days = 30;
  product.lead_time_sd_days = 3;
  const ResolvedPolicy r = ResolveSettings(requested, &warehouse, &product);
  EXPECT_EQ(r.policy.service_level, 0.99);
  EXPECT_EQ(r.service_level, SettingSource::kRequest);
  EXPECT_EQ(r.policy.lead_time_days, 21);
  EXPECT_EQ(r.lead_time, SettingSource::kRecordedWarehouse);
  EXPECT_EQ(r.policy.lead_time_sd_days, 3);
  EXPECT_EQ(r.lead_time_sd, SettingSource::kRecordedProduct);
  EXPECT_EQ(r.policy.cover_days, kDefaultCoverDays);
  EXPECT_EQ(r.cover_days, SettingSource::kDefault);

  const ResolvedPolicy none = ResolveSettings({}, nullptr, nullptr);
  EXPECT_EQ(none.policy.lead_time_days, 14);
  EXPECT_EQ(none.policy.service_level, 0.95);
  EXPECT_EQ(none.policy.cover_days, 28);
  EXPECT_EQ(none.policy.lead_time_sd_days, 0);
  EXPECT_EQ(none.lead_time, SettingSource::kDefault);
  EXPECT_EQ(none.lead_time_sd, SettingSource::kDefault);
}

TEST(ReplenishmentSettingsTest, OutOfRangeValuesNameTheField) {
  ReplenishmentSettingValues v;
  EXPECT_EQ(CheckSettingValues(v, "settings.", true).message(),
            "settings.lead_time_days: required");
  EXPECT_TRUE(CheckSettingValues(v, "", false).ok());
  v.lead_time_days = 181;
  EXPECT_EQ(CheckSettingValues(v, "", false).message(),
            "lead_time_days: must be between 1 and 180, got 181");
  v.lead_time_days = 7;
  v.lead_time_sd_days = -1;
  EXPECT_EQ(CheckSettingValues(v, "settings.", true).message().substr(0, 27),
            "settings.lead_time_sd_days:");
  v.lead_time_sd_days = 2;
  v.service_level = 1;
  EXPECT_EQ(CheckSettingValues(v, "settings.", true).message().substr(0, 23),
            "settings.service_level:");
  v.service_level = 0.97;
  v.cover_days = -1;
  EXPECT_EQ(CheckSettingValues(v, "settings.", true).message().substr(0, 20),
            "settings.cover_days:");
  v.cover_days = 0;
  EXPECT_TRUE(CheckSettingValues(v, "settings.", true).ok());
}

}  // namespace
}  // namespace sales::analytics::domain
