// Prints the phase table, the errors behind the error counts, and the gRPC/direct ratios.
#pragma once

#include <ostream>
#include <vector>

#include "tools/loadgen/latency_recorder.h"

namespace sales::loadgen {

// Columns: phase, ops, ops/s, p50 ms, p99 ms, errors; then one line per error code seen.
void PrintTable(std::ostream& out, const std::vector<PhaseStats>& phases);

// "ratio gRPC/direct <what> throughput: 0.xx" and the p50 latency ratio; "n/a" when
// either side has no successful call.
void PrintRatios(std::ostream& out, const char* what, const PhaseStats& grpc,
                 const PhaseStats& direct);

// "echo <what>: N ops/s; combined limit 1/(1/echo + 1/direct): L ops/s; gRPC/limit: 0.xx
// (goal >= 0.85)": what a client, a bare gRPC server and the database sharing these cores
// can reach, and how much of it the real service gets.
void PrintCombinedLimit(std::ostream& out, const char* what, const PhaseStats& grpc,
                        const PhaseStats& direct, const PhaseStats& echo);

// The median of `values` (an even count's: the mean of the middle two); 0 when empty.
double Median(std::vector<double> values);

// One round of back-to-back Get phases (RunBenchmark's get_rounds).
struct GetRound {
  PhaseStats echo;
  PhaseStats direct;
  PhaseStats grpc;
};

// A line per round (echo, direct, their combined limit, gRPC and gRPC/limit), then the
// median, lowest and highest gRPC/limit over the rounds.
void PrintGetRounds(std::ostream& out, const std::vector<GetRound>& rounds);

}  // namespace sales::loadgen
