// The period and slice flags of the analytics commands: which period an answer should cover
// (--period/--at, or --from/--to for a custom range of days; a command may rename them, e.g.
// --base_at for a bridge's base period), which slice (--channel, --region, ...), and what
// every analytics answer says it covers (feed positions, the currency's decimals).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/kpi.pb.h"
#include "tools/salesctl/cli_context.h"

namespace sales::salesctl {

namespace av1 = ::sales::analytics::v1;

// The names the period flags go by in one command.
struct PeriodFlagNames final {
  std::string period = "--period";
  std::string at = "--at";
  std::string from = "--from";
  std::string to = "--to";
};

// The period flags as typed.
struct PeriodFlags final {
  std::string period, at, from, to;
};

// Registers the four flags under `names`; `what` opens each description ("the period of the
// KPIs (default: this month)").
void AddPeriodFlags(CLI::App* cmd, PeriodFlags& flags, const PeriodFlagNames& names,
                    const std::string& what);

// The PeriodSpec the flags ask for, and with --at the day that must lie inside the answer.
struct RequestedPeriod final {
  av1::PeriodSpec spec;
  std::optional<absl::CivilDay> inside;
};

// --from/--to: a custom range of days (neither --period nor --at with them). Otherwise the
// calendar period of --period (default: `default_granularity`, or the kind of --at's label)
// holding --at (default: now, which leaves the spec's time unset). INVALID_ARGUMENT naming
// the flag. With --at the time sent is noon UTC of the label's middle day; the answer must
// then be checked with RespecInZone.
absl::StatusOr<RequestedPeriod> ReadPeriodFlags(
    const PeriodFlags& flags, const PeriodFlagNames& names = {},
    av1::Granularity default_granularity = av1::GRANULARITY_MONTH);

// The client does not know the business time zone the service cuts periods in. Noon UTC of
// a label's middle day lies inside its week, month, quarter or year in every zone, and inside
// the day in zones from UTC-12 to UTC+11. When the `answered` period does not hold
// `requested.inside`, returns the spec again at noon of that day in the answer's zone, to ask
// once more; nullopt when the answer is right. FAILED_PRECONDITION when this machine does not
// know the zone.
absl::StatusOr<std::optional<av1::PeriodSpec>> RespecInZone(const RequestedPeriod& requested,
                                                            const av1::Period& answered);

// Calls `method` with `request` for `period` (the request's `period` field) and, when the
// answer's `period` does not hold the day --at named, once more as RespecInZone says.
template <class Stub, class Req, class Resp>
absl::Status InvokeForPeriod(CliContext& ctx,
                             grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                             Req request, const RequestedPeriod& period, Resp* response) {
  *request.mutable_period() = period.spec;
  if (absl::Status status = ctx.Invoke(method, request, response); !status.ok()) return status;
  absl::StatusOr<std::optional<av1::PeriodSpec>> again = RespecInZone(period, response->period());
  if (!again.ok()) return again.status();
  if (!again->has_value()) return absl::OkStatus();
  *request.mutable_period() = **again;
  response->Clear();
  return ctx.Invoke(method, request, response);
}

// The slice flags; at most one may be given.
struct SliceFlags final {
  std::string channel, region, product, category, rep, tier, segment;
};

void AddSliceFlags(CLI::App* cmd, SliceFlags& flags);

// The slice the flags name (the whole company when none); INVALID_ARGUMENT naming the flag.
absl::StatusOr<av1::Slice> ReadSlice(const SliceFlags& flags);

// `time` as a protobuf Timestamp (whole seconds).
google::protobuf::Timestamp ToTimestamp(absl::Time time);

// The currency's minor-unit exponent; 0 for a code this build does not know.
int ExponentOf(const std::string& currency_code);

// "feeds: orders at 12, customers at 7".
std::string FeedsText(const av1::Freshness& freshness);

// "2026-10 (2026-10-01..2026-10-31, Asia/Shanghai)".
std::string PeriodText(const av1::Period& period);

}  // namespace sales::salesctl
