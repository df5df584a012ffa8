// prediction_bench: lead scoring and the market basket at scale (scripts/bench prediction).
//
// 1. Writes orders with a known price response and planted product pairs (market_truth.h)
//    straight into the analytics schema's order, line, warehouse (and credit) facts, and
//    leads with their stages, amounts and interactions into the lead facts: the models'
//    input, without the time a feed would take. Two companies (--company):
//    - demo (the default, the benchmark): the demo company of tools/demo
//      (demo_company_facts.h: its catalogue, customers, calendar and festivals, promotions,
//      channels, regions, warehouses and reps, its lead funnel and the reps' interactions)
//      scaled to --orders; the price response applies on top of its promotions' discounts
//      and its leads are won or lost by its funnel's law of winning (tools/demo/funnel.h:
//      channel, owner, expected amount and follow-ups), whose terms are printed against the
//      fit.
//    - synthetic: the synthetic orders feed (synthetic_orders.h: the same orders the
//      analytics benchmark ingests, 1,000 products), and --leads leads simulated with a
//      known logistic law of winning (stage, interactions; channel, owner and amount are
//      noise), whose fitted interaction effect is printed against the true one.
// 2. Times GetLeadScoringModel (fit and holdout check), ScoreLeads (a fit plus scoring every
//    open lead), GetProductAffinity over the whole history and RecommendProducts (the
//    recommender over the whole history and its last-order holdout: the first call fits
//    it, the later ones use the model the server keeps) over gRPC, --repeats times each:
//    latency and the CPU each watched process spent per call. --recommender_only writes no
//    leads and times RecommendProducts alone (against an older server binary, every call
//    fits: the before of the kept model); --advice also times the next best actions:
//    GetActionSummary, GetCustomerActions and two ListTopActions pages, each first (the
//    population inputs of the as-of day read and fitted) and then kept (the inputs reused),
//    with the first/kept ratio of the medians.
// 3. Prints the model's holdout figures against its baseline, the fitted effect of
//    interactions against the true one (synthetic) or the fitted effects of the demo law's
//    terms against the true ones (demo), and the basket's figures.
// 4. Pricing and replenishment: the orders' warehouse facts and a stock level per product are
//    written too; GetPriceElasticity (every product and category over 104 weeks),
//    ProjectPriceChange (one product) and GetReplenishment (every product and warehouse over
//    182 days) are timed the same way, with their counts printed; the elasticities are
//    compared with the true ones and the basket's pairs with the planted ones. The projected
//    product is the best seller among those with an elasticity that sold in the projection's
//    base weeks (its current price), at 10% below its mean price paid; when none did (a small
//    --orders), the projection is skipped with the reason printed.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "common/time_util.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/demo_company_facts.h"
#include "tools/loadgen/lead_facts_writer.h"
#include "tools/loadgen/market_truth.h"
#include "tools/loadgen/order_facts_writer.h"
#include "tools/loadgen/synthetic_orders.h"

namespace {

namespace av1 = ::sales::analytics::v1;
namespace ev = ::sales::events::v1;
using sales::loadgen::DayText;
using sales::loadgen::LeadFactsWriter;
using sales::loadgen::LeadTotals;
using sales::loadgen::OrderFactsWriter;
using sales::loadgen::RowWriter;

constexpr absl::Duration kCallDeadline = absl::Minutes(20);
// The true law of winning: sigmoid(kIntercept + kInteractionSlope log(1 + interactions) +
// the stage's effect).
constexpr double kIntercept = -1.5;
constexpr double kInteractionSlope = 1.2;
constexpr double kStageEffect[] = {-1.0, 0.0, 0.7};
constexpr const char* kStages[] = {"LEAD_STAGE_LEAD", "LEAD_STAGE_QUALIFIED",
                                   "LEAD_STAGE_PROPOSAL"};
constexpr const char* kChannels[] = {"ACQUISITION_CHANNEL_WEB", "ACQUISITION_CHANNEL_REFERRAL",
                                     "ACQUISITION_CHANNEL_EVENT", "ACQUISITION_CHANNEL_PARTNER"};

// The demo's default seed (tools/demo/main.cc): the company `scripts/run --demo` loads.
constexpr uint64_t kDemoSeed = 42;
// ProjectPriceChange's base weeks: the window's last four ISO weeks give the current price
// (services/analytics/src/api/pricing_handlers.cc, kBaseWeeks).
constexpr int kBaseWeeks = 4;

std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
  return ctx;
}

// Waits for the server with a call that reads no facts: the recommender is kept fitted
// in the server once asked, so asking it before the facts are written would time a model
// of no orders (the bench writes the facts behind the feed's back, so the feed position
// that would trigger a refit never moves).
bool AwaitServer(av1::AnalyticsService::Stub& stub) {
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    av1::Rebuild out;
    if (stub.GetRebuild(&ctx, av1::GetRebuildRequest(), &out).ok()) return true;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return false;
}

// What was written of the orders, and the last day each product sold in a counted order
// (for the projection).
struct Written {
  int64_t orders = 0;
  int64_t lines = 0;
  std::map<std::string, absl::CivilDay> last_sold;
};

