#include "tools/salesctl/period_flags.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/money.h"
#include "sales/orders/v1/order.pb.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {

namespace ov1 = ::sales::orders::v1;

namespace {

// The RFM segments as the service names them (SLICE_DIMENSION_RFM_SEGMENT).
constexpr const char* kRfmSegments[] = {"champions",
                                        "loyal",
                                        "potential_loyalists",
                                        "new",
                                        "promising",
                                        "need_attention",
                                        "about_to_sleep",
                                        "at_risk",
                                        "cant_lose",
                                        "hibernating",
                                        "lost"};

}  // namespace

void AddPeriodFlags(CLI::App* cmd, PeriodFlags& flags, const PeriodFlagNames& names,
                    const std::string& what) {
  cmd->add_option(names.period, flags.period,
                  absl::StrCat(what,
                               ": day, week (ISO), month, quarter or year (default: month, or "
                               "the kind of ",
                               names.at, ")"));
  cmd->add_option(names.at, flags.at,
                  absl::StrCat(what,
                               ": which period, by label or by a day inside it: 2026-10-15, "
                               "2026-W42, 2026-10, 2026-Q3, 2026"));
  cmd->add_option(
      names.from, flags.from,
      absl::StrCat(what, ": first day of a custom range, YYYY-MM-DD (with ", names.to, ")"));
  cmd->add_option(
      names.to, flags.to,
      absl::StrCat(what, ": last day of a custom range, inclusive (with ", names.from, ")"));
}

absl::StatusOr<RequestedPeriod> ReadPeriodFlags(const PeriodFlags& f, const PeriodFlagNames& names,
                                                av1::Granularity default_granularity) {
  RequestedPeriod out;
  if (!f.from.empty() || !f.to.empty()) {
    if (f.to.empty()) return InvalidField(names.to, "is required with " + names.from);
    if (f.from.empty()) return InvalidField(names.from, "is required with " + names.to);
    if (!f.period.empty() || !f.at.empty()) {
      return InvalidField(names.from, absl::StrCat("a range of days takes neither ", names.period,
                                                   " nor ", names.at));
    }
    absl::StatusOr<absl::CivilDay> first = ParseDay(names.from, f.from);
    if (!first.ok()) return first.status();
    absl::StatusOr<absl::CivilDay> last = ParseDay(names.to, f.to);
    if (!last.ok()) return last.status();
    if (*last < *first) return InvalidField(names.to, "must not be before " + names.from);
    out.spec.set_granularity(av1::GRANULARITY_CUSTOM);
    out.spec.set_first_day(DayText(*first));
    out.spec.set_last_day(DayText(*last));
    return out;
  }
  std::optional<PeriodLabel> label;
  if (!f.at.empty()) {
    absl::StatusOr<PeriodLabel> parsed = ParsePeriodLabel(names.at, f.at);
    if (!parsed.ok()) return parsed.status();
    label = *parsed;
  }
  av1::Granularity granularity = default_granularity;
  if (!f.period.empty()) {
    absl::StatusOr<av1::Granularity> parsed = ParseGranularity(names.period, f.period);
    if (!parsed.ok()) return parsed.status();
    granularity = *parsed;
  } else if (label.has_value()) {
    granularity = label->granularity;
  }
  out.spec.set_granularity(granularity);
  if (label.has_value()) {
    if (!LabelFitsPeriod(label->granularity, granularity)) {
      const std::string wanted = GranularityText(granularity);
      return InvalidField(names.at,
                          absl::StrCat("'", f.at, "' is a ", GranularityText(label->granularity),
                                       ", not inside one ", wanted, "; give ",
                                       granularity == av1::GRANULARITY_DAY
                                           ? std::string("a day")
                                           : absl::StrCat("a ", wanted, " or a day")));
    }
    out.inside = MiddleDay(*label);
    *out.spec.mutable_time() = ToTimestamp(
        absl::FromCivil(absl::CivilSecond(*out.inside) + 12 * 3600, absl::UTCTimeZone()));
  }
  return out;
}

