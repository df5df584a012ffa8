#include "tools/salesctl/statement_html.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/svg_charts.h"

namespace sales::salesctl {
namespace {

constexpr const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC',"
    "'Microsoft YaHei',sans-serif;color:#222;margin:0;background:#f4f5f7}"
    "main{max-width:60rem;margin:0 auto;padding:1.5rem;background:#fff}"
    "h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;border-bottom:2px solid #1f4e79;"
    "padding-bottom:.2rem;margin-top:1.8rem}"
    ".meta,.note{color:#666;font-size:.85rem}"
    "table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0}"
    "th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
    ".num{text-align:right;font-variant-numeric:tabular-nums}.neg{color:#c00000}"
    "dl.totals{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}"
    "dl.totals dt{color:#555}dl.totals dd{margin:0;font-variant-numeric:tabular-nums}"
    "tr.line>td{border-top:2px solid #bbb}table.trace{font-size:.8rem;margin:.2rem 0 .4rem}"
    "table.trace th{color:#555;font-weight:normal}"
    "tr.total th,tr.total td{font-weight:bold;border-top:2px solid #1f4e79}"
    "@media print{@page{size:A4;margin:14mm}body{background:#fff}"
    "main{max-width:none;padding:0}tr{break-inside:avoid}table{font-size:9pt}}";

class Page final {
 public:
  explicit Page(const StatementHtmlInput& in)
      : s_(in.statement), rep_(in.rep), exponent_(ExponentOf(in.statement.currency_code())) {}

  std::string Render() {
    const std::string who = rep_.display_name().empty()
                                ? s_.rep()
                                : absl::StrCat(rep_.display_name(), " (", s_.rep(), ")");
    absl::StrAppend(&out_, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
                    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
                    "<title>", EscapeHtml(absl::StrCat("Statement ", s_.period(), " — ", who)),
                    "</title><style>", kStyle, "</style></head><body><main>");
    Header(who);
    Lines();
    Notes();
    absl::StrAppend(&out_, "</main></body></html>\n");
    return out_;
  }

 private:
  // Money with its sign, in a cell that also holds the exact minor units.
  std::string MoneyCell(int64_t minor) const {
    return absl::StrCat("<td class=\"num", minor < 0 ? " neg" : "", "\" data-minor=\"", minor,
                        "\">", EscapeHtml(FormatMinorUnits(minor, exponent_)), "</td>");
  }

  void Header(const std::string& who) {
    absl::StrAppend(&out_, "<header><h1>Commission statement <span data-period=\"",
                    EscapeHtml(s_.period()), "\">", EscapeHtml(s_.period()), "</span></h1>",
                    "<p data-rep=\"", EscapeHtml(s_.rep()), "\">", EscapeHtml(who),
                    rep_.team().empty() ? "" : absl::StrCat(" · team ", EscapeHtml(rep_.team())),
                    "</p><p class=\"meta\">", EscapeHtml(s_.name()),
                    " · plan version <span "
                    "data-plan-version=\"",
                    EscapeHtml(s_.plan_version()), "\">", EscapeHtml(s_.plan_version()),
                    "</span> · amounts in ", EscapeHtml(s_.currency_code()), " · ");
    if (s_.locked()) {
      absl::StrAppend(
          &out_, "<strong data-locked=\"true\">locked ",
          absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(s_.lock_time().seconds()),
                           absl::UTCTimeZone()),
          "</strong>: this statement no longer changes");
    } else {
      absl::StrAppend(&out_,
                      "<strong data-locked=\"false\">open</strong>: computed live from the "
                      "credits applied so far; it may change until the month is locked");
    }
    absl::StrAppend(&out_,
                    "</p></header><section id=\"totals\"><h2>Totals</h2><dl class=\"totals\">");
    const auto row = [&](const char* id, const std::string& label, const std::string& value,
                         int64_t exact) {
      absl::StrAppend(&out_, "<dt>", EscapeHtml(label), "</dt><dd id=\"", id, "\" data-value=\"",
                      exact, "\">", EscapeHtml(value), "</dd>");
    };
    row("target", "Target", FormatMinorUnits(s_.target(), exponent_), s_.target());
    row("achieved", "Achieved (what counts toward attainment under the plan's clawback policy)",
        FormatMinorUnits(s_.achieved(), exponent_), s_.achieved());
    row("attainment", "Attainment (achieved / target, rounded down to 0.01%)",
        s_.target() == 0 ? "no target set (0%)" : BpText(s_.attainment_bp()), s_.attainment_bp());
    row("plan-days", "Days of the month on this plan", absl::StrCat(s_.plan_days()),
        s_.plan_days());
    row("total", "Total pay", FormatMinorUnits(s_.total(), exponent_), s_.total());
    if (s_.draw_balance() != 0) {
      row("draw-balance", "Recoverable draw still owed",
          FormatMinorUnits(s_.draw_balance(), exponent_), s_.draw_balance());
    }
    absl::StrAppend(&out_, "</dl></section>");
  }

