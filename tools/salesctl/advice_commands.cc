// salesctl advice customer, advice summary and advice top: the next best actions of one
// customer (ranked by expected value, with the formula and the figures behind each), per
// RFM segment the actions and their total expected value, and the customers' top actions
// highest first.
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

// The flags every advice command shares: the as-of day, the RFM window and the policy.
struct AdviceFlags final {
  std::string as_of;
  int window_days = 0;
  std::optional<double> reward_uplift, win_back_rate, high_value_quantile, response_rate,
      offer_discount;
  std::optional<int> product_offers;
};

void AddAdviceFlags(CLI::App* cmd, AdviceFlags& f) {
  cmd->add_option("--as_of", f.as_of,
                  "last day of the RFM window and of the lifetime-value calibration, "
                  "YYYY-MM-DD (default: today)");
  cmd->add_option("--window_days", f.window_days, "RFM window in days (default 365)");
  cmd->add_option("--reward_uplift", f.reward_uplift,
                  "share of a champion's CLV a reward adds (default 0.05)");
  cmd->add_option("--win_back_rate", f.win_back_rate,
                  "share of at-risk leavers a win-back brings back (default 0.10)");
  cmd->add_option("--high_value_quantile", f.high_value_quantile,
                  "CLV quantile from which a customer is of high value (default 0.75)");
  cmd->add_option("--response_rate", f.response_rate,
                  "share of hibernating customers taking up the offer (default 0.05)");
  cmd->add_option("--offer_discount", f.offer_discount,
                  "discount depth of the re-engagement offer, e.g. 0.15 (default: the stated "
                  "0.10, no price-sensitivity estimate being available)");
  cmd->add_option("--product_offers", f.product_offers,
                  "recommendation ranks considered for a product offer (default 3)");
}

absl::Status ReadAdviceFlags(const AdviceFlags& f, std::string* as_of_day, int32_t* window_days,
                             av1::AdvicePolicy* policy) {
  if (!f.as_of.empty()) {
    absl::StatusOr<absl::CivilDay> day = ParseDay("--as_of", f.as_of);
    if (!day.ok()) return day.status();
    *as_of_day = DayText(*day);
  }
  if (f.window_days < 0) return InvalidField("--window_days", "must not be negative");
  *window_days = f.window_days;
  if (f.reward_uplift) policy->set_reward_uplift(*f.reward_uplift);
  if (f.win_back_rate) policy->set_win_back_rate(*f.win_back_rate);
  if (f.high_value_quantile) policy->set_high_value_quantile(*f.high_value_quantile);
  if (f.response_rate) policy->set_re_engage_response_rate(*f.response_rate);
  if (f.offer_discount) policy->set_offer_discount(*f.offer_discount);
  if (f.product_offers) policy->set_product_offers(*f.product_offers);
  return absl::OkStatus();
}

// "reward_champion" for ACTION_KIND_REWARD_CHAMPION.
std::string KindText(av1::ActionKind kind) {
  std::string name = av1::ActionKind_Name(kind);
  constexpr absl::string_view kPrefix = "ACTION_KIND_";
  if (name.rfind(std::string(kPrefix), 0) == 0) name = name.substr(kPrefix.size());
  return absl::AsciiStrToLower(name);
}

absl::StatusOr<av1::ActionKind> ParseKind(const std::string& text) {
  if (text.empty()) return av1::ACTION_KIND_UNSPECIFIED;
  const std::string upper =
      absl::StrCat("ACTION_KIND_", absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}})));
  av1::ActionKind kind;
  if (!av1::ActionKind_Parse(upper, &kind) || kind == av1::ACTION_KIND_UNSPECIFIED) {
    return InvalidField("--kind", absl::StrCat("'", text,
                                               "' is not reward_champion, win_back, re_engage or "
                                               "offer_product"));
  }
  return kind;
}

