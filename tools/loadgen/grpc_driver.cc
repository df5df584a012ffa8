#include "tools/loadgen/grpc_driver.h"

#include <latch>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
// Debian ships no client side of grpc.health.v1; third_party/ generates it.
#include "grpc/health/v1/health.grpc.pb.h"

namespace sales::loadgen {
namespace {

// Every call's deadline: long enough that only a stuck server hits it.
constexpr auto kCallTimeout = std::chrono::seconds(5);
constexpr auto kProbeTimeout = std::chrono::seconds(1);
constexpr absl::Duration kProbeInterval = absl::Milliseconds(100);

// One caller: a chain of calls, one outstanding at a time. Its callbacks therefore never
// run concurrently, so it records into its own LatencyRecorder without a lock.
class CallChain final {
 public:
  CallChain(v1::CustomersService::Stub* stub, const PhaseSpec& spec, MeasureWindow window,
            Workload& workload, uint64_t seed, std::latch* done)
      : stub_(stub),
        operation_(spec.operation),
        workload_(workload),
        rng_(seed),
        recorder_(window),
        done_(done) {}

  // Starts the next call, or ends the chain once the phase is over.
  void Next() {
    if (recorder_.Expired(Clock::now())) {
      done_->count_down();  // last touch of this object by the chain
      return;
    }
    // A ClientContext serves one call only.
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    auto on_done = [this](grpc::Status status) { Finish(status); };
    if (operation_ == Operation::kGet) {
      get_request_ = workload_.RandomGet(rng_);
      started_ = Clock::now();
      stub_->async()->GetCustomer(context_.get(), &get_request_, &response_, std::move(on_done));
    } else {
      create_request_ = workload_.NextCreate(operation_ == Operation::kCreateWithRequestId);
      started_ = Clock::now();
      stub_->async()->CreateCustomer(context_.get(), &create_request_, &response_,
                                     std::move(on_done));
    }
  }

  const LatencyRecorder& recorder() const { return recorder_; }
  std::vector<std::string>& created() { return created_; }

 private:
  void Finish(const grpc::Status& status) {
    const Clock::time_point finished = Clock::now();
    if (status.ok()) {
      recorder_.RecordOk(started_, finished);
      if (operation_ != Operation::kGet) created_.push_back(response_.name());
    } else {
      recorder_.RecordError(finished, status.error_code(), status.error_message());
    }
    Next();
  }

  v1::CustomersService::Stub* const stub_;
  const Operation operation_;
  Workload& workload_;
  std::mt19937_64 rng_;
  LatencyRecorder recorder_;
  std::latch* const done_;
  std::unique_ptr<grpc::ClientContext> context_;
  v1::CreateCustomerRequest create_request_;
  v1::GetCustomerRequest get_request_;
  v1::Customer response_;
  Clock::time_point started_;
  std::vector<std::string> created_;
};

}  // namespace

GrpcDriver::GrpcDriver(const std::string& target, int channels) : target_(target) {
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    // Channels with equal arguments would share one subchannel, hence one TCP connection.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels_.push_back(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
    stubs_.push_back(v1::CustomersService::NewStub(channels_.back()));
  }
}

absl::Status GrpcDriver::WaitUntilReady(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (const auto& channel : channels_) {
    if (!channel->WaitForConnected(absl::ToChronoTime(deadline))) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to ", target_, " within ", absl::FormatDuration(timeout)));
    }
  }
  // Until migrations are done the server answers calls but fails them; health says when.
  auto health = grpc::health::v1::Health::NewStub(channels_.front());
  grpc::health::v1::HealthCheckRequest probe;
  probe.set_service(std::string(v1::CustomersService::service_full_name()));
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kProbeTimeout);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, probe, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = status.ok()
               ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
               : status.error_message();
    absl::SleepFor(kProbeInterval);
  }
  return absl::UnavailableError(absl::StrCat(target_, " is not SERVING ", probe.service(),
                                             " after ", absl::FormatDuration(timeout),
                                             " (last: ", last, ")"));
}

PhaseOutcome GrpcDriver::Run(const PhaseSpec& spec, Workload& workload) {
  std::latch done(spec.concurrency);
  const MeasureWindow window = spec.WindowFrom(Clock::now());
  std::vector<std::unique_ptr<CallChain>> chains;
  chains.reserve(static_cast<size_t>(spec.concurrency));
  for (int i = 0; i < spec.concurrency; ++i) {
    chains.push_back(
        std::make_unique<CallChain>(stubs_[static_cast<size_t>(i) % stubs_.size()].get(), spec,
                                    window, workload, static_cast<uint64_t>(i) + 1, &done));
  }
  for (auto& chain : chains) chain->Next();
  done.wait();

  PhaseOutcome outcome;
  std::vector<const LatencyRecorder*> recorders;
  for (auto& chain : chains) {
    recorders.push_back(&chain->recorder());
    outcome.created.insert(outcome.created.end(), chain->created().begin(), chain->created().end());
  }
  outcome.stats = Summarize(spec.name, recorders, window.stop - window.start);
  return outcome;
}

}  // namespace sales::loadgen
