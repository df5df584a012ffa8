#include "tools/loadgen/report.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace sales::loadgen {
namespace {

std::string Ratio(double numerator, double denominator) {
  if (numerator <= 0 || denominator <= 0) return "n/a";
  return absl::StrFormat("%.2f", numerator / denominator);
}

// 1 / (1/echo + 1/direct), or 0 when either side has no successful call.
double CombinedLimit(const PhaseStats& direct, const PhaseStats& echo) {
  if (echo.ops_per_second <= 0 || direct.ops_per_second <= 0) return 0;
  return 1.0 / (1.0 / echo.ops_per_second + 1.0 / direct.ops_per_second);
}

}  // namespace

void PrintTable(std::ostream& out, const std::vector<PhaseStats>& phases) {
  constexpr char kRow[] = "%-28s %9s %10s %9s %9s %7s\n";
  out << absl::StrFormat(kRow, "phase", "ops", "ops/s", "p50 ms", "p99 ms", "errors");
  for (const PhaseStats& p : phases) {
    out << absl::StrFormat("%-28s %9d %10.1f %9.2f %9.2f %7d\n", p.phase, p.ops, p.ops_per_second,
                           p.p50_ms, p.p99_ms, p.errors);
  }
  for (const PhaseStats& p : phases) {
    if (p.error_kinds.empty()) continue;
    out << absl::StrFormat("errors in %s: %d in the window, %d in warm-up or drain\n", p.phase,
                           p.errors, p.errors_outside_window);
    for (const auto& [code, kind] : p.error_kinds) {
      out << absl::StrFormat("  %s x%d, first: %s\n",
                             absl::StatusCodeToString(static_cast<absl::StatusCode>(code)),
                             kind.count, kind.first_message);
    }
  }
}

void PrintRatios(std::ostream& out, const char* what, const PhaseStats& grpc,
                 const PhaseStats& direct) {
  out << absl::StrFormat("ratio gRPC/direct %s throughput: %s\n", what,
                         Ratio(grpc.ops_per_second, direct.ops_per_second));
  out << absl::StrFormat("ratio gRPC/direct %s p50 latency: %s\n", what,
                         Ratio(grpc.p50_ms, direct.p50_ms));
}

void PrintCombinedLimit(std::ostream& out, const char* what, const PhaseStats& grpc,
                        const PhaseStats& direct, const PhaseStats& echo) {
  const double limit = CombinedLimit(direct, echo);
  if (limit <= 0) {
    out << absl::StrFormat("echo %s: n/a\n", what);
    return;
  }
  out << absl::StrFormat(
      "echo %s: %.1f ops/s; combined limit 1/(1/echo + 1/direct): %.1f ops/s; gRPC %s / "
      "limit: %s (goal >= 0.85)\n",
      what, echo.ops_per_second, limit, what, Ratio(grpc.ops_per_second, limit));
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

void PrintGetRounds(std::ostream& out, const std::vector<GetRound>& rounds) {
  if (rounds.empty()) return;
  out << "Get in rounds (echo, direct and gRPC back to back; each gRPC Get against its own "
         "round's limit):\n";
  out << absl::StrFormat("%-7s %12s %12s %12s %12s %10s\n", "round", "echo ops/s", "direct ops/s",
                         "limit ops/s", "gRPC ops/s", "gRPC/limit");
  std::vector<double> ratios;
  for (size_t i = 0; i < rounds.size(); ++i) {
    const GetRound& r = rounds[i];
    const double limit = CombinedLimit(r.direct, r.echo);
    out << absl::StrFormat("%-7d %12.1f %12.1f %12.1f %12.1f %10s\n", i + 1, r.echo.ops_per_second,
                           r.direct.ops_per_second, limit, r.grpc.ops_per_second,
                           Ratio(r.grpc.ops_per_second, limit));
    if (limit > 0) ratios.push_back(r.grpc.ops_per_second / limit);
  }
  if (ratios.empty()) {
    out << "gRPC Get / limit over the rounds: n/a\n";
    return;
  }
  const auto [lowest, highest] = std::minmax_element(ratios.begin(), ratios.end());
  out << absl::StrFormat(
      "gRPC Get / limit over %d rounds: median %.2f, lowest %.2f, highest %.2f (goal >= 0.85)\n",
      ratios.size(), Median(ratios), *lowest, *highest);
}

}  // namespace sales::loadgen