void PrintBasis(CliContext& ctx, const av1::AdviceAssumptions& a, const av1::AdviceBasis& b) {
  const int exponent = ExponentOf(b.currency_code());
  ctx.out() << "advice as of " << b.as_of_day() << " over customers who bought from "
            << b.window_first_day() << " (" << b.time_zone() << "); amounts in "
            << b.currency_code() << ", expected values rounded half away from zero; "
            << FeedsText(b.freshness()) << "\n";
  ctx.out() << "lifetime value (BG/NBD + Gamma-Gamma, 12 months): "
            << (b.lifetime_value_fitted() ? "fitted" : "not fitted: " + b.lifetime_value_note())
            << "; recommender fitted at " << TimeText(b.recommender_fit_time()) << " over "
            << b.recommender_orders() << " orders\n";
  ctx.out() << "assumptions: reward uplift " << FigureText(a.reward_uplift()) << ", win-back rate "
            << FigureText(a.win_back_rate()) << ", high value from CLV "
            << (a.has_high_value_threshold_minor()
                    ? FormatMinorUnits(a.high_value_threshold_minor(), exponent)
                    : std::string("n/a"))
            << " (quantile " << FigureText(a.high_value_quantile()) << "), response rate "
            << FigureText(a.re_engage_response_rate()) << ", offer "
            << FigureText(a.offer_discount()) << " off (" << a.offer_discount_source() << ")\n";
  ctx.out() << "product offers by " << MethodText(b.offer_method()) << " ("
            << b.offer_method_reason() << ")\n";
  for (const std::string& formula : a.formulas()) ctx.out() << "  " << formula << "\n";
}

void PrintCustomerAdvice(CliContext& ctx, const av1::CustomerAdvice& advice) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(advice) << "\n";
    return;
  }
  const av1::CustomerActions& c = advice.customer_actions();
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << c.customer() << "\n";
    return;
  }
  const int exponent = ExponentOf(advice.basis().currency_code());
  PrintBasis(ctx, advice.assumptions(), advice.basis());
  ctx.out() << c.customer() << ": segment " << SegmentText(c.segment()) << " (R"
            << c.recency_score() << " F" << c.frequency_score() << " M" << c.monetary_score()
            << "), P(alive) "
            << (c.has_probability_alive() ? FigureText(c.probability_alive()) : "n/a")
            << ", 12-month CLV "
            << (c.has_lifetime_value_minor() ? FormatMinorUnits(c.lifetime_value_minor(), exponent)
                                             : "n/a")
            << "\n";
  TablePrinter table({{"ACTION"},
                      {"EXPECTED VALUE", TablePrinter::Align::kRight},
                      {"PRODUCT"},
                      {"NAME"},
                      {"FORMULA"},
                      {"REASON"}});
  for (const av1::CustomerAction& a : c.actions()) {
    table.AddRow({KindText(a.kind()), FormatMinorUnits(a.expected_value_minor(), exponent),
                  a.product(), a.product_display_name(), a.formula(), a.reason()});
  }
  table.Print(ctx.out());
}

void PrintSummary(CliContext& ctx, const av1::ActionSummary& s) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(s) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) return;
  const int exponent = ExponentOf(s.basis().currency_code());
  PrintBasis(ctx, s.assumptions(), s.basis());
  ctx.out() << s.customers() << " customers, " << s.customers_with_action()
            << " with a top action worth " << FormatMinorUnits(s.top_value_minor(), exponent)
            << " in all\n";
  TablePrinter table({{"SEGMENT"},
                      {"CUSTOMERS", TablePrinter::Align::kRight},
                      {"ACTION"},
                      {"CANDIDATES", TablePrinter::Align::kRight},
                      {"CANDIDATE EV", TablePrinter::Align::kRight},
                      {"TOP FOR", TablePrinter::Align::kRight},
                      {"TOP EV", TablePrinter::Align::kRight}});
  for (const av1::SegmentActions& seg : s.segments()) {
    if (seg.actions_size() == 0) {
      table.AddRow({SegmentText(seg.segment()), absl::StrCat(seg.customers()), "-", "0",
                    FormatMinorUnits(0, exponent), "0", FormatMinorUnits(0, exponent)});
      continue;
    }
    for (const av1::SegmentActionTotal& t : seg.actions()) {
      table.AddRow(
          {SegmentText(seg.segment()), absl::StrCat(seg.customers()), KindText(t.kind()),
           absl::StrCat(t.candidates()), FormatMinorUnits(t.candidate_value_minor(), exponent),
           absl::StrCat(t.top_customers()), FormatMinorUnits(t.top_value_minor(), exponent)});
    }
  }
  table.Print(ctx.out());
}