// Writes `order` (placed at `created`, business day `day`) after the truth's changes.
void AddOrder(OrderFactsWriter& writer, sales::loadgen::MarketTruth& truth,
              ev::OrderSnapshot& order, absl::Time created, absl::CivilDay day, bool counted,
              bool imported, std::mt19937_64& rng, Written& written) {
  truth.Apply(order, day, rng);
  for (const ev::LineSnapshot& l : order.lines()) {
    if (!counted) break;  // a cancelled order sold nothing
    auto [it, added] = written.last_sold.emplace(l.product(), day);
    if (!added && it->second < day) it->second = day;
  }
  writer.Add(order, created, day, counted, imported);
}

std::optional<Written> Finish(OrderFactsWriter& writer, Written written) {
  if (absl::Status s = writer.Finish(); !s.ok()) {
    std::cerr << "prediction_bench: writing orders: " << s.message() << "\n";
    return std::nullopt;
  }
  written.orders = writer.orders();
  written.lines = writer.lines();
  return written;
}

std::optional<Written> WriteOrders(sales::db::ConnectionPool& pool,
                                   const sales::loadgen::SyntheticOrderFeed& feed,
                                   sales::loadgen::MarketTruth& truth, absl::TimeZone zone) {
  OrderFactsWriter writer(pool, false);
  Written written;
  std::mt19937_64 rng(feed.shape().seed ^ 0x5eed);
  feed.Stream(0, [&](ev::Event&& event) {
    if (event.payload_case() != ev::Event::kOrderPlaced) return true;
    ev::OrderSnapshot& o = *event.mutable_order_placed()->mutable_order();
    const absl::Time created = sales::FromProtoTime(o.create_time());
    AddOrder(writer, truth, o, created, absl::ToCivilDay(created, zone), true, false, rng, written);
    return writer.status().ok();
  });
  return Finish(writer, std::move(written));
}

// The demo company's orders, in the order of their days, with their credit shares; each
// one imported (the demo's history), cancelled ones not counted.
std::optional<Written> WriteDemoOrders(sales::db::ConnectionPool& pool,
                                       const sales::loadgen::DemoCompanyPlan& plan,
                                       sales::loadgen::MarketTruth& truth) {
  OrderFactsWriter writer(pool, true);
  Written written;
  std::mt19937_64 rng(plan.options.seed ^ 0x5eed);
  for (const sales::demo::OrderPlan& o : plan.orders.history) {
    ev::OrderSnapshot order = sales::loadgen::DemoOrderSnapshot(plan, o);
    AddOrder(writer, truth, order, plan.options.period.At(o.day, o.second), o.day,
             sales::loadgen::DemoOrderCounted(o), true, rng, written);
    if (!writer.status().ok()) break;
  }
  return Finish(writer, std::move(written));
}

// Stock of every product in every warehouse: 50 to 449 units on hand (a spread of products
// far from and close to their reorder points), none reserved.
bool WriteStock(sales::db::ConnectionPool& pool, const std::vector<std::string>& products,
                const std::vector<std::string>& warehouses) {
  RowWriter stock(pool, "INSERT INTO stock_levels (product, warehouse, on_hand, reserved) VALUES ",
                  4);
  int64_t i = 0;
  for (const std::string& warehouse : warehouses) {
    for (const std::string& product : products) {
      stock.Add({product, warehouse, int64_t{50} + (i++ * 37) % 400, int64_t{0}});
    }
  }
  stock.Flush();
  if (!stock.status().ok()) {
    std::cerr << "prediction_bench: writing stock: " << stock.status().message() << "\n";
    return false;
  }
  return true;
}

std::optional<LeadTotals> Finish(LeadFactsWriter& writer) {
  if (absl::Status s = writer.Finish(); !s.ok()) {
    std::cerr << "prediction_bench: writing leads: " << s.message() << "\n";
    return std::nullopt;
  }
  return writer.totals();
}

