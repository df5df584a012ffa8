// How incentives figures read on the command line: amounts in a target's or credit's unit
// (money with the currency's decimals, or a count), attainment in basis points as a
// percentage, rates in parts per million as a percentage, a statement line's rate and base
// in the unit its kind gives them; and parsing the percentages, owners and names people type.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sales/incentives/v1/statement.pb.h"

namespace sales::salesctl {

namespace iv1 = ::sales::incentives::v1;

// Minor units of `currency_code` as decimals ("12.34"); a plain count when the code is empty
// (units, new customers).
std::string AmountText(int64_t amount, const std::string& currency_code);

// Basis points as a percentage with two decimals, exactly: 10400 -> "104.00%".
std::string BpText(int64_t bp);

// Parts per million as a percentage, exactly, without trailing zeros: 50000 -> "5%",
// 12345 -> "1.2345%".
std::string PpmText(int64_t ppm);

// A statement line's rate as its kind reads it: a percentage for a commission, money per unit
// for a SPIFF, "/N days" for an allowance, "" otherwise.
std::string LineRateText(const iv1::StatementLine& line, int exponent);
// A statement line's base: money for a commission, units for a SPIFF, days for an allowance,
// attainment as a percentage for a bonus, "" for the rest.
std::string LineBaseText(const iv1::StatementLine& line, int exponent);
// The line kind without its prefix, in lower case ("commission", "draw_recovery").
std::string LineKindText(iv1::LineKind kind);

// A percentage as typed ("5", "5%", "2.5%", "-1%" refused) scaled exactly to `decimals`
// places: ParsePercent("--rate", "2.5%", 4) -> 25000 (parts per million). INVALID_ARGUMENT
// naming `field` for anything else or more decimals than `decimals`.
absl::StatusOr<int64_t> ParsePercent(absl::string_view field, absl::string_view text, int decimals);

// An owner as typed: "company", or "teams/3" / "reps/li" as given. INVALID_ARGUMENT naming
// `field` for anything else.
absl::StatusOr<std::string> ParseOwner(absl::string_view field, absl::string_view text);

// A rep as typed: "reps/li" as given, a bare id "li" completed to "reps/li" (rep ids are not
// numbers, so ResourceName would leave them alone).
std::string RepName(absl::string_view text);

// A month "YYYY-MM", a quarter "YYYY-Qn" or a year "YYYY" as the incentives service names
// periods (q in either case, answered upper case); with `months_only` only a month.
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseIncentivesPeriod(absl::string_view field, absl::string_view text,
                                                  bool months_only = false);

}  // namespace sales::salesctl
