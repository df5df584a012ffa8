// salesctl rep-activity, lead-model, lead-scores, affinity and recommend: prediction from
// analytics (interactions per rep and activity-to-win conversion, the lead scoring model with
// its holdout against the stage baseline, open leads scored, products bought together, and
// recommendations (item-to-item, or the most popular products when they do better on the
// holdout) with the served method, why, and the holdout against the most popular products).
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/json_output.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;
using Align = TablePrinter::Align;

std::optional<double> OptionalOf(bool has, double value) {
  return has ? std::optional(value) : std::nullopt;
}

std::string FigureOr(bool has, double value) { return has ? FigureText(value) : kAbsent; }

// "INTERACTION_KIND_CALL" -> "call".
std::string KindText(const std::string& kind) {
  const std::string prefix = "INTERACTION_KIND_";
  std::string out = kind.rfind(prefix, 0) == 0 ? kind.substr(prefix.size()) : kind;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void PrintRepActivity(CliContext& ctx, const av1::RepActivityReport& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "rep activity of " << PeriodText(r.period()) << "\n";
  }
  TablePrinter table({{"REP"},
                      {"INTERACTIONS", Align::kRight},
                      {"BY KIND"},
                      {"ABOUT LEADS", Align::kRight},
                      {"LEADS WON", Align::kRight},
                      {"WON PER INTERACTION", Align::kRight},
                      {"WON WITH INTERACTION", Align::kRight}});
  auto row = [&](const std::string& rep, const av1::RepActivity& a) {
    std::vector<std::string> kinds;
    for (const av1::InteractionKindCount& k : a.by_kind()) {
      kinds.push_back(absl::StrCat(KindText(k.kind()), " ", k.interactions()));
    }
    table.AddRow({rep, absl::StrCat(a.interactions()), absl::StrJoin(kinds, ", "),
                  absl::StrCat(a.lead_interactions()), absl::StrCat(a.leads_won()),
                  FigureOr(a.has_leads_won_per_interaction(), a.leads_won_per_interaction()),
                  PercentText(OptionalOf(a.has_won_with_interaction_share(),
                                         a.won_with_interaction_share()))});
  };
  for (const av1::RepActivity& a : r.reps()) row(a.rep().empty() ? "(no rep)" : a.rep(), a);
  row("total", r.total());
  table.Print(ctx.out());
}

void PrintAccuracyRow(TablePrinter& table, const std::string& what, const av1::ScoringAccuracy& a) {
  table.AddRow({what, FigureOr(a.has_auc(), a.auc()), FigureText(a.brier_score())});
}

void PrintLeadModel(CliContext& ctx, const av1::LeadScoringModel& m) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(m) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << m.method() << "\n"
              << m.closed_leads() << " closed leads (" << m.closed_won()
              << " won): " << m.training_leads() << " to fit, " << m.holdout_leads()
              << " held out (" << m.holdout_won() << " won); " << m.verdict() << "\n\n";
  }
  TablePrinter accuracy({{"ON THE HOLDOUT"}, {"AUC", Align::kRight}, {"BRIER", Align::kRight}});
  PrintAccuracyRow(accuracy, "model", m.model_accuracy());
  PrintAccuracyRow(accuracy, "stage baseline", m.baseline_accuracy());
  accuracy.Print(ctx.out());
  if (ctx.mode() != OutputMode::kTable) return;
  ctx.out() << "\n";
  TablePrinter coefficients(
      {{"FEATURE"}, {"COEFFICIENT", Align::kRight}, {"STD ERROR", Align::kRight}});
  for (const av1::LeadScoringCoefficient& c : m.coefficients()) {
    coefficients.AddRow({c.feature(), FigureText(c.coefficient()), FigureText(c.standard_error())});
  }
  coefficients.Print(ctx.out());
}