// Leads created evenly over two years before `end`; those created in the last 30 days stay
// open, the others close 1-60 days after creation, won with the true law's probability.
std::optional<LeadTotals> WriteLeads(sales::db::ConnectionPool& pool, int64_t count, int reps,
                                     uint64_t seed, absl::Time end, absl::TimeZone zone) {
  LeadFactsWriter writer(pool);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::poisson_distribution<int> interaction_count(3.0);
  std::lognormal_distribution<double> amount(std::log(500000.0), 1.0);
  const absl::Duration span = absl::Hours(24 * 730);
  const absl::Time first = end - span;
  int64_t next_interaction = 0;
  for (int64_t i = 0; i < count && writer.status().ok(); ++i) {
    const std::string name = absl::StrCat("leads/", i + 1);
    const absl::Time created = first + span * (static_cast<double>(i) / static_cast<double>(count));
    const std::string owner = absl::StrCat("reps/", 1 + static_cast<int>(uniform(rng) * reps));
    const char* channel = kChannels[static_cast<int>(uniform(rng) * 4.0)];
    const int stage = static_cast<int>(uniform(rng) * 3.0);
    const int k = interaction_count(rng);
    const bool open = end - created < absl::Hours(24 * 30);
    const absl::Duration life = absl::Hours(24 * (1 + 59 * uniform(rng)));
    const double p =
        1.0 /
        (1.0 + std::exp(-(kIntercept + kInteractionSlope * std::log1p(k) + kStageEffect[stage])));
    const bool won = uniform(rng) < p;
    const LeadFactsWriter::Outcome outcome =
        open ? LeadFactsWriter::Outcome::kOpen
             : (won ? LeadFactsWriter::Outcome::kWon : LeadFactsWriter::Outcome::kLost);
    writer.AddLead(name, created, DayText(absl::ToCivilDay(created, zone)), owner,
                   std::string(channel), outcome, static_cast<int64_t>(amount(rng)));
    for (int s = 1; s <= stage; ++s) {
      writer.AddStage(name, created + life * (0.2 * s), std::string(kStages[s]));
    }
    if (!open) {
      writer.AddStage(name, created + life,
                      std::string(won ? "LEAD_STAGE_WON" : "LEAD_STAGE_LOST"));
    }
    for (int j = 0; j < k; ++j) {
      writer.AddInteraction(
          absl::StrCat("interactions/", ++next_interaction),
          std::string(j % 2 == 0 ? "INTERACTION_KIND_CALL" : "INTERACTION_KIND_EMAIL"), owner,
          std::string(), name, created + life * (0.1 * (j + 1) / (k + 1)));
    }
  }
  return Finish(writer);
}

// The demo's law of winning against the fitted coefficients, per unit of each feature; the
// indicators of a variable centred on their mean over the levels both have (only their
// differences are identified).
void PrintDemoLawAgainstFit(const av1::LeadScoringModel& model) {
  const std::map<std::string, double> law = sales::loadgen::DemoWinLaw();
  std::map<std::string, double> fitted;
  std::map<std::string, double> standard_error;
  for (const av1::LeadScoringCoefficient& c : model.coefficients()) {
    if (law.count(c.feature()) > 0 && c.standard_deviation() > 0) {
      fitted[c.feature()] = c.coefficient() / c.standard_deviation();
      standard_error[c.feature()] = c.standard_error() / c.standard_deviation();
    }
  }
  // Mean of the fitted and of the true effects per variable ("channel", "owner").
  std::map<std::string, std::pair<double, double>> sums;
  std::map<std::string, int> counts;
  auto variable = [](const std::string& feature) {
    const size_t eq = feature.find('=');
    return eq == std::string::npos ? std::string() : feature.substr(0, eq);
  };
  for (const auto& [feature, value] : fitted) {
    const std::string v = variable(feature);
    if (v.empty()) continue;
    sums[v].first += value;
    sums[v].second += law.at(feature);
    ++counts[v];
  }
  std::cout << "  the demo's law of winning (tools/demo/funnel.h) against the fit, per unit; "
               "indicators centred on their variable's mean:\n";
  for (const auto& [feature, value] : fitted) {
    const std::string v = variable(feature);
    const double n = v.empty() ? 1.0 : static_cast<double>(counts[v]);
    const double fitted_mean = v.empty() ? 0.0 : sums[v].first / n;
    const double true_mean = v.empty() ? 0.0 : sums[v].second / n;
    // An indicator's own standard error is not its contrast's (the intercept and the other
    // levels share its variance): shown for the numeric features only.
    const std::string error =
        v.empty() ? absl::StrFormat(" +- %.3f", standard_error[feature]) : std::string();
    std::cout << absl::StrFormat("    %-40s fitted %+.3f%s, true %+.3f\n", feature,
                                 value - fitted_mean, error, law.at(feature) - true_mean);
  }
}

std::optional<LeadTotals> WriteDemoLeads(sales::db::ConnectionPool& pool,
                                         const sales::loadgen::DemoCompanyPlan& plan) {
  LeadFactsWriter writer(pool);
  sales::loadgen::AddDemoLeads(plan, writer);
  return Finish(writer);
}

struct CallFigures {
  std::string name;
  std::vector<double> seconds;
  std::vector<std::optional<double>> cpu_total;
  int calls = 0;
};

// `failure`, if given, receives the status of a failed call (the caller decides what it
// means); otherwise the failure is printed.
template <typename Call>
std::optional<CallFigures> Time(const std::string& name, int repeats,
                                const std::vector<sales::loadgen::WatchedProcess>& processes,
                                Call call, grpc::Status* failure = nullptr) {
  CallFigures f{name, {}, {}, repeats};
  std::vector<std::optional<double>> before;
  for (const auto& p : processes) before.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
  for (int i = 0; i < repeats; ++i) {
    const absl::Time start = absl::Now();
    const grpc::Status status = call();
    if (!status.ok()) {
      if (failure != nullptr) {
        *failure = status;
      } else {
        std::cerr << "prediction_bench: " << name << ": " << status.error_message() << "\n";
      }
      return std::nullopt;
    }
    f.seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
  }
  for (size_t i = 0; i < processes.size(); ++i) {
    const std::optional<double> after = sales::loadgen::ProcessCpuSeconds(processes[i].pid);
    f.cpu_total.push_back(after && before[i] ? std::optional(*after - *before[i]) : std::nullopt);
  }
  return f;
}

