// Drives CustomersService over gRPC with the callback API: each of the phase's callers is
// a chain of unary calls (the next starts in the completion of the previous), and the
// chains are spread over a few channels, each with its own TCP connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.grpc.pb.h"
#include "tools/loadgen/phase.h"

namespace sales::loadgen {

class GrpcDriver final {
 public:
  GrpcDriver(const std::string& target, int channels);

  // Waits until every channel is connected and the server's health reports
  // CustomersService SERVING (migrations done, database up); UNAVAILABLE otherwise.
  absl::Status WaitUntilReady(absl::Duration timeout);

  // Runs one phase to its end, in-flight calls drained.
  PhaseOutcome Run(const PhaseSpec& spec, Workload& workload);

 private:
  const std::string target_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<v1::CustomersService::Stub>> stubs_;
};

}  // namespace sales::loadgen
