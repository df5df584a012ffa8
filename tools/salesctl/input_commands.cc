// salesctl analytics spend|market-size|visits: analytics' own inputs, each for a range of
// days, replacing what was recorded for those days before: marketing spend per channel (for
// CAC), market size per region (for market share) and site visits per channel (for visitor
// conversion).
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "sales/orders/v1/order.pb.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

// The flags every input takes: what (a channel or a region), which days, how much.
struct InputFlags final {
  std::string key, from, to, amount;
  int64_t visits = -1;
};

// --from and --to as "YYYY-MM-DD", checked as days of the calendar and in order.
absl::Status ReadDays(const InputFlags& f, std::string* first_day, std::string* last_day) {
  absl::StatusOr<absl::CivilDay> first = ParseDay("--from", f.from);
  if (!first.ok()) return first.status();
  absl::StatusOr<absl::CivilDay> last = ParseDay("--to", f.to);
  if (!last.ok()) return last.status();
  if (*last < *first) return InvalidField("--to", "must not be before --from");
  *first_day = DayText(*first);
  *last_day = DayText(*last);
  return absl::OkStatus();
}

// "web" or "CHANNEL_WEB" -> "CHANNEL_WEB", as the input requests name channels.
absl::StatusOr<std::string> ReadChannel(const std::string& text) {
  absl::StatusOr<ov1::Channel> channel = ParseEnum<ov1::Channel>("--channel", text);
  if (!channel.ok()) return channel.status();
  return ov1::Channel_Name(*channel);
}

View<av1::RecordedInput> RecordedView(const CliContext& ctx) {
  return {
      {"KIND", [](const av1::RecordedInput& r) { return r.kind(); }},
      {"FOR", [](const av1::RecordedInput& r) { return r.key(); }},
      {"FIRST DAY", [](const av1::RecordedInput& r) { return r.first_day(); }},
      {"LAST DAY", [](const av1::RecordedInput& r) { return r.last_day(); }},
      Right<av1::RecordedInput>("TOTAL",
                                [&ctx](const av1::RecordedInput& r) {
                                  if (r.currency_code().empty()) return absl::StrCat(r.amount());
                                  common::v1::Money money;
                                  money.set_currency_code(r.currency_code());
                                  money.set_minor_units(r.amount());
                                  return ctx.MoneyText(money);
                                }),
      {"UNIT",
       [](const av1::RecordedInput& r) {
         return r.currency_code().empty() ? std::string("visits") : r.currency_code();
       }},
  };
}

void AddDayFlags(CLI::App* cmd, InputFlags& f) {
  cmd->add_option("--from", f.from, "first day, YYYY-MM-DD in the business time zone")->required();
  cmd->add_option("--to", f.to, "last day, inclusive")->required();
}

}  // namespace

void RegisterInputCommands(CLI::App& analytics_group, CliContext& ctx) {
  {
    auto f = std::make_shared<InputFlags>();
    CLI::App* cmd = AddCommand(
        analytics_group, ctx, "spend",
        "Record the marketing spend of a channel over a range of days (spread evenly over its "
        "days; replaces what was recorded for them); CAC divides it by new customers",
        "salesctl analytics spend --channel web --from 2026-10-01 --to 2026-10-31 --amount "
        "12000.00",
        [&ctx, f]() -> absl::Status {
          av1::RecordMarketingSpendRequest req;
          absl::StatusOr<std::string> channel = ReadChannel(f->key);
          if (!channel.ok()) return channel.status();
          req.set_channel(*channel);
          RETURN_IF_ERROR(ReadDays(*f, req.mutable_first_day(), req.mutable_last_day()));
          absl::StatusOr<common::v1::Money> amount = ctx.ParseMoney("--amount", f->amount);
          if (!amount.ok()) return amount.status();
          *req.mutable_amount() = *amount;
          req.set_request_id(ctx.RequestId());
          av1::RecordedInput recorded;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::RecordMarketingSpend, req, &recorded));
          PrintItem(ctx, RecordedView(ctx), recorded);
          return absl::OkStatus();
        });
    cmd->add_option("--channel", f->key, "the sales channel: " + EnumChoices<ov1::Channel>())
        ->required();
    AddDayFlags(cmd, *f);
    cmd->add_option("--amount", f->amount, "spent over the range, e.g. 12000.00, not negative")
        ->required();
  }
  {
    auto f = std::make_shared<InputFlags>();
    CLI::App* cmd = AddCommand(
        analytics_group, ctx, "market-size",
        "Record the market size (the whole market's sales) of a region over a range of days; "
        "market share divides revenue by it",
        "salesctl analytics market-size --region north --from 2026-01-01 --to 2026-12-31 "
        "--amount 50000000.00",
        [&ctx, f]() -> absl::Status {
          av1::RecordMarketSizeRequest req;
          if (f->key.empty()) return InvalidField("--region", "must not be empty");
          req.set_region(f->key);
          RETURN_IF_ERROR(ReadDays(*f, req.mutable_first_day(), req.mutable_last_day()));
          absl::StatusOr<common::v1::Money> amount = ctx.ParseMoney("--amount", f->amount);
          if (!amount.ok()) return amount.status();
          *req.mutable_amount() = *amount;
          req.set_request_id(ctx.RequestId());
          av1::RecordedInput recorded;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::RecordMarketSize, req, &recorded));
          PrintItem(ctx, RecordedView(ctx), recorded);
          return absl::OkStatus();
        });
    cmd->add_option("--region", f->key, "the region code, as on orders, e.g. north")->required();
    AddDayFlags(cmd, *f);
    cmd->add_option("--amount", f->amount, "the market's sales over the range, positive")
        ->required();
  }
  {
    auto f = std::make_shared<InputFlags>();
    CLI::App* cmd = AddCommand(
        analytics_group, ctx, "visits",
        "Record the site visits of a channel over a range of days; visitor conversion divides "
        "orders by them",
        "salesctl analytics visits --channel web --from 2026-10-01 --to 2026-10-31 --visits "
        "48000",
        [&ctx, f]() -> absl::Status {
          av1::RecordSiteVisitsRequest req;
          absl::StatusOr<std::string> channel = ReadChannel(f->key);
          if (!channel.ok()) return channel.status();
          req.set_channel(*channel);
          RETURN_IF_ERROR(ReadDays(*f, req.mutable_first_day(), req.mutable_last_day()));
          if (f->visits < 0) return InvalidField("--visits", "must not be negative");
          req.set_visits(f->visits);
          req.set_request_id(ctx.RequestId());
          av1::RecordedInput recorded;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::RecordSiteVisits, req, &recorded));
          PrintItem(ctx, RecordedView(ctx), recorded);
          return absl::OkStatus();
        });
    cmd->add_option("--channel", f->key, "the sales channel: " + EnumChoices<ov1::Channel>())
        ->required();
    AddDayFlags(cmd, *f);
    cmd->add_option("--visits", f->visits, "visits over the range, not negative")->required();
  }
}

}  // namespace sales::salesctl
