#include "common/server/rpc_observer.h"

#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "common/absl_compat.h"
#include "common/server/log.h"
#include "common/status.h"

namespace sales {
namespace {

// Codes that mean the server failed, not the caller: logged as errors.
bool IsServerFault(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

// Runs the handler; an exception escaping it (a bug) becomes INTERNAL instead of
// terminating the process.
absl::Status RunHandler(absl::FunctionRef<absl::Status(absl::Time)> handler, absl::Time deadline) {
  try {
    return handler(deadline);
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("uncaught exception: ", e.what()));
  } catch (...) {
    return absl::InternalError("uncaught non-standard exception");
  }
}

}  // namespace

namespace {
// A client deadline further away than this is taken for "none" (gRPC's infinite future).
constexpr absl::Duration kNoDeadlineAfter = absl::Hours(24 * 365);
constexpr char kNotReady[] = "service is starting: schema migrations not applied yet";
}  // namespace

RpcObserver::RpcObserver(Metrics& metrics, absl::Duration default_deadline)
    : metrics_(metrics), default_deadline_(default_deadline) {}

absl::Time RpcObserver::DeadlineOf(const grpc::ServerContextBase* context, absl::Time start) const {
  // A caller's own deadline holds, also a longer one than the default (a long import
  // stream); only a call without one gets the default. Compared as chrono time points: gRPC
  // reports "no deadline" as a far-future value that need not survive a conversion.
  auto deadline_tp = absl::ToChronoTime(start + default_deadline_);
  if (context != nullptr && context->deadline() < absl::ToChronoTime(start + kNoDeadlineAfter)) {
    deadline_tp = context->deadline();
  }
  return absl::FromChrono(deadline_tp);
}

RpcObserver::CallbackCall RpcObserver::Begin(const grpc::ServerContextBase* context) {
  ++in_flight_;
  const absl::Time start = absl::Now();
  return {start, DeadlineOf(context, start), ready_.load()};
}

grpc::Status RpcObserver::End(std::string_view method, std::string_view request_id,
                              absl::Status status, const CallbackCall& call) {
  if (!call.ready) status = absl::UnavailableError(kNotReady);
  const absl::Duration latency = absl::Now() - call.start;
  // Formatted here into one buffer (log::Fields, no JSON tree); the line is written by the
  // log's writer thread. A server fault waits until its line is out, so it survives a crash
  // that may follow.
  log::Fields fields;
  fields.Add("method", method);
  if (!request_id.empty()) fields.Add("request_id", request_id);
  fields.Add("code", StatusCodeName(status.code()));
  fields.AddMillis("latency_ms", latency);
  // The original message, also for INTERNAL: the caller only sees a generic text.
  if (!status.ok()) fields.Add("error", ToStd(status.message()));
  if (IsServerFault(status.code())) {
    log::WriteFields("error", "rpc", std::move(fields));
  } else {
    log::WriteFieldsAsync("info", "rpc", std::move(fields));
  }
  metrics_.RecordRpc(method, status.code(), latency);
  --in_flight_;
  return ToGrpcStatus(status);
}

grpc::Status RpcObserver::Observe(grpc::ServerContext* context, std::string_view method,
                                  std::string_view request_id,
                                  absl::FunctionRef<absl::Status(absl::Time deadline)> handler) {
  const CallbackCall call = Begin(context);
  // Not ready: End answers UNAVAILABLE whatever it is given.
  return End(method, request_id, call.ready ? RunHandler(handler, call.deadline) : absl::OkStatus(),
             call);
}

}  // namespace sales