absl::StatusOr<std::optional<av1::PeriodSpec>> RespecInZone(const RequestedPeriod& requested,
                                                            const av1::Period& answered) {
  if (!requested.inside.has_value()) return std::optional<av1::PeriodSpec>();
  const std::string day = DayText(*requested.inside);
  if (answered.first_day() <= day && day <= answered.last_day()) {
    return std::optional<av1::PeriodSpec>();
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(answered.time_zone(), &zone)) {
    return absl::FailedPreconditionError(
        absl::StrCat("the service cuts days in ", answered.time_zone(),
                     ", which this machine's time zone data does not know; give a range of "
                     "days instead of a label"));
  }
  av1::PeriodSpec again = requested.spec;
  *again.mutable_time() =
      ToTimestamp(absl::FromCivil(absl::CivilSecond(*requested.inside) + 12 * 3600, zone));
  return std::optional<av1::PeriodSpec>(std::move(again));
}

void AddSliceFlags(CLI::App* cmd, SliceFlags& f) {
  cmd->add_option("--channel", f.channel,
                  "only this sales channel: " + EnumChoices<ov1::Channel>());
  cmd->add_option("--region", f.region, "only this region, e.g. north");
  cmd->add_option("--product", f.product, "only this product, products/{id}");
  cmd->add_option("--category", f.category, "only this product category, e.g. tea");
  cmd->add_option("--rep", f.rep, "only this rep's credit share, reps/{id}");
  cmd->add_option("--tier", f.tier,
                  "only the orders of customers holding this membership tier when they ordered, "
                  "e.g. gold");
  cmd->add_option("--segment", f.segment,
                  "only the customers of this RFM segment (scored over the year to the period's "
                  "last day): " +
                      absl::StrJoin(kRfmSegments, ", "));
}

absl::StatusOr<av1::Slice> ReadSlice(const SliceFlags& f) {
  const std::pair<const char*, const std::string*> flags[] = {
      {"--channel", &f.channel},   {"--region", &f.region}, {"--product", &f.product},
      {"--category", &f.category}, {"--rep", &f.rep},       {"--tier", &f.tier},
      {"--segment", &f.segment}};
  av1::Slice slice;
  const char* given = nullptr;
  for (const auto& [flag, value] : flags) {
    if (value->empty()) continue;
    if (given != nullptr) {
      return InvalidField(flag, absl::StrCat("one slice at most; ", given, " was given too"));
    }
    given = flag;
  }
  if (!f.channel.empty()) {
    absl::StatusOr<ov1::Channel> channel = ParseEnum<ov1::Channel>("--channel", f.channel);
    if (!channel.ok()) return channel.status();
    slice.set_dimension(av1::SLICE_DIMENSION_CHANNEL);
    slice.set_member(ov1::Channel_Name(*channel));
  } else if (!f.region.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_REGION);
    slice.set_member(f.region);
  } else if (!f.product.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_PRODUCT);
    slice.set_member(ResourceName("products", f.product));
  } else if (!f.category.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_CATEGORY);
    slice.set_member(f.category);
  } else if (!f.rep.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_REP);
    // Rep ids are not numbers ("r-7"): any text without a collection is completed.
    slice.set_member(absl::StrContains(f.rep, "/") ? f.rep : absl::StrCat("reps/", f.rep));
  } else if (!f.tier.empty()) {
    slice.set_dimension(av1::SLICE_DIMENSION_TIER);
    slice.set_member(f.tier);
  } else if (!f.segment.empty()) {
    // Typed as people write it ("can't lose", "at-risk") or as the service names it.
    std::string segment = absl::AsciiStrToLower(f.segment);
    absl::StrReplaceAll({{"'", ""}, {"-", "_"}, {" ", "_"}}, &segment);
    if (std::find(std::begin(kRfmSegments), std::end(kRfmSegments), segment) ==
        std::end(kRfmSegments)) {
      return InvalidField(
          "--segment", absl::StrCat("must be one of ", absl::StrJoin(kRfmSegments, ", "), ", got '",
                                    f.segment, "'"));
    }
    slice.set_dimension(av1::SLICE_DIMENSION_RFM_SEGMENT);
    slice.set_member(segment);
  }
  return slice;
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(time));
  return out;
}

int ExponentOf(const std::string& currency_code) {
  absl::StatusOr<int> exponent = MinorUnitExponent(currency_code);
  return exponent.ok() ? *exponent : 0;
}

std::string FeedsText(const av1::Freshness& freshness) {
  return absl::StrCat("feeds: orders at ", freshness.orders_position(), ", customers at ",
                      freshness.customers_position());
}

std::string PeriodText(const av1::Period& period) {
  return absl::StrCat(period.label(), " (", period.first_day(), "..", period.last_day(), ", ",
                      period.time_zone(), ")");
}

}  // namespace sales::salesctl
