// The demo's connections to the services: the generated stubs of customers and orders, a
// deadline per call, a bounded retry of calls that carry a request_id (safe to send again),
// and a small worker pool for concurrent calls.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "sales/orders/v1/orders_service.grpc.pb.h"

namespace sales::demo {

struct Clients {
  std::unique_ptr<sales::customers::v1::CustomersService::Stub> customers;
  std::unique_ptr<sales::orders::v1::OrdersService::Stub> orders;

  // Stubs on channels to "host:port" addresses.
  static Clients Connect(const std::string& customers_address, const std::string& orders_address);
};

// A context with a deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> CallContext(
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Runs `call(context)` until it is not UNAVAILABLE or ABORTED (a service restarting, a
// deadlock retried out): at most 6 attempts, 0.2 s to 3 s apart. Only for calls whose
// request carries a request_id, so that a second delivery changes nothing.
grpc::Status CallWithRetry(const std::function<grpc::Status(grpc::ClientContext*)>& call);

// "what failed: CODE: message", for the demo's error report.
absl::Status FromGrpc(const std::string& what, const grpc::Status& status);

// Calls fn(i) for i in [0, n) on `workers` threads; the first error stops the rest and is
// returned (the items already done stay done: every call is idempotent).
absl::Status ParallelFor(size_t n, int workers, const std::function<absl::Status(size_t)>& fn);

}  // namespace sales::demo
