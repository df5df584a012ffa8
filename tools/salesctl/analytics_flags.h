// What the analytics commands share: the slice flags (--channel, --region, --product,
// --category, --rep; at most one), the currency's exponent for money text, and the line
// saying which feed positions an answer includes.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "absl/status/statusor.h"
#include "tools/salesctl/cli_context.h"

namespace sales::salesctl {

struct SliceFlags final {
  std::string channel, region, product, category, rep;
};

void AddSliceFlags(CLI::App* cmd, SliceFlags& f);

// The slice the flags name (the whole company when none is given); INVALID_ARGUMENT naming
// the second flag when two are given.
absl::StatusOr<av1::Slice> ReadSlice(const SliceFlags& f);

// The currency's minor-unit exponent; 0 for a code this build does not know.
int ExponentOf(const std::string& currency_code);

// "feeds: orders at N, customers at M".
std::string FeedsText(const av1::Freshness& freshness);

}  // namespace sales::salesctl
