// salesctl bridge: the revenue change between two periods as the steps that add up to it
// exactly (new customers, lost customers, price, volume, mix), in the deployment currency,
// with the rounding rule the service states.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

// What RevenueBridge's comment states, in a line.
constexpr char kRoundingRule[] =
    "rounding: price per product and volume are rounded half away from zero to a minor unit; "
    "mix is the rest of the change of customers buying in both periods, so it absorbs the "
    "rounding and the steps add up exactly";

struct BridgeFlags final {
  PeriodFlags current;
  PeriodFlags base;
  SliceFlags slice;
};

const PeriodFlagNames& BaseNames() {
  static const PeriodFlagNames* const kNames =
      new PeriodFlagNames{"--base_period", "--base_at", "--base_from", "--base_to"};
  return *kNames;
}

// Asks for the bridge; when a label given with --at or --base_at fell outside the answered
// period (a zone far from UTC), asks again at noon of that day in the service's zone.
absl::StatusOr<av1::RevenueBridge> AskBridge(CliContext& ctx, const RequestedPeriod& current,
                                             const std::optional<RequestedPeriod>& base,
                                             const av1::Slice& slice) {
  av1::GetRevenueBridgeRequest req;
  *req.mutable_slice() = slice;
  *req.mutable_period() = current.spec;
  if (base.has_value()) *req.mutable_base() = base->spec;
  av1::RevenueBridge bridge;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRevenueBridge, req, &bridge));
  absl::StatusOr<std::optional<av1::PeriodSpec>> again_current =
      RespecInZone(current, bridge.period());
  if (!again_current.ok()) return again_current.status();
  absl::StatusOr<std::optional<av1::PeriodSpec>> again_base = std::optional<av1::PeriodSpec>();
  if (base.has_value()) again_base = RespecInZone(*base, bridge.base());
  if (!again_base.ok()) return again_base.status();
  if (!again_current->has_value() && !again_base->has_value()) return bridge;
  if (again_current->has_value()) *req.mutable_period() = **again_current;
  if (again_base->has_value()) *req.mutable_base() = **again_base;
  bridge.Clear();
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRevenueBridge, req, &bridge));
  return bridge;
}

void PrintBridge(CliContext& ctx, const av1::RevenueBridge& bridge) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(bridge) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "revenue bridge from " << PeriodText(bridge.base()) << " to "
              << PeriodText(bridge.period()) << ", " << SliceText(bridge.slice())
              << ", revenue net of discounts and refunds, amounts in " << bridge.currency_code()
              << "; " << FeedsText(bridge.freshness()) << "\n";
  }
  const int exponent = ExponentOf(bridge.currency_code());
  TablePrinter table({{"STEP"},
                      {"AMOUNT", TablePrinter::Align::kRight},
                      {"RUNNING TOTAL", TablePrinter::Align::kRight}});
  const std::string base_text = FormatMinorUnits(bridge.base_revenue_minor(), exponent);
  table.AddRow({absl::StrCat("revenue ", bridge.base().label()), base_text, base_text});
  const std::pair<const char*, int64_t> steps[] = {
      {"new customers", bridge.new_customers_minor()},
      {"lost customers", bridge.lost_customers_minor()},
      {"price", bridge.price_minor()},
      {"volume", bridge.volume_minor()},
      {"mix", bridge.mix_minor()},
  };
  int64_t running = bridge.base_revenue_minor();
  for (const auto& [step, amount] : steps) {
    running += amount;
    table.AddRow({step, SignedMoneyText(amount, exponent), FormatMinorUnits(running, exponent)});
  }
  const std::string current_text = FormatMinorUnits(bridge.current_revenue_minor(), exponent);
  table.AddRow({absl::StrCat("revenue ", bridge.period().label()), current_text, current_text});
  table.AddRow({"change", SignedMoneyText(bridge.change_minor(), exponent), ""});
  table.Print(ctx.out());
  if (ctx.mode() == OutputMode::kTable) ctx.out() << kRoundingRule << "\n";
}

}  // namespace

void RegisterBridgeCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<BridgeFlags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "bridge",
      "The revenue change from a base period (default: the one before) to a period (default: "
      "this month), of the whole company or of a channel, region, product or category, as new "
      "customers, lost customers, price, volume and mix, which add up exactly to the change",
      "salesctl bridge --at 2026-10\n"
      "  salesctl bridge --at 2026-10 --category tea\n"
      "  salesctl bridge --period quarter --at 2026-Q3 --base_at 2025-Q3\n"
      "  salesctl bridge --from 2026-10-01 --to 2026-10-15 --base_from 2026-09-01 --base_to "
      "2026-09-15 --json",
      [&ctx, f]() -> absl::Status {
        absl::StatusOr<RequestedPeriod> current = ReadPeriodFlags(f->current);
        if (!current.ok()) return current.status();
        ASSIGN_OR_RETURN(const av1::Slice slice, ReadSlice(f->slice));
        std::optional<RequestedPeriod> base;
        const PeriodFlags& b = f->base;
        if (!b.period.empty() || !b.at.empty() || !b.from.empty() || !b.to.empty()) {
          // The base is cut like the current period unless --base_period says otherwise.
          PeriodFlags typed = b;
          if (typed.period.empty() && typed.from.empty() && typed.to.empty() &&
              current->spec.granularity() != av1::GRANULARITY_CUSTOM) {
            typed.period = GranularityText(current->spec.granularity());
          }
          absl::StatusOr<RequestedPeriod> read =
              ReadPeriodFlags(typed, BaseNames(), current->spec.granularity());
          if (!read.ok()) return read.status();
          if (!read->spec.has_time() && read->spec.granularity() != av1::GRANULARITY_CUSTOM) {
            return InvalidField("--base_at", "is required with --base_period (which period)");
          }
          base = *read;
        }
        absl::StatusOr<av1::RevenueBridge> bridge = AskBridge(ctx, *current, base, slice);
        if (!bridge.ok()) return bridge.status();
        PrintBridge(ctx, *bridge);
        return absl::OkStatus();
      });
  AddPeriodFlags(cmd, f->current, PeriodFlagNames{}, "the current period (default: this month)");
  AddPeriodFlags(cmd, f->base, BaseNames(),
                 "the base period (default: the one before the current)");
  AddSliceFlags(cmd, f->slice);
}

}  // namespace sales::salesctl
