#include "tools/salesctl/incentives_text.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {

std::string AmountText(int64_t amount, const std::string& currency_code) {
  if (currency_code.empty()) return absl::StrCat(amount);
  return FormatMinorUnits(amount, ExponentOf(currency_code));
}

std::string BpText(int64_t bp) { return absl::StrCat(FormatMinorUnits(bp, 2), "%"); }

std::string PpmText(int64_t ppm) {
  // 1% is 10,000 ppm: four decimals of a percentage, trailing zeros dropped.
  std::string text = FormatMinorUnits(ppm, 4);
  while (absl::StrContains(text, ".") && (text.back() == '0' || text.back() == '.')) {
    const bool dot = text.back() == '.';
    text.pop_back();
    if (dot) break;
  }
  return absl::StrCat(text, "%");
}

std::string LineRateText(const iv1::StatementLine& line, int exponent) {
  switch (line.kind()) {
    case iv1::LINE_KIND_COMMISSION:
      return PpmText(line.rate_ppm());
    case iv1::LINE_KIND_SPIFF:
      return absl::StrCat(FormatMinorUnits(line.rate_ppm(), exponent), "/unit");
    case iv1::LINE_KIND_ALLOWANCE:
      return absl::StrCat("/", line.rate_ppm(), " days");
    case iv1::LINE_KIND_UNSPECIFIED:
    case iv1::LINE_KIND_CAP:
    case iv1::LINE_KIND_BONUS:
    case iv1::LINE_KIND_DRAW:
    case iv1::LINE_KIND_DRAW_RECOVERY:
    case iv1::LINE_KIND_ADJUSTMENT:
    default:
      return "";
  }
}

std::string LineBaseText(const iv1::StatementLine& line, int exponent) {
  switch (line.kind()) {
    case iv1::LINE_KIND_COMMISSION:
      return FormatMinorUnits(line.base(), exponent);
    case iv1::LINE_KIND_SPIFF:
      return absl::StrCat(line.base(), " units");
    case iv1::LINE_KIND_ALLOWANCE:
      return absl::StrCat(line.base(), " days");
    case iv1::LINE_KIND_BONUS:
      return BpText(line.base());
    case iv1::LINE_KIND_UNSPECIFIED:
    case iv1::LINE_KIND_CAP:
    case iv1::LINE_KIND_DRAW:
    case iv1::LINE_KIND_DRAW_RECOVERY:
    case iv1::LINE_KIND_ADJUSTMENT:
    default:
      return line.base() == 0 ? "" : FormatMinorUnits(line.base(), exponent);
  }
}

std::string LineKindText(iv1::LineKind kind) { return EnumText(kind); }

absl::StatusOr<int64_t> ParsePercent(absl::string_view field, absl::string_view text,
                                     int decimals) {
  const auto bad = [&] {
    return InvalidField(field, absl::StrCat("'", std::string(text),
                                            "' is not a percentage of 0 or more with at most ",
                                            decimals, " decimals, e.g. 5% or 2.5%"));
  };
  absl::string_view number = text;
  if (absl::EndsWith(number, "%")) number.remove_suffix(1);
  const size_t dot = number.find('.');
  const absl::string_view whole = number.substr(0, dot);
  const absl::string_view fraction =
      dot == absl::string_view::npos ? absl::string_view() : number.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || static_cast<int>(fraction.size()) > decimals ||
      (dot != absl::string_view::npos && fraction.empty())) {
    return bad();
  }
  int64_t value = 0;
  for (char c : whole) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return bad();
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < decimals; ++i) {
    const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return bad();
    value = value * 10 + (c - '0');
  }
  return value;
}

absl::StatusOr<std::string> ParseOwner(absl::string_view field, absl::string_view text) {
  if (text == "company") return std::string("company");
  for (absl::string_view prefix : {"teams/", "reps/"}) {
    if (absl::StartsWith(text, prefix) && text.size() > prefix.size()) return std::string(text);
  }
  return InvalidField(
      field, absl::StrCat("'", std::string(text), "' is none of company, teams/{id}, reps/{id}"));
}

std::string RepName(absl::string_view text) {
  return absl::StrContains(text, "/") ? std::string(text) : absl::StrCat("reps/", text);
}

absl::StatusOr<std::string> ParseIncentivesPeriod(absl::string_view field, absl::string_view text,
                                                  bool months_only) {
  const std::string upper = absl::AsciiStrToUpper(text);
  absl::StatusOr<PeriodLabel> label = ParsePeriodLabel(field, upper);
  const bool fits =
      label.ok() && (label->granularity == av1::GRANULARITY_MONTH ||
                     (!months_only && (label->granularity == av1::GRANULARITY_QUARTER ||
                                       label->granularity == av1::GRANULARITY_YEAR)));
  if (!fits) {
    return InvalidField(field,
                        absl::StrCat("'", std::string(text), "' is not ",
                                     months_only ? "a month YYYY-MM"
                                                 : "a month YYYY-MM, a quarter YYYY-Qn or a year "
                                                   "YYYY"));
  }
  return label->label;
}

}  // namespace sales::salesctl