void PrintCalls(const std::vector<CallFigures>& calls,
                const std::vector<sales::loadgen::WatchedProcess>& processes) {
  std::cout << absl::StrFormat("%-36s %6s %10s %10s", "call", "calls", "median s", "max s");
  for (const auto& p : processes) std::cout << absl::StrFormat(" %16s", p.name + " CPU s");
  std::cout << "\n";
  for (const CallFigures& c : calls) {
    std::vector<double> sorted = c.seconds;
    std::sort(sorted.begin(), sorted.end());
    std::cout << absl::StrFormat("%-36s %6d %10.3f %10.3f", c.name, c.calls,
                                 sorted[sorted.size() / 2], sorted.back());
    for (const std::optional<double>& cpu : c.cpu_total) {
      std::cout << (cpu ? absl::StrFormat(" %16.3f", *cpu / c.calls)
                        : absl::StrFormat(" %16s", "-"));
    }
    std::cout << "\n";
  }
  std::cout << "(CPU s: per call, averaged over the calls)\n";
}

std::string Auc(const av1::ScoringAccuracy& a) {
  return a.has_auc() ? absl::StrFormat("%.4f", a.auc()) : std::string("-");
}

// The planted pairs (market_truth.h) among the pairs the basket returned: each one's rank by
// lift and its lift, and how many of the returned top ten are planted.
void PrintPlantedPairs(const av1::ProductAffinity& affinity) {
  const auto planted = sales::loadgen::MarketTruth::PlantedPairs();
  auto is_planted = [&](const av1::ProductPair& p) {
    for (const auto& [a, b] : planted) {
      if ((p.product_a() == a && p.product_b() == b) ||
          (p.product_a() == b && p.product_b() == a)) {
        return true;
      }
    }
    return false;
  };
  int found = 0;
  int in_top_ten = 0;
  double min_lift = 0;
  for (int i = 0; i < affinity.pairs_size(); ++i) {
    if (!is_planted(affinity.pairs(i))) continue;
    ++found;
    if (i < 10) ++in_top_ten;
    min_lift = found == 1 ? affinity.pairs(i).lift() : std::min(min_lift, affinity.pairs(i).lift());
  }
  std::cout << absl::StrFormat(
      "basket against truth: %d of %zu planted pairs returned (lowest lift %.1f); %d of the top "
      "%d by lift are planted\n",
      found, planted.size(), min_lift, in_top_ten, std::min(10, affinity.pairs_size()));
}

// Per category, how the products' intervals hold the truth, and the mean of z² with z =
// (estimate - truth) / standard error: about 1 when the standard errors are right, far above
// it when they are too small or the estimates biased (the mean z tells which).
// How well intervals hold the truth within a group of products.
struct TruthTally {
  int products = 0;
  int covered = 0;
  double z = 0;   // sum of (estimate - truth) / se
  double z2 = 0;  // sum of its squares
};

void PrintTallies(const std::string& heading, const std::map<std::string, TruthTally>& groups) {
  std::cout << "  elasticity intervals " << heading
            << ": products, intervals holding the truth, mean z and mean z^2 (z = (estimate - "
               "truth) / se; about 0 and 1 when right)\n";
  for (const auto& [group, t] : groups) {
    std::cout << absl::StrFormat("    %-24s %4d %4d  %+.2f  %.2f\n", group, t.products, t.covered,
                                 t.z / std::max(1, t.products), t.z2 / std::max(1, t.products));
  }
}

// The intervals per category and per true elasticity: a bias that depends on the truth (an
// aggregation or a model error) shows as mean z of opposite signs at its two ends.
void PrintElasticityByGroup(const av1::PriceElasticityReport& elasticity) {
  std::map<std::string, TruthTally> by_category;
  std::map<std::string, TruthTally> by_truth;
  TruthTally all;
  for (const av1::PriceElasticity& e : elasticity.products()) {
    const double truth = sales::loadgen::MarketTruth::ElasticityOf(e.product());
    const double z = e.standard_error() > 0 ? (e.elasticity() - truth) / e.standard_error() : 0.0;
    const bool holds = e.lower() <= truth && truth <= e.upper();
    for (TruthTally* t :
         {&by_category[e.category()], &by_truth[absl::StrFormat("true %+.1f", truth)], &all}) {
      ++t->products;
      t->covered += holds ? 1 : 0;
      t->z += z;
      t->z2 += z * z;
    }
  }
  by_category["(all)"] = all;
  PrintTallies("per category", by_category);
  PrintTallies("per true elasticity", by_truth);
}

