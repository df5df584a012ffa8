#include "tools/salesctl/period_flags.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::salesctl {
namespace {

const PeriodFlagNames kBase{"--base_period", "--base_at", "--base_from", "--base_to"};

TEST(PeriodFlags, ALabelGivesItsKindAndNoonUtcOfItsMiddleDay) {
  absl::StatusOr<RequestedPeriod> p = ReadPeriodFlags({"", "2026-Q3", "", ""});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->spec.granularity(), av1::GRANULARITY_QUARTER);
  ASSERT_TRUE(p->inside.has_value());
  EXPECT_EQ(*p->inside, absl::CivilDay(2026, 8, 15));
  EXPECT_EQ(p->spec.time().seconds(), absl::ToUnixSeconds(absl::FromCivil(
                                          absl::CivilHour(2026, 8, 15, 12), absl::UTCTimeZone())));
  // No flag: the default granularity, now (no time sent).
  absl::StatusOr<RequestedPeriod> now = ReadPeriodFlags({}, {}, av1::GRANULARITY_ISO_WEEK);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->spec.granularity(), av1::GRANULARITY_ISO_WEEK);
  EXPECT_FALSE(now->spec.has_time());
  EXPECT_FALSE(now->inside.has_value());
}

TEST(PeriodFlags, ARangeOfDaysIsACustomPeriod) {
  absl::StatusOr<RequestedPeriod> p = ReadPeriodFlags({"", "", "2026-10-01", "2026-10-15"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->spec.granularity(), av1::GRANULARITY_CUSTOM);
  EXPECT_EQ(p->spec.first_day(), "2026-10-01");
  EXPECT_EQ(p->spec.last_day(), "2026-10-15");
}

TEST(PeriodFlags, ErrorsNameTheFlagAsTheCommandCallsIt) {
  const auto message = [](const PeriodFlags& f, const PeriodFlagNames& names) {
    absl::StatusOr<RequestedPeriod> p = ReadPeriodFlags(f, names);
    EXPECT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(p.status().message());
  };
  EXPECT_TRUE(absl::StartsWith(message({"", "2026-13", "", ""}, kBase), "--base_at: "));
  EXPECT_TRUE(absl::StartsWith(message({"fortnight", "", "", ""}, kBase), "--base_period: "));
  EXPECT_TRUE(absl::StartsWith(message({"", "", "2026-10-01", ""}, kBase), "--base_to: "));
  EXPECT_TRUE(absl::StartsWith(message({"", "", "", "2026-10-01"}, kBase), "--base_from: "));
  EXPECT_TRUE(
      absl::StartsWith(message({"", "", "2026-10-05", "2026-10-01"}, kBase), "--base_to: "));
  EXPECT_TRUE(
      absl::StartsWith(message({"month", "", "2026-10-01", "2026-10-05"}, kBase), "--base_from: "));
  EXPECT_TRUE(absl::StartsWith(message({"month", "2026-W42", "", ""}, {}), "--at: "));
}

TEST(PeriodFlags, AnAnswerOutsideTheLabelIsAskedAgainInTheServicesZone) {
  absl::StatusOr<RequestedPeriod> day = ReadPeriodFlags({"", "2026-10-15", "", ""});
  ASSERT_TRUE(day.ok());
  av1::Period answered;
  answered.set_first_day("2026-10-15");
  answered.set_last_day("2026-10-15");
  answered.set_time_zone("Pacific/Kiritimati");
  absl::StatusOr<std::optional<av1::PeriodSpec>> right = RespecInZone(*day, answered);
  ASSERT_TRUE(right.ok());
  EXPECT_FALSE(right->has_value());

  // UTC+14: noon UTC is already the next day there.
  answered.set_first_day("2026-10-16");
  answered.set_last_day("2026-10-16");
  absl::StatusOr<std::optional<av1::PeriodSpec>> again = RespecInZone(*day, answered);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(again->has_value());
  absl::TimeZone zone;
  ASSERT_TRUE(absl::LoadTimeZone("Pacific/Kiritimati", &zone));
  EXPECT_EQ((*again)->time().seconds(),
            absl::ToUnixSeconds(absl::FromCivil(absl::CivilHour(2026, 10, 15, 12), zone)));
  EXPECT_EQ((*again)->granularity(), av1::GRANULARITY_DAY);

  answered.set_time_zone("Mars/Olympus");
  EXPECT_EQ(RespecInZone(*day, answered).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(PeriodFlags, AtMostOneSlice) {
  SliceFlags f;
  f.channel = "web";
  absl::StatusOr<av1::Slice> web = ReadSlice(f);
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(web->member(), "CHANNEL_WEB");
  f.rep = "r-1";
  absl::StatusOr<av1::Slice> two = ReadSlice(f);
  ASSERT_FALSE(two.ok());
  EXPECT_TRUE(absl::StartsWith(two.status().message(), "--rep: one slice at most"));
}

}  // namespace
}  // namespace sales::salesctl
