#include "tools/loadgen/direct_driver.h"

#include <random>
#include <thread>

#include "absl/time/clock.h"
#include "common/absl_compat.h"

namespace sales::loadgen {
namespace {

// The same per-call deadline the gRPC driver sets.
constexpr absl::Duration kCallTimeout = absl::Seconds(5);

struct Worker {
  explicit Worker(MeasureWindow window) : recorder(window) {}
  LatencyRecorder recorder;
  std::vector<std::string> created;
};

void RunWorker(customers::api::CustomerHandlers& handlers, Operation operation, Workload& workload,
               uint64_t seed, Worker& worker) {
  std::mt19937_64 rng(seed);
  while (!worker.recorder.Expired(Clock::now())) {
    absl::StatusOr<v1::Customer> result;
    Clock::time_point started;
    if (operation == Operation::kGet) {
      const v1::GetCustomerRequest req = workload.RandomGet(rng);
      started = Clock::now();
      result = handlers.Get(req, absl::Now() + kCallTimeout);
    } else {
      const v1::CreateCustomerRequest req =
          workload.NextCreate(operation == Operation::kCreateWithRequestId);
      started = Clock::now();
      result = handlers.Create(req, absl::Now() + kCallTimeout);
    }
    const Clock::time_point finished = Clock::now();
    if (result.ok()) {
      worker.recorder.RecordOk(started, finished);
      if (operation != Operation::kGet) worker.created.push_back(result->name());
    } else {
      worker.recorder.RecordError(finished, static_cast<int>(result.status().code()),
                                  ToStd(result.status().message()));
    }
  }
}

}  // namespace

PhaseOutcome DirectDriver::Run(const PhaseSpec& spec, Workload& workload) {
  const MeasureWindow window = spec.WindowFrom(Clock::now());
  std::vector<Worker> workers(static_cast<size_t>(spec.concurrency), Worker(window));
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < workers.size(); ++i) {
      threads.emplace_back(RunWorker, std::ref(handlers_), spec.operation, std::ref(workload),
                           static_cast<uint64_t>(i) + 1, std::ref(workers[i]));
    }
  }  // jthreads join here

  PhaseOutcome outcome;
  std::vector<const LatencyRecorder*> recorders;
  for (Worker& worker : workers) {
    recorders.push_back(&worker.recorder);
    outcome.created.insert(outcome.created.end(), worker.created.begin(), worker.created.end());
  }
  outcome.stats = Summarize(spec.name, recorders, window.stop - window.start);
  return outcome;
}

}  // namespace sales::loadgen
