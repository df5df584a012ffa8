#include "common/server/rpc_observer.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <string>
#include <utility>

#include "absl/time/clock.h"
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
}  // namespace

RpcObserver::RpcObserver(Metrics& metrics, absl::Duration default_deadline)
    : metrics_(metrics), default_deadline_(default_deadline) {}

grpc::Status RpcObserver::Observe(grpc::ServerContext* context, std::string_view method,
                                  std::string_view request_id,
                                  absl::FunctionRef<absl::Status(absl::Time deadline)> handler) {
  const absl::Time start = absl::Now();
  // A caller's own deadline holds, also a longer one than the default (a long import
  // stream); only a call without one gets the default. Compared as chrono time points: gRPC
  // reports "no deadline" as a far-future value that need not survive a conversion.
  auto deadline_tp = absl::ToChronoTime(start + default_deadline_);
  if (context != nullptr && context->deadline() < absl::ToChronoTime(start + kNoDeadlineAfter)) {
    deadline_tp = context->deadline();
  }
  const absl::Time deadline = absl::FromChrono(deadline_tp);

  ++in_flight_;
  const absl::Status status =
      ready_ ? RunHandler(handler, deadline)
             : absl::UnavailableError("service is starting: schema migrations not applied yet");
  const absl::Duration latency = absl::Now() - start;
  const std::string code = absl::StatusCodeToString(status.code());

  nlohmann::json fields = {{"method", method}};
  if (!request_id.empty()) fields["request_id"] = request_id;
  fields["code"] = code;
  fields["latency_ms"] = std::round(absl::ToDoubleMilliseconds(latency) * 1000) / 1000;
  // The original message, also for INTERNAL: the caller only sees a generic text.
  if (!status.ok()) fields["error"] = status.message();
  // The line is formatted and written by the log's writer thread; a server fault waits
  // until its line is out, so it survives a crash that may follow.
  if (IsServerFault(status.code())) {
    log::Write("error", "rpc", fields);
  } else {
    log::WriteAsync("info", "rpc", std::move(fields));
  }
  metrics_.RecordRpc(method, code, latency);
  --in_flight_;
  return ToGrpcStatus(status);
}

}  // namespace sales