View<av1::TopAction> TopActionView(int exponent) {
  return {
      {"CUSTOMER", [](const av1::TopAction& t) { return t.customer(); }},
      {"SEGMENT", [](const av1::TopAction& t) { return SegmentText(t.segment()); }},
      {"ACTION", [](const av1::TopAction& t) { return KindText(t.action().kind()); }},
      Right<av1::TopAction>("EXPECTED VALUE",
                            [exponent](const av1::TopAction& t) {
                              return FormatMinorUnits(t.action().expected_value_minor(), exponent);
                            }),
      {"PRODUCT", [](const av1::TopAction& t) { return t.action().product(); }},
      {"NAME", [](const av1::TopAction& t) { return t.action().product_display_name(); }},
      {"REASON", [](const av1::TopAction& t) { return t.action().reason(); }},
  };
}

}  // namespace

void RegisterAdviceCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "advice",
                             "Next best actions: per customer, per RFM segment, and the "
                             "customers' top actions, ranked by expected value");

  auto one = std::make_shared<AdviceFlags>();
  auto customer = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(
      *group, ctx, "customer",
      "A customer's candidate actions, highest expected value first, with the formula and the "
      "figures (segment, CLV, P(alive), basket) behind each",
      "salesctl advice customer 42 --as_of 2026-11-30 --offer_discount 0.15",
      [&ctx, one, customer]() -> absl::Status {
        av1::GetCustomerActionsRequest req;
        req.set_customer(ResourceName("customers", *customer));
        int32_t window_days = 0;
        RETURN_IF_ERROR(
            ReadAdviceFlags(*one, req.mutable_as_of_day(), &window_days, req.mutable_policy()));
        req.set_window_days(window_days);
        av1::CustomerAdvice advice;
        RETURN_IF_ERROR(ctx.Invoke(&Stub::GetCustomerActions, req, &advice));
        PrintCustomerAdvice(ctx, advice);
        return absl::OkStatus();
      });
  cmd->add_option("customer", *customer, "the customer, an id or customers/{id}")->required();
  AddAdviceFlags(cmd, *one);

  auto summary = std::make_shared<AdviceFlags>();
  cmd = AddCommand(*group, ctx, "summary",
                   "Per RFM segment: the actions proposed, for how many customers, and their total "
                   "expected value (as candidates and as the customers' top actions)",
                   "salesctl advice summary --as_of 2026-11-30", [&ctx, summary]() -> absl::Status {
                     av1::GetActionSummaryRequest req;
                     int32_t window_days = 0;
                     RETURN_IF_ERROR(ReadAdviceFlags(*summary, req.mutable_as_of_day(),
                                                     &window_days, req.mutable_policy()));
                     req.set_window_days(window_days);
                     av1::ActionSummary out;
                     RETURN_IF_ERROR(ctx.Invoke(&Stub::GetActionSummary, req, &out));
                     PrintSummary(ctx, out);
                     return absl::OkStatus();
                   });
  AddAdviceFlags(cmd, *summary);

  auto top = std::make_shared<AdviceFlags>();
  auto segment = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>();
  cmd = AddCommand(
      *group, ctx, "top",
      "The customers' top actions, highest expected value first (--limit, default all)",
      "salesctl advice top --segment at_risk --limit 20\n"
      "  salesctl advice top --kind offer_product --json",
      [&ctx, top, segment, kind]() -> absl::Status {
        av1::ListTopActionsRequest req;
        int32_t window_days = 0;
        RETURN_IF_ERROR(
            ReadAdviceFlags(*top, req.mutable_as_of_day(), &window_days, req.mutable_policy()));
        req.set_window_days(window_days);
        req.set_segment(*segment);
        absl::StatusOr<av1::ActionKind> k = ParseKind(*kind);
        if (!k.ok()) return k.status();
        req.set_kind(*k);
        return ListPages(ctx, &Stub::ListTopActions, req, &av1::ListTopActionsResponse::top_actions,
                         TopActionView(ExponentOf(ctx.options().currency)));
      });
  AddAdviceFlags(cmd, *top);
  cmd->add_option("--segment", *segment,
                  "only this RFM segment: champions, loyal, at_risk, hibernating, ...");
  cmd->add_option("--kind", *kind,
                  "only this top action: reward_champion, win_back, re_engage or offer_product");
}

}  // namespace sales::salesctl
