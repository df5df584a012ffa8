#include "services/analytics/src/api/period_mapping.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time_util.h"
#include "services/analytics/src/domain/rfm.h"

namespace sales::analytics::api {
namespace {

using domain::Dimension;
using domain::Granularity;

constexpr size_t kMaxMemberLength = 100;

absl::StatusOr<Granularity> ReadGranularity(v1::Granularity granularity, const std::string& field) {
  switch (granularity) {
    case v1::GRANULARITY_DAY:
      return Granularity::kDay;
    case v1::GRANULARITY_ISO_WEEK:
      return Granularity::kIsoWeek;
    case v1::GRANULARITY_MONTH:
      return Granularity::kMonth;
    case v1::GRANULARITY_QUARTER:
      return Granularity::kQuarter;
    case v1::GRANULARITY_YEAR:
      return Granularity::kYear;
    case v1::GRANULARITY_CUSTOM:
      return Granularity::kCustom;
    default:
      return absl::InvalidArgumentError(absl::StrCat(field,
                                                     ": required (GRANULARITY_DAY, "
                                                     "_ISO_WEEK, _MONTH, _QUARTER, _YEAR "
                                                     "or _CUSTOM)"));
  }
}

v1::Granularity ToProto(Granularity granularity) {
  switch (granularity) {
    case Granularity::kDay:
      return v1::GRANULARITY_DAY;
    case Granularity::kIsoWeek:
      return v1::GRANULARITY_ISO_WEEK;
    case Granularity::kMonth:
      return v1::GRANULARITY_MONTH;
    case Granularity::kQuarter:
      return v1::GRANULARITY_QUARTER;
    case Granularity::kYear:
      return v1::GRANULARITY_YEAR;
    case Granularity::kCustom:
      return v1::GRANULARITY_CUSTOM;
  }
  return v1::GRANULARITY_UNSPECIFIED;
}

}  // namespace

std::string DayString(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilDay> ReadDay(const std::string& text, const std::string& field) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) || DayString(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a day as YYYY-MM-DD, got '", text, "'"));
  }
  return day;
}

absl::StatusOr<Granularity> ReadCalendarGranularity(v1::Granularity granularity,
                                                    const std::string& field) {
  absl::StatusOr<Granularity> g = ReadGranularity(granularity, field);
  if (g.ok() && *g == Granularity::kCustom) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be GRANULARITY_DAY, _ISO_WEEK, _MONTH, _QUARTER or _YEAR"));
  }
  return g;
}

absl::StatusOr<domain::Period> ReadPeriod(const v1::PeriodSpec& spec, const absl::TimeZone& zone,
                                          absl::Time now, const std::string& field) {
  absl::StatusOr<Granularity> granularity =
      ReadGranularity(spec.granularity(), absl::StrCat(field, ".granularity"));
  if (!granularity.ok()) return granularity.status();
  if (*granularity != Granularity::kCustom) {
    if (!spec.first_day().empty() || !spec.last_day().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".first_day: only for GRANULARITY_CUSTOM; give a time inside the period"));
    }
    const absl::Time at = spec.has_time() ? FromProtoTime(spec.time()) : now;
    return domain::PeriodContaining(*granularity, at, zone);
  }
  if (spec.has_time()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".time: not for GRANULARITY_CUSTOM; give first_day and last_day"));
  }
  absl::StatusOr<absl::CivilDay> first =
      ReadDay(spec.first_day(), absl::StrCat(field, ".first_day"));
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last = ReadDay(spec.last_day(), absl::StrCat(field, ".last_day"));
  if (!last.ok()) return last.status();
  return domain::CustomPeriod(*first, *last + 1, zone, absl::StrCat(field, ".last_day"));
}

absl::StatusOr<domain::SliceKey> ReadSlice(const v1::Slice& slice, const std::string& field) {
  domain::SliceKey key;
  switch (slice.dimension()) {
    case v1::SLICE_DIMENSION_UNSPECIFIED:
      if (!slice.member().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ".member: must be empty when the dimension is unset (the whole company)"));
      }
      return key;
    case v1::SLICE_DIMENSION_CHANNEL:
      key.dimension = Dimension::kChannel;
      break;
    case v1::SLICE_DIMENSION_REGION:
      key.dimension = Dimension::kRegion;
      break;
    case v1::SLICE_DIMENSION_PRODUCT:
      key.dimension = Dimension::kProduct;
      break;
    case v1::SLICE_DIMENSION_CATEGORY:
      key.dimension = Dimension::kCategory;
      break;
    case v1::SLICE_DIMENSION_REP:
      key.dimension = Dimension::kRep;
      break;
    case v1::SLICE_DIMENSION_TIER:
      key.dimension = Dimension::kTier;
      break;
    case v1::SLICE_DIMENSION_RFM_SEGMENT:
      key.dimension = Dimension::kSegment;
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".dimension: unknown value ", static_cast<int>(slice.dimension())));
  }
  if (slice.member().empty() || slice.member().size() > kMaxMemberLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".member: required for a dimension, 1 to ", kMaxMemberLength, " characters"));
  }
  if (key.dimension == Dimension::kSegment && !domain::ParseRfmSegment(slice.member())) {
    std::string names;
    for (domain::RfmSegment segment : domain::kAllRfmSegments) {
      absl::StrAppend(&names, names.empty() ? "" : ", ",
                      std::string(domain::RfmSegmentName(segment)));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".member: '", slice.member(), "' is no RFM segment; one of ", names));
  }
  key.member = slice.member();
  return key;
}

v1::Period ToProto(const domain::Period& period, const absl::TimeZone& zone) {
  v1::Period out;
  out.set_label(domain::PeriodLabel(period));
  out.set_granularity(ToProto(period.granularity));
  SetProtoTime(period.start, out.mutable_start_time());
  SetProtoTime(period.end, out.mutable_end_time());
  out.set_first_day(DayString(period.first_day));
  out.set_last_day(DayString(period.end_day - 1));
  out.set_time_zone(zone.name());
  return out;
}

v1::Slice ToProto(const domain::SliceKey& slice) {
  v1::Slice out;
  switch (slice.dimension) {
    case Dimension::kAll:
      return out;
    case Dimension::kChannel:
      out.set_dimension(v1::SLICE_DIMENSION_CHANNEL);
      break;
    case Dimension::kRegion:
      out.set_dimension(v1::SLICE_DIMENSION_REGION);
      break;
    case Dimension::kProduct:
      out.set_dimension(v1::SLICE_DIMENSION_PRODUCT);
      break;
    case Dimension::kCategory:
      out.set_dimension(v1::SLICE_DIMENSION_CATEGORY);
      break;
    case Dimension::kRep:
      out.set_dimension(v1::SLICE_DIMENSION_REP);
      break;
    case Dimension::kTier:
      out.set_dimension(v1::SLICE_DIMENSION_TIER);
      break;
    case Dimension::kSegment:
      out.set_dimension(v1::SLICE_DIMENSION_RFM_SEGMENT);
      break;
  }
  out.set_member(slice.member);
  return out;
}

}  // namespace sales::analytics::api
