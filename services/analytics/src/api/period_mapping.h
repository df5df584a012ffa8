// Periods and slices between the API and the domain: a PeriodSpec read into a period of the
// business time zone (INVALID_ARGUMENT naming the field when it is not one), and a period
// written back with its label, bounds and zone, so every answer says what it covers.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/kpi.pb.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"

namespace sales::analytics::api {

namespace v1 = ::sales::analytics::v1;

// `field` names the spec in messages ("period").
absl::StatusOr<domain::Period> ReadPeriod(const v1::PeriodSpec& spec, const absl::TimeZone& zone,
                                          absl::Time now, const std::string& field);

// A granularity other than custom; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<domain::Granularity> ReadCalendarGranularity(v1::Granularity granularity,
                                                            const std::string& field);

// "YYYY-MM-DD".
std::string DayString(absl::CivilDay day);

// A "YYYY-MM-DD" day; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ReadDay(const std::string& text, const std::string& field);

absl::StatusOr<domain::SliceKey> ReadSlice(const v1::Slice& slice, const std::string& field);

v1::Period ToProto(const domain::Period& period, const absl::TimeZone& zone);
v1::Slice ToProto(const domain::SliceKey& slice);

}  // namespace sales::analytics::api