// Each product's estimate against its true elasticity (market_truth.h): the median absolute
// error, how many intervals hold the truth, and how many models beat both naive baselines.
void PrintElasticityAgainstTruth(const av1::PriceElasticityReport& elasticity) {
  int beats = 0;
  int covered = 0;
  std::vector<double> errors;
  std::vector<double> signed_errors;  // estimate - truth: below 0, more elastic than true
  for (const av1::PriceElasticity& e : elasticity.products()) {
    const double truth = sales::loadgen::MarketTruth::ElasticityOf(e.product());
    beats += e.holdout().beats_baseline() ? 1 : 0;
    covered += e.lower() <= truth && truth <= e.upper() ? 1 : 0;
    errors.push_back(std::abs(e.elasticity() - truth));
    signed_errors.push_back(e.elasticity() - truth);
  }
  std::sort(errors.begin(), errors.end());
  std::sort(signed_errors.begin(), signed_errors.end());
  std::cout << absl::StrFormat(
      "elasticity: weeks %s..%s; %d products and %d categories estimated, %d refused; against "
      "the true elasticities (-0.5 to -2.0): median absolute error %s (median of estimate - "
      "truth %s), %d of %d intervals hold the truth; %d of %d product models beat both naive "
      "baselines on the holdout\n",
      elasticity.first_week().label(), elasticity.last_week().label(), elasticity.products_size(),
      elasticity.categories_size(), elasticity.refused_size(),
      errors.empty() ? std::string("-") : absl::StrFormat("%.3f", errors[errors.size() / 2]),
      signed_errors.empty() ? std::string("-")
                            : absl::StrFormat("%+.3f", signed_errors[signed_errors.size() / 2]),
      covered, elasticity.products_size(), beats, elasticity.products_size());
  PrintElasticityByGroup(elasticity);
}