  void Trace(const iv1::StatementLine& l) {
    if (l.credits().empty()) return;
    const bool units = l.kind() == iv1::LINE_KIND_SPIFF;
    absl::StrAppend(&out_, "<tr class=\"trace\"><td></td><td colspan=\"6\"><table class=\"trace\">",
                    "<thead><tr><th>credit</th><th>order</th><th>day</th><th class=\"num\">",
                    units ? "units" : "base", "</th><th>reverses</th></tr></thead><tbody>");
    for (const iv1::LineCredit& c : l.credits()) {
      absl::StrAppend(&out_, "<tr data-credit=\"", EscapeHtml(c.credit()), "\" data-order=\"",
                      EscapeHtml(c.order()), "\"><td>", EscapeHtml(c.credit()), "</td><td>",
                      EscapeHtml(c.order()), "</td><td>", EscapeHtml(c.day()), "</td>");
      if (units) {
        absl::StrAppend(&out_, "<td class=\"num\" data-units=\"", c.base(), "\">", c.base(),
                        "</td>");
      } else {
        absl::StrAppend(&out_, MoneyCell(c.base()));
      }
      absl::StrAppend(
          &out_, "<td>",
          c.reverses().empty() ? "" : absl::StrCat("reversal of ", EscapeHtml(c.reverses())),
          "</td></tr>");
    }
    absl::StrAppend(&out_, "</tbody></table></td></tr>");
  }

  void Lines() {
    absl::StrAppend(&out_,
                    "<section id=\"lines\"><h2>Lines</h2><table class=\"lines\"><thead><tr>"
                    "<th>component</th><th>kind</th><th class=\"num\">tier</th>"
                    "<th class=\"num\">rate</th><th class=\"num\">base</th>"
                    "<th class=\"num\">amount</th><th>how</th></tr></thead><tbody>");
    int index = 0;
    for (const iv1::StatementLine& l : s_.lines()) {
      ++index;
      std::string how = EscapeHtml(l.explanation());
      if (l.kind() == iv1::LINE_KIND_ADJUSTMENT) {
        absl::StrAppend(&how, how.empty() ? "" : "<br>",
                        "corrects the locked statement <span "
                        "data-adjusts=\"",
                        EscapeHtml(l.adjusts()), "\">", EscapeHtml(l.adjusts()),
                        "</span>, caused by the credits below");
      }
      if (l.plan_version() != s_.plan_version() && !l.plan_version().empty()) {
        absl::StrAppend(&how, "<br>priced by ", EscapeHtml(l.plan_version()));
      }
      absl::StrAppend(&out_, "<tr class=\"line\" data-line=\"", index, "\" data-kind=\"",
                      LineKindText(l.kind()), "\" data-component=\"", EscapeHtml(l.component()),
                      "\" data-amount=\"", l.amount(), "\"><td>",
                      EscapeHtml(l.component().empty() ? "-" : l.component()), "</td><td>",
                      EscapeHtml(LineKindText(l.kind())), "</td><td class=\"num\">",
                      l.tier() == 0 ? "" : absl::StrCat(l.tier()), "</td><td class=\"num\">",
                      EscapeHtml(LineRateText(l, exponent_)), "</td><td class=\"num\">",
                      EscapeHtml(LineBaseText(l, exponent_)), "</td>", MoneyCell(l.amount()),
                      "<td>", how, "</td></tr>");
      Trace(l);
    }
    absl::StrAppend(&out_, "<tr class=\"total\"><th colspan=\"5\">Total</th>",
                    MoneyCell(s_.total()), "<td></td></tr></tbody></table></section>");
  }

  void Notes() {
    absl::StrAppend(
        &out_,
        "<section id=\"notes\"><h2>How to read this</h2><ul class=\"note\">"
        "<li id=\"rounding\">Every line's amount is rounded once, half away from zero, to a "
        "minor unit (plan.proto); the total is the exact sum of the lines.</li>"
        "<li>Rates are of the base: a commission's rate is a percentage of the credited base; "
        "a SPIFF pays per unit sold (returned units deducted); an allowance is prorated by the "
        "days of the month on the plan.</li>"
        "<li>Each credit is your share of an order's revenue (or margin) by the order's split; "
        "a reversal (a return or a cancellation after completion) is negative and names the "
        "credit it reverses.</li>"
        "<li>Attainment is achieved / target in basis points, rounded down.</li></ul></section>");
  }

  const iv1::Statement& s_;
  const iv1::Rep& rep_;
  const int exponent_;
  std::string out_;
};

}  // namespace

std::string RenderStatementHtml(const StatementHtmlInput& input) { return Page(input).Render(); }

}  // namespace sales::salesctl
