// Wraps every RPC handler: derives the deadline from the incoming call, runs the handler,
// maps its absl::Status to grpc::Status, logs one JSON line (method, request id, status,
// latency; queued for the log's writer thread, see log::WriteAsync) and records metrics.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/metrics.h"

namespace sales {

class RpcObserver final {
 public:
  // Calls without a deadline get `default_deadline`; a caller's own deadline holds, also a
  // longer one. Every outgoing call and database wait is bounded by the result.
  RpcObserver(Metrics& metrics, absl::Duration default_deadline);

  // Until called, every call is refused with UNAVAILABLE: the schema may not exist yet, and
  // a caller should retry rather than see INTERNAL. RunServer calls it after migrations.
  void MarkReady() { ready_ = true; }
  // Calls currently inside a handler (streams included).
  int in_flight() const { return in_flight_.load(); }

  // The two halves of Observe, for a call served on the callback API whose handler answers
  // later on another thread: Begin when it arrives (it counts as in flight), End exactly once
  // with its outcome (the log line and metrics). `ready` false (before migrations): do not
  // run the handler; End answers UNAVAILABLE whatever status it is given.
  struct CallbackCall {
    absl::Time start;
    absl::Time deadline;
    bool ready = false;
  };
  CallbackCall Begin(const grpc::ServerContextBase* context);
  grpc::Status End(std::string_view method, std::string_view request_id, absl::Status status,
                   const CallbackCall& call);

  grpc::Status Observe(grpc::ServerContext* context, std::string_view method,
                       std::string_view request_id,
                       absl::FunctionRef<absl::Status(absl::Time deadline)> handler);

  // Observe for a handler returning absl::StatusOr<Response>: the answer is copied into
  // `response`.
  template <typename Response, typename Handler>
  grpc::Status Serve(grpc::ServerContext* context, std::string_view method,
                     std::string_view request_id, Response* response, Handler handler) {
    return Observe(context, method, request_id, [&](absl::Time deadline) -> absl::Status {
      absl::StatusOr<Response> result = handler(deadline);
      if (!result.ok()) return result.status();
      *response = std::move(result).value();
      return absl::OkStatus();
    });
  }

 private:
  absl::Time DeadlineOf(const grpc::ServerContextBase* context, absl::Time start) const;

  Metrics& metrics_;
  const absl::Duration default_deadline_;
  std::atomic<bool> ready_{false};
  std::atomic<int> in_flight_{0};
};

}  // namespace sales