std::vector<Column<av1::LeadScore>> LeadScoreView() {
  using T = av1::LeadScore;
  return {
      {"LEAD", [](const T& s) { return s.lead(); }},
      Right<T>("PROBABILITY", [](const T& s) { return PercentText(s.probability()); }),
      Right<T>("STAGE BASELINE", [](const T& s) { return PercentText(s.stage_probability()); }),
      {"STAGE", [](const T& s) { return LeadStageText(s.stage()); }},
      {"OWNER", [](const T& s) { return s.owner_rep(); }},
      Right<T>("AGE (DAYS)", [](const T& s) { return FigureText(s.age_days(), 3); }),
      {"TOP FEATURES",
       [](const T& s) {
         std::vector<std::string> parts;
         for (const av1::FeatureContribution& f : s.top_features()) {
           parts.push_back(absl::StrCat(f.feature(), " ", FigureText(f.contribution(), 3)));
         }
         return absl::StrJoin(parts, ", ");
       }},
  };
}

void PrintAffinity(CliContext& ctx, const av1::ProductAffinity& a) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(a) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "products bought together in " << PeriodText(a.period()) << ": " << a.orders()
              << " orders, " << a.matching_pairs() << " pairs kept\n";
  }
  TablePrinter table({{"PRODUCT A"},
                      {"NAME A"},
                      {"PRODUCT B"},
                      {"NAME B"},
                      {"BOTH", Align::kRight},
                      {"WITH A", Align::kRight},
                      {"WITH B", Align::kRight},
                      {"SUPPORT", Align::kRight},
                      {"CONF A->B", Align::kRight},
                      {"CONF B->A", Align::kRight},
                      {"LIFT", Align::kRight}});
  for (const av1::ProductPair& p : a.pairs()) {
    table.AddRow({p.product_a(), p.display_name_a(), p.product_b(), p.display_name_b(),
                  absl::StrCat(p.orders_with_both()), absl::StrCat(p.orders_with_a()),
                  absl::StrCat(p.orders_with_b()), PercentText(p.support()),
                  PercentText(p.confidence_a_to_b()), PercentText(p.confidence_b_to_a()),
                  FigureText(p.lift())});
  }
  table.Print(ctx.out());
}

// The products that led to a recommendation, by name where analytics knows one.
std::string BecauseOfText(const av1::RecommendedProduct& p) {
  std::vector<std::string> labels;
  for (int i = 0; i < p.because_of_size(); ++i) {
    const bool named =
        i < p.because_of_display_names_size() && !p.because_of_display_names(i).empty();
    labels.push_back(named ? p.because_of_display_names(i) : p.because_of(i));
  }
  return absl::StrJoin(labels, ", ");
}

void PrintRecommendations(CliContext& ctx, const av1::ProductRecommendations& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    const av1::RecommenderHoldout& h = r.holdout();
    ctx.out() << "recommendations for " << r.customer() << " (" << r.products_bought()
              << " products bought; " << r.method() << ")\nholdout over " << h.customers()
              << " customers, top " << h.count() << ": hit rate "
              << PercentText(OptionalOf(h.has_hit_rate(), h.hit_rate())) << " against "
              << PercentText(OptionalOf(h.has_popular_hit_rate(), h.popular_hit_rate()))
              << " for the most popular products"
              << (h.beats_baseline() ? " (beats it)" : " (does not beat it)") << "\n"
              << "served: " << MethodText(r.served_method()) << " (" << r.served_method_reason()
              << ")\n";
  }
  TablePrinter table({{"PRODUCT"}, {"NAME"}, {"SCORE", Align::kRight}, {"REASON"}, {"BECAUSE OF"}});
  for (const av1::RecommendedProduct& p : r.products()) {
    table.AddRow(
        {p.product(), p.display_name(), FigureText(p.score()), p.reason(), BecauseOfText(p)});
  }
  table.Print(ctx.out());
}

}  // namespace