// The ProjectPriceChange the bench times: the best seller among the products with a
// reported elasticity that sold in the projection's base weeks (the window's last
// kBaseWeeks ISO weeks, whose net amount per unit is the current price), at 10% below its
// mean net price paid in the window (rounded half away from zero to minor units). None, with
// the reason, when no such product sold in the base weeks (few orders spread over years).
std::optional<av1::ProjectPriceChangeRequest> ProjectionRequest(
    const av1::PriceElasticityReport& elasticity,
    const std::map<std::string, absl::CivilDay>& last_sold, std::string& reason) {
  absl::CivilDay last_week_first;
  if (!absl::ParseCivilTime(elasticity.last_week().first_day(), &last_week_first)) {
    reason = "the elasticity report has no last week";
    return std::nullopt;
  }
  const absl::CivilDay base_first = last_week_first - 7 * (kBaseWeeks - 1);
  const av1::PriceElasticity* best = nullptr;
  for (const av1::PriceElasticity& e : elasticity.products()) {
    auto sold = last_sold.find(e.product());
    if (sold == last_sold.end() || sold->second < base_first || e.units() <= 0) continue;
    if (best == nullptr || e.units() > best->units()) best = &e;
  }
  if (best == nullptr) {
    reason = absl::StrFormat(
        "none of the %d products with an elasticity sold in the base weeks from %s (the last "
        "%d ISO weeks of the window give the current price)",
        elasticity.products_size(), DayText(base_first), kBaseWeeks);
    return std::nullopt;
  }
  av1::ProjectPriceChangeRequest req;
  req.set_product(best->product());
  req.set_proposed_price_minor(
      std::max<int64_t>(1, std::llround(0.9 * static_cast<double>(best->net_minor()) /
                                        static_cast<double>(best->units()))));
  return req;
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50053", "the analytics service's gRPC address");
  const std::string company =
      flags.String("company", "", "demo",
                   "whose orders and leads: demo (tools/demo's company scaled to --orders, its "
                   "funnel's leads) or synthetic (the synthetic feed, --leads simulated leads)");
  const int64_t order_count = flags.Int(
      "orders", "", 1000000, 1, 100000000,
      "orders written (synthetic: about 3 lines each; demo: the expected number, about 1.6 "
      "lines each)");
  const int64_t lead_count =
      flags.Int("leads", "", 100000, 20, 100000000,
                "leads simulated (--company synthetic; the demo's grow with its orders)");
  const int repeats =
      static_cast<int>(flags.Int("repeats", "", 3, 1, 100, "timed calls of each kind"));
  const bool advice = flags.Bool(
      "advice", "", false,
      "also time GetActionSummary (next best actions of every customer; the server must have it)");
  const bool recommender_only =
      flags.Bool("recommender_only", "", false,
                 "write no leads and time only RecommendProducts (the kept recommender's "
                 "before/after)");
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(
          flags.String("cpu_pids", "", "", "processes whose CPU per call to print, name=pid,..."));
  sales::ServerConfig server = sales::ReadServerConfig(flags, "analytics", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "prediction_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (company != "demo" && company != "synthetic") {
    flags.AddError("company", "must be demo or synthetic, got '" + company + "'");
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "prediction_bench: " << status.message() << "\n";
    return 2;
  }
  auto stub = av1::AnalyticsService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  if (!AwaitServer(*stub)) {
    std::cerr << "prediction_bench: the analytics service at " << target
              << " did not answer in 60 s\n";
    return 1;
  }
  server.db.pool_size = 1;
  sales::db::ConnectionPool pool(server.db);
  const absl::TimeZone zone = server.business_time_zone;

  const bool demo = company == "demo";
  absl::Time start = absl::Now();
  std::optional<Written> orders;
  std::vector<std::string> products;
  std::vector<std::string> warehouses;
  std::optional<LeadTotals> leads;
  if (demo) {
    // Two years up to yesterday (the pricing window ends yesterday); today has no orders.
    const sales::loadgen::DemoCompanyPlan plan = sales::loadgen::PlanDemoCompany(
        order_count, absl::ToCivilDay(absl::Now(), zone) - 1, zone, kDemoSeed);
    std::cout << absl::StrFormat(
        "demo company: seed %d, %s..%s, %.1f orders on an ordinary day at the start (scaled "
        "from the demo's 80 to plan %d orders), %d products in %d categories, %d customers, "
        "%d leads, %d promotions, %d interactions; planned in %.1f s\n",
        plan.options.seed, absl::FormatCivilTime(plan.options.period.first),
        absl::FormatCivilTime(plan.options.period.last), plan.options.orders_per_day, order_count,
        plan.catalogue.products.size(), plan.catalogue.categories.size(), plan.customers.size(),
        plan.leads.size(), plan.promotions.size(), plan.engagement.interactions.size(),
        absl::ToDoubleSeconds(absl::Now() - start));
    // Known elasticities and planted pairs (market_truth.h) on top of the demo's promotions.
    sales::loadgen::MarketTruth truth(kDemoSeed, sales::loadgen::MarketTruth::Discounts::kKeep,
                                      sales::loadgen::DemoReferencePrices(plan));
    start = absl::Now();
    orders = WriteDemoOrders(pool, plan, truth);
    if (!orders.has_value()) return 1;
    products = sales::loadgen::DemoProducts(plan);
    for (const char* w : sales::demo::kWarehouses) warehouses.emplace_back(w);
    std::cout << absl::StrFormat("orders: %d orders, %d lines, %d products written in %.1f s\n",
                                 orders->orders, orders->lines, products.size(),
                                 absl::ToDoubleSeconds(absl::Now() - start));
    if (!recommender_only) {
      start = absl::Now();
      leads = WriteDemoLeads(pool, plan);
      if (!leads.has_value()) return 1;
    }
  } else {
    sales::loadgen::OrderFeedShape shape;
    shape.lines = order_count * 3;  // the feed's mean is three lines an order
    const sales::loadgen::SyntheticOrderFeed feed(shape);
    // Known elasticities and planted pairs (market_truth.h), for the pricing and basket checks.
    sales::loadgen::MarketTruth truth(shape.seed);
    orders = WriteOrders(pool, feed, truth, zone);
    if (!orders.has_value()) return 1;
    products = feed.Products();
    std::cout << absl::StrFormat("orders: %d orders, %d lines, %d products written in %.1f s\n",
                                 orders->orders, orders->lines, shape.products,
                                 absl::ToDoubleSeconds(absl::Now() - start));
    // The warehouse the feed's orders name (one for the whole feed).
    feed.Stream(0, [&](ev::Event&& event) {
      if (event.payload_case() != ev::Event::kOrderPlaced) return true;
      warehouses = {event.order_placed().order().warehouse()};
      return false;
    });
    if (!recommender_only) {
      start = absl::Now();
      leads = WriteLeads(pool, lead_count, shape.reps, shape.seed, absl::Now(), zone);
      if (!leads.has_value()) return 1;
    }
  }
  if (!WriteStock(pool, products, warehouses)) return 1;
  if (leads.has_value()) {
    std::cout << absl::StrFormat(
        "leads: %d (%d closed, %d won, %d open), %d interactions written in %.1f s\n", leads->leads,
        leads->closed, leads->won, leads->leads - leads->closed, leads->interactions,
        absl::ToDoubleSeconds(absl::Now() - start));
  }
  std::cout << absl::StrFormat("load average before the calls: %s\n", [] {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    char buf[64] = {};
    if (f != nullptr) {
      if (std::fgets(buf, sizeof buf, f) == nullptr) buf[0] = 0;
      std::fclose(f);
    }
    return std::string(buf);
  }()) << std::flush;

  std::vector<std::optional<CallFigures>> timed;
  av1::LeadScoringModel model;
  av1::ScoreLeadsResponse scores;
  av1::ProductAffinity affinity;
  av1::ProductRecommendations recommendations;
  if (!recommender_only) {
    timed.push_back(Time("GetLeadScoringModel (fit x2, check)", repeats, *cpu, [&] {
      return stub->GetLeadScoringModel(Context().get(), av1::GetLeadScoringModelRequest(), &model);
    }));
    timed.push_back(Time("ScoreLeads (fit x2, score all open)", repeats, *cpu, [&] {
      return stub->ScoreLeads(Context().get(), av1::ScoreLeadsRequest(), &scores);
    }));
    av1::GetProductAffinityRequest affinity_req;
    affinity_req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    affinity_req.mutable_period()->set_first_day("2023-01-01");
    affinity_req.mutable_period()->set_last_day(DayText(absl::ToCivilDay(absl::Now(), zone)));
    affinity_req.set_min_support(0.0001);
    timed.push_back(Time("GetProductAffinity (all history)", repeats, *cpu, [&] {
      return stub->GetProductAffinity(Context().get(), affinity_req, &affinity);
    }));
  }
  av1::RecommendProductsRequest rec_req;
  rec_req.set_customer("customers/1");
  rec_req.set_count(5);
  // The first call fits the recommender and its holdout (every order read); the next ones
  // use the model kept in the server (the feed has not moved).
  timed.push_back(Time("RecommendProducts (first: fit)", 1, *cpu, [&] {
    return stub->RecommendProducts(Context().get(), rec_req, &recommendations);
  }));
  // Pricing and replenishment (not with --recommender_only).
  av1::PriceElasticityReport elasticity;
  av1::PriceProjection projection;
  std::string projection_note;  // what was projected, or why nothing was
  av1::ReplenishmentReport replenishment;
  if (!recommender_only) {
    timed.push_back(Time("GetPriceElasticity (104 weeks, all)", repeats, *cpu, [&] {
      return stub->GetPriceElasticity(Context().get(), av1::GetPriceElasticityRequest(),
                                      &elasticity);
    }));
    if (timed.back().has_value()) {
      std::string reason;
      const std::optional<av1::ProjectPriceChangeRequest> project_req =
          ProjectionRequest(elasticity, orders->last_sold, reason);
      grpc::Status refused;
      std::optional<CallFigures> projected;
      if (project_req.has_value()) {
        projected = Time(
            "ProjectPriceChange (one product)", repeats, *cpu,
            [&] { return stub->ProjectPriceChange(Context().get(), *project_req, &projection); },
            &refused);
        // The server's refusal of the bench's own choice skips the call; anything else fails.
        if (!projected.has_value() &&
            refused.error_code() != grpc::StatusCode::FAILED_PRECONDITION) {
          std::cerr << "prediction_bench: ProjectPriceChange: " << refused.error_message() << "\n";
          return 3;
        }
        if (!projected.has_value()) reason = "refused: " + refused.error_message();
      }
      if (projected.has_value()) {
        timed.push_back(std::move(projected));
        projection_note = absl::StrFormat(
            "price projection: %s from %d to %d minor units a unit: %.1f units a week now, "
            "%.1f after (elasticity %.3f)",
            projection.product(), projection.current_price_minor(),
            projection.proposed_price_minor(), projection.current().units(),
            projection.proposed().units(), projection.elasticity().elasticity());
      } else {
        projection_note = "ProjectPriceChange skipped: " + reason;
      }
    }
    timed.push_back(Time("GetReplenishment (182 days, all)", repeats, *cpu, [&] {
      return stub->GetReplenishment(Context().get(), av1::GetReplenishmentRequest(),
                                    &replenishment);
    }));
  }
  timed.push_back(Time("RecommendProducts (kept model)", repeats, *cpu, [&] {
    return stub->RecommendProducts(Context().get(), rec_req, &recommendations);
  }));
  av1::ProductRecommendations other_customer;
  rec_req.set_customer("customers/2");
  timed.push_back(Time("RecommendProducts (kept, customers/2)", repeats, *cpu, [&] {
    return stub->RecommendProducts(Context().get(), rec_req, &other_customer);
  }));
  av1::ActionSummary summary;
  av1::CustomerAdvice one_advice;
  // (first, kept) indexes into `timed` of each advice call, for the ratios.
  std::vector<std::pair<size_t, size_t>> advice_pairs;
  if (advice) {
    const std::string today = DayText(absl::ToCivilDay(absl::Now(), zone));
    const std::string yesterday = DayText(absl::ToCivilDay(absl::Now(), zone) - 1);
    av1::GetActionSummaryRequest summary_req;
    summary_req.set_as_of_day(today);
    advice_pairs.emplace_back(timed.size(), timed.size() + 1);
    timed.push_back(Time("GetActionSummary (first: inputs)", 1, *cpu, [&] {
      return stub->GetActionSummary(Context().get(), summary_req, &summary);
    }));
    timed.push_back(Time("GetActionSummary (kept inputs)", repeats, *cpu, [&] {
      return stub->GetActionSummary(Context().get(), summary_req, &summary);
    }));
    av1::ListTopActionsRequest list_req;
    list_req.set_as_of_day(today);
    list_req.set_page_size(50);
    av1::ListTopActionsResponse page;
    timed.push_back(Time("ListTopActions page 1 (kept inputs)", repeats, *cpu,
                         [&] { return stub->ListTopActions(Context().get(), list_req, &page); }));
    if (timed.back().has_value() && !page.next_page_token().empty()) {
      list_req.set_page_token(page.next_page_token());
      av1::ListTopActionsResponse page2;
      timed.push_back(Time("ListTopActions page 2 (kept inputs)", repeats, *cpu, [&] {
        return stub->ListTopActions(Context().get(), list_req, &page2);
      }));
    }
    // Another as-of day: its own inputs.
    av1::GetCustomerActionsRequest one_req;
    one_req.set_customer(page.top_actions_size() > 0 ? page.top_actions(0).customer()
                                                     : std::string("customers/1"));
    one_req.set_as_of_day(yesterday);
    advice_pairs.emplace_back(timed.size(), timed.size() + 1);
    timed.push_back(Time("GetCustomerActions (first: inputs)", 1, *cpu, [&] {
      return stub->GetCustomerActions(Context().get(), one_req, &one_advice);
    }));
    timed.push_back(Time("GetCustomerActions (kept inputs)", repeats, *cpu, [&] {
      return stub->GetCustomerActions(Context().get(), one_req, &one_advice);
    }));
  }
  std::vector<CallFigures> calls;
  for (auto& t : timed) {
    if (!t.has_value()) return 3;
    calls.push_back(std::move(*t));
  }
  PrintCalls(calls, *cpu);
  for (const auto& [first, kept] : advice_pairs) {
    std::vector<double> sorted = calls[kept].seconds;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    std::cout << absl::StrFormat(
        "%s / %s: %.1fx (medians %.3f s / %.6f s)\n", calls[first].name, calls[kept].name,
        median > 0 ? calls[first].seconds[0] / median : 0.0, calls[first].seconds[0], median);
  }

  if (!recommender_only) {
    std::cout << absl::StrFormat(
        "lead scoring: %d closed leads (%d training, %d holdout); holdout AUC %s vs stage "
        "baseline %s, Brier %.4f vs %.4f; %s\n",
        model.closed_leads(), model.training_leads(), model.holdout_leads(),
        Auc(model.model_accuracy()), Auc(model.baseline_accuracy()),
        model.model_accuracy().brier_score(), model.baseline_accuracy().brier_score(),
        model.verdict());
    for (const av1::LeadScoringCoefficient& c : model.coefficients()) {
      if (c.feature() == "log_interactions") {
        // The demo's law is on follow-ups, which the model sees among all interactions.
        std::cout << absl::StrFormat(
            "  log(1 + interactions): fitted %.4f +- %.4f per unit, true %s; converged %s in %d "
            "iterations\n",
            c.coefficient() / c.standard_deviation(), c.standard_error() / c.standard_deviation(),
            demo ? std::string("- (the demo's law is on follow-ups, not all interactions)")
                 : absl::StrFormat("%.4f", kInteractionSlope),
            model.converged() ? "yes" : "NO", model.iterations());
      }
    }
    if (demo) PrintDemoLawAgainstFit(model);
    std::cout << absl::StrFormat(
        "  open leads scored: %d; top probability %.4f\n", scores.total_open_leads(),
        scores.lead_scores_size() > 0 ? scores.lead_scores(0).probability() : 0.0);
    std::cout << absl::StrFormat(
        "basket: %d orders, %d pairs with support >= 0.0001; top lift %.3f\n", affinity.orders(),
        affinity.matching_pairs(), affinity.pairs_size() > 0 ? affinity.pairs(0).lift() : 0.0);
    PrintPlantedPairs(affinity);
  }
  const av1::RecommenderHoldout& h = recommendations.holdout();
  std::cout << absl::StrFormat(
      "recommender holdout: %d customers, hit rate @%d %.4f vs most popular %.4f (%s)\n",
      h.customers(), h.count(), h.hit_rate(), h.popular_hit_rate(),
      h.beats_baseline() ? "beats it" : "does not beat it");
  if (!recommender_only) {
    PrintElasticityAgainstTruth(elasticity);
    if (!projection_note.empty()) std::cout << projection_note << "\n";
    std::cout << absl::StrFormat(
        "replenishment: history %s..%s, %d products and warehouses planned, %d to reorder on %s, "
        "%d alerts (run out before arrival), %d skipped\n",
        replenishment.history().first_day(), replenishment.history().last_day(),
        replenishment.lines_size(),
        std::count_if(replenishment.lines().begin(), replenishment.lines().end(),
                      [&](const av1::ReplenishmentLine& l) {
                        return l.reorder_date() == replenishment.first_day();
                      }),
        replenishment.first_day(), replenishment.alerts_size(), replenishment.skipped_size());
  }
  if (advice) {
    std::cout << absl::StrFormat(
        "next best actions: %d customers, %d with a top action worth %d minor units in all "
        "(lifetime value %s%s); recommender %s, last order %s\n",
        summary.customers(), summary.customers_with_action(), summary.top_value_minor(),
        summary.basis().lifetime_value_fitted() ? "fitted" : "not fitted: ",
        summary.basis().lifetime_value_note(),
        summary.basis().recommender_kept() ? "kept" : "fitted for the day",
        summary.basis().recommender_last_order_day());
    for (const av1::SegmentActions& seg : summary.segments()) {
      for (const av1::SegmentActionTotal& t : seg.actions()) {
        std::cout << absl::StrFormat("  %-20s %-28s %8d candidates, top for %8d, worth %d\n",
                                     seg.segment(), av1::ActionKind_Name(t.kind()), t.candidates(),
                                     t.top_customers(), t.top_value_minor());
      }
    }
  }
  std::cout << absl::StrFormat("recommender model: %d orders fitted, feed position %d\n",
                               recommendations.model_orders(),
                               recommendations.model_orders_position());
  return 0;
}