void RegisterPredictionCommands(CLI::App& app, CliContext& ctx) {
  {
    struct Flags final {
      PeriodFlags period;
      std::string rep;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "rep-activity",
        "Interactions per rep by kind in a period, leads won per interaction and the share of "
        "won leads with an interaction",
        "salesctl rep-activity --at 2026-10\n  salesctl rep-activity --at 2026-10 --rep reps/7 "
        "--json",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const RequestedPeriod period, ReadPeriodFlags(f->period));
          av1::GetRepActivityRequest req;
          req.set_rep(f->rep);
          av1::RepActivityReport out;
          RETURN_IF_ERROR(InvokeForPeriod(ctx, &Stub::GetRepActivity, req, period, &out));
          PrintRepActivity(ctx, out);
          return absl::OkStatus();
        });
    AddPeriodFlags(cmd, f->period, PeriodFlagNames{}, "the period (default: this month)");
    cmd->add_option("--rep", f->rep, "only this rep, reps/{id}");
  }
  {
    struct Flags final {
      double holdout = 0;
      double l2 = 1;
      CLI::Option* l2_given = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "lead-model",
        "The lead scoring model: its method, coefficients, and its AUC and Brier score on the "
        "held-out latest closed leads beside the stage's fixed probability",
        "salesctl lead-model\n  salesctl lead-model --holdout 0.3 --l2 0.5 --json",
        [&ctx, f]() -> absl::Status {
          av1::GetLeadScoringModelRequest req;
          req.set_holdout_fraction(f->holdout);
          if (f->l2_given->count() > 0) req.set_l2_penalty(f->l2);
          av1::LeadScoringModel out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetLeadScoringModel, req, &out));
          PrintLeadModel(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("--holdout", f->holdout,
                    "share of the closed leads held out, 0.05 to 0.5 (default 0.2)");
    f->l2_given =
        cmd->add_option("--l2", f->l2, "L2 penalty on the standardised coefficients (default 1)");
  }
  {
    struct Flags final {
      std::string owner_rep;
      double l2 = 1;
      CLI::Option* l2_given = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "lead-scores",
        "Open leads by their probability of being won (the lead scoring model), with the "
        "stage's fixed probability and the features that weigh most",
        "salesctl lead-scores --limit 20\n  salesctl lead-scores --owner_rep reps/7 --json",
        [&ctx, f]() -> absl::Status {
          av1::ScoreLeadsRequest req;
          req.set_owner_rep(f->owner_rep);
          if (f->l2_given->count() > 0) req.set_l2_penalty(f->l2);
          return ListPages(ctx, &Stub::ScoreLeads, req, &av1::ScoreLeadsResponse::lead_scores,
                           LeadScoreView());
        });
    cmd->add_option("--owner_rep", f->owner_rep, "only this rep's leads, reps/{id}");
    f->l2_given = cmd->add_option("--l2", f->l2, "L2 penalty of the model (default 1)");
  }
  {
    struct Flags final {
      PeriodFlags period;
      double min_support = 0;
      std::string product;
      int max_pairs = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "affinity",
        "Product pairs bought together in one order in a period, with support, confidence "
        "both ways and lift",
        "salesctl affinity --period quarter --at 2026-Q3\n  salesctl affinity --at 2026-10 "
        "--product products/3 --min_support 0.01 --json",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const RequestedPeriod period, ReadPeriodFlags(f->period));
          av1::GetProductAffinityRequest req;
          req.set_min_support(f->min_support);
          if (!f->product.empty()) req.set_product(ResourceName("products", f->product));
          req.set_max_pairs(f->max_pairs);
          av1::ProductAffinity out;
          RETURN_IF_ERROR(InvokeForPeriod(ctx, &Stub::GetProductAffinity, req, period, &out));
          PrintAffinity(ctx, out);
          return absl::OkStatus();
        });
    AddPeriodFlags(cmd, f->period, PeriodFlagNames{}, "the period (default: this month)");
    cmd->add_option("--min_support", f->min_support, "smallest support of a pair, 0 to 1");
    cmd->add_option("--product", f->product, "only pairs with this product, products/{id}");
    cmd->add_option("--max_pairs", f->max_pairs, "pairs at most (default 100, at most 1000)");
  }
  {
    struct Flags final {
      std::string customer;
      int count = 0;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "recommend",
        "Products to recommend to a customer from what it bought: item-to-item, or the most "
        "popular products it has not bought when item-to-item does not beat them on the "
        "holdout; the served method, why, and both holdout hit rates",
        "salesctl recommend customers/12\n  salesctl recommend customers/12 --count 10 --json",
        [&ctx, f]() -> absl::Status {
          av1::RecommendProductsRequest req;
          req.set_customer(ResourceName("customers", f->customer));
          req.set_count(f->count);
          av1::ProductRecommendations out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::RecommendProducts, req, &out));
          PrintRecommendations(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("customer", f->customer, "customers/{id} (or the id alone)")->required();
    cmd->add_option("--count", f->count, "products to recommend, 1 to 50 (default 5)");
  }
}

}  // namespace sales::salesctl
